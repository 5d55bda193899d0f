// The path of one log type's files to Sentinel: files in the bucket, the notification, the queue
// policy, messages in the queue, their age, and the dead-letter queue. Pure evaluators first, then
// the reads that feed them.
import { AWS_CONNECTION_DEFAULTS } from "../../../components/aws/awsSentinelConnectionArgs";
import {
    CONNECTIONS,
    CatalogConnection,
    LOG_TYPE_CATALOG,
    sourceFacts,
    LogType,
    NOTIFICATION_EVENTS,
    NOTIFICATION_SUFFIX,
} from "../../../components/shared/catalog";
import { connectionTitle } from "../../../components/sources/connections";
import { notificationFilterKey, notificationFilterValue } from "../../../components/sources/layout";
import {
    queueNotFedReason,
    queuePolicyFix,
    queuePolicyReason,
} from "../../../components/shared/delivery";
import { Finding, ago, combine, fail, pass, unknown } from "../finding";
import { DoctorConnection, connectionScope } from "../input";
import { AnyPolicy, evaluate } from "../policy";
import { unknownReason } from "./api";
import { coverageCheck, organizationWide } from "./coverage";
import {
    AwsFacts,
    NewestObject,
    QueueNotification,
    accountPrefix,
    catalogConnectionOf,
    prefixPattern,
} from "./facts";

/** A file older than this means the export stopped writing (CloudTrail and flow logs write every few minutes). */
export const STALE_OBJECT_HOURS = 24;
/** Messages older than this mean Sentinel is not reading: the component's age alarm threshold. */
export const BACKLOG_AGE_SECONDS = AWS_CONNECTION_DEFAULTS.oldestMessageAgeSeconds;
/** How far back the doctor looks for messages S3 sent. */
export const SENT_WINDOW_MINUTES = 24 * 60;
/** S3 delivers notifications within seconds, sometimes a minute or more (S3 User Guide). */
const DELIVERY_SLACK_MS = 15 * 60_000;

const notificationFix =
    "Run `pulumi up` to restore the stack's bucket notification; if another tool writes the bucket's notification configuration, put every notification in the one `BucketNotification` (a bucket has exactly one configuration and each write replaces it).";

/** Does the bucket notification send this log type's new files, and only them, to its queue? */
export function evaluateNotification(args: {
    notifications: readonly QueueNotification[];
    queueArn: string;
    logType: LogType;
    accountId: string;
    expectedPrefix?: string;
    /** The connection (its folder and suffix). @default the log type's first */
    connection?: CatalogConnection;
    /** The SNS topics that deliver to the queue (fan-out): notifications to them reach it too. */
    topics?: readonly string[];
}): Finding {
    const { logType, queueArn } = args;
    const connection = args.connection ?? CONNECTIONS.find((c) => c.logType === logType)!;
    const suffixWanted = connection.suffix;
    const where = args.expectedPrefix ?? `…${accountPrefix(logType, args.accountId, connection)}`;
    const reaches = [queueArn, ...(args.topics ?? [])];
    const mine = args.notifications.filter((n) => reaches.includes(n.queueArn));
    // An organization hub's folder holds every account's: its notifications may be per account.
    const under = organizationWide(args.expectedPrefix);
    if (mine.length === 0) {
        const others = args.notifications.map((n) => n.queueArn.split(":").pop()).join(", ");
        return fail(
            queueNotFedReason(
                queueArn.split(":").pop()!,
                "the bucket",
                others ? `it notifies ${others}` : "the bucket has no queue notification",
            ),
            notificationFix,
        );
    }
    const pattern = prefixPattern(logType, args.accountId, connection);
    const problems: string[] = [];
    for (const n of mine) {
        const events = n.events.includes(NOTIFICATION_EVENTS[0])
            ? []
            : [`events ${n.events.join(", ") || "none"} (use ${NOTIFICATION_EVENTS[0]})`];
        // A filter holds its special characters URL-encoded (a Hive-compatible `=` as `%3D`).
        const key = n.prefix === undefined ? undefined : notificationFilterKey(n.prefix);
        const prefixOk = args.expectedPrefix
            ? key === args.expectedPrefix || (under && !!key && key.startsWith(args.expectedPrefix))
            : !!key && pattern.test(key);
        const prefix = prefixOk
            ? []
            : [
                  `prefix ${n.prefix ? JSON.stringify(n.prefix) : "none"} instead of ${JSON.stringify(args.expectedPrefix ? notificationFilterValue(where) : where)}`,
              ];
        // Files without a suffix (S3 server access logs) are notified by their prefix alone.
        const suffix =
            (n.suffix ?? "") === suffixWanted
                ? []
                : [
                      `suffix ${n.suffix ? JSON.stringify(n.suffix) : "none"} instead of ${suffixWanted ? `"${suffixWanted}"` : "none"}`,
                  ];
        if (events.length + prefix.length + suffix.length === 0) {
            const via = n.queueArn === queueArn ? "" : ` through ${n.queueArn.split(":").pop()}`;
            return pass(
                `sends ${NOTIFICATION_EVENTS[0]} for ${n.prefix}*${suffixWanted} to the queue${via}.`,
            );
        }
        problems.push([...events, ...prefix, ...suffix].join(", "));
    }
    return fail(
        `the notification to the queue has ${problems.join("; ")}, so ${connectionTitle(connection)} files are not (only) what reaches the queue.`,
        `Filter the notification on exactly ${JSON.stringify(args.expectedPrefix ? notificationFilterValue(where) : where)}${suffixWanted ? ` and "${suffixWanted}"` : " (no suffix: the files have none)"} with ${NOTIFICATION_EVENTS[0]} (\`pulumi up\` restores it); the connector needs one path per queue.`,
    );
}

