// The doctor on a subscription-fed pipeline: is each log group subscribed to the stream (and if not,
// does it hold CloudWatch Logs' two filters already), is the stream active and decoding the
// subscription's records, and has it logged delivery errors in the last day?
import { unknownReason } from "../../../cli/doctor/aws/api";
import type { AwsFacts } from "../../../cli/doctor/aws/facts";
import { Finding, combine, fail, pass, unknown } from "../../../cli/doctor/finding";
import type { DoctorCheckResult } from "../types";
import { DeliveryStream, evaluateDeliveryStream } from "./firehoseDoctor";
import {
    LOGS_SUBSCRIPTION_PROCESSORS,
    SUBSCRIPTION_FILTERS_PER_LOG_GROUP,
} from "./logsSubscriptionFacts";

/** A subscription filter, as DescribeSubscriptionFilters gives it (the fields the doctor reads). */
export interface SubscriptionFilter {
    readonly filterName?: string;
    readonly logGroupName?: string;
    readonly destinationArn?: string;
    readonly filterPattern?: string;
}

/**
 * Is a log group subscribed to the stream? When not, and it holds CloudWatch Logs' two filters
 * already, the component's filter could not be added (PutSubscriptionFilter: LimitExceededException).
 */
export function evaluateSubscription(
    logGroupName: string,
    filters: readonly SubscriptionFilter[],
    streamArn: string,
    adoptHint: string,
): Finding {
    const mine = filters.find((f) => f.destinationArn === streamArn);
    if (mine) {
        return pass(
            `${logGroupName} is subscribed to the stream (filter ${mine.filterName}${mine.filterPattern ? `, pattern ${mine.filterPattern}` : ""}).`,
        );
    }
    if (filters.length >= SUBSCRIPTION_FILTERS_PER_LOG_GROUP) {
        return fail(
            `${logGroupName} has no subscription to ${streamArn}, and holds CloudWatch Logs' ${SUBSCRIPTION_FILTERS_PER_LOG_GROUP} subscription filters already (${filters.map((f) => f.filterName).join(", ")}), so none can be added.`,
            `Remove one of them, or take one over knowingly with ${adoptHint}, then run \`pulumi up\`.`,
        );
    }
    return fail(
        `${logGroupName} has no subscription to ${streamArn}: its events do not reach the bucket.`,
        "Run `pulumi up` to recreate the subscription filter.",
    );
}

/**
 * Does the stream decode the subscription's records? Without decompression and message extraction
 * it writes CloudWatch Logs' gzip envelopes, which the connection cannot read as events.
 */
export function evaluateSubscriptionStream(s: DeliveryStream): Finding {
    const base = evaluateDeliveryStream(s);
    if (base.status !== "pass") {
        return base;
    }
    const processors = (
        s.Destinations?.[0]?.ExtendedS3DestinationDescription?.ProcessingConfiguration
            ?.Processors ?? []
    ).map((p) => p.Type);
    const missing = LOGS_SUBSCRIPTION_PROCESSORS.map((p) => p.type).filter(
        (t) => !processors.includes(t),
    );
    return missing.length > 0
        ? fail(
              `the Firehose stream ${s.DeliveryStreamName} lacks the record processors ${missing.join(", ")}: it writes CloudWatch Logs' compressed envelopes, not one event per line.`,
              "Recreate the stream with the component (`pulumi up`); decompression cannot be turned on for an existing stream in place.",
          )
        : base;
}

/** A delivery error Firehose logged (GetLogEvents' events, in the fields the doctor reads). */
export interface LoggedError {
    readonly timestamp?: number;
    readonly message?: string;
}

/**
 * Has the stream logged delivery errors? Firehose writes them to the log group and stream of its
 * `CloudWatchLoggingOptions` (Firehose developer guide, "Monitoring Amazon Data Firehose Using
 * CloudWatch Logs": "If you enable Firehose error logging … Firehose … logs … delivery errors").
 */
export function evaluateDeliveryErrors(
    streamName: string,
    events: readonly LoggedError[],
    now: Date,
): Finding {
    if (events.length === 0) {
        return pass(`the Firehose stream ${streamName} logged no delivery error in the last day.`);
    }
    const newest = [...events].sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0))[0];
    const when =
        newest.timestamp === undefined
            ? ""
            : ` (newest ${Math.round((now.getTime() - newest.timestamp) / 60000)} min ago)`;
    const text = (newest.message ?? "").trim().slice(0, 300);
    return fail(
        `the Firehose stream ${streamName} logged ${events.length} delivery error${events.length === 1 ? "" : "s"} in the last day${when}: ${text}`,
        /KMS|AccessDenied|Forbidden/i.test(text)
            ? "Its role must be able to write under its prefix and use the bucket's key; `pulumi up` restores both (across accounts, the hub's bucket and key policies must admit the account's roles)."
            : "Records that failed are under the error folder beside the source's folder; fix the cause named above, then check again.",
    );
}

