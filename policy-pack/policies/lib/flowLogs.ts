// Which notification entries (and so which connector queues and connections) a VPC flow log's
// files reach, from the flow log's destination and options: AWS writes plain text under
// `<folder>AWSLogs/<account>/vpcflowlogs/…<name>.log.gz`, and with Hive-compatible prefixes under
// `<folder>AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/…`, Parquet ending
// `.log.parquet` (VPC user guide, "Flow log files").
import { CONNECTIONS } from "../../../components/shared/catalog";
import {
    FLOW_LOG_FORMAT_OF_CONNECTION,
    FlowLogFileFormat,
} from "../../../components/sources/vpcFlowLogs/facts";
import { notificationFilterKey } from "../../../components/sources/layout";
import { queueOf } from "../../../components/sources/layout";
import { QueueEntry, queueEntries } from "../s3Notifications";
import { connectorQueues, connectorResources } from "./connectorQueues";
import { ConnectorInfo, queueIdentity } from "./sentinel";
import { Res, StackIndex, bucketRefs } from "./stack";
import { BUCKET_TYPES, TYPES } from "./types";
import { Str, UNKNOWN, at, isUnknown, strList } from "./values";

/** The properties of a flow log that name what it logs (`aws.ec2.FlowLog`), each one resource. */
export const FLOW_LOG_RESOURCE_PROPERTIES = [
    "vpcId",
    "subnetId",
    "eniId",
    "transitGatewayId",
    "transitGatewayAttachmentId",
] as const;

/** Where an S3 flow log writes, as far as the stack tells. */
export interface FlowLogTarget {
    readonly res: Res;
    /** What it logs: `vpcId=vpc-…`, or `UNKNOWN` while unknown, or undefined when it names nothing. */
    readonly resource: Str | undefined;
    /** The bucket, by the URN of a bucket in the stack or `name:<bucket>`; `UNKNOWN` while unknown. */
    readonly bucket: Str;
    /** The folder in front of `AWSLogs/` (`""` or ending with `/`). */
    readonly folder: Str;
    readonly format: FlowLogFileFormat | typeof UNKNOWN;
    readonly hive: boolean | typeof UNKNOWN;
}

/** The S3 flow logs of the stack, with where they write. */
export function flowLogTargets(index: StackIndex): FlowLogTarget[] {
    return index.memo("flowLogTargets", () =>
        index
            .ofType(TYPES.flowLog)
            .filter(
                (f) => f.props.logDestinationType === "s3" || isUnknown(f.props.logDestinationType),
            )
            .map((res) => {
                const p = res.props;
                const named = FLOW_LOG_RESOURCE_PROPERTIES.find((k) => p[k] !== undefined);
                const value = named ? p[named] : undefined;
                const resource: Str | undefined =
                    named === undefined
                        ? undefined
                        : isUnknown(value)
                          ? UNKNOWN
                          : `${named}=${String(value)}`;
                const destination = p.logDestination;
                const m =
                    typeof destination === "string"
                        ? /^arn:aws[a-z-]*:s3:::([^/]+)(?:\/(.*))?$/.exec(destination)
                        : null;
                const deps = index.dependencies(res, "logDestination", BUCKET_TYPES);
                const bucket: Str = deps[0]
                    ? deps[0].urn
                    : m
                      ? (index.find(
                            { id: "bucket", types: BUCKET_TYPES, keysOf: bucketKeys },
                            m[1],
                        )[0]?.urn ?? `name:${m[1]}`)
                      : UNKNOWN;
                const folder: Str = m
                    ? (m[2] ?? "").replace(/^\/+/, "")
                    : isUnknown(destination)
                      ? UNKNOWN
                      : "";
                const fileFormat = at(p.destinationOptions, "fileFormat");
                const hive = at(p.destinationOptions, "hiveCompatiblePartitions");
                return {
                    res,
                    resource,
                    bucket,
                    folder:
                        typeof folder === "string" && folder !== "" && !folder.endsWith("/")
                            ? `${folder}/`
                            : folder,
                    format: isUnknown(fileFormat)
                        ? UNKNOWN
                        : fileFormat === FlowLogFileFormat.Parquet
                          ? FlowLogFileFormat.Parquet
                          : FlowLogFileFormat.PlainText,
                    hive: isUnknown(hive) ? UNKNOWN : hive === true,
                };
            }),
    );
}

function bucketKeys(b: Res): Str[] {
    return [b.props.bucket, b.props.id, b.props.arn].filter(
        (v): v is string => typeof v === "string",
    );
}

/** The bucket a notification configures, as `flowLogTargets` names buckets (memoised per run). */
export function notificationBucket(index: StackIndex, notification: Res): Str {
    return index.memo(`notificationBucket:${notification.urn}`, () =>
        bucketOfNotification(index, notification),
    );
}

