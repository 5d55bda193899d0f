// The connector queues' documents.
import { PolicyDocument, Text, denyInsecureTransport, document } from "./common";

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
    return document<T>([
        {
            Sid: "AllowS3BucketNotifications",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: args.queueArn,
            Condition: {
                ArnEquals: { "aws:SourceArn": args.bucketArn },
                StringEquals: { "aws:SourceAccount": args.accountId },
            },
        },
        denyInsecureTransport("sqs:*", [args.queueArn]),
    ]);
}

/** The policy of a dead-letter queue: TLS only; SQS itself moves messages into it. */
export function deadLetterQueuePolicy<T extends Text>(args: {
    queueArn: T;
}): PolicyDocument<T | string> {
    return document<T>([denyInsecureTransport("sqs:*", [args.queueArn])]);
}
