// Which S3 event notifications the log bucket needs, as plain data: one per connection and folder
// the connector reads, each with its prefix and its source's suffix. Pure, so it can be checked
// before any resource exists (S3's limit of 100 configurations, overlapping filters) and
// unit-tested alone. Each source's layout (`sources/<source>/facts.ts`) says where its writer puts
// its files; this module only applies S3's rules.
import { MAX_NOTIFICATION_CONFIGURATIONS } from "../shared/connector";
import { LogType, SOURCE_FACTS } from "../sources/catalog";
import { layoutOf, queueOf } from "../sources/layout";
import type { ConnectionFacts, LayoutContext, Raw } from "../sources/types";

/** The organization a hub connects, as far as its notifications are concerned. */
export type { LayoutOrganization as NotifiedOrganization } from "../sources/types";
import type { LayoutOrganization as NotifiedOrganization } from "../sources/types";

/** The kinds of destination a bucket notifies (`existingBucketNotifications` lists them by kind). */
export type NotificationKind = "queues" | "topics" | "lambdaFunctions";

/** A notification the bucket already has, kept beside the connector's. */
export interface KeptNotification {
    /** Where it was given, for messages (`existingBucketNotifications.queues[0]`). */
    readonly where: string;
    /** Its kind and place in `existingBucketNotifications`. @default queues, 0 */
    readonly kind?: NotificationKind;
    readonly index?: number;
    readonly events: readonly string[];
    readonly filterPrefix?: string;
    readonly filterSuffix?: string;
}

/**
 * A kept notification that overlaps the connector's, moved from the bucket's configuration to a
 * subscription of the topics of the connections it overlaps: S3 sends each event to one
 * destination of overlapping filters, so both consumers read one topic (fan-out).
 */
export interface MovedNotification {
    readonly where: string;
    readonly kind: NotificationKind;
    readonly index: number;
    /** The connections whose topics it subscribes to. */
    readonly connections: readonly string[];
}

/** What the plan is computed from. */
export interface NotificationPlanInput {
    readonly logTypes: readonly LogType[];
    /**
     * The IDs of the connections made. @default the log types' connections read their source's
     * own way (an alternative reader, with a `sentinel` of its own, is made only when chosen)
     */
    readonly connections?: readonly string[];
    /** `""` or `"<prefix>/"`. */
    readonly keyPrefix: string;
    /** The hub's account ID (a placeholder while only the shape is checked). */
    readonly hubAccountId: string;
    readonly organization?: NotifiedOrganization;
    /** The log types the hub exports from its own account too (an organization hub's own trail). */
    readonly hubExports?: readonly LogType[];
    /** An organization hub also creates (or reads) exports of its own account, for every log type. */
    readonly hubTrail?: boolean;
    readonly kept?: readonly KeptNotification[];
    /** How the account list is named in messages. @default "organization.accountIds" */
    readonly accountIdsField?: string;
    /** Each connected source's settings on the hub, by log type (a layout may read its own). */
    readonly settings?: Readonly<Partial<Record<LogType, Raw>>>;
    /**
     * `notificationFanOut` as given: true puts a topic per connection between the bucket and its
     * queue; undefined does so only when kept notifications overlap the connector's; false never.
     */
    readonly fanOut?: boolean;
    /** How the fan-out setting is named in messages. @default "notificationFanOut" */
    readonly fanOutField?: string;
    /**
     * False for a bucket fan-out does not serve (a source's own bucket): an overlap is refused
     * without offering it. @default true
     */
    readonly fanOutOffered?: boolean;
    /** `hubAccountId` is the hub's real account, not a placeholder: overlaps are exact. */
    readonly accountKnown?: boolean;
}

/** One notification configuration of the connector. */
export interface PlannedNotification {
    readonly id: string;
    readonly logType: LogType;
    /** The queue it feeds: its connection's (`queueOf`). */
    readonly connection: string;
    readonly prefix: string;
    readonly suffix: string;
    /**
     * The part of the prefix that does not depend on the hub's account, for checks made before the
     * account is known.
     */
    readonly stablePrefix: string;
    /** One of a set of per-account prefixes (they count against S3's limit per account). */
    readonly perAccount?: boolean;
}

/** The plan: the notifications, the problems that forbid it, and what users should know of it. */
export interface NotificationPlan {
    readonly notifications: PlannedNotification[];
    readonly problems: string[];
    /** Facts about what reaches the queues, worth a warning (digest files, for example). */
    readonly notes: string[];
    /** The bucket notifies one SNS topic per connection, which its queue subscribes to. */
    readonly fanOut: boolean;
    /** The kept notifications moved to subscriptions of the connections' topics. */
    readonly moved: MovedNotification[];
}

