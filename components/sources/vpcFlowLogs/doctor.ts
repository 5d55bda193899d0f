// VPC flow logs in `sentinel-aws-s3 doctor`: does each flow log deliver plain-text files to the
// bucket (DescribeFlowLogs)?
import { unknownReason } from "../../../cli/doctor/aws/api";
import { AwsFacts, isBucketDestination } from "../../../cli/doctor/aws/facts";
import { Finding, combine, fail, noBucket, pass, unknown } from "../../../cli/doctor/finding";
import type { SourceDoctor } from "../types";
import { FLOW_LOG_FILE_FORMAT } from "./facts";

/** DescribeFlowLogs, in the fields the doctor reads. */
export interface FlowLog {
    readonly FlowLogId?: string;
    readonly ResourceId?: string;
    readonly FlowLogStatus?: string;
    readonly DeliverLogsStatus?: string;
    readonly DeliverLogsErrorMessage?: string;
    readonly LogDestination?: string;
    readonly LogFormat?: string;
    readonly DestinationOptions?: { FileFormat?: string };
}

/** Does a flow log deliver plain-text files the connector reads? */
export function evaluateFlowLog(f: FlowLog): Finding {
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
    const format = f.DestinationOptions?.FileFormat;
    if (format && format !== FLOW_LOG_FILE_FORMAT) {
        return fail(
            `${what} writes ${format} files, which this connector does not read.`,
            `Recreate the flow log with file format ${FLOW_LOG_FILE_FORMAT}.`,
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
            "Create a plain-text flow log per VPC writing to the bucket (`vpcFlowLogs.vpcIds`).",
        );
    }
    return combine(logs.map(evaluateFlowLog));
}

/** VPC flow logs' checks. */
export const VPC_FLOW_LOGS_DOCTOR: SourceDoctor = {
    exportChecks: async (facts, title) => [
        ["aws.vpcFlowLogs.export", `${title}: flow log delivery`, await flowLogs(facts)],
    ],
};
