// Network Firewall logs from a log source: the logging configuration of each firewall given, in any
// region of the account, sending the log types the hub connects into the hub's folder of each.
import * as pulumi from "@pulumi/pulumi";
import { Problems, isPlainObject } from "../../shared/fields";
import type { LogSourcePart } from "../types";
import { LOG_SOURCE_NETWORK_FIREWALL_FIELDS, LogSourceNetworkFirewallArgs } from "./args";
import {
    NETWORK_FIREWALL_LOGS,
    NetworkFirewallLog,
    networkFirewallFolder,
    parseFirewallArn,
} from "./facts";
import { createFirewallLogging, firewallKey, firewallPlaceProblem } from "./hub";

/** The log types a hub connects, from its `logDestination.bindings` (none when it binds none). */
export function boundLogs(destination: Record<string, unknown>): NetworkFirewallLog[] {
    const bindings = destination.bindings;
    const own = isPlainObject(bindings) ? bindings.networkFirewall : undefined;
    const logs = isPlainObject(own) && typeof own.logs === "string" ? own.logs.split(",") : [];
    return NETWORK_FIREWALL_LOGS.filter((l) => logs.includes(l));
}

/** Network Firewall logs' part in `SentinelLogSource`. */
export const NETWORK_FIREWALL_LOG_SOURCE: LogSourcePart<LogSourceNetworkFirewallArgs> = {
    fields: LOG_SOURCE_NETWORK_FIREWALL_FIELDS,
    needsOwnAccount: true,
    destinationProblems(destination, _settings, _at, destinationAt): Problems {
        return boundLogs(destination).length === 0
            ? [
                  `${destinationAt.code} names no Network Firewall log type the hub connects: the hub's \`logTypes.networkFirewall\` decides them (its \`logDestination.bindings.networkFirewall.logs\`); update the hub, then this log source.`,
              ]
            : [];
    },
    create(settings, w) {
        const subject = `SentinelLogSource "${w.name}"`;
        const folders = pulumi
            .all([w.destination, w.folder])
            .apply(([d, folder]) =>
                Object.fromEntries(
                    boundLogs(d as never).map((l) => [l, networkFirewallFolder(folder, l, true)]),
                ),
            );
        return Object.fromEntries(
            settings.firewallArns.map((arn, i) => [
                arn,
                createFirewallLogging(w.name, {
                    // A firewall's logging is configured from the firewall's own account.
                    firewallArn: w.accountId.apply((accountId) => {
                        const problem = firewallPlaceProblem(
                            subject,
                            `networkFirewall.firewallArns[${i}]`,
                            arn,
                            { accountId },
                        );
                        if (problem) {
                            throw problem;
                        }
                        return arn;
                    }),
                    key: firewallKey(arn),
                    region: parseFirewallArn(arn)?.region,
                    bucketName: w.destination.bucketName,
                    folders,
                    opts: { parent: w.parent },
                }),
            ]),
        );
    },
};
