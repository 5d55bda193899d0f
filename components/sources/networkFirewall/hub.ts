// Network Firewall logs in a hub: a logging configuration per firewall given, sending each log type
// connected to the bucket; or only the connections, for logging configured elsewhere.
import * as networkfirewall from "@pulumi/aws/networkfirewall";
import * as pulumi from "@pulumi/pulumi";
import { Problems, ValidationError, show } from "../../shared/fields";
import type { HubPart, Raw } from "../types";
import type { DeliveryLogsOrganizationMember } from "../writers/deliveryLogs";
import { NETWORK_FIREWALL_DEFAULTS as D, NETWORK_FIREWALL_FIELDS } from "./args";
import {
    NETWORK_FIREWALL_FACTS,
    NETWORK_FIREWALL_LOGS,
    NetworkFirewallLog,
    networkFirewallFolder,
    networkFirewallLogOf,
    networkFirewallPrefix,
    parseFirewallArn,
} from "./facts";

/** The logging the hub configures, when it configures some. */
export type FirewallLoggingPlan =
    | { readonly kind: "create"; readonly firewallArns: readonly string[] }
    /** Logging configured elsewhere writes to the bucket: only the connections, and its writer admitted. */
    | { readonly kind: "external" }
    | { readonly kind: "none" };

/** Network Firewall logs' part of the hub's plan. */
export interface NetworkFirewallPlan {
    readonly firewallLogging: FirewallLoggingPlan;
    /** The log types connected, in the order of the connections. */
    readonly firewallLogs: readonly NetworkFirewallLog[];
}

/** What the logging gives: each logging configuration's ID (the firewall's ARN), by firewall ARN. */
export type NetworkFirewallOutputs = { readonly [firewallArn: string]: pulumi.Output<string> };

/** The log types of the settings, defaulted, in the order of the connections. */
export function firewallLogsOf(settings: Raw | undefined): NetworkFirewallLog[] {
    const given = Array.isArray(settings?.logs)
        ? (settings.logs as NetworkFirewallLog[])
        : D.networkFirewallLogs;
    return NETWORK_FIREWALL_LOGS.filter((l) => given.includes(l));
}

/** The connection of each log type. */
const CONNECTION_OF = Object.fromEntries(
    NETWORK_FIREWALL_FACTS.connections.map((c) => [networkFirewallLogOf(c), c.id]),
) as Record<NetworkFirewallLog, string>;

/**
 * Creates a firewall's logging configuration: one S3 destination per log type (Network Firewall API
 * reference, LogDestinationConfig: `LogDestinationType` "S3", `LogDestination` with `bucketName`
 * and an optional `prefix`), each into its log type's folder. A firewall has one logging
 * configuration, holding at most one destination per log type, so the resource owns them all.
 */
export function createFirewallLogging(
    name: string,
    args: {
        readonly firewallArn: pulumi.Input<string>;
        readonly key: string;
        readonly region?: string;
        readonly bucketName: pulumi.Input<string>;
        /** The folder of each log type, in front of `AWSLogs/`. */
        readonly folders: pulumi.Input<Readonly<Partial<Record<NetworkFirewallLog, string>>>>;
        readonly opts: pulumi.CustomResourceOptions;
    },
): pulumi.Output<string> {
    return new networkfirewall.LoggingConfiguration(
        `${name}-network-firewall-logging-${args.key}`,
        {
            firewallArn: args.firewallArn,
            region: args.region,
            loggingConfiguration: pulumi
                .all([args.bucketName, args.folders])
                .apply(([bucketName, folders]) => ({
                    logDestinationConfigs: NETWORK_FIREWALL_LOGS.filter(
                        (l) => folders[l] !== undefined,
                    ).map((l) => {
                        const prefix = networkFirewallPrefix(folders[l]!);
                        const logDestination: Record<string, string> = prefix
                            ? { bucketName, prefix }
                            : { bucketName };
                        return {
                            logDestinationType: "S3",
                            logType: l.toUpperCase(),
                            logDestination,
                        };
                    }),
                })),
        },
        args.opts,
    ).id;
}

/** The key of a firewall's resources: its region and name, from its ARN (plain, stable). */
export function firewallKey(arn: string): string {
    const parts = parseFirewallArn(arn);
    return parts ? `${parts.region}-${parts.name}` : arn;
}

