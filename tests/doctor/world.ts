// A healthy connection in moto, made with the SDK the way AwsSentinelConnection makes it: every
// policy document comes from the component's own builders, every fact from the catalog. Then one
// helper per way of breaking it.
import { gzipSync } from "node:zlib";
import * as cloudtrail from "@aws-sdk/client-cloudtrail";
import * as cloudwatch from "@aws-sdk/client-cloudwatch";
import * as ec2 from "@aws-sdk/client-ec2";
import * as guardduty from "@aws-sdk/client-guardduty";
import * as iam from "@aws-sdk/client-iam";
import * as kms from "@aws-sdk/client-kms";
import * as s3 from "@aws-sdk/client-s3";
import * as sqs from "@aws-sdk/client-sqs";
import { AWS_CONNECTION_DEFAULTS } from "../../components/aws/awsSentinelConnectionArgs";
import {
    connectorQueuePolicy,
    deadLetterQueuePolicy,
    logBucketPolicy,
    logObjectArn,
    logsKeyPolicy,
    sentinelRolePolicy,
    sentinelTrustPolicy,
} from "../../components/aws/policyDocuments";
import {
    GUARDDUTY_PUBLISHING_FREQUENCY,
    LOG_TYPE_CATALOG,
    LogType,
    NOTIFICATION_EVENTS,
    NOTIFICATION_SUFFIX,
    SENTINEL_CLOUDS,
    guardDutyServicePrincipal,
    logObjectPrefix,
} from "../../components/shared/catalog";
import { WORKSPACE_ID } from "../helpers";

/** moto's default account. */
export const ACCOUNT = "123456789012";
export const PARTITION = "aws";
export const CLOUD = SENTINEL_CLOUDS.AzureCloud;

/** What the test made: what a stack's outputs would say, and a few ARNs the breakers need. */
export interface World {
    readonly region: string;
    readonly roleName: string;
    readonly roleArn: string;
    readonly bucketName: string;
    readonly bucketArn: string;
    readonly logsKeyArn: string;
    readonly trailArn: string;
    readonly detectorId: string;
    readonly vpcId: string;
    readonly queues: Record<
        LogType,
        { url: string; arn: string; name: string; dlqUrl: string; prefix: string }
    >;
    /** `pulumi stack output --json` of this connection (today's keys plus the coming ones). */
    readonly outputs: Record<string, unknown>;
}

const LOG_TYPES: LogType[] = ["cloudTrail", "vpcFlowLogs", "guardDuty"];

/** The SDK clients, pointed at moto by the environment (AWS_ENDPOINT_URL). */
export function clients(region: string) {
    return {
        s3: new s3.S3Client({ region }),
        sqs: new sqs.SQSClient({ region }),
        iam: new iam.IAMClient({ region }),
        kms: new kms.KMSClient({ region }),
        cloudtrail: new cloudtrail.CloudTrailClient({ region }),
        ec2: new ec2.EC2Client({ region }),
        guardduty: new guardduty.GuardDutyClient({ region }),
        cloudwatch: new cloudwatch.CloudWatchClient({ region }),
    };
}

