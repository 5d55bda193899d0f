// ELB access logs, as Sentinel's CCF connector reads them. Application and Network Load Balancers
// write gzip files every 5 minutes under `<prefix>/AWSLogs/<account>/elasticloadbalancing/<region>/`
// (ALB and NLB user guides, "Access log files"), each load balancer type under its own prefix so
// each reaches its own queue and table: the built-in `AWSALBAccessLogs` and `AWSNLBAccessLogs`
// through Microsoft's "AWS ELB" solution (Azure-Sentinel `Solutions/AWS ELB/Data Connectors/
// AWSELBConnector_CCF/`: PollingConfig @2f83567, DCR @1d31ea5; 3.0.1 GA, 2026-04-23). That solution
// replaced the earlier `Solutions/AWS_ELB` (3.0.0, 2025-05-28: custom tables `AWSALBAccessLogs_CL`,
// `AWSNLBAccessLogs_CL` and a positional `FieldN` DCR): its parsers now read
// `union isfuzzy=true AWSALBAccessLogs_CL, AWSALBAccessLogs` (Parsers/AWSALBAccessLogsData.yaml
// @2cfebc1), the `_CL` tables kept only for rows ingested before.
import { NOTIFICATION_SUFFIX } from "../../shared/connector";
import type { ConnectionFacts, LayoutContext, LayoutPrefix, SourceFacts } from "../types";
import { BUCKET_POLICY_DOCTOR_OPERATION, LOG_DELIVERY_SERVICE } from "../writers/services";
import { ELB_LOG_DELIVERY_SERVICE } from "./accounts";

/** The folder ELB writes under, after `AWSLogs/<account>/` (ALB and NLB user guides). */
export const ELB_SEGMENT = "elasticloadbalancing";

/** The load balancer types whose access logs the connector reads (ARN `loadbalancer/<type>/…`). */
export const ELB_TYPES = {
    /** Application Load Balancers. */
    app: "albAccessLogs",
    /** Network Load Balancers (TLS listeners only write access logs). */
    net: "nlbAccessLogs",
} as const;

/**
 * The folder in front of `AWSLogs/` of each connection: the `access_logs.s3.prefix` its load
 * balancers write with, under the hub's folder. Microsoft's names (AWSS3ELB.json @6b49bfc, and the
 * connector's instructions: "ALB access logs -> `ALBLogs/`", "NLB access logs -> `NLBAccessLogs/`").
 */
export const ELB_CONNECTION_FOLDERS: Readonly<Record<string, string>> = {
    albAccessLogs: "ALBLogs/",
    nlbAccessLogs: "NLBAccessLogs/",
};

/** The folder of one connection under the hub's. */
function connectionFolder(connection: ConnectionFacts): string {
    const folder = ELB_CONNECTION_FOLDERS[connection.id];
    if (folder === undefined) {
        throw new Error(`elbAccessLogs has no connection "${connection.id}"`);
    }
    return folder;
}

/** ELB's folder in an organization hub, in front of the connections' own. */
const ELB_FACTS_FOLDER = "elb/";

/** The folder of a source's files, in front of `AWSLogs/` (as `layout.ts` computes it). */
function sourceFolder(ctx: LayoutContext): string {
    return ctx.organization ? `${ctx.keyPrefix}${ELB_FACTS_FOLDER}` : ctx.keyPrefix;
}

/**
 * The load balancers' `access_logs.s3.prefix` for a connection, given the folder the hub gives the
 * source: the folder and the connection's own, without the trailing slash ("The prefix that you
 * specify must not include AWSLogs. We add the portion of the file name starting with AWSLogs after
 * the bucket name and prefix that you specify", NLB user guide, "Enable access logs").
 */
export function accessLogsPrefix(folder: string, connectionId: string): string {
    return `${folder}${ELB_CONNECTION_FOLDERS[connectionId] ?? ""}`.replace(/\/+$/, "");
}

