import assert from "node:assert/strict";
import { defaultRoleName } from "../../components/aws/awsSentinelConnectionPlan";
import {
    ALL_TYPES,
    GOV_CLOUD,
    VPC_A,
    VPC_B,
    WORKSPACE_ID,
    deployAws,
    doc,
    find,
    inventory,
    list,
    ofType,
    statement,
} from "../helpers";

const ACCOUNT = "123456789012";
const TENANT = "33e01921-4d64-4f8c-a055-5bdaffd5e33d";
const AUDIENCE = "api://1462b192-27f7-4cb9-8523-0f4ecb54b47e";
const TYPES = ["cloudTrail", "vpcFlowLogs", "guardDuty"];

const queueInventory = (types: string[]) =>
    types.flatMap((t) => [
        `aws:cloudwatch/metricAlarm:MetricAlarm sentinel-${t}-age-alarm`,
        `aws:cloudwatch/metricAlarm:MetricAlarm sentinel-${t}-dlq-alarm`,
        `aws:sqs/queue:Queue sentinel-${t}-dlq`,
        `aws:sqs/queue:Queue sentinel-${t}-queue`,
        `aws:sqs/queuePolicy:QueuePolicy sentinel-${t}-dlq-policy`,
        `aws:sqs/queuePolicy:QueuePolicy sentinel-${t}-queue-policy`,
    ]);

/** Sentinel's audience on the account's OIDC provider, held by a function and its invocation. */
const OIDC_INVENTORY = [
    "aws:iam/role:Role sentinel-oidc-audience-role",
    "aws:iam/rolePolicy:RolePolicy sentinel-oidc-audience-policy",
    "aws:lambda/function:Function sentinel-oidc-audience",
    "aws:lambda/invocation:Invocation sentinel-oidc-audience",
];

/** What the audience function is invoked with. */
const audienceInput = (run: {
    resources: readonly { type: string; name: string; inputs: any }[];
}) =>
    JSON.parse(
        find(run.resources as never, "aws:lambda/invocation:Invocation", "sentinel-oidc-audience")
            .inputs.input,
    );

const BUCKET_INVENTORY = [
    "aws:s3/bucket:Bucket sentinel-logs",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration sentinel-logs-lifecycle",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls sentinel-logs-ownership",
    "aws:s3/bucketPolicy:BucketPolicy sentinel-logs-policy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock sentinel-logs-public-access",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration sentinel-logs-encryption",
    "aws:s3/bucketVersioning:BucketVersioning sentinel-logs-versioning",
];