/** May a service send to the queue, as the queue's policy says? */
function evaluateSender(args: {
    policy: AnyPolicy | undefined;
    queueArn: string;
    service: string;
    context: Record<string, string>;
    /** What it sends from, for messages. */
    from: string;
    fix: string;
    passNote?: string;
    /** Why `from` must reach the queue, for the refusal. */
    refusalNote?: string;
}): Finding {
    const { service, from, fix } = args;
    if (!args.policy) {
        return fail(queuePolicyReason("absent", service, from), fix);
    }
    const decision = evaluate(
        [args.policy],
        {
            action: "sqs:SendMessage",
            resource: args.queueArn,
            principal: { service },
            context: { ...args.context, "aws:SecureTransport": true },
        },
        true,
    );
    switch (decision) {
        case "allow":
            return pass(`lets ${service} send messages from ${from}${args.passNote ?? ""}.`);
        case "deny":
            return fail(queuePolicyReason("deny", service, from), fix);
        case "unknown":
            return unknown(
                `the queue policy has conditions the doctor cannot evaluate; check that ${service} may send from ${from}.`,
            );
        default:
            return fail(
                args.refusalNote
                    ? `the queue policy does not let ${service} send messages from ${from}${args.refusalNote}.`
                    : queuePolicyReason("none", service, from),
                fix,
            );
    }
}

/**
 * May SNS send a fan-out topic's messages to the queue (Amazon SNS developer guide, "Subscribing an
 * Amazon SQS queue to an Amazon SNS topic": `sns.amazonaws.com`, `aws:SourceArn` = the topic)?
 */
export function evaluateTopicQueuePolicy(args: {
    policy: AnyPolicy | undefined;
    queueArn: string;
    topicArn: string;
}): Finding {
    return evaluateSender({
        policy: args.policy,
        queueArn: args.queueArn,
        service: "sns.amazonaws.com",
        context: { "aws:SourceArn": args.topicArn },
        from: args.topicArn,
        fix: queuePolicyFix("sns.amazonaws.com", args.topicArn),
        passNote: " (fan-out)",
        refusalNote: ", which the bucket notifies",
    });
}