/** What the checks of one subscription-fed source need to know of it. */
export interface SubscriptionDoctorSource {
    readonly logType: string;
    /** The log group of an export key (a log group's name, or a cluster's log group). */
    logGroupOf(key: string): string;
    /** How the setting that takes a filter over is named, for the message. */
    readonly adoptHint: string;
}

/** The stream of the source: the one its exports name (the hub's `logExports`). */
async function findStream(
    facts: AwsFacts,
    source: SubscriptionDoctorSource,
): Promise<{ stream?: DeliveryStream; finding?: Finding }> {
    const given = facts.input.exports[source.logType]?.deliveryStreamArn;
    if (!given) {
        return {
            finding: unknown(
                "the stack output `logExports` names no stream of this source: the hub subscribes no log group here (connection only), or the doctor was not given the stack's outputs.",
            ),
        };
    }
    const name = given.split("/").pop()!;
    const r = await facts.api.call<{ DeliveryStreamDescription?: DeliveryStream }, "firehose">(
        "firehose",
        (m) => new m.DescribeDeliveryStreamCommand({ DeliveryStreamName: name }),
    );
    if (!r.ok) {
        return {
            finding:
                r.kind === "missing"
                    ? fail(
                          `the Firehose stream ${name} does not exist.`,
                          "Run `pulumi up` to recreate it.",
                      )
                    : unknown(unknownReason(r)),
        };
    }
    return { stream: r.value.DeliveryStreamDescription };
}

/** The three checks of a subscription-fed source: stream, subscriptions, delivery errors. */
export async function subscriptionChecks(
    facts: AwsFacts,
    title: string,
    source: SubscriptionDoctorSource,
): Promise<DoctorCheckResult[]> {
    const id = `aws.${source.logType}`;
    const { stream, finding } = await findStream(facts, source);
    if (!stream) {
        const why = finding ?? unknown("the stream could not be read.");
        return [
            [`${id}.stream`, `${title}: Firehose stream`, why],
            [`${id}.subscriptions`, `${title}: subscription filters`, why],
            [`${id}.deliveryErrors`, `${title}: Firehose delivery errors`, why],
        ];
    }
    const streamArn = facts.input.exports[source.logType].deliveryStreamArn;
    const keys = Object.keys(facts.input.exports[source.logType]).filter(
        (k) => !k.startsWith("deliveryStreamArn"),
    );
    const subscriptions: Finding[] = [];
    for (const key of keys) {
        const group = source.logGroupOf(key);
        const r = await facts.api.call<{ subscriptionFilters?: SubscriptionFilter[] }, "logs">(
            "logs",
            (m) => new m.DescribeSubscriptionFiltersCommand({ logGroupName: group }),
        );
        subscriptions.push(
            r.ok
                ? evaluateSubscription(
                      group,
                      r.value.subscriptionFilters ?? [],
                      streamArn,
                      source.adoptHint,
                  )
                : r.kind === "missing"
                  ? fail(
                        `the log group ${group} does not exist, so nothing is subscribed.`,
                        "Check the name and region, or remove it from the component's arguments.",
                    )
                  : unknown(unknownReason(r)),
        );
    }
    const logging =
        stream.Destinations?.[0]?.ExtendedS3DestinationDescription?.CloudWatchLoggingOptions;
    let errors: Finding;
    if (!logging?.Enabled || !logging.LogGroupName || !logging.LogStreamName) {
        errors = unknown(
            `the Firehose stream ${stream.DeliveryStreamName} logs no delivery errors (error logging is off).`,
        );
    } else {
        const r = await facts.api.call<{ events?: LoggedError[] }, "logs">(
            "logs",
            (m) =>
                new m.GetLogEventsCommand({
                    logGroupName: logging.LogGroupName,
                    logStreamName: logging.LogStreamName,
                    startTime: facts.now.getTime() - 86_400_000,
                    limit: 50,
                }),
        );
        errors = r.ok
            ? evaluateDeliveryErrors(
                  stream.DeliveryStreamName ?? "",
                  r.value.events ?? [],
                  facts.now,
              )
            : r.kind === "missing"
              ? unknown(
                    `the error log ${logging.LogGroupName}:${logging.LogStreamName} of the Firehose stream ${stream.DeliveryStreamName} does not exist; \`pulumi up\` recreates it.`,
                )
              : unknown(unknownReason(r));
    }
    return [
        [`${id}.stream`, `${title}: Firehose stream`, evaluateSubscriptionStream(stream)],
        [
            `${id}.subscriptions`,
            `${title}: subscription filters`,
            subscriptions.length === 0
                ? unknown("the stack output `logExports` names no subscribed log group.")
                : combine(subscriptions),
        ],
        [`${id}.deliveryErrors`, `${title}: Firehose delivery errors`, errors],
    ];
}