/** Where a layout is asked about, for one log type of the plan's input. */
function layoutContext(
    input: Pick<
        NotificationPlanInput,
        "keyPrefix" | "hubAccountId" | "organization" | "hubExports" | "hubTrail" | "settings"
    >,
    logType: LogType,
): LayoutContext {
    return {
        keyPrefix: input.keyPrefix,
        hubAccountId: input.hubAccountId,
        organization: input.organization,
        hubExport: input.hubTrail === true || (input.hubExports ?? []).includes(logType),
        settings: input.settings?.[logType],
    };
}

/**
 * The folder a log type's files are under, in front of `AWSLogs/`: the key prefix, plus in an
 * organization hub the log type's own folder.
 */
export function logTypeFolder(
    logType: LogType,
    keyPrefix: string,
    organization?: NotifiedOrganization,
): string {
    return layoutOf(SOURCE_FACTS[logType]).folder({ keyPrefix, hubAccountId: "", organization });
}

/** The notifications a hub needs, checked against S3's rules. */
export function planNotifications(input: NotificationPlanInput): NotificationPlan {
    const notifications: PlannedNotification[] = [];
    const notes: string[] = [];
    for (const logType of input.logTypes) {
        const source = SOURCE_FACTS[logType];
        const layout = layoutOf(source);
        const ctx = layoutContext(input, logType);
        const made = (source.connections as readonly ConnectionFacts[]).filter(
            (c) => input.connections?.includes(c.id) ?? c.sentinel === undefined,
        );
        for (const connection of made) {
            for (const p of layout.prefixes(connection, ctx)) {
                notifications.push({
                    id: p.id,
                    logType,
                    connection: queueOf(connection),
                    prefix: p.prefix,
                    suffix: connection.suffix,
                    stablePrefix: p.stablePrefix,
                    ...(p.perAccount ? { perAccount: true } : {}),
                });
            }
        }
        notes.push(...layout.notes(ctx));
    }
    const overlaps = overlapsOf(input, notifications);
    const moved = overlaps.moved;
    const fanOut = input.fanOut === true || (input.fanOut !== false && moved.length > 0);
    const stays = (input.kept ?? []).filter((k) => !moved.some((m) => m.where === k.where));
    const problems = [
        ...limitProblems({ ...input, kept: stays }, notifications),
        ...overlaps.problems,
    ];
    return { notifications, problems, notes, fanOut, moved };
}

function limitProblems(
    input: NotificationPlanInput,
    notifications: readonly PlannedNotification[],
): string[] {
    const kept = input.kept?.length ?? 0;
    const total = notifications.length + kept;
    if (total <= MAX_NOTIFICATION_CONFIGURATIONS) {
        return [];
    }
    const perAccount = notifications.filter((n) => n.perAccount).length;
    const accounts = Math.max(1, input.organization?.accountIds?.length ?? perAccount);
    const each = Math.max(1, Math.round(perAccount / accounts));
    const others = notifications.length - perAccount;
    const fit = Math.floor(Math.max(0, MAX_NOTIFICATION_CONFIGURATIONS - others - kept) / each);
    const field = input.accountIdsField ?? "organization.accountIds";
    return [
        `\`${field}\` lists ${accounts} accounts, but S3 allows ${MAX_NOTIFICATION_CONFIGURATIONS} notification configurations per bucket and this one would need ${total} (${each === 1 ? "one CloudTrail prefix" : `${each} CloudTrail prefixes`} per account, ${others} for the other log types${kept > 0 ? `, ${kept} the bucket already has` : ""}). At most ${fit} accounts fit: list at most ${fit}, or leave \`${field}\` out (one prefix then covers every account, and CloudTrail's digest files reach the queue too), or split the accounts across hubs, each with its own bucket.`,
    ];
}

/** Whether two notification filters can match the same key (S3 rejects such overlaps for one event type). */
function filtersOverlap(
    aPrefix: string,
    aSuffix: string,
    bPrefix: string,
    bSuffix: string,
): boolean {
    const prefixesMeet = aPrefix.startsWith(bPrefix) || bPrefix.startsWith(aPrefix);
    const suffixesMeet = aSuffix.endsWith(bSuffix) || bSuffix.endsWith(aSuffix);
    return prefixesMeet && suffixesMeet;
}

/** Whether every key a filter matches is also matched by a notification (the hub's account any). */
function covers(
    n: PlannedNotification,
    input: NotificationPlanInput,
    prefix: string,
    suffix: string,
): boolean {
    if (!suffix.endsWith(n.suffix)) {
        return false;
    }
    if (input.accountKnown) {
        return prefix.startsWith(n.prefix);
    }
    // Checked before the hub's account is known: its folder matches any account's.
    const escaped = n.prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`^${escaped.split(input.hubAccountId).join("\\d{12}")}`).test(prefix);
}

/**
 * Kept notifications whose filters overlap the connector's. S3 "cannot define filtering rules with
 * overlapping prefixes, overlapping suffixes, or prefix and suffix overlapping" for one event type
 * (S3 user guide, "Configuring event notifications using object key name filtering"), so one of
 * them must move: with fan-out, a queue's notification becomes a raw subscription of the topics of
 * the connections it overlaps, when those connections' files are all it was sent; what cannot move
 * that way is refused, each with the fix.
 */