/** May S3 send this bucket's notifications to the queue? */
export function evaluateQueuePolicy(args: {
    policy: AnyPolicy | undefined;
    queueArn: string;
    bucketArn: string;
    accountId: string;
}): Finding {
    return evaluateSender({
        policy: args.policy,
        queueArn: args.queueArn,
        service: "s3.amazonaws.com",
        context: { "aws:SourceArn": args.bucketArn, "aws:SourceAccount": args.accountId },
        from: args.bucketArn,
        fix: queuePolicyFix("s3.amazonaws.com", args.bucketArn, args.accountId),
    });
}

/** Are new files arriving under the prefix? */
export function evaluateObjects(args: {
    logType: LogType;
    prefix: string;
    newest?: NewestObject;
    now: Date;
    /** The files' suffix. @default ".gz" */
    suffix?: string;
}): Finding {
    const { newest, now, logType } = args;
    if (!newest) {
        return sourceFacts(logType).eventDriven
            ? unknown(
                  `no file under ${args.prefix} yet; ${LOG_TYPE_CATALOG[logType].title} are written only when there are some to export.`,
              )
            : fail(
                  `no ${(args.suffix ?? NOTIFICATION_SUFFIX) || "log"} file under ${args.prefix}: ${LOG_TYPE_CATALOG[logType].title} does not write to this bucket path.`,
                  "Fix the export above (it must be on and deliver to this bucket and key prefix); a new export writes its first files within about 10 minutes.",
              );
    }
    const hours = (now.getTime() - newest.lastModified.getTime()) / 3_600_000;
    if (hours > STALE_OBJECT_HOURS && !sourceFacts(logType).eventDriven) {
        return fail(
            `the newest file, ${newest.key}, is from ${newest.lastModified.toISOString()} (${ago(newest.lastModified, now)}): the export stopped writing.`,
            "Fix the export above (logging on, delivery succeeding); nothing new reaches the bucket.",
        );
    }
    return pass(
        `newest file ${newest.key} at ${newest.lastModified.toISOString()} (${ago(newest.lastModified, now)}).`,
    );
}

/** Did S3 send messages for the newest files? */
export function evaluateDelivery(args: {
    newest?: NewestObject;
    waiting: number;
    /** NumberOfMessagesSent points (newest first); empty when CloudWatch has none. */
    sent: readonly { time: Date; value: number }[];
    now: Date;
}): Finding {
    if (!args.newest) {
        return unknown("no file in the bucket to compare messages with.");
    }
    const fileTime = args.newest.lastModified.getTime();
    const lastSent = args.sent.find((p) => p.value > 0);
    if (lastSent && lastSent.time.getTime() + 5 * 60_000 >= fileTime - DELIVERY_SLACK_MS) {
        return pass(
            `S3 sent messages up to ${lastSent.time.toISOString()}, after the newest file.`,
        );
    }
    if (args.sent.length > 0) {
        return fail(
            `files arrive (newest ${ago(args.newest.lastModified, args.now)}) but SQS counted no message ${lastSent ? `since ${lastSent.time.toISOString()}` : "in 24 h"}: the notification does not fire.`,
            notificationFix,
        );
    }
    return unknown(
        args.waiting > 0
            ? `${args.waiting} messages wait in the queue, but CloudWatch has no NumberOfMessagesSent for it to tell whether they are newer than the newest file.`
            : "CloudWatch has no NumberOfMessagesSent for the queue (SQS publishes metrics only for active queues).",
    );
}

/** Is the queue piling up? */
export function evaluateBacklog(args: {
    visible: number;
    inFlight: number;
    /** The newest ApproximateAgeOfOldestMessage point, in seconds; undefined when CloudWatch has none. */
    ageSeconds?: number;
    threshold?: number;
}): Finding {
    const threshold = args.threshold ?? BACKLOG_AGE_SECONDS;
    const counts = `${args.visible} visible, ${args.inFlight} in flight`;
    if (args.ageSeconds !== undefined) {
        if (args.ageSeconds > threshold) {
            return fail(
                `${counts}, and the oldest message is ${Math.round(args.ageSeconds / 60)} min old: messages pile up because Sentinel is not reading the queue.`,
                "Sentinel cannot assume the role or read: check the trust policy below (issuer, audience, both session names with this workspace ID), the OIDC_ name prefix and kms:Decrypt; SentinelHealth shows S3B40029 when assuming fails.",
            );
        }
        return pass(`${counts}; the oldest message is ${Math.round(args.ageSeconds)} s old.`);
    }
    if (args.visible === 0 && args.inFlight === 0) {
        return pass("the queue is empty: nothing piles up.");
    }
    return unknown(
        `${counts}; CloudWatch has no ApproximateAgeOfOldestMessage for the queue, so how long they have waited is unknown.`,
    );
}

