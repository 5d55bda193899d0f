// Bucket notifications: one configuration per bucket, and connector queues fed only their log
// type's objects (with its files' suffix, `.gz` for most; none for files without one, then scoped
// by the connection's own folder) on `s3:ObjectCreated:*`, never the bucket root, never CloudTrail
// digests, whether the bucket notifies them directly or through an SNS topic they subscribe to
// (fan-out).
import {
    CatalogConnection,
    CONNECTIONS,
    LOG_TYPE_CATALOG,
    NOTIFICATION_EVENTS,
    sourceFacts,
} from "../../components/shared/catalog";
import { queueOf } from "../../components/sources/layout";
import {
    ConnectorQueues,
    connectionOfEntry,
    connectorQueues,
    logTypeOf,
    logTypeOfEntryId,
} from "./lib/connectorQueues";
import { layoutOf } from "../../components/sources/layout";
import { stackPolicy } from "./lib/builders";
import { queueIdentity } from "./lib/sentinel";
import { Res, StackIndex, bucketName, bucketRefs } from "./lib/stack";
import { BUCKET_TYPES, PackPolicy, TYPES } from "./lib/types";
import {
    Finding,
    Str,
    asArray,
    asStr,
    at,
    isUnknown,
    label,
    show,
    strList,
    unknownFinding,
} from "./lib/values";

/** One queue entry of a bucket notification, classified. */
export interface QueueEntry {
    readonly notification: Res;
    readonly where: string;
    readonly id: Str | undefined;
    readonly prefix: Str | undefined;
    readonly suffix: Str | undefined;
    readonly events: unknown;
    /** "yes" for a connector queue, "unknown" when that cannot be told during preview. */
    readonly connector: "yes" | "no" | "unknown";
    /** The log type it carries, when known. */
    readonly logType?: string;
    /** The connection it feeds, when known (its suffix is the one to filter on). */
    readonly connection?: CatalogConnection;
    /** Its queue's identity (`<region>:<account>:<name>`), when its ARN is known. */
    readonly queue?: string;
    /** The queues in the stack it may name (by its ARN, or its dependencies while unknown). */
    readonly queueUrns: readonly string[];
}

/**
 * The connector queue a topic delivers to, through a subscription of the stack (an SNS hop between
 * the bucket and the queue, fan-out): "yes" with its table, "unknown" when a subscription's values
 * are unknown during preview, else "no".
 */
function topicConnector(
    index: StackIndex,
    connectors: ConnectorQueues,
    topicArn: unknown,
): { connector: QueueEntry["connector"]; table?: string } {
    if (typeof topicArn !== "string") {
        return { connector: isUnknown(topicArn) ? "unknown" : "no" };
    }
    let unsure = false;
    for (const sub of index.ofType(TYPES.subscription)) {
        const { topic, endpoint, protocol } = sub.props;
        if (isUnknown(topic) || isUnknown(endpoint)) {
            unsure = true;
            continue;
        }
        const identity = typeof endpoint === "string" ? queueIdentity(endpoint) : undefined;
        if (
            topic === topicArn &&
            protocol === "sqs" &&
            identity !== undefined &&
            connectors.byIdentity.has(identity)
        ) {
            return { connector: "yes", table: connectors.byIdentity.get(identity) };
        }
    }
    return { connector: unsure ? "unknown" : "no" };
}

