// AWS Network Firewall logs, as Sentinel's CCF connector reads them: the log delivery service writes
// gzip JSON lines per log type under `AWSLogs/<account>/network-firewall/<alert|flow|tls>/<region>/
// <firewall>/YYYY/MM/DD/HH/` (Network Firewall developer guide, "Logging to Amazon S3"), each log
// type its own queue and connection, into the built-in `AWSNetworkFirewallAlert`,
// `AWSNetworkFirewallFlow` and `AWSNetworkFirewallTls` tables through Microsoft's "Amazon Web
// Services NetworkFirewall" solution (Azure-Sentinel `Solutions/Amazon Web Services
// NetworkFirewall/Data Connectors/AWSNetworkFirewallLogs_CCP/`).
import { NOTIFICATION_SUFFIX } from "../../shared/connector";
import { ProjectedColumn, epochSecondsKql, epochTimeGeneratedKql, projectKql } from "../kql";
import { notificationFilterValue } from "../layout";
import type {
    ColumnFacts,
    ConnectionFacts,
    LayoutContext,
    LayoutPrefix,
    SourceFacts,
} from "../types";
import { LOG_DELIVERY_SERVICE } from "../writers/services";

/**
 * The log types a firewall writes (Network Firewall API reference, LogDestinationConfig `LogType`:
 * ALERT, FLOW, TLS), as the settings name them and as the S3 folder does ("The log type is either
 * alert, flow, or tls").
 */
export const NetworkFirewallLog = {
    /** Alerts of stateful rules with the alert or drop action. */
    Alert: "alert",
    /** Standard network traffic flow logs. */
    Flow: "flow",
    /** TLS inspection events (only from a firewall configured for TLS inspection). */
    Tls: "tls",
} as const;
/** A log type of Network Firewall. */
export type NetworkFirewallLog = (typeof NetworkFirewallLog)[keyof typeof NetworkFirewallLog];

/** Every log type, in the order of the connections. */
export const NETWORK_FIREWALL_LOGS: readonly NetworkFirewallLog[] =
    Object.values(NetworkFirewallLog);

/** The folder Network Firewall writes under `AWSLogs/<account>/`, before the log type. */
export const NETWORK_FIREWALL_SEGMENT = "network-firewall";

/** A firewall's ARN: `arn:<partition>:network-firewall:<region>:<account>:firewall/<name>`. */
export const FIREWALL_ARN_PATTERN =
    /^arn:(aws[a-z-]*):network-firewall:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):firewall\/([A-Za-z0-9-]{1,128})$/;

/** The parts of a firewall ARN, or undefined for a malformed one. */
export function parseFirewallArn(
    arn: string,
): { partition: string; region: string; accountId: string; name: string } | undefined {
    const m = FIREWALL_ARN_PATTERN.exec(arn);
    return m ? { partition: m[1], region: m[2], accountId: m[3], name: m[4] } : undefined;
}

/**
 * The streams the connections send (`AWSNetworkFirewallLog_PollingConfig.json @07c019e`: the
 * context pane's `streamName` keys, each with its table).
 */
export const NETWORK_FIREWALL_STREAMS: Readonly<Record<NetworkFirewallLog, string>> = {
    alert: "Custom-AWSNetworkFirewall-AlertLog",
    flow: "Custom-AWSNetworkFirewall-FlowLog",
    tls: "Custom-AWSNetworkFirewall-TlsLog",
};

/**
 * The fields of every Network Firewall log record (Network Firewall developer guide, "Contents of a
 * AWS Network Firewall log": `firewall_name`, `availability_zone`, `event_timestamp`, `event`), as
 * Microsoft's DCR declares them, except `event_timestamp`: epoch seconds, a JSON string in AWS's
 * alert and flow examples and a number in its TLS example, so it is declared `dynamic` (both land)
 * where Microsoft declares `string` or `datetime`.
 */
