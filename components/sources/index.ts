// The registry of sources with their component parts: the hub (`AwsSentinelConnection`) and the
// log source (`SentinelLogSource`) iterate it. The argument interfaces list each source once, as
// Pulumi's schema analyzer needs written-out interfaces; the compiler checks they list exactly the
// registry's sources.
import type {
    CloudFrontAccessLogsArgs,
    LogSourceCloudFrontArgs,
} from "./cloudFrontAccessLogs/args";
import { CLOUDFRONT_ACCESS_LOGS } from "./cloudFrontAccessLogs";
import type { CloudTrailLogArgs, LogSourceCloudTrailArgs } from "./cloudTrail/args";
import { CLOUD_TRAIL } from "./cloudTrail";
import type { CloudWatchLogsArgs, LogSourceCloudWatchLogsArgs } from "./cloudWatchLogs/args";
import { CLOUDWATCH_LOGS } from "./cloudWatchLogs";
import type { EksAuditLogsArgs, LogSourceEksAuditLogsArgs } from "./eksAuditLogs/args";
import { EKS_AUDIT_LOGS } from "./eksAuditLogs";
import type { ElbAccessLogsArgs, LogSourceElbArgs } from "./elbAccessLogs/args";
import { ELB_ACCESS_LOGS } from "./elbAccessLogs";
import type { GuardDutyLogArgs, LogSourceGuardDutyArgs } from "./guardDuty/args";
import { GUARD_DUTY } from "./guardDuty";
import { LOG_TYPES, LogType } from "./catalog";
import type { ExportOutputs, SourceModule, WriterFamily } from "./types";
import type {
    LogSourceRoute53ResolverArgs,
    Route53ResolverQueryLogsArgs,
} from "./route53ResolverQueryLogs/args";
import { ROUTE53_RESOLVER_QUERY_LOGS } from "./route53ResolverQueryLogs";
import type {
    LogSourceS3ServerAccessArgs,
    S3ServerAccessLogsArgs,
} from "./s3ServerAccessLogs/args";
import { S3_SERVER_ACCESS_LOGS } from "./s3ServerAccessLogs";
import type { LogSourceSecurityHubArgs, SecurityHubFindingsArgs } from "./securityHubFindings/args";
import { SECURITY_HUB_FINDINGS } from "./securityHubFindings";
import type { LogSourceNetworkFirewallArgs, NetworkFirewallArgs } from "./networkFirewall/args";
import { NETWORK_FIREWALL } from "./networkFirewall";
import type { LogSourceFlowLogsArgs, VpcFlowLogsArgs } from "./vpcFlowLogs/args";
import { VPC_FLOW_LOGS } from "./vpcFlowLogs";
import type { LogSourceWafArgs, WafLogArgs } from "./waf/args";
import { WAF } from "./waf";

/** The log types to connect; at least one must be enabled. */
export interface LogTypesArgs {
    /** CloudTrail into `AWSCloudTrail`. */
    readonly cloudTrail?: CloudTrailLogArgs;
    /** VPC flow logs into `AWSVPCFlow` (classic or CCF). */
    readonly vpcFlowLogs?: VpcFlowLogsArgs;
    /** GuardDuty findings into `AWSGuardDuty`. */
    readonly guardDuty?: GuardDutyLogArgs;
    /** Route 53 Resolver query logs into `AWSRoute53Resolver` (CCF). */
    readonly route53ResolverQueryLogs?: Route53ResolverQueryLogsArgs;
    /** Security Hub findings into `AWSSecurityHubFindings` (CCF, through EventBridge and Firehose). */
    readonly securityHubFindings?: SecurityHubFindingsArgs;
    /** CloudWatch Logs log groups into `AWSCloudWatch` (through a subscription filter per log group and Firehose). */
    readonly cloudWatchLogs?: CloudWatchLogsArgs;
    /** EKS audit logs into `AWSEKSLogs_CL` (CCF, through a subscription filter per cluster and Firehose). */
    readonly eksAuditLogs?: EksAuditLogsArgs;
    /** AWS WAF logs into `AWSWAF` (CCF), through their own `aws-waf-logs-…` bucket. */
    readonly waf?: WafLogArgs;
    /** S3 server access logs into `AWSS3ServerAccess` (CCF), through their own bucket. */
    readonly s3ServerAccessLogs?: S3ServerAccessLogsArgs;
    /** AWS Network Firewall logs into `AWSNetworkFirewallAlert`, `…Flow` and `…Tls` (CCF). */
    readonly networkFirewall?: NetworkFirewallArgs;
    /** CloudFront standard logs into `AWSCloudFront_AccessLog_CL` (CCF, custom table). */
    readonly cloudFrontAccessLogs?: CloudFrontAccessLogsArgs;
    /** ELB access logs into `AWSALBAccessLogs` and `AWSNLBAccessLogs` (CCF). */
    readonly elbAccessLogs?: ElbAccessLogsArgs;
}

