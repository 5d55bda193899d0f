// The registry of sources, facts only: every log type the package connects, with its tables, key
// layout, writer and Sentinel side. The components, the policy pack and the doctor read it and never
// name a source; a source added here and in `index.ts` is connected everywhere. Pure: no resource,
// no cloud SDK (the pack bundles it).
import { CLOUDFRONT_FACTS } from "./cloudFrontAccessLogs/facts";
import { CLOUD_TRAIL_FACTS } from "./cloudTrail/facts";
import { CLOUDWATCH_LOGS_FACTS } from "./cloudWatchLogs/facts";
import { EKS_AUDIT_LOGS_FACTS } from "./eksAuditLogs/facts";
import { ELB_FACTS } from "./elbAccessLogs/facts";
import { GUARD_DUTY_FACTS } from "./guardDuty/facts";
import { layoutOf } from "./layout";
import { NETWORK_FIREWALL_FACTS } from "./networkFirewall/facts";
import { ROUTE53_RESOLVER_FACTS } from "./route53ResolverQueryLogs/facts";
import { S3_SERVER_ACCESS_FACTS } from "./s3ServerAccessLogs/facts";
import { SECURITY_HUB_FACTS } from "./securityHubFindings/facts";
import type { ConnectionId } from "./connections";
import type { ConnectionFacts, SourceFacts } from "./types";
import { VPC_FLOW_LOGS_FACTS } from "./vpcFlowLogs/facts";
import { WAF_FACTS } from "./waf/facts";

// The string enums are written as Pulumi's own SDKs write them (a constant object and a type of its
// values): plain string literals keep working for TypeScript users, and Pulumi's component schema
// analyzer turns them into schema enums for the other languages (it reads the object literal, so
// each value is written out; the compiler checks them against the sources below).

/** The AWS log types this package can connect, keyed as in `AwsSentinelConnectionArgs.logTypes`. */
export const LogType = {
    /** CloudTrail management events. */
    cloudTrail: "cloudTrail",
    /** VPC flow logs. */
    vpcFlowLogs: "vpcFlowLogs",
    /** GuardDuty findings. */
    guardDuty: "guardDuty",
    /** Route 53 Resolver query logs. */
    route53ResolverQueryLogs: "route53ResolverQueryLogs",
    /** Security Hub findings. */
    securityHubFindings: "securityHubFindings",
    /** CloudWatch Logs log groups. */
    cloudWatchLogs: "cloudWatchLogs",
    /** EKS clusters' audit logs. */
    eksAuditLogs: "eksAuditLogs",
    /** AWS WAF logs. */
    waf: "waf",
    /** S3 server access logs. */
    s3ServerAccessLogs: "s3ServerAccessLogs",
    /** AWS Network Firewall logs. */
    networkFirewall: "networkFirewall",
    /** CloudFront standard logs. */
    cloudFrontAccessLogs: "cloudFrontAccessLogs",
    /** ELB access logs (Application and Network Load Balancers). */
    elbAccessLogs: "elbAccessLogs",
} as const;
/** The AWS log types this package can connect, keyed as in `AwsSentinelConnectionArgs.logTypes`. */
export type LogType = (typeof LogType)[keyof typeof LogType];

/** Log Analytics tables the connector writes to, one per connection. */
export const DestinationTable = {
    AWSCloudTrail: "AWSCloudTrail",
    AWSVPCFlow: "AWSVPCFlow",
    AWSGuardDuty: "AWSGuardDuty",
    AWSRoute53Resolver: "AWSRoute53Resolver",
    AWSSecurityHubFindings: "AWSSecurityHubFindings",
    AWSCloudWatch: "AWSCloudWatch",
    AWSEKSLogs_CL: "AWSEKSLogs_CL",
    AWSWAF: "AWSWAF",
    AWSS3ServerAccess: "AWSS3ServerAccess",
    AWSNetworkFirewallAlert: "AWSNetworkFirewallAlert",
    AWSNetworkFirewallFlow: "AWSNetworkFirewallFlow",
    AWSNetworkFirewallTls: "AWSNetworkFirewallTls",
    AWSCloudFront_AccessLog_CL: "AWSCloudFront_AccessLog_CL",
    AWSALBAccessLogs: "AWSALBAccessLogs",
    AWSNLBAccessLogs: "AWSNLBAccessLogs",
} as const;
/** Log Analytics tables the connector writes to, one per connection. */
export type DestinationTable = (typeof DestinationTable)[keyof typeof DestinationTable];

/** Every source's facts, by log type, in a stable order (of resources, outputs and connectors). */
export const SOURCE_FACTS = {
    cloudTrail: CLOUD_TRAIL_FACTS,
    vpcFlowLogs: VPC_FLOW_LOGS_FACTS,
    guardDuty: GUARD_DUTY_FACTS,
    route53ResolverQueryLogs: ROUTE53_RESOLVER_FACTS,
    securityHubFindings: SECURITY_HUB_FACTS,
    cloudWatchLogs: CLOUDWATCH_LOGS_FACTS,
    eksAuditLogs: EKS_AUDIT_LOGS_FACTS,
    waf: WAF_FACTS,
    s3ServerAccessLogs: S3_SERVER_ACCESS_FACTS,
    networkFirewall: NETWORK_FIREWALL_FACTS,
    cloudFrontAccessLogs: CLOUDFRONT_FACTS,
    elbAccessLogs: ELB_FACTS,
} as const satisfies { readonly [K in LogType]: SourceFacts<K> };

