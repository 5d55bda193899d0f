// CloudWatch Logs in a hub: the log groups given subscribed to a Firehose stream writing into the
// bucket; or only the connection (in an organization hub, for the log sources' log groups).
import type * as pulumi from "@pulumi/pulumi";
import { Problems, isPlainObject, show } from "../../shared/fields";
import type { HubPart, Raw } from "../types";
import { PlannedLogGroup, wireHubSubscriptions } from "../writers/logsSubscription";
import { CLOUDWATCH_LOGS_FIELDS } from "./args";
import { CLOUDWATCH_SUBSCRIBED } from "./facts";

/** CloudWatch Logs' part of the hub's plan: the hub's own subscriptions, if any. */
export interface CloudWatchLogsPlan {
    readonly cloudWatchSubscriptions:
        | { readonly logGroups: readonly PlannedLogGroup[]; readonly filterPattern: string }
        | undefined;
}

/** What the hub's subscriptions give: the stream's ARN and each log group's filter name. */
export type CloudWatchLogsOutputs = { readonly [name: string]: pulumi.Output<string> };

/** The log group names given, when they are a list. */
function logGroupNamesOf(settings: Raw): string[] | undefined {
    return Array.isArray(settings.logGroupNames)
        ? settings.logGroupNames.filter((n): n is string => typeof n === "string")
        : undefined;
}

/** CloudWatch Logs' part in `AwsSentinelConnection`. */
export const CLOUDWATCH_LOGS_HUB: HubPart<CloudWatchLogsPlan, CloudWatchLogsOutputs> = {
    fields: CLOUDWATCH_LOGS_FIELDS,
    rules(settings, ctx): Problems {
        const at = ctx.at;
        const names = logGroupNamesOf(settings);
        const problems: Problems = [];
        if (names === undefined) {
            for (const field of ["filterPattern", "adoptSubscriptionFilters"] as const) {
                if (settings[field] !== undefined) {
                    problems.push(
                        `${at.key(field).code} does nothing without ${at.key("logGroupNames").code}: the component subscribes no log group. Give the log groups, or remove it.`,
                    );
                }
            }
            return problems;
        }
        const adopted = isPlainObject(settings.adoptSubscriptionFilters)
            ? Object.keys(settings.adoptSubscriptionFilters)
            : [];
        for (const group of adopted.filter((g) => !names.includes(g))) {
            problems.push(
                `${at.key("adoptSubscriptionFilters").key(group).code} names the log group ${show(group)}, which ${at.key("logGroupNames").code} does not list: the component takes over filters of the log groups it subscribes only. Add the log group, or remove the entry.`,
            );
        }
        return problems;
    },
    // A single-account hub without log groups connects the table for a writer made elsewhere; an
    // organization hub without them connects its log sources' log groups.
    createsExport: (settings) => settings !== undefined && settings.logGroupNames !== undefined,
    plan: (settings) => {
        const names = settings === undefined ? undefined : logGroupNamesOf(settings);
        if (settings === undefined || names === undefined) {
            return { cloudWatchSubscriptions: undefined };
        }
        const adopt = isPlainObject(settings.adoptSubscriptionFilters)
            ? (settings.adoptSubscriptionFilters as Record<string, string>)
            : {};
        return {
            cloudWatchSubscriptions: {
                logGroups: names.map((logGroupName) => ({
                    key: logGroupName,
                    logGroupName,
                    adopted: adopt[logGroupName],
                })),
                filterPattern: (settings.filterPattern as string | undefined) ?? "",
            },
        };
    },
    admitsWriter: (p) => p.cloudWatchSubscriptions !== undefined,
    wire: (p, hub) => wireHubSubscriptions(CLOUDWATCH_SUBSCRIBED, p.cloudWatchSubscriptions, hub),
};
