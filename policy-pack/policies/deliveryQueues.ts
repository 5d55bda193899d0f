// The notification and queue links of the delivery chain: every queue a connector reads is fed by
// the bucket (directly, or through an SNS topic delivering S3's events as they are), its policy lets
// the sender in, it is a standard queue, its dead-letter queue keeps failed messages as long as it
// does, and the bucket keeps the files as long as the queue keeps their notifications. Each breach
// deploys, shows "connected" and delivers nothing (or loses files in an outage); the words are the
// doctor's (`components/shared/delivery.ts`).
import {
    DELIVERY_FACTS,
    QUEUE_FED_FIX,
    QUEUE_NOT_RAW_FIX,
    deadLetterRetentionReason,
    queueFifoReason,
    queueIsDeadLetterReason,
    queueNotFedReason,
    queueNotRawReason,
    queuePolicyFix,
    queuePolicyReason,
    queueSharedReason,
} from "../../components/shared/delivery";
import { Outcome, stackPolicy } from "./lib/builders";
import { connectorQueues } from "./lib/connectorQueues";
import {
    accountOf,
    connectorFeeds,
    connectorLinks,
    deadLetterSources,
    decide,
    feeds,
    feedsOf,
    partitionOf,
    policiesOn,
    queueArnOf,
    queuesNamed,
} from "./lib/deliveryChain";
import { Res, StackIndex, settingsByBucket } from "./lib/stack";
import { LIFECYCLE_TYPES, PackPolicy, TYPES } from "./lib/types";
import { Finding, Str, asArray, at, isUnknown, label, show, unknownFinding } from "./lib/values";

/** SQS's default retention when none is set (4 days: "Amazon SQS message quotas"). */
const SQS_DEFAULT_RETENTION_SECONDS = 345_600;

const guide = (key: keyof typeof DELIVERY_FACTS) =>
    `${DELIVERY_FACTS[key].guide}. Sentinel shows: ${DELIVERY_FACTS[key].shows}.`;

/** The name a queue goes by in messages. */
function queueName(queue: Res | undefined, arnOrUrl: Str | undefined): string {
    if (queue) {
        return label(queue.type, queue.name);
    }
    return typeof arnOrUrl === "string" ? show(arnOrUrl.split(/[/:]/).pop()) : "(unknown queue)";
}

