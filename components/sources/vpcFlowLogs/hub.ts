// VPC flow logs in a hub: one flow log per VPC of the hub's account and region, in the format the
// chosen connector reads, and the connection that reads them (classic, or CCF).
import * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";
import { claimFlowLogs } from "../../aws/claims";
import { throwIfInvalid } from "../../shared/fields";
import type { HubPart, Raw } from "../types";
import type { DeliveryLogsMember } from "../writers/deliveryLogs";
import {
    FLOW_LOG_DEFAULTS as D,
    FlowLogAggregationInterval,
    FlowLogFileFormat,
    FlowLogTrafficType,
    VPC_FLOW_LOGS_FIELDS,
    VpcFlowLogConnector,
} from "./args";

/** The flow logs, one per VPC. */
export type FlowLogsPlan =
    | {
          readonly kind: "create";
          readonly vpcIds: readonly string[];
          readonly logFormat?: string;
          readonly trafficType: FlowLogTrafficType;
          readonly maxAggregationInterval: FlowLogAggregationInterval;
      }
    | { readonly kind: "none" };

/** VPC flow logs' part of the hub's plan. */
export interface VpcFlowLogsPlan {
    readonly flowLogs: FlowLogsPlan;
    /** The format the flow logs write (the hub's own and its log sources'). */
    readonly flowLogFileFormat: FlowLogFileFormat;
}

/**
 * The destination options of a flow log in a format (`aws.ec2.FlowLog` `destinationOptions`):
 * plain text in AWS's default folders; Parquet in Hive-compatible ones, as the VPC user guide
 * describes them for Parquet tools (`AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/…`).
 */
export function flowLogDestinationOptions(format: FlowLogFileFormat) {
    return {
        fileFormat: format,
        hiveCompatiblePartitions: format === FlowLogFileFormat.Parquet,
        perHourPartition: false,
    };
}

/** The options of plain-text flow logs, as the classic connector reads them. */
export const FLOW_LOG_DESTINATION_OPTIONS = flowLogDestinationOptions(FlowLogFileFormat.PlainText);

/** The connector and file format of the settings, defaulted. */
export function flowLogReading(settings: Raw | undefined): {
    connector: VpcFlowLogConnector;
    fileFormat: FlowLogFileFormat;
} {
    return {
        connector: (settings?.connector as VpcFlowLogConnector | undefined) ?? D.flowLogConnector,
        fileFormat: (settings?.fileFormat as FlowLogFileFormat | undefined) ?? D.flowLogFileFormat,
    };
}

/** The connection that reads flow logs of a connector and format. */
export function flowLogConnection(settings: Raw | undefined): string {
    const { connector, fileFormat } = flowLogReading(settings);
    return connector === VpcFlowLogConnector.Classic
        ? "vpcFlowLogs"
        : fileFormat === FlowLogFileFormat.Parquet
          ? "vpcFlowLogsParquet"
          : "vpcFlowLogsCcf";
}

/** What the flow logs give: each flow log's ID, by VPC ID. */
export type FlowLogOutputs = { readonly [vpcId: string]: pulumi.Output<string> };

/** VPC flow logs' part in `AwsSentinelConnection`. */
export const VPC_FLOW_LOGS_HUB: HubPart<VpcFlowLogsPlan, FlowLogOutputs> = {
    fields: VPC_FLOW_LOGS_FIELDS,
    connections: (settings) => [flowLogConnection(settings)],
    rules: (flow, ctx) => [
        ...(flow.vpcIds === undefined && !ctx.organization
            ? [
                  `${ctx.at.key("vpcIds").code} must list at least one VPC ID such as "vpc-0123456789abcdef0": a single account's flow logs are the hub's own (in an organization hub they may come from log sources instead).`,
              ]
            : []),
        ...(flow.fileFormat === FlowLogFileFormat.Parquet &&
        flowLogReading(flow).connector === VpcFlowLogConnector.Classic
            ? [
                  `${ctx.at.key("fileFormat").code} "parquet" needs ${ctx.at.key("connector").code} "ccf": the classic connector reads plain text only. Set \`connector: "ccf"\`, or remove \`fileFormat\`.`,
              ]
            : []),
    ],
    createsExport: (settings, ctx) =>
        settings !== undefined && (!ctx.organization || settings.vpcIds !== undefined),
    plan: (settings) => ({
        flowLogFileFormat: flowLogReading(settings).fileFormat,
        ...(settings?.vpcIds !== undefined
            ? {
                  flowLogs: {
                      kind: "create",
                      vpcIds: [...(settings.vpcIds as string[])],
                      logFormat: settings.logFormat as string | undefined,
                      trafficType:
                          (settings.trafficType as FlowLogTrafficType | undefined) ??
                          D.flowLogTrafficType,
                      maxAggregationInterval:
                          (settings.maxAggregationInterval as
                              FlowLogAggregationInterval | undefined) ??
                          D.flowLogAggregationSeconds,
                  } as const,
              }
            : { flowLogs: { kind: "none" } as const }),
    }),
    admitsWriter: (p) => p.flowLogs.kind === "create",
    // Log sources write the hub's format (plain text unless it says otherwise).
    destinationBinding: (p) =>
        p.flowLogFileFormat === FlowLogFileFormat.PlainText
            ? undefined
            : { fileFormat: p.flowLogFileFormat },
    wire(p, hub) {
        const flowLogs = p.flowLogs;
        if (flowLogs.kind === "create") {
            // Another component of this program logging one of these VPCs would send its traffic
            // to AWSVPCFlow twice.
            const owner = `AwsSentinelConnection "${hub.name}"`;
            throwIfInvalid(
                owner,
                claimFlowLogs({
                    owner,
                    parent: hub.parent,
                    vpcs: flowLogs.vpcIds.map((vpcId) => ({ vpcId })),
                    field: "logTypes.vpcFlowLogs.vpcIds",
                }),
            );
        }
        const writer: DeliveryLogsMember | undefined =
            flowLogs.kind === "create"
                ? p.flowLogFileFormat === FlowLogFileFormat.Parquet
                    ? { hiveCompatible: true }
                    : {}
                : undefined;
        return {
            writer,
            organizationWriter: hub.organization && { folder: hub.folder },
            exports(wiring): FlowLogOutputs {
                if (flowLogs.kind !== "create") {
                    return {};
                }
                // The destination is the bucket ARN, or bucket ARN + "/" + folder with a trailing
                // slash (VPC user guide, "Create a flow log that publishes to Amazon S3":
                // arn:aws:s3:::bucket/folder/).
                const destination =
                    hub.folder === ""
                        ? wiring.bucketArn
                        : pulumi.interpolate`${wiring.bucketArn}/${hub.folder}`;
                return Object.fromEntries(
                    flowLogs.vpcIds.map((vpcId) => [
                        vpcId,
                        new ec2.FlowLog(
                            `${hub.name}-flow-log-${vpcId}`,
                            {
                                vpcId,
                                trafficType: flowLogs.trafficType,
                                logDestinationType: "s3",
                                logDestination: destination,
                                logFormat: flowLogs.logFormat,
                                maxAggregationInterval: flowLogs.maxAggregationInterval,
                                destinationOptions: flowLogDestinationOptions(p.flowLogFileFormat),
                                tags: { ...hub.tags, Name: `${hub.name}-${vpcId}` },
                            },
                            {
                                parent: hub.parent,
                                dependsOn: [...wiring.dependsOn],
                                // A new format replaces the flow log: never two at once on a VPC.
                                deleteBeforeReplace: true,
                            },
                        ).id,
                    ]),
                );
            },
        };
    },
};