export const NETWORK_FIREWALL_COLUMNS: readonly ColumnFacts[] = [
    { name: "firewall_name", type: "string" },
    { name: "availability_zone", type: "string" },
    { name: "event_timestamp", type: "dynamic" },
    { name: "event", type: "dynamic" },
];

/** `TimeGenerated`: the time the firewall logged the event ("written in epoch seconds"). */
const TIME_GENERATED: ProjectedColumn = ["TimeGenerated", epochTimeGeneratedKql("event_timestamp")];
const FIREWALL_NAME: ProjectedColumn = ["FirewallName", "tostring(firewall_name)"];
const AVAILABILITY_ZONE: ProjectedColumn = ["AvailabilityZone", "tostring(availability_zone)"];
/** `EventTimestamp` is a datetime in `AWSNetworkFirewallAlert` and `AWSNetworkFirewallTls`. */
const EVENT_TIMESTAMP: ProjectedColumn = ["EventTimestamp", epochSecondsKql("event_timestamp")];

/**
 * The columns of each table and how each comes from the record: Microsoft's transforms
 * (`AWSNetworkFirewallLog_DCR.json @0293394`), column for column, but with the event's own time as
 * `TimeGenerated` where Microsoft's set the ingestion time (`now()`).
 */
export const NETWORK_FIREWALL_PROJECTIONS: Readonly<
    Record<NetworkFirewallLog, readonly ProjectedColumn[]>
> = {
    alert: [
        TIME_GENERATED,
        FIREWALL_NAME,
        AVAILABILITY_ZONE,
        EVENT_TIMESTAMP,
        ["TxId", "tostring(event.tx_id)"],
        ["AppProto", "tostring(event.app_proto)"],
        ["SrcIp", "tostring(event.src_ip)"],
        ["SrcPort", "tostring(event.src_port)"],
        ["EventType", "tostring(event.event_type)"],
        ["Severity", "tostring(event.alert.severity)"],
        ["SignatureId", "tostring(event.alert.signature_id)"],
        ["Rev", "tostring(event.alert.rev)"],
        ["Signature", "tostring(event.alert.signature)"],
        ["AlertAction", "tostring(event.alert.action)"],
        ["Category", "tostring(event.alert.category)"],
        ["FlowId", "tostring(event.flow_id)"],
        ["DestIp", "tostring(event.dest_ip)"],
        ["DestPort", "tostring(event.dest_port)"],
        ["Proto", "tostring(event.proto)"],
        ["VerdictAction", "tostring(event.verdict.action)"],
        ["Sni", "tostring(event.tls.sni)"],
        ["Version", "tostring(event.tls.version)"],
        ["PktSrc", "tostring(event.pkt_src)"],
        ["Direction", "tostring(event.direction)"],
    ],
    flow: [
        TIME_GENERATED,
        FIREWALL_NAME,
        // A string in `AWSNetworkFirewallFlow`, as the record holds it.
        ["EventTimestamp", "tostring(event_timestamp)"],
        AVAILABILITY_ZONE,
        ["TCPFlags", "tostring(event.tcp.tcp_flags)"],
        ["Syn", "tobool(event.tcp.syn)"],
        ["Fin", "tobool(event.tcp.fin)"],
        ["Psh", "tobool(event.tcp.psh)"],
        ["Ack", "tobool(event.tcp.ack)"],
        ["Ecn", "tobool(event.tcp.ecn)"],
        ["Rst", "tobool(event.tcp.rst)"],
        ["AppProto", "tostring(event.app_proto)"],
        ["SrcIp", "tostring(event.src_ip)"],
        ["SrcPort", "tostring(event.src_port)"],
        ["NetFlowPkts", "tostring(event.netflow.pkts)"],
        ["NetFlowBytes", "tostring(event.netflow.bytes)"],
        ["NetFlowStart", "todatetime(event.netflow.start)"],
        ["NetFlowEnd", "todatetime(event.netflow.end)"],
        ["NetFlowAge", "tostring(event.netflow.age)"],
        ["NetFlowMinttl", "tostring(event.netflow.min_ttl)"],
        ["NetFlowMaxttl", "tostring(event.netflow.max_ttl)"],
        ["EventType", "tostring(event.event_type)"],
        ["FlowId", "tostring(event.flow_id)"],
        ["DestIp", "tostring(event.dest_ip)"],
        ["DestPort", "tostring(event.dest_port)"],
        ["Proto", "tostring(event.proto)"],
    ],
    tls: [
        TIME_GENERATED,
        FIREWALL_NAME,
        AVAILABILITY_ZONE,
        EVENT_TIMESTAMP,
        ["SrcIp", "tostring(event.src_ip)"],
        ["SrcPort", "tostring(event.src_port)"],
        ["DestIp", "tostring(event.dest_ip)"],
        ["DestPort", "tostring(event.dest_port)"],
        ["Sni", "tostring(event.sni)"],
        ["LeafCertificateFingerprint", "tostring(event.leaf_cert_fpr)"],
        ["Status", "tostring(event.status)"],
        ["Action", "tostring(event.action)"],
        ["ErrorMessage", "tostring(event.tls_error.error_message)"],
    ],
};

