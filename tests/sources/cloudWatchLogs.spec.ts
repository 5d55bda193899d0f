// CloudWatch Logs, end to end: a subscription filter per log group into a Firehose stream that
// decompresses the subscription's records and writes one message per line, the role CloudWatch Logs
// puts records with, the queue and notification, the classic connection, organizations, and bad
// input (names of the wrong form, the package's own log groups, a log group subscribed twice).
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { validateAwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionValidation";
import { validateSentinelLogSourceArgs } from "../../components/aws/sentinelLogSource";
import { RecordedResource, runOffline } from "../../offline/mocks";
import { WORKSPACE_ID, deployAws, doc, find, list, ofType, one, statement } from "../helpers";
import { ORG_ID } from "../organization/fixtures";
import { MEMBER, runHubWithLogSource } from "./logSourceRun";

const ACCOUNT = "123456789012";
const BUCKET_ARN = "arn:aws:s3:::sentinel-logs-xxxxxxx";
const STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const FILTER = "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const GROUPS = ["/aws/lambda/checkout", "payments"];

const hub = (settings: object, more: Partial<AwsSentinelConnectionArgs> = {}) =>
    ({
        workspaceId: WORKSPACE_ID,
        logTypes: { cloudWatchLogs: settings },
        ...more,
    }) as AwsSentinelConnectionArgs;

describe("CloudWatch Logs", () => {
    describe("in a single account", () => {
        let run: Awaited<ReturnType<typeof deployAws>>;
        let stream: RecordedResource;
        before(async () => {
            run = await deployAws(hub({ logGroupNames: GROUPS }));
            stream = one(run.resources, STREAM);
        });

        it("writes one message per line, gzip, under the CloudWatch folder, at Firehose's lowest buffering", () => {
            const s3 = stream.inputs.extendedS3Configuration;
            assert.equal(s3.prefix, `AWSLogs/${ACCOUNT}/CloudWatch/`);
            assert.equal(
                s3.errorOutputPrefix,
                `AWSLogs/${ACCOUNT}/CloudWatch-errors/!{firehose:error-output-type}/`,
            );
            assert.ok(!s3.errorOutputPrefix.startsWith(s3.prefix), "failures reach no queue");
            assert.deepEqual([s3.bufferingInterval, s3.bufferingSize], [0, 1]);
            assert.deepEqual([s3.compressionFormat, s3.fileExtension], ["GZIP", ".gz"]);
            // Firehose decompresses CloudWatch Logs' records and keeps their messages: no Lambda.
            assert.deepEqual(s3.processingConfiguration, {
                enabled: true,
                processors: [
                    {
                        type: "Decompression",
                        parameters: [
                            { parameterName: "CompressionFormat", parameterValue: "GZIP" },
                        ],
                    },
                    {
                        type: "CloudWatchLogProcessing",
                        parameters: [
                            { parameterName: "DataMessageExtraction", parameterValue: "true" },
                        ],
                    },
                    { type: "AppendDelimiterToRecord" },
                ],
            });
            // (The one function is the hub's, adding Sentinel's audience to the account's OIDC provider.)
            assert.deepEqual(
                ofType(run.resources, "aws:lambda/function:Function")
                    .map((f) => f.name)
                    .filter((n) => !n.endsWith("-oidc-audience")),
                [],
            );
        });

        it("subscribes each log group to the stream, every event, with the package's own filter name", () => {
            const role = find(run.resources, ROLE, "sentinel-cloudwatch-logs-subscription-role");
            const policy = find(
                run.resources,
                ROLE_POLICY,
                "sentinel-cloudwatch-logs-subscription-role-policy",
            );
            const filters = ofType(run.resources, FILTER);
            assert.deepEqual(
                filters.map((f) => [f.name, f.inputs.logGroup, f.inputs.filterPattern]),
                GROUPS.map((g) => [`sentinel-cloudwatch-logs-subscription-${g}`, g, ""]),
            );
            for (const f of filters) {
                assert.match(f.inputs.name, /^sentinel-aws-s3-[0-9a-f]{8}$/);
                assert.equal(f.inputs.destinationArn, stream.state.arn);
                assert.equal(f.inputs.roleArn, role.state.arn);
                // CloudWatch Logs tests the destination with the role when the filter is put.
                assert.ok(f.dependencies.includes(policy.urn), "after the role's policy");
                assert.ok(f.dependencies.includes(stream.urn), "after the stream");
            }
        });

        it("lets CloudWatch Logs put records into this stream only, for this account's log groups only", () => {
            const role = find(run.resources, ROLE, "sentinel-cloudwatch-logs-subscription-role");
            assert.equal(role.inputs.path, "/sentinel-aws-s3/");
            assert.deepEqual(doc(role.inputs.assumeRolePolicy).Statement, [
                {
                    Effect: "Allow",
                    Principal: { Service: "logs.us-east-1.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: {
                        StringLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` },
                    },
                },
            ]);
            const policy = doc(
                find(
                    run.resources,
                    ROLE_POLICY,
                    "sentinel-cloudwatch-logs-subscription-role-policy",
                ).inputs.policy,
            );
            assert.deepEqual(policy.Statement, [
                {
                    Sid: "PutIntoTheStream",
                    Effect: "Allow",
                    Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
                    Resource: stream.state.arn,
                },
            ]);
        });

        it("lets Firehose's role write the CloudWatch folder and its failures only, and use the key through S3", () => {
            const role = find(run.resources, ROLE, "sentinel-cloudwatch-logs-firehose-role");
            assert.match(role.inputs.name, /^CloudWatchLogsFirehose-[0-9a-f]{8}$/);
            const policy = doc(
                find(run.resources, ROLE_POLICY, "sentinel-cloudwatch-logs-firehose-role-policy")
                    .inputs.policy,
            );
            assert.deepEqual(statement(policy, "WriteObjects").Resource, [
                `${BUCKET_ARN}/AWSLogs/${ACCOUNT}/CloudWatch/*`,
                `${BUCKET_ARN}/AWSLogs/${ACCOUNT}/CloudWatch-errors/*`,
            ]);
            const key = doc(
                find(run.resources, "aws:kms/key:Key", "sentinel-logs-key").inputs.policy,
            );
            assert.deepEqual(statement(key, "CloudWatchLogsFirehoseEncrypts"), {
                Sid: "CloudWatchLogsFirehoseEncrypts",
                Effect: "Allow",
                Principal: { AWS: role.state.arn },
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
            });
        });

        it("feeds its own queue from the CloudWatch folder's .gz objects, which the role may read", () => {
            const notification = find(
                run.resources,
                "aws:s3/bucketNotification:BucketNotification",
                "sentinel-notification",
            );
            assert.deepEqual(
                notification.inputs.queues.map((q: any) => [q.id, q.filterPrefix, q.filterSuffix]),
                [["sentinel-cloudWatchLogs", `AWSLogs/${ACCOUNT}/CloudWatch/`, ".gz"]],
            );
            const rolePolicy = doc(
                find(run.resources, ROLE_POLICY, "sentinel-role-policy").inputs.policy,
            );
            assert.deepEqual(statement(rolePolicy, "ReadLogObjects").Resource, [
                `${BUCKET_ARN}/AWSLogs/${ACCOUNT}/CloudWatch/*`,
            ]);
            assert.equal(run.result.connections[0].destinationTable, "AWSCloudWatch");
        });
    });

    it("passes a filter pattern through, and takes over an existing filter when told to", async () => {
        const run = await deployAws(
            hub({
                logGroupNames: GROUPS,
                filterPattern: '{ $.level = "ERROR" }',
                adoptSubscriptionFilters: { payments: "payments-to-splunk" },
            }),
        );
        assert.deepEqual(
            ofType(run.resources, FILTER).map((f) => [
                f.inputs.logGroup,
                f.inputs.filterPattern,
                /^sentinel-aws-s3-/.test(f.inputs.name) ? "own" : f.inputs.name,
            ]),
            [
                ["/aws/lambda/checkout", '{ $.level = "ERROR" }', "own"],
                ["payments", '{ $.level = "ERROR" }', "payments-to-splunk"],
            ],
        );
    });

    it("gives the stream's ARN and each log group's filter in logExports", async () => {
        const result = await runOffline(async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            return new AwsSentinelConnection("sentinel", hub({ logGroupNames: GROUPS })).logExports;
        });
        const exported = result.result.cloudWatchLogs;
        assert.deepEqual(Object.keys(exported).sort(), [
            "/aws/lambda/checkout",
            "deliveryStreamArn",
            "payments",
        ]);
        assert.match(exported.deliveryStreamArn, /:deliverystream\/sentinel-cloudwatch-logs-/);
        assert.match(exported.payments, /^sentinel-aws-s3-[0-9a-f]{8}$/);
    });

    it("only connects when no log group is given, and creates no pipeline", async () => {
        const run = await deployAws(hub({}));
        assert.deepEqual(ofType(run.resources, STREAM), []);
        assert.deepEqual(ofType(run.resources, FILTER), []);
        assert.equal(run.result.connections[0].destinationTable, "AWSCloudWatch");
    });

    it("is read by a classic connection: no DCR, no data format", async () => {
        const run = await runOffline(async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            const { SentinelAwsS3DataConnectors } =
                await import("../../components/azure/sentinelAwsS3DataConnectors");
            new SentinelAwsS3DataConnectors("sentinel", {
                resourceGroupName: "rg-sentinel",
                workspaceName: "law-sentinel",
                awsConnection: new AwsSentinelConnection(
                    "sentinel",
                    hub({ logGroupNames: GROUPS }),
                ),
            });
        });
        const connector = find(
            run.resources,
            "azure-native:resources:Resource",
            "sentinel-AWSCloudWatch",
        );
        assert.equal(connector.inputs.kind, "AmazonWebServicesS3");
        assert.deepEqual(Object.keys(connector.inputs.properties).sort(), [
            "dataTypes",
            "destinationTable",
            "roleArn",
            "sqsUrls",
        ]);
        assert.deepEqual(ofType(run.resources, "azure-native:monitor:DataCollectionRule"), []);
    });

    describe("in an organization", () => {
        it("admits every account's CloudWatch Firehose roles, bound to the organization, under the CloudWatch folder", async () => {
            const run = await deployAws(hub({}, { organization: { organizationId: ORG_ID } }));
            const policy = doc(
                find(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy")
                    .inputs.policy,
            );
            const bound = {
                StringEquals: { "aws:PrincipalOrgID": ORG_ID },
                ArnLike: {
                    "aws:PrincipalArn":
                        "arn:aws:iam::*:role/sentinel-aws-s3/CloudWatchLogsFirehose*",
                },
            };
            assert.deepEqual(statement(policy, "CloudWatchLogsFirehoseWrite"), {
                Sid: "CloudWatchLogsFirehoseWrite",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: [
                    "s3:AbortMultipartUpload",
                    "s3:GetObject",
                    "s3:PutObject",
                    "s3:PutObjectAcl",
                ],
                Resource: `${BUCKET_ARN}/cloudwatch/AWSLogs/*`,
                Condition: bound,
            });
            assert.deepEqual(
                statement(policy, "CloudWatchLogsFirehoseFindBucket").Condition,
                bound,
            );
            const key = doc(
                find(run.resources, "aws:kms/key:Key", "sentinel-logs-key").inputs.policy,
            );
            assert.deepEqual(statement(key, "CloudWatchLogsFirehoseEncrypts").Condition, bound);
            const notification = find(
                run.resources,
                "aws:s3/bucketNotification:BucketNotification",
                "sentinel-notification",
            );
            assert.deepEqual(
                notification.inputs.queues.map((q: any) => q.filterPrefix),
                ["cloudwatch/AWSLogs/"],
            );
        });

        it("from a log source: a stream per region into the hub's CloudWatch folder, each log group subscribed", async () => {
            const run = await runHubWithLogSource(
                { cloudWatchLogs: {} },
                {
                    cloudWatchLogs: {
                        logGroups: [
                            { logGroupName: "payments" },
                            { logGroupName: "payments", region: "eu-west-1" },
                            {
                                logGroupName: "/aws/lambda/checkout",
                                region: "eu-west-1",
                                adoptSubscriptionFilter: "old",
                            },
                        ],
                    },
                },
            );
            assert.deepEqual(
                ofType(run.resources, STREAM).map((s) => [
                    s.name,
                    s.inputs.region,
                    s.inputs.extendedS3Configuration.prefix,
                ]),
                [
                    [
                        "member-cloudwatch-logs-firehose",
                        undefined,
                        `cloudwatch/AWSLogs/${MEMBER}/CloudWatch/`,
                    ],
                    [
                        "member-cloudwatch-logs-eu-west-1-firehose",
                        "eu-west-1",
                        `cloudwatch/AWSLogs/${MEMBER}/CloudWatch/`,
                    ],
                ],
            );
            assert.deepEqual(
                ofType(run.resources, FILTER).map((f) => [
                    f.inputs.logGroup,
                    f.inputs.region,
                    f.inputs.name,
                ]),
                [
                    ["payments", undefined, f0(run.resources)],
                    ["payments", "eu-west-1", f0(run.resources)],
                    ["/aws/lambda/checkout", "eu-west-1", "old"],
                ],
            );
            // The trust names each region's CloudWatch Logs principal and the member's log groups.
            const trust = doc(
                find(run.resources, ROLE, "member-cloudwatch-logs-eu-west-1-subscription-role")
                    .inputs.assumeRolePolicy,
            );
            assert.deepEqual(trust.Statement[0].Principal, {
                Service: "logs.eu-west-1.amazonaws.com",
            });
            assert.deepEqual(trust.Statement[0].Condition, {
                StringLike: { "aws:SourceArn": `arn:aws:logs:eu-west-1:${MEMBER}:*` },
            });
            // Across accounts: s3:PutObjectAcl, and the hub's key granted by the role's own policy.
            const firehosePolicy = doc(
                find(
                    run.resources,
                    ROLE_POLICY,
                    "member-cloudwatch-logs-eu-west-1-firehose-role-policy",
                ).inputs.policy,
            );
            assert.ok(
                list(statement(firehosePolicy, "WriteObjects").Action).includes("s3:PutObjectAcl"),
            );
            assert.ok(firehosePolicy.Statement.some((s) => s.Sid === "EncryptObjects"));
            assert.match(
                find(run.resources, ROLE, "member-cloudwatch-logs-eu-west-1-firehose-role").inputs
                    .name,
                /^CloudWatchLogsFirehose-eu-west-1-[0-9a-f]{8}$/,
            );
            assert.deepEqual(Object.keys(run.result.exports.cloudWatchLogs).sort(), [
                "deliveryStreamArn",
                "deliveryStreamArn-eu-west-1",
                "eu-west-1:/aws/lambda/checkout",
                "eu-west-1:payments",
                "payments",
            ]);
        });
    });

    describe("refuses bad input before anything is created, naming the field and the fix", () => {
        const problems = (settings: object) =>
            validateAwsSentinelConnectionArgs("sentinel", hub(settings));

        it("a log group name of the wrong form, or an ARN in its place", () => {
            const found = problems({
                logGroupNames: ["bad name!", "arn:aws:logs:us-east-1:123456789012:log-group:app:*"],
            });
            assert.equal(found.length, 2, found.join("\n"));
            assert.match(
                found[0],
                /^`logTypes.cloudWatchLogs.logGroupNames\[0\]` must be a log group name: 1-512 letters, digits and `.`, `-`, `_`, `\/`, `#`/,
            );
            assert.match(
                found[1],
                /^`logTypes.cloudWatchLogs.logGroupNames\[1\]` must be a log group name/,
            );
        });

        it("a log group of the package's own Firehose streams (recursion)", () => {
            const found = problems({
                logGroupNames: ["/aws/kinesisfirehose/sentinel-cloudwatch-logs-60bb00c0"],
            });
            assert.deepEqual(found, [
                '`logTypes.cloudWatchLogs.logGroupNames[0]` "/aws/kinesisfirehose/sentinel-cloudwatch-logs-60bb00c0" is the delivery-error log group of one of this package\'s Firehose streams: subscribing it would feed the stream\'s failures back into a stream (the loop the CloudWatch Logs user guide\'s "Log recursion prevention" warns of). Remove it; the doctor reports those errors instead.',
            ]);
        });

        it("a log group listed twice, a filter taken over of a log group not subscribed, settings that do nothing", () => {
            assert.match(
                problems({ logGroupNames: ["payments", "payments"] })[0],
                /^`logTypes.cloudWatchLogs.logGroupNames` lists "payments" more than once/,
            );
            assert.deepEqual(
                problems({
                    logGroupNames: ["payments"],
                    adoptSubscriptionFilters: { orders: "x" },
                }),
                [
                    '`logTypes.cloudWatchLogs.adoptSubscriptionFilters.orders` names the log group "orders", which `logTypes.cloudWatchLogs.logGroupNames` does not list: the component takes over filters of the log groups it subscribes only. Add the log group, or remove the entry.',
                ],
            );
            assert.deepEqual(problems({ filterPattern: "ERROR" }), [
                "`logTypes.cloudWatchLogs.filterPattern` does nothing without `logTypes.cloudWatchLogs.logGroupNames`: the component subscribes no log group. Give the log groups, or remove it.",
            ]);
            assert.match(
                problems({
                    logGroupNames: ["payments"],
                    adoptSubscriptionFilters: { payments: "a:b" },
                })[0],
                /^`logTypes.cloudWatchLogs.adoptSubscriptionFilters.payments` must be a subscription filter name/,
            );
        });

        it("a log source's log group subscribed twice in one region", () => {
            const found = validateSentinelLogSourceArgs({
                destination: { format: "x" } as never,
                cloudWatchLogs: {
                    logGroups: [
                        { logGroupName: "payments", region: "eu-west-1" },
                        { logGroupName: "payments", region: "eu-west-1" },
                        { logGroupName: "payments" },
                    ],
                },
            }).filter((p) => p.includes("times"));
            assert.deepEqual(found, [
                '`cloudWatchLogs.logGroups[0]` and `cloudWatchLogs.logGroups[1]` subscribe the log group "eu-west-1:payments" 2 times: every event would be delivered 2 times, and CloudWatch Logs allows 2 subscription filters per log group. Subscribe it once.',
            ]);
        });
    });
});

/** The package's own filter name in a run (one per component). */
function f0(resources: readonly RecordedResource[]): string {
    const own = ofType(resources, FILTER)
        .map((f) => f.inputs.name as string)
        .filter((n) => /^sentinel-aws-s3-[0-9a-f]{8}$/.test(n));
    assert.ok(own.length > 0);
    return own[0];
}
