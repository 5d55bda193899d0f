// VPC flow logs into `AWSVPCFlow`, read one of two ways: by the classic connector (gzip plain text,
// a header row and space-delimited fields, under `AWSLogs/<account>/vpcflowlogs/<region>/…`), or
// through Microsoft's Codeless Connector Framework connector of the "AWS VPC Flow Logs" solution
// (Azure-Sentinel `Solutions/AWS VPC Flow Logs/Data Connectors/AWSVPCFlowLogs_CCP/`), which reads
// the same plain text or Parquet files into the same table. Parquet files are written under AWS's
// Hive-compatible prefixes (VPC user guide, "Flow log files").
import { NOTIFICATION_SUFFIX } from "../../shared/connector";
import { ProjectedColumn, epochSecondsKql, epochTimeGeneratedKql, projectKql } from "../kql";
import type { CcfSentinel, ColumnFacts, SourceFacts } from "../types";
import { LOG_DELIVERY_SERVICE } from "../writers/services";

/** The flow-log file formats (`aws.ec2.FlowLog` `destinationOptions.fileFormat`). */
export const FlowLogFileFormat = {
    /** Gzip plain text, a header row and space-delimited fields (AWS's default). */
    PlainText: "plain-text",
    /** Apache Parquet: "20 percent less storage space than plain text with Gzip compression". */
    Parquet: "parquet",
} as const;
/** A flow-log file format. */
export type FlowLogFileFormat = (typeof FlowLogFileFormat)[keyof typeof FlowLogFileFormat];

/** The flow-log file format the classic connector reads (Parquet is not read). */
export const FLOW_LOG_FILE_FORMAT = FlowLogFileFormat.PlainText;

/** The flow-log field that becomes `TimeGenerated`; a custom format without it gets ingestion time. */
export const FLOW_LOG_REQUIRED_FIELD = "start";

/**
 * The key suffix of Parquet flow-log files: `.parquet` (delivered keys end
 * `…_<hash>.log.parquet`; plain text ends `.log.gz`, the VPC user guide's "Log file names").
 */
export const PARQUET_SUFFIX = ".parquet";

/** The stream Microsoft's CCF connection sends (`AWSVPCFlowLogs_PollingConfig.json @b188254`). */
export const VPC_FLOW_STREAM = "Custom-VPCFlowLogsParquet";

/**
 * The flow-log fields and the `AWSVPCFlow` column each becomes, with Microsoft's conversion
 * (`AWSVPCFlowLogs_DCR.json @b188254`, in its order). A field with two spellings is declared both
 * ways and read from whichever the file has: Parquet columns use `_`, the plain-text header `-`
 * (`account_id` / `account-id`; VPC user guide, "Flow log records", and Athena user guide, "Query
 * Amazon VPC flow logs in Apache Parquet format").
 */
