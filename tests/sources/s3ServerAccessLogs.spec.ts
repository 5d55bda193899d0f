// S3 server access logs, end to end: the access-log bucket the hub creates (SSE-S3, not logged
// itself, as S3 requires of a target), S3's logging statement as its guide writes it, each source
// bucket's logging in S3's partitioned format, the prefix-only notification, the organization's log
// sources replicating their own target buckets into the hub, and the CCF side compared with
// Microsoft's templates.
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { validateAwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionValidation";
import { validateSentinelLogSourceArgs } from "../../components/aws/sentinelLogSource";
import { SOURCE_FACTS } from "../../components/sources/catalog";
import { RecordedResource, runOffline } from "../../offline/mocks";
import type { DataFlowFacts } from "../../components/sources/types";
import { WORKSPACE_ID, deployAws, doc, find, ofType, statement } from "../helpers";
import { ORG_ID } from "../organization/fixtures";
import { microsoftTemplate } from "./microsoft";

const ACCOUNT = "123456789012";
const TARGET = "sentinel-s3-access-logs-xxxxxxx";
const TARGET_ARN = `arn:aws:s3:::${TARGET}`;
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
const ENCRYPTION =
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const PARTITIONED = { partitionedPrefix: { partitionDateSource: "DeliveryTime" } };

const access = (settings: object, more: Partial<AwsSentinelConnectionArgs> = {}) =>
    ({
        workspaceId: WORKSPACE_ID,
        logTypes: { s3ServerAccessLogs: settings },
        ...more,
    }) as AwsSentinelConnectionArgs;

/** A hub and what it exports, under the offline engine (exports fail the run when refused). */
const deployWithExports = (args: AwsSentinelConnectionArgs, calls = {}) =>
    runOffline(
        async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            return new AwsSentinelConnection("sentinel", args).logExports;
        },
        { calls },
    );

