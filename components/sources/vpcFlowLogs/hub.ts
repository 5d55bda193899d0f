// VPC flow logs in a hub: one flow log per VPC of the hub's account and region, in the plain-text
// format the connector reads.
import * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";
import type { HubPart } from "../types";
import {
    FLOW_LOG_DEFAULTS as D,
    FlowLogAggregationInterval,
    FlowLogTrafficType,
    VPC_FLOW_LOGS_FIELDS,
} from "./args";
import { FLOW_LOG_FILE_FORMAT } from "./facts";

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
}

/** The options every flow log the package creates shares: plain text, as the connector reads it. */
export const FLOW_LOG_DESTINATION_OPTIONS = {
    fileFormat: FLOW_LOG_FILE_FORMAT,
    hiveCompatiblePartitions: false,
    perHourPartition: false,
};

/** What the flow logs give: each flow log's ID, by VPC ID. */
export type FlowLogOutputs = { readonly [vpcId: string]: pulumi.Output<string> };

/** VPC flow logs' part in `AwsSentinelConnection`. */
export const VPC_FLOW_LOGS_HUB: HubPart<VpcFlowLogsPlan, FlowLogOutputs> = {
    fields: VPC_FLOW_LOGS_FIELDS,
    rules: (flow, ctx) =>
        flow.vpcIds === undefined && !ctx.organization
            ? [
                  `${ctx.at.key("vpcIds").code} must list at least one VPC ID such as "vpc-0123456789abcdef0": a single account's flow logs are the hub's own (in an organization hub they may come from log sources instead).`,
              ]
            : [],
    createsExport: (settings, ctx) =>
        settings !== undefined && (!ctx.organization || settings.vpcIds !== undefined),
    plan: (settings) =>
        settings?.vpcIds !== undefined
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
                  },
              }
            : { flowLogs: { kind: "none" } },
    admitsWriter: (p) => p.flowLogs.kind === "create",
    wire(p, hub) {
        const flowLogs = p.flowLogs;
        return {
            writer: flowLogs.kind === "create" ? {} : undefined,
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
                                destinationOptions: FLOW_LOG_DESTINATION_OPTIONS,
                                tags: { ...hub.tags, Name: `${hub.name}-${vpcId}` },
                            },
                            { parent: hub.parent, dependsOn: [...wiring.dependsOn] },
                        ).id,
                    ]),
                );
            },
        };
    },
};
