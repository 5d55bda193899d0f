// CloudWatch Logs' arguments: on the hub (`logTypes.cloudWatchLogs`) and on a log source
// (`cloudWatchLogs`), each interface beside the description of its fields.
import { objectOf } from "../../shared/fields";
import * as f from "../../shared/formats";
import { ENABLED } from "../fields";
import {
    FILTER_PATTERN,
    LOG_GROUP_NAME,
    adoptSubscriptionFilterField,
    adoptSubscriptionFiltersField,
} from "../writers/logsSubscriptionFields";

/**
 * CloudWatch Logs: each log group given subscribed to a Firehose stream that writes its events to
 * the bucket as gzip text, one event per line, read into `AWSCloudWatch` (classic connection).
 */
export interface CloudWatchLogsArgs {
    /** Connects this log type. @default true */
    readonly enabled?: boolean;
    /**
     * The log groups of this account and region to deliver, each subscribed to the component's
     * Firehose stream (plain values: the names key the subscriptions). Without it the component
     * only connects the log type (in an organization hub: for its log sources' log groups).
     * @default none: only the connection
     */
    readonly logGroupNames?: string[];
    /**
     * Which events leave each log group, in CloudWatch Logs' filter pattern syntax (`""`: every
     * event).
     * @default ""
     */
    readonly filterPattern?: string;
    /**
     * Existing subscription filters the component takes over, by log group name: a log group holds
     * at most two, so one that has two already is subscribed by replacing one of them, named here.
     * Its destination becomes the component's stream, and it is deleted with the component.
     * @default none: the component adds its own filter
     */
    readonly adoptSubscriptionFilters?: { [logGroupName: string]: string };
}

/** A log group of a log source's account, in any region. */
export interface LogSourceLogGroupArgs {
    /** The log group's name. */
    readonly logGroupName: string;
    /** The log group's region. @default the provider's region */
    readonly region?: string;
    /**
     * An existing subscription filter of the log group to take over (its destination becomes the
     * log source's stream, and it is deleted with it), when the log group has two already.
     * @default none: the log source adds its own filter
     */
    readonly adoptSubscriptionFilter?: string;
}

/** The log groups a log source delivers: a Firehose stream per region, each log group subscribed. */
export interface LogSourceCloudWatchLogsArgs {
    /** The log groups to deliver, in any region of the account (one stream per region). */
    readonly logGroups: LogSourceLogGroupArgs[];
    /** Which events leave each log group (`""`: every event). @default "" */
    readonly filterPattern?: string;
}

const FILTER_PATTERN_FIELD = {
    kind: "string",
    doc: "Which events leave each log group, in CloudWatch Logs' filter pattern syntax.",
    default: { value: "" },
    format: FILTER_PATTERN,
} as const;

/** The description of `logTypes.cloudWatchLogs`. */
export const CLOUDWATCH_LOGS_FIELDS = objectOf<CloudWatchLogsArgs>(
    "CloudWatchLogsArgs",
    {
        enabled: ENABLED,
        logGroupNames: {
            kind: "list",
            minItems: 1,
            unique: true,
            itemName: "log group",
            doc: "The log groups of this account and region to deliver, each subscribed to the component's Firehose stream (plain values: they key the subscriptions).",
            default: { text: "none: only the connection" },
            items: { kind: "string", doc: "A log group name.", format: LOG_GROUP_NAME },
        },
        filterPattern: FILTER_PATTERN_FIELD,
        adoptSubscriptionFilters: adoptSubscriptionFiltersField(LOG_GROUP_NAME, "log group name"),
    },
    {
        doc: "CloudWatch Logs into `AWSCloudWatch` (through a subscription filter per log group and Firehose).",
    },
);

/** The description of a log source's `cloudWatchLogs`. */
export const LOG_SOURCE_CLOUDWATCH_LOGS_FIELDS = objectOf<LogSourceCloudWatchLogsArgs>(
    "LogSourceCloudWatchLogsArgs",
    {
        logGroups: {
            kind: "list",
            required: true,
            minItems: 1,
            itemName: "log group",
            doc: "The log groups to deliver, in any region of the account (one Firehose stream per region).",
            items: objectOf<LogSourceLogGroupArgs>(
                "LogSourceLogGroupArgs",
                {
                    logGroupName: {
                        kind: "string",
                        required: true,
                        doc: "The log group's name.",
                        format: LOG_GROUP_NAME,
                    },
                    region: {
                        kind: "string",
                        doc: "The log group's region.",
                        default: { text: "the provider's region" },
                        format: f.REGION,
                    },
                    adoptSubscriptionFilter: adoptSubscriptionFilterField("the log group"),
                },
                { doc: "A log group to deliver." },
            ),
        },
        filterPattern: FILTER_PATTERN_FIELD,
    },
    { doc: "CloudWatch Logs log groups delivered to the hub." },
);