describe("S3 server access logs", () => {
    describe("in a single account", () => {
        let run: Awaited<ReturnType<typeof deployAws>>;
        before(async () => {
            run = await deployAws(
                access(
                    { sourceBucketNames: ["app-data", "app-assets"] },
                    { keyPrefix: "security", accessLogsBucketName: "org-access-logs" },
                ),
            );
        });

        it("creates a bucket of its own with SSE-S3 and no access logging, whatever the log bucket uses", () => {
            // S3 user guide, "Enabling Amazon S3 server access logging": default encryption on the
            // destination only with SSE-S3; the destination should not have access logging on.
            const rules = find(run.resources, ENCRYPTION, "sentinel-s3-access-logs-encryption")
                .inputs.rules;
            assert.deepEqual(rules, [
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ]);
            assert.equal(
                find(run.resources, ENCRYPTION, "sentinel-logs-encryption").inputs.rules[0]
                    .applyServerSideEncryptionByDefault.sseAlgorithm,
                "aws:kms",
            );
            assert.deepEqual(
                ofType(run.resources, LOGGING)
                    .filter(
                        (l) =>
                            l.inputs.bucket === TARGET ||
                            l.inputs.bucket === "sentinel-logs-xxxxxxx",
                    )
                    .map((l) => l.name),
                ["sentinel-logs-access-logging"],
            );
            for (const name of ["public-access", "ownership", "versioning", "lifecycle"]) {
                assert.equal(
                    run.resources.filter((r) => r.name === `sentinel-s3-access-logs-${name}`)
                        .length,
                    1,
                    name,
                );
            }
        });

        it("admits S3's logging service for the source buckets of this account, as S3's guide writes it", () => {
            const policy = doc(
                find(run.resources, BUCKET_POLICY, "sentinel-s3-access-logs-policy").inputs.policy,
            );
            assert.deepEqual(
                policy.Statement.map((s) => s.Sid),
                ["DenyInsecureTransport", "S3ServerAccessLogsPolicy"],
            );
            assert.deepEqual(statement(policy, "S3ServerAccessLogsPolicy"), {
                Sid: "S3ServerAccessLogsPolicy",
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${TARGET_ARN}/security/S3AccessLogs/*`,
                Condition: {
                    ArnLike: {
                        "aws:SourceArn": ["arn:aws:s3:::app-data", "arn:aws:s3:::app-assets"],
                    },
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                },
            });
        });

        it("sets each source bucket's logging to the bucket, in S3's partitioned format, after the policy", () => {
            const policy = find(run.resources, BUCKET_POLICY, "sentinel-s3-access-logs-policy");
            const loggings = ofType(run.resources, LOGGING).filter((l) =>
                l.name.startsWith("sentinel-s3-access-logging-"),
            );
            assert.deepEqual(
                loggings.map((l) => [
                    l.inputs.bucket,
                    l.inputs.targetBucket,
                    l.inputs.targetPrefix,
                ]),
                [
                    ["app-data", TARGET, "security/S3AccessLogs/"],
                    ["app-assets", TARGET, "security/S3AccessLogs/"],
                ],
            );
            for (const l of loggings) {
                assert.deepEqual(l.inputs.targetObjectKeyFormat, PARTITIONED);
                assert.ok(l.dependencies.includes(policy.urn), `${l.name} waits for the policy`);
            }
        });

        it("notifies its queue of every access-log object under the account's folder, with no suffix", () => {
            const notification = find(
                run.resources,
                NOTIFICATION,
                "sentinel-s3-access-notification",
            );
            assert.equal(notification.inputs.bucket, TARGET);
            assert.deepEqual(notification.inputs.queues, [
                {
                    id: "sentinel-s3ServerAccessLogs",
                    queueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:sentinel-s3ServerAccessLogs-queue-xxxxxxx`,
                    events: ["s3:ObjectCreated:*"],
                    filterPrefix: `security/S3AccessLogs/${ACCOUNT}/`,
                },
            ]);
            const connection = run.result.connections[0];
            assert.equal(connection.destinationTable, "AWSS3ServerAccess");
            assert.equal(connection.bucketName, TARGET);
            assert.equal(connection.objectPrefix, `security/S3AccessLogs/${ACCOUNT}/`);
            const rolePolicy = doc(
                find(run.resources, "aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy").inputs
                    .policy,
            );
            assert.deepEqual(statement(rolePolicy, "ReadLogObjects").Resource, [
                `${TARGET_ARN}/security/S3AccessLogs/${ACCOUNT}/*`,
            ]);
        });
    });

    it("refuses a source bucket of another region once its region is read", async () => {
        await assert.rejects(
            deployWithExports(access({ sourceBucketNames: ["far-away"] }), {
                "aws:s3/getBucket:getBucket": (inputs: { bucket: string }) => ({
                    id: inputs.bucket,
                    bucket: inputs.bucket,
                    arn: `arn:aws:s3:::${inputs.bucket}`,
                    region: "ap-southeast-2",
                }),
            }),
            /`logTypes.s3ServerAccessLogs.sourceBucketNames` lists "far-away", a bucket of ap-southeast-2, but S3 delivers a bucket's access logs only to a bucket of its own region, and the access-log bucket is in us-east-1/,
        );
    });

    it("gives bad input one clear message each, before anything is created", () => {
        const problems = (settings: object, more: Partial<AwsSentinelConnectionArgs> = {}) =>
            validateAwsSentinelConnectionArgs("sentinel", access(settings, more));
        assert.deepEqual(
            problems({ sourceBucketNames: ["my-logs"] }, { existingBucketName: "my-logs" }),
            [
                '`logTypes.s3ServerAccessLogs.sourceBucketNames` lists "my-logs", the log bucket: its own access logs go to `accessLogsBucketName`, and a second logging configuration would replace that one; remove it.',
            ],
        );
        assert.deepEqual(problems({ sourceBucketNames: ["access"], bucketName: "access" }), [
            '`logTypes.s3ServerAccessLogs.sourceBucketNames` lists "access", the access-log bucket itself: a bucket logging into itself logs its own log deliveries, an endless loop S3 advises against; remove it.',
        ]);
        assert.deepEqual(
            problems({ sourceBucketNames: ["audit"] }, { accessLogsBucketName: "audit" }),
            [
                '`logTypes.s3ServerAccessLogs.sourceBucketNames` lists "audit", the bucket that receives the log bucket\'s access logs: S3 advises a bucket receiving access logs not to log its own; remove it.',
            ],
        );
        assert.deepEqual(
            problems({
                existingBucketName: "access",
                existingBucketKmsKeyArn:
                    "arn:aws:kms:us-east-1:123456789012:key/0f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b",
            }),
            [
                '`logTypes.s3ServerAccessLogs.existingBucketKmsKeyArn` says the bucket uses SSE-KMS, but S3 delivers access logs only to a bucket with SSE-S3 default encryption and no access logging of its own (S3 user guide, "Enabling Amazon S3 server access logging"): use a bucket with SSE-S3 default encryption, and remove it.',
            ],
        );
        assert.deepEqual(problems({}), [
            "`logTypes.s3ServerAccessLogs.sourceBucketNames` must list the buckets whose requests to log: the access-log bucket the component creates receives nothing otherwise. Or give `logTypes.s3ServerAccessLogs.existingBucketName`, the bucket your buckets already log to.",
        ]);
        // The bucket autonamed from the component's name, when the log bucket is an existing one.
        assert.deepEqual(
            validateAwsSentinelConnectionArgs(
                "Sentinel_Hub",
                access({ sourceBucketNames: ["app-data"] }, { existingBucketName: "hub-logs" }),
            ),
            [
                'the component name "Sentinel_Hub" must be 1-40 lowercase letters, digits and hyphens for the bucket of s3ServerAccessLogs the component creates (its name derives from it); rename it or give `logTypes.s3ServerAccessLogs.bucketName`.',
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
                    logTypes: { s3ServerAccessLogs: { sourceBucketNames: ["hub-data"] } },
                });
                const source = new SentinelLogSource("member", {
                    destination: hub.logDestination,
                    s3ServerAccessLogs: {
                        sourceBuckets: [
                            { bucketName: "member-data" },
                            { bucketName: "member-eu", region: "eu-west-1" },
                        ],
                    },
                });
                return { destination: hub.logDestination, exports: source.logExports };
            });
        });

        it("admits every account's replication roles into the access-log folder, and S3's logging of the hub's own buckets", () => {
            const policy = doc(
                find(run.resources, BUCKET_POLICY, "sentinel-s3-access-logs-policy").inputs.policy,
            );
            const condition = {
                StringEquals: { "aws:PrincipalOrgID": ORG_ID },
                ArnLike: {
                    "aws:PrincipalArn":
                        "arn:aws:iam::*:role/sentinel-aws-s3/S3AccessLogsReplication*",
                },
            };
            // S3 user guide, "Configuring replication for buckets in different accounts".
            assert.deepEqual(statement(policy, "S3AccessLogsReplicas"), {
                Sid: "S3AccessLogsReplicas",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: ["s3:ReplicateObject", "s3:ReplicateDelete"],
                Resource: `${TARGET_ARN}/S3AccessLogs/*/*`,
                Condition: condition,
            });
            assert.deepEqual(statement(policy, "S3AccessLogsReplicationVersioning"), {
                Sid: "S3AccessLogsReplicationVersioning",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: ["s3:GetBucketVersioning", "s3:PutBucketVersioning"],
                Resource: TARGET_ARN,
                Condition: condition,
            });
            assert.equal(
                statement(policy, "S3ServerAccessLogsPolicy").Resource,
                `${TARGET_ARN}/S3AccessLogs/*`,
            );
            const notification = find(
                run.resources,
                NOTIFICATION,
                "sentinel-s3-access-notification",
            );
            assert.deepEqual(
                notification.inputs.queues.map((q: any) => [q.filterPrefix, q.filterSuffix]),
                [["S3AccessLogs/", undefined]],
            );
            const rolePolicy = doc(
                find(run.resources, "aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy").inputs
                    .policy,
            );
            assert.deepEqual(statement(rolePolicy, "ReadLogObjects").Resource, [
                `${TARGET_ARN}/S3AccessLogs/*`,
            ]);
        });

        it("gives each region of a log source a target bucket of its own account, logged into and replicated to the hub", () => {
            const result = run.result as any;
            assert.equal(result.destination.buckets.s3ServerAccessLogs, TARGET);
            const targets = ofType(run.resources, "aws:s3/bucket:Bucket").filter((b) =>
                b.name.startsWith("member"),
            );
            assert.deepEqual(
                targets.map((b) => [b.name, b.inputs.region]),
                [
                    ["member-s3-access-logs", undefined],
                    ["member-s3-access-eu-west-1-logs", "eu-west-1"],
                ],
            );
            for (const name of ["member-s3-access-logs", "member-s3-access-eu-west-1-logs"]) {
                assert.deepEqual(
                    find(run.resources, ENCRYPTION, `${name}-encryption`).inputs.rules,
                    [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                );
            }
            const loggings = ofType(run.resources, LOGGING).filter((l) =>
                l.name.startsWith("member"),
            );
            assert.deepEqual(
                loggings.map((l) => [
                    l.inputs.bucket,
                    l.inputs.region,
                    l.inputs.targetBucket,
                    l.inputs.targetPrefix,
                ]),
                [
                    ["member-data", undefined, "member-s3-access-logs-xxxxxxx", "S3AccessLogs/"],
                    [
                        "member-eu",
                        "eu-west-1",
                        "member-s3-access-eu-west-1-logs-xxxxxxx",
                        "S3AccessLogs/",
                    ],
                ],
            );
            const replication = find(
                run.resources,
                REPLICATION,
                "member-s3-access-eu-west-1-replication",
            );
            assert.equal(replication.inputs.region, "eu-west-1");
            assert.deepEqual(replication.inputs.rules, [
                {
                    id: "sentinel-access-logs",
                    status: "Enabled",
                    filter: { prefix: `S3AccessLogs/${ACCOUNT}/` },
                    deleteMarkerReplication: { status: "Disabled" },
                    destination: { bucket: TARGET_ARN },
                },
            ]);
            assert.match(
                replication.inputs.role,
                /^arn:aws:iam::123456789012:role\/sentinel-aws-s3\/S3AccessLogsReplication-[0-9a-f]{8}$/,
            );
        });

        it("gives the replication role exactly the actions of S3's guide, on its target and its account's folder of the hub", () => {
            const policy = doc(
                find(
                    run.resources,
                    "aws:iam/rolePolicy:RolePolicy",
                    "member-s3-access-replication-policy",
                ).inputs.policy,
            );
            assert.deepEqual(policy.Statement, [
                {
                    Effect: "Allow",
                    Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
                    Resource: "arn:aws:s3:::member-s3-access-logs-xxxxxxx",
                },
                {
                    Effect: "Allow",
                    Action: [
                        "s3:GetObjectVersionForReplication",
                        "s3:GetObjectVersionAcl",
                        "s3:GetObjectVersionTagging",
                    ],
                    Resource: "arn:aws:s3:::member-s3-access-logs-xxxxxxx/*",
                },
                {
                    Effect: "Allow",
                    Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                    Resource: `${TARGET_ARN}/S3AccessLogs/${ACCOUNT}/*`,
                },
            ]);
            const trust = doc(
                find(run.resources, "aws:iam/role:Role", "member-s3-access-replication-role").inputs
                    .assumeRolePolicy,
            );
            assert.deepEqual(trust.Statement, [
                {
                    Effect: "Allow",
                    Principal: { Service: "s3.amazonaws.com" },
                    Action: "sts:AssumeRole",
                },
            ]);
        });

        it("refuses, in a log source, a source bucket that is one of the hub's buckets", () => {
            const destination = {
                format: "sentinel-aws-s3/log-destination/v1",
                bucketName: "hub-logs",
                bucketArn: "arn:aws:s3:::hub-logs",
                accountId: "111111111111",
                region: "us-east-1",
                partition: "aws",
                bucketUsesKey: false,
                organizationId: ORG_ID,
                keyPrefixes: { s3ServerAccessLogs: "" },
                buckets: { s3ServerAccessLogs: "hub-access" },
            };
            assert.deepEqual(
                validateSentinelLogSourceArgs({
                    destination,
                    s3ServerAccessLogs: {
                        sourceBuckets: [{ bucketName: "hub-logs" }, { bucketName: "hub-access" }],
                    },
                }),
                [
                    '`s3ServerAccessLogs.sourceBuckets` lists "hub-logs", the hub\'s log bucket: a bucket that receives logs must not log into the hub (S3 advises a bucket receiving access logs not to log its own). Remove it.',
                    '`s3ServerAccessLogs.sourceBuckets` lists "hub-access", the hub\'s access-log bucket: a bucket that receives logs must not log into the hub (S3 advises a bucket receiving access logs not to log its own). Remove it.',
                ],
            );
        });
    });

    describe("on the Sentinel side, against Microsoft's templates", () => {
        const facts = SOURCE_FACTS.s3ServerAccessLogs;
        const connection = facts.connections[0];
        const dcr = microsoftTemplate("s3access.AWSS3ServerAccessLogs_DCR.776da5b.json");
        const poller = microsoftTemplate(
            "s3access.AWSS3ServerAccessLogs_PollingConfig.1b4ccf6.json",
        );

        it("names the definition, stream, table and space-delimited format as Microsoft's connection does", () => {
            assert.equal(facts.sentinel.definitionName, poller.properties.connectorDefinitionName);
            assert.equal(connection.streamName, poller.properties.dcrConfig.streamName);
            assert.equal(connection.table, poller.properties.destinationTable);
            assert.deepEqual(facts.sentinel.dataFormat, poller.properties.dataFormat);
            assert.equal(facts.sentinel.dataFormat.CsvDelimiter, " ");
        });

        it("passes the table's own stream through, as Microsoft's DCR does", () => {
            assert.deepEqual(facts.sentinel.dcr.streamDeclarations, {});
            assert.deepEqual(
                (facts.sentinel.dcr.dataFlows as readonly DataFlowFacts[]).map((f) => [
                    f.streams,
                    f.transformKql,
                    f.outputStream,
                ]),
                dcr.properties.dataFlows.map((f: any) => [
                    f.streams,
                    f.transformKql,
                    f.outputStream,
                ]),
            );
        });
    });
});