/** The queue entries of every bucket notification in the stack, and its topic entries that feed one. */
export function queueEntries(index: StackIndex, connectors: ConnectorQueues): QueueEntry[] {
    const entries: QueueEntry[] = [];
    for (const n of index.ofType(TYPES.notification)) {
        const topics = asArray(n.props.topics);
        (isUnknown(topics) ? [topics] : (topics ?? [])).forEach((e, i) => {
            const id = asStr(at(e, "id"));
            const prefix = asStr(at(e, "filterPrefix"));
            const found = topicConnector(index, connectors, isUnknown(e) ? e : at(e, "topicArn"));
            const byId = logTypeOfEntryId(id);
            const connector = byId !== undefined ? "yes" : found.connector;
            if (connector === "no") {
                return;
            }
            entries.push({
                notification: n,
                where: `${label(n.type, n.name)} topic entry ${typeof id === "string" ? show(id) : `#${i + 1}`}`,
                id,
                prefix,
                suffix: asStr(at(e, "filterSuffix")),
                events: at(e, "events"),
                connector,
                logType: logTypeOf(found.table, prefix) ?? byId,
                connection: connectionOfEntry(id, found.table, prefix),
                // The queue is behind the topic's subscription, not named by the entry.
                queueUrns: [],
            });
        });
        const list = asArray(n.props.queues);
        const deps = index.dependencies(n, "queues", [TYPES.queue]);
        (isUnknown(list) ? [list] : (list ?? [])).forEach((e, i) => {
            const id = asStr(at(e, "id"));
            const arn = at(e, "queueArn");
            const prefix = asStr(at(e, "filterPrefix"));
            let connector: QueueEntry["connector"] = "no";
            let table: string | undefined;
            const identity = typeof arn === "string" ? queueIdentity(arn) : undefined;
            if (identity !== undefined && connectors.byIdentity.has(identity)) {
                connector = "yes";
                table = connectors.byIdentity.get(identity);
            } else if (isUnknown(arn) || isUnknown(e)) {
                const known = deps.filter((q) => connectors.byUrn.has(q.urn));
                connector =
                    known.length === 0 ? "no" : known.length === deps.length ? "yes" : "unknown";
                table =
                    known.length === 1 && deps.length === 1
                        ? connectors.byUrn.get(known[0].urn)
                        : undefined;
            }
            const byId = logTypeOfEntryId(id);
            if (byId !== undefined) {
                connector = "yes";
            }
            entries.push({
                notification: n,
                where: `${label(n.type, n.name)} queue entry ${typeof id === "string" ? show(id) : `#${i + 1}`}`,
                id,
                prefix,
                suffix: asStr(at(e, "filterSuffix")),
                events: at(e, "events"),
                connector,
                logType: logTypeOf(table, prefix) ?? byId,
                connection: connectionOfEntry(id, table, prefix),
                queue: identity,
                queueUrns: (identity !== undefined
                    ? index
                          .ofType(TYPES.queue)
                          .filter((q) =>
                              [q.props.arn, q.props.url].some(
                                  (v) => typeof v === "string" && queueIdentity(v) === identity,
                              ),
                          )
                    : deps
                ).map((q) => q.urn),
            });
        });
    }
    return entries;
}

/**
 * The suffixes an entry may filter on: those of the connections its ID names (`sentinel-<queue>`),
 * else of its log type's connections, else of any connection (`.gz`, or `.parquet` for Parquet
 * flow logs).
 */
function suffixesOf(e: QueueEntry): string[] {
    const id = typeof e.id === "string" ? e.id.replace(/^sentinel-/, "").toLowerCase() : "";
    const byId = CONNECTIONS.filter((c) => queueOf(c).toLowerCase() === id);
    const byType = CONNECTIONS.filter((c) => c.logType === e.logType);
    const connections = byId.length > 0 ? byId : byType.length > 0 ? byType : CONNECTIONS;
    return [...new Set(connections.map((c) => c.suffix))];
}

