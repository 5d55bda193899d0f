// S3 policies: the settings of every bucket the stack creates, and who a bucket lets in.
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
    find,
    mutate,
    resource,
    without,
} from "./fixtures";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const WHO = 'Bucket "sentinel-logs"';

let base: RecordedResource[];
let bucketName: string;
before(async () => {
    base = await compliantStack();
    bucketName = find(base, BUCKET, "sentinel-logs").state.bucket;
});

function bucketPolicy(change: (document: { Statement: any[] }) => void): RecordedResource[] {
    return mutate(base, BUCKET_POLICY, "sentinel-logs-policy", (p) => editDoc(p, "policy", change));
}

describe("s3-bucket-public-access-block", () => {
    const name = "s3-bucket-public-access-block";
    const pab = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";

    it("passes the component's bucket", async () => assertClean(await check(base), name));

    it("requires a public access block with all four settings true", async () => {
        assertReports(await check(without(base, pab, "sentinel-logs-public-access")), name, [
            `${WHO} must have a BucketPublicAccessBlock with all four settings true.`,
        ]);
        const report = await check(
            mutate(
                base,
                pab,
                "sentinel-logs-public-access",
                (p) => ((p.ignorePublicAcls = false), delete p.restrictPublicBuckets),
            ),
        );
        assertReports(report, name, [
            `${WHO} must have ignorePublicAcls true in BucketPublicAccessBlock "sentinel-logs-public-access", not false.`,
            'must have restrictPublicBuckets true in BucketPublicAccessBlock "sentinel-logs-public-access", not "unset".',
        ]);
    });

    it("accepts the account-wide block", async () => {
        const account = resource(
            "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
            "account",
            {
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
        );
        assertClean(
            await check(add(without(base, pab, "sentinel-logs-public-access"), account)),
            name,
        );
    });

    it("does not apply to a stack that creates no bucket", async () => {
        assertNotApplicable(
            await check(without(base, BUCKET, "sentinel-logs")),
            name,
            "The stack creates no S3 bucket",
        );
    });
});

describe("s3-bucket-encryption", () => {
    const name = "s3-bucket-encryption";
    const sse =
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";

    it("passes the component's SSE-KMS", async () => assertClean(await check(base), name));

    it("requires a default encryption with a known algorithm", async () => {
        assertReports(await check(without(base, sse, "sentinel-logs-encryption")), name, [
            `${WHO} must have a default encryption configuration (SSE-KMS or SSE-S3).`,
        ]);
        const bogus = mutate(
            base,
            sse,
            "sentinel-logs-encryption",
            (p) => (p.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm = "none"),
        );
        assertReports(await check(bogus), name, [
            `${WHO} must use the default encryption algorithm aws:kms, aws:kms:dsse or AES256, not ["none"].`,
        ]);
    });

    it("reads the inline settings of the V2 bucket", async () => {
        const v2 = resource("aws:s3/bucketV2:BucketV2", "legacy-bucket", {
            bucket: "legacy-bucket",
            serverSideEncryptionConfigurations: [
                { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
            ],
        });
        const report = await check(add(base, v2));
        assertClean(report, name);
    });
});

describe("s3-bucket-ownership-enforced", () => {
    const name = "s3-bucket-ownership-enforced";
    const controls = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";

    it("passes BucketOwnerEnforced", async () => assertClean(await check(base), name));

    it("requires BucketOwnerEnforced", async () => {
        assertReports(await check(without(base, controls, "sentinel-logs-ownership")), name, [
            `${WHO} must have BucketOwnershipControls with objectOwnership BucketOwnerEnforced.`,
        ]);
        const writer = mutate(
            base,
            controls,
            "sentinel-logs-ownership",
            (p) => (p.rule.objectOwnership = "ObjectWriter"),
        );
        assertReports(await check(writer), name, [
            `${WHO} must have objectOwnership "BucketOwnerEnforced", not "ObjectWriter".`,
        ]);
    });
});

describe("s3-bucket-versioning", () => {
    const name = "s3-bucket-versioning";
    const versioning = "aws:s3/bucketVersioning:BucketVersioning";

    it("passes enabled versioning", async () => assertClean(await check(base), name));

    it("requires versioning enabled", async () => {
        assertReports(await check(without(base, versioning, "sentinel-logs-versioning")), name, [
            `${WHO} must have versioning enabled.`,
        ]);
        const suspended = mutate(
            base,
            versioning,
            "sentinel-logs-versioning",
            (p) => (p.versioningConfiguration.status = "Suspended"),
        );
        assertReports(await check(suspended), name, [
            `${WHO} must have versioning "Enabled", not ["Suspended"].`,
        ]);
    });

    it("reads the bucket's inline versioning", async () => {
        const inline = mutate(
            without(base, versioning, "sentinel-logs-versioning"),
            BUCKET,
            "sentinel-logs",
            (p) => (p.versioning = { enabled: true }),
        );
        assertClean(await check(inline), name);
    });
});

describe("s3-bucket-policy-tls-only", () => {
    const name = "s3-bucket-policy-tls-only";
    const expected = `${WHO} must have a bucket policy statement denying "s3:*" to everyone on the bucket and its objects when "aws:SecureTransport" is "false".`;

    it("passes the component's bucket policy", async () => assertClean(await check(base), name));

    it("requires the deny, on the bucket and its objects", async () => {
        assertReports(await check(bucketPolicy((d) => d.Statement.shift())), name, [expected]);
        assertReports(
            await check(
                bucketPolicy((d) => (d.Statement[0].Resource = `arn:aws:s3:::${bucketName}/*`)),
            ),
            name,
            [expected],
        );
        assertReports(await check(without(base, BUCKET_POLICY, "sentinel-logs-policy")), name, [
            `${WHO} must have a bucket policy that denies requests without TLS.`,
        ]);
    });

    it("accepts the deny on every resource, or split over statements", async () => {
        assertClean(await check(bucketPolicy((d) => (d.Statement[0].Resource = "*"))), name);
        const split = bucketPolicy((d) => {
            d.Statement[0].Resource = `arn:aws:s3:::${bucketName}`;
            d.Statement.push({
                ...d.Statement[0],
                Sid: "DenyInsecureObjects",
                Resource: `arn:aws:s3:::${bucketName}/*`,
            });
        });
        assertClean(await check(split), name);
    });
});

describe("s3-bucket-access-logging", () => {
    const name = "s3-bucket-access-logging";

    it("advises on a bucket without access logs", async () => {
        assertReports(
            await check(base),
            name,
            [`${WHO} must have server access logging to another bucket.`],
            "advisory",
        );
    });

    it("passes a logged bucket and exempts the bucket that receives the logs", async () => {
        const logs = resource(BUCKET, "access-logs", { bucket: "access-logs-bucket" });
        const logging = resource("aws:s3/bucketLogging:BucketLogging", "logging", {
            bucket: bucketName,
            targetBucket: "access-logs-bucket",
            targetPrefix: "logs/",
        });
        assertClean(await check(add(base, logs, logging)), name);
    });

    it("advises that a bucket writing its access logs into itself is not logged, and why", async () => {
        // S3 User Guide, "Enabling Amazon S3 server access logging": logging into the source
        // bucket itself causes an infinite loop of logs.
        const logging = resource("aws:s3/bucketLogging:BucketLogging", "self-logging", {
            bucket: bucketName,
            targetBucket: bucketName,
            targetPrefix: "access/",
        });
        assertReports(
            await check(add(base, logging)),
            name,
            [
                `${WHO} writes its server access logs into itself, so it is not logged: each log delivery writes objects that are logged again, an endless loop AWS advises against; send them to a separate access-log bucket.`,
            ],
            "advisory",
        );
    });
});

describe("s3-bucket-lifecycle", () => {
    const name = "s3-bucket-lifecycle";
    const lifecycle = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";

    it("passes the component's expiry rule", async () => assertClean(await check(base), name));

    it("advises on a bucket without an enabled rule", async () => {
        assertReports(
            await check(without(base, lifecycle, "sentinel-logs-lifecycle")),
            name,
            [`${WHO} must have an enabled lifecycle rule.`],
            "advisory",
        );
        assertReports(
            await check(
                mutate(
                    base,
                    lifecycle,
                    "sentinel-logs-lifecycle",
                    (p) => (p.rules[0].status = "Disabled"),
                ),
            ),
            name,
            ["must have an enabled lifecycle rule"],
            "advisory",
        );
    });
});

describe("s3-bucket-no-public-access", () => {
    const name = "s3-bucket-no-public-access";

    it("passes the component's bucket policy", async () => assertClean(await check(base), name));

    it("rejects a policy open to everyone", async () => {
        const report = await check(
            bucketPolicy((d) =>
                d.Statement.push({
                    Effect: "Allow",
                    Principal: { AWS: ["*"] },
                    Action: "s3:GetObject",
                    Resource: "*",
                }),
            ),
        );
        assertReports(report, name, [
            'BucketPolicy "sentinel-logs-policy" statement #8 must not allow every principal ("*") ["s3:GetObject"] without a condition on the source or caller.',
        ]);
    });

    it("accepts everyone bound to a VPC endpoint", async () => {
        const bound = {
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
        };
        assertClean(await check(bucketPolicy((d) => d.Statement.push(bound))), name);
    });

    it("rejects public ACLs and grants", async () => {
        const acl = resource("aws:s3/bucketAclV2:BucketAclV2", "acl", {
            bucket: bucketName,
            accessControlPolicy: {
                owner: { id: "owner" },
                grants: [
                    {
                        permission: "READ",
                        grantee: {
                            type: "Group",
                            uri: "http://acs.amazonaws.com/groups/global/AllUsers",
                        },
                    },
                ],
            },
        });
        const stack = add(
            mutate(base, BUCKET, "sentinel-logs", (p) => (p.acl = "authenticated-read")),
            acl,
        );
        assertReports(await check(stack), name, [
            `${WHO} must not use the canned ACL "authenticated-read", which opens it to every AWS account.`,
            'BucketAclV2 "acl" must not grant access to the ACL group "http://acs.amazonaws.com/groups/global/AllUsers".',
        ]);
    });

    it("does not apply to a bucket without policy, ACL or grants", async () => {
        assertNotApplicable(
            await check(base),
            name,
            "The resource sets no policy, ACL or grant.",
            find(base, BUCKET, "sentinel-logs").urn,
        );
    });
});

describe("s3-bucket-policy-service-source-conditions", () => {
    const name = "s3-bucket-policy-service-source-conditions";

    it("passes the component's writer statements", async () =>
        assertClean(await check(base), name));

    it("rejects a service principal without a source condition", async () => {
        const report = await check(bucketPolicy((d) => delete d.Statement[1].Condition));
        assertReports(report, name, [
            'BucketPolicy "sentinel-logs-policy" statement "CloudTrailAclCheck" must condition the service principal ["cloudtrail.amazonaws.com"] on aws:SourceAccount or an aws:SourceArn naming the account (aws:SourceOrgID only for writers shown to send it: delivery.logs.amazonaws.com)',
        ]);
    });

    it("does not apply to a policy without service principals", async () => {
        const stack = bucketPolicy((d) => (d.Statement = [d.Statement[0]]));
        assertNotApplicable(
            await check(stack),
            name,
            "No statement allows an AWS service principal.",
            find(base, BUCKET_POLICY, "sentinel-logs-policy").urn,
        );
    });

    it("reads a bucket's inline policy", async () => {
        const v2 = resource("aws:s3/bucketV2:BucketV2", "inline", {
            bucket: "inline-bucket",
            policy: doc({
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: "arn:aws:s3:::inline-bucket/*",
            }),
        });
        assertReports(await check(add(base, v2)), name, [
            'BucketV2 "inline" statement #1 must condition the service principal ["delivery.logs.amazonaws.com"]',
        ]);
    });
});