describe("AwsSentinelConnection", () => {
    describe("with all three log types and a new bucket", () => {
        let run: Awaited<ReturnType<typeof deployAws>>;
        before(async () => {
            run = await deployAws(ALL_TYPES);
        });

        it("creates exactly the expected resources", () => {
            assert.deepEqual(
                inventory(run.resources),
                [
                    "aws:cloudtrail/trail:Trail sentinel-trail",
                    `aws:ec2/flowLog:FlowLog sentinel-flow-log-${VPC_A}`,
                    `aws:ec2/flowLog:FlowLog sentinel-flow-log-${VPC_B}`,
                    "aws:guardduty/detector:Detector sentinel-guardduty-detector",
                    "aws:guardduty/publishingDestination:PublishingDestination sentinel-guardduty-export",
                    ...OIDC_INVENTORY,
                    "aws:iam/role:Role sentinel-role",
                    "aws:iam/rolePolicy:RolePolicy sentinel-role-policy",
                    "aws:kms/key:Key sentinel-logs-key",
                    ...BUCKET_INVENTORY,
                    "aws:s3/bucketNotification:BucketNotification sentinel-notification",
                    ...queueInventory(TYPES),
                ].sort(),
            );
        });

        it("registers the component under its type token and parents every child to it", () => {
            const component = find(
                run.resources,
                "sentinel-aws-s3:index:AwsSentinelConnection",
                "sentinel",
            );
            for (const r of run.resources.filter((x) => x.custom)) {
                assert.equal(
                    r.parent,
                    component.urn,
                    `${r.type} ${r.name} must be a child of the component`,
                );
            }
        });

        it("outputs one connection per log type with its table, queue URL and prefix", () => {
            assert.deepEqual(
                run.result.connections.map((c: any) => [
                    c.logType,
                    c.destinationTable,
                    c.sqsUrl,
                    c.objectPrefix,
                ]),
                [
                    [
                        "cloudTrail",
                        "AWSCloudTrail",
                        `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/sentinel-cloudTrail-queue-xxxxxxx`,
                        `AWSLogs/${ACCOUNT}/CloudTrail/`,
                    ],
                    [
                        "vpcFlowLogs",
                        "AWSVPCFlow",
                        `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/sentinel-vpcFlowLogs-queue-xxxxxxx`,
                        `AWSLogs/${ACCOUNT}/vpcflowlogs/`,
                    ],
                    [
                        "guardDuty",
                        "AWSGuardDuty",
                        `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/sentinel-guardDuty-queue-xxxxxxx`,
                        `AWSLogs/${ACCOUNT}/GuardDuty/`,
                    ],
                ],
            );
            assert.equal(
                run.result.roleArn,
                `arn:aws:iam::${ACCOUNT}:role/${defaultRoleName("sentinel", "sentinel-aws-s3", "test")}`,
            );
            assert.equal(run.result.bucketArn, "arn:aws:s3:::sentinel-logs-xxxxxxx");
            assert.deepEqual(Object.keys(run.result.queueArns), TYPES);
        });

        it("names the role with the OIDC_ prefix and trusts only Sentinel's tokens for this workspace", () => {
            const role = find(run.resources, "aws:iam/role:Role", "sentinel-role");
            // A fixed name (so the role's ARN is known during a preview), unique per stack.
            assert.equal(role.inputs.namePrefix, undefined);
            assert.match(role.inputs.name, /^OIDC_MicrosoftSentinel-sentinel-[0-9a-f]{8}$/);
            assert.equal(role.inputs.name, defaultRoleName("sentinel", "sentinel-aws-s3", "test"));
            assert.notEqual(
                role.inputs.name,
                defaultRoleName("sentinel", "sentinel-aws-s3", "prod"),
            );
            assert.notEqual(role.inputs.name, defaultRoleName("sentinel", "other-project", "test"));
            const trust = doc(role.inputs.assumeRolePolicy);
            assert.equal(trust.Version, "2012-10-17");
            assert.deepEqual(trust.Statement, [
                {
                    Sid: "MicrosoftSentinelWebIdentity",
                    Effect: "Allow",
                    Principal: {
                        Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/sts.windows.net/${TENANT}/`,
                    },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: {
                            [`sts.windows.net/${TENANT}/:aud`]: AUDIENCE,
                            "sts:RoleSessionName": [
                                `MicrosoftSentinel_${WORKSPACE_ID}`,
                                `MicrosoftDefenderForClouds_${WORKSPACE_ID}`,
                            ],
                        },
                    },
                },
            ]);
            assert.equal(role.inputs.managedPolicyArns, undefined);
        });

        it("holds Sentinel's audience on the account's provider for the issuer URL (trailing slash), creating it with the thumbprint if missing", () => {
            const input = audienceInput(run);
            assert.deepEqual(
                { ...input, holder: typeof input.holder },
                {
                    providerArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/sts.windows.net/${TENANT}/`,
                    url: `https://sts.windows.net/${TENANT}/`,
                    audience: AUDIENCE,
                    thumbprints: ["626d44e704d1ceabe3bf0d53397464ac8080142c"],
                    createIfMissing: true,
                    holder: "string",
                },
            );
            assert.match(input.holder, /^[0-9a-f]{16}$/);
            const invocation = find(
                run.resources,
                "aws:lambda/invocation:Invocation",
                "sentinel-oidc-audience",
            );
            assert.equal(invocation.inputs.lifecycleScope, "CRUD");
            // The function may change that one provider only.
            const policy = doc(
                find(
                    run.resources,
                    "aws:iam/rolePolicy:RolePolicy",
                    "sentinel-oidc-audience-policy",
                ).inputs.policy,
            );
            assert.deepEqual(
                policy.Statement.map((s) => s.Resource),
                [`arn:aws:iam::${ACCOUNT}:oidc-provider/sts.windows.net/${TENANT}/`],
            );
        });

        it("grants the role the connector's actions on exact ARNs only", () => {
            const policy = doc(
                find(run.resources, "aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy").inputs
                    .policy,
            );
            const queues = TYPES.map(
                (t) => `arn:aws:sqs:us-east-1:${ACCOUNT}:sentinel-${t}-queue-xxxxxxx`,
            );
            assert.deepEqual(statement(policy, "ReadConnectorQueues"), {
                Sid: "ReadConnectorQueues",
                Effect: "Allow",
                Action: [
                    "sqs:ReceiveMessage",
                    "sqs:DeleteMessage",
                    "sqs:ChangeMessageVisibility",
                    "sqs:GetQueueUrl",
                    "sqs:GetQueueAttributes",
                ],
                Resource: queues,
            });
            assert.deepEqual(statement(policy, "ReadLogObjects"), {
                Sid: "ReadLogObjects",
                Effect: "Allow",
                Action: ["s3:GetObject"],
                Resource: ["CloudTrail", "vpcflowlogs", "GuardDuty"].map(
                    (p) => `arn:aws:s3:::sentinel-logs-xxxxxxx/AWSLogs/${ACCOUNT}/${p}/*`,
                ),
            });
            // The logs key grants the role in its key policy (through S3 only), which is all KMS
            // needs in one account; the role policy names no key ARN, so it is complete during a
            // preview.
            const key = find(run.resources, "aws:kms/key:Key", "sentinel-logs-key");
            assert.deepEqual(
                statement(doc(key.inputs.policy), "SentinelDecryptsLogObjects").Principal,
                {
                    AWS: run.result.roleArn,
                },
            );
            assert.equal(policy.Statement.length, 2);
        });

        it("locks the bucket down and keeps it (and its settings) when the stack goes", () => {
            const bucket = find(run.resources, "aws:s3/bucket:Bucket", "sentinel-logs");
            assert.equal(bucket.inputs.forceDestroy, false);
            const pab = find(
                run.resources,
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                "sentinel-logs-public-access",
            );
            assert.deepEqual(
                [
                    pab.inputs.blockPublicAcls,
                    pab.inputs.blockPublicPolicy,
                    pab.inputs.ignorePublicAcls,
                    pab.inputs.restrictPublicBuckets,
                ],
                [true, true, true, true],
            );
            const ownership = find(
                run.resources,
                "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
                "sentinel-logs-ownership",
            );
            assert.equal(ownership.inputs.rule.objectOwnership, "BucketOwnerEnforced");
            const sse = find(
                run.resources,
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "sentinel-logs-encryption",
            );
            const key = find(run.resources, "aws:kms/key:Key", "sentinel-logs-key");
            assert.deepEqual(sse.inputs.rules, [
                {
                    applyServerSideEncryptionByDefault: {
                        sseAlgorithm: "aws:kms",
                        kmsMasterKeyId: key.state.arn,
                    },
                    bucketKeyEnabled: true,
                },
            ]);
            assert.equal(
                find(
                    run.resources,
                    "aws:s3/bucketVersioning:BucketVersioning",
                    "sentinel-logs-versioning",
                ).inputs.versioningConfiguration.status,
                "Enabled",
            );
            const lifecycle = find(
                run.resources,
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                "sentinel-logs-lifecycle",
            );
            assert.equal(lifecycle.inputs.rules[0].expiration.days, 365);
            assert.equal(lifecycle.inputs.rules[0].noncurrentVersionExpiration.noncurrentDays, 30);
            for (const r of run.resources.filter(
                (x) =>
                    x.type.startsWith("aws:s3/bucket") &&
                    x.type !== "aws:s3/bucketNotification:BucketNotification",
            )) {
                assert.equal(r.options.retainOnDelete, true, `${r.name} must be retained`);
            }
            assert.equal(
                find(run.resources, "aws:kms/key:Key", "sentinel-logs-key").options.retainOnDelete,
                true,
            );
            assert.equal(
                find(
                    run.resources,
                    "aws:guardduty/detector:Detector",
                    "sentinel-guardduty-detector",
                ).options.retainOnDelete,
                true,
            );
        });

        it("writes a bucket policy that denies plain HTTP and admits each writer only from its source", () => {
            const policy = doc(
                find(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy")
                    .inputs.policy,
            );
            const bucket = "arn:aws:s3:::sentinel-logs-xxxxxxx";
            const trail = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/sentinel-test`;
            // A created detector's ID is known only once it exists; the account's one detector in
            // the region (GuardDuty API reference, CreateDetector) is named by its ARN pattern.
            const detector = `arn:aws:guardduty:us-east-1:${ACCOUNT}:detector/*`;
            assert.deepEqual(statement(policy, "DenyInsecureTransport"), {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucket, `${bucket}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            });
            assert.deepEqual(statement(policy, "CloudTrailAclCheck").Condition, {
                StringEquals: { "aws:SourceArn": trail },
            });
            assert.deepEqual(statement(policy, "CloudTrailWrite"), {
                Sid: "CloudTrailWrite",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${bucket}/AWSLogs/${ACCOUNT}/*`,
                Condition: {
                    StringEquals: {
                        "s3:x-amz-acl": "bucket-owner-full-control",
                        "aws:SourceArn": trail,
                    },
                },
            });
            assert.deepEqual(statement(policy, "AWSLogDeliveryWrite").Condition, {
                StringEquals: {
                    "s3:x-amz-acl": "bucket-owner-full-control",
                    "aws:SourceAccount": ACCOUNT,
                },
                ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` },
            });
            assert.deepEqual(statement(policy, "AWSLogDeliveryAclCheck").Action, "s3:GetBucketAcl");
            // GuardDuty user guide, "Exporting generated findings to Amazon S3 buckets", step 3:
            // PutObject on <bucket>/[prefix]/*, bound to the account and the detector.
            assert.deepEqual(statement(policy, "GuardDutyWrite"), {
                Sid: "GuardDutyWrite",
                Effect: "Allow",
                Principal: { Service: "guardduty.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${bucket}/*`,
                Condition: {
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                    ArnLike: { "aws:SourceArn": detector },
                },
            });
            assert.deepEqual(
                statement(policy, "GuardDutyBucketLocation").Action,
                "s3:GetBucketLocation",
            );
            assert.equal(policy.Statement.length, 7);
        });

        it("gives each log type a 14-day, SSE-SQS queue with a dead-letter queue and an S3-only, TLS-only policy", () => {
            for (const t of TYPES) {
                const queue = find(run.resources, "aws:sqs/queue:Queue", `sentinel-${t}-queue`);
                const dlq = find(run.resources, "aws:sqs/queue:Queue", `sentinel-${t}-dlq`);
                assert.equal(queue.inputs.fifoQueue, undefined);
                assert.equal(queue.inputs.sqsManagedSseEnabled, true);
                assert.equal(queue.inputs.kmsMasterKeyId, undefined);
                assert.equal(queue.inputs.messageRetentionSeconds, 1_209_600);
                assert.equal(dlq.inputs.messageRetentionSeconds, 1_209_600);
                assert.equal(dlq.inputs.sqsManagedSseEnabled, true);
                assert.equal(queue.inputs.visibilityTimeoutSeconds, 300);
                assert.deepEqual(JSON.parse(queue.inputs.redrivePolicy), {
                    deadLetterTargetArn: dlq.state.arn,
                    maxReceiveCount: 10,
                });
                const policy = doc(
                    find(
                        run.resources,
                        "aws:sqs/queuePolicy:QueuePolicy",
                        `sentinel-${t}-queue-policy`,
                    ).inputs.policy,
                );
                assert.equal(policy.Version, "2012-10-17");
                assert.deepEqual(policy.Statement, [
                    {
                        Sid: "AllowS3BucketNotifications",
                        Effect: "Allow",
                        Principal: { Service: "s3.amazonaws.com" },
                        Action: "sqs:SendMessage",
                        Resource: queue.state.arn,
                        Condition: {
                            ArnEquals: { "aws:SourceArn": "arn:aws:s3:::sentinel-logs-xxxxxxx" },
                            StringEquals: { "aws:SourceAccount": ACCOUNT },
                        },
                    },
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "sqs:*",
                        Resource: queue.state.arn,
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ]);
                const dlqPolicy = doc(
                    find(
                        run.resources,
                        "aws:sqs/queuePolicy:QueuePolicy",
                        `sentinel-${t}-dlq-policy`,
                    ).inputs.policy,
                );
                assert.deepEqual(
                    dlqPolicy.Statement.map((s) => s.Sid),
                    ["DenyInsecureTransport"],
                );
            }
        });

        it("alarms on the age of the oldest message and on dead-letter depth", () => {
            const age = find(
                run.resources,
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                "sentinel-guardDuty-age-alarm",
            );
            assert.equal(age.inputs.metricName, "ApproximateAgeOfOldestMessage");
            assert.equal(age.inputs.threshold, 3600);
            assert.equal(age.inputs.dimensions.QueueName, "sentinel-guardDuty-queue-xxxxxxx");
            const dlq = find(
                run.resources,
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                "sentinel-guardDuty-dlq-alarm",
            );
            assert.equal(dlq.inputs.metricName, "ApproximateNumberOfMessagesVisible");
            assert.equal(dlq.inputs.dimensions.QueueName, "sentinel-guardDuty-dlq-xxxxxxx");
            assert.equal(dlq.inputs.threshold, 0);
        });

        it("puts every queue in one notification, by prefix and .gz, after the queue policies", () => {
            const notifications = ofType(
                run.resources,
                "aws:s3/bucketNotification:BucketNotification",
            );
            assert.equal(notifications.length, 1);
            const n = notifications[0];
            assert.equal(n.inputs.bucket, "sentinel-logs-xxxxxxx");
            assert.deepEqual(
                n.inputs.queues.map((q: any) => [
                    q.id,
                    q.queueArn,
                    q.events,
                    q.filterPrefix,
                    q.filterSuffix,
                ]),
                [
                    [
                        "sentinel-cloudTrail",
                        `arn:aws:sqs:us-east-1:${ACCOUNT}:sentinel-cloudTrail-queue-xxxxxxx`,
                        ["s3:ObjectCreated:*"],
                        `AWSLogs/${ACCOUNT}/CloudTrail/`,
                        ".gz",
                    ],
                    [
                        "sentinel-vpcFlowLogs",
                        `arn:aws:sqs:us-east-1:${ACCOUNT}:sentinel-vpcFlowLogs-queue-xxxxxxx`,
                        ["s3:ObjectCreated:*"],
                        `AWSLogs/${ACCOUNT}/vpcflowlogs/`,
                        ".gz",
                    ],
                    [
                        "sentinel-guardDuty",
                        `arn:aws:sqs:us-east-1:${ACCOUNT}:sentinel-guardDuty-queue-xxxxxxx`,
                        ["s3:ObjectCreated:*"],
                        `AWSLogs/${ACCOUNT}/GuardDuty/`,
                        ".gz",
                    ],
                ],
            );
            assert.ok(
                !`AWSLogs/${ACCOUNT}/CloudTrail-Digest/x.json.gz`.startsWith(
                    n.inputs.queues[0].filterPrefix,
                ),
                "CloudTrail's prefix must not catch digest files",
            );
            for (const t of TYPES) {
                assert.ok(
                    n.dependencies.includes(
                        find(
                            run.resources,
                            "aws:sqs/queuePolicy:QueuePolicy",
                            `sentinel-${t}-queue-policy`,
                        ).urn,
                    ),
                );
            }
        });

        it("exports CloudTrail, flow logs and GuardDuty findings after the bucket policy admits them", () => {
            const bucketPolicy = find(
                run.resources,
                "aws:s3/bucketPolicy:BucketPolicy",
                "sentinel-logs-policy",
            ).urn;
            const key = find(run.resources, "aws:kms/key:Key", "sentinel-logs-key");
            const trail = find(run.resources, "aws:cloudtrail/trail:Trail", "sentinel-trail");
            assert.deepEqual(
                [
                    trail.inputs.name,
                    trail.inputs.isMultiRegionTrail,
                    trail.inputs.enableLogFileValidation,
                    trail.inputs.s3BucketName,
                    trail.inputs.kmsKeyId,
                ],
                ["sentinel-test", true, true, "sentinel-logs-xxxxxxx", key.state.arn],
            );
            for (const vpc of [VPC_A, VPC_B]) {
                const flow = find(
                    run.resources,
                    "aws:ec2/flowLog:FlowLog",
                    `sentinel-flow-log-${vpc}`,
                );
                assert.equal(flow.inputs.vpcId, vpc);
                assert.equal(flow.inputs.logDestinationType, "s3");
                assert.equal(flow.inputs.logDestination, "arn:aws:s3:::sentinel-logs-xxxxxxx");
                assert.equal(flow.inputs.maxAggregationInterval, 60);
                assert.equal(flow.inputs.trafficType, "ALL");
                assert.equal(flow.inputs.logFormat, undefined);
                assert.deepEqual(flow.inputs.destinationOptions, {
                    fileFormat: "plain-text",
                    hiveCompatiblePartitions: false,
                    perHourPartition: false,
                });
                assert.ok(flow.dependencies.includes(bucketPolicy));
            }
            const detector = find(
                run.resources,
                "aws:guardduty/detector:Detector",
                "sentinel-guardduty-detector",
            );
            assert.equal(detector.inputs.findingPublishingFrequency, "FIFTEEN_MINUTES");
            const exportDest = find(
                run.resources,
                "aws:guardduty/publishingDestination:PublishingDestination",
                "sentinel-guardduty-export",
            );
            assert.deepEqual(
                [
                    exportDest.inputs.detectorId,
                    exportDest.inputs.destinationType,
                    exportDest.inputs.destinationArn,
                    exportDest.inputs.kmsKeyArn,
                ],
                [detector.id, "S3", "arn:aws:s3:::sentinel-logs-xxxxxxx", key.state.arn],
            );
            for (const r of [trail, exportDest]) {
                assert.ok(
                    r.dependencies.includes(bucketPolicy) && r.dependencies.includes(key.urn),
                    `${r.name} waits for the bucket policy and key`,
                );
            }
        });

        it("writes a key policy with rotation on: writers encrypt from their source, Sentinel decrypts through S3", () => {
            const key = find(run.resources, "aws:kms/key:Key", "sentinel-logs-key");
            assert.equal(key.inputs.enableKeyRotation, true);
            assert.equal(key.inputs.deletionWindowInDays, 30);
            const policy = doc(key.inputs.policy);
            assert.deepEqual(statement(policy, "AccountRootAdministersKey").Principal, {
                AWS: `arn:aws:iam::${ACCOUNT}:root`,
            });
            const detector = `arn:aws:guardduty:us-east-1:${ACCOUNT}:detector/*`;
            // GuardDuty user guide, "Exporting generated findings", step 2 (GenerateDataKey), and
            // kms:Decrypt, which the writer of an object under an S3 Bucket Key needs.
            assert.deepEqual(statement(policy, "GuardDutyEncryptsFindings"), {
                Sid: "GuardDutyEncryptsFindings",
                Effect: "Allow",
                Principal: { Service: "guardduty.amazonaws.com" },
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                    ArnLike: { "aws:SourceArn": detector },
                },
            });
            assert.deepEqual(statement(policy, "CloudTrailEncryptsLogs").Condition!.StringEquals, {
                "aws:SourceArn": `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/sentinel-test`,
            });
            assert.deepEqual(statement(policy, "AWSLogDeliveryEncryptsLogs").Condition, {
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` },
            });
            assert.deepEqual(statement(policy, "SentinelDecryptsLogObjects"), {
                Sid: "SentinelDecryptsLogObjects",
                Effect: "Allow",
                Principal: { AWS: run.result.roleArn },
                Action: ["kms:Decrypt"],
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
            });
        });

        it("lists the resources a Sentinel connector must wait for", () => {
            const urn = (type: string, name: string) => find(run.resources, type, name).urn;
            assert.deepEqual(run.result.prerequisites, [
                // Sentinel's audience on the provider, which its tokens are checked against.
                urn("aws:lambda/invocation:Invocation", "sentinel-oidc-audience"),
                urn("aws:iam/role:Role", "sentinel-role"),
                urn("aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy"),
                ...TYPES.flatMap((t) => [
                    urn("aws:sqs/queuePolicy:QueuePolicy", `sentinel-${t}-queue-policy`),
                    urn("aws:sqs/queuePolicy:QueuePolicy", `sentinel-${t}-dlq-policy`),
                ]),
                urn("aws:s3/bucketNotification:BucketNotification", "sentinel-notification"),
            ]);
        });

        it("tags every taggable child with the default tag", () => {
            for (const r of run.resources.filter((x) => x.custom && x.inputs.tags !== undefined)) {
                assert.equal(r.inputs.tags["managed-by"], "sentinel-aws-s3", r.name);
            }
        });
    });

    describe("with one log type", () => {
        it("creates only that type's queue, export and grants, and no key when the bucket uses SSE-S3", async () => {
            const run = await deployAws({
                workspaceId: WORKSPACE_ID,
                logTypes: { cloudTrail: {} },
                bucketEncryption: "s3",
                tags: { team: "secops" },
            });
            assert.deepEqual(
                inventory(run.resources),
                [
                    "aws:cloudtrail/trail:Trail sentinel-trail",
                    ...OIDC_INVENTORY,
                    "aws:iam/role:Role sentinel-role",
                    "aws:iam/rolePolicy:RolePolicy sentinel-role-policy",
                    ...BUCKET_INVENTORY,
                    "aws:s3/bucketNotification:BucketNotification sentinel-notification",
                    ...queueInventory(["cloudTrail"]),
                ].sort(),
            );
            const sse = find(
                run.resources,
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "sentinel-logs-encryption",
            );
            assert.deepEqual(sse.inputs.rules, [
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ]);
            const policy = doc(
                find(run.resources, "aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy").inputs
                    .policy,
            );
            assert.deepEqual(
                policy.Statement.map((s) => s.Sid),
                ["ReadConnectorQueues", "ReadLogObjects"],
            );
            assert.equal(
                find(run.resources, "aws:cloudtrail/trail:Trail", "sentinel-trail").inputs.kmsKeyId,
                undefined,
            );
            assert.deepEqual(
                find(run.resources, "aws:iam/role:Role", "sentinel-role").inputs.tags,
                { "managed-by": "sentinel-aws-s3", team: "secops" },
            );
        });

        it("skips a log type switched off with enabled: false", async () => {
            const run = await deployAws({
                workspaceId: WORKSPACE_ID,
                logTypes: { cloudTrail: { enabled: false }, guardDuty: {} },
            });
            assert.deepEqual(
                run.result.connections.map((c: any) => c.logType),
                ["guardDuty"],
            );
            assert.equal(ofType(run.resources, "aws:cloudtrail/trail:Trail").length, 0);
        });
    });

    describe("with an existing bucket", () => {
        let run: Awaited<ReturnType<typeof deployAws>>;
        before(async () => {
            run = await deployAws({
                workspaceId: WORKSPACE_ID,
                logTypes: {
                    cloudTrail: { createTrail: false },
                    vpcFlowLogs: {
                        vpcIds: [VPC_A],
                        logFormat: "${version} ${srcaddr} ${dstaddr} ${start} ${end} ${action}",
                    },
                },
                existingBucketName: "corp-security-logs",
                // The bucket's own policy admits the flow-log writer.
                bucketPolicyManagedElsewhere: true,
                existingBucketKmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`,
                existingBucketNotifications: {
                    queues: [
                        {
                            id: "siem-exports",
                            arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:exports`,
                            events: ["s3:ObjectCreated:*"],
                            filterPrefix: "exports/",
                        },
                    ],
                    topics: [
                        {
                            arn: `arn:aws:sns:us-east-1:${ACCOUNT}:deletions`,
                            events: ["s3:ObjectRemoved:*"],
                        },
                    ],
                    eventbridge: true,
                },
                keyPrefix: "security",
                queueEncryption: "kms",
            });
        });

        it("creates no bucket, no bucket settings and no bucket policy", () => {
            assert.deepEqual(
                inventory(run.resources),
                [
                    `aws:ec2/flowLog:FlowLog sentinel-flow-log-${VPC_A}`,
                    ...OIDC_INVENTORY,
                    "aws:iam/role:Role sentinel-role",
                    "aws:iam/rolePolicy:RolePolicy sentinel-role-policy",
                    "aws:kms/key:Key sentinel-queue-key",
                    "aws:s3/bucketNotification:BucketNotification sentinel-notification",
                    ...queueInventory(["cloudTrail", "vpcFlowLogs"]),
                ].sort(),
            );
            assert.equal(run.result.bucketName, "corp-security-logs");
            assert.equal(run.result.bucketArn, "arn:aws:s3:::corp-security-logs");
        });

        it("keeps the bucket's existing notifications beside the connector's", () => {
            const n = find(
                run.resources,
                "aws:s3/bucketNotification:BucketNotification",
                "sentinel-notification",
            );
            assert.equal(n.inputs.bucket, "corp-security-logs");
            assert.deepEqual(
                n.inputs.queues.map((q: any) => [q.id, q.filterPrefix]),
                [
                    ["sentinel-cloudTrail", `security/AWSLogs/${ACCOUNT}/CloudTrail/`],
                    ["sentinel-vpcFlowLogs", `security/AWSLogs/${ACCOUNT}/vpcflowlogs/`],
                    ["siem-exports", "exports/"],
                ],
            );
            assert.equal(n.inputs.queues[2].queueArn, `arn:aws:sqs:us-east-1:${ACCOUNT}:exports`);
            assert.deepEqual(n.inputs.topics, [
                {
                    topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:deletions`,
                    events: ["s3:ObjectRemoved:*"],
                },
            ]);
            assert.equal(n.inputs.eventbridge, true);
        });

        it("reads only the prefixed log objects and decrypts with the bucket's and the queue key", () => {
            const policy = doc(
                find(run.resources, "aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy").inputs
                    .policy,
            );
            assert.deepEqual(list(statement(policy, "ReadLogObjects").Resource), [
                `arn:aws:s3:::corp-security-logs/security/AWSLogs/${ACCOUNT}/CloudTrail/*`,
                `arn:aws:s3:::corp-security-logs/security/AWSLogs/${ACCOUNT}/vpcflowlogs/*`,
            ]);
            // The bucket's own key, whose policy may delegate to IAM, is named in the role policy;
            // the queue key grants the role in its key policy (through SQS only).
            assert.deepEqual(list(statement(policy, "DecryptLogsAndMessages").Resource), [
                `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`,
            ]);
            const queueKey = find(run.resources, "aws:kms/key:Key", "sentinel-queue-key");
            assert.deepEqual(
                statement(doc(queueKey.inputs.policy), "SentinelDecryptsMessages").Principal,
                {
                    AWS: run.result.roleArn,
                },
            );
        });

        it("encrypts the queues with a customer-managed key S3 may use, never alias/aws/sqs", () => {
            const queueKey = find(run.resources, "aws:kms/key:Key", "sentinel-queue-key");
            for (const q of ofType(run.resources, "aws:sqs/queue:Queue")) {
                assert.equal(q.inputs.kmsMasterKeyId, queueKey.state.arn);
                assert.equal(q.inputs.sqsManagedSseEnabled, undefined);
            }
            const policy = doc(queueKey.inputs.policy);
            // Exactly the S3 user guide's key policy for notification destinations ("Enabling and
            // configuring event notifications", AWS KMS key policy): no source conditions, which
            // nothing documents reaching KMS when SQS calls it for S3.
            assert.deepEqual(statement(policy, "S3EncryptsNotifications"), {
                Sid: "S3EncryptsNotifications",
                Effect: "Allow",
                Principal: { Service: "s3.amazonaws.com" },
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: "*",
            });
            // The binding to the bucket stays on the queue policy, where it is documented.
            for (const t of ["cloudTrail", "vpcFlowLogs"]) {
                const queuePolicy = doc(
                    find(
                        run.resources,
                        "aws:sqs/queuePolicy:QueuePolicy",
                        `sentinel-${t}-queue-policy`,
                    ).inputs.policy,
                );
                assert.deepEqual(statement(queuePolicy, "AllowS3BucketNotifications").Condition, {
                    ArnEquals: { "aws:SourceArn": "arn:aws:s3:::corp-security-logs" },
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                });
            }
            assert.deepEqual(statement(policy, "SentinelDecryptsMessages").Condition, {
                StringEquals: { "kms:ViaService": "sqs.us-east-1.amazonaws.com" },
            });
            assert.equal(queueKey.options.retainOnDelete, true);
        });

        it("writes flow logs under the prefix with the custom format", () => {
            const flow = find(
                run.resources,
                "aws:ec2/flowLog:FlowLog",
                `sentinel-flow-log-${VPC_A}`,
            );
            assert.equal(flow.inputs.logDestination, "arn:aws:s3:::corp-security-logs/security/");
            assert.equal(
                flow.inputs.logFormat,
                "${version} ${srcaddr} ${dstaddr} ${start} ${end} ${action}",
            );
        });
    });

    describe("with an existing OIDC provider", () => {
        it("creates no provider, adds Sentinel's audience to the given one and trusts it", async () => {
            const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/sts.windows.net/${TENANT}/`;
            const run = await deployAws({
                ...ALL_TYPES,
                existingOidcProviderArn: arn,
                roleName: "OIDC_SentinelReader",
            });
            assert.equal(
                ofType(run.resources, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").length,
                0,
            );
            const input = audienceInput(run);
            assert.deepEqual(
                [input.providerArn, input.audience, input.createIfMissing],
                [arn, AUDIENCE, false],
            );
            const role = find(run.resources, "aws:iam/role:Role", "sentinel-role");
            assert.equal(role.inputs.name, "OIDC_SentinelReader");
            assert.equal(role.inputs.namePrefix, undefined);
            assert.deepEqual(doc(role.inputs.assumeRolePolicy).Statement[0].Principal, {
                Federated: arn,
            });
            assert.equal(run.result.oidcProviderArn, arn);
        });
    });

    describe("with an existing trail and detector", () => {
        it("creates neither and admits the given trail and detector", async () => {
            const trailArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail`;
            const run = await deployAws({
                workspaceId: WORKSPACE_ID,
                logTypes: {
                    cloudTrail: { createTrail: false, trailArn },
                    guardDuty: { existingDetectorId: "0123456789abcdef0123456789abcdef" },
                },
            });
            assert.equal(ofType(run.resources, "aws:cloudtrail/trail:Trail").length, 0);
            assert.equal(ofType(run.resources, "aws:guardduty/detector:Detector").length, 0);
            const exportDest = find(
                run.resources,
                "aws:guardduty/publishingDestination:PublishingDestination",
                "sentinel-guardduty-export",
            );
            assert.equal(exportDest.inputs.detectorId, "0123456789abcdef0123456789abcdef");
            const policy = doc(
                find(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy")
                    .inputs.policy,
            );
            assert.deepEqual(
                statement(policy, "CloudTrailWrite").Condition!.StringEquals["aws:SourceArn"],
                trailArn,
            );
            assert.equal(
                statement(policy, "GuardDutyWrite").Condition!.ArnLike["aws:SourceArn"],
                `arn:aws:guardduty:us-east-1:${ACCOUNT}:detector/0123456789abcdef0123456789abcdef`,
            );
        });
    });

    describe("in AWS GovCloud with Azure Government", () => {
        let run: Awaited<ReturnType<typeof deployAws>>;
        before(async () => {
            run = await deployAws(
                { ...ALL_TYPES, azureCloud: "AzureUSGovernment" },
                { cloud: GOV_CLOUD },
            );
        });

        it("trusts the Azure Government issuer and audience", () => {
            const tenant = "cab8a31a-1906-4287-a0d8-4eef66b95f6e";
            const input = audienceInput(run);
            assert.equal(input.url, `https://sts.windows.net/${tenant}/`);
            assert.equal(input.audience, "api://d4230588-5f84-4281-a9c7-2c15194b28f7");
            assert.equal(
                input.providerArn,
                `arn:aws-us-gov:iam::${ACCOUNT}:oidc-provider/sts.windows.net/${tenant}/`,
            );
            const trust = doc(
                find(run.resources, "aws:iam/role:Role", "sentinel-role").inputs.assumeRolePolicy,
            );
            assert.deepEqual(trust.Statement[0].Principal, {
                Federated: `arn:aws-us-gov:iam::${ACCOUNT}:oidc-provider/sts.windows.net/${tenant}/`,
            });
            assert.deepEqual(trust.Statement[0].Condition!.StringEquals, {
                [`sts.windows.net/${tenant}/:aud`]: "api://d4230588-5f84-4281-a9c7-2c15194b28f7",
                "sts:RoleSessionName": [
                    `MicrosoftSentinel_${WORKSPACE_ID}`,
                    `MicrosoftDefenderForClouds_${WORKSPACE_ID}`,
                ],
            });
        });

        it("uses the GovCloud partition and region in every ARN it writes", () => {
            const policy = JSON.stringify(
                doc(
                    find(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy")
                        .inputs.policy,
                ),
            );
            assert.ok(
                policy.includes(
                    `arn:aws-us-gov:cloudtrail:us-gov-west-1:${ACCOUNT}:trail/sentinel-test`,
                ),
            );
            assert.ok(policy.includes(`arn:aws-us-gov:logs:us-gov-west-1:${ACCOUNT}:*`));
            assert.ok(!/arn:aws:/.test(policy), "no commercial-partition ARN");
            const keyPolicy = doc(
                find(run.resources, "aws:kms/key:Key", "sentinel-logs-key").inputs.policy,
            );
            assert.deepEqual(statement(keyPolicy, "SentinelDecryptsLogObjects").Condition, {
                StringEquals: { "kms:ViaService": "s3.us-gov-west-1.amazonaws.com" },
            });
            assert.ok(run.result.roleArn.startsWith("arn:aws-us-gov:iam::"));
        });
    });

    describe("options", () => {
        it("turns alarms off, passes alarm actions, and applies retention, visibility and receive count", async () => {
            const off = await deployAws({ ...ALL_TYPES, alarms: { enabled: false } });
            assert.equal(ofType(off.resources, "aws:cloudwatch/metricAlarm:MetricAlarm").length, 0);
            const topic = `arn:aws:sns:us-east-1:${ACCOUNT}:secops`;
            const on = await deployAws({
                workspaceId: WORKSPACE_ID,
                logTypes: { guardDuty: {} },
                alarms: { actions: [topic], oldestMessageAgeSeconds: 900 },
                messageRetentionSeconds: 604_800,
                visibilityTimeoutSeconds: 600,
                maxReceiveCount: 5,
                logExpirationDays: 90,
                retainOnDelete: false,
            });
            const age = find(
                on.resources,
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                "sentinel-guardDuty-age-alarm",
            );
            assert.deepEqual(
                [age.inputs.alarmActions, age.inputs.okActions, age.inputs.threshold],
                [[topic], [topic], 900],
            );
            const queue = find(on.resources, "aws:sqs/queue:Queue", "sentinel-guardDuty-queue");
            assert.deepEqual(
                [
                    queue.inputs.messageRetentionSeconds,
                    queue.inputs.visibilityTimeoutSeconds,
                    JSON.parse(queue.inputs.redrivePolicy).maxReceiveCount,
                ],
                [604_800, 600, 5],
            );
            assert.equal(
                find(
                    on.resources,
                    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                    "sentinel-logs-lifecycle",
                ).inputs.rules[0].expiration.days,
                90,
            );
            assert.equal(
                find(on.resources, "aws:s3/bucket:Bucket", "sentinel-logs").options.retainOnDelete,
                false,
            );
        });

        it("logs server access to a given bucket and appends the user's bucket policy statements", async () => {
            const extra = {
                Sid: "AllowAuditReader",
                Effect: "Allow" as const,
                Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/auditor`] },
                Action: ["s3:GetObject"],
                Resource: ["arn:aws:s3:::x/*"],
            };
            const run = await deployAws({
                ...ALL_TYPES,
                accessLogsBucketName: "corp-access-logs",
                bucketPolicyStatements: [extra],
            });
            const logging = find(
                run.resources,
                "aws:s3/bucketLogging:BucketLogging",
                "sentinel-logs-access-logging",
            );
            assert.equal(logging.inputs.targetBucket, "corp-access-logs");
            const policy = doc(
                find(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy")
                    .inputs.policy,
            );
            assert.deepEqual(statement(policy, "AllowAuditReader"), extra);
        });

        it("sets a permissions boundary on the role", async () => {
            const boundary = `arn:aws:iam::${ACCOUNT}:policy/boundary`;
            const run = await deployAws({ ...ALL_TYPES, rolePermissionsBoundaryArn: boundary });
            assert.equal(
                find(run.resources, "aws:iam/role:Role", "sentinel-role").inputs
                    .permissionsBoundary,
                boundary,
            );
        });

        it("keys children by log type and VPC ID, so adding a VPC renames nothing", async () => {
            const one = await deployAws({
                workspaceId: WORKSPACE_ID,
                logTypes: { vpcFlowLogs: { vpcIds: [VPC_B] } },
            });
            const two = await deployAws({
                workspaceId: WORKSPACE_ID,
                logTypes: { vpcFlowLogs: { vpcIds: [VPC_A, VPC_B] } },
            });
            const names = (r: typeof one) => new Set(inventory(r.resources));
            for (const n of names(one)) {
                assert.ok(names(two).has(n), `${n} keeps its name`);
            }
        });
    });
});