/** ELB access logs' facts. */
export const ELB_FACTS = {
    key: "elbAccessLogs",
    title: "ELB access logs",
    exampleSettings: {
        loadBalancerArns: [
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/tls/0123456789abcdef",
        ],
    },
    connections: [
        {
            id: "albAccessLogs",
            title: "Application Load Balancers",
            table: "AWSALBAccessLogs",
            pathSegment: ELB_SEGMENT,
            // ELB's files end `.log.gz`; its test file (`ELBAccessLogTestFile`) has no suffix and
            // stays out of the queue.
            suffix: NOTIFICATION_SUFFIX,
            streamName: "SENTINEL_AWSALBACCESSLOGS",
            properties: { dataType: "AWSALBAccessLogs" },
        },
        {
            id: "nlbAccessLogs",
            title: "Network Load Balancers",
            table: "AWSNLBAccessLogs",
            pathSegment: ELB_SEGMENT,
            suffix: NOTIFICATION_SUFFIX,
            streamName: "SENTINEL_AWSNLBACCESSLOGS",
            properties: { dataType: "AWSNLBAccessLogs" },
        },
    ],
    sentinel: {
        kind: "ccf",
        definitionName: "AWSELBConnector",
        definitionTitle: "Amazon Web Services Elastic Load Balancing",
        // Solution "AWS ELB", offer azuresentinel.azure-sentinel-solution-awselb
        // (Package/mainTemplate.json @80f4ccd).
        solution: {
            name: "AWS ELB",
            packageId: "azuresentinel.azure-sentinel-solution-awselb",
        },
        apiVersion: "2023-02-01-preview",
        // AWSELBConnector_PollingConfig.json @2f83567, key for key (the same for both).
        dataFormat: {
            CsvDelimiter: " ",
            HasCsvHeader: false,
            Format: "csv",
            IsCompressed: true,
            compressType: "None",
        },
        // Microsoft parses the files into the built-in tables (the `SENTINEL_` streams): the DCR
        // declares nothing and passes each table's stream through (AWSELBConnector_DCR.json
        // @1d31ea5), writing the table's own stream as the WAF connector's DCR does.
        dcr: {
            streamDeclarations: {},
            dataFlows: [
                {
                    streams: ["Microsoft-AWSALBAccessLogs"],
                    outputStream: "Microsoft-AWSALBAccessLogs",
                },
                {
                    streams: ["Microsoft-AWSNLBAccessLogs"],
                    outputStream: "Microsoft-AWSNLBAccessLogs",
                },
            ],
        },
        customTables: [],
    },
    pack: {
        writerServices: [ELB_LOG_DELIVERY_SERVICE, LOG_DELIVERY_SERVICE],
        // The ALB guide binds its log-delivery principal by the account folder it may write, with
        // no condition key.
        pathBoundWriterServices: [ELB_LOG_DELIVERY_SERVICE],
    },
    // A load balancer without requests writes no file (and an NLB logs TLS connections only).
    eventDriven: true,
    layout: {
        organizationFolder: ELB_FACTS_FOLDER,
        connectionPrefix: (connection, ctx) =>
            ctx.organization
                ? `${sourceFolder(ctx)}${connectionFolder(connection)}AWSLogs/`
                : `${sourceFolder(ctx)}${connectionFolder(connection)}AWSLogs/${ctx.hubAccountId}/${ELB_SEGMENT}/`,
        prefixes: (connection, ctx): LayoutPrefix[] => [
            {
                id: `sentinel-${connection.id}`,
                prefix: ctx.organization
                    ? `${sourceFolder(ctx)}${connectionFolder(connection)}AWSLogs/`
                    : `${sourceFolder(ctx)}${connectionFolder(connection)}AWSLogs/${ctx.hubAccountId}/${ELB_SEGMENT}/`,
                stablePrefix: `${sourceFolder(ctx)}${connectionFolder(connection)}AWSLogs/`,
            },
        ],
    },
    doctorOperations: [
        {
            service: "elastic-load-balancing-v2",
            operation: "DescribeLoadBalancers",
            action: "elasticloadbalancing:DescribeLoadBalancers",
            purpose: "the Application and Network Load Balancers of the bucket's region",
        },
        {
            service: "elastic-load-balancing-v2",
            operation: "DescribeLoadBalancerAttributes",
            action: "elasticloadbalancing:DescribeLoadBalancerAttributes",
            purpose: "each load balancer's access logging: on, bucket and prefix",
        },
        BUCKET_POLICY_DOCTOR_OPERATION,
    ],
} as const satisfies SourceFacts<"elbAccessLogs">;