/** The exports a log source creates into its hub, by log type. */
export interface LogSourceExportsArgs {
    /** A trail writing to the hub. */
    readonly cloudTrail?: LogSourceCloudTrailArgs;
    /** Flow logs writing to the hub. */
    readonly vpcFlowLogs?: LogSourceFlowLogsArgs;
    /** GuardDuty exports writing to the hub (GuardDuty's delegated administrator account only). */
    readonly guardDuty?: LogSourceGuardDutyArgs;
    /** Resolver query logging writing to the hub. */
    readonly route53ResolverQueryLogs?: LogSourceRoute53ResolverArgs;
    /** The findings pipeline writing to the hub (Security Hub's administrator account only). */
    readonly securityHubFindings?: LogSourceSecurityHubArgs;
    /** Log groups of the account subscribed, writing to the hub. */
    readonly cloudWatchLogs?: LogSourceCloudWatchLogsArgs;
    /** EKS clusters of the account whose audit logs write to the hub. */
    readonly eksAuditLogs?: LogSourceEksAuditLogsArgs;
    /** WAF logging of this account's web ACLs, writing to the hub's WAF bucket. */
    readonly waf?: LogSourceWafArgs;
    /** S3 server access logging of this account's buckets, replicated into the hub. */
    readonly s3ServerAccessLogs?: LogSourceS3ServerAccessArgs;
    /** Network Firewall logging writing to the hub. */
    readonly networkFirewall?: LogSourceNetworkFirewallArgs;
    /** CloudFront standard logging of the account's distributions writing to the hub. */
    readonly cloudFrontAccessLogs?: LogSourceCloudFrontArgs;
    /** Load balancers of the account writing access logs to the hub. */
    readonly elbAccessLogs?: LogSourceElbArgs;
}

/** Every source with its component parts, by log type, in catalog order. */
export const SOURCES = {
    cloudTrail: CLOUD_TRAIL,
    vpcFlowLogs: VPC_FLOW_LOGS,
    guardDuty: GUARD_DUTY,
    route53ResolverQueryLogs: ROUTE53_RESOLVER_QUERY_LOGS,
    securityHubFindings: SECURITY_HUB_FINDINGS,
    cloudWatchLogs: CLOUDWATCH_LOGS,
    eksAuditLogs: EKS_AUDIT_LOGS,
    waf: WAF,
    s3ServerAccessLogs: S3_SERVER_ACCESS_LOGS,
    networkFirewall: NETWORK_FIREWALL,
    cloudFrontAccessLogs: CLOUDFRONT_ACCESS_LOGS,
    elbAccessLogs: ELB_ACCESS_LOGS,
} as const satisfies {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    readonly [K in LogType]: SourceModule<K, any, any>;
};

// The interfaces above list exactly the registry's sources.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const HUB_ARGS_MATCH: Same<keyof LogTypesArgs, LogType> = true;
const LOG_SOURCE_ARGS_MATCH: Same<keyof LogSourceExportsArgs, LogType> = true;
void [HUB_ARGS_MATCH, LOG_SOURCE_ARGS_MATCH];

/** A source with its parts, as the machinery iterates them (each source's own types erased). */
export type AnySource = SourceModule<LogType, object, ExportOutputs>;

/** The source of a log type. */
export function sourceOf(logType: LogType): AnySource {
    return SOURCES[logType] as unknown as AnySource;
}

/** Every source, in catalog order. */
export const ALL_SOURCES: readonly AnySource[] = LOG_TYPES.map(sourceOf);

/** What a hub's exports give, per source (`logExports`), as each source's own type. */
export type SourceOutputs = {
    readonly [K in LogType]?: (typeof SOURCES)[K] extends SourceModule<K, object, infer O>
        ? O
        : never;
};

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (
    i: infer I,
) => void
    ? I
    : never;

/** The defaults of every source's settings, as documented on their fields. */
export type SourceDefaults = UnionToIntersection<
    {
        // eslint-disable-next-line @typescript-eslint/no-empty-object-type
        [K in LogType]: (typeof SOURCES)[K] extends { defaults: infer D } ? D : {};
    }[LogType]
>;

/** The defaults of every source's settings. */
export const SOURCE_DEFAULTS: SourceDefaults = Object.assign(
    {},
    ...ALL_SOURCES.map((s) => s.defaults ?? {}),
);

/** The writer a source's family admits in a single-account hub. */
type MemberOf<K extends LogType> =
    (typeof SOURCES)[K]["writer"]["family"] extends WriterFamily<infer M, unknown> ? M : never;
/** The writers an organization hub admits for a source. */
type OrganizationMemberOf<K extends LogType> =
    (typeof SOURCES)[K]["writer"]["family"] extends WriterFamily<unknown, infer O> ? O : never;

/**
 * The exports whose writers a single-account hub's bucket and key policies admit, by log type;
 * each present key enables one writer (its values plain strings or Outputs).
 */
export type LogWriters = { readonly [K in LogType]?: MemberOf<K> };

/** The writers an organization hub admits from every account, by log type, and the organization. */
export type OrganizationWriters = {
    readonly organizationId: string;
} & { readonly [K in LogType]?: OrganizationMemberOf<K> };
