// EKS audit logs from a log source: per region of the clusters given, a Firehose stream writing into
// the hub's EKS folder, and each cluster's log group subscribed once its audit logging is checked.
import { Problems, isPlainObject } from "../../shared/fields";
import type { LogSourcePart } from "../types";
import { createLogSourceSubscriptions } from "../writers/logsSubscription";
import { subscriptionProblems } from "../writers/logsSubscriptionFields";
import { LOG_SOURCE_EKS_AUDIT_LOGS_FIELDS, LogSourceEksAuditLogsArgs } from "./args";
import { checkedClusterLogGroup } from "./cluster";
import { EKS_AUDIT_FILTER_PATTERN, EKS_SUBSCRIBED, clusterLogGroup } from "./facts";

/** A log source's cluster's key: its name, with its region when one is given. */
export function clusterKey(clusterName: string, region: string | undefined): string {
    return region === undefined ? clusterName : `${region}:${clusterName}`;
}

/** EKS audit logs' part in `SentinelLogSource`. */
export const EKS_AUDIT_LOGS_LOG_SOURCE: LogSourcePart<LogSourceEksAuditLogsArgs> = {
    fields: LOG_SOURCE_EKS_AUDIT_LOGS_FIELDS,
    needsOwnAccount: true,
    rules(settings, at): Problems {
        const clusters = Array.isArray(settings.clusters) ? settings.clusters : [];
        return subscriptionProblems(
            clusters.flatMap((c, i) =>
                isPlainObject(c) && typeof c.clusterName === "string"
                    ? [
                          {
                              at: at.key("clusters").index(i),
                              logGroup: clusterKey(
                                  clusterLogGroup(c.clusterName),
                                  typeof c.region === "string" ? c.region : undefined,
                              ),
                          },
                      ]
                    : [],
            ),
        );
    },
    create: (settings, w) =>
        createLogSourceSubscriptions(
            EKS_SUBSCRIBED,
            settings.clusters.map((c) => ({
                key: clusterKey(c.clusterName, c.region),
                logGroupName: clusterLogGroup(c.clusterName),
                region: c.region,
                adopted: c.adoptSubscriptionFilter,
            })),
            EKS_AUDIT_FILTER_PATTERN,
            w,
            checkedClusterLogGroup(`SentinelLogSource "${w.name}"`),
        ),
};
