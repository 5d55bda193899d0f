// Every check of `AwsSentinelConnectionArgs`, run before any resource exists: each field against its
// description, then the rules that tie fields together. Every problem is reported in one pass, each
// naming its field and the fix; the checks cope with arguments that are wrong in several places.
import { SENTINEL_CLOUDS, normalizeKeyPrefix } from "../shared/connector";
import { FieldPath, Problems, isPlainObject, show } from "../shared/fields";
import { ValidationContext, checkFields } from "../shared/fieldChecks";
import { OIDC_PROVIDER_ARN_PATTERN } from "../shared/patterns";
import { ALL_SOURCES, sourceOf } from "../sources";
import { CONNECTIONS, CatalogConnection, LOG_TYPES, LogType } from "../sources/catalog";
import { readerOf } from "../sources/connections";
import type { HubRuleContext, Raw } from "../sources/types";
import { AwsSentinelConnectionArgs } from "./awsSentinelConnectionArgs";
import { AWS_SENTINEL_CONNECTION_FIELDS } from "./awsSentinelConnectionFields";
import { KeptNotification, NotifiedOrganization, planNotifications } from "./notificationPlan";
import { organizationRules } from "./organizationValidation";
import { ownBucketOf, ownBucketRules } from "./ownBuckets";

export type { Raw } from "../sources/types";

/** The hub's account while only the notifications' shape is checked (the limit and overlaps). */
export const PLACEHOLDER_ACCOUNT = "000000000000";

/** The log types that are present and not switched off, in catalog order. */
export function enabledLogTypes(logTypes: unknown): LogType[] {
    if (!isPlainObject(logTypes)) {
        return [];
    }
    return LOG_TYPES.filter((t) => isPlainObject(logTypes[t]) && logTypes[t].enabled !== false);
}

/** Options of the validation. */
export interface AwsValidationOptions extends ValidationContext {
    /** Where the fields sit, for messages (stack config keys, for example). */
    readonly at?: FieldPath;
    /** Where the component's name comes from, for its message. @default "the component name" */
    readonly nameField?: string;
}

/**
 * Checks `AwsSentinelConnectionArgs` and returns every problem found, each naming its field and the
 * fix. `name` is the component's name, which the created bucket's name derives from.
 */
export function validateAwsSentinelConnectionArgs(
    name: string,
    args: AwsSentinelConnectionArgs,
    options: AwsValidationOptions = {},
): Problems {
    const at = options.at ?? FieldPath.root();
    const raw: unknown = args;
    if (!isPlainObject(raw)) {
        return [
            `the arguments must be an object with at least \`workspaceId\` and \`logTypes\`; got ${show(raw)}.`,
        ];
    }
    return [
        ...nameProblems(name, raw, at, options.nameField ?? "the component name"),
        ...checkFields(at, AWS_SENTINEL_CONNECTION_FIELDS, raw, options),
        ...logTypeRules(raw, at),
        ...bucketRules(raw, at),
        ...notificationRules(raw, at),
        ...ownBucketRules(raw, at, (t) => settingsOf(raw, t), enabledLogTypes(raw.logTypes), name),
        ...alarmRules(raw, at),
        ...identityRules(raw, at),
        ...ccfCloudRules(raw, at),
        ...organizationRules(raw, at),
        ...ALL_SOURCES.flatMap(
            (s) =>
                s.hub.hubRules?.(
                    settingsOf(raw, s.key) !== undefined,
                    ruleContext(raw, at, s.key),
                ) ?? [],
        ),
    ];
}

/** A member of a plain object, or undefined. */
export function member(value: unknown, key: string): unknown {
    return isPlainObject(value) ? value[key] : undefined;
}

/** The organization of the arguments, when it is well formed enough to plan with. */
export function organizationOf(args: Raw): NotifiedOrganization | undefined {
    const org = args.organization;
    if (!isPlainObject(org)) {
        return undefined;
    }
    const accountIds = Array.isArray(org.accountIds)
        ? org.accountIds.filter((a): a is string => typeof a === "string")
        : undefined;
    return {
        organizationId: typeof org.organizationId === "string" ? org.organizationId : "o-unknown",
        accountIds,
        controlTower: org.controlTower === true,
    };
}

function nameProblems(name: unknown, args: Raw, at: FieldPath, nameField: string): Problems {
    if (args.existingBucketName !== undefined) {
        return [];
    }
    return typeof name === "string" && /^[a-z0-9][a-z0-9-]{0,47}$/.test(name)
        ? []
        : [
              `${nameField} ${show(name)} must be 1-48 lowercase letters, digits and hyphens when the component creates the bucket, because the bucket's name derives from it; rename it or pass ${at.key("existingBucketName").code}.`,
          ];
}

