// The delivery chain a stack declares, link by link: the queues each Sentinel connector reads and
// the role it assumes; what feeds each queue (a bucket notification entry, directly or through an
// SNS topic and its subscription); queues that are other queues' dead-letter queues; and the raw
// policy documents, for the same evaluator the doctor uses on a live account
// (`cli/doctor/policy.ts`). Queues, roles and topics are matched by the name in an ARN or URL as
// well as by value, so the chain is followed during a preview, when the cloud's ARNs are unknown
// but the names the components give are not.
import {
    AnyPolicy,
    Decision,
    PolicyRequest,
    evaluate,
    statements,
} from "../../../cli/doctor/policy";
import { CONNECTIONS, CatalogConnection, SOURCE_FACTS } from "../../../components/shared/catalog";
import type { ConnectionFacts } from "../../../components/sources/types";
import { notificationFilterKey } from "../../../components/sources/layout";
import { IAM_ROLE_ARN_PATTERN } from "../../../components/shared/patterns";
import { connectorQueues, connectorResources } from "./connectorQueues";
import { ConnectorInfo, queueIdentity } from "./sentinel";
import { POLICY_REF, QUEUE_REF, ROLE_REF, Res, StackIndex, bucketRefs } from "./stack";
import { TYPES } from "./types";
import { Str, UNKNOWN, asArray, asStr, at, isRecord, isUnknown, label, strList } from "./values";

/** Resource types of the chain beyond the pack's common ones. */
export const CHAIN_TYPES = {
    topic: "aws:sns/topic:Topic",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
} as const;

/** A policy document as the evaluator reads it, or why it cannot be read. */
export type RawDocument =
    | { readonly kind: "ok"; readonly policy: AnyPolicy }
    | { readonly kind: "unknown" }
    | { readonly kind: "absent" }
    | { readonly kind: "invalid" };

function holdsUnknown(value: unknown): boolean {
    if (isUnknown(value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(holdsUnknown);
    }
    return isRecord(value) && Object.values(value).some(holdsUnknown);
}

/** Reads a policy document (JSON string or object) for the evaluator; unknown if any part is. */
export function rawDocument(value: unknown): RawDocument {
    if (value === undefined || value === null || value === "") {
        return { kind: "absent" };
    }
    if (isUnknown(value)) {
        return { kind: "unknown" };
    }
    let parsed: unknown = value;
    if (typeof value === "string") {
        try {
            parsed = JSON.parse(value);
        } catch {
            return { kind: "invalid" };
        }
    }
    if (!isRecord(parsed)) {
        return { kind: "invalid" };
    }
    return holdsUnknown(parsed) ? { kind: "unknown" } : { kind: "ok", policy: parsed as AnyPolicy };
}

/**
 * Condition keys whose value in the connector's requests is known: it calls over TLS, as its role,
 * from Microsoft's network (never through a VPC endpoint: Azure/Azure-Sentinel #7320), and KMS is
 * called through S3 or SQS. A statement conditioned on any other key cannot be decided here.
 */
const KNOWN_KEYS = new Set([
    "aws:securetransport",
    "aws:principalarn",
    "aws:principalaccount",
    "aws:sourcevpce",
    "aws:sourcevpc",
    "aws:vpcsourceip",
    "kms:viaservice",
    "kms:calleraccount",
    "aws:sourcearn",
    "aws:sourceaccount",
]);

function conditionKeys(s: { Condition?: Record<string, Record<string, unknown>> }): string[] {
    return Object.values(s.Condition ?? {}).flatMap((block) =>
        Object.keys(block ?? {}).map((k) => k.toLowerCase()),
    );
}

/**
 * The doctor's evaluator, made cautious: statements conditioned on keys the connector's request is
 * not known to carry (or not carry) make the answer `unknown` when they could change it.
 */
export function decide(
    policies: readonly AnyPolicy[],
    request: PolicyRequest,
    resourcePolicy = false,
): Decision {
    const decidable = policies.map((p) => ({
        Statement: statements(p).filter((s) =>
            conditionKeys(s as { Condition?: Record<string, Record<string, unknown>> }).every((k) =>
                KNOWN_KEYS.has(k),
            ),
        ),
    }));
    const all = evaluate(policies, request, resourcePolicy);
    return evaluate(decidable, request, resourcePolicy) === all ? all : "unknown";
}

/** The partition an ARN is in (`aws` when there is none to read). */
export function partitionOf(arn: Str | undefined): string {
    return typeof arn === "string" ? (/^arn:(aws[a-z-]*):/.exec(arn)?.[1] ?? "aws") : "aws";
}

/** The account in an ARN. */
export function accountOf(arn: string): string | undefined {
    return /^arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):/.exec(arn)?.[1];
}