/** The checks of one connector entry's filter and events. */
export function entryFilterFindings(e: QueueEntry): Finding[] {
    const findings: Finding[] = [];
    const urn = e.notification.urn;
    if (isUnknown(e.prefix)) {
        findings.push(unknownFinding(`The prefix of ${e.where}`, urn));
    } else if (e.prefix === undefined || e.prefix === "" || e.prefix === "/") {
        findings.push({
            message: `${e.where} must filter on its log type's prefix (such as "AWSLogs/<account>/CloudTrail/"), not the bucket root.`,
            urn,
        });
    }
    // The suffixes of the entry's connections (from the registry).
    const suffixes = suffixesOf(e);
    const suffix = e.suffix;
    if (isUnknown(suffix)) {
        findings.push(unknownFinding(`The suffix of ${e.where}`, urn));
    } else if (suffixes.length === 1 && suffixes[0] === "" && e.connection) {
        // Files without a suffix: the entry adds none, and its prefix alone keeps other objects out.
        if (typeof e.suffix === "string" && e.suffix !== "") {
            findings.push({
                message: `${e.where} must not filter on a suffix: ${e.connection.table}'s files have none, so ${show(e.suffix)} matches none of them.`,
                urn,
            });
        }
        if (typeof e.prefix === "string" && !scopedByFolder(e.prefix, e.connection)) {
            const { single, organization } = connectionFolders(e.connection);
            findings.push({
                message: `${e.where} filters on no suffix, so its prefix must be the connection's own folder (\`[<keyPrefix>]${single.replace(ANY_ACCOUNT, "<account>")}\`, or \`[<keyPrefix>]${organization}\` in an organization hub) to keep every other object from the queue, not ${show(e.prefix)}.`,
                urn,
            });
        }
    } else if (
        typeof suffix !== "string" ||
        !suffixes.some((x) => x !== "" && suffix.endsWith(x))
    ) {
        findings.push({
            message: `${e.where} must filter on the suffix ${suffixes
                .filter((x) => x !== "")
                .map((x) => `"${x}"`)
                .join(" or ")}, not ${show(e.suffix ?? "none")}.`,
            urn,
        });
    }
    const events = strList(e.events);
    if (isUnknown(events) || events.some(isUnknown)) {
        findings.push(unknownFinding(`The events of ${e.where}`, urn));
    } else {
        const wanted = NOTIFICATION_EVENTS[0];
        const others = events.filter(
            (v) => typeof v === "string" && !v.startsWith("s3:ObjectCreated:"),
        );
        if (!events.includes(wanted) || others.length > 0) {
            findings.push({
                message: `${e.where} must listen to exactly ${show(NOTIFICATION_EVENTS)}, not ${show(events)}.`,
                urn,
            });
        }
    }
    return findings;
}

/** A placeholder account in a layout's prefixes, matched by any account. */
const ANY_ACCOUNT = "000000000000";

/** A connection's own folder, as its layout writes it: one account's, and an organization hub's. */
export function connectionFolders(connection: CatalogConnection): {
    single: string;
    organization: string;
} {
    const layout = layoutOf(sourceFacts(connection.logType));
    const at = { keyPrefix: "", hubAccountId: ANY_ACCOUNT };
    return {
        single: layout.connectionPrefix(connection, at),
        organization: layout.connectionPrefix(connection, {
            ...at,
            organization: { organizationId: "o-aaaaaaaaaa" },
        }),
    };
}

/**
 * Whether a prefix is a connection's own folder (after any key prefix): one account's, as its
 * layout writes it, or the whole folder an organization hub reads.
 */
export function scopedByFolder(prefix: string, connection: CatalogConnection): boolean {
    const shape = (folder: string) =>
        new RegExp(
            `(?:^|/)${folder.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(ANY_ACCOUNT, "\\d{12}")}$`,
        );
    const { single, organization } = connectionFolders(connection);
    return shape(single).test(prefix) || shape(organization).test(prefix);
}

/** The entries of the stack's notifications that feed (or may feed) connector queues. */
function connectorEntries(index: StackIndex): QueueEntry[] | string {
    if (!index.has(TYPES.notification)) {
        return "The stack has no bucket notification.";
    }
    const entries = queueEntries(index, connectorQueues(index)).filter((e) => e.connector !== "no");
    return entries.length > 0 ? entries : "No bucket notification feeds a connector queue.";
}

