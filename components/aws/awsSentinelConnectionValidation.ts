// Every check of `AwsSentinelConnectionArgs`, run before any resource exists.
import {
    AwsSentinelConnectionArgs,
    ExistingNotification,
    MIN_MESSAGE_RETENTION_SECONDS,
} from "./awsSentinelConnectionArgs";
import {
    AZURE_CLOUDS,
    FLOW_LOG_REQUIRED_FIELD,
    LOG_TYPES,
    MAX_MESSAGE_RETENTION_SECONDS,
    NOTIFICATION_SUFFIX,
    ROLE_NAME_PREFIX,
    SENTINEL_CLOUDS,
    normalizeKeyPrefix,
} from "../shared/catalog";
import {
    GUARDDUTY_DETECTOR_ID_PATTERN,
    GUID_PATTERN,
    IAM_ROLE_NAME_PATTERN,
    KMS_KEY_ARN_PATTERN,
    OIDC_PROVIDER_ARN_PATTERN,
    TRAIL_ARN_PATTERN,
    TRAIL_NAME_PATTERN,
    VPC_ID_PATTERN,
} from "../shared/patterns";
import {
    bucketNameProblem,
    code,
    integerProblem,
    show,
    tagProblems,
    unknownKeyProblems,
} from "../shared/validation";

type Problems = string[];

/** Turns a field name into the path the user wrote it at (for example under a stack config key). */
export type FieldPath = (field: string) => string;

