// One log type's queue: a standard queue with a dead-letter queue, their policies and alarms.
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as sqs from "@pulumi/aws/sqs";
import * as pulumi from "@pulumi/pulumi";
import { LogType } from "../shared/catalog";
import { connectorQueuePolicy, deadLetterQueuePolicy } from "./policyDocuments";

/** How to build one connector queue. */
export interface ConnectorQueueOptions {
    readonly logType: LogType;
    readonly bucketArn: pulumi.Output<string>;
    readonly accountId: pulumi.Output<string>;
    /** A customer-managed key; SSE-SQS when absent. */
    readonly kmsKeyArn?: pulumi.Output<string>;
    readonly messageRetentionSeconds: number;
    readonly visibilityTimeoutSeconds: number;
    readonly maxReceiveCount: number;
    readonly alarms?: {
        readonly actions: pulumi.Input<string>[];
        readonly oldestMessageAgeSeconds: number;
    };
    readonly tags: Record<string, string>;
    readonly parent: pulumi.Resource;
}

/** The queue resources of one log type. */
export interface ConnectorQueue {
    readonly queue: sqs.Queue;
    readonly deadLetterQueue: sqs.Queue;
    /** The queue policies; S3 tests delivery when the notification is set, so it must wait for them. */
    readonly policies: sqs.QueuePolicy[];
}

/** Creates the queue, dead-letter queue, their policies and alarms for one log type. */
export function createConnectorQueue(name: string, o: ConnectorQueueOptions): ConnectorQueue {
    const opts = { parent: o.parent };
    const base = `${name}-${o.logType}`;
    const encryption = o.kmsKeyArn
        ? { kmsMasterKeyId: o.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 }
        : { sqsManagedSseEnabled: true };
    const deadLetterQueue = new sqs.Queue(
        `${base}-dlq`,
        { ...encryption, messageRetentionSeconds: o.messageRetentionSeconds, tags: o.tags },
        opts,
    );
    const queue = new sqs.Queue(
        `${base}-queue`,
        {
            ...encryption,
            messageRetentionSeconds: o.messageRetentionSeconds,
            visibilityTimeoutSeconds: o.visibilityTimeoutSeconds,
            receiveWaitTimeSeconds: 20,
            redrivePolicy: pulumi.jsonStringify({
                deadLetterTargetArn: deadLetterQueue.arn,
                maxReceiveCount: o.maxReceiveCount,
            }),
            tags: o.tags,
        },
        opts,
    );
    const policies = [
        new sqs.QueuePolicy(
            `${base}-queue-policy`,
            {
                queueUrl: queue.url,
                policy: pulumi
                    .all([queue.arn, o.bucketArn, o.accountId])
                    .apply(([queueArn, bucketArn, accountId]) =>
                        JSON.stringify(connectorQueuePolicy({ queueArn, bucketArn, accountId })),
                    ),
            },
            opts,
        ),
        new sqs.QueuePolicy(
            `${base}-dlq-policy`,
            {
                queueUrl: deadLetterQueue.url,
                policy: deadLetterQueue.arn.apply((queueArn) =>
                    JSON.stringify(deadLetterQueuePolicy({ queueArn })),
                ),
            },
            opts,
        ),
    ];
    if (o.alarms) {
        const actions = { alarmActions: o.alarms.actions, okActions: o.alarms.actions };
        new cloudwatch.MetricAlarm(
            `${base}-age-alarm`,
            {
                alarmDescription: pulumi.interpolate`Sentinel has not read ${o.logType} notifications from ${queue.name} for ${o.alarms.oldestMessageAgeSeconds} s: check the connector's role, KMS access and status (SentinelHealth).`,
                namespace: "AWS/SQS",
                metricName: "ApproximateAgeOfOldestMessage",
                dimensions: { QueueName: queue.name },
                statistic: "Maximum",
                period: 300,
                evaluationPeriods: 1,
                threshold: o.alarms.oldestMessageAgeSeconds,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                ...actions,
                tags: o.tags,
            },
            opts,
        );
        new cloudwatch.MetricAlarm(
            `${base}-dlq-alarm`,
            {
                alarmDescription: pulumi.interpolate`${o.logType} notifications failed ${o.maxReceiveCount} times and moved to ${deadLetterQueue.name}; their log files were not ingested.`,
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: deadLetterQueue.name },
                statistic: "Maximum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                ...actions,
                tags: o.tags,
            },
            opts,
        );
    }
    return { queue, deadLetterQueue, policies };
}
