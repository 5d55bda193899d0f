// VPC flow logs in `sentinel-aws-s3 doctor`: does each flow log deliver the files its connection
// reads (plain text for the classic connector, Parquet in Hive-compatible folders or plain text
// through CCF) to the bucket (DescribeFlowLogs)?
import { unknownReason } from "../../../cli/doctor/aws/api";
import { AwsFacts, catalogConnectionOf, isBucketDestination } from "../../../cli/doctor/aws/facts";
import { Finding, combine, fail, noBucket, pass, unknown } from "../../../cli/doctor/finding";
import type { SourceDoctor } from "../types";
import { FLOW_LOG_FILE_FORMAT, FLOW_LOG_FORMAT_OF_CONNECTION, FlowLogFileFormat } from "./facts";

/** DescribeFlowLogs, in the fields the doctor reads. */
export interface FlowLog {
    readonly FlowLogId?: string;
    readonly ResourceId?: string;
    readonly FlowLogStatus?: string;
    readonly DeliverLogsStatus?: string;
    readonly DeliverLogsErrorMessage?: string;
    readonly LogDestination?: string;
    readonly LogFormat?: string;
    readonly DestinationOptions?: { FileFormat?: string; HiveCompatiblePartitions?: boolean };
}

/**
 * Does a flow log deliver the files its connection reads (`expected`: plain text by default; the
 * Parquet connection reads Hive-compatible folders)?
 */
export function evaluateFlowLog(
    f: FlowLog,
    expected: FlowLogFileFormat = FLOW_LOG_FILE_FORMAT,
): Finding {
    const what = `the flow log ${f.FlowLogId} of ${f.ResourceId}`;
    if (f.FlowLogStatus && f.FlowLogStatus !== "ACTIVE") {
        return fail(`${what} is ${f.FlowLogStatus}.`, "Recreate the flow log (`pulumi up`).");
    }
    if (f.DeliverLogsStatus === "FAILED") {
        return fail(
            `${what} cannot deliver: ${f.DeliverLogsErrorMessage ?? "no error message"}.`,
            "The bucket policy must let delivery.logs.amazonaws.com write (aws:SourceAccount, aws:SourceArn) and the key policy let it encrypt; `pulumi up` restores both.",
        );
    }
    const format = f.DestinationOptions?.FileFormat ?? FLOW_LOG_FILE_FORMAT;
    if (format !== expected) {
        return fail(
            `${what} writes ${format} files, but the connection reads ${expected}${expected === FLOW_LOG_FILE_FORMAT ? " (the classic connector reads no Parquet)" : ""}.`,
            `Recreate the flow log with file format ${expected} (\`pulumi up\`, or \`vpcFlowLogs.fileFormat\`).`,
        );
    }
    const hive = f.DestinationOptions?.HiveCompatiblePartitions === true;
    if (hive !== (expected === FlowLogFileFormat.Parquet)) {
        return fail(
            `${what} writes ${hive ? "Hive-compatible" : "AWS's default"} folders, where the connection does not look (it reads ${expected === FlowLogFileFormat.Parquet ? "Parquet in Hive-compatible folders" : "AWS's default folders"}).`,
            "Recreate the flow log as the component creates it (`pulumi up`).",
        );
    }
    return pass(`${what} delivers to ${f.LogDestination}.`);
}

async function flowLogs(facts: AwsFacts): Promise<Finding> {
    const ids = Object.values(facts.input.flowLogIds);
    if (ids.length === 0 && !facts.bucketArn) {
        return noBucket;
    }
    const r = await facts.api.call<{ FlowLogs?: FlowLog[] }, "ec2">("ec2", (m) =>
        ids.length > 0
            ? new m.DescribeFlowLogsCommand({ FlowLogIds: ids })
            : new m.DescribeFlowLogsCommand({
                  Filter: [{ Name: "log-destination-type", Values: ["s3"] }],
              }),
    );
    if (!r.ok) {
        return unknown(unknownReason(r));
    }
    const reading = facts.input.connections.find((c) => c.logType === "vpcFlowLogs");
    const expected = reading
        ? (FLOW_LOG_FORMAT_OF_CONNECTION[catalogConnectionOf(reading).id] ?? FLOW_LOG_FILE_FORMAT)
        : FLOW_LOG_FILE_FORMAT;
    const logs = (r.value.FlowLogs ?? []).filter(
        (f) =>
            ids.length > 0 ||
            (f.LogDestination !== undefined &&
                isBucketDestination(f.LogDestination.replace(/\/$/, ""), facts.bucketArn!)),
    );
    if (logs.length === 0) {
        return fail(
            ids.length > 0
                ? `the flow logs ${ids.join(", ")} do not exist.`
                : `no flow log in ${facts.region ?? "this region"} delivers to ${facts.bucketArn}.`,
            `Create a ${expected} flow log per VPC writing to the bucket (\`vpcFlowLogs.vpcIds\`).`,
        );
    }
    return combine(logs.map((f) => evaluateFlowLog(f, expected)));
}

/** VPC flow logs' checks. */
export const VPC_FLOW_LOGS_DOCTOR: SourceDoctor = {
    exportChecks: async (facts, title) => [
        ["aws.vpcFlowLogs.export", `${title}: flow log delivery`, await flowLogs(facts)],
    ],
};