/** The log types that are present and not switched off. */
export function enabledLogTypes(logTypes: AwsSentinelConnectionArgs["logTypes"] | undefined) {
    return LOG_TYPES.filter((t) => logTypes?.[t] !== undefined && logTypes[t]?.enabled !== false);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks `AwsSentinelConnectionArgs` and returns every problem found, each naming its field and the
 * fix. `name` is the component's name, which the created bucket's name derives from; `fieldPrefix`
 * is put in front of every field name in the messages.
 */
export function validateAwsSentinelConnectionArgs(
    name: string,
    args: AwsSentinelConnectionArgs,
    fieldPrefix = "",
): Problems {
    const p: FieldPath = (field) => `${fieldPrefix}${field}`;
    const problems: Problems = [];
    if (!isPlainObject(args)) {
        return ["the arguments must be an object with at least `workspaceId` and `logTypes`."];
    }
    if (typeof args.workspaceId !== "string" || !GUID_PATTERN.test(args.workspaceId)) {
        problems.push(
            `${code(p("workspaceId"))} must be the Log Analytics workspace ID, a GUID such as "00000000-0000-0000-0000-000000000000" ` +
                `(Log Analytics workspace > Overview > Workspace ID; not its name or resource ID); got ${show(args.workspaceId)}.`,
        );
    }
    if (args.azureCloud !== undefined && !AZURE_CLOUDS.includes(args.azureCloud)) {
        problems.push(
            `${code(p("azureCloud"))} must be one of ${AZURE_CLOUDS.map(show).join(", ")}; got ${show(args.azureCloud)}.`,
        );
    }
    problems.push(...unknownKeyProblems(fieldPrefix.replace(/\.$/, ""), args, AWS_ARG_NAMES));
    problems.push(...logTypeProblems(args, p));
    problems.push(...bucketProblems(name, args, p));
    problems.push(...queueProblems(args, p));
    problems.push(...identityProblems(args, p));
    problems.push(...tagProblems(p("tags"), args.tags));
    if (args.retainOnDelete !== undefined && typeof args.retainOnDelete !== "boolean") {
        problems.push(
            `${code(p("retainOnDelete"))} must be true or false; got ${show(args.retainOnDelete)}.`,
        );
    }
    return problems;
}

function logTypeProblems(args: AwsSentinelConnectionArgs, p: FieldPath): Problems {
    const logTypes: unknown = args.logTypes;
    if (!isPlainObject(logTypes)) {
        return [
            `${code(p("logTypes"))} must be an object enabling at least one of ${LOG_TYPES.map(code).join(", ")}; got ${show(logTypes)}.`,
        ];
    }
    const problems = unknownKeyProblems(p("logTypes"), logTypes, LOG_TYPES, " (one per log type)");
    for (const logType of LOG_TYPES) {
        const value = logTypes[logType];
        if (value !== undefined && !isPlainObject(value)) {
            problems.push(
                `${code(p(`logTypes.${logType}`))} must be an object (use {} for the defaults); got ${show(value)}.`,
            );
        } else if (
            value !== undefined &&
            value.enabled !== undefined &&
            typeof value.enabled !== "boolean"
        ) {
            problems.push(
                `${code(p(`logTypes.${logType}.enabled`))} must be true or false; got ${show(value.enabled)}.`,
            );
        }
    }
    if (problems.length === 0 && enabledLogTypes(args.logTypes).length === 0) {
        problems.push(
            `${code(p("logTypes"))} must enable at least one log type: set ${LOG_TYPES.map((t) => code(p(`logTypes.${t}`))).join(", ")} (for example \`cloudTrail: {}\`).`,
        );
    }
    if (problems.length > 0) {
        return problems;
    }
    const enabled = enabledLogTypes(args.logTypes);
    const { cloudTrail, vpcFlowLogs, guardDuty } = args.logTypes;
    if (cloudTrail && enabled.includes("cloudTrail")) {
        problems.push(
            ...unknownKeyProblems(p("logTypes.cloudTrail"), cloudTrail, [
                "enabled",
                "createTrail",
                "trailName",
                "trailArn",
                "includeGlobalServiceEvents",
            ]),
        );
        if (
            cloudTrail.trailName !== undefined &&
            (typeof cloudTrail.trailName !== "string" ||
                !TRAIL_NAME_PATTERN.test(cloudTrail.trailName))
        ) {
            problems.push(
                `${code(p("logTypes.cloudTrail.trailName"))} must be 3-128 letters, digits, periods, underscores or hyphens, starting and ending with a letter or digit; got ${show(cloudTrail.trailName)}.`,
            );
        }
        if (
            cloudTrail.trailArn !== undefined &&
            (typeof cloudTrail.trailArn !== "string" ||
                !TRAIL_ARN_PATTERN.test(cloudTrail.trailArn))
        ) {
            problems.push(
                `${code(p("logTypes.cloudTrail.trailArn"))} must be a trail ARN such as "arn:aws:cloudtrail:us-east-1:123456789012:trail/my-trail"; got ${show(cloudTrail.trailArn)}.`,
            );
        }
        if (cloudTrail.createTrail !== false && cloudTrail.trailArn !== undefined) {
            problems.push(
                `${code(p("logTypes.cloudTrail.trailArn"))} names an existing trail, so set ${code(p("logTypes.cloudTrail.createTrail"))} to false (or remove \`trailArn\` to create a trail).`,
            );
        }
        if (cloudTrail.createTrail === false && cloudTrail.trailName !== undefined) {
            problems.push(
                `${code(p("logTypes.cloudTrail.trailName"))} only names a trail the component creates; remove it or set ${code(p("logTypes.cloudTrail.createTrail"))} to true.`,
            );
        }
        if (
            cloudTrail.createTrail === false &&
            cloudTrail.trailArn === undefined &&
            args.existingBucketName === undefined
        ) {
            problems.push(
                `${code(p("logTypes.cloudTrail.trailArn"))} is required when ${code(p("logTypes.cloudTrail.createTrail"))} is false and the component creates the bucket: the bucket policy must admit that trail. Give the trail's ARN, or let the component create the trail.`,
            );
        }
    }
    if (vpcFlowLogs && enabled.includes("vpcFlowLogs")) {
        problems.push(...vpcFlowLogProblems(vpcFlowLogs, p));
    }
    if (guardDuty && enabled.includes("guardDuty")) {
        problems.push(
            ...unknownKeyProblems(p("logTypes.guardDuty"), guardDuty, [
                "enabled",
                "existingDetectorId",
            ]),
        );
        const id = guardDuty.existingDetectorId;
        if (
            id !== undefined &&
            (typeof id !== "string" || !GUARDDUTY_DETECTOR_ID_PATTERN.test(id))
        ) {
            problems.push(
                `${code(p("logTypes.guardDuty.existingDetectorId"))} must be a GuardDuty detector ID (32 lowercase hex characters, \`aws guardduty list-detectors\`); got ${show(id)}.`,
            );
        }
    }
    return problems;
}

function vpcFlowLogProblems(
    vpc: NonNullable<AwsSentinelConnectionArgs["logTypes"]["vpcFlowLogs"]>,
    p: FieldPath,
): Problems {
    const problems = unknownKeyProblems(p("logTypes.vpcFlowLogs"), vpc, [
        "enabled",
        "vpcIds",
        "logFormat",
        "trafficType",
        "maxAggregationInterval",
    ]);
    const ids: unknown = vpc.vpcIds;
    if (!Array.isArray(ids) || ids.length === 0) {
        problems.push(
            `${code(p("logTypes.vpcFlowLogs.vpcIds"))} must list at least one VPC ID such as "vpc-0123456789abcdef0"; got ${show(ids)}.`,
        );
    } else {
        ids.forEach((id: unknown, i) => {
            if (typeof id !== "string" || !VPC_ID_PATTERN.test(id)) {
                problems.push(
                    `${code(p(`logTypes.vpcFlowLogs.vpcIds[${i}]`))} must be a VPC ID: "vpc-" and 8 or 17 lowercase hex digits; got ${show(id)}.`,
                );
            }
        });
        const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
        if (dupes.length > 0) {
            problems.push(
                `${code(p("logTypes.vpcFlowLogs.vpcIds"))} lists ${[...new Set(dupes)].map(show).join(", ")} more than once; list each VPC once.`,
            );
        }
    }
    if (vpc.logFormat !== undefined) {
        const format: unknown = vpc.logFormat;
        if (
            typeof format !== "string" ||
            !/^\$\{[a-z0-9-]+\}(?: \$\{[a-z0-9-]+\})*$/.test(format)
        ) {
            problems.push(
                `${code(p("logTypes.vpcFlowLogs.logFormat"))} must be space-separated fields like "\${version} \${srcaddr} \${start}"; got ${show(format)}.`,
            );
        } else if (!format.split(" ").includes(`\${${FLOW_LOG_REQUIRED_FIELD}}`)) {
            problems.push(
                `${code(p("logTypes.vpcFlowLogs.logFormat"))} must include \`\${start}\`: Sentinel takes TimeGenerated from it (without it every row gets the ingestion time); add \${start} or remove \`logFormat\` for AWS's default format.`,
            );
        }
    }
    if (vpc.trafficType !== undefined && !["ALL", "ACCEPT", "REJECT"].includes(vpc.trafficType)) {
        problems.push(
            `${code(p("logTypes.vpcFlowLogs.trafficType"))} must be "ALL", "ACCEPT" or "REJECT"; got ${show(vpc.trafficType)}.`,
        );
    }
    if (
        vpc.maxAggregationInterval !== undefined &&
        vpc.maxAggregationInterval !== 60 &&
        vpc.maxAggregationInterval !== 600
    ) {
        problems.push(
            `${code(p("logTypes.vpcFlowLogs.maxAggregationInterval"))} must be 60 or 600 seconds; got ${show(vpc.maxAggregationInterval)}.`,
        );
    }
    return problems;
}

function bucketProblems(name: string, args: AwsSentinelConnectionArgs, p: FieldPath): Problems {
    const problems: Problems = [];
    const existing = args.existingBucketName !== undefined;
    if (existing) {
        const problem = bucketNameProblem(p("existingBucketName"), args.existingBucketName);
        if (problem) {
            problems.push(problem);
        }
        for (const field of [
            "bucketEncryption",
            "logExpirationDays",
            "accessLogsBucketName",
        ] as const) {
            if (args[field] !== undefined) {
                problems.push(
                    `${code(p(field))} only applies to a bucket the component creates; remove it or remove ${code(p("existingBucketName"))}.`,
                );
            }
        }
    } else {
        if (!/^[a-z0-9][a-z0-9-]{0,47}$/.test(name)) {
            problems.push(
                `the component name ${show(name)} must be 1-48 lowercase letters, digits and hyphens when the component creates the bucket, because the bucket's name derives from it; rename the component or pass ${code(p("existingBucketName"))}.`,
            );
        }
        for (const field of ["existingBucketNotifications", "existingBucketKmsKeyArn"] as const) {
            if (args[field] !== undefined) {
                problems.push(
                    `${code(p(field))} only applies with ${code(p("existingBucketName"))}; remove it or name the existing bucket.`,
                );
            }
        }
        if (
            args.bucketEncryption !== undefined &&
            args.bucketEncryption !== "kms" &&
            args.bucketEncryption !== "s3"
        ) {
            problems.push(
                `${code(p("bucketEncryption"))} must be "kms" (customer-managed key) or "s3" (SSE-S3); got ${show(args.bucketEncryption)}.`,
            );
        }
        if (args.logExpirationDays !== undefined) {
            problems.push(
                ...[
                    integerProblem(
                        p("logExpirationDays"),
                        args.logExpirationDays,
                        1,
                        36_500,
                        "days",
                    ),
                ].filter(isString),
            );
        }
        if (args.accessLogsBucketName !== undefined) {
            problems.push(
                ...[bucketNameProblem(p("accessLogsBucketName"), args.accessLogsBucketName)].filter(
                    isString,
                ),
            );
        }
    }
    if (
        args.existingBucketKmsKeyArn !== undefined &&
        (typeof args.existingBucketKmsKeyArn !== "string" ||
            !KMS_KEY_ARN_PATTERN.test(args.existingBucketKmsKeyArn))
    ) {
        problems.push(
            `${code(p("existingBucketKmsKeyArn"))} must be a KMS key ARN such as "arn:aws:kms:us-east-1:123456789012:key/<key-id>" (not an alias); got ${show(args.existingBucketKmsKeyArn)}.`,
        );
    }
    if (args.keyPrefix !== undefined) {
        const prefix: unknown = args.keyPrefix;
        if (
            typeof prefix !== "string" ||
            !/^[A-Za-z0-9!_.*'()-]+(?:\/[A-Za-z0-9!_.*'()-]+)*\/?$/.test(prefix)
        ) {
            problems.push(
                `${code(p("keyPrefix"))} must be folder names separated by "/", without a leading slash, such as "security/aws"; got ${show(prefix)}.`,
            );
        } else if (/(^|\/)AWSLogs(\/|$)/.test(prefix)) {
            problems.push(
                `${code(p("keyPrefix"))} must not contain "AWSLogs": AWS adds AWSLogs/<account>/ after the prefix itself; got ${show(prefix)}.`,
            );
        }
    }
    problems.push(...notificationProblems(args, p));
    return problems;
}

