// Decide, then wire: the plan of an `AwsSentinelConnection` as plain data. Every default is
// resolved here, once, and every decision (which bucket, which trail, which detector, which keys,
// which exports, which alarms) is made here, so the component's constructor only wires resources
// over the plan. Pure: no Pulumi resources, no invokes; values the user gave as Outputs stay Outputs.
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import {
    OPT_IN_REGIONS,
    SENTINEL_CLOUDS,
    SentinelCloud,
    normalizeKeyPrefix,
} from "../shared/connector";
import { FieldPath, StringField } from "../shared/fields";
import { checkedInput } from "../shared/fieldChecks";
import { mergeTags } from "../shared/tags";
import { ALL_SOURCES, SOURCES } from "../sources";
import { CatalogConnection, LogType } from "../sources/catalog";
import type { OrganizationPlan } from "../sources/types";
import {
    AWS_CONNECTION_DEFAULTS as D,
    AwsSentinelConnectionArgs,
    BucketEncryption,
    BucketPolicyStatementArgs,
    ExistingNotification,
    QueueEncryption,
} from "./awsSentinelConnectionArgs";
import { AWS_SENTINEL_CONNECTION_FIELDS as F } from "./awsSentinelConnectionFields";
import {
    connectionsOf,
    PLACEHOLDER_ACCOUNT,
    connectedSettings,
    createdExports,
    enabledLogTypes,
    keptNotifications,
    managesBucketPolicy,
    oidcProviderProblem,
    organizationOf,
    settingsOf,
} from "./awsSentinelConnectionValidation";
import { MovedNotification, logTypeFolder, planNotifications } from "./notificationPlan";
import { OwnBucketPlan, planOwnBuckets } from "./ownBuckets";
import type { PolicyStatement } from "./policyDocuments";

export type { OrganizationPlan } from "../sources/types";
export type { TrailPlan } from "../sources/cloudTrail/hub";
export { defaultTrailName } from "../sources/cloudTrail/hub";
export type { FlowLogsPlan } from "../sources/vpcFlowLogs/hub";
export type { DetectorPlan, GuardDutyExportPlan } from "../sources/guardDuty/hub";

/** The log bucket: created by the component, or one the user has. */
export type BucketPlan =
    | {
          readonly kind: "create";
          readonly encryption: BucketEncryption;
          readonly expirationDays: number;
          readonly noncurrentVersionExpirationDays: number;
          readonly abortIncompleteUploadDays: number;
          readonly accessLogsBucketName?: pulumi.Input<string>;
      }
    | {
          readonly kind: "existing";
          readonly name: pulumi.Input<string>;
          /** The key that encrypts its objects, which the role may decrypt. */
          readonly kmsKeyArn?: pulumi.Input<string>;
      };

/** Each source's part of the plan, by log type (its members are its own). */
export type SourcePlans = {
    readonly [K in LogType]: ReturnType<(typeof SOURCES)[K]["hub"]["plan"]>;
};

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (
    i: infer I,
) => void
    ? I
    : never;

/** The members every source's part adds to the plan (`trail`, `flowLogs`, `guardDutyExports`, …). */
export type SourcePlanMembers = UnionToIntersection<SourcePlans[LogType]>;

/** The notifications the existing bucket keeps, by destination kind. */
export interface ExistingNotificationsPlan {
    readonly queues: readonly ExistingNotification[];
    readonly topics: readonly ExistingNotification[];
    readonly lambdaFunctions: readonly ExistingNotification[];
    readonly eventbridge: boolean;
}

/**
 * Everything an `AwsSentinelConnection` creates, decided: what every hub shares, and each source's
 * part (in `sources`, and its members on the plan itself, under the source's own names).
 */
export type AwsConnectionPlan = CommonPlan & SourcePlanMembers;