/** The queues of the stack an SQS ARN or URL names, by value or by the queue name in it. */
export function queuesNamed(index: StackIndex, arnOrUrl: string): Res[] {
    const byValue = index.find(QUEUE_REF, arnOrUrl);
    if (byValue.length > 0) {
        return byValue;
    }
    const identity = queueIdentity(arnOrUrl);
    if (identity === undefined) {
        return [];
    }
    const name = identity.split(":")[2];
    return index
        .ofType(TYPES.queue)
        .filter(
            (q) =>
                q.props.name === name &&
                (typeof q.props.arn !== "string" || queueIdentity(q.props.arn) === identity),
        );
}

/** A queue's ARN: its own, else built from a URL that names it. */
export function queueArnOf(queue: Res | undefined, url: Str | undefined, partition: string): Str {
    if (typeof queue?.props.arn === "string") {
        return queue.props.arn;
    }
    const identity = typeof url === "string" ? queueIdentity(url) : undefined;
    if (identity === undefined) {
        return UNKNOWN;
    }
    const [region, account, name] = identity.split(":");
    return `arn:${partition}:sqs:${region}:${account}:${name}`;
}

/** The roles of the stack a role ARN names, by value or by the role name in it. */
export function rolesNamed(index: StackIndex, arn: string): Res[] {
    const byValue = index.find(ROLE_REF, arn);
    if (byValue.length > 0) {
        return byValue;
    }
    const name = IAM_ROLE_ARN_PATTERN.exec(arn)?.[1];
    return name === undefined ? [] : index.ofType(TYPES.role).filter((r) => r.props.name === name);
}

/** One queue a connector lists. */
export interface ConnectorQueueRef {
    /** The URL, `UNKNOWN` when unknown during preview. */
    readonly url: Str;
    /** The queue in the stack, when it is in it. */
    readonly queue?: Res;
    /** Its ARN (built from the URL when the queue's own is unknown). */
    readonly arn: Str;
}

/** A Sentinel connector and what it names. */
export interface ConnectorLink {
    readonly res: Res;
    readonly info: ConnectorInfo;
    readonly who: string;
    /** The destination table, when known. */
    readonly table?: string;
    /** The catalog's connections writing to that table. */
    readonly connections: readonly CatalogConnection[];
    readonly roleArn: Str | undefined;
    /** The role in the stack it assumes, when it is there. */
    readonly role?: Res;
    readonly queues: readonly ConnectorQueueRef[];
}

/** The connectors of the stack with their role and queues (computed once per index). */
export function connectorLinks(index: StackIndex): ConnectorLink[] {
    return index.memo("deliveryConnectorLinks", () =>
        connectorResources(index).flatMap(({ res, info }): ConnectorLink[] => {
            if (isUnknown(info)) {
                return [];
            }
            const property = info.typed ? "sqsUrls" : "properties";
            const roleArn = asStr(info.roleArn);
            const roles =
                typeof roleArn === "string"
                    ? rolesNamed(index, roleArn)
                    : index.dependencies(res, info.typed ? "roleArn" : property, [TYPES.role]);
            const partition = partitionOf(roleArn);
            const urls = strList(info.sqsUrls);
            const queues: ConnectorQueueRef[] = [];
            if (isUnknown(urls)) {
                const deps = index.dependencies(res, property, [TYPES.queue]);
                queues.push(
                    ...(deps.length > 0
                        ? deps.map((q): ConnectorQueueRef => ({
                              url: UNKNOWN,
                              queue: q,
                              arn: queueArnOf(q, undefined, partition),
                          }))
                        : [{ url: UNKNOWN, arn: UNKNOWN } satisfies ConnectorQueueRef]),
                );
            } else {
                for (const url of urls) {
                    const found = typeof url === "string" ? queuesNamed(index, url) : [];
                    const queue = found.length === 1 ? found[0] : undefined;
                    queues.push({ url, queue, arn: queueArnOf(queue, url, partition) });
                }
            }
            // The table it writes: its body's, or for a CCF connection that sends another value
            // (WAF's "", VPC flow logs' null) its stream's.
            const table = typeof info.table === "string" ? info.table : undefined;
            return [
                {
                    res,
                    info,
                    who: label(res.type, res.name),
                    table,
                    connections: CONNECTIONS.filter((c) => c.table === table),
                    roleArn,
                    role: roles.length === 1 ? roles[0] : undefined,
                    queues,
                },
            ];
        }),
    );
}