function isString(value: string | undefined): value is string {
    return value !== undefined;
}

/** Every argument of `AwsSentinelConnectionArgs` (the compiler checks that none is missing). */
const AWS_ARG_NAMES = Object.keys({
    workspaceId: true,
    azureCloud: true,
    logTypes: true,
    existingBucketName: true,
    existingBucketNotifications: true,
    existingBucketKmsKeyArn: true,
    manageBucketPolicy: true,
    bucketPolicyStatements: true,
    keyPrefix: true,
    bucketEncryption: true,
    logExpirationDays: true,
    accessLogsBucketName: true,
    queueEncryption: true,
    messageRetentionSeconds: true,
    visibilityTimeoutSeconds: true,
    maxReceiveCount: true,
    alarms: true,
    existingOidcProviderArn: true,
    roleName: true,
    rolePermissionsBoundaryArn: true,
    tags: true,
    retainOnDelete: true,
} satisfies Record<keyof AwsSentinelConnectionArgs, true>);

const NOTIFICATION_KINDS = ["queues", "topics", "lambdaFunctions"] as const;

function notificationProblems(args: AwsSentinelConnectionArgs, p: FieldPath): Problems {
    const notifications = args.existingBucketNotifications;
    if (notifications === undefined) {
        return [];
    }
    const problems = unknownKeyProblems(p("existingBucketNotifications"), notifications, [
        ...NOTIFICATION_KINDS,
        "eventbridge",
    ]);
    const ours = `${normalizeKeyPrefix(args.keyPrefix)}AWSLogs/`;
    const ids = new Set<string>();
    for (const kind of NOTIFICATION_KINDS) {
        (notifications[kind] ?? []).forEach((n: ExistingNotification, i) => {
            const field = `existingBucketNotifications.${kind}[${i}]`;
            if (n.arn === undefined || n.arn === "") {
                problems.push(
                    `${code(p(`${field}.arn`))} is required: the ARN of the notified ${kind === "queues" ? "queue" : kind === "topics" ? "topic" : "function"}.`,
                );
            }
            if (
                !Array.isArray(n.events) ||
                n.events.length === 0 ||
                n.events.some((e) => typeof e !== "string" || !e.startsWith("s3:"))
            ) {
                problems.push(
                    `${code(p(`${field}.events`))} must list S3 event types such as "s3:ObjectCreated:*"; got ${show(n.events)}.`,
                );
            } else if (overlapsConnector(n, ours)) {
                problems.push(
                    `${code(p(field))} (prefix ${show(n.filterPrefix ?? "")}, suffix ${show(n.filterSuffix ?? "")}) overlaps the connector's notifications under ${show(`${ours}<account>/`)} with "${NOTIFICATION_SUFFIX}"; S3 rejects overlapping filters: give it a prefix outside ${show(ours)} or a suffix that cannot end in "${NOTIFICATION_SUFFIX}".`,
                );
            }
            if (n.id !== undefined) {
                if (ids.has(n.id)) {
                    problems.push(
                        `${code(p(`${field}.id`))} ${show(n.id)} is used twice; notification IDs must be unique.`,
                    );
                }
                ids.add(n.id);
                if (n.id.startsWith("sentinel-")) {
                    problems.push(
                        `${code(p(`${field}.id`))} ${show(n.id)} must not start with "sentinel-", which the connector's notifications use.`,
                    );
                }
            }
        });
    }
    return problems;
}

