// A log type's own bucket ("a dedicated delivery bucket"), the shared piece: decided from the
// registry's `ownBucket` facts and the source's own-bucket settings, created with the log bucket's
// protection, lifecycle, access logging and (where the writer accepts it) encryption, or an
// existing one with its notifications kept; checked the same way for every such source.
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { planAwsSentinelConnection } from "../../components/aws/awsSentinelConnectionPlan";
import { validateAwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionValidation";
import { derivedBucketName, ownBucketOf } from "../../components/aws/ownBuckets";
import { LOG_TYPES } from "../../components/sources/catalog";
import { WORKSPACE_ID, deployAws, find, ofType } from "../helpers";

const WEB_ACL =
    "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/app/0f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b";
const ENCRYPTION =
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";

const both = (
    more: Partial<AwsSentinelConnectionArgs> = {},
    waf: object = {},
    access: object = {},
) =>
    ({
        workspaceId: WORKSPACE_ID,
        logTypes: {
            waf: { webAclArns: [WEB_ACL], ...waf },
            s3ServerAccessLogs: { sourceBucketNames: ["app-data"], ...access },
        },
        ...more,
    }) as AwsSentinelConnectionArgs;

const plan = (args: AwsSentinelConnectionArgs) =>
    planAwsSentinelConnection("sentinel", args, { project: "p", stack: "s", subject: "x" });

describe("A log type's own bucket", () => {
    it("is declared in the registry by WAF and S3 server access logs only", () => {
        assert.deepEqual(
            LOG_TYPES.filter((t) => ownBucketOf(t) !== undefined),
            ["waf", "s3ServerAccessLogs"],
        );
    });

    it("takes the log bucket's encryption unless its writer accepts SSE-S3 only", () => {
        const kms = plan(both()).ownBuckets;
        assert.deepEqual(
            [kms.waf?.bucket, kms.s3ServerAccessLogs?.bucket].map(
                (b) => b?.kind === "create" && b.encryption,
            ),
            ["kms", "s3"],
        );
        const s3 = plan(both({ bucketEncryption: "s3" }));
        assert.equal(
            s3.ownBuckets.waf?.bucket.kind === "create" && s3.ownBuckets.waf.bucket.encryption,
            "s3",
        );
        // A created own bucket with SSE-KMS needs the logs key even beside an existing log bucket.
        const existingLog = plan(both({ existingBucketName: "my-logs" }));
        assert.equal(existingLog.keys.logs, true);
        assert.equal(
            plan(both({ existingBucketName: "my-logs", bucketEncryption: "s3" })).keys.logs,
            false,
        );
    });

    it("logs its own access where the log bucket does, unless its writer forbids it", async () => {
        const run = await deployAws(
            both({ accessLogsBucketName: "org-access-logs", bucketEncryption: "s3" }),
        );
        assert.deepEqual(
            ofType(run.resources, LOGGING)
                .filter((l) => l.inputs.targetBucket === "org-access-logs")
                .map((l) => l.name),
            ["sentinel-logs-access-logging", "sentinel-waf-logs-access-logging"],
        );
        assert.deepEqual(
            find(run.resources, ENCRYPTION, "sentinel-waf-logs-encryption").inputs.rules,
            [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        );
    });

    it("accepts the log bucket's settings beside an existing log bucket when an own bucket is created", () => {
        assert.deepEqual(
            validateAwsSentinelConnectionArgs(
                "sentinel",
                both({
                    existingBucketName: "my-logs",
                    logExpirationDays: 90,
                    accessLogsBucketName: "org-access",
                }),
            ),
            [],
        );
        // Without a created own bucket they would do nothing, as before.
        assert.match(
            validateAwsSentinelConnectionArgs("sentinel", {
                workspaceId: WORKSPACE_ID,
                existingBucketName: "my-logs",
                logExpirationDays: 90,
                logTypes: { cloudTrail: {} },
            } as AwsSentinelConnectionArgs)[0],
            /`logExpirationDays` only applies to a bucket the component creates/,
        );
    });

    it("keeps an existing bucket's notifications, refusing overlaps and IDs the connector uses", () => {
        const problems = validateAwsSentinelConnectionArgs(
            "sentinel",
            both(
                {},
                {},
                {
                    existingBucketName: "access-logs",
                    existingBucketNotifications: {
                        queues: [
                            {
                                id: "sentinel-mine",
                                arn: "arn:aws:sqs:us-east-1:123456789012:mine",
                                events: ["s3:ObjectCreated:*"],
                                filterPrefix: "S3AccessLogs/",
                            },
                        ],
                    },
                },
            ),
        );
        assert.deepEqual(problems, [
            '`logTypes.s3ServerAccessLogs.existingBucketNotifications.queues[0]` (prefix "S3AccessLogs/", suffix "") overlaps the connector\'s notifications under "S3AccessLogs/…", which filter on no suffix; S3 rejects overlapping filters: give it a prefix outside "S3AccessLogs/".',
            '`logTypes.s3ServerAccessLogs.existingBucketNotifications.queues[0].id` "sentinel-mine" must not start with "sentinel-", which the connector\'s notifications use.',
        ]);
    });

    it("is its own: not the log bucket, nor another log type's", () => {
        assert.deepEqual(
            validateAwsSentinelConnectionArgs(
                "sentinel",
                both(
                    {},
                    { existingBucketName: "aws-waf-logs-shared" },
                    { existingBucketName: "aws-waf-logs-shared" },
                ),
            ),
            [
                '`logTypes.s3ServerAccessLogs.existingBucketName` "aws-waf-logs-shared" is already `logTypes.waf.existingBucketName`: each log type that needs a bucket of its own gets its own (S3 delivers access logs only to a bucket with SSE-S3 default encryption and no access logging of its own (S3 user guide, "Enabling Amazon S3 server access logging")).',
            ],
        );
        assert.deepEqual(
            validateAwsSentinelConnectionArgs(
                "sentinel",
                both({}, { bucketName: "aws-waf-logs-a", existingBucketName: "aws-waf-logs-b" }),
            ),
            [
                "`logTypes.waf.bucketName` names a bucket to create, `logTypes.waf.existingBucketName` one to use: keep one.",
            ],
        );
    });

    it("derives a name AWS prescribes the form of from the component and the account, at most 63 characters", () => {
        const scope = { project: "p", stack: "s", accountId: "123456789012" };
        assert.match(
            derivedBucketName("aws-waf-logs-", "sentinel", scope),
            /^aws-waf-logs-sentinel-[0-9a-f]{8}$/,
        );
        const long = derivedBucketName(
            "aws-waf-logs-",
            `Very_Long.Component-${"x".repeat(80)}`,
            scope,
        );
        assert.ok(long.length <= 63, long);
        assert.match(long, /^aws-waf-logs-very-long-component-x+-[0-9a-f]{8}$/);
        assert.notEqual(
            derivedBucketName("aws-waf-logs-", "sentinel", scope),
            derivedBucketName("aws-waf-logs-", "sentinel", { ...scope, accountId: "210987654321" }),
        );
    });
});