/** What feeds a queue: an entry of a bucket notification, directly or through an SNS topic. */
export interface Feed {
    readonly notification: Res;
    readonly where: string;
    readonly id: Str | undefined;
    readonly prefix: Str | undefined;
    readonly suffix: Str | undefined;
    readonly events: unknown;
    /** The bucket notified: in the stack, or its name. */
    readonly bucket: { readonly res?: Res; readonly name: Str | undefined };
    /** The ARN the entry (or the subscription) names as the queue. */
    readonly queueArn: Str | undefined;
    /** The queues of the stack it sends to. */
    readonly queues: readonly Res[];
    /** Whether the target queue could not be told during preview. */
    readonly unknownTarget: boolean;
    /** Through an SNS topic: the topic's ARN and the subscription delivering to the queue. */
    readonly via?: { readonly topicArn: Str; readonly subscription: Res };
}

function namedByArn(index: StackIndex, type: string, arn: string): Res[] {
    const name = arn.split(":").pop();
    return index
        .ofType(type)
        .filter(
            (r) =>
                r.props.arn === arn || (typeof r.props.arn !== "string" && r.props.name === name),
        );
}

/** Every queue feed the stack declares (computed once per index). */
export function feeds(index: StackIndex): Feed[] {
    return index.memo("deliveryFeeds", () => collectFeeds(index));
}

function collectFeeds(index: StackIndex): Feed[] {
    const out: Feed[] = [];
    for (const n of index.ofType(TYPES.notification)) {
        const refs = bucketRefs(index, n);
        const bucketRes = refs.inStack[0];
        const bucket: Feed["bucket"] = {
            res: bucketRes,
            name: bucketRes
                ? asStr(bucketRes.props.bucket ?? bucketRes.props.id)
                : (refs.outside[0] ?? (refs.unknown ? UNKNOWN : undefined)),
        };
        const entry = (
            e: unknown,
            i: number,
            kind: string,
        ): Omit<Feed, "queueArn" | "queues" | "unknownTarget" | "via"> => ({
            notification: n,
            where: `${label(n.type, n.name)} ${kind} entry ${typeof at(e, "id") === "string" ? JSON.stringify(at(e, "id")) : `#${i + 1}`}`,
            id: asStr(at(e, "id")),
            // The key prefix the filter matches: a filter holds its special characters URL-encoded
            // (a Hive-compatible `=` as `%3D`, S3 user guide, "Object key naming guidelines").
            prefix: ((p) => (typeof p === "string" ? notificationFilterKey(p) : p))(
                asStr(at(e, "filterPrefix")),
            ),
            suffix: asStr(at(e, "filterSuffix")),
            events: at(e, "events"),
            bucket,
        });
        const queueList = asArray(n.props.queues);
        const queueDeps = index.dependencies(n, "queues", [TYPES.queue]);
        (isUnknown(queueList) ? [UNKNOWN] : (queueList ?? [])).forEach((e, i, all) => {
            const arn = asStr(at(e, "queueArn"));
            const named = typeof arn === "string" ? queuesNamed(index, arn) : [];
            const single = all.length === 1 || queueDeps.length === 1;
            out.push({
                ...entry(e, i, "queue"),
                queueArn: arn,
                queues: typeof arn === "string" ? named : single ? queueDeps : [],
                unknownTarget: typeof arn !== "string" && !single,
            });
        });
        const topicList = asArray(n.props.topics);
        (isUnknown(topicList) ? [UNKNOWN] : (topicList ?? [])).forEach((e, i) => {
            const topicArn = asStr(at(e, "topicArn")) ?? UNKNOWN;
            const topics =
                typeof topicArn === "string"
                    ? namedByArn(index, CHAIN_TYPES.topic, topicArn)
                    : index.dependencies(n, "topics", [CHAIN_TYPES.topic]);
            for (const s of index.ofType(CHAIN_TYPES.subscription)) {
                const topic = s.props.topic;
                const feedsIt =
                    (typeof topic === "string" && topic === topicArn) ||
                    index
                        .dependencies(s, "topic", [CHAIN_TYPES.topic])
                        .some((t) => topics.some((x) => x.urn === t.urn));
                if (
                    !feedsIt ||
                    (typeof s.props.protocol === "string" && s.props.protocol !== "sqs")
                ) {
                    continue;
                }
                const endpoint = asStr(s.props.endpoint);
                out.push({
                    ...entry(e, i, "topic"),
                    queueArn: endpoint,
                    queues:
                        typeof endpoint === "string"
                            ? queuesNamed(index, endpoint)
                            : index.dependencies(s, "endpoint", [TYPES.queue]),
                    unknownTarget: false,
                    via: { topicArn, subscription: s },
                });
            }
        });
    }
    return out;
}