export const s3BucketNotificationSinglePerBucket: PackPolicy = stackPolicy(
    {
        name: "s3-bucket-notification-single-per-bucket",
        description:
            "Checks that each bucket has at most one aws.s3.BucketNotification in the stack: a bucket has one notification configuration, and several resources overwrite each other silently.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "Merge every queue, topic and function of the bucket into one BucketNotification (the component's `existingBucketNotifications` keeps the ones the bucket already has).",
    },
    ({ index }) => {
        const notifications = index.ofType(TYPES.notification);
        if (notifications.length === 0) {
            return "The stack has no bucket notification.";
        }
        const groups = new Map<string, { name: string; members: Res[] }>();
        const findings: Finding[] = [];
        for (const n of notifications) {
            const refs = bucketRefs(index, n);
            const key =
                refs.inStack[0]?.urn ??
                (refs.outside[0] !== undefined ? `name:${refs.outside[0]}` : undefined);
            if (key === undefined) {
                findings.push(unknownFinding(`The bucket of ${label(n.type, n.name)}`, n.urn));
                continue;
            }
            const name = refs.inStack[0]
                ? label(refs.inStack[0].type, refs.inStack[0].name)
                : `bucket ${show(refs.outside[0])}`;
            const group = groups.get(key) ?? { name, members: [] };
            group.members.push(n);
            groups.set(key, group);
        }
        for (const { name, members } of groups.values()) {
            for (const n of members.slice(1)) {
                findings.push({
                    message: `${name} must have one BucketNotification, but ${members.map((m) => show(m.name)).join(" and ")} all set its notification configuration and overwrite each other.`,
                    urn: n.urn,
                });
            }
        }
        return findings;
    },
);

export const s3BucketNotificationConnectorFilter: PackPolicy = stackPolicy(
    {
        name: "s3-bucket-notification-connector-filter",
        description: `Checks that every notification feeding a connector queue filters on a log prefix (never the bucket root) and its connection's suffix (${[...new Set(CONNECTIONS.map((c) => c.suffix).filter((x) => x !== ""))].map((x) => `"${x}"`).join(", ")}, or none for files without one, such as S3 server access logs, whose prefix must then be the connection's own folder) and listens to exactly ${NOTIFICATION_EVENTS.join(", ")}. Connector queues: queues a Sentinel connector lists, queues a Sentinel role may read, and entries whose ID starts with "sentinel-".`,
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            'Give each connector queue its own entry with `filterPrefix` = the log type\'s path (`<keyPrefix>AWSLogs/<account>/<CloudTrail|vpcflowlogs|GuardDuty|…>/`), `filterSuffix: ".gz"` (none for S3 server access logs, whose files have no suffix) and `events: ["s3:ObjectCreated:*"]`.',
    },
    ({ index }) => {
        const entries = connectorEntries(index);
        if (typeof entries === "string") {
            return entries;
        }
        const findings: Finding[] = [];
        for (const e of entries) {
            findings.push(
                ...(e.connector === "unknown"
                    ? [
                          unknownFinding(
                              `Whether ${e.where} feeds a connector queue`,
                              e.notification.urn,
                          ),
                      ]
                    : entryFilterFindings(e)),
            );
        }
        return findings;
    },
);

/** The trails in the stack that write to the bucket a notification configures, with their key prefix. */
function trailsWritingTo(index: StackIndex, notification: Res): Array<{ trail: Res; prefix: Str }> {
    const refs = bucketRefs(index, notification);
    const urns = new Set(refs.inStack.map((b) => b.urn));
    const names = new Set([
        ...refs.outside,
        ...refs.inStack.map(bucketName).filter((n): n is string => typeof n === "string"),
    ]);
    return index
        .ofType(TYPES.trail)
        .filter((t) => {
            const name = t.props.s3BucketName;
            return (
                (typeof name === "string" && names.has(name)) ||
                index.dependencies(t, "s3BucketName", BUCKET_TYPES).some((b) => urns.has(b.urn))
            );
        })
        .map((trail) => ({ trail, prefix: asStr(trail.props.s3KeyPrefix) ?? "" }));
}

/**
 * True when an entry's filter lets a trail's digest files through. CloudTrail writes digests to
 * `<prefix>/AWSLogs/<account>/CloudTrail-Digest/...json.gz`, or `AWSLogs/<org>/<account>/...` for
 * an organization trail (CloudTrail User Guide, "CloudTrail digest file structure").
 */
export function passesDigests(
    prefix: string,
    suffix: Str | undefined,
    trailPrefix: string,
): boolean {
    if (typeof suffix === "string" && suffix !== "" && !"digest.json.gz".endsWith(suffix)) {
        return false;
    }
    const base = trailPrefix === "" ? "" : `${trailPrefix.replace(/\/$/, "")}/`;
    const account = /(?:^|\/)(\d{12})\//.exec(prefix)?.[1] ?? "123456789012";
    const org = /(?:^|\/)(o-[a-z0-9]{10,32})\//.exec(prefix)?.[1] ?? "o-aaaaaaaaaa";
    return [
        `${base}AWSLogs/${account}/CloudTrail-Digest/`,
        `${base}AWSLogs/${org}/${account}/CloudTrail-Digest/`,
    ].some((digests) => digests.startsWith(prefix) || prefix.startsWith(digests));
}

/**
 * A CloudTrail prefix that covers every account of an organization hub's folder: `…AWSLogs/` or
 * `…AWSLogs/<org>/`. S3 prefixes cannot wildcard the account, so past what one prefix per account
 * allows (100 configurations per bucket) digests cannot be kept out.
 */
function organizationWide(prefix: string): boolean {
    return /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]{10,32}\/)?$/.test(prefix);
}

