// Which S3 event notifications the log bucket needs, as plain data: one per connection and folder
// the connector reads, each with its prefix and its source's suffix. Pure, so it can be checked
// before any resource exists (S3's limit of 100 configurations, overlapping filters) and
// unit-tested alone. Each source's layout (`sources/<source>/facts.ts`) says where its writer puts
// its files; this module only applies S3's rules.
import { MAX_NOTIFICATION_CONFIGURATIONS } from "../shared/connector";
import { LogType, SOURCE_FACTS } from "../sources/catalog";
import { layoutOf } from "../sources/layout";
import type { ConnectionFacts, LayoutContext, Raw } from "../sources/types";

/** The organization a hub connects, as far as its notifications are concerned. */
export type { LayoutOrganization as NotifiedOrganization } from "../sources/types";
import type { LayoutOrganization as NotifiedOrganization } from "../sources/types";

/** A notification the bucket already has, kept beside the connector's. */
export interface KeptNotification {
    /** Where it was given, for messages (`existingBucketNotifications.queues[0]`). */
    readonly where: string;
    readonly events: readonly string[];
    readonly filterPrefix?: string;
    readonly filterSuffix?: string;
}

/** What the plan is computed from. */
export interface NotificationPlanInput {
    readonly logTypes: readonly LogType[];
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
}

/** One notification configuration of the connector. */
export interface PlannedNotification {
    readonly id: string;
    readonly logType: LogType;
    /** The connection whose queue it feeds. */
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
        for (const connection of source.connections as readonly ConnectionFacts[]) {
            for (const p of layout.prefixes(connection, ctx)) {
                notifications.push({
                    id: p.id,
                    logType,
                    connection: connection.id,
                    prefix: p.prefix,
                    suffix: connection.suffix,
                    stablePrefix: p.stablePrefix,
                    ...(p.perAccount ? { perAccount: true } : {}),
                });
            }
        }
        notes.push(...layout.notes(ctx));
    }
    const problems = [
        ...limitProblems(input, notifications),
        ...overlapProblems(input.kept ?? [], notifications),
    ];
    return { notifications, problems, notes };
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

function overlapProblems(
    kept: readonly KeptNotification[],
    notifications: readonly PlannedNotification[],
): string[] {
    const problems: string[] = [];
    for (const k of kept) {
        const createsObjects = k.events.some(
            (e) => e === "s3:*" || e.startsWith("s3:ObjectCreated:"),
        );
        const prefix = k.filterPrefix ?? "";
        const suffix = k.filterSuffix ?? "";
        const hit = notifications.find((n) =>
            filtersOverlap(prefix, suffix, n.stablePrefix, n.suffix),
        );
        if (createsObjects && hit) {
            problems.push(
                `\`${k.where}\` (prefix ${JSON.stringify(prefix)}, suffix ${JSON.stringify(suffix)}) overlaps the connector's notifications under ${JSON.stringify(`${hit.stablePrefix}…`)} with "${hit.suffix}"; S3 rejects overlapping filters: give it a prefix outside ${JSON.stringify(hit.stablePrefix)} or a suffix that cannot end in "${hit.suffix}".`,
            );
        }
    }
    return problems;
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