/** Creates the healthy connection for all three log types. */
export async function buildWorld(region: string, name = "sentinel"): Promise<World> {
    const c = clients(region);
    const roleName = `OIDC_MicrosoftSentinel-${name}`;
    const roleArn = `arn:${PARTITION}:iam::${ACCOUNT}:role/${roleName}`;
    const bucketName = `${name}-logs-${region}`;
    const bucketArn = `arn:${PARTITION}:s3:::${bucketName}`;
    const trailName = `${name}-trail`;
    const trailArn = `arn:${PARTITION}:cloudtrail:${region}:${ACCOUNT}:trail/${trailName}`;

    // Identity: the provider and the role bound to one workspace.
    const provider = await c.iam.send(
        new iam.CreateOpenIDConnectProviderCommand({
            Url: CLOUD.issuerUrl,
            ClientIDList: [CLOUD.audience],
            ThumbprintList: [CLOUD.thumbprint],
        }),
    );
    await c.iam.send(
        new iam.CreateRoleCommand({
            RoleName: roleName,
            AssumeRolePolicyDocument: JSON.stringify(
                sentinelTrustPolicy({
                    providerArn: provider.OpenIDConnectProviderArn!,
                    cloud: CLOUD,
                    workspaceId: WORKSPACE_ID,
                }),
            ),
        }),
    );

    // Writers known before the bucket and key policies that name them.
    const detector = await c.guardduty.send(
        new guardduty.CreateDetectorCommand({
            Enable: true,
            FindingPublishingFrequency: GUARDDUTY_PUBLISHING_FREQUENCY,
        }),
    );
    const detectorArn = `arn:${PARTITION}:guardduty:${region}:${ACCOUNT}:detector/${detector.DetectorId}`;
    const writers = {
        cloudTrail: { trailArn },
        vpcFlowLogs: {},
        guardDuty: { detectorArn, principal: guardDutyServicePrincipal(region) },
    };

    const key = await c.kms.send(
        new kms.CreateKeyCommand({
            Policy: JSON.stringify(
                logsKeyPolicy({
                    partition: PARTITION,
                    region,
                    accountId: ACCOUNT,
                    sentinelRoleArn: roleArn,
                    writers,
                }),
            ),
        }),
    );
    const logsKeyArn = key.KeyMetadata!.Arn!;

    await c.s3.send(
        new s3.CreateBucketCommand({
            Bucket: bucketName,
            ...(region === "us-east-1"
                ? {}
                : {
                      CreateBucketConfiguration: {
                          LocationConstraint: region as s3.BucketLocationConstraint,
                      },
                  }),
        }),
    );
    await c.s3.send(
        new s3.PutBucketEncryptionCommand({
            Bucket: bucketName,
            ServerSideEncryptionConfiguration: {
                Rules: [
                    {
                        ApplyServerSideEncryptionByDefault: {
                            SSEAlgorithm: "aws:kms",
                            KMSMasterKeyID: logsKeyArn,
                        },
                        BucketKeyEnabled: true,
                    },
                ],
            },
        }),
    );
    await c.s3.send(
        new s3.PutBucketPolicyCommand({
            Bucket: bucketName,
            Policy: JSON.stringify(
                logBucketPolicy({
                    bucketArn,
                    partition: PARTITION,
                    region,
                    accountId: ACCOUNT,
                    writers,
                }),
            ),
        }),
    );

    // Queues, one per log type, each with its dead-letter queue and policies.
    const queues = {} as World["queues"];
    for (const t of LOG_TYPES) {
        const base = `${name}-${t}`;
        const dlq = await c.sqs.send(
            new sqs.CreateQueueCommand({
                QueueName: `${base}-dlq`,
                Attributes: { SqsManagedSseEnabled: "true" },
            }),
        );
        const dlqArn = `arn:${PARTITION}:sqs:${region}:${ACCOUNT}:${base}-dlq`;
        await c.sqs.send(
            new sqs.SetQueueAttributesCommand({
                QueueUrl: dlq.QueueUrl!,
                Attributes: { Policy: JSON.stringify(deadLetterQueuePolicy({ queueArn: dlqArn })) },
            }),
        );
        const queue = await c.sqs.send(
            new sqs.CreateQueueCommand({
                QueueName: `${base}-queue`,
                Attributes: {
                    SqsManagedSseEnabled: "true",
                    VisibilityTimeout: String(AWS_CONNECTION_DEFAULTS.visibilityTimeoutSeconds),
                    MessageRetentionPeriod: String(AWS_CONNECTION_DEFAULTS.messageRetentionSeconds),
                    RedrivePolicy: JSON.stringify({
                        deadLetterTargetArn: dlqArn,
                        maxReceiveCount: AWS_CONNECTION_DEFAULTS.maxReceiveCount,
                    }),
                },
            }),
        );
        const queueArn = `arn:${PARTITION}:sqs:${region}:${ACCOUNT}:${base}-queue`;
        await c.sqs.send(
            new sqs.SetQueueAttributesCommand({
                QueueUrl: queue.QueueUrl!,
                Attributes: {
                    Policy: JSON.stringify(
                        connectorQueuePolicy({ queueArn, bucketArn, accountId: ACCOUNT }),
                    ),
                },
            }),
        );
        queues[t] = {
            url: queue.QueueUrl!,
            arn: queueArn,
            name: `${base}-queue`,
            dlqUrl: dlq.QueueUrl!,
            prefix: logObjectPrefix(t, ACCOUNT),
        };
    }
    await putNotification(region, bucketName, queues);

    await c.iam.send(
        new iam.PutRolePolicyCommand({
            RoleName: roleName,
            PolicyName: "MicrosoftSentinelS3Connector",
            PolicyDocument: JSON.stringify(
                sentinelRolePolicy({
                    queueArns: LOG_TYPES.map((t) => queues[t].arn),
                    objectArns: LOG_TYPES.map((t) => logObjectArn(bucketArn, queues[t].prefix)),
                    keyArns: [logsKeyArn],
                }),
            ),
        }),
    );

    // The exports.
    await c.cloudtrail.send(
        new cloudtrail.CreateTrailCommand({
            Name: trailName,
            S3BucketName: bucketName,
            IsMultiRegionTrail: true,
            EnableLogFileValidation: true,
            KmsKeyId: logsKeyArn,
        }),
    );
    await c.cloudtrail.send(new cloudtrail.StartLoggingCommand({ Name: trailName }));
    const vpc = await c.ec2.send(new ec2.CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
    await c.ec2.send(
        new ec2.CreateFlowLogsCommand({
            ResourceIds: [vpc.Vpc!.VpcId!],
            ResourceType: "VPC",
            TrafficType: "ALL",
            LogDestinationType: "s3",
            LogDestination: bucketArn,
            MaxAggregationInterval: AWS_CONNECTION_DEFAULTS.flowLogAggregationSeconds,
            DestinationOptions: {
                FileFormat: "plain-text",
                HiveCompatiblePartitions: false,
                PerHourPartition: false,
            },
        }),
    );

    return {
        region,
        roleName,
        roleArn,
        bucketName,
        bucketArn,
        logsKeyArn,
        trailArn,
        detectorId: detector.DetectorId!,
        vpcId: vpc.Vpc!.VpcId!,
        queues,
        outputs: {
            roleArn,
            roleName,
            bucketName,
            connections: LOG_TYPES.map((t) => ({
                logType: t,
                destinationTable: LOG_TYPE_CATALOG[t].destinationTable,
                sqsUrl: queues[t].url,
            })),
            region,
            workspaceId: WORKSPACE_ID,
        },
    };
}

/** Writes the one notification configuration holding every queue, as the component does. */
export async function putNotification(
    region: string,
    bucketName: string,
    queues: Partial<Record<LogType, { arn: string; prefix: string }>>,
    prefixOf: (t: LogType) => string | undefined = (t) => queues[t]!.prefix,
): Promise<void> {
    await clients(region).s3.send(
        new s3.PutBucketNotificationConfigurationCommand({
            Bucket: bucketName,
            NotificationConfiguration: {
                QueueConfigurations: (Object.keys(queues) as LogType[]).map((t) => ({
                    Id: `sentinel-${t}`,
                    QueueArn: queues[t]!.arn,
                    Events: [...NOTIFICATION_EVENTS] as s3.Event[],
                    Filter: {
                        Key: {
                            FilterRules: [
                                { Name: "prefix", Value: prefixOf(t) },
                                { Name: "suffix", Value: NOTIFICATION_SUFFIX },
                            ],
                        },
                    },
                })),
            },
        }),
    );
}

/** Writes one gzip log file per type where AWS writes it (`…/<region>/YYYY/MM/DD/…`). */
export async function putLogFiles(
    world: World,
    types: readonly LogType[] = LOG_TYPES,
): Promise<string[]> {
    const c = clients(world.region);
    const d = new Date();
    const day = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}`;
    const keys: string[] = [];
    // moto 5.2 refuses every object write while the bucket policy has a conditional statement
    // (its evaluator answers "denied" whenever a condition is unmet, Deny or Allow), so the
    // writers' files are put with the policy set aside and the policy restored after.
    const policy = await c.s3.send(new s3.GetBucketPolicyCommand({ Bucket: world.bucketName }));
    await c.s3.send(new s3.DeleteBucketPolicyCommand({ Bucket: world.bucketName }));
    for (const t of types) {
        const file =
            t === "vpcFlowLogs"
                ? "flow.log.gz"
                : t === "guardDuty"
                  ? "finding.jsonl.gz"
                  : "trail.json.gz";
        const key = `${world.queues[t].prefix}${world.region}/${day}/${ACCOUNT}_${Date.now()}_${file}`;
        await c.s3.send(
            new s3.PutObjectCommand({
                Bucket: world.bucketName,
                Key: key,
                Body: gzipSync('{"Records":[]}'),
            }),
        );
        keys.push(key);
    }
    await c.s3.send(
        new s3.PutBucketPolicyCommand({ Bucket: world.bucketName, Policy: policy.Policy! }),
    );
    return keys;
}

/** Does what Sentinel does with every waiting message: receive it and delete it. */
export async function drainQueues(world: World): Promise<void> {
    const c = clients(world.region);
    for (const t of LOG_TYPES) {
        for (;;) {
            const r = await c.sqs.send(
                new sqs.ReceiveMessageCommand({
                    QueueUrl: world.queues[t].url,
                    MaxNumberOfMessages: 10,
                }),
            );
            if (!r.Messages?.length) {
                break;
            }
            for (const m of r.Messages) {
                await c.sqs.send(
                    new sqs.DeleteMessageCommand({
                        QueueUrl: world.queues[t].url,
                        ReceiptHandle: m.ReceiptHandle!,
                    }),
                );
            }
        }
    }
}

/**
 * Publishes SQS's own queue metrics into moto's CloudWatch, which moto does not compute: the
 * datapoints AWS/SQS would publish for the queue (Amazon SQS Developer Guide, "Available
 * CloudWatch metrics for Amazon SQS").
 */
export async function publishQueueMetrics(
    world: World,
    t: LogType,
    points: {
        metric: "ApproximateAgeOfOldestMessage" | "NumberOfMessagesSent";
        value: number;
        minutesAgo: number;
    }[],
): Promise<void> {
    await clients(world.region).cloudwatch.send(
        new cloudwatch.PutMetricDataCommand({
            Namespace: "AWS/SQS",
            MetricData: points.map((p) => ({
                MetricName: p.metric,
                Dimensions: [{ Name: "QueueName", Value: world.queues[t].name }],
                Value: p.value,
                Timestamp: new Date(Date.now() - p.minutesAgo * 60_000),
            })),
        }),
    );
}