const FIELDS: readonly (readonly [
    column: string,
    field: string,
    type: ColumnFacts["type"],
    convert: "int" | "long" | "string" | "time",
])[] = [
    ["Version", "version", "dynamic", "int"],
    ["AccountId", "account_id", "string", "string"],
    ["InterfaceId", "interface_id", "string", "string"],
    ["SrcAddr", "srcaddr", "string", "string"],
    ["DstAddr", "dstaddr", "string", "string"],
    ["SrcPort", "srcport", "dynamic", "int"],
    ["DstPort", "dstport", "dynamic", "int"],
    ["Protocol", "protocol", "dynamic", "int"],
    ["Packets", "packets", "dynamic", "int"],
    ["Bytes", "bytes", "dynamic", "long"],
    ["End", "end", "dynamic", "time"],
    ["Action", "action", "string", "string"],
    ["LogStatus", "log_status", "string", "string"],
    ["VpcId", "vpc_id", "string", "string"],
    ["SubnetId", "subnet_id", "string", "string"],
    ["InstanceId", "instance_id", "string", "string"],
    ["TcpFlags", "tcp_flags", "string", "int"],
    ["TrafficType", "type", "string", "string"],
    ["PktSrcAddr", "pkt_srcaddr", "string", "string"],
    ["PktDstAddr", "pkt_dstaddr", "string", "string"],
    ["Region", "region", "string", "string"],
    ["AzId", "az_id", "string", "string"],
    ["SublocationType", "sublocation_type", "string", "string"],
    ["SublocationId", "sublocation_id", "string", "string"],
    ["PktSrcAwsService", "pkt_src_aws_service", "string", "string"],
    ["PktDstAwsService", "pkt_dst_aws_service", "string", "string"],
    ["FlowDirection", "flow_direction", "string", "string"],
    ["TrafficPath", "traffic_path", "string", "string"],
    ["EcsClusterArn", "ecs_cluster_arn", "string", "string"],
    ["EcsClusterName", "ecs_cluster_name", "string", "string"],
    ["EcsContainerInstanceArn", "ecs_container_instance_arn", "string", "string"],
    ["EcsContainerInstanceId", "ecs_container_instance_id", "string", "string"],
    ["EcsContainerId", "ecs_container_id", "string", "string"],
    ["EcsSecondContainerId", "ecs_second_container_id", "string", "string"],
    ["EcsServiceName", "ecs_service_name", "string", "string"],
    ["EcsTaskDefinitionArn", "ecs_task_definition_arn", "string", "string"],
    ["EcsTaskArn", "ecs_task_arn", "string", "string"],
    ["EcsTaskId", "ecs_task_id", "string", "string"],
];

/** The plain-text header's spelling of a field (`account-id`). */
const hyphenated = (field: string) => field.replace(/_/g, "-");

/** The declared columns: `start`, then every field in each of its spellings. */
export const VPC_FLOW_COLUMNS: readonly ColumnFacts[] = [
    { name: "start", type: "dynamic" },
    ...FIELDS.flatMap(([, field, type]) =>
        field.includes("_")
            ? [
                  { name: hyphenated(field), type },
                  { name: field, type },
              ]
            : [{ name: field, type }],
    ),
];

/** The value of a field whichever spelling the file has. */
function read(field: string): string {
    return field.includes("_")
        ? `iff(isnotempty(tostring(${field})), tostring(${field}), tostring(['${hyphenated(field)}']))`
        : `tostring(${field})`;
}

/**
 * The `AWSVPCFlow` columns and how each comes from the record. `TimeGenerated` is the flow's own
 * `start` (epoch seconds), as in Microsoft's DCR.
 */
export const VPC_FLOW_PROJECTION: readonly ProjectedColumn[] = [
    ["TimeGenerated", epochTimeGeneratedKql("start")],
    ...FIELDS.map(([column, field, , convert]): ProjectedColumn => {
        const value = read(field);
        switch (convert) {
            case "int":
                return [column, `toint(${value})`];
            case "long":
                return [column, `tolong(${value})`];
            case "time":
                return [column, epochSecondsKql(field)];
            default:
                return [column, value];
        }
    }),
];

/**
 * Microsoft's CCF connector of VPC flow logs: the "AWS VPC Flow Logs" solution's definition
 * (`Package/mainTemplate.json @d96b88a`: `solutionId`
 * azuresentinel.azure-sentinel-solution-awsvpcflowlogs, `_solutionName` "AWS VPC Flow Logs", the
 * definition's title), not offered in the Content hub yet: Microsoft's Solutions Analyzer lists the
 * solution as "Unpublished: … not yet published on Azure Marketplace".
 */
