// The argument formats and rules the subscription-fed sources share: log group, cluster and filter
// names, and CloudWatch Logs' two filters per log group.
import {
    FieldPath,
    MapField,
    Problems,
    StringField,
    StringFormat,
    show,
} from "../../shared/fields";
import {
    LOG_GROUP_NAME_PATTERN,
    PACKAGE_LOG_GROUP_PATTERN,
    SUBSCRIPTION_FILTERS_PER_LOG_GROUP,
} from "./logsSubscriptionFacts";

/** Log group names, except the package's own streams' error log groups (recursion). */
export const LOG_GROUP_NAME: StringFormat = {
    what: "a log group name: 1-512 letters, digits and `.`, `-`, `_`, `/`, `#` (CloudWatch Logs API reference, CreateLogGroup)",
    example: "/aws/lambda/checkout",
    test: (value) =>
        !LOG_GROUP_NAME_PATTERN.test(value)
            ? ""
            : PACKAGE_LOG_GROUP_PATTERN.test(value)
              ? "it is a log group of this package's own Firehose streams"
              : undefined,
    problem: (at, value) =>
        LOG_GROUP_NAME_PATTERN.test(value) && PACKAGE_LOG_GROUP_PATTERN.test(value)
            ? `${at.code} ${show(value)} is the delivery-error log group of one of this package's Firehose streams: subscribing it would feed the stream's failures back into a stream (the loop the CloudWatch Logs user guide's "Log recursion prevention" warns of). Remove it; the doctor reports those errors instead.`
            : undefined,
};

/**
 * EKS cluster names (Amazon EKS API reference, CreateCluster `name`: 1-100 characters, pattern
 * `^[0-9A-Za-z][A-Za-z0-9\-_]*`).
 */
export const EKS_CLUSTER_NAME: StringFormat = {
    what: "an EKS cluster name: 1-100 letters, digits, `-` and `_`, starting with a letter or digit (the name, not the ARN)",
    example: "production",
    test: /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/,
};

/**
 * Subscription filter names (CloudWatch Logs API reference, PutSubscriptionFilter `filterName`:
 * 1-512 characters, pattern `[^:*]*`).
 */
export const SUBSCRIPTION_FILTER_NAME: StringFormat = {
    what: "a subscription filter name: 1-512 characters without `:` or `*`",
    example: "existing-to-splunk",
    test: /^[^:*]{1,512}$/,
};

/** A filter pattern (PutSubscriptionFilter `filterPattern`: at most 1,024 characters). */
export const FILTER_PATTERN: StringFormat = {
    what: 'a CloudWatch Logs filter pattern of at most 1,024 characters (`""` matches every event)',
    example: '{ $.level = "ERROR" }',
    test: (value) => (value.length <= 1024 ? undefined : ""),
};

/** One subscription the component would make, where the problems of the whole set are found. */
export interface PlannedSubscription {
    /** Where it was asked for, for messages. */
    readonly at: FieldPath;
    /** The log group, with its region where log groups of several regions are listed. */
    readonly logGroup: string;
    /** The existing filter taken over, if any. */
    readonly adopted?: string;
}

/**
 * The problems of a set of subscriptions: one log group subscribed twice by the component uses
 * both of the filters CloudWatch Logs allows it ("Each log group can have up to two subscription
 * filters associated with it") and delivers every event twice.
 */
export function subscriptionProblems(planned: readonly PlannedSubscription[]): Problems {
    const byGroup = new Map<string, PlannedSubscription[]>();
    for (const p of planned) {
        byGroup.set(p.logGroup, [...(byGroup.get(p.logGroup) ?? []), p]);
    }
    return [...byGroup].flatMap(([group, list]) =>
        list.length < 2
            ? []
            : [
                  `${list.map((p) => p.at.code).join(" and ")} subscribe the log group ${show(group)} ${list.length} times: every event would be delivered ${list.length} times, and CloudWatch Logs allows ${SUBSCRIPTION_FILTERS_PER_LOG_GROUP} subscription filters per log group. Subscribe it once.`,
              ],
    );
}

/**
 * The description of a hub's existing filters to take over, keyed by what the hub lists (log
 * groups, clusters).
 */
export function adoptSubscriptionFiltersField(keys: StringFormat, keyedBy: string): MapField {
    return {
        kind: "map",
        doc: `Existing subscription filters to take over, by ${keyedBy} (for a log group that has CloudWatch Logs' two already): their destination becomes the component's stream, and they are deleted with it.`,
        default: { text: "none: the component adds its own filter" },
        keys,
        values: {
            kind: "string",
            doc: "The existing filter's name.",
            format: SUBSCRIPTION_FILTER_NAME,
        },
    };
}

/** The description of a log source's existing filter to take over, on one log group or cluster. */
export function adoptSubscriptionFilterField(of: string): StringField {
    return {
        kind: "string",
        doc: `An existing subscription filter of ${of} to take over (for a log group that has two already); it is deleted with the log source.`,
        default: { text: "none: the log source adds its own filter" },
        format: SUBSCRIPTION_FILTER_NAME,
    };
}