export const s3BucketNotificationCloudtrailDigestExcluded: PackPolicy = stackPolicy<{
    allowOrganizationWidePrefix: boolean;
}>(
    {
        name: "s3-bucket-notification-cloudtrail-digest-excluded",
        description:
            'Checks that no connector queue is sent CloudTrail-Digest/ files (which are not log records): the CloudTrail connector queue\'s prefix ends in "CloudTrail/", and no other connector queue on a bucket a trail writes to has a filter (no prefix, or one above CloudTrail/) that lets digests through.',
        enforcementLevel: "mandatory",
        severity: "medium",
        remediationSteps:
            "Use the prefix `<keyPrefix>AWSLogs/<account>/CloudTrail/` for CloudTrail (for an organization trail `AWSLogs/<org>/<account>/CloudTrail/`), and each other log type's own path (`…/vpcflowlogs/`, `…/GuardDuty/`), never `AWSLogs/<account>/` or the bucket root. An organization hub with more accounts than S3's 100 notifications hold can accept the digests knowingly with `allowOrganizationWidePrefix`.",
        configSchema: {
            properties: {
                allowOrganizationWidePrefix: {
                    type: "boolean",
                    default: false,
                    description:
                        "Accepts a CloudTrail prefix that covers every account of an organization (`…AWSLogs/` or `…AWSLogs/<org>/`), which lets the digest files through: for organization hubs with more accounts than one prefix per account fits in S3's 100 notifications.",
                },
            },
        },
    },
    ({ index, config }) => {
        const all = connectorEntries(index);
        if (typeof all === "string") {
            return all;
        }
        const segment = `${LOG_TYPE_CATALOG.cloudTrail.pathSegment}/`;
        const findings: Finding[] = [];
        let checked = 0;
        for (const e of all) {
            const urn = e.notification.urn;
            if (e.logType === "cloudTrail") {
                checked++;
                if (isUnknown(e.prefix)) {
                    findings.push(unknownFinding(`The prefix of ${e.where}`, urn));
                } else if (
                    typeof e.prefix !== "string" ||
                    !(
                        e.prefix.endsWith(segment) ||
                        (config.allowOrganizationWidePrefix && organizationWide(e.prefix))
                    )
                ) {
                    findings.push({
                        message: `${e.where} feeds a CloudTrail connector queue, so its prefix must end with "${segment}" to leave out CloudTrail-Digest/ files, not ${show(e.prefix ?? "none")}.${typeof e.prefix === "string" && organizationWide(e.prefix) ? " For an organization hub, list its accounts (organization.accountIds), or accept the digests with this policy's allowOrganizationWidePrefix when they do not fit." : ""}`,
                        urn,
                    });
                }
                continue;
            }
            const trails = trailsWritingTo(index, e.notification);
            if (trails.length === 0) {
                continue;
            }
            checked++;
            if (
                isUnknown(e.prefix) ||
                isUnknown(e.suffix) ||
                trails.some((t) => isUnknown(t.prefix))
            ) {
                findings.push(unknownFinding(`The filter of ${e.where}`, urn));
                continue;
            }
            const passing = trails.filter((t) =>
                passesDigests(
                    typeof e.prefix === "string" ? e.prefix : "",
                    e.suffix,
                    t.prefix as string,
                ),
            );
            if (passing.length > 0) {
                findings.push({
                    message: `${e.where} feeds a connector queue from a bucket ${passing.map((t) => label(t.trail.type, t.trail.name)).join(" and ")} writes to, and its filter (prefix ${show(e.prefix ?? "none")}, suffix ${show(e.suffix ?? "none")}) also passes CloudTrail-Digest/ files, which are not log records; filter on the log type's own path.`,
                    urn,
                });
            }
        }
        return checked > 0
            ? findings
            : "No bucket notification feeds a CloudTrail connector queue or a connector queue on a bucket a trail writes to.";
    },
);

export const s3NotificationPolicies: PackPolicy[] = [
    s3BucketNotificationSinglePerBucket,
    s3BucketNotificationConnectorFilter,
    s3BucketNotificationCloudtrailDigestExcluded,
];
