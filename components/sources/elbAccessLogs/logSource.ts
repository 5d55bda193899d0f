// ELB access logs from a log source: the load balancers of the log source's account, in the hub
// bucket's region, whose access logs write into the hub's ELB folders. As in the hub, access logging
// stays with the load balancers' own programs: the log source checks the load balancers against
// the hub (region, account admitted, SSE-S3 for ALBs) and outputs the bucket and prefix to set.
import * as pulumi from "@pulumi/pulumi";
import { Problems, isPlainObject } from "../../shared/fields";
import type { LogSourcePart } from "../types";
import { LOG_SOURCE_ELB_FIELDS, LogSourceElbArgs } from "./args";
import { handOff, spreadProblems } from "./hub";

/** The accounts the hub admits load balancers of (its `logTypes.elbAccessLogs.accountIds`). */
function admittedAccounts(destination: Record<string, unknown>): string[] | undefined {
    const bindings = destination.bindings;
    const own = isPlainObject(bindings) ? bindings.elbAccessLogs : undefined;
    const accounts = isPlainObject(own) ? own.accountIds : undefined;
    return typeof accounts === "string" ? accounts.split(",").filter(Boolean) : undefined;
}

/** ELB access logs' part in `SentinelLogSource`. */
export const ELB_LOG_SOURCE: LogSourcePart<LogSourceElbArgs> = {
    fields: LOG_SOURCE_ELB_FIELDS,
    needsOwnAccount: true,
    rules: (settings, at): Problems =>
        spreadProblems(settings.loadBalancerArns, at.key("loadBalancerArns").code),
    destinationProblems(destination, _settings, _at, destinationAt): Problems {
        return admittedAccounts(destination) === undefined
            ? [
                  `${destinationAt.code} admits no account's load balancers: list this log source's account in the hub's \`logTypes.elbAccessLogs.accountIds\`.`,
              ]
            : [];
    },
    create(settings, w) {
        // The load balancers are the log source's own account's, which the hub must admit.
        const placement = pulumi.all([w.destination, w.accountId]).apply(([d, account]) => ({
            region: d.region,
            partition: d.partition,
            accountIds: (admittedAccounts(d as never) ?? []).includes(account) ? [account] : [],
            bucketUsesKey: d.bucketUsesKey,
        }));
        return handOff(
            `SentinelLogSource "${w.name}"`,
            "`elbAccessLogs.loadBalancerArns`",
            settings.loadBalancerArns,
            w.folder,
            w.destination.bucketName,
            placement,
        );
    },
};
