// The pack at a preview, through the offline engine run the way `pulumi preview` runs a new stack:
// invokes answered, inputs through the provider's Check (autonames, JSON policy documents), every
// value the cloud computes unknown. What the pack decides there, and what it says it could not.
import * as assert from "assert";
import { isUnknown, unknown } from "@pulumi/pulumi/output";
import { RecordedResource, runOffline } from "../../offline/mocks";
import { ACCOUNT, check, find, resource, sentinelTrust } from "./fixtures";

const SENTINEL_TRUST = sentinelTrust();

const TRUST = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Service: "lambda.amazonaws.com" },
            Action: "sts:AssumeRole",
        },
    ],
};

/** A role named with the Sentinel prefix and a role policy, as one program builds them. */
function widenedRoleStack(policy: (keyArn: unknown) => unknown) {
    return runOffline(
        async () => {
            const aws = await import("@pulumi/aws");
            const key = new aws.kms.Key("logs-key", { enableKeyRotation: true });
            const role = new aws.iam.Role("reader", {
                namePrefix: "OIDC_Reader-",
                assumeRolePolicy: JSON.stringify(SENTINEL_TRUST),
            });
            new aws.iam.RolePolicy("reader-policy", {
                role: role.name,
                policy: policy(key.arn) as never,
            });
        },
        { preview: true },
    ).then((run) => run.resources);
}

const WIDENED = (keyArn: unknown) => ({
    Version: "2012-10-17",
    Statement: [
        { Sid: "Decrypt", Effect: "Allow", Action: "kms:Decrypt", Resource: [keyArn] },
        { Sid: "Everything", Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::logs/*" },
    ],
});

describe("The offline engine as a preview", () => {
    let resources: RecordedResource[];
    before(async () => {
        resources = (
            await runOffline(
                async () => {
                    const aws = await import("@pulumi/aws");
                    const bucket = new aws.s3.Bucket("logs", {});
                    new aws.sqs.Queue("queue", {});
                    const role = new aws.iam.Role("role", {
                        namePrefix: "OIDC_Role-",
                        assumeRolePolicy: TRUST as never,
                    });
                    new aws.iam.RolePolicy("policy", {
                        role: role.name,
                        policy: {
                            Version: "2012-10-17",
                            Statement: [
                                { Effect: "Allow", Action: "s3:GetObject", Resource: bucket.arn },
                            ],
                        } as never,
                    });
                },
                { preview: true },
            )
        ).resources;
    });

    it("knows autonames after Check, but not names the cloud derives from a prefix", () => {
        const bucket = find(resources, "aws:s3/bucket:Bucket", "logs");
        assert.strictEqual(bucket.inputs.bucket, "logs-xxxxxxx");
        assert.strictEqual(
            find(resources, "aws:sqs/queue:Queue", "queue").state.name,
            "queue-xxxxxxx",
        );
        const role = find(resources, "aws:iam/role:Role", "role");
        assert.strictEqual(role.inputs.name, undefined);
        assert.ok(isUnknown(role.state.name), "a namePrefix name is computed at create");
    });

    it("leaves what the cloud computes unknown: IDs, ARNs, URLs", () => {
        const bucket = find(resources, "aws:s3/bucket:Bucket", "logs");
        assert.ok(isUnknown(bucket.state.arn));
        assert.strictEqual(bucket.id, "");
        assert.ok(isUnknown(find(resources, "aws:sqs/queue:Queue", "queue").state.url));
    });

    it("turns a policy document object into JSON, or into one unknown string when part of it is unknown", () => {
        // pulumi-aws maps these properties with the bridge's TransformJSONDocument.
        const role = find(resources, "aws:iam/role:Role", "role");
        assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy), TRUST);
        assert.ok(
            isUnknown(find(resources, "aws:iam/rolePolicy:RolePolicy", "policy").inputs.policy),
        );
    });
});

describe("A widened Sentinel role policy at preview", () => {
    it("is caught as mandatory when the engine keeps the unknown key ARN local to its statement", async () => {
        // What the analyzer gets when a document reaches it as an object with one unknown value
        // (as from a provider that passes documents through): the wildcard is decided.
        const role = resource("aws:iam/role:Role", "reader", {
            namePrefix: "OIDC_Reader-",
            assumeRolePolicy: JSON.stringify(SENTINEL_TRUST),
        });
        const policy = resource(
            "aws:iam/rolePolicy:RolePolicy",
            "reader-policy",
            { role: unknown, policy: WIDENED(unknown) },
            { propertyDependencies: { role: [role.urn] } },
        );
        const report = await check([role, policy]);
        const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory");
        assert.deepStrictEqual(
            mandatory.map((v) => `${v.policyName}: ${v.message}`),
            [
                'iam-role-policy-no-wildcards: RolePolicy "reader-policy" statement "Everything" must not allow the wildcard action "s3:*"; list the exact actions needed.',
                'iam-sentinel-role-permissions-least-privilege: Sentinel Role "reader" (RolePolicy "reader-policy") statement "Everything" must list exact actions, not the wildcard "s3:*".',
                'iam-sentinel-role-permissions-least-privilege: Sentinel Role "reader" (RolePolicy "reader-policy") statement "Everything" must read only the connector\'s log folders with s3:GetObject, not "arn:aws:s3:::logs/*": it reaches beyond the log folders (`[<prefix>/]AWSLogs/<account, or * in an organization hub>/<CloudTrail|vpcflowlogs|GuardDuty|vpcdnsquerylogs|SecurityHubFindings|CloudFront|elasticloadbalancing>/*`).',
            ],
        );
        // The unknown key ARN left nothing undecided: an unknown Resource element is an ARN, never "*".
        assert.deepStrictEqual(
            report.violations.filter((v) => /during preview/.test(v.message)),
            [],
        );
        assert.deepStrictEqual(report.decisions.undecided, []);
    });

    it("is caught as mandatory through the real program's preview when every ARN in it is known", async () => {
        // The key named by a preview-known pattern (its account and region from invokes) instead of
        // its ARN: the document is known at Check, so the wildcard blocks `pulumi preview`.
        const report = await check(
            await widenedRoleStack(() => WIDENED(`arn:aws:kms:us-east-1:${ACCOUNT}:key/*`)),
        );
        assert.deepStrictEqual(
            report.violations
                .filter((v) => v.enforcementLevel === "mandatory")
                .map((v) => `${v.policyName} ${v.resourceName}`),
            [
                "iam-role-policy-no-wildcards reader-policy",
                "iam-sentinel-role-permissions-least-privilege reader-policy",
                "iam-sentinel-role-permissions-least-privilege reader-policy",
            ],
        );
    });

    it("is reported undecided, with why, when pulumi-aws's Check makes the whole document unknown", async () => {
        // An object document holding the key's ARN (unknown until the key exists): pulumi-aws's
        // Check turns it into one unknown string, so no rule can read it before `pulumi up`.
        const report = await check(await widenedRoleStack(WIDENED));
        assert.strictEqual(report.mandatory, 0);
        const undecided = report.decisions.undecided.map(
            (u) => `${u.policyName} ${u.resourceName ?? ""}`,
        );
        assert.ok(
            undecided.includes("iam-role-policy-no-wildcards reader-policy"),
            undecided.join("\n"),
        );
        assert.ok(
            undecided.includes("iam-sentinel-role-permissions-least-privilege "),
            undecided.join("\n"),
        );
        assert.match(
            report.decisions.undecided.find((u) => u.policyName === "iam-role-policy-no-wildcards")!
                .reasons[0],
            /^The policy document of RolePolicy "reader-policy" is not known during preview/,
        );
    });
});