function bucketOfNotification(index: StackIndex, notification: Res): Str {
    const refs = bucketRefs(index, notification);
    if (refs.inStack[0]) {
        return refs.inStack[0].urn;
    }
    if (refs.outside[0] !== undefined) {
        const inStack = index.find(
            { id: "bucket", types: BUCKET_TYPES, keysOf: bucketKeys },
            refs.outside[0],
        )[0];
        return inStack ? inStack.urn : `name:${refs.outside[0]}`;
    }
    return UNKNOWN;
}

/**
 * Whether an entry's prefix watches a flow log's folder: the prefix (decoded from the filter's
 * URL encoding) covers the flow log's `AWSLogs/` folder, or lies on its path, any account standing
 * for the account.
 */
export function watches(prefix: string, flowLog: { folder: string; hive: boolean }): boolean {
    const key = notificationFilterKey(prefix);
    const base = `${flowLog.folder}AWSLogs/`;
    if (key.length <= base.length) {
        return base.startsWith(key);
    }
    if (!key.startsWith(base)) {
        return false;
    }
    const rest = key.slice(base.length).replace(/\d{12}/, "<account>");
    const path = flowLog.hive
        ? "aws-account-id=<account>/aws-service=vpcflowlogs/"
        : "<account>/vpcflowlogs/";
    return path.startsWith(rest) || rest.startsWith(path);
}

/** Whether a flow log's files pass an entry's suffix. */
export function passesSuffix(suffix: Str | undefined, format: FlowLogFileFormat): boolean {
    const file = format === FlowLogFileFormat.Parquet ? ".log.parquet" : ".log.gz";
    return typeof suffix !== "string" || suffix === "" || file.endsWith(suffix);
}

/** The connector entries of the stack's notifications (memoised per run). */
export function connectorEntries(index: StackIndex): QueueEntry[] {
    return index.memo("connectorEntries", () =>
        queueEntries(index, connectorQueues(index)).filter((e) => e.connector !== "no"),
    );
}

/** The connectors of the stack that read an entry's queue (computed once per entry and run). */
export function readersOf(
    index: StackIndex,
    entry: QueueEntry,
): Array<{ res: Res; info: ConnectorInfo }> {
    const byEntry = index.memo(
        "readersOf",
        () => new Map<QueueEntry, Array<{ res: Res; info: ConnectorInfo }>>(),
    );
    let readers = byEntry.get(entry);
    if (readers === undefined) {
        readers = findReaders(index, entry);
        byEntry.set(entry, readers);
    }
    return readers;
}

function findReaders(
    index: StackIndex,
    entry: QueueEntry,
): Array<{ res: Res; info: ConnectorInfo }> {
    const connectors = index.memo("connectorResources", () => connectorResources(index));
    return connectors.filter((c): c is { res: Res; info: ConnectorInfo } => {
        if (isUnknown(c.info)) {
            return false;
        }
        const urls = strList(c.info.sqsUrls);
        const identities = isUnknown(urls)
            ? []
            : urls.flatMap((u) => (typeof u === "string" ? (queueIdentity(u) ?? []) : []));
        const byDeps = index
            .dependencies(c.res, c.info.typed ? "sqsUrls" : "properties", [TYPES.queue])
            .some((q) => entry.queueUrns.includes(q.urn));
        return (entry.queue !== undefined && identities.includes(entry.queue)) || byDeps;
    });
}

/**
 * The flow-log file format a connection reading an entry takes: from its connector in the stack
 * (the classic connector reads plain text; a CCF connection its `dataFormat.Format`: Parquet, or
 * Csv for plain text), else from the entry's ID (`sentinel-<queue>`) or its suffix.
 */
export function formatReadBy(
    index: StackIndex,
    entry: QueueEntry,
): FlowLogFileFormat | typeof UNKNOWN | undefined {
    const readers = readersOf(index, entry);
    for (const { info } of readers) {
        if (!info.ccf) {
            return FlowLogFileFormat.PlainText;
        }
        const format = at(info.ccf.dataFormat, "Format");
        if (isUnknown(format)) {
            return UNKNOWN;
        }
        if (typeof format === "string") {
            return /^parquet$/i.test(format)
                ? FlowLogFileFormat.Parquet
                : /^csv$/i.test(format)
                  ? FlowLogFileFormat.PlainText
                  : undefined;
        }
    }
    const id = typeof entry.id === "string" ? entry.id.replace(/^sentinel-/, "") : undefined;
    const byId = CONNECTIONS.find((c) => c.logType === "vpcFlowLogs" && queueOf(c) === id);
    if (byId) {
        return FLOW_LOG_FORMAT_OF_CONNECTION[byId.id];
    }
    if (typeof entry.suffix === "string") {
        return entry.suffix.endsWith(".parquet")
            ? FlowLogFileFormat.Parquet
            : entry.suffix.endsWith(".gz")
              ? FlowLogFileFormat.PlainText
              : undefined;
    }
    return undefined;
}