/** Did messages fail into the dead-letter queue? */
export function evaluateDeadLetters(args: {
    depth: number;
    dlqName: string;
    maxReceiveCount?: number;
}): Finding {
    if (args.depth === 0) {
        return pass(`${args.dlqName} is empty.`);
    }
    return fail(
        `${args.depth} notification${args.depth === 1 ? "" : "s"} failed ${args.maxReceiveCount ?? "several"} times and moved to ${args.dlqName}: their files were not ingested.`,
        "Make sure the role can read those objects (s3:GetObject on the prefix, kms:Decrypt on their key), then move the messages back with `aws sqs start-message-move-task --source-arn <dead-letter queue ARN>`.",
    );
}

const num = (v: string | undefined) => Number(v ?? "0") || 0;

/** The delivery checks of one connection, in order. */
export async function deliveryChecks(
    facts: AwsFacts,
    c: DoctorConnection,
): Promise<[string, string, Finding][]> {
    const connection = catalogConnectionOf(c);
    const { id: scope, title } = connectionScope(c);
    const id = (s: string) => `aws.${scope}.${s}`;
    const queueName = facts.queueName(c);
    const noBucket = unknown("no bucket name: give `--bucket` or the stack output `bucketName`.");
    const attrs = await facts.queueAttributes(c.sqsUrl);
    const queueArn = await facts.queueArn(c);
    const prefix = await facts.objectPrefix(c);
    // The connection's bucket: its own (WAF's, S3 access logs'), or the log bucket.
    const bucket = facts.bucketNameOf(c);
    const bucketArn = facts.bucketArnOf(c);

    const newest = bucket ? await facts.newestObject(prefix, bucket, connection.suffix) : undefined;
    const objects: Finding = !newest
        ? noBucket
        : newest.ok
          ? evaluateObjects({
                logType: c.logType,
                prefix,
                newest: newest.value,
                now: facts.now,
                suffix: connection.suffix,
            })
          : unknown(unknownReason(newest));

    const n = bucket ? await facts.bucketNotifications(bucket) : undefined;
    const topics = (await facts.queueDestinations(c)).filter((d) => d !== queueArn);
    const notification: Finding = !n
        ? noBucket
        : n.ok
          ? evaluateNotification({
                notifications: n.value
                    .filter((x) => x.kind !== "lambda")
                    .map((x) => ({ ...x, queueArn: x.destinationArn })),
                queueArn,
                logType: c.logType,
                accountId: facts.input.accountId,
                expectedPrefix: c.objectPrefix,
                connection,
                topics,
            })
          : unknown(unknownReason(n));

    if (!attrs.ok) {
        const reason: Finding =
            attrs.kind === "missing"
                ? fail(
                      `the queue ${c.sqsUrl} does not exist.`,
                      "Run `pulumi up` to recreate it; the Sentinel connector must then be replaced too (S3B40012), which the component does.",
                  )
                : unknown(unknownReason(attrs));
        return [
            [id("objects"), `${title}: new log files in the bucket`, objects],
            [id("notification"), `${title}: bucket notification to the queue`, notification],
            [id("queuePolicy"), `${title}: queue policy admits S3`, reason],
        ];
    }
    const a = attrs.value;
    // With fan-out the bucket notifies topics the queue's policy admits, and SNS sends to the queue.
    const notifiedTopics =
        n?.ok === true
            ? topics.filter((t) =>
                  n.value.some((x) => x.kind === "topic" && x.destinationArn === t),
              )
            : [];
    const queuePolicy = !bucketArn
        ? noBucket
        : notifiedTopics.length > 0
          ? combine(
                notifiedTopics.map((topicArn) =>
                    evaluateTopicQueuePolicy({
                        policy: parseQueuePolicy(a.Policy),
                        queueArn,
                        topicArn,
                    }),
                ),
            )
          : evaluateQueuePolicy({
                policy: parseQueuePolicy(a.Policy),
                queueArn,
                bucketArn,
                accountId: facts.input.accountId,
            });

    const visible = num(a.ApproximateNumberOfMessages);
    const inFlight = num(a.ApproximateNumberOfMessagesNotVisible);
    const sent = await facts.queueMetric(
        queueName,
        "NumberOfMessagesSent",
        "Sum",
        SENT_WINDOW_MINUTES,
    );
    const delivery: Finding = !newest
        ? noBucket
        : !newest.ok
          ? unknown(unknownReason(newest))
          : !sent.ok
            ? unknown(unknownReason(sent))
            : evaluateDelivery({
                  newest: newest.value,
                  waiting: visible + inFlight,
                  sent: sent.value.points,
                  now: facts.now,
              });

    const age = await facts.queueMetric(queueName, "ApproximateAgeOfOldestMessage", "Maximum", 15);
    const backlog = age.ok
        ? evaluateBacklog({ visible, inFlight, ageSeconds: age.value.points[0]?.value })
        : unknown(`${visible} visible, ${inFlight} in flight; ${unknownReason(age)}`);

    // An organization hub's connection: every account writing files must be notified.
    const coverage: [string, string, Finding][] =
        organizationWide(c.objectPrefix) && facts.input.bucketName
            ? [
                  [
                      id("coverage"),
                      `${title}: every account's files notified`,
                      await coverageCheck(facts, c),
                  ],
              ]
            : [];

    return [
        [id("objects"), `${title}: new log files in the bucket`, objects],
        [id("notification"), `${title}: bucket notification to the queue`, notification],
        ...coverage,
        [id("queuePolicy"), `${title}: queue policy admits S3`, queuePolicy],
        [id("delivery"), `${title}: messages for the newest files`, delivery],
        [id("backlog"), `${title}: queue backlog`, backlog],
        [id("deadLetters"), `${title}: dead-letter queue`, await deadLetters(facts, c, a)],
    ];
}