/** What every hub decides, whichever sources it connects. */
export interface CommonPlan {
    readonly name: string;
    readonly cloud: SentinelCloud;
    /** Checked and in lower case (an Output when the user gave one). */
    readonly workspaceId: pulumi.Input<string>;
    /** The connected log types, in catalog order. */
    readonly logTypes: readonly LogType[];
    /** The connections made, in catalog order: one queue, notification and Sentinel connection each. */
    readonly connections: readonly CatalogConnection[];
    /** `""` or `"<prefix>/"`, in front of `AWSLogs/`. */
    readonly keyPrefix: string;
    readonly tags: Record<string, string>;
    readonly retainOnDelete: boolean;
    readonly optInRegions: readonly string[];
    readonly oidcProvider:
        | { readonly kind: "create" }
        | { readonly kind: "existing"; readonly arn: pulumi.Input<string> };
    /**
     * Names this hub among the holders of Sentinel's audience on the provider (a hash of project,
     * stack and name): the audience stays while any hub holds it.
     */
    readonly oidcHolder: string;
    readonly role: {
        readonly name: string;
        readonly permissionsBoundaryArn?: pulumi.Input<string>;
    };
    readonly bucket: BucketPlan;
    readonly bucketPolicy:
        | { readonly kind: "write"; readonly extraStatements: readonly PolicyStatement[] }
        | { readonly kind: "none" };
    /** The customer-managed keys to create. */
    readonly keys: {
        /** Encrypts a created bucket's objects (SSE-KMS) and GuardDuty's export. */
        readonly logs: boolean;
        /** Encrypts the queues (`queueEncryption: "kms"`). */
        readonly queue: boolean;
    };
    readonly queues: {
        readonly encryption: QueueEncryption;
        readonly messageRetentionSeconds: number;
        readonly visibilityTimeoutSeconds: number;
        readonly maxReceiveCount: number;
    };
    readonly alarms:
        | {
              readonly kind: "create";
              readonly actions: readonly pulumi.Input<string>[];
              readonly oldestMessageAgeSeconds: number;
          }
        | { readonly kind: "none" };
    /** The organization, when the hub connects one. */
    readonly organization: OrganizationPlan | undefined;
    /** The folder in front of `AWSLogs/` each connected log type writes under. */
    readonly folders: Readonly<Partial<Record<LogType, string>>>;
    /** Each source's part of the plan, by log type (decided for every source, connected or not). */
    readonly sources: SourcePlans;
    readonly existingNotifications: ExistingNotificationsPlan;
    /** The buckets of the connected log types that need one of their own, by log type. */
    readonly ownBuckets: Readonly<Partial<Record<LogType, OwnBucketPlan>>>;
    /**
     * Fan-out: one SNS topic per connection between the bucket and its queue, and the kept queue
     * notifications moved to subscriptions of those topics.
     */
    readonly fanOut: { readonly enabled: boolean; readonly moved: readonly MovedNotification[] };
}

/** Where the plan's names come from. */
export interface PlanContext {
    readonly project: string;
    readonly stack: string;
    /** The subject of messages about Output values that resolve to bad values. */
    readonly subject: string;
}

/**
 * The role's name when none is given: `OIDC_MicrosoftSentinel-<name>-<hash>`, fixed for a stack
 * and a component (so its ARN is known before it exists, and policies naming it can be checked
 * during a preview), different between projects, stacks and components in one account.
 */
export function defaultRoleName(componentName: string, project: string, stack: string): string {
    const hash = createHash("sha256").update(`${project}/${stack}/${componentName}`).digest("hex");
    const base = componentName.replace(/[^\w+=,.@-]/g, "-").slice(0, 32);
    return `${D.roleNamePrefix}${base}-${hash.slice(0, 8)}`;
}

function statementOf(s: BucketPolicyStatementArgs): PolicyStatement {
    return Object.fromEntries(
        Object.entries(s).filter(([, v]) => v !== undefined),
    ) as unknown as PolicyStatement;
}

/**
 * The plan for validated arguments (`validateAwsSentinelConnectionArgs` returned no problem).
 * Inputs the user gave as Outputs are wrapped so a bad value fails when it resolves.
 */