function overlapsOf(
    input: NotificationPlanInput,
    notifications: readonly PlannedNotification[],
): { moved: MovedNotification[]; problems: string[] } {
    const moved: MovedNotification[] = [];
    const problems: string[] = [];
    const fanOutField = input.fanOutField ?? "notificationFanOut";
    for (const k of input.kept ?? []) {
        const createsObjects = k.events.some(
            (e) => e === "s3:*" || e.startsWith("s3:ObjectCreated:"),
        );
        const prefix = k.filterPrefix ?? "";
        const suffix = k.filterSuffix ?? "";
        const hits = notifications.filter((n) =>
            filtersOverlap(
                prefix,
                suffix,
                input.accountKnown ? n.prefix : n.stablePrefix,
                n.suffix,
            ),
        );
        if (!createsObjects || hits.length === 0) {
            continue;
        }
        const hit = hits[0];
        const filter = `\`${k.where}\` (prefix ${JSON.stringify(prefix)}, suffix ${JSON.stringify(suffix)})`;
        // Files without a suffix (S3 server access logs) are notified by their prefix alone.
        const under =
            hit.suffix === ""
                ? `the connector's notifications under ${JSON.stringify(`${hit.stablePrefix}…`)}, which filter on no suffix`
                : `the connector's notifications under ${JSON.stringify(`${hit.stablePrefix}…`)} with "${hit.suffix}"`;
        const outside =
            hit.suffix === ""
                ? `give it a prefix outside ${JSON.stringify(hit.stablePrefix)}`
                : `give it a prefix outside ${JSON.stringify(hit.stablePrefix)} or a suffix that cannot end in "${hit.suffix}"`;
        if (input.fanOut === false || input.fanOutOffered === false) {
            problems.push(
                input.fanOutOffered === false
                    ? `${filter} overlaps ${under}; S3 rejects overlapping filters: ${outside}.`
                    : `${filter} overlaps ${under}; S3 rejects overlapping filters: ${outside}, or let both read one SNS topic per log type (\`${fanOutField}: true\`).`,
            );
            continue;
        }
        const kind = k.kind ?? "queues";
        if (kind !== "queues") {
            problems.push(
                `${filter} overlaps ${under}; S3 rejects overlapping filters, and ${kind === "topics" ? "an SNS topic cannot subscribe to another topic" : "a Lambda function subscribed to a topic receives SNS's envelope instead of the S3 event"}: ${outside}, or remove it and subscribe ${kind === "topics" ? "that topic's consumers" : "the function"} to the connector's topics (\`notificationTopicArns\`, with \`${fanOutField}: true\`).`,
            );
            continue;
        }
        const within = hits.filter((n) => covers(n, input, prefix, suffix));
        if (within.length === 0) {
            problems.push(
                `${filter} overlaps ${under} and also covers other files: moved to the connector's topic (fan-out, \`${fanOutField}\`) it would receive only the connector's files and lose the rest. ${outside[0].toUpperCase()}${outside.slice(1)}, or narrow it to the connector's prefixes so it can subscribe to their topics.`,
            );
            continue;
        }
        moved.push({
            where: k.where,
            kind,
            index: k.index ?? 0,
            connections: [...new Set(hits.map((n) => n.connection))],
        });
    }
    return { moved, problems };
}

/**
 * The key prefix a log type's objects are under (its connection's `objectPrefix`): for a single
 * account the account's folder of the log type; for an organization the log type's folder in
 * front of `AWSLogs/`, which holds every account's.
 */
export function connectionPrefix(
    logType: LogType,
    keyPrefix: string,
    hubAccountId: string,
    organization?: NotifiedOrganization,
    connection: ConnectionFacts = SOURCE_FACTS[logType].connections[0],
): string {
    return layoutOf(SOURCE_FACTS[logType]).connectionPrefix(connection, {
        keyPrefix,
        hubAccountId,
        organization,
    });
}

/**
 * The object patterns the Sentinel role may read for a log type (an IAM `*` also matches `/`): a
 * single account's folder, or for an organization every account's folder of that log type only
 * (`AWSLogs/`, any account path, then `CloudTrail/` covers organization trails'
 * `<orgId>/<account>/CloudTrail/` and account trails' `<account>/CloudTrail/`, never
 * `CloudTrail-Digest/`).
 */
export function readablePattern(
    logType: LogType,
    keyPrefix: string,
    hubAccountId: string,
    organization?: NotifiedOrganization,
    connection: ConnectionFacts = SOURCE_FACTS[logType].connections[0],
): string {
    return layoutOf(SOURCE_FACTS[logType]).readablePattern(connection, {
        keyPrefix,
        hubAccountId,
        organization,
    });
}
