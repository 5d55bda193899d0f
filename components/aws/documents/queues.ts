// The connector queues' documents.
import { PolicyDocument, PolicyStatement, Text, denyInsecureTransport, document } from "./common";

/** A connector queue's policy: one service may send, bound by its conditions; TLS only. */
function queueSenderPolicy<T extends Text>(
    queueArn: T,
    sender: Pick<PolicyStatement<T | string>, "Sid" | "Principal" | "Condition">,
): PolicyDocument<T | string> {
    return document<T>([
        {
            Sid: sender.Sid,
            Effect: "Allow",
            Principal: sender.Principal,
            Action: "sqs:SendMessage",
            Resource: queueArn,
            Condition: sender.Condition,
        },
        denyInsecureTransport("sqs:*", [queueArn]),
    ]);
}

/**
 * The policy of a connector queue: only S3, from the log bucket, may send (S3 user guide,
 * "Walkthrough: Configuring a bucket for notifications", SQS access policy with `aws:SourceArn` and
 * `aws:SourceAccount`, "the bucket owner's AWS account ID"). `accountId` is the bucket owner's.
 */
export function connectorQueuePolicy<T extends Text>(args: {
    queueArn: T;
    bucketArn: T;
    accountId: T;
}): PolicyDocument<T | string> {
    return queueSenderPolicy(args.queueArn, {
        Sid: "AllowS3BucketNotifications",
        Principal: { Service: "s3.amazonaws.com" },
        Condition: {
            ArnEquals: { "aws:SourceArn": args.bucketArn },
            StringEquals: { "aws:SourceAccount": args.accountId },
        },
    });
}

/**
 * The policy of a connector queue behind an SNS topic (fan-out): only SNS, from that topic, may send
 * (Amazon SNS developer guide, "Subscribing an Amazon SQS queue to an Amazon SNS topic": principal
 * `sns.amazonaws.com`, `sqs:SendMessage`, `ArnEquals` `aws:SourceArn` = the topic).
 */
export function connectorQueueTopicPolicy<T extends Text>(args: {
    queueArn: T;
    topicArn: T;
}): PolicyDocument<T | string> {
    return queueSenderPolicy(args.queueArn, {
        Sid: "AllowSnsFanOut",
        Principal: { Service: "sns.amazonaws.com" },
        Condition: { ArnEquals: { "aws:SourceArn": args.topicArn } },
    });
}

/**
 * The policy of a fan-out topic: only S3, from the log bucket and its owner's account, may publish
 * (S3 user guide, "Granting permissions to publish event notification messages to a destination",
 * SNS topic policy: `SNS:Publish` with `aws:SourceArn` the bucket and `aws:SourceAccount` its owner).
 */
export function notificationTopicPolicy<T extends Text>(args: {
    topicArn: T;
    bucketArn: T;
    accountId: T;
}): PolicyDocument<T | string> {
    return document<T>([
        {
            Sid: "AllowS3BucketNotifications",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "SNS:Publish",
            Resource: args.topicArn,
            Condition: {
                ArnLike: { "aws:SourceArn": args.bucketArn },
                StringEquals: { "aws:SourceAccount": args.accountId },
            },
        },
    ]);
}

/** The policy of a dead-letter queue: TLS only; SQS itself moves messages into it. */
export function deadLetterQueuePolicy<T extends Text>(args: {
    queueArn: T;
}): PolicyDocument<T | string> {
    return document<T>([denyInsecureTransport("sqs:*", [args.queueArn])]);
}