/** The records each table keeps, as Microsoft's transforms filter them (`where EventType == …`). */
export const NETWORK_FIREWALL_FILTERS: Readonly<Record<NetworkFirewallLog, readonly string[]>> = {
    alert: ['where tostring(event.event_type) == "alert"'],
    flow: ['where tostring(event.event_type) == "netflow"'],
    tls: [],
};

/** The tables, by log type (the destination table of Microsoft's connection, by stream). */
export const NETWORK_FIREWALL_TABLES = {
    alert: "AWSNetworkFirewallAlert",
    flow: "AWSNetworkFirewallFlow",
    tls: "AWSNetworkFirewallTls",
} as const;

/** The connection of one log type. */
function connection<L extends NetworkFirewallLog, I extends string>(log: L, id: I) {
    return {
        id,
        table: NETWORK_FIREWALL_TABLES[log],
        pathSegment: `${NETWORK_FIREWALL_SEGMENT}/${log}`,
        suffix: NOTIFICATION_SUFFIX,
        streamName: NETWORK_FIREWALL_STREAMS[log],
        title: `${log} logs`,
    } as const;
}

/** The log type a connection of this source carries. */
export function networkFirewallLogOf(c: Pick<ConnectionFacts, "pathSegment">): NetworkFirewallLog {
    return c.pathSegment.slice(NETWORK_FIREWALL_SEGMENT.length + 1) as NetworkFirewallLog;
}

/**
 * The folder in front of `AWSLogs/` a log type's files are under, given the source's folder: the
 * folder itself for a single account (the account's `network-firewall/<log type>/` folder tells the
 * log types apart), and one folder per log type in an organization hub, where one notification per
 * log type must cover every account (S3 prefixes cannot wildcard the account, and each log type has
 * its own destination prefix: Network Firewall API reference, LogDestinationConfig).
 */
export function networkFirewallFolder(
    sourceFolder: string,
    log: NetworkFirewallLog,
    organization: boolean,
): string {
    return organization ? `${sourceFolder}${log}/` : sourceFolder;
}

/**
 * The `prefix` of a log destination writing into a folder: the folder without its trailing slash,
 * since Network Firewall puts a slash after it ("you can optionally include a prefix, to
 * immediately follow the bucket name"; a prefix starting or ending with "/" gives "//"); none for
 * the bucket's root.
 */
export function networkFirewallPrefix(folder: string): string | undefined {
    const trimmed = folder.replace(/\/+$/, "");
    return trimmed === "" ? undefined : trimmed;
}

/** The source's folder in front of `AWSLogs/`: the key prefix, plus `networkfirewall/` in an organization. */
function sourceFolder(ctx: LayoutContext): string {
    return ctx.organization ? `${ctx.keyPrefix}networkfirewall/` : ctx.keyPrefix;
}

