// AWS WAF logs, end to end: the WAF bucket the hub creates (named as WAF requires, protected like
// the log bucket), its policy admitting WAF's log delivery as WAF's guide writes it, the logging
// configuration of each web ACL in its own region, the queue and notification on that bucket, the
// organization's log sources writing into the hub's WAF bucket, and the CCF side compared with
// Microsoft's templates.
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { validateAwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionValidation";
import { derivedBucketName } from "../../components/aws/ownBuckets";
import { validateSentinelLogSourceArgs } from "../../components/aws/sentinelLogSource";
import { SOURCE_FACTS } from "../../components/sources/catalog";
import { RecordedResource, runOffline } from "../../offline/mocks";
import type { DataFlowFacts } from "../../components/sources/types";
import { WORKSPACE_ID, deployAws, doc, find, ofType, statement } from "../helpers";
import { ORG_ID } from "../organization/fixtures";
import { microsoftTemplate } from "./microsoft";

const ACCOUNT = "123456789012";
const WAF_BUCKET = derivedBucketName("aws-waf-logs-", "sentinel", {
    project: "sentinel-aws-s3",
    stack: "test",
    accountId: ACCOUNT,
});
const WAF_ARN = `arn:aws:s3:::${WAF_BUCKET}`;
const REGIONAL = `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/app/0f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b`;
const CLOUDFRONT = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/cdn/1f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b`;
const LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";
const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";

const waf = (settings: object, more: Partial<AwsSentinelConnectionArgs> = {}) =>
    ({
        workspaceId: WORKSPACE_ID,
        logTypes: { waf: settings },
        ...more,
    }) as AwsSentinelConnectionArgs;

describe("AWS WAF logs", () => {
    describe("in a single account", () => {
        let run: Awaited<ReturnType<typeof deployAws>>;
        before(async () => {
            run = await deployAws(
                waf(
                    { webAclArns: [REGIONAL, CLOUDFRONT] },
                    { logTypes: { cloudTrail: {}, waf: { webAclArns: [REGIONAL, CLOUDFRONT] } } },
                ),
            );
        });

        it("creates a bucket of its own named aws-waf-logs-…, protected, encrypted and expiring like the log bucket", () => {
            const bucket = find(run.resources, BUCKET, "sentinel-waf-logs");
            assert.equal(bucket.inputs.bucket, WAF_BUCKET);
            assert.match(WAF_BUCKET, /^aws-waf-logs-sentinel-[0-9a-f]{8}$/);
            for (const [type, name] of [
                ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "public-access"],
                ["aws:s3/bucketOwnershipControls:BucketOwnershipControls", "ownership"],
                ["aws:s3/bucketVersioning:BucketVersioning", "versioning"],
                ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "lifecycle"],
            ]) {
                const log = find(run.resources, type, `sentinel-logs-${name}`).inputs;
                const own = find(run.resources, type, `sentinel-waf-logs-${name}`).inputs;
                assert.deepEqual({ ...own, bucket: undefined }, { ...log, bucket: undefined });
            }
            // WAF supports SSE-KMS with a customer-managed key (WAF developer guide): the logs key.
            const encryption = find(
                run.resources,
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "sentinel-waf-logs-encryption",
            ).inputs.rules[0];
            assert.equal(encryption.applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms");
            assert.equal(
                encryption.applyServerSideEncryptionByDefault.kmsMasterKeyId,
                run.result.logsKeyArn,
            );
            assert.ok(bucket.options.retainOnDelete, "the bucket is kept when it leaves the stack");
        });

        it("writes the WAF bucket's policy itself: TLS only, and WAF's log delivery as WAF's guide shows it, for each web ACL's region", () => {
            const policy = doc(
                find(run.resources, BUCKET_POLICY, "sentinel-waf-logs-policy").inputs.policy,
            );
            const sources = [
                `arn:aws:logs:eu-west-1:${ACCOUNT}:*`,
                `arn:aws:logs:us-east-1:${ACCOUNT}:*`,
            ];
            assert.deepEqual(
                policy.Statement.map((s) => s.Sid),
                ["DenyInsecureTransport", "AWSLogDeliveryAclCheck", "AWSLogDeliveryWrite"],
            );
            assert.deepEqual(statement(policy, "AWSLogDeliveryWrite"), {
                Sid: "AWSLogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${WAF_ARN}/AWSLogs/${ACCOUNT}/*`,
                Condition: {
                    StringEquals: {
                        "s3:x-amz-acl": "bucket-owner-full-control",
                        "aws:SourceAccount": ACCOUNT,
                    },
                    ArnLike: { "aws:SourceArn": sources },
                },
            });
            assert.deepEqual(statement(policy, "AWSLogDeliveryAclCheck"), {
                Sid: "AWSLogDeliveryAclCheck",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: WAF_ARN,
                Condition: {
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                    ArnLike: { "aws:SourceArn": sources },
                },
            });
            // The log bucket admits only CloudTrail: WAF writes nowhere else.
            const logPolicy = doc(
                find(run.resources, BUCKET_POLICY, "sentinel-logs-policy").inputs.policy,
            );
            assert.ok(!logPolicy.Statement.some((s) => s.Sid?.startsWith("AWSLogDelivery")));
        });

        it("lets WAF's log delivery use the logs key for those regions only", () => {
            const policy = doc(
                find(run.resources, "aws:kms/key:Key", "sentinel-logs-key").inputs.policy,
            );
            assert.deepEqual(statement(policy, "AWSLogDeliveryEncryptsLogs").Condition, {
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnLike: {
                    "aws:SourceArn": [
                        `arn:aws:logs:eu-west-1:${ACCOUNT}:*`,
                        `arn:aws:logs:us-east-1:${ACCOUNT}:*`,
                    ],
                },
            });
        });

        it("gives each web ACL a logging configuration to the bucket, in the web ACL's region (CloudFront's in us-east-1)", () => {
            const configs = ofType(run.resources, LOGGING);
            assert.deepEqual(
                configs.map((c) => [c.name, c.inputs.region, c.inputs.resourceArn]),
                [
                    ["sentinel-waf-logging-regional-eu-west-1-app", "eu-west-1", REGIONAL],
                    ["sentinel-waf-logging-global-us-east-1-cdn", "us-east-1", CLOUDFRONT],
                ],
            );
            const policy = find(run.resources, BUCKET_POLICY, "sentinel-waf-logs-policy");
            for (const c of configs) {
                assert.deepEqual(c.inputs.logDestinationConfigs, [WAF_ARN]);
                assert.ok(c.dependencies.includes(policy.urn), `${c.name} waits for the policy`);
            }
        });

        it("notifies its own queue of the WAF bucket's .gz files, and lets the role read only them", () => {
            const notification = find(run.resources, NOTIFICATION, "sentinel-waf-notification");
            assert.equal(notification.inputs.bucket, WAF_BUCKET);
            assert.deepEqual(
                notification.inputs.queues.map((q: any) => [q.id, q.filterPrefix, q.filterSuffix]),
                [["sentinel-waf", `AWSLogs/${ACCOUNT}/WAFLogs/`, ".gz"]],
            );
            const logNotification = find(run.resources, NOTIFICATION, "sentinel-notification");
            assert.deepEqual(
                logNotification.inputs.queues.map((q: any) => q.id),
                ["sentinel-cloudTrail"],
            );
            const queuePolicy = doc(
                find(run.resources, "aws:sqs/queuePolicy:QueuePolicy", "sentinel-waf-queue-policy")
                    .inputs.policy,
            );
            assert.ok(
                JSON.stringify(queuePolicy).includes(`"aws:SourceArn":"${WAF_ARN}"`),
                "S3 may send from the WAF bucket only",
            );
            const connection = run.result.connections.find((c) => c.logType === "waf")!;
            assert.equal(connection.destinationTable, "AWSWAF");
            assert.equal(connection.bucketName, WAF_BUCKET);
            assert.equal(connection.objectPrefix, `AWSLogs/${ACCOUNT}/WAFLogs/`);
            const rolePolicy = doc(
                find(run.resources, "aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy").inputs
                    .policy,
            );
            assert.ok(
                (statement(rolePolicy, "ReadLogObjects").Resource as string[]).includes(
                    `${WAF_ARN}/AWSLogs/${ACCOUNT}/WAFLogs/*`,
                ),
            );
            assert.ok(
                run.result.prerequisites.includes(notification.urn),
                "the connector waits for the WAF bucket's notification",
            );
        });
    });

    it("takes the name given, and an existing bucket with its notifications kept and its policy left to WAF", async () => {
        const named = await deployAws(
            waf({ webAclArns: [REGIONAL], bucketName: "aws-waf-logs-mine" }),
        );
        assert.equal(
            find(named.resources, BUCKET, "sentinel-waf-logs").inputs.bucket,
            "aws-waf-logs-mine",
        );

        const kept = {
            id: "siem",
            arn: "arn:aws:sqs:us-east-1:123456789012:siem",
            events: ["s3:ObjectCreated:*"],
            filterPrefix: "exports/",
        };
        const existing = await deployAws(
            waf({
                webAclArns: [REGIONAL],
                existingBucketName: "aws-waf-logs-existing",
                existingBucketNotifications: { queues: [kept] },
            }),
        );
        assert.deepEqual(
            ofType(existing.resources, BUCKET).map((b) => b.name),
            ["sentinel-logs"],
        );
        // The package does not write an existing bucket's policy unless asked: WAF then writes its
        // delivery statement itself when it enables logging (WAF API reference, LoggingConfiguration).
        assert.deepEqual(
            ofType(existing.resources, BUCKET_POLICY).map((p) => p.name),
            ["sentinel-logs-policy"],
        );
        const notification = find(existing.resources, NOTIFICATION, "sentinel-waf-notification");
        assert.equal(notification.inputs.bucket, "aws-waf-logs-existing");
        assert.deepEqual(
            notification.inputs.queues.map((q: any) => q.id),
            ["sentinel-waf", "siem"],
        );
        assert.deepEqual(ofType(existing.resources, LOGGING)[0].inputs.logDestinationConfigs, [
            "arn:aws:s3:::aws-waf-logs-existing",
        ]);
    });

    it("refuses a web ACL of another account when the account is known", async () => {
        await assert.rejects(
            runOffline(async () => {
                const { AwsSentinelConnection } =
                    await import("../../components/aws/awsSentinelConnection");
                return new AwsSentinelConnection(
                    "sentinel",
                    waf({ webAclArns: [REGIONAL.replace(ACCOUNT, "999999999999")] }),
                ).logExports;
            }),
            /`logTypes.waf.webAclArns` lists arn:aws:wafv2:eu-west-1:999999999999:regional\/webacl\/app\/.*, a web ACL of account 999999999999, but this component runs in account 123456789012/,
        );
    });

    it("gives bad input one clear message each, before anything is created", () => {
        const problems = (settings: object, more: Partial<AwsSentinelConnectionArgs> = {}) =>
            validateAwsSentinelConnectionArgs("sentinel", waf(settings, more));
        assert.deepEqual(problems({ webAclArns: ["arn:aws:wafv2:eu-west-1:123:webacl/x"] }), [
            '`logTypes.waf.webAclArns[0]` "arn:aws:wafv2:eu-west-1:123:webacl/x" is not a web ACL ARN: use arn:aws:wafv2:<region>:<account>:<regional|global>/webacl/<name>/<id> (`aws wafv2 list-web-acls`).',
        ]);
        assert.deepEqual(problems({ webAclArns: [CLOUDFRONT.replace("us-east-1", "eu-west-1")] }), [
            `\`logTypes.waf.webAclArns[0]\` "${CLOUDFRONT.replace("us-east-1", "eu-west-1")}" is a CloudFront (global) web ACL in eu-west-1, but CloudFront web ACLs and their logging are in us-east-1: use the ARN \`aws wafv2 list-web-acls --scope CLOUDFRONT --region us-east-1\` prints.`,
        ]);
        assert.deepEqual(problems({ webAclArns: [REGIONAL], bucketName: "waf-logs" }), [
            '`logTypes.waf.bucketName` "waf-logs" must start with "aws-waf-logs-": WAF logs only to a bucket whose name starts with "aws-waf-logs-". Name the bucket "aws-waf-logs-…".',
        ]);
        assert.deepEqual(problems({ existingBucketName: "my-waf-logs" }), [
            '`logTypes.waf.existingBucketName` "my-waf-logs" must start with "aws-waf-logs-": WAF logs only to a bucket whose name starts with "aws-waf-logs-". Name the bucket "aws-waf-logs-…".',
        ]);
        assert.deepEqual(problems({}), [
            "`logTypes.waf.webAclArns` must list the web ACLs to log: the WAF bucket the component creates receives nothing otherwise. Or give `logTypes.waf.existingBucketName`, the `aws-waf-logs-…` bucket your web ACLs already log to.",
        ]);
        assert.deepEqual(
            problems(
                { webAclArns: [REGIONAL], existingBucketName: "aws-waf-logs-x" },
                {
                    existingBucketName: "aws-waf-logs-x",
                },
            ),
            [
                '`logTypes.waf.existingBucketName` "aws-waf-logs-x" is already `existingBucketName` (the log bucket): each log type that needs a bucket of its own gets its own (WAF logs only to a bucket whose name starts with "aws-waf-logs-").',
            ],
        );
        assert.deepEqual(
            problems({
                webAclArns: [REGIONAL],
                existingBucketKmsKeyArn:
                    "arn:aws:kms:us-east-1:123456789012:key/0f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b",
                manageBucketPolicy: false,
            }),
            [
                "`logTypes.waf.existingBucketKmsKeyArn` only applies with `logTypes.waf.existingBucketName`; remove it or name the existing bucket.",
                "`logTypes.waf.manageBucketPolicy` is false, but the bucket the component creates has no other policy to admit its writer: remove it, or give `logTypes.waf.existingBucketName`.",
            ],
        );
        assert.deepEqual(
            validateSentinelLogSourceArgs({
                destination: { format: "x" } as never,
                waf: { webAclArns: ["not-an-arn"] },
            }).filter((p) => p.startsWith("`waf")),
            [
                '`waf.webAclArns[0]` "not-an-arn" is not a web ACL ARN: use arn:aws:wafv2:<region>:<account>:<regional|global>/webacl/<name>/<id> (`aws wafv2 list-web-acls`).',
            ],
        );
    });

    describe("in an organization", () => {
        let run: { resources: RecordedResource[]; result: any };
        before(async () => {
            run = await runOffline(async () => {
                const { AwsSentinelConnection } =
                    await import("../../components/aws/awsSentinelConnection");
                const { SentinelLogSource } =
                    await import("../../components/aws/sentinelLogSource");
                const hub = new AwsSentinelConnection("sentinel", {
                    workspaceId: WORKSPACE_ID,
                    organization: { organizationId: ORG_ID },
                    logTypes: { waf: {} },
                });
                const source = new SentinelLogSource("member", {
                    destination: hub.logDestination,
                    waf: { webAclArns: [REGIONAL, CLOUDFRONT] },
                });
                return { destination: hub.logDestination, exports: source.logExports };
            });
        });

        it("admits WAF's log delivery of every account of the organization into the hub's WAF bucket", () => {
            const policy = doc(
                find(run.resources, BUCKET_POLICY, "sentinel-waf-logs-policy").inputs.policy,
            );
            assert.deepEqual(
                statement(policy, "AWSLogDeliveryWrite").Resource,
                `${WAF_ARN}/AWSLogs/*`,
            );
            assert.deepEqual(statement(policy, "AWSLogDeliveryWrite").Condition, {
                StringEquals: {
                    "s3:x-amz-acl": "bucket-owner-full-control",
                    "aws:SourceOrgID": ORG_ID,
                },
                ArnLike: { "aws:SourceArn": "arn:aws:logs:*:*:*" },
            });
            const notification = find(run.resources, NOTIFICATION, "sentinel-waf-notification");
            assert.deepEqual(
                notification.inputs.queues.map((q: any) => [q.filterPrefix, q.filterSuffix]),
                [["AWSLogs/", ".gz"]],
            );
            assert.ok(
                !ofType(run.resources, NOTIFICATION).some(
                    (n) => n.name === "sentinel-notification",
                ),
                "the log bucket, which feeds no queue, gets no notification",
            );
        });

        it("gives log sources the WAF bucket, into which each logs its own web ACLs", () => {
            const result = run.result as any;
            assert.equal(result.destination.buckets.waf, WAF_BUCKET);
            assert.equal(result.destination.keyPrefixes.waf, "");
            const configs = ofType(run.resources, LOGGING).filter((c) =>
                c.name.startsWith("member"),
            );
            assert.deepEqual(
                configs.map((c) => [c.inputs.region, c.inputs.logDestinationConfigs]),
                [
                    ["eu-west-1", [WAF_ARN]],
                    ["us-east-1", [WAF_ARN]],
                ],
            );
            assert.deepEqual(Object.keys(result.exports.waf), [REGIONAL, CLOUDFRONT]);
        });
    });

    describe("on the Sentinel side, against Microsoft's templates", () => {
        const facts = SOURCE_FACTS.waf;
        const connection = facts.connections[0];
        const dcr = microsoftTemplate("waf.AwsS3_WAF_DCR.b188254.json");
        const poller = microsoftTemplate("waf.AwsS3_WAF_PollingConfig.3216983.json");

        it("names the definition, stream, format and (empty) table as Microsoft's connection does", () => {
            assert.equal(facts.sentinel.definitionName, poller.properties.connectorDefinitionName);
            assert.equal(connection.streamName, poller.properties.dcrConfig.streamName);
            assert.equal(connection.connectorTable, poller.properties.destinationTable);
            assert.deepEqual(facts.sentinel.dataFormat, poller.properties.dataFormat);
        });

        it("passes the table's own stream through, as Microsoft's DCR does", () => {
            assert.deepEqual(facts.sentinel.dcr.streamDeclarations, {});
            assert.equal(dcr.properties.streamDeclarations, undefined);
            assert.deepEqual(
                facts.sentinel.dcr.dataFlows.map((f) => f.streams),
                dcr.properties.dataFlows.map((f: any) => f.streams),
            );
            assert.deepEqual(
                (facts.sentinel.dcr.dataFlows as readonly DataFlowFacts[]).map((f) => [
                    f.transformKql,
                    f.outputStream,
                ]),
                dcr.properties.dataFlows.map((f: any) => [f.transformKql, f.outputStream]),
            );
        });
    });
});
