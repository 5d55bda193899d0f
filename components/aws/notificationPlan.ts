// Which S3 event notifications the log bucket needs, as plain data: one per log type and folder the
// connector reads, each with its prefix and the `.gz` suffix. Pure, so it can be checked before any
// resource exists (S3's limit of 100 configurations, overlapping filters) and unit-tested alone.
import {
    LOG_TYPE_CATALOG,
    LogType,
    MAX_NOTIFICATION_CONFIGURATIONS,
    NOTIFICATION_SUFFIX,
    ORGANIZATION_TYPE_PREFIXES,
} from "../shared/catalog";

/** The organization a hub connects, as far as its notifications are concerned. */
export interface NotifiedOrganization {
    readonly organizationId: string;
    readonly accountIds?: readonly string[];
    readonly controlTower?: boolean;
}

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
    /** An organization hub also creates (or reads) a trail of its own account. */
    readonly hubTrail?: boolean;
    readonly kept?: readonly KeptNotification[];
    /** How the account list is named in messages. @default "organization.accountIds" */
    readonly accountIdsField?: string;
}

/** One notification configuration of the connector. */
export interface PlannedNotification {
    readonly id: string;
    readonly logType: LogType;
    readonly prefix: string;
    readonly suffix: string;
    /**
     * The part of the prefix that does not depend on the hub's account, for checks made before the
     * account is known.
     */
    readonly stablePrefix: string;
}

/** The plan: the notifications, the problems that forbid it, and what users should know of it. */
export interface NotificationPlan {
    readonly notifications: PlannedNotification[];
    readonly problems: string[];
    /** Facts about what reaches the queues, worth a warning (digest files, for example). */
    readonly notes: string[];
}

/**
 * The folder a log type's files are under, in front of `AWSLogs/`: the key prefix, plus in an
 * organization hub the log type's own folder; Control Tower's trail writes under the organization
 * ID.
 */
export function logTypeFolder(
    logType: LogType,
    keyPrefix: string,
    organization?: NotifiedOrganization,
): string {
    if (organization?.controlTower) {
        return keyPrefix === "" ? `${organization.organizationId}/` : keyPrefix;
    }
    return organization ? `${keyPrefix}${ORGANIZATION_TYPE_PREFIXES[logType]}` : keyPrefix;
}

/** The notifications a hub needs, checked against S3's rules. */
export function planNotifications(input: NotificationPlanInput): NotificationPlan {
    const notifications: PlannedNotification[] = [];
    const notes: string[] = [];
    const org = input.organization;
    for (const logType of input.logTypes) {
        const folder = logTypeFolder(logType, input.keyPrefix, org);
        const segment = LOG_TYPE_CATALOG[logType].pathSegment;
        const entry = (id: string, prefix: string, stablePrefix = prefix) =>
            notifications.push({ id, logType, prefix, suffix: NOTIFICATION_SUFFIX, stablePrefix });
        if (!org) {
            entry(
                `sentinel-${logType}`,
                `${folder}AWSLogs/${input.hubAccountId}/${segment}/`,
                `${folder}AWSLogs/`,
            );
        } else if (logType !== "cloudTrail") {
            entry(`sentinel-${logType}`, `${folder}AWSLogs/`);
        } else if (org.accountIds !== undefined) {
            // An organization trail writes AWSLogs/<orgId>/<account>/CloudTrail/ and its digests
            // next to it in CloudTrail-Digest/ (CloudTrail user guide, "Finding your CloudTrail log
            // files"): a prefix ending CloudTrail/ per account keeps the digests out.
            for (const account of org.accountIds) {
                entry(
                    `sentinel-cloudTrail-${account}`,
                    `${folder}AWSLogs/${org.organizationId}/${account}/${segment}/`,
                );
            }
            if (input.hubTrail) {
                entry(
                    "sentinel-cloudTrail-hub",
                    `${folder}AWSLogs/${input.hubAccountId}/${segment}/`,
                    `${folder}AWSLogs/`,
                );
            }
        } else {
            // Control Tower's log archive also receives AWS Config's delivery (.json.gz too, under
            // AWSLogs/<account>/Config/): only the organization trail's AWSLogs/<orgId>/ is
            // CloudTrail's (Control Tower user guide, "Logging and monitoring in AWS Control Tower").
            const covered = org.controlTower
                ? `${folder}AWSLogs/${org.organizationId}/`
                : `${folder}AWSLogs/`;
            entry("sentinel-cloudTrail", covered);
            notes.push(
                `CloudTrail's digest files (${covered}${org.controlTower ? "" : "<organization or account>/"}<account>/CloudTrail-Digest/…json.gz) reach the CloudTrail queue: they sit beside the log files under the one prefix that covers every account, and S3 prefixes cannot leave them out without one prefix per account. Sentinel receives them as messages without CloudTrail records. List the accounts in \`organization.accountIds\` (up to the notification limit) to keep them out.`,
            );
        }
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
    const perAccount = notifications.filter((n) =>
        /^sentinel-cloudTrail-\d{12}$/.test(n.id),
    ).length;
    const others = notifications.length - perAccount;
    const fit = Math.max(0, MAX_NOTIFICATION_CONFIGURATIONS - others - kept);
    const field = input.accountIdsField ?? "organization.accountIds";
    return [
        `\`${field}\` lists ${perAccount} accounts, but S3 allows ${MAX_NOTIFICATION_CONFIGURATIONS} notification configurations per bucket and this one would need ${total} (one CloudTrail prefix per account, ${others} for the other log types${kept > 0 ? `, ${kept} the bucket already has` : ""}). At most ${fit} accounts fit: list at most ${fit}, or leave \`${field}\` out (one prefix then covers every account, and CloudTrail's digest files reach the queue too), or split the accounts across hubs, each with its own bucket.`,
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
 * The key prefix a connection's objects are under (its `objectPrefix`): for a single account the
 * account's folder of the log type; for an organization the log type's folder in front of
 * `AWSLogs/`, which holds every account's.
 */
export function connectionPrefix(
    logType: LogType,
    keyPrefix: string,
    hubAccountId: string,
    organization?: NotifiedOrganization,
): string {
    const folder = logTypeFolder(logType, keyPrefix, organization);
    if (!organization) {
        return `${folder}AWSLogs/${hubAccountId}/${LOG_TYPE_CATALOG[logType].pathSegment}/`;
    }
    return organization.controlTower
        ? `${folder}AWSLogs/${organization.organizationId}/`
        : `${folder}AWSLogs/`;
}

/**
 * The object patterns the Sentinel role may read for a log type (an IAM `*` also matches `/`): a
 * single account's folder, or for an organization every account's folder of that log type only:
 * `AWSLogs/`, any account path, then `CloudTrail/` covers organization trails'
 * `<orgId>/<account>/CloudTrail/` and account trails' `<account>/CloudTrail/`, never
 * `CloudTrail-Digest/`.
 */
export function readablePattern(
    logType: LogType,
    keyPrefix: string,
    hubAccountId: string,
    organization?: NotifiedOrganization,
): string {
    const segment = LOG_TYPE_CATALOG[logType].pathSegment;
    const prefix = connectionPrefix(logType, keyPrefix, hubAccountId, organization);
    return organization ? `${prefix}*/${segment}/*` : `${prefix}*`;
}
