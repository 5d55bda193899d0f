// Fan-out: one SNS topic per connection between the bucket and its queue, so other consumers of the
// same files read them too. S3 sends an event to one destination of overlapping filters only (S3
// user guide, "Configuring event notifications using object key name filtering"); Microsoft's own
// guidance for Defender for Cloud beside Sentinel is "an Amazon SNS fan-out pattern" (Learn,
// "Connect a Microsoft Sentinel connected AWS account to Defender for Cloud"). Each queue subscribes
// with raw message delivery, so it receives the S3 event as S3 sent it (Amazon SNS developer guide,
// "Amazon SNS raw message delivery": "any Amazon SNS metadata is stripped from the published message
// and the message is sent as is"), which is what Sentinel reads.
import * as sns from "@pulumi/aws/sns";
import * as pulumi from "@pulumi/pulumi";
import type { MovedNotification } from "./notificationPlan";
import { documentJson, notificationTopicPolicy } from "./policyDocuments";

/** One connection's topic and what subscribes to it. */
export interface FanOutTopic {
    readonly topic: sns.Topic;
    /** The topic's ARN, from its name (known before it exists). */
    readonly topicArn: pulumi.Output<string>;
    /** What S3 and the subscriptions need before the bucket notification is saved. */
    readonly prerequisites: pulumi.Resource[];
}

/** How to build the topics. */
export interface FanOutOptions {
    readonly connections: readonly string[];
    readonly bucketArn: pulumi.Output<string>;
    readonly bucketOwnerAccountId: pulumi.Output<string>;
    /** The key the topics are encrypted with (the queue key). */
    readonly kmsKeyArn: pulumi.Output<string>;
    readonly topicArn: (topicName: pulumi.Output<string>) => pulumi.Output<string>;
    readonly tags: Record<string, string>;
    readonly parent: pulumi.Resource;
}

/** Creates one encrypted topic per connection, with its policy. */
export function createFanOutTopics(name: string, o: FanOutOptions): Map<string, FanOutTopic> {
    const opts = { parent: o.parent };
    return new Map(
        o.connections.map((id) => {
            const topic = new sns.Topic(
                `${name}-${id}-topic`,
                { kmsMasterKeyId: o.kmsKeyArn, tags: o.tags },
                opts,
            );
            const topicArn = o.topicArn(topic.name);
            const policy = new sns.TopicPolicy(
                `${name}-${id}-topic-policy`,
                {
                    arn: topic.arn,
                    policy: documentJson(
                        notificationTopicPolicy({
                            topicArn,
                            bucketArn: o.bucketArn,
                            accountId: o.bucketOwnerAccountId,
                        }),
                    ),
                },
                opts,
            );
            return [id, { topic, topicArn, prerequisites: [policy] }];
        }),
    );
}

/**
 * Subscribes a queue to a connection's topic with raw message delivery: the connector's queue (its
 * owner creates the subscription, so it is confirmed, Amazon SNS developer guide, "Subscribing an
 * Amazon SQS queue to an Amazon SNS topic"), or another consumer's queue moved from the bucket's
 * notification configuration.
 */
export function subscribeQueue(
    resourceName: string,
    topic: FanOutTopic,
    queueArn: pulumi.Input<string>,
    parent: pulumi.Resource,
): sns.TopicSubscription {
    return new sns.TopicSubscription(
        resourceName,
        {
            topic: topic.topicArn,
            protocol: "sqs",
            endpoint: queueArn,
            rawMessageDelivery: true,
        },
        { parent, dependsOn: [topic.topic] },
    );
}

/** What the owner of a moved queue must allow, for the warning at preview. */
export function movedQueueWarning(moved: MovedNotification, topicArns: readonly string[]): string {
    return `\`${moved.where}\` overlapped the connector's notifications, so it now subscribes (raw message delivery, the S3 event unchanged) to ${topicArns.join(", ")} instead of being notified by the bucket. Its queue's policy must let sns.amazonaws.com send (sqs:SendMessage with aws:SourceArn = ${topicArns.length === 1 ? "that topic" : "those topics"}), and a customer-managed key of that queue must let sns.amazonaws.com use kms:GenerateDataKey and kms:Decrypt; until then it receives nothing.`;
}
