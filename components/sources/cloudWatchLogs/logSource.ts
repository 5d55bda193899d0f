// CloudWatch Logs from a log source: per region of the log groups given, a Firehose stream writing
// into the hub's CloudWatch folder, and each log group subscribed to it.
import { Problems, isPlainObject } from "../../shared/fields";
import type { LogSourcePart } from "../types";
import { createLogSourceSubscriptions } from "../writers/logsSubscription";
import { subscriptionProblems } from "../writers/logsSubscriptionFields";
import { LOG_SOURCE_CLOUDWATCH_LOGS_FIELDS, LogSourceCloudWatchLogsArgs } from "./args";
import { CLOUDWATCH_SUBSCRIBED } from "./facts";

/** A log source's log group's key: its name, with its region when one is given. */
export function logGroupKey(logGroupName: string, region: string | undefined): string {
    return region === undefined ? logGroupName : `${region}:${logGroupName}`;
}

/** CloudWatch Logs' part in `SentinelLogSource`. */
export const CLOUDWATCH_LOGS_LOG_SOURCE: LogSourcePart<LogSourceCloudWatchLogsArgs> = {
    fields: LOG_SOURCE_CLOUDWATCH_LOGS_FIELDS,
    needsOwnAccount: true,
    rules(settings, at): Problems {
        const groups = Array.isArray(settings.logGroups) ? settings.logGroups : [];
        return subscriptionProblems(
            groups.flatMap((g, i) =>
                isPlainObject(g) && typeof g.logGroupName === "string"
                    ? [
                          {
                              at: at.key("logGroups").index(i),
                              logGroup: logGroupKey(
                                  g.logGroupName,
                                  typeof g.region === "string" ? g.region : undefined,
                              ),
                          },
                      ]
                    : [],
            ),
        );
    },
    create: (settings, w) =>
        createLogSourceSubscriptions(
            CLOUDWATCH_SUBSCRIBED,
            settings.logGroups.map((g) => ({
                key: logGroupKey(g.logGroupName, g.region),
                logGroupName: g.logGroupName,
                region: g.region,
                adopted: g.adoptSubscriptionFilter,
            })),
            settings.filterPattern ?? "",
            w,
        ),
};
