// VPC flow logs' arguments: on the hub (`logTypes.vpcFlowLogs`) and on a log source
// (`vpcFlowLogs`), each interface beside the description of its fields.
import { Field, objectOf } from "../../shared/fields";
import * as f from "../../shared/formats";
import { ENABLED, LOG_SOURCE_VPC_FIELDS, LogSourceVpcArgs } from "../fields";
import { FlowLogFileFormat } from "./facts";

export type { LogSourceVpcArgs };
export { FlowLogFileFormat };

/** Which Sentinel connector reads the flow logs into `AWSVPCFlow`. */
export const VpcFlowLogConnector = {
    /** The classic "Amazon Web Services S3" connector: plain text only. */
    Classic: "classic",
    /** Microsoft's Codeless Connector Framework connector: plain text or Parquet, through a DCR. */
    Ccf: "ccf",
} as const;
/** Which Sentinel connector reads the flow logs into `AWSVPCFlow`. */
export type VpcFlowLogConnector = (typeof VpcFlowLogConnector)[keyof typeof VpcFlowLogConnector];

/** The traffic a flow log records. */
export const FlowLogTrafficType = {
    /** Accepted and rejected traffic. */
    All: "ALL",
    /** Accepted traffic only. */
    Accept: "ACCEPT",
    /** Rejected traffic only. */
    Reject: "REJECT",
} as const;
/** The traffic a flow log records. */
export type FlowLogTrafficType = (typeof FlowLogTrafficType)[keyof typeof FlowLogTrafficType];

/** Seconds over which a flow log aggregates packets into one record. */
export const FlowLogAggregationInterval = {
    /** One minute (the fastest). */
    OneMinute: 60,
    /** Ten minutes (AWS's default). */
    TenMinutes: 600,
} as const;
/** Seconds over which a flow log aggregates packets into one record. */
export type FlowLogAggregationInterval =
    (typeof FlowLogAggregationInterval)[keyof typeof FlowLogAggregationInterval];

/** The defaults of the flow-log settings, as documented on each field. */
export const FLOW_LOG_DEFAULTS = {
    flowLogConnector: VpcFlowLogConnector.Classic as VpcFlowLogConnector,
    flowLogFileFormat: FlowLogFileFormat.PlainText as FlowLogFileFormat,
    flowLogTrafficType: FlowLogTrafficType.All as FlowLogTrafficType,
    flowLogAggregationSeconds: FlowLogAggregationInterval.OneMinute as FlowLogAggregationInterval,
} as const;
const D = FLOW_LOG_DEFAULTS;

/** VPC Flow Logs: one flow log per VPC, files in the bucket, read into `AWSVPCFlow`. */
export interface VpcFlowLogsArgs {
    /** Connects this log type. @default true */
    readonly enabled?: boolean;
    /**
     * The connector that reads the flow logs: `classic` (plain text), or `ccf`, Microsoft's Codeless
     * Connector Framework connector (plain text or Parquet, through a data collection rule), into
     * the same table. Switching from `classic` to `ccf` with plain text keeps the flow logs and the
     * queue, so nothing waiting in it is lost or read twice.
     * @default "classic"
     */
    readonly connector?: VpcFlowLogConnector;
    /**
     * The format the flow logs write: `plain-text`, or `parquet` (with `connector: "ccf"` only;
     * about 20% smaller), which AWS writes under Hive-compatible prefixes
     * (`AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/…`) with files ending `.parquet`.
     * Changing it replaces the flow logs (the old one is deleted before the new one is created, so
     * no traffic is logged twice). In an organization hub, log sources write the hub's format.
     * @default "plain-text"
     */
    readonly fileFormat?: FlowLogFileFormat;
    /**
     * The VPCs of this account and region to log (`vpc-…` IDs): each gets its own flow log keyed by
     * its ID, so the list is plain values, not Outputs (the IDs name the flow-log resources).
     * Required (at least one) for a single account; in an organization hub, flow logs of other
     * accounts and regions come from `SentinelLogSource`s and these are the hub's own, if any.
     */
    readonly vpcIds?: string[];
    /**
     * A custom flow-log record format, such as `${version} ${srcaddr} ${dstaddr} ${start} ${end}
     * ${action}`. It must include `${start}`, which becomes `TimeGenerated` in Sentinel.
     * @default AWS's default format
     */
    readonly logFormat?: string;
    /** The traffic to record. @default "ALL" */
    readonly trafficType?: FlowLogTrafficType;
    /** Seconds over which packets are aggregated into one record: 60 or 600. @default 60 */
    readonly maxAggregationInterval?: FlowLogAggregationInterval;
}