/** Whether the component writes the bucket policy, from the arguments as given. */
export function managesBucketPolicy(args: Raw): boolean {
    const explicit = args.manageBucketPolicy;
    return typeof explicit === "boolean" ? explicit : args.existingBucketName === undefined;
}

/** What a source's rules see of the hub's arguments. */
export function ruleContext(args: Raw, at: FieldPath, logType: LogType): HubRuleContext {
    return {
        at: at.key("logTypes").key(logType),
        root: at,
        args,
        organization: isPlainObject(args.organization),
        managesBucketPolicy: managesBucketPolicy(args),
    };
}

/** A source's settings, when the source is connected. */
export function settingsOf(args: Raw, logType: LogType): Raw | undefined {
    const settings = member(args.logTypes, logType);
    return isPlainObject(settings) && settings.enabled !== false ? settings : undefined;
}

/**
 * The connections the arguments make, in catalog order: each connected source's, as its settings
 * choose them (every connection of a source that does not choose).
 */
export function connectionsOf(args: Raw): CatalogConnection[] {
    const chosen = new Map(
        enabledLogTypes(args.logTypes).map((t) => {
            const settings = settingsOf(args, t) ?? {};
            const ids = sourceOf(t).hub.connections?.(settings);
            return [t, ids] as const;
        }),
    );
    return CONNECTIONS.filter(
        (c) =>
            chosen.has(c.logType) &&
            (chosen.get(c.logType)?.includes(c.id) ?? c.sentinel === undefined),
    );
}

/** Each connected source's settings, by log type. */
export function connectedSettings(args: Raw): Partial<Record<LogType, Raw>> {
    return Object.fromEntries(
        enabledLogTypes(args.logTypes).map((t) => [t, settingsOf(args, t) as Raw]),
    );
}

/** The exports the component creates (or names) itself, by log type. */
export function createdExports(args: Raw): LogType[] {
    return enabledLogTypes(args.logTypes).filter((t) =>
        sourceOf(t).hub.createsExport(settingsOf(args, t), ruleContext(args, FieldPath.root(), t)),
    );
}

/**
 * The log types whose writers the bucket policy must admit: the exports the component creates,
 * and in an organization hub every connected log type (log sources write them).
 */
export function admittedWriters(args: Raw): LogType[] {
    return isPlainObject(args.organization) ? enabledLogTypes(args.logTypes) : createdExports(args);
}

function logTypeRules(args: Raw, at: FieldPath): Problems {
    const logTypes = args.logTypes;
    if (!isPlainObject(logTypes)) {
        return [];
    }
    const problems: Problems = [];
    const lt = at.key("logTypes");
    // An unknown key is most likely a misspelt log type: its own message says so.
    const misspelt = Object.keys(logTypes).some(
        (k) => !(LOG_TYPES as readonly string[]).includes(k),
    );
    if (enabledLogTypes(logTypes).length === 0 && !misspelt) {
        problems.push(
            `${lt.code} must enable at least one log type: set ${LOG_TYPES.map((t) => lt.key(t).code).join(", ")} (for example \`cloudTrail: {}\`).`,
        );
    }
    for (const source of ALL_SOURCES) {
        const settings = settingsOf(args, source.key);
        if (settings !== undefined) {
            problems.push(...source.hub.rules(settings, ruleContext(args, at, source.key)));
        }
    }
    return problems;
}

