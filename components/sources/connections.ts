// The connections of the catalog by ID, and how Sentinel reads each: pure facts the components, the
// policy pack and the doctor share, kept beside the catalog (not part of the package's root).
import { CatalogConnection, CONNECTIONS, LogType, SOURCE_FACTS } from "./catalog";
import type { ConnectionFacts, SentinelSide } from "./types";

/**
 * The connections the package can make, by ID (`AwsSentinelConnection.connections[].connectionId`):
 * each says how Sentinel reads its queue.
 */
export const ConnectionId = {
    /** CloudTrail, classic. */
    cloudTrail: "cloudTrail",
    /** VPC flow logs in plain text, classic. */
    vpcFlowLogs: "vpcFlowLogs",
    /** VPC flow logs in plain text, through CCF (the classic connection's queue). */
    vpcFlowLogsCcf: "vpcFlowLogsCcf",
    /** VPC flow logs in Parquet, through CCF. */
    vpcFlowLogsParquet: "vpcFlowLogsParquet",
    /** GuardDuty findings, classic. */
    guardDuty: "guardDuty",
    /** Route 53 Resolver query logs, CCF. */
    route53ResolverQueryLogs: "route53ResolverQueryLogs",
    /** Security Hub findings, CCF. */
    securityHubFindings: "securityHubFindings",
    /** CloudWatch Logs log groups, classic. */
    cloudWatchLogs: "cloudWatchLogs",
    /** EKS audit logs, CCF. */
    eksAuditLogs: "eksAuditLogs",
    /** AWS WAF logs, CCF. */
    waf: "waf",
    /** S3 server access logs, CCF. */
    s3ServerAccessLogs: "s3ServerAccessLogs",
    /** CloudFront standard logs, CCF. */
    cloudFrontAccessLogs: "cloudFrontAccessLogs",
    /** Application Load Balancer access logs, CCF. */
    albAccessLogs: "albAccessLogs",
    /** Network Load Balancer access logs, CCF. */
    nlbAccessLogs: "nlbAccessLogs",
    /** Network Firewall alert logs, CCF. */
    networkFirewallAlert: "networkFirewallAlert",
    /** Network Firewall flow logs, CCF. */
    networkFirewallFlow: "networkFirewallFlow",
    /** Network Firewall TLS logs, CCF. */
    networkFirewallTls: "networkFirewallTls",
} as const;
/** A connection the package can make, by ID. */
export type ConnectionId = (typeof ConnectionId)[keyof typeof ConnectionId];

/** The connection that sends a CCF stream, or undefined. */
export function connectionForStream(streamName: string): CatalogConnection | undefined {
    return CONNECTIONS.find((c) => c.streamName === streamName);
}

/** How Sentinel reads a connection: its own reader, or its source's. */
export function readerOf(
    connection: ConnectionFacts & { readonly logType: LogType },
): SentinelSide {
    return connection.sentinel ?? SOURCE_FACTS[connection.logType].sentinel;
}

/** A connection's name in messages: its source's title, and its own where the source has several. */
export function connectionTitle(connection: CatalogConnection): string {
    const source = SOURCE_FACTS[connection.logType];
    return connection.title === undefined ? source.title : `${source.title}, ${connection.title}`;
}