/** The flow logs a log source creates, one per VPC, in the file format the hub reads. */
export interface LogSourceFlowLogsArgs {
    /** The VPCs to log, in any region of the account. */
    readonly vpcs: LogSourceVpcArgs[];
    /** A custom record format; it must include `${start}`. @default AWS's default format */
    readonly logFormat?: string;
    /** The traffic to record. @default "ALL" */
    readonly trafficType?: FlowLogTrafficType;
    /** Seconds over which packets are aggregated into one record. @default 60 */
    readonly maxAggregationInterval?: FlowLogAggregationInterval;
}

/** How a created flow log records (hub and log source). */
const FLOW_LOG_SETTINGS = {
    logFormat: {
        kind: "string",
        doc: "A custom record format; it must include `${start}` (Sentinel's TimeGenerated).",
        default: { text: "AWS's default format" },
        format: f.FLOW_LOG_FORMAT,
    },
    trafficType: {
        kind: "enum",
        doc: "The traffic to record.",
        default: { value: D.flowLogTrafficType },
        values: Object.values(FlowLogTrafficType),
    },
    maxAggregationInterval: {
        kind: "enum",
        doc: "Seconds over which packets are aggregated into one record.",
        default: { value: D.flowLogAggregationSeconds },
        values: Object.values(FlowLogAggregationInterval),
        hint: "Flow logs aggregate over 60 or 600 seconds only.",
    },
} as const satisfies Record<string, Field>;

/** The description of `logTypes.vpcFlowLogs`. */
export const VPC_FLOW_LOGS_FIELDS = objectOf<VpcFlowLogsArgs>(
    "VpcFlowLogsArgs",
    {
        enabled: ENABLED,
        connector: {
            kind: "enum",
            doc: "The connector that reads the flow logs into `AWSVPCFlow`: `classic` (plain text), or `ccf` (plain text or Parquet, through a DCR).",
            default: { value: D.flowLogConnector },
            values: Object.values(VpcFlowLogConnector),
        },
        fileFormat: {
            kind: "enum",
            doc: 'The flow logs\' file format: `plain-text`, or `parquet` (with `connector: "ccf"`; Hive-compatible prefixes, files ending `.parquet`).',
            default: { value: D.flowLogFileFormat },
            values: Object.values(FlowLogFileFormat),
            hint: "The classic connector reads plain text only.",
        },
        vpcIds: {
            kind: "list",
            minItems: 1,
            unique: true,
            itemName: "VPC ID",
            doc: "The VPCs of this account and region to log, each with its own flow log keyed by its ID (plain values: they name the flow logs); required for a single account.",
            items: { kind: "string", doc: "A VPC ID.", format: f.VPC_ID },
        },
        ...FLOW_LOG_SETTINGS,
    },
    { doc: "VPC flow logs into `AWSVPCFlow` (classic or CCF)." },
);

/** The description of a log source's `vpcFlowLogs`. */
export const LOG_SOURCE_FLOW_LOGS_FIELDS = objectOf<LogSourceFlowLogsArgs>(
    "LogSourceFlowLogsArgs",
    {
        vpcs: {
            kind: "list",
            required: true,
            minItems: 1,
            itemName: "VPC",
            doc: "The VPCs to log, in any region of the account.",
            items: LOG_SOURCE_VPC_FIELDS,
        },
        ...FLOW_LOG_SETTINGS,
    },
    { doc: "Flow logs writing to the hub." },
);