function bucketRules(args: Raw, at: FieldPath): Problems {
    const problems: Problems = [];
    const existing = args.existingBucketName !== undefined;
    const onlyCreated = ["bucketEncryption", "logExpirationDays", "accessLogsBucketName"] as const;
    const onlyExisting = ["existingBucketNotifications", "existingBucketKmsKeyArn"] as const;
    // A bucket of a log type's own that the component creates takes the log bucket's settings too.
    const ownCreated = enabledLogTypes(args.logTypes).flatMap((t) => {
        const own = ownBucketOf(t);
        return own && settingsOf(args, t)?.existingBucketName === undefined ? [own] : [];
    });
    const takenByOwn = {
        bucketEncryption: ownCreated.some((o) => o.encryption === "logBucket"),
        logExpirationDays: ownCreated.length > 0,
        accessLogsBucketName: ownCreated.some((o) => o.accessLogs),
    };
    for (const field of existing ? onlyCreated : onlyExisting) {
        if (
            args[field] !== undefined &&
            !(existing && takenByOwn[field as keyof typeof takenByOwn])
        ) {
            problems.push(
                existing
                    ? `${at.key(field).code} only applies to a bucket the component creates; remove it or remove ${at.key("existingBucketName").code}.`
                    : `${at.key(field).code} only applies with ${at.key("existingBucketName").code}; remove it or name the existing bucket.`,
            );
        }
    }
    const manages = managesBucketPolicy(args);
    const elsewhere = args.bucketPolicyManagedElsewhere === true;
    // Sources with a bucket of their own admit their writers in that bucket's policy.
    const exports =
        member(args.organization, "controlTower") === true
            ? []
            : admittedWriters(args).filter((t) => ownBucketOf(t) === undefined);
    if (!manages && args.bucketPolicyStatements !== undefined) {
        problems.push(
            `${at.key("bucketPolicyStatements").code} only applies to a bucket policy the component writes; set ${at.key("manageBucketPolicy").code} to true, or add the statements to the bucket's own policy.`,
        );
    }
    if (manages && elsewhere) {
        problems.push(
            `${at.key("bucketPolicyManagedElsewhere").code} contradicts ${at.key("manageBucketPolicy").code}: the component would write the policy anyway. Keep one of them.`,
        );
    } else if (!manages && exports.length > 0 && !elsewhere) {
        // CreateTrail fails with InsufficientS3BucketPolicyException, and flow logs and GuardDuty
        // cannot write, unless the bucket policy admits them (CloudTrail user guide, "Amazon S3
        // bucket policy for CloudTrail"; VPC user guide, "Flow logs to Amazon S3").
        problems.push(
            `the bucket policy must admit the writers of ${isPlainObject(args.organization) ? "the organization's exports" : "the exports the component creates"} (${exports.join(", ")}), but the component does not write it: set ${at.key("manageBucketPolicy").code} to true, or set ${at.key("bucketPolicyManagedElsewhere").code} to true once the bucket's own policy grants them (see the README's "Using an existing bucket").`,
        );
    } else if (elsewhere && exports.length === 0) {
        problems.push(
            `${at.key("bucketPolicyManagedElsewhere").code} does nothing: the component creates no export that writes to the bucket. Remove it.`,
        );
    }
    return problems;
}

const NOTIFICATION_KINDS = ["queues", "topics", "lambdaFunctions"] as const;

/**
 * The notifications an existing bucket keeps (`existingBucketNotifications` of the hub, or of a
 * source's own bucket at `at`), well formed enough to check against the plan.
 */
export function keptNotifications(args: Raw, at: FieldPath = FieldPath.root()): KeptNotification[] {
    const notifications = args.existingBucketNotifications;
    return NOTIFICATION_KINDS.flatMap((kind) => {
        const list = member(notifications, kind);
        return (Array.isArray(list) ? list : []).flatMap((n: unknown, i): KeptNotification[] =>
            isPlainObject(n)
                ? [
                      {
                          where: at
                              .key("existingBucketNotifications")
                              .key(kind)
                              .index(i)
                              .toString(),
                          kind,
                          index: i,
                          events: Array.isArray(n.events)
                              ? n.events.filter((e) => typeof e === "string")
                              : [],
                          filterPrefix:
                              typeof n.filterPrefix === "string" ? n.filterPrefix : undefined,
                          filterSuffix:
                              typeof n.filterSuffix === "string" ? n.filterSuffix : undefined,
                      },
                  ]
                : [],
        );
    });
}

function notificationRules(args: Raw, at: FieldPath): Problems {
    // One notification configuration per bucket: the log bucket's, and each own bucket's.
    const enabled = enabledLogTypes(args.logTypes);
    const buckets: Array<[LogType[], Raw, FieldPath]> = [
        [enabled.filter((t) => ownBucketOf(t) === undefined), args, at],
        ...enabled
            .filter((t) => ownBucketOf(t) !== undefined)
            .map((t): [LogType[], Raw, FieldPath] => [
                [t],
                settingsOf(args, t) ?? {},
                at.key("logTypes").key(t),
            ]),
    ];
    // Fan-out serves the log bucket: with no log type there, it would do nothing.
    const idleFanOut =
        args.notificationFanOut === true && enabled.length > 0 && buckets[0][0].length === 0
            ? [
                  `${at.key("notificationFanOut").code} does nothing: ${enabled.map((t) => at.key("logTypes").key(t).code).join(", ")} write into buckets of their own, which notify their queues directly, and no log type writes into the log bucket. Remove it.`,
              ]
            : [];
    return [
        ...idleFanOut,
        ...buckets.flatMap(([logTypes, holder, where]) =>
            bucketNotificationRules(args, at, logTypes, holder, where),
        ),
    ];
}