/** The feeds that send to a queue (by the queue in the stack, or by its ARN). */
export function feedsOf(index: StackIndex, queue: Res | undefined, arn: Str): Feed[] {
    const identity = typeof arn === "string" ? queueIdentity(arn) : undefined;
    return feeds(index).filter(
        (f) =>
            (queue !== undefined && f.queues.some((q) => q.urn === queue.urn)) ||
            (identity !== undefined &&
                typeof f.queueArn === "string" &&
                queueIdentity(f.queueArn) === identity),
    );
}

/** The queues of the stack whose redrive policy names a queue as its dead-letter queue. */
export function deadLetterSources(index: StackIndex, queue: Res): Res[] {
    return index.ofType(TYPES.queue).filter((q) => {
        if (q.urn === queue.urn) {
            return false;
        }
        const redrive = q.props.redrivePolicy;
        const text = typeof redrive === "string" ? redrive : undefined;
        let target: unknown;
        try {
            target = text
                ? JSON.parse(text).deadLetterTargetArn
                : at(redrive, "deadLetterTargetArn");
        } catch {
            target = undefined;
        }
        if (typeof target === "string") {
            return queuesNamed(index, target).some((t) => t.urn === queue.urn);
        }
        return index
            .dependencies(q, "redrivePolicy", [TYPES.queue])
            .some((t) => t.urn === queue.urn);
    });
}

/** The part of a key prefix after its last `AWSLogs/` (where the writers' account folders start). */
function afterLogs(prefix: string): string {
    const at = prefix.lastIndexOf("AWSLogs/");
    return at < 0 ? prefix : prefix.slice(at + "AWSLogs/".length);
}

/** True when a key prefix already ends inside a connection's folder (`…/AWSLogs/…/<segment>/…`). */
function insideFolder(prefix: string, connection: ConnectionFacts): boolean {
    const rest = afterLogs(prefix);
    const segment = `${connection.pathSegment}/`;
    return rest.startsWith(segment) || rest.includes(`/${segment}`);
}

/**
 * The connection a feed carries: by its entry ID (`sentinel-<connection>`, the components'
 * convention), else by the folder its prefix ends in, else by the organization folder in front of
 * `AWSLogs/` (`<folder>AWSLogs/`, one notification for every account of an organization hub).
 */
