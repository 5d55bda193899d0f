// EKS audit logs in a hub: each cluster given (its audit logging checked) subscribed to a Firehose
// stream writing into the bucket; or only the connection (in an organization hub, for the log
// sources' clusters).
import type * as pulumi from "@pulumi/pulumi";
import { Problems, isPlainObject, show } from "../../shared/fields";
import type { HubPart, Raw } from "../types";
import { PlannedLogGroup, wireHubSubscriptions } from "../writers/logsSubscription";
import { subscriptionProblems } from "../writers/logsSubscriptionFields";
import { EKS_AUDIT_LOGS_FIELDS } from "./args";
import { checkedClusterLogGroup } from "./cluster";
import { EKS_AUDIT_FILTER_PATTERN, EKS_SUBSCRIBED, clusterLogGroup } from "./facts";

/** EKS audit logs' part of the hub's plan: the hub's own clusters, if any. */
export interface EksAuditLogsPlan {
    readonly eksSubscriptions: { readonly logGroups: readonly PlannedLogGroup[] } | undefined;
    /** Who a cluster's problem is reported against. */
    readonly eksSubject: string;
}

/** What the hub's subscriptions give: the stream's ARN and each cluster's filter name. */
export type EksAuditLogsOutputs = { readonly [name: string]: pulumi.Output<string> };

/** The cluster names given, when they are a list. */
function clusterNamesOf(settings: Raw): string[] | undefined {
    return Array.isArray(settings.clusterNames)
        ? settings.clusterNames.filter((n): n is string => typeof n === "string")
        : undefined;
}

/** EKS audit logs' part in `AwsSentinelConnection`. */
export const EKS_AUDIT_LOGS_HUB: HubPart<EksAuditLogsPlan, EksAuditLogsOutputs> = {
    fields: EKS_AUDIT_LOGS_FIELDS,
    rules(settings, ctx): Problems {
        const at = ctx.at;
        const clusters = clusterNamesOf(settings);
        const adopted = isPlainObject(settings.adoptSubscriptionFilters)
            ? Object.keys(settings.adoptSubscriptionFilters)
            : [];
        if (clusters === undefined) {
            return adopted.length > 0 || settings.adoptSubscriptionFilters !== undefined
                ? [
                      `${at.key("adoptSubscriptionFilters").code} does nothing without ${at.key("clusterNames").code}: the component subscribes no cluster. Give the clusters, or remove it.`,
                  ]
                : [];
        }
        const problems: Problems = adopted
            .filter((c) => !clusters.includes(c))
            .map(
                (c) =>
                    `${at.key("adoptSubscriptionFilters").key(c).code} names the cluster ${show(c)}, which ${at.key("clusterNames").code} does not list: the component takes over filters of the clusters it subscribes only. Add the cluster, or remove the entry.`,
            );
        // A cluster's log group subscribed as a plain log group too (`logTypes.cloudWatchLogs`)
        // would take both of its filters and deliver every event twice.
        const logTypes = ctx.root.key("logTypes");
        const cloudWatch = isPlainObject(ctx.args.logTypes)
            ? ctx.args.logTypes.cloudWatchLogs
            : undefined;
        const groups =
            isPlainObject(cloudWatch) &&
            cloudWatch.enabled !== false &&
            Array.isArray(cloudWatch.logGroupNames)
                ? cloudWatch.logGroupNames
                : [];
        problems.push(
            ...subscriptionProblems([
                ...clusters.map((c, i) => ({
                    at: at.key("clusterNames").index(i),
                    logGroup: clusterLogGroup(c),
                })),
                ...groups.flatMap((g, i) =>
                    typeof g === "string"
                        ? [
                              {
                                  at: logTypes.key("cloudWatchLogs").key("logGroupNames").index(i),
                                  logGroup: g,
                              },
                          ]
                        : [],
                ),
            ]),
        );
        return problems;
    },
    createsExport: (settings) => settings !== undefined && settings.clusterNames !== undefined,
    plan: (settings, ctx) => {
        const clusters = settings === undefined ? undefined : clusterNamesOf(settings);
        if (settings === undefined || clusters === undefined) {
            return { eksSubscriptions: undefined, eksSubject: ctx.subject };
        }
        const adopt = isPlainObject(settings.adoptSubscriptionFilters)
            ? (settings.adoptSubscriptionFilters as Record<string, string>)
            : {};
        return {
            eksSubscriptions: {
                logGroups: clusters.map((c) => ({
                    key: c,
                    logGroupName: clusterLogGroup(c),
                    adopted: adopt[c],
                })),
            },
            eksSubject: ctx.subject,
        };
    },
    admitsWriter: (p) => p.eksSubscriptions !== undefined,
    wire: (p, hub) =>
        wireHubSubscriptions(
            EKS_SUBSCRIBED,
            p.eksSubscriptions && {
                logGroups: p.eksSubscriptions.logGroups,
                filterPattern: EKS_AUDIT_FILTER_PATTERN,
            },
            hub,
            checkedClusterLogGroup(p.eksSubject),
        ),
};