/** The rules of one bucket's notifications: the connector's, and those `holder` keeps. */
function bucketNotificationRules(
    args: Raw,
    at: FieldPath,
    logTypes: LogType[],
    holder: Raw,
    where: FieldPath,
): Problems {
    const problems: Problems = [];
    // The notification plan, with a placeholder for the hub's account: the limit and the overlaps
    // do not depend on it.
    const plan = planNotifications({
        logTypes,
        connections: connectionsOf(args).map((c) => c.id),
        keyPrefix: normalizeKeyPrefix(
            typeof args.keyPrefix === "string" ? args.keyPrefix : undefined,
        ),
        hubAccountId: PLACEHOLDER_ACCOUNT,
        organization: organizationOf(args),
        hubExports: createdExports(args),
        kept: keptNotifications(holder, where),
        accountIdsField: at.key("organization").key("accountIds").toString(),
        settings: connectedSettings(args),
        fanOut: typeof args.notificationFanOut === "boolean" ? args.notificationFanOut : undefined,
        fanOutField: at.key("notificationFanOut").toString(),
        // Fan-out serves the log bucket only; a source's own bucket feeds its queue directly.
        fanOutOffered: holder === args,
    });
    problems.push(...plan.problems);
    const ids = new Set<string>();
    for (const kind of NOTIFICATION_KINDS) {
        const list = member(holder.existingBucketNotifications, kind);
        (Array.isArray(list) ? list : []).forEach((n: unknown, i) => {
            const field = where.key("existingBucketNotifications").key(kind).index(i);
            const id = member(n, "id");
            if (typeof id !== "string") {
                return;
            }
            if (ids.has(id)) {
                problems.push(
                    `${field.key("id").code} ${show(id)} is used twice; notification IDs must be unique.`,
                );
            }
            ids.add(id);
            if (id.startsWith("sentinel-")) {
                problems.push(
                    `${field.key("id").code} ${show(id)} must not start with "sentinel-", which the connector's notifications use.`,
                );
            }
        });
    }
    return problems;
}

function alarmRules(args: Raw, at: FieldPath): Problems {
    const alarms = args.alarms;
    if (!isPlainObject(alarms) || alarms.enabled !== false) {
        return [];
    }
    return (["actions", "oldestMessageAgeSeconds"] as const)
        .filter((field) => alarms[field] !== undefined)
        .map(
            (field) =>
                `${at.key("alarms").key(field).code} does nothing while ${at.key("alarms").key("enabled").code} is false; remove it or turn the alarms on.`,
        );
}

/**
 * Sources read through the Codeless Connector Framework only in Azure commercial: every CCF AWS
 * template of Microsoft's trusts the commercial issuer and audience, none the Government ones
 * (the reference's open question 8), so they are offered in `AzureCloud` until one is confirmed.
 */
function ccfCloudRules(args: Raw, at: FieldPath): Problems {
    const cloud = typeof args.azureCloud === "string" ? args.azureCloud : "AzureCloud";
    if (cloud === "AzureCloud") {
        return [];
    }
    const ccf = new Set(
        connectionsOf(args)
            .filter((c) => readerOf(c).kind === "ccf")
            .map((c) => c.logType),
    );
    return enabledLogTypes(args.logTypes)
        .filter((t) => ccf.has(t))
        .map(
            (t) =>
                `${at.key("logTypes").key(t).code} is read through Microsoft's Codeless Connector Framework, which is offered in AzureCloud only (no Microsoft CCF template for AWS uses the ${cloud} issuer and audience yet): remove it, or connect it from a workspace in AzureCloud.`,
        );
}

function identityRules(args: Raw, at: FieldPath): Problems {
    const arn = args.existingOidcProviderArn;
    if (typeof arn !== "string") {
        return [];
    }
    const problem = oidcProviderProblem(arn, args.azureCloud, at.key("existingOidcProviderArn"));
    return problem ? [problem] : [];
}

/** Checks that an OIDC provider ARN is the one for Sentinel's issuer in the chosen Azure cloud. */
export function oidcProviderProblem(
    arn: string,
    azureCloud: unknown,
    at: FieldPath,
): string | undefined {
    const match = OIDC_PROVIDER_ARN_PATTERN.exec(arn);
    const cloud =
        SENTINEL_CLOUDS[
            (typeof azureCloud === "string" ? azureCloud : "AzureCloud") as "AzureCloud"
        ] ?? SENTINEL_CLOUDS.AzureCloud;
    if (!match || match[1] === cloud.issuerHost) {
        return undefined; // a malformed ARN is the format check's
    }
    return `${at.code} must be the provider for Sentinel's issuer in ${cloud.azureCloud}, ending "oidc-provider/${cloud.issuerHost}" (with the trailing slash); got ${show(arn)}.`;
}