const VPC_CCF = {
    kind: "ccf",
    definitionName: "AWSS3VPCFlowLogsParquetDefinition",
    definitionTitle: "Amazon Web Services S3 VPC Flow Logs",
    solution: {
        name: "AWS VPC Flow Logs",
        packageId: "azuresentinel.azure-sentinel-solution-awsvpcflowlogs",
        unpublished: true,
    },
    // The packaged connection (Package/mainTemplate.json @d96b88a) is 2023-02-01-preview.
    apiVersion: "2023-02-01-preview",
    dcr: {
        streamDeclarations: { [VPC_FLOW_STREAM]: VPC_FLOW_COLUMNS },
        dataFlows: [
            {
                streams: [VPC_FLOW_STREAM],
                transformKql: projectKql(VPC_FLOW_PROJECTION),
                outputStream: "Microsoft-AWSVPCFlow",
            },
        ],
    },
    customTables: [],
} as const;

/**
 * Parquet through CCF: Microsoft's `dataFormat` with `fileFormat` "Parquet"
 * (`{"Format": fileFormat, "IsCompressed": not(equals(fileFormat, 'Parquet')), "compressType":
 * "Gzip"}`, `AWSVPCFlowLogs_PollingConfig.json @b188254`): Parquet compresses inside the file.
 */
export const VPC_CCF_PARQUET = {
    ...VPC_CCF,
    dataFormat: { Format: "Parquet", IsCompressed: false, compressType: "Gzip" },
} as const satisfies CcfSentinel;

/**
 * Plain text through CCF: the definition's "CSV Format" (`Csv`, compressed, `Gzip`), with the space
 * delimiter and header row of flow-log text ("Amazon VPC: .csv file in GZIP format with headers;
 * delimiter: space", Microsoft Learn, "Connect Microsoft Sentinel to Amazon Web Services"), in the
 * keys Microsoft's other CSV connections use (`CsvDelimiter`, `HasCsvHeader`).
 */
export const VPC_CCF_TEXT = {
    ...VPC_CCF,
    dataFormat: {
        Format: "Csv",
        CsvDelimiter: " ",
        IsCompressed: true,
        compressType: "Gzip",
        HasCsvHeader: true,
    },
} as const satisfies CcfSentinel;

/** The table, folder and writer of every connection of flow logs. */
const FLOW = { table: "AWSVPCFlow", pathSegment: "vpcflowlogs" } as const;

/**
 * A CCF connection of flow logs sends `destinationTable: null`: "Due to a bug in CCF …, you must
 * set the destination table to null in the polling configuration file" (Solutions/AWS VPC Flow
 * Logs/readme.md @9f1e734).
 */
const CCF_FLOW = { ...FLOW, connectorTable: null } as const;

/** VPC flow logs' facts. */
export const VPC_FLOW_LOGS_FACTS = {
    key: "vpcFlowLogs",
    title: "VPC Flow Logs",
    connections: [
        { id: "vpcFlowLogs", ...FLOW, suffix: NOTIFICATION_SUFFIX },
        {
            // The same plain-text files and queue as the classic connection, read through CCF:
            // switching `connector` hands the queue over without a gap or a second read.
            id: "vpcFlowLogsCcf",
            ...CCF_FLOW,
            suffix: NOTIFICATION_SUFFIX,
            streamName: VPC_FLOW_STREAM,
            sentinel: VPC_CCF_TEXT,
            queue: "vpcFlowLogs",
            title: "plain text through CCF",
        },
        {
            id: "vpcFlowLogsParquet",
            ...CCF_FLOW,
            suffix: PARQUET_SUFFIX,
            streamName: VPC_FLOW_STREAM,
            sentinel: VPC_CCF_PARQUET,
            hiveCompatible: true,
            title: "Parquet through CCF",
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

/** The file format a connection of flow logs reads, by connection ID. */
export const FLOW_LOG_FORMAT_OF_CONNECTION: Readonly<Record<string, FlowLogFileFormat>> = {
    vpcFlowLogs: FlowLogFileFormat.PlainText,
    vpcFlowLogsCcf: FlowLogFileFormat.PlainText,
    vpcFlowLogsParquet: FlowLogFileFormat.Parquet,
};