function connectionPrefix(c: ConnectionFacts, ctx: LayoutContext): string {
    const log = networkFirewallLogOf(c);
    const folder = networkFirewallFolder(sourceFolder(ctx), log, ctx.organization !== undefined);
    return ctx.organization
        ? `${folder}AWSLogs/`
        : `${folder}AWSLogs/${ctx.hubAccountId}/${c.pathSegment}/`;
}

/** Network Firewall logs' facts. */
export const NETWORK_FIREWALL_FACTS = {
    key: "networkFirewall",
    title: "Network Firewall logs",
    exampleSettings: {
        firewallArns: ["arn:aws:network-firewall:us-east-1:123456789012:firewall/inspection"],
    },
    connections: [
        connection("alert", "networkFirewallAlert"),
        connection("flow", "networkFirewallFlow"),
        connection("tls", "networkFirewallTls"),
    ],
    sentinel: {
        kind: "ccf",
        definitionName: "AwsNetworkFirewallCcpDefinition",
        definitionTitle: "Amazon Web Services NetworkFirewall (via Codeless Connector Platform)",
        // Solution "Amazon Web Services NetworkFirewall", solutionId
        // azuresentinel.azure-sentinel-solution-aws-networkfirewall (Package/mainTemplate.json
        // @017403d, `_solutionName` and `solutionId`).
        solution: {
            name: "Amazon Web Services NetworkFirewall",
            packageId: "azuresentinel.azure-sentinel-solution-aws-networkfirewall",
        },
        // The packaged connections (Package/mainTemplate.json @017403d) are 2023-02-01-preview.
        apiVersion: "2023-02-01-preview",
        // AWSNetworkFirewallLog_PollingConfig.json @07c019e.
        dataFormat: { Format: "Json", IsCompressed: true, compressType: "Gzip" },
        dcr: {
            streamDeclarations: Object.fromEntries(
                NETWORK_FIREWALL_LOGS.map((log) => [
                    NETWORK_FIREWALL_STREAMS[log],
                    NETWORK_FIREWALL_COLUMNS,
                ]),
            ),
            dataFlows: NETWORK_FIREWALL_LOGS.map((log) => ({
                streams: [NETWORK_FIREWALL_STREAMS[log]],
                transformKql: projectKql(
                    NETWORK_FIREWALL_PROJECTIONS[log],
                    NETWORK_FIREWALL_FILTERS[log],
                ),
                outputStream: `Microsoft-${NETWORK_FIREWALL_TABLES[log]}`,
            })),
        },
        customTables: [],
    },
    pack: { writerServices: [LOG_DELIVERY_SERVICE] },
    layout: {
        organizationFolder: "networkfirewall/",
        connectionPrefix,
        prefixes: (c, ctx): LayoutPrefix[] => {
            const prefix = connectionPrefix(c, ctx);
            return [
                {
                    id: `sentinel-${c.id}`,
                    prefix: notificationFilterValue(prefix),
                    stablePrefix: ctx.organization ? prefix : `${sourceFolder(ctx)}AWSLogs/`,
                },
            ];
        },
        readablePattern: (c, ctx) =>
            ctx.organization
                ? `${connectionPrefix(c, ctx)}*/${c.pathSegment}/*`
                : `${connectionPrefix(c, ctx)}*`,
    },
    doctorOperations: [
        {
            service: "network-firewall",
            operation: "ListFirewalls",
            action: "network-firewall:ListFirewalls",
            purpose: "the firewalls, to find those logging to the bucket",
        },
        {
            service: "network-firewall",
            operation: "DescribeLoggingConfiguration",
            action: "network-firewall:DescribeLoggingConfiguration",
            purpose: "each firewall's log destinations: which log types reach the bucket",
        },
    ],
} as const satisfies SourceFacts<"networkFirewall">;
