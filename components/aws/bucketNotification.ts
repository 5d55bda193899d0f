// One bucket's notification configuration: the connector's entries for the log types whose files
// the bucket holds, each to its connection's queue (or, with fan-out, to its connection's SNS
// topic), beside the notifications the bucket keeps. A bucket has exactly one configuration, so
// each bucket gets one resource.
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import { NOTIFICATION_EVENTS } from "../shared/connector";
import type { ExistingNotificationsPlan } from "./awsSentinelConnectionPlan";
import type { PlannedNotification } from "./notificationPlan";

/** What a bucket's notification is made of. */
export interface BucketNotificationArgs {
    readonly bucket: pulumi.Input<string>;
    /** The connector's entries, once the hub's account is known. */
    readonly planned: pulumi.Output<readonly PlannedNotification[]>;
    /** The queue ARN of each connection, by connection ID. */
    readonly queueArns: Readonly<Record<string, pulumi.Output<string>>>;
    /** With fan-out: the topic ARN of each connection, which the bucket notifies instead. */
    readonly topicArns?: Readonly<Record<string, pulumi.Output<string>>>;
    /** The notifications the bucket already sends, kept. */
    readonly kept: ExistingNotificationsPlan;
    readonly parent: pulumi.Resource;
    /**
     * What it waits for: saving a configuration makes S3 send an s3:TestEvent message to every
     * destination (S3 user guide, "Event notification types and destinations"), so the queue and
     * topic policies, and the bucket policy.
     */
    readonly dependsOn: readonly pulumi.Resource[];
}

/** Creates a bucket's notification configuration. */
export function createBucketNotification(
    name: string,
    a: BucketNotificationArgs,
): s3.BucketNotification {
    const kept = a.kept;
    const fanOut = a.topicArns !== undefined;
    const connector = pulumi
        .all([a.planned, pulumi.output(a.topicArns ?? a.queueArns)])
        .apply(([planned, arns]) =>
            planned.map((n) => ({
                id: n.id,
                destination: arns[n.connection],
                events: [...NOTIFICATION_EVENTS],
                filterPrefix: n.prefix,
                // Writers that add no suffix (S3 server access logs) get none.
                filterSuffix: n.suffix === "" ? undefined : n.suffix,
            })),
        );
    return new s3.BucketNotification(
        name,
        {
            bucket: a.bucket,
            queues: pulumi
                .all([connector, pulumi.output(kept.queues)])
                .apply(([entries, queues]) => [
                    ...(fanOut ? [] : entries).map(({ destination, ...n }) => ({
                        ...n,
                        queueArn: destination,
                    })),
                    ...queues.map(({ arn, ...n }) => ({ ...n, queueArn: arn })),
                ]),
            topics: pulumi
                .all([connector, pulumi.output(kept.topics)])
                .apply(([entries, topics]) => [
                    ...(fanOut ? entries : []).map(({ destination, ...n }) => ({
                        ...n,
                        topicArn: destination,
                    })),
                    ...topics.map(({ arn, ...n }) => ({ ...n, topicArn: arn })),
                ]),
            lambdaFunctions: kept.lambdaFunctions.map(({ arn, ...n }) => ({
                ...n,
                lambdaFunctionArn: arn,
            })),
            eventbridge: kept.eventbridge || undefined,
        },
        { parent: a.parent, dependsOn: [...a.dependsOn] },
    );
}

/** Whether a bucket keeps notifications of its own. */
export function keepsNotifications(kept: ExistingNotificationsPlan): boolean {
    return (
        kept.queues.length + kept.topics.length + kept.lambdaFunctions.length > 0 ||
        kept.eventbridge
    );
}
