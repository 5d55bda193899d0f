// VPC flow logs from a log source: one flow log per VPC, in any region of the account, writing into
// the hub's flow-log folder in the format the hub reads.
import * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";
import { claimFlowLogs } from "../../aws/claims";
import { Problems, isPlainObject, show, throwIfInvalid } from "../../shared/fields";
import type { LogSourcePart } from "../types";
import {
    FLOW_LOG_DEFAULTS as D,
    FlowLogFileFormat,
    LOG_SOURCE_FLOW_LOGS_FIELDS,
    LogSourceFlowLogsArgs,
} from "./args";
import { flowLogDestinationOptions } from "./hub";

/** The format a hub reads flow logs in, from its `logDestination.bindings` (plain text by default). */
export function boundFileFormat(destination: Record<string, unknown>): FlowLogFileFormat {
    const bindings = destination.bindings;
    const own = isPlainObject(bindings) ? bindings.vpcFlowLogs : undefined;
    return isPlainObject(own) && own.fileFormat === FlowLogFileFormat.Parquet
        ? FlowLogFileFormat.Parquet
        : FlowLogFileFormat.PlainText;
}

/** VPC flow logs' part in `SentinelLogSource`. */
export const VPC_FLOW_LOGS_LOG_SOURCE: LogSourcePart<LogSourceFlowLogsArgs> = {
    fields: LOG_SOURCE_FLOW_LOGS_FIELDS,
    rules(settings, at): Problems {
        const vpcs = Array.isArray(settings.vpcs) ? settings.vpcs : [];
        const ids = vpcs
            .map((v) => (isPlainObject(v) ? v.vpcId : undefined))
            .filter((v) => typeof v === "string");
        return [...new Set(ids.filter((v, i) => ids.indexOf(v) !== i))].map(
            (id) => `${at.key("vpcs").code} lists ${show(id)} more than once; list each VPC once.`,
        );
    },
    create(flow, w) {
        // Another component of this program logging one of these VPCs would send its traffic to
        // AWSVPCFlow twice.
        const owner = `SentinelLogSource "${w.name}"`;
        throwIfInvalid(
            owner,
            claimFlowLogs({ owner, parent: w.parent, vpcs: flow.vpcs, field: "vpcFlowLogs.vpcs" }),
        );
        const destinationOptions = w.destination.apply((d) =>
            flowLogDestinationOptions(boundFileFormat(d as never)),
        );
        return Object.fromEntries(
            flow.vpcs.map((vpc) => [
                vpc.vpcId,
                new ec2.FlowLog(
                    `${w.name}-flow-log-${vpc.vpcId}`,
                    {
                        vpcId: vpc.vpcId,
                        region: vpc.region,
                        trafficType: flow.trafficType ?? D.flowLogTrafficType,
                        logDestinationType: "s3",
                        // VPC user guide, "Create a flow log that publishes to Amazon S3":
                        // arn:aws:s3:::bucket/folder/ (the folder with its trailing slash).
                        logDestination: pulumi.interpolate`${w.destination.bucketArn}/${w.folder}`,
                        logFormat: flow.logFormat,
                        maxAggregationInterval:
                            flow.maxAggregationInterval ?? D.flowLogAggregationSeconds,
                        destinationOptions,
                        tags: { ...w.tags, Name: `${w.name}-${vpc.vpcId}` },
                    },
                    // A new format replaces the flow log: never two at once on a VPC.
                    { parent: w.parent, deleteBeforeReplace: true },
                ).id,
            ]),
        );
    },
};