function parseQueuePolicy(text: string | undefined): AnyPolicy | undefined {
    try {
        return text ? (JSON.parse(text) as AnyPolicy) : undefined;
    } catch {
        return undefined;
    }
}

async function deadLetters(
    facts: AwsFacts,
    c: DoctorConnection,
    a: Readonly<Record<string, string>>,
): Promise<Finding> {
    let redrive: { deadLetterTargetArn?: string; maxReceiveCount?: number | string } = {};
    try {
        redrive = a.RedrivePolicy ? JSON.parse(a.RedrivePolicy) : {};
    } catch {
        // an unreadable redrive policy is treated as none
    }
    let url = c.deadLetterQueueUrl;
    const target = redrive.deadLetterTargetArn;
    if (!url && !target) {
        return unknown(
            "the queue has no redrive policy: messages that keep failing stay in the queue, where the backlog check sees them.",
        );
    }
    if (!url) {
        const [, , , , account, name] = target!.split(":");
        const u = await facts.api.call<{ QueueUrl?: string }, "sqs">(
            "sqs",
            (m) => new m.GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }),
        );
        if (!u.ok) {
            return u.kind === "missing"
                ? fail(
                      `the dead-letter queue ${name} does not exist.`,
                      "Run `pulumi up` to recreate it.",
                  )
                : unknown(unknownReason(u));
        }
        url = u.value.QueueUrl!;
    }
    const d = await facts.queueAttributes(url);
    if (!d.ok) {
        return unknown(unknownReason(d));
    }
    return evaluateDeadLetters({
        depth:
            num(d.value.ApproximateNumberOfMessages) +
            num(d.value.ApproximateNumberOfMessagesNotVisible),
        dlqName: url.split("/").pop()!,
        maxReceiveCount:
            redrive.maxReceiveCount === undefined ? undefined : Number(redrive.maxReceiveCount),
    });
}