export function connectionOfFeed(feed: Feed): CatalogConnection | undefined {
    const id = typeof feed.id === "string" ? feed.id.toLowerCase() : undefined;
    const byId = CONNECTIONS.find(
        (c) =>
            id === `sentinel-${c.id.toLowerCase()}` ||
            id?.startsWith(`sentinel-${c.id.toLowerCase()}-`),
    );
    if (byId) {
        return byId;
    }
    const prefix = feed.prefix;
    if (typeof prefix !== "string") {
        return undefined;
    }
    const unique = (matches: CatalogConnection[]) =>
        matches.length > 0 && matches.every((m) => m.table === matches[0].table)
            ? matches[0]
            : undefined;
    const inside = CONNECTIONS.filter((c) => insideFolder(prefix, c));
    if (inside.length > 0) {
        return unique(inside);
    }
    return unique(
        CONNECTIONS.filter((c) =>
            prefix.endsWith(`${SOURCE_FACTS[c.logType].layout.organizationFolder}AWSLogs/`),
        ),
    );
}

/**
 * A key the connector would be told about by a feed with this prefix, for a connection: the prefix
 * followed by a date folder when it already ends inside the connection's folder, else an account's
 * folder of the connection (an organization prefix such as `…/AWSLogs/` covers every account's).
 */
export function sampleKey(prefix: string, connection: ConnectionFacts): string {
    const file = `2025/01/01/sample${connection.suffix}`;
    return insideFolder(prefix, connection)
        ? `${prefix}${file}`
        : `${prefix}111122223333/${connection.pathSegment}/${file}`;
}

/** A policy document attached to a resource, with where it is. */
export interface AttachedDocument {
    readonly where: string;
    readonly doc: RawDocument;
}

const ATTACHED: Readonly<Record<"queue" | "bucket" | "key", { type: string; property: string }>> = {
    queue: { type: TYPES.queuePolicy, property: "queueUrl" },
    bucket: { type: TYPES.bucketPolicy, property: "bucket" },
    key: { type: TYPES.keyPolicy, property: "keyId" },
};

/**
 * The resource policies of a queue, bucket or key of the stack: its own `policy` and the
 * QueuePolicy, BucketPolicy or KeyPolicy resources naming it (by value or by dependency).
 */
export function policiesOn(
    index: StackIndex,
    target: Res,
    scope: "queue" | "bucket" | "key",
): AttachedDocument[] {
    const out: AttachedDocument[] = [];
    const own = rawDocument(target.props.policy);
    if (own.kind !== "absent") {
        out.push({ where: label(target.type, target.name), doc: own });
    }
    const { type, property } = ATTACHED[scope];
    for (const p of index.ofType(type)) {
        const value = p.props[property];
        const targets = [
            ...index.dependencies(p, property, [target.type]),
            ...(typeof value === "string"
                ? index
                      .ofType(target.type)
                      .filter((t) =>
                          [
                              t.props.url,
                              t.props.arn,
                              t.props.id,
                              t.props.bucket,
                              t.props.keyId,
                          ].includes(value),
                      )
                : []),
        ];
        if (targets.some((t) => t.urn === target.urn)) {
            out.push({ where: label(p.type, p.name), doc: rawDocument(p.props.policy) });
        }
    }
    return out;
}

/** The identity-based documents of a role of the stack, and what could not be read. */
export interface RoleDocuments {
    readonly documents: AttachedDocument[];
    /** Managed policies attached from outside the stack (their documents are unknown here). */
    readonly outside: string[];
    /** The permissions boundary: its document, `outside` the stack, or none. */
    readonly boundary?: AttachedDocument | "outside";
}