/** Whether an object-created notification's filter can match the keys the connector's filters match. */
function overlapsConnector(n: ExistingNotification, connectorPrefix: string): boolean {
    const createsObjects = n.events.some((e) => e === "s3:*" || e.startsWith("s3:ObjectCreated:"));
    const prefix = n.filterPrefix ?? "";
    const suffix = n.filterSuffix ?? "";
    const prefixesMeet = connectorPrefix.startsWith(prefix) || prefix.startsWith(connectorPrefix);
    const suffixesMeet =
        NOTIFICATION_SUFFIX.endsWith(suffix) || suffix.endsWith(NOTIFICATION_SUFFIX);
    return createsObjects && prefixesMeet && suffixesMeet;
}

function queueProblems(args: AwsSentinelConnectionArgs, p: FieldPath): Problems {
    const problems: Problems = [];
    if (
        args.queueEncryption !== undefined &&
        args.queueEncryption !== "sqs" &&
        args.queueEncryption !== "kms"
    ) {
        problems.push(
            `${code(p("queueEncryption"))} must be "sqs" (SSE-SQS) or "kms" (a customer-managed key); got ${show(args.queueEncryption)}. The AWS-managed alias/aws/sqs key cannot receive S3 notifications.`,
        );
    }
    const checks: Array<[keyof AwsSentinelConnectionArgs, number, number, string]> = [
        [
            "messageRetentionSeconds",
            MIN_MESSAGE_RETENTION_SECONDS,
            MAX_MESSAGE_RETENTION_SECONDS,
            "seconds (4 to 14 days)",
        ],
        ["visibilityTimeoutSeconds", 30, 43_200, "seconds"],
        ["maxReceiveCount", 1, 1000, "receives"],
    ];
    for (const [field, min, max, unit] of checks) {
        if (args[field] !== undefined) {
            problems.push(
                ...[integerProblem(p(field), args[field], min, max, unit)].filter(isString),
            );
        }
    }
    if (args.alarms !== undefined) {
        problems.push(
            ...unknownKeyProblems(p("alarms"), args.alarms, [
                "enabled",
                "actions",
                "oldestMessageAgeSeconds",
            ]),
        );
        if (args.alarms.oldestMessageAgeSeconds !== undefined) {
            problems.push(
                ...[
                    integerProblem(
                        p("alarms.oldestMessageAgeSeconds"),
                        args.alarms.oldestMessageAgeSeconds,
                        60,
                        MAX_MESSAGE_RETENTION_SECONDS,
                        "seconds",
                    ),
                ].filter(isString),
            );
        }
    }
    return problems;
}

