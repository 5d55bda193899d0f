// The same logs must never reach a table twice: two flow logs on one resource that both feed a
// Sentinel queue record its traffic twice in AWSVPCFlow, and two connections (classic or CCF) of one
// table reading overlapping prefixes of one bucket ingest the same files twice.
import { notificationFilterKey } from "../../components/sources/layout";
import { Outcome, stackPolicy } from "./lib/builders";
import { connectorResources } from "./lib/connectorQueues";
import {
    FlowLogTarget,
    connectorEntries,
    flowLogTargets,
    notificationBucket,
    passesSuffix,
    readersOf,
    watches,
} from "./lib/flowLogs";
import { ConnectorInfo } from "./lib/sentinel";
import { Res, StackIndex } from "./lib/stack";
import { PackPolicy } from "./lib/types";
import { Finding, isUnknown, label, show, unknownFinding } from "./lib/values";
import type { QueueEntry } from "./s3Notifications";

/** The connector entries a flow log's files reach (prefix and suffix), or `undefined` while unknown. */
function feeds(index: StackIndex, f: FlowLogTarget): QueueEntry[] | undefined {
    if (isUnknown(f.bucket) || isUnknown(f.folder) || isUnknown(f.hive) || isUnknown(f.format)) {
        return undefined;
    }
    const { folder, hive, format } = f;
    return connectorEntries(index).filter(
        (e) =>
            notificationBucket(index, e.notification) === f.bucket &&
            !isUnknown(e.prefix) &&
            watches(e.prefix ?? "", { folder, hive }) &&
            passesSuffix(e.suffix, format),
    );
}

/** Two S3 flow logs on one resource both feeding Sentinel. */
function flowLogFindings(index: StackIndex): { findings: Finding[]; checked: number } {
    const byResource = new Map<string, Array<{ f: FlowLogTarget; entries: QueueEntry[] }>>();
    const findings: Finding[] = [];
    let checked = 0;
    for (const f of flowLogTargets(index)) {
        if (f.resource === undefined) {
            continue;
        }
        const entries = feeds(index, f);
        if (isUnknown(f.resource) || entries === undefined) {
            findings.push(
                unknownFinding(`What ${label(f.res.type, f.res.name)} logs and where`, f.res.urn),
            );
            continue;
        }
        if (entries.length === 0) {
            continue;
        }
        checked++;
        const list = byResource.get(f.resource) ?? [];
        list.push({ f, entries });
        byResource.set(f.resource, list);
    }
    for (const [resource, list] of byResource) {
        const [first, ...rest] = list;
        for (const { f, entries } of rest) {
            findings.push({
                message: `${label(f.res.type, f.res.name)} must not feed Sentinel (${entries[0].where}): ${label(first.f.res.type, first.f.res.name)} already logs ${resource.split("=")[1]} into ${first.entries[0].where}, and two flow logs on one resource put its traffic twice in AWSVPCFlow.`,
                urn: f.res.urn,
            });
        }
    }
    return { findings, checked };
}

/** Whether two notification prefixes (as filters hold them) can match the same key. */
function overlaps(a: string, b: string): boolean {
    const [x, y] = [notificationFilterKey(a), notificationFilterKey(b)];
    return x.startsWith(y) || y.startsWith(x);
}

/** What a connector reads: its table, workspace, and the bucket prefixes feeding its queues. */
interface Reading {
    readonly res: Res;
    readonly info: ConnectorInfo;
    readonly entries: QueueEntry[];
}

/** Two connections of one table in one workspace reading overlapping prefixes of one bucket. */
function connectorFindings(index: StackIndex): { findings: Finding[]; checked: number } {
    const entries = connectorEntries(index);
    const readings: Reading[] = connectorResources(index)
        .filter((c): c is { res: Res; info: ConnectorInfo } => !isUnknown(c.info))
        .map(({ res, info }) => ({
            res,
            info,
            entries: entries.filter((e) => readersOf(index, e).some((r) => r.res.urn === res.urn)),
        }))
        .filter((r) => r.entries.length > 0);
    const findings: Finding[] = [];
    let checked = 0;
    for (const [i, b] of readings.entries()) {
        for (const a of readings.slice(0, i)) {
            if (
                typeof a.info.table !== "string" ||
                a.info.table !== b.info.table ||
                a.info.workspaceKey !== b.info.workspaceKey ||
                typeof a.info.workspaceKey !== "string"
            ) {
                continue;
            }
            checked++;
            const overlap = b.entries
                .flatMap((eb) => a.entries.map((ea) => [ea, eb] as const))
                .find(
                    ([ea, eb]) =>
                        // One queue read twice splits its messages (sentinel-connector-queue-not-shared).
                        ea !== eb &&
                        notificationBucket(index, ea.notification) ===
                            notificationBucket(index, eb.notification) &&
                        !isUnknown(ea.prefix) &&
                        !isUnknown(eb.prefix) &&
                        overlaps(ea.prefix ?? "", eb.prefix ?? ""),
                );
            if (overlap) {
                const kind = (info: ConnectorInfo) => (info.ccf ? "CCF" : "classic");
                findings.push({
                    message: `${label(b.res.type, b.res.name)} (${kind(b.info)}) must not read ${show(a.info.table)} from ${show(notificationFilterKey(String(overlap[1].prefix ?? "")))}: ${label(a.res.type, a.res.name)} (${kind(a.info)}) already reads it from ${show(notificationFilterKey(String(overlap[0].prefix ?? "")))} of the same bucket, so the same files reach the table twice.`,
                    urn: b.res.urn,
                });
            }
        }
    }
    return { findings, checked };
}

export const sentinelConnectorNoDoubleIngestion: PackPolicy = stackPolicy(
    {
        name: "sentinel-connector-no-double-ingestion",
        description:
            "Checks that the same logs never reach a Sentinel table twice: no two S3 flow logs on one resource (VPC, subnet, network interface, transit gateway or attachment) both feed a connector queue, and no two connections of one table in one workspace, classic or CCF, read overlapping prefixes of one bucket.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "Keep one flow log per resource feeding Sentinel, and one connection per table and prefix: to move VPC flow logs from the classic connector to CCF, switch the component's `vpcFlowLogs.connector` (it hands the queue over), rather than adding a second flow log or connection.",
    },
    ({ index }): Outcome => {
        const flow = flowLogFindings(index);
        const connections = connectorFindings(index);
        const checked = flow.checked + connections.checked;
        const findings = [...flow.findings, ...connections.findings];
        return checked > 0 || findings.length > 0
            ? findings
            : "No flow log feeds Sentinel and no two connections share a table.";
    },
);

export const doubleIngestionPolicies: PackPolicy[] = [sentinelConnectorNoDoubleIngestion];