/** The inline, role and attached customer-managed policies of a role, and its boundary. */
export function roleDocuments(index: StackIndex, role: Res): RoleDocuments {
    const documents: AttachedDocument[] = [];
    const outside: string[] = [];
    const inline = asArray(role.props.inlinePolicies);
    if (isUnknown(inline)) {
        documents.push({
            where: `the inline policies of ${label(role.type, role.name)}`,
            doc: { kind: "unknown" },
        });
    }
    for (const item of isUnknown(inline) ? [] : (inline ?? [])) {
        const doc = isUnknown(item)
            ? ({ kind: "unknown" } as const)
            : rawDocument(at(item, "policy"));
        if (doc.kind !== "absent") {
            documents.push({ where: `an inline policy of ${label(role.type, role.name)}`, doc });
        }
    }
    for (const p of index.ofType(TYPES.rolePolicy)) {
        if (index.refs(p, "role", ROLE_REF).inStack.some((r) => r.urn === role.urn)) {
            documents.push({ where: label(p.type, p.name), doc: rawDocument(p.props.policy) });
        }
    }
    const attached = (arn: unknown, holder: Res, property: string) => {
        const byValue = typeof arn === "string" ? index.find(POLICY_REF, arn) : [];
        const byDependency =
            typeof arn === "string" ? [] : index.dependencies(holder, property, [TYPES.policy]);
        const policy = byValue[0] ?? (byDependency.length === 1 ? byDependency[0] : undefined);
        if (policy) {
            documents.push({
                where: label(policy.type, policy.name),
                doc: rawDocument(policy.props.policy),
            });
        } else if (typeof arn === "string") {
            outside.push(arn);
        } else {
            documents.push({
                where: `a policy attached by ${label(holder.type, holder.name)}`,
                doc: { kind: "unknown" },
            });
        }
    };
    const managed = asArray(role.props.managedPolicyArns);
    for (const arn of isUnknown(managed) ? [UNKNOWN] : (managed ?? [])) {
        attached(arn, role, "managedPolicyArns");
    }
    for (const a of index.ofType(TYPES.rolePolicyAttachment)) {
        if (index.refs(a, "role", ROLE_REF).inStack.some((r) => r.urn === role.urn)) {
            attached(a.props.policyArn, a, "policyArn");
        }
    }
    for (const a of index.ofType(TYPES.policyAttachment)) {
        if (index.refs(a, "roles", ROLE_REF).inStack.some((r) => r.urn === role.urn)) {
            attached(a.props.policyArn, a, "policyArn");
        }
    }
    for (const a of index.ofType(TYPES.rolePolicyAttachmentsExclusive)) {
        if (index.refs(a, "roleName", ROLE_REF).inStack.some((r) => r.urn === role.urn)) {
            const arns = asArray(a.props.policyArns);
            for (const arn of isUnknown(arns) ? [UNKNOWN] : (arns ?? [])) {
                attached(arn, a, "policyArns");
            }
        }
    }
    const boundaryArn = role.props.permissionsBoundary;
    let boundary: RoleDocuments["boundary"];
    if (boundaryArn !== undefined && boundaryArn !== "") {
        const byValue = typeof boundaryArn === "string" ? index.find(POLICY_REF, boundaryArn) : [];
        const policy =
            byValue[0] ??
            (typeof boundaryArn === "string"
                ? undefined
                : index.dependencies(role, "permissionsBoundary", [TYPES.policy])[0]);
        boundary = policy
            ? { where: label(policy.type, policy.name), doc: rawDocument(policy.props.policy) }
            : isUnknown(boundaryArn)
              ? {
                    where: `the permissions boundary of ${label(role.type, role.name)}`,
                    doc: { kind: "unknown" },
                }
              : "outside";
    }
    return { documents, outside, boundary };
}

/** The feeds of the stack that send to a queue a connector reads (or an entry named `sentinel-…`). */
export function connectorFeeds(
    index: StackIndex,
): Array<{ feed: Feed; link?: ConnectorLink; queue?: Res }> {
    return index.memo("deliveryConnectorFeeds", () => collectConnectorFeeds(index));
}

function collectConnectorFeeds(
    index: StackIndex,
): Array<{ feed: Feed; link?: ConnectorLink; queue?: Res }> {
    const known = connectorQueues(index);
    const out: Array<{ feed: Feed; link?: ConnectorLink; queue?: Res }> = [];
    for (const feed of feeds(index)) {
        const link = connectorLinks(index).find((l) =>
            l.queues.some((q) => feedsOf(index, q.queue, q.arn).includes(feed)),
        );
        const queue = feed.queues.length === 1 ? feed.queues[0] : undefined;
        const sentinelEntry = typeof feed.id === "string" && feed.id.startsWith("sentinel-");
        if (link || (queue && known.byUrn.has(queue.urn)) || sentinelEntry) {
            out.push({ feed, link, queue });
        }
    }
    return out;
}
