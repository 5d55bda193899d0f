// Which queues are connector queues, and which log type each carries. A queue is a connector
// queue when a Sentinel connector in the stack lists its URL, when a Sentinel role may receive its
// messages (by its own policies or by the queue's policy), or when the bucket notification entry
// that feeds it has an ID starting with "sentinel-" (the component's convention).
import {
    CONNECTIONS,
    CatalogConnection,
    connectionForTable,
    logTypeForTable,
} from "../../../components/shared/catalog";
import { allowsAction, globMatch, isAllow, known } from "./documents";
import { connectorOf, queueIdentity } from "./sentinel";
import { sentinelRoleGrants } from "./sentinelRoles";
import { QUEUE_REF, Res, StackIndex } from "./stack";
import { TYPED_CONNECTOR_TYPE, TYPES } from "./types";
import { Str, isUnknown, strList } from "./values";

/** The connector queues of a stack, by identity (`<region>:<account>:<name>`) and by URN, with their table. */
export interface ConnectorQueues {
    readonly byIdentity: Map<string, string | undefined>;
    readonly byUrn: Map<string, string | undefined>;
}

/** The connector resources of a stack with their plain properties. */
export function connectorResources(
    index: StackIndex,
): Array<{ res: Res; info: Exclude<ReturnType<typeof connectorOf>, undefined> }> {
    const out: Array<{ res: Res; info: Exclude<ReturnType<typeof connectorOf>, undefined> }> = [];
    const candidates = index.ofTypeMatching(
        (t) => t === TYPES.armResource || TYPED_CONNECTOR_TYPE.test(t),
    );
    for (const res of candidates) {
        const info = connectorOf(res.type, res.props);
        if (info !== undefined) {
            out.push({ res, info });
        }
    }
    return out;
}

/** The connector queues of a stack (computed once per index). */
export function connectorQueues(index: StackIndex): ConnectorQueues {
    return index.memo("connectorQueues", () => findConnectorQueues(index));
}

function findConnectorQueues(index: StackIndex): ConnectorQueues {
    const byIdentity = new Map<string, string | undefined>();
    const byUrn = new Map<string, string | undefined>();
    const add = (
        queue: Res | undefined,
        identity: string | undefined,
        table: string | undefined,
    ) => {
        if (queue) {
            byUrn.set(queue.urn, byUrn.get(queue.urn) ?? table);
            for (const v of [queue.props.arn, queue.props.url]) {
                const id = typeof v === "string" ? queueIdentity(v) : undefined;
                if (id) {
                    byIdentity.set(id, byIdentity.get(id) ?? table);
                }
            }
        }
        if (identity) {
            byIdentity.set(identity, byIdentity.get(identity) ?? table);
        }
    };
    for (const { res, info } of connectorResources(index)) {
        if (isUnknown(info)) {
            continue;
        }
        const table = typeof info.table === "string" ? info.table : undefined;
        const urls = strList(info.sqsUrls);
        for (const url of isUnknown(urls) ? [] : urls) {
            if (typeof url === "string") {
                const matches = index.find(QUEUE_REF, url);
                matches.forEach((q) => add(q, undefined, table));
                add(undefined, queueIdentity(url), table);
            }
        }
        for (const q of index.dependencies(res, info.typed ? "sqsUrls" : "properties", [
            TYPES.queue,
        ])) {
            add(q, undefined, table);
        }
    }
    const queues = index.ofType(TYPES.queue);
    for (const d of sentinelRoleGrants(index).documents) {
        if (d.doc.kind !== "ok") {
            continue;
        }
        const receives = d.doc.doc.statements.filter(
            (st) => isAllow(st) && allowsAction(st, "sqs:ReceiveMessage"),
        );
        // A queue policy letting the role receive makes the queues it guards connector queues.
        if (d.resourcePolicy?.scope === "queue" && receives.length > 0) {
            d.resourcePolicy.targets.forEach((q) => add(q, undefined, undefined));
        }
        for (const s of receives) {
            for (const pattern of known(s.resource).filter((r) => r.startsWith("arn:"))) {
                queues
                    .filter(
                        (q) => typeof q.props.arn === "string" && globMatch(pattern, q.props.arn),
                    )
                    .forEach((q) => add(q, undefined, undefined));
                add(undefined, queueIdentity(pattern), undefined);
            }
        }
    }
    return { byIdentity, byUrn };
}

/** The log type a notification entry ID names (`sentinel-<connection>`), if any. */
export function logTypeOfEntryId(id: Str | undefined): string | undefined {
    if (typeof id !== "string" || !id.startsWith("sentinel-")) {
        return undefined;
    }
    const suffix = id.slice("sentinel-".length).toLowerCase();
    return CONNECTIONS.find((c) => c.id.toLowerCase() === suffix)?.logType;
}

/** The log type a destination table or key prefix points at, if any. */
export function logTypeOf(table: string | undefined, prefix: Str | undefined): string | undefined {
    const byTable = table !== undefined ? logTypeForTable(table) : undefined;
    if (byTable) {
        return byTable;
    }
    if (typeof prefix === "string") {
        // AWS's own folders (`/<segment>/`) or Hive-compatible ones (`aws-service=<segment>/`,
        // `=` URL-encoded in a notification filter).
        return CONNECTIONS.find(
            (c) =>
                prefix.includes(`/${c.pathSegment}/`) ||
                prefix.includes(`aws-service=${c.pathSegment}/`) ||
                prefix.includes(`aws-service%3D${c.pathSegment}/`),
        )?.logType;
    }
    return undefined;
}

/** The connection a notification entry feeds: by its ID, else its queue's table, else its prefix. */
export function connectionOfEntry(
    id: Str | undefined,
    table: string | undefined,
    prefix: Str | undefined,
): CatalogConnection | undefined {
    const byId =
        typeof id === "string" && id.startsWith("sentinel-")
            ? CONNECTIONS.find(
                  (c) => c.id.toLowerCase() === id.slice("sentinel-".length).toLowerCase(),
              )
            : undefined;
    return (
        byId ??
        (table !== undefined ? connectionForTable(table) : undefined) ??
        (typeof prefix === "string"
            ? CONNECTIONS.find((c) => prefix.includes(`/${c.pathSegment}/`))
            : undefined)
    );
}
