// The arguments and outputs of `SentinelLogSource`, inside what Pulumi's component schema can
// describe. The description of each field is in `sentinelLogSourceFields.ts`.
import * as pulumi from "@pulumi/pulumi";
import { GuardDutyAutoEnable } from "../shared/catalog";
import {
    CloudTrailReadWriteType,
    FlowLogAggregationInterval,
    FlowLogTrafficType,
} from "./awsSentinelConnectionArgs";

/** The keys in front of `AWSLogs/` each log type writes under, as a hub gives them. */
export interface LogDestinationPrefixesArgs {
    /** The key CloudTrail writes under. */
    readonly cloudTrail?: pulumi.Input<string>;
    /** The key VPC flow logs write under. */
    readonly vpcFlowLogs?: pulumi.Input<string>;
    /** The key GuardDuty exports write under. */
    readonly guardDuty?: pulumi.Input<string>;
}

/**
 * Where a log source writes: an organization hub's `logDestination` (from the same program, or
 * through a `StackReference`).
 */
export interface LogDestinationArgs {
    /** Marks the data as a hub's (`sentinel-aws-s3/log-destination/v1`). */
    readonly format: pulumi.Input<string>;
    /** The name of the hub's log bucket. */
    readonly bucketName: pulumi.Input<string>;
    /** The ARN of the hub's log bucket. */
    readonly bucketArn: pulumi.Input<string>;
    /** The hub's account. */
    readonly accountId: pulumi.Input<string>;
    /** The hub's region (of the bucket and key). */
    readonly region: pulumi.Input<string>;
    /** The hub's AWS partition. */
    readonly partition: pulumi.Input<string>;
    /** The key exports encrypt with. */
    readonly keyArn?: pulumi.Input<string>;
    /** Whether the bucket's default encryption uses `keyArn`. */
    readonly bucketUsesKey: boolean;
    /** The organization the hub admits writers from. */
    readonly organizationId?: pulumi.Input<string>;
    /** The key in front of `AWSLogs/` each connected log type writes under. */
    readonly keyPrefixes: LogDestinationPrefixesArgs;
    /** The accounts whose organization-trail folders the hub's CloudTrail notification covers. */
    readonly cloudTrailAccountIds?: string[];
    /** The opt-in regions whose regional GuardDuty principal the hub admits. */
    readonly guardDutyOptInRegions?: string[];
}

/** The trail a log source creates. */
export interface LogSourceCloudTrailArgs {
    /**
     * Creates an organization trail, recording every account of the organization (in the management
     * account or CloudTrail's delegated administrator); otherwise a trail of this account.
     * @default false
     */
    readonly organizationTrail?: boolean;
    /** The trail's name. @default <component name>-<stack> */
    readonly trailName?: string;
    /** Also records global-service events (IAM, STS, CloudFront). @default true */
    readonly includeGlobalServiceEvents?: boolean;
    /** Which management events the trail records. @default "All" */
    readonly managementEvents?: CloudTrailReadWriteType;
}

/** A VPC whose flow log a log source creates. */
export interface LogSourceVpcArgs {
    /** The VPC's ID; it names the flow log, so it is a plain value. */
    readonly vpcId: string;
    /** The VPC's region. @default the provider's region */
    readonly region?: string;
}

/** The flow logs a log source creates, one per VPC. */
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

/** The GuardDuty exports a log source creates, one per region. */
export interface LogSourceGuardDutyArgs {
    /** The regions to export findings from, each with its detector and export to the hub. */
    readonly regions: string[];
    /** Existing detectors by region; the other regions get one created (15-minute publishing). */
    readonly existingDetectorIds?: { [region: string]: string };
    /**
     * In GuardDuty's delegated administrator account: which members GuardDuty enables automatically
     * in each region, so the administrator's one export carries every member's findings.
     * @default the organization configuration is left as it is
     */
    readonly autoEnable?: GuardDutyAutoEnable;
}

/** Arguments of `SentinelLogSource`. */
export interface SentinelLogSourceArgs {
    /** Where to write: the organization hub's `logDestination`. */
    readonly destination: pulumi.Input<LogDestinationArgs>;
    /** A trail writing to the hub. */
    readonly cloudTrail?: LogSourceCloudTrailArgs;
    /** Flow logs writing to the hub. */
    readonly vpcFlowLogs?: LogSourceFlowLogsArgs;
    /** GuardDuty exports writing to the hub. */
    readonly guardDuty?: LogSourceGuardDutyArgs;
    /** Tags on every taggable child, merged over `managed-by: sentinel-aws-s3`. */
    readonly tags?: { [key: string]: string };
    /** Keeps the detectors it creates when they leave the stack. @default true */
    readonly retainOnDelete?: boolean;
}