// The enums above list exactly the sources' keys and tables.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SourceKeys = keyof typeof SOURCE_FACTS;
type SourceTables = (typeof SOURCE_FACTS)[SourceKeys]["connections"][number]["table"];
type SourceConnectionIds = (typeof SOURCE_FACTS)[SourceKeys]["connections"][number]["id"];
const KEYS_MATCH: Same<SourceKeys, LogType> = true;
const TABLES_MATCH: Same<SourceTables, DestinationTable> = true;
const CONNECTION_IDS_MATCH: Same<SourceConnectionIds, ConnectionId> = true;
void [KEYS_MATCH, TABLES_MATCH, CONNECTION_IDS_MATCH];

/** Every log type, in a stable order (the order of resources, outputs and connectors). */
export const LOG_TYPES: readonly LogType[] = Object.values(LogType);

/** The facts of a log type's source. */
export function sourceFacts(logType: LogType): SourceFacts<LogType> {
    return SOURCE_FACTS[logType];
}

/** A connection of the catalog, with its source's log type. */
export interface CatalogConnection extends ConnectionFacts {
    readonly id: ConnectionId;
    readonly logType: LogType;
    readonly table: DestinationTable;
}

/** Every connection the package can make, in catalog order. */
export const CONNECTIONS: readonly CatalogConnection[] = LOG_TYPES.flatMap((logType) =>
    SOURCE_FACTS[logType].connections.map((c) => ({ ...c, logType })),
);

/** The destination tables the connector knows, each once. */
export const DESTINATION_TABLES: readonly DestinationTable[] = [
    ...new Set(CONNECTIONS.map((c) => c.table)),
];

/**
 * The connection that writes to a destination table by default (its source's first for the
 * table), or `undefined` for an unknown table.
 */
export function connectionForTable(table: string): CatalogConnection | undefined {
    return CONNECTIONS.find((c) => c.table === table);
}

/** The log type that writes to a destination table, or `undefined` for an unknown table. */
export function logTypeForTable(table: string): LogType | undefined {
    return connectionForTable(table)?.logType;
}

/**
 * The `destinationTable` a connection's connector sends: Microsoft's template's own value where it
 * is not the table (`connectorTable`), else the table.
 */
export function connectionBodyTable(connection: ConnectionFacts): string | null {
    return connection.connectorTable === undefined ? connection.table : connection.connectorTable;
}

/** The connection with an ID (`sentinel-<id>` names its notification), or undefined. */
export function connectionById(id: string): CatalogConnection | undefined {
    return CONNECTIONS.find((c) => c.id === id);
}

/** What the connector needs to know about one log type (its first connection's table and folder). */
export interface LogTypeInfo {
    readonly logType: LogType;
    /** Human name, for messages and documentation. */
    readonly title: string;
    /** The Log Analytics table the connection writes to. */
    readonly destinationTable: DestinationTable;
    /** The folder AWS writes under `AWSLogs/<account>/`. */
    readonly pathSegment: string;
    /** The service principal that writes the log files into the bucket. */
    readonly writerService: string;
}

/** The log-type catalog, one entry per log type. */
export const LOG_TYPE_CATALOG: Readonly<Record<LogType, LogTypeInfo>> = Object.fromEntries(
    LOG_TYPES.map((logType) => {
        const source = SOURCE_FACTS[logType];
        const first = source.connections[0];
        return [
            logType,
            {
                logType,
                title: source.title,
                destinationTable: first.table,
                pathSegment: first.pathSegment,
                writerService: source.pack.writerServices[0],
            },
        ];
    }),
) as Record<LogType, LogTypeInfo>;

/**
 * In organization mode each log type writes under its own folder in front of `AWSLogs/`, so one
 * notification per type covers every account (S3 prefixes cannot wildcard the account).
 */
export const ORGANIZATION_TYPE_PREFIXES: Readonly<Record<LogType, string>> = Object.fromEntries(
    LOG_TYPES.map((t) => [t, SOURCE_FACTS[t].layout.organizationFolder]),
) as Record<LogType, string>;

/**
 * The key prefix AWS writes one connection (by default its log type's first) under:
 * `<keyPrefix>AWSLogs/<account>/<segment>/`.
 */
export function logObjectPrefix(
    logType: LogType,
    accountId: string,
    keyPrefix = "",
    connection: ConnectionFacts = SOURCE_FACTS[logType].connections[0],
): string {
    const trimmed = keyPrefix.replace(/\/+$/, "");
    const source = SOURCE_FACTS[logType];
    return layoutOf(source).connectionPrefix(connection, {
        keyPrefix: trimmed === "" ? "" : `${trimmed}/`,
        hubAccountId: accountId,
    });
}