export function planAwsSentinelConnection(
    name: string,
    args: AwsSentinelConnectionArgs,
    context: PlanContext,
): AwsConnectionPlan {
    const logTypes = enabledLogTypes(args.logTypes);
    const has = (t: LogType) => logTypes.includes(t);
    const checked = (
        path: FieldPath,
        field: StringField,
        value: pulumi.Input<string>,
        extra?: (resolved: string) => string | undefined,
    ) => checkedInput(context.subject, path, field, value, extra);
    const at = FieldPath.root();
    const keyPrefix = normalizeKeyPrefix(args.keyPrefix);
    const raw = args as unknown as Record<string, unknown>;
    const writesPolicy = managesBucketPolicy(raw);

    const bucket: BucketPlan =
        args.existingBucketName === undefined
            ? {
                  kind: "create",
                  encryption: args.bucketEncryption ?? D.bucketEncryption,
                  expirationDays: args.logExpirationDays ?? D.logExpirationDays,
                  noncurrentVersionExpirationDays: D.noncurrentVersionExpirationDays,
                  abortIncompleteUploadDays: D.abortIncompleteUploadDays,
                  accessLogsBucketName: args.accessLogsBucketName,
              }
            : {
                  kind: "existing",
                  name: checked(
                      at.key("existingBucketName"),
                      F.existingBucketName,
                      args.existingBucketName,
                  ),
                  kmsKeyArn:
                      args.existingBucketKmsKeyArn === undefined
                          ? undefined
                          : checked(
                                at.key("existingBucketKmsKeyArn"),
                                F.existingBucketKmsKeyArn,
                                args.existingBucketKmsKeyArn,
                            ),
              };

    const organization: OrganizationPlan | undefined = args.organization && {
        organizationId: args.organization.organizationId,
        accountIds: args.organization.accountIds,
        regions: args.organization.regions ?? args.optInRegions ?? OPT_IN_REGIONS,
        controlTower: args.organization.controlTower ?? false,
        trailAccountId: args.organization.trailAccountId,
        guardDutyAdministratorAccountId: args.organization.guardDutyAdministratorAccountId,
    };

    // Each source decides its part, connected or not (a source not connected plans nothing).
    const sources = Object.fromEntries(
        ALL_SOURCES.map((source) => [
            source.key,
            source.hub.plan(settingsOf(raw, source.key), {
                componentName: name,
                stack: context.stack,
                subject: context.subject,
                at: at.key("logTypes").key(source.key),
                organization,
                keyPrefix,
                folder: logTypeFolder(source.key, keyPrefix, organization),
            }),
        ]),
    ) as unknown as SourcePlans;

    const queueEncryption = args.queueEncryption ?? D.queueEncryption;
    const notifications = args.existingBucketNotifications;
    const ownBuckets = planOwnBuckets(
        {
            existingBucketName: args.existingBucketName,
            bucketEncryption: bucket.kind === "create" ? bucket.encryption : args.bucketEncryption,
            logExpirationDays: args.logExpirationDays,
            accessLogsBucketName: args.accessLogsBucketName,
        },
        (t) => settingsOf(raw, t),
        logTypes,
    );
    // What fans out is decided from the notifications' shape (the hub's account is not known yet,
    // and is checked again once it is).
    const shape = planNotifications({
        // The log bucket's notifications (a source's own bucket does not fan out).
        logTypes: logTypes.filter((t) => ownBuckets[t] === undefined),
        connections: connectionsOf(raw).map((c) => c.id),
        keyPrefix,
        hubAccountId: PLACEHOLDER_ACCOUNT,
        organization: organizationOf(raw),
        hubExports: createdExports(raw),
        kept: keptNotifications(raw),
        settings: connectedSettings(raw),
        fanOut: args.notificationFanOut,
    });
    const common: CommonPlan = {
        name,
        cloud: SENTINEL_CLOUDS[args.azureCloud ?? D.azureCloud],
        workspaceId: checked(at.key("workspaceId"), F.workspaceId, args.workspaceId),
        logTypes,
        connections: connectionsOf(raw),
        keyPrefix,
        tags: mergeTags(args.tags),
        retainOnDelete: args.retainOnDelete ?? D.retainOnDelete,
        optInRegions: args.optInRegions ?? OPT_IN_REGIONS,
        oidcProvider:
            args.existingOidcProviderArn === undefined
                ? { kind: "create" }
                : {
                      kind: "existing",
                      arn: checked(
                          at.key("existingOidcProviderArn"),
                          F.existingOidcProviderArn,
                          args.existingOidcProviderArn,
                          (resolved) =>
                              oidcProviderProblem(
                                  resolved,
                                  args.azureCloud,
                                  at.key("existingOidcProviderArn"),
                              ),
                      ),
                  },
        oidcHolder: createHash("sha256")
            .update(`${context.project}/${context.stack}/${name}`)
            .digest("hex")
            .slice(0, 16),
        role: {
            name: args.roleName ?? defaultRoleName(name, context.project, context.stack),
            permissionsBoundaryArn: args.rolePermissionsBoundaryArn,
        },
        bucket,
        bucketPolicy: writesPolicy
            ? {
                  kind: "write",
                  extraStatements: (args.bucketPolicyStatements ?? []).map(statementOf),
              }
            : { kind: "none" },
        keys: {
            logs:
                (bucket.kind === "create" && bucket.encryption === "kms") ||
                Object.values(ownBuckets).some(
                    (o) => o.bucket.kind === "create" && o.bucket.encryption === "kms",
                ) ||
                ALL_SOURCES.some(
                    (s) => s.hub.needsLogsKey?.(sources[s.key], has(s.key), organization) ?? false,
                ),
            // Fan-out topics are encrypted with the queue key: S3 cannot publish to a topic
            // encrypted with the AWS managed alias/aws/sns (S3 user guide, "Walkthrough:
            // Configuring a bucket for notifications").
            queue: queueEncryption === "kms" || shape.fanOut,
        },
        queues: {
            encryption: queueEncryption,
            messageRetentionSeconds: args.messageRetentionSeconds ?? D.messageRetentionSeconds,
            visibilityTimeoutSeconds: args.visibilityTimeoutSeconds ?? D.visibilityTimeoutSeconds,
            maxReceiveCount: args.maxReceiveCount ?? D.maxReceiveCount,
        },
        alarms:
            args.alarms?.enabled === false
                ? { kind: "none" }
                : {
                      kind: "create",
                      actions: args.alarms?.actions ?? [],
                      oldestMessageAgeSeconds:
                          args.alarms?.oldestMessageAgeSeconds ?? D.oldestMessageAgeSeconds,
                  },
        organization,
        folders: Object.fromEntries(
            logTypes.map((t) => [t, logTypeFolder(t, keyPrefix, organization)]),
        ),
        sources,
        existingNotifications: {
            queues: notifications?.queues ?? [],
            topics: notifications?.topics ?? [],
            lambdaFunctions: notifications?.lambdaFunctions ?? [],
            eventbridge: notifications?.eventbridge ?? false,
        },
        ownBuckets,
        fanOut: { enabled: shape.fanOut, moved: shape.moved },
    };
    return Object.assign({}, ...Object.values(sources), common) as AwsConnectionPlan;
}

/**
 * Which writers the bucket and key policies admit, by log type: the hub's own exports, and in an
 * organization hub every connected log type (log sources write them).
 */
export function plannedWriters(plan: AwsConnectionPlan): Record<LogType, boolean> {
    return Object.fromEntries(
        ALL_SOURCES.map((s) => [
            s.key,
            plan.organization
                ? plan.logTypes.includes(s.key)
                : s.hub.admitsWriter(plan.sources[s.key]),
        ]),
    ) as Record<LogType, boolean>;
}
