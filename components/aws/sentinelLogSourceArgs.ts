// The arguments and outputs of `SentinelLogSource`, inside what Pulumi's component schema can
// describe. The description of each field is in `sentinelLogSourceFields.ts`.
import * as pulumi from "@pulumi/pulumi";
import type { LogSourceExportsArgs } from "../sources";

/** The keys in front of `AWSLogs/` each log type writes under, as a hub gives them. */
export type LogDestinationPrefixesArgs = { readonly [logType: string]: pulumi.Input<string> };

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
    /** How the hub binds log sources' writers, by log type. */
    readonly bindings?: { [logType: string]: { [name: string]: string } };
    /** The bucket of each log type that has one of its own (not the log bucket), by log type. */
    readonly buckets?: { [logType: string]: pulumi.Input<string> };
}

export type { LogSourceCloudTrailArgs } from "../sources/cloudTrail/args";
export type { LogSourceFlowLogsArgs } from "../sources/vpcFlowLogs/args";
export type { LogSourceVpcArgs } from "../sources/fields";
export type { LogSourceGuardDutyArgs } from "../sources/guardDuty/args";
export type { LogSourceNetworkFirewallArgs } from "../sources/networkFirewall/args";

/** Arguments of `SentinelLogSource`: where to write, and each log type's exports. */
export interface SentinelLogSourceArgs extends LogSourceExportsArgs {
    /** Where to write: the organization hub's `logDestination`. */
    readonly destination: pulumi.Input<LogDestinationArgs>;
    /** Tags on every taggable child, merged over `managed-by: sentinel-aws-s3`. */
    readonly tags?: { [key: string]: string };
    /** Keeps the detectors it creates when they leave the stack. @default true */
    readonly retainOnDelete?: boolean;
}