function identityProblems(args: AwsSentinelConnectionArgs, p: FieldPath): Problems {
    const problems: Problems = [];
    if (args.roleName !== undefined) {
        const roleName: unknown = args.roleName;
        if (typeof roleName !== "string" || !roleName.startsWith(ROLE_NAME_PREFIX)) {
            problems.push(
                `${code(p("roleName"))} must start with "${ROLE_NAME_PREFIX}" or the Sentinel connector cannot use the role; got ${show(roleName)}. Rename it to "${ROLE_NAME_PREFIX}${typeof roleName === "string" ? roleName : "MicrosoftSentinel"}" or leave it out for a generated name.`,
            );
        } else if (!IAM_ROLE_NAME_PATTERN.test(roleName)) {
            problems.push(
                `${code(p("roleName"))} must be at most 64 letters, digits and +=,.@_- characters; got ${show(roleName)}.`,
            );
        }
    }
    if (args.existingOidcProviderArn !== undefined) {
        const arn: unknown = args.existingOidcProviderArn;
        const match = typeof arn === "string" ? OIDC_PROVIDER_ARN_PATTERN.exec(arn) : null;
        const cloud =
            SENTINEL_CLOUDS[args.azureCloud ?? "AzureCloud"] ?? SENTINEL_CLOUDS.AzureCloud;
        if (!match) {
            problems.push(
                `${code(p("existingOidcProviderArn"))} must be an IAM OIDC provider ARN such as "arn:aws:iam::123456789012:oidc-provider/${cloud.issuerHost}"; got ${show(arn)}.`,
            );
        } else if (match[1] !== cloud.issuerHost) {
            problems.push(
                `${code(p("existingOidcProviderArn"))} must be the provider for Sentinel's issuer in ${cloud.azureCloud}, ending "oidc-provider/${cloud.issuerHost}" (with the trailing slash); got ${show(arn)}.`,
            );
        }
    }
    return problems;
}