/** The bucket ARNs a queue's policies let `s3.amazonaws.com` send from. */
function admittedBuckets(index: StackIndex, queue: Res): string[] {
    return policiesOn(index, queue, "queue").flatMap(({ doc }) =>
        doc.kind !== "ok"
            ? []
            : (JSON.stringify(doc.policy).match(/arn:aws[a-z-]*:s3:::[a-z0-9.-]+(?=")/g) ?? []),
    );
}

export const sentinelConnectorQueueFed: PackPolicy = stackPolicy(
    {
        name: "sentinel-connector-queue-fed",
        description:
            "Checks that every queue a Sentinel connector reads is fed by the bucket: it is no other queue's dead-letter queue, and when the stack sets the bucket's notification configuration, an entry sends to it (directly, or through an SNS topic's subscription). A connector on a queue nothing feeds shows connected and never receives a file.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `${QUEUE_FED_FIX} ${guide("queueNotFed")}`,
    },
    ({ index }): Outcome => {
        const links = connectorLinks(index);
        if (links.length === 0) {
            return "The stack has no Sentinel connector.";
        }
        const findings: Finding[] = [];
        let checked = 0;
        const notifications = index.ofType(TYPES.notification);
        const notifiedBuckets = new Set(
            feeds(index).flatMap((f) => (typeof f.bucket.name === "string" ? [f.bucket.name] : [])),
        );
        for (const link of links) {
            for (const q of link.queues) {
                const name = queueName(q.queue, q.url);
                if (q.queue === undefined && isUnknown(q.url)) {
                    findings.push(unknownFinding(`The queue URLs of ${link.who}`, link.res.urn));
                    continue;
                }
                const sources = q.queue ? deadLetterSources(index, q.queue) : [];
                if (sources.length > 0) {
                    checked++;
                    findings.push({
                        message: `${link.who} must read the queue its log files are announced in, not ${queueIsDeadLetterReason(name, sources.map((s) => label(s.type, s.name)).join(" and "))}`,
                        urn: link.res.urn,
                    });
                    continue;
                }
                if (feedsOf(index, q.queue, q.arn).length > 0 || notifications.length === 0) {
                    checked += notifications.length > 0 ? 1 : 0;
                    continue;
                }
                checked++;
                if (feeds(index).some((f) => f.unknownTarget)) {
                    findings.push(
                        unknownFinding(
                            `Which queues the bucket notifications send to`,
                            link.res.urn,
                        ),
                    );
                    continue;
                }
                const buckets = q.queue ? admittedBuckets(index, q.queue) : [];
                const owned = buckets
                    .map((b) => b.split(":::")[1])
                    .filter((b) => notifiedBuckets.has(b));
                const others = feeds(index)
                    .map((f) => show(f.queueArn ?? "?"))
                    .join(", ");
                const text = queueNotFedReason(
                    name,
                    owned.length > 0 ? `bucket ${show(owned[0])}` : "any bucket of the stack",
                    others ? `they notify ${others}` : undefined,
                );
                findings.push({
                    message: `${link.who} must read a queue a bucket notification sends to, but ${text}${owned.length > 0 ? "" : " (If a notification outside this stack feeds it, the doctor confirms it on the live account.)"}`,
                    urn: link.res.urn,
                    advisory: owned.length === 0,
                });
            }
        }
        return checked > 0 || findings.length > 0
            ? findings
            : "The stack sets no bucket notification, so what feeds the connectors' queues is checked live (the doctor).";
    },
);

export const snsConnectorSubscriptionRawDelivery: PackPolicy = stackPolicy(
    {
        name: "sns-connector-subscription-raw-delivery",
        description:
            "Checks that an SNS subscription delivering a bucket's events to a connector queue (S3 → SNS → SQS fan-out) uses raw message delivery: without it each message is SNS's envelope with the S3 event inside a string, and the connector finds no `Records`.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `${QUEUE_NOT_RAW_FIX} ${guide("queueNotRaw")}`,
    },
    ({ index }): Outcome => {
        const viaTopics = connectorFeeds(index).filter((c) => c.feed.via !== undefined);
        if (viaTopics.length === 0) {
            return "No SNS subscription delivers a bucket's events to a connector queue.";
        }
        const seen = new Set<string>();
        return viaTopics.flatMap(({ feed, queue }): Finding[] => {
            const s = feed.via!.subscription;
            if (seen.has(s.urn)) {
                return [];
            }
            seen.add(s.urn);
            const raw = s.props.rawMessageDelivery;
            const who = label(s.type, s.name);
            if (isUnknown(raw)) {
                return [unknownFinding(`Whether ${who} delivers raw messages`, s.urn)];
            }
            return raw === true || raw === "true"
                ? []
                : [
                      {
                          message: `${who} must deliver raw messages: ${queueNotRawReason(who, queueName(queue, feed.queueArn))}`,
                          urn: s.urn,
                      },
                  ];
        });
    },
);

export const sqsConnectorQueuePolicyAdmitsNotifications: PackPolicy = stackPolicy(
    {
        name: "sqs-connector-queue-policy-admits-notifications",
        description:
            "Checks that the policy of every connector queue the stack feeds lets the sender in: s3.amazonaws.com with aws:SourceArn = the notifying bucket (or sns.amazonaws.com with the topic's ARN), over TLS, with no Deny in the way. S3 validates the destination only when the notification is saved; a queue policy changed later silently drops every notification.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `Allow the sender sqs:SendMessage on the queue with aws:SourceArn = the bucket (and aws:SourceAccount = its account), as the component's queue policy does. ${guide("queuePolicy")}`,
    },
    ({ index }): Outcome => {
        const fed = connectorFeeds(index).filter((c) => c.queue !== undefined);
        if (fed.length === 0) {
            return "No bucket notification of the stack feeds a connector queue of the stack.";
        }
        const findings: Finding[] = [];
        for (const { feed, queue } of fed) {
            const q = queue!;
            const who = label(q.type, q.name);
            const partition = partitionOf(
                typeof feed.queueArn === "string" ? feed.queueArn : undefined,
            );
            const own = queueArnOf(q, undefined, partition);
            const queueArn = typeof own === "string" ? own : feed.queueArn;
            const sender = feed.via ? "sns.amazonaws.com" : "s3.amazonaws.com";
            const source = feed.via
                ? feed.via.topicArn
                : typeof feed.bucket.name === "string"
                  ? `arn:${partition}:s3:::${feed.bucket.name}`
                  : undefined;
            if (typeof queueArn !== "string" || typeof source !== "string") {
                findings.push(unknownFinding(`The queue or sender of ${feed.where}`, q.urn));
                continue;
            }
            const docs = policiesOn(index, q, "queue");
            if (docs.some((d) => d.doc.kind === "unknown" || d.doc.kind === "invalid")) {
                findings.push(unknownFinding(`The policy of ${who}`, q.urn));
                continue;
            }
            if (docs.length === 0) {
                findings.push({
                    message: `${who} must let ${sender} send the notifications of ${feed.where}, but ${queuePolicyReason("absent", sender, source)} ${queuePolicyFix(sender, source)}`,
                    urn: q.urn,
                });
                continue;
            }
            const policies = docs.flatMap((d) => (d.doc.kind === "ok" ? [d.doc.policy] : []));
            const accounts = new Set(
                [
                    accountOf(queueArn),
                    ...(JSON.stringify(policies).match(/"\d{12}"/g) ?? []).map((a) =>
                        a.slice(1, -1),
                    ),
                ].filter((a): a is string => a !== undefined),
            );
            const decisions = [...accounts].map((account) =>
                decide(
                    policies,
                    {
                        action: "sqs:SendMessage",
                        resource: queueArn,
                        principal: { service: sender },
                        context: {
                            "aws:SourceArn": source,
                            "aws:SourceAccount": account,
                            "aws:SecureTransport": true,
                        },
                    },
                    true,
                ),
            );
            if (decisions.includes("allow")) {
                continue;
            }
            if (decisions.includes("unknown")) {
                findings.push(
                    unknownFinding(`Whether the policy of ${who} admits ${sender}`, q.urn),
                );
                continue;
            }
            const problem = decisions.includes("deny") ? "deny" : "none";
            findings.push({
                message: `${who} must let ${sender} send the notifications of ${feed.where}, but ${queuePolicyReason(problem, sender, source)} ${queuePolicyFix(sender, source, feed.via ? undefined : accountOf(queueArn))}`,
                urn: q.urn,
            });
        }
        return findings;
    },
);

/** The connector queues of the stack (a connector reads them, or a Sentinel role or entry says so). */
function stackConnectorQueues(index: StackIndex): Res[] {
    const byUrn = new Map<string, Res>();
    for (const link of connectorLinks(index)) {
        link.queues.forEach((q) => q.queue && byUrn.set(q.queue.urn, q.queue));
    }
    const known = connectorQueues(index);
    index
        .ofType(TYPES.queue)
        .filter((q) => known.byUrn.has(q.urn))
        .forEach((q) => byUrn.set(q.urn, q));
    return [...byUrn.values()];
}

export const sqsConnectorQueueStandard: PackPolicy = stackPolicy(
    {
        name: "sqs-connector-queue-standard",
        description:
            "Checks that connector queues are standard queues: S3 cannot send event notifications to a FIFO queue.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `Create the connector queue without \`fifoQueue\` (a name not ending in ".fifo"), as the component does. ${guide("queueFifo")}`,
    },
    ({ index }): Outcome => {
        const queues = stackConnectorQueues(index);
        if (queues.length === 0) {
            return "The stack has no connector queue.";
        }
        return queues.flatMap((q): Finding[] => {
            const who = label(q.type, q.name);
            if (isUnknown(q.props.fifoQueue)) {
                return [unknownFinding(`Whether ${who} is a FIFO queue`, q.urn)];
            }
            const fifo =
                q.props.fifoQueue === true ||
                (typeof q.props.name === "string" && q.props.name.endsWith(".fifo"));
            return fifo
                ? [
                      {
                          message: `${who} must be a standard queue: ${queueFifoReason(who)}`,
                          urn: q.urn,
                      },
                  ]
                : [];
        });
    },
);

/** Resources that receive and delete a queue's messages, and the property naming the queue. */
const OTHER_CONSUMERS: ReadonlyArray<{ type: string; property: string }> = [
    { type: "aws:lambda/eventSourceMapping:EventSourceMapping", property: "eventSourceArn" },
    { type: "aws:pipes/pipe:Pipe", property: "source" },
];

export const sqsConnectorQueueSingleConsumer: PackPolicy = stackPolicy(
    {
        name: "sqs-connector-queue-single-consumer",
        description:
            "Checks that nothing else in the stack consumes a connector queue (a Lambda event source mapping, an EventBridge pipe): an SQS queue gives each message to one consumer, which deletes it, so Sentinel never sees the files announced in the messages another consumer takes.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `Give the other consumer its own queue: fan the bucket's events out through an SNS topic (raw message delivery) to one queue per consumer. ${guide("queueShared")}`,
    },
    ({ index }): Outcome => {
        const queues = stackConnectorQueues(index);
        const consumers = OTHER_CONSUMERS.flatMap(({ type, property }) =>
            index.ofType(type).map((res) => ({ res, property })),
        );
        if (queues.length === 0 || consumers.length === 0) {
            return "No Lambda event source mapping or EventBridge pipe beside a connector queue.";
        }
        const findings: Finding[] = [];
        for (const { res, property } of consumers) {
            const value = res.props[property];
            const who = label(res.type, res.name);
            const named =
                typeof value === "string"
                    ? queues.filter((q) => queuesNamed(index, value).some((x) => x.urn === q.urn))
                    : queues.filter((q) =>
                          index
                              .dependencies(res, property, [TYPES.queue])
                              .some((x) => x.urn === q.urn),
                      );
            if (isUnknown(value) && named.length === 0) {
                if (index.dependencies(res, property, [TYPES.queue]).length === 0) {
                    findings.push(unknownFinding(`The queue ${who} reads`, res.urn));
                }
                continue;
            }
            for (const q of named) {
                findings.push({
                    message: `${who} must not consume ${queueSharedReason(label(q.type, q.name))}`,
                    urn: res.urn,
                });
            }
        }
        return findings;
    },
);

/** A queue's retention in seconds (SQS's default when unset), or `UNKNOWN`. */
function retentionOf(q: Res): number | undefined {
    const v = q.props.messageRetentionSeconds;
    return isUnknown(v) ? undefined : typeof v === "number" ? v : SQS_DEFAULT_RETENTION_SECONDS;
}

export const sqsConnectorDeadLetterRetention: PackPolicy = stackPolicy(
    {
        name: "sqs-connector-dead-letter-retention",
        description:
            "Checks that the dead-letter queue of a connector queue keeps messages at least as long as the connector queue: a message's expiry counts from when it entered the first queue, so a shorter dead-letter retention drops failed notifications before anyone can redrive them.",
        enforcementLevel: "advisory",
        severity: "medium",
        remediationSteps: `Give the dead-letter queue the connector queue's retention or more (the component sets both to 1209600 s, 14 days). ${guide("deadLetterRetention")}`,
    },
    ({ index }): Outcome => {
        const queues = stackConnectorQueues(index);
        const pairs = index.ofType(TYPES.queue).flatMap((dlq) =>
            deadLetterSources(index, dlq)
                .filter((q) => queues.some((c) => c.urn === q.urn))
                .map((q) => ({ q, dlq })),
        );
        if (pairs.length === 0) {
            return "No connector queue of the stack has a dead-letter queue in it.";
        }
        return pairs.flatMap(({ q, dlq }): Finding[] => {
            const [mine, theirs] = [retentionOf(q), retentionOf(dlq)];
            if (mine === undefined || theirs === undefined) {
                return [
                    unknownFinding(
                        `The message retention of ${label(dlq.type, dlq.name)}`,
                        dlq.urn,
                    ),
                ];
            }
            return theirs < mine
                ? [
                      {
                          message: `${label(dlq.type, dlq.name)} must keep messages at least as long as the connector queue it serves: ${deadLetterRetentionReason(label(dlq.type, dlq.name), theirs, label(q.type, q.name), mine)}`,
                          urn: dlq.urn,
                      },
                  ]
                : [];
        });
    },
);

/** The prefixes a lifecycle rule applies to (undefined: every object); `UNKNOWN` if unknown. */
function rulePrefix(rule: unknown): Str | undefined | null {
    const prefix =
        at(rule, "filter", "prefix") ?? at(rule, "filter", "and", "prefix") ?? at(rule, "prefix");
    if (isUnknown(prefix)) {
        return prefix;
    }
    // A rule filtered on tags applies to tagged objects only: log writers tag none.
    if (
        at(rule, "filter", "tag") !== undefined ||
        at(rule, "filter", "and", "tags") !== undefined
    ) {
        return null;
    }
    return typeof prefix === "string" && prefix !== "" ? prefix : undefined;
}

export const s3BucketLifecycleOutlastsConnectorQueue: PackPolicy = stackPolicy(
    {
        name: "s3-bucket-lifecycle-outlasts-connector-queue",
        description:
            "Checks that no lifecycle rule expires the log files a connector queue announces sooner than the queue keeps the announcements: after an outage the connector would be told of files that no longer exist.",
        enforcementLevel: "advisory",
        severity: "medium",
        remediationSteps: `Expire log files no sooner than the connector queue's retention (the component expires them after 365 days; the queue keeps messages 14 days). ${guide("lifecycleExpiry")}`,
    },
    ({ index }): Outcome => {
        const lifecycles = settingsByBucket(index, LIFECYCLE_TYPES);
        const fed = connectorFeeds(index).filter(
            (c) => c.queue !== undefined && c.feed.bucket.res !== undefined,
        );
        const checked = fed.filter(
            (c) => (lifecycles.byBucket.get(c.feed.bucket.res!.urn) ?? []).length > 0,
        );
        if (checked.length === 0) {
            return "No bucket feeding a connector queue of the stack has a lifecycle configuration in it.";
        }
        const findings: Finding[] = [];
        for (const { feed, queue } of checked) {
            const retention = retentionOf(queue!);
            for (const config of lifecycles.byBucket.get(feed.bucket.res!.urn) ?? []) {
                const rules = asArray(config.props.rules);
                if (isUnknown(rules) || retention === undefined || isUnknown(feed.prefix)) {
                    findings.push(
                        unknownFinding(
                            `The lifecycle of ${label(config.type, config.name)}`,
                            config.urn,
                        ),
                    );
                    continue;
                }
                for (const rule of rules ?? []) {
                    const days = at(rule, "expiration", "days");
                    const prefix = rulePrefix(rule);
                    if (
                        at(rule, "status") !== "Enabled" ||
                        prefix === null ||
                        typeof days !== "number"
                    ) {
                        continue;
                    }
                    if (isUnknown(prefix) || isUnknown(days)) {
                        findings.push(
                            unknownFinding(
                                `A rule of ${label(config.type, config.name)}`,
                                config.urn,
                            ),
                        );
                        continue;
                    }
                    const mine = typeof feed.prefix === "string" ? feed.prefix : "";
                    const covers =
                        prefix === undefined || mine.startsWith(prefix) || prefix.startsWith(mine);
                    if (covers && days * 86_400 < retention) {
                        findings.push({
                            message: `${label(config.type, config.name)} rule ${show(at(rule, "id") ?? "?")} must not expire the files ${feed.where} announces after ${days} day(s), sooner than ${label(queue!.type, queue!.name)} keeps their notifications (${retention} s): after an outage that long the connector is told of files that no longer exist.`,
                            urn: config.urn,
                        });
                    }
                }
            }
        }
        return findings;
    },
);

export const deliveryQueuePolicies: PackPolicy[] = [
    sentinelConnectorQueueFed,
    snsConnectorSubscriptionRawDelivery,
    sqsConnectorQueuePolicyAdmitsNotifications,
    sqsConnectorQueueStandard,
    sqsConnectorQueueSingleConsumer,
    sqsConnectorDeadLetterRetention,
    s3BucketLifecycleOutlastsConnectorQueue,
];
