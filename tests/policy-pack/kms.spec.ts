// KMS policies: rotation, full control only for the account root, service principals bound to their source.
import { RecordedResource } from "../../offline/mocks";
import {
    add,
    assertClean,
    assertNotApplicable,
    assertReports,
    check,
    compliantStack,
    doc,
    editDoc,
    mutate,
    resource,
} from "./fixtures";

const KEY = "aws:kms/key:Key";
const WHO = 'Key "sentinel-logs-key"';

let base: RecordedResource[];
before(async () => {
    base = await compliantStack();
});

function keyPolicy(change: (statements: any[]) => void): RecordedResource[] {
    return mutate(base, KEY, "sentinel-logs-key", (p) =>
        editDoc(p, "policy", (d) => change(d.Statement)),
    );
}

describe("kms-key-rotation-enabled", () => {
    const name = "kms-key-rotation-enabled";

    it("passes the component's keys", async () => assertClean(await check(base), name));

    it("requires rotation of symmetric keys", async () => {
        assertReports(
            await check(
                mutate(base, KEY, "sentinel-logs-key", (p) => (p.enableKeyRotation = false)),
            ),
            name,
            [`${WHO} must have enableKeyRotation true, not false.`],
        );
        assertReports(
            await check(mutate(base, KEY, "sentinel-logs-key", (p) => delete p.enableKeyRotation)),
            name,
            [`${WHO} must have enableKeyRotation true, not "unset".`],
        );
    });

    it("does not apply to keys that cannot rotate", async () => {
        const signing = resource(KEY, "signing", {
            customerMasterKeySpec: "RSA_2048",
            keyUsage: "SIGN_VERIFY",
        });
        assertNotApplicable(
            await check(add(base, signing)),
            name,
            "Automatic rotation exists only for symmetric encryption keys",
            signing.urn,
        );
    });
});

describe("kms-key-policy-no-wildcard-grants", () => {
    const name = "kms-key-policy-no-wildcard-grants";

    it("passes kms:* for the account root only", async () => assertClean(await check(base), name));

    it("rejects kms:* for anyone else, and grants to everyone", async () => {
        const report = await check(
            keyPolicy((s) => {
                s[0].Principal.AWS = [
                    "arn:aws:iam::123456789012:root",
                    "arn:aws:iam::123456789012:role/admin",
                ];
                s.push({ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" });
            }),
        );
        assertReports(report, name, [
            `${WHO} statement "AccountRootAdministersKey" must not give ["arn:aws:iam::123456789012:role/admin"] full control (["kms:*"]); only the account root may have kms:*`,
            `${WHO} statement #8 must not allow every principal ("*") ["kms:Decrypt"]; grant named principals only.`,
        ]);
    });

    it("accepts everyone bound to the account through a service", async () => {
        const bound = {
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: {
                StringEquals: {
                    "kms:CallerAccount": "123456789012",
                    "kms:ViaService": "s3.us-east-1.amazonaws.com",
                },
            },
        };
        assertClean(await check(keyPolicy((s) => s.push(bound))), name);
    });

    it("reads KeyPolicy resources, and leaves the default key policy alone", async () => {
        const kp = resource("aws:kms/keyPolicy:KeyPolicy", "kp", {
            keyId: "k",
            policy: doc({
                Effect: "Allow",
                Principal: { Service: "logs.amazonaws.com" },
                Action: "kms:*",
                Resource: "*",
            }),
        });
        const bare = resource(KEY, "bare", { enableKeyRotation: true });
        const report = await check(add(base, kp, bare));
        assertReports(report, name, [
            'KeyPolicy "kp" statement #1 must not give ["logs.amazonaws.com"] full control',
        ]);
        assertNotApplicable(report, name, "The key uses the default key policy", bare.urn);
    });
});

describe("kms-key-policy-service-source-conditions", () => {
    const name = "kms-key-policy-service-source-conditions";

    it("passes the component's key policies", async () => assertClean(await check(base), name));

    it("rejects a service principal without a source condition", async () => {
        const report = await check(keyPolicy((s) => delete s[5].Condition));
        assertReports(report, name, [
            `${WHO} statement "GuardDutyEncryptsFindings" must condition the service principal ["guardduty.amazonaws.com"] on aws:SourceAccount, an aws:SourceArn or encryption context naming the account, or kms:ViaService (aws:SourceOrgID only for writers shown to send it: delivery.logs.amazonaws.com)`,
        ]);
    });

    it("does not apply to a key policy without service principals", async () => {
        const kp = resource("aws:kms/keyPolicy:KeyPolicy", "kp", {
            keyId: "k",
            policy: doc({
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::123456789012:root" },
                Action: "kms:*",
                Resource: "*",
            }),
        });
        assertNotApplicable(
            await check(add(base, kp)),
            name,
            "No statement allows an AWS service principal.",
            kp.urn,
        );
    });

    it("accepts the encryption context as the binding", async () => {
        const stmt = {
            Effect: "Allow",
            Principal: { Service: "logs.us-east-1.amazonaws.com" },
            Action: "kms:Encrypt*",
            Resource: "*",
            Condition: {
                ArnLike: {
                    "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:123456789012:*",
                },
            },
        };
        assertClean(await check(keyPolicy((s) => s.push(stmt))), name);
    });
});