/** The problem of a firewall outside the account (or, for a single account, the region) it must be in. */
export function firewallPlaceProblem(
    subject: string,
    at: string,
    arn: string,
    place: { readonly accountId: string; readonly region?: string },
): ValidationError | undefined {
    const parts = parseFirewallArn(arn);
    if (parts === undefined) {
        return undefined;
    }
    const problems: string[] = [];
    if (parts.accountId !== place.accountId) {
        problems.push(
            `\`${at}\` lists ${show(arn)} of account ${parts.accountId}, but this runs in account ${place.accountId}: a firewall's logging is configured from its own account. Configure it from a log source in ${parts.accountId}, or remove it.`,
        );
    }
    if (place.region !== undefined && parts.region !== place.region) {
        problems.push(
            `\`${at}\` lists ${show(arn)} in ${parts.region}, but the hub is in ${place.region}: a single account's bucket policy admits the log delivery of the hub's region only (aws:SourceArn arn:…:logs:${place.region}:…). Use a firewall of ${place.region}, or an organization hub and a log source.`,
        );
    }
    return problems.length > 0 ? new ValidationError(subject, problems) : undefined;
}

/** Network Firewall logs' part in `AwsSentinelConnection`. */
export const NETWORK_FIREWALL_HUB: HubPart<NetworkFirewallPlan, NetworkFirewallOutputs> = {
    fields: NETWORK_FIREWALL_FIELDS,
    connections: (settings) => firewallLogsOf(settings).map((l) => CONNECTION_OF[l]),
    rules(settings, ctx): Problems {
        const arns = Array.isArray(settings.firewallArns)
            ? settings.firewallArns.filter((a): a is string => typeof a === "string")
            : [];
        const regions = [...new Set(arns.flatMap((a) => parseFirewallArn(a)?.region ?? []))];
        return !ctx.organization && regions.length > 1
            ? [
                  `${ctx.at.key("firewallArns").code} lists firewalls in ${regions.join(" and ")}: a single account's hub admits the log delivery of its own region only (the bucket policy's aws:SourceArn). Keep the firewalls of the hub's region, or connect the others through an organization hub and log sources.`,
              ]
            : [];
    },
    createsExport: (settings, ctx) =>
        settings !== undefined && (!ctx.organization || settings.firewallArns !== undefined),
    plan: (settings, ctx) => ({
        firewallLogging:
            settings === undefined
                ? { kind: "none" }
                : Array.isArray(settings.firewallArns)
                  ? { kind: "create", firewallArns: [...(settings.firewallArns as string[])] }
                  : ctx.organization
                    ? { kind: "none" }
                    : { kind: "external" },
        firewallLogs: settings === undefined ? [] : firewallLogsOf(settings),
    }),
    admitsWriter: (p) => p.firewallLogging.kind !== "none",
    // Log sources send the log types the hub connects, and only those.
    destinationBinding: (p) =>
        p.firewallLogs.length > 0 ? { logs: p.firewallLogs.join(",") } : undefined,
    wire(p, hub) {
        const logging = p.firewallLogging;
        const organization = hub.organization !== undefined;
        const folders = Object.fromEntries(
            p.firewallLogs.map((l) => [l, networkFirewallFolder(hub.folder, l, organization)]),
        ) as Partial<Record<NetworkFirewallLog, string>>;
        const organizationWriter: DeliveryLogsOrganizationMember | undefined = hub.organization && {
            folder: hub.folder,
            folders: Object.values(folders),
        };
        const subject = `AwsSentinelConnection "${hub.name}"`;
        return {
            writer: logging.kind !== "none" ? {} : undefined,
            organizationWriter,
            exports(wiring): NetworkFirewallOutputs {
                if (logging.kind !== "create") {
                    return {};
                }
                return Object.fromEntries(
                    logging.firewallArns.map((arn, i) => [
                        arn,
                        createFirewallLogging(hub.name, {
                            // The hub's own firewalls: of its account, and for a single account
                            // of its region, or the bucket policy does not admit their delivery.
                            firewallArn: pulumi
                                .all([hub.accountId, hub.region])
                                .apply(([accountId, region]) => {
                                    const problem = firewallPlaceProblem(
                                        subject,
                                        `logTypes.networkFirewall.firewallArns[${i}]`,
                                        arn,
                                        { accountId, region: organization ? undefined : region },
                                    );
                                    if (problem) {
                                        throw problem;
                                    }
                                    return arn;
                                }),
                            key: firewallKey(arn),
                            region: organization ? parseFirewallArn(arn)?.region : undefined,
                            bucketName: wiring.bucketName,
                            folders,
                            opts: { parent: hub.parent, dependsOn: [...wiring.dependsOn] },
                        }),
                    ]),
                );
            },
        };
    },
};
