// Route 53 Resolver query logs' arguments: on the hub (`logTypes.route53ResolverQueryLogs`) and on a
// log source (`route53ResolverQueryLogs`), each interface beside the description of its fields.
import { objectOf } from "../../shared/fields";
import * as f from "../../shared/formats";
import { ENABLED, LOG_SOURCE_VPC_FIELDS, LogSourceVpcArgs } from "../fields";

/** Route 53 Resolver query logs: DNS queries of VPCs, delivered to the bucket, read into `AWSRoute53Resolver`. */
export interface Route53ResolverQueryLogsArgs {
    /** Connects this log type. @default true */
    readonly enabled?: boolean;
    /**
     * The VPCs of this account and region whose DNS queries to log: the component creates a
     * Resolver query logging configuration writing to the bucket and associates each VPC with it
     * (plain values: the IDs name the associations). Without it the component only connects the
     * log type, for a configuration created elsewhere that writes to the bucket.
     * @default none: only the connection
     */
    readonly vpcIds?: string[];
}

/** The Resolver query logging a log source creates: one configuration per region, each VPC associated. */
export interface LogSourceRoute53ResolverArgs {
    /** The VPCs whose DNS queries to log, in any region of the account. */
    readonly vpcs: LogSourceVpcArgs[];
}

/** The description of `logTypes.route53ResolverQueryLogs`. */
export const ROUTE53_RESOLVER_FIELDS = objectOf<Route53ResolverQueryLogsArgs>(
    "Route53ResolverQueryLogsArgs",
    {
        enabled: ENABLED,
        vpcIds: {
            kind: "list",
            minItems: 1,
            unique: true,
            itemName: "VPC ID",
            doc: "The VPCs of this account and region to log, each associated with a query logging configuration the component creates (plain values: they name the associations).",
            default: { text: "none: only the connection" },
            items: { kind: "string", doc: "A VPC ID.", format: f.VPC_ID },
        },
    },
    { doc: "Route 53 Resolver query logs into `AWSRoute53Resolver` (CCF)." },
);

/** The description of a log source's `route53ResolverQueryLogs`. */
export const LOG_SOURCE_ROUTE53_RESOLVER_FIELDS = objectOf<LogSourceRoute53ResolverArgs>(
    "LogSourceRoute53ResolverArgs",
    {
        vpcs: {
            kind: "list",
            required: true,
            minItems: 1,
            itemName: "VPC",
            doc: "The VPCs to log, in any region of the account (one configuration per region).",
            items: LOG_SOURCE_VPC_FIELDS,
        },
    },
    { doc: "Resolver query logging writing to the hub." },
);
