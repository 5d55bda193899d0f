// VPC flow logs, as the classic connector reads them: the log delivery service writes gzip plain
// text (a header row, space-delimited) under `AWSLogs/<account>/vpcflowlogs/<region>/…` into
// `AWSVPCFlow`.
import { NOTIFICATION_SUFFIX } from "../../shared/connector";
import type { SourceFacts } from "../types";
import { LOG_DELIVERY_SERVICE } from "../writers/services";

/** The flow-log file format the classic connector reads (Parquet is not read). */
export const FLOW_LOG_FILE_FORMAT = "plain-text";

/** The flow-log field that becomes `TimeGenerated`; a custom format without it gets ingestion time. */
export const FLOW_LOG_REQUIRED_FIELD = "start";

/** VPC flow logs' facts. */
export const VPC_FLOW_LOGS_FACTS = {
    key: "vpcFlowLogs",
    title: "VPC Flow Logs",
    connections: [
        {
            id: "vpcFlowLogs",
            table: "AWSVPCFlow",
            pathSegment: "vpcflowlogs",
            suffix: NOTIFICATION_SUFFIX,
        },
    ],
    sentinel: { kind: "classic" },
    pack: { writerServices: [LOG_DELIVERY_SERVICE] },
    layout: { organizationFolder: "vpcflowlogs/" },
    doctorOperations: [
        {
            service: "ec2",
            operation: "DescribeFlowLogs",
            action: "ec2:DescribeFlowLogs",
            purpose: "the flow logs writing to the bucket and their delivery status",
        },
    ],
} as const satisfies SourceFacts<"vpcFlowLogs">;
