// Decide, then wire: the plan of an `AwsSentinelConnection` as plain data. Every default is
// resolved here, once, and every decision (which bucket, which trail, which detector, which keys,
// which exports, which alarms) is made here, so the component's constructor only wires resources
// over the plan. Pure: no Pulumi resources, no invokes; values the user gave as Outputs stay Outputs.
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import {
    LogType,
    OPT_IN_REGIONS,
    SENTINEL_CLOUDS,
    SentinelCloud,
    normalizeKeyPrefix,
} from "../shared/catalog";
import { Field, FieldPath, StringField } from "../shared/fields";
import { checkedInput } from "../shared/fieldChecks";
import { mergeTags } from "../shared/tags";
import {
    AWS_CONNECTION_DEFAULTS as D,
    AwsSentinelConnectionArgs,
    BucketEncryption,
    BucketPolicyStatementArgs,
    CloudTrailReadWriteType,
    ExistingNotification,
    FlowLogAggregationInterval,
    FlowLogTrafficType,
    QueueEncryption,
} from "./awsSentinelConnectionArgs";
import { AWS_SENTINEL_CONNECTION_FIELDS as F } from "./awsSentinelConnectionFields";
import {
    createsTrail,
    enabledLogTypes,
    managesBucketPolicy,
    oidcProviderProblem,
} from "./awsSentinelConnectionValidation";
import { logTypeFolder } from "./notificationPlan";
import type { PolicyStatement } from "./policyDocuments";

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

/** The trail that writes CloudTrail logs, when CloudTrail is connected. */
export type TrailPlan =
    | {
          readonly kind: "create";
          readonly name: string;
          readonly includeGlobalServiceEvents: boolean;
          readonly managementEvents: CloudTrailReadWriteType;
      }
    | { readonly kind: "existing"; readonly arn: pulumi.Input<string> }
    /** A trail outside the component writes there, and the bucket policy is not the component's. */
    | { readonly kind: "external" }
    | { readonly kind: "none" };

/** A GuardDuty detector, created or existing. */
export type DetectorPlan =
    { readonly kind: "create" } | { readonly kind: "existing"; readonly id: pulumi.Input<string> };

/** A region's GuardDuty detector and findings export. */
export interface GuardDutyExportPlan {
    /** The region, or undefined for the hub's own (its provider's). */
    readonly region: string | undefined;
    readonly detector: DetectorPlan;
}

/** The organization a hub connects. */
export interface OrganizationPlan {
    readonly organizationId: string;
    readonly accountIds?: readonly string[];
    /** The regions log sources export GuardDuty findings from. */
    readonly regions: readonly string[];
    readonly controlTower: boolean;
}

/** The flow logs, one per VPC. */
export type FlowLogsPlan =
    | {
          readonly kind: "create";
          readonly vpcIds: readonly string[];
          readonly logFormat?: string;
          readonly trafficType: FlowLogTrafficType;
          readonly maxAggregationInterval: FlowLogAggregationInterval;
      }
    | { readonly kind: "none" };

/** The notifications the existing bucket keeps, by destination kind. */
export interface ExistingNotificationsPlan {
    readonly queues: readonly ExistingNotification[];
    readonly topics: readonly ExistingNotification[];
    readonly lambdaFunctions: readonly ExistingNotification[];
    readonly eventbridge: boolean;
}

/** Everything an `AwsSentinelConnection` creates, decided. */
export interface AwsConnectionPlan {
    readonly name: string;
    readonly cloud: SentinelCloud;
    /** Checked and in lower case (an Output when the user gave one). */
    readonly workspaceId: pulumi.Input<string>;
    /** The connected log types, in catalog order: one queue, notification and connection each. */
    readonly logTypes: readonly LogType[];
    /** `""` or `"<prefix>/"`, in front of `AWSLogs/`. */
    readonly keyPrefix: string;
    readonly tags: Record<string, string>;
    readonly retainOnDelete: boolean;
    readonly optInRegions: readonly string[];
    readonly oidcProvider:
        | { readonly kind: "create" }
        | { readonly kind: "existing"; readonly arn: pulumi.Input<string> };
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
    /** The trail the hub creates or names (in an organization hub, log sources' trails are admitted too). */
    readonly trail: TrailPlan;
    /** The GuardDuty exports the hub creates itself, one per region. */
    readonly guardDutyExports: readonly GuardDutyExportPlan[];
    /** The organization, when the hub connects one. */
    readonly organization: OrganizationPlan | undefined;
    /** The folder in front of `AWSLogs/` each connected log type writes under. */
    readonly folders: Readonly<Partial<Record<LogType, string>>>;
    /**
     * GuardDuty checks that the folder of its destination exists, so with a key prefix the
     * component writes an empty folder object at this key first.
     */
    readonly guardDutyFolderMarker: string | undefined;
    readonly flowLogs: FlowLogsPlan;
    readonly existingNotifications: ExistingNotificationsPlan;
}

/** Where the plan's names come from. */
export interface PlanContext {
    readonly project: string;
    readonly stack: string;
    /** The subject of messages about Output values that resolve to bad values. */
    readonly subject: string;
}

/** The physical name a created trail gets: the bucket policy names it before it exists. */
export function defaultTrailName(componentName: string, stack: string): string {
    const cleaned = `${componentName}-${stack}`
        .replace(/[^A-Za-z0-9._-]/g, "-")
        .replace(/[._-]{2,}/g, "-");
    return cleaned.slice(0, 128).replace(/[._-]+$/, "");
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
    const { cloudTrail, vpcFlowLogs, guardDuty } = args.logTypes;
    const lt = F.logTypes.fields;
    const member = (object: Field, key: string): StringField => {
        const field = object.kind === "object" ? object.fields[key] : undefined;
        if (field?.kind !== "string") {
            throw new Error(`the description of ${key} is not a string field`);
        }
        return field;
    };
    const checked = (
        path: FieldPath,
        field: StringField,
        value: pulumi.Input<string>,
        extra?: (resolved: string) => string | undefined,
    ) => checkedInput(context.subject, path, field, value, extra);
    const at = FieldPath.root();
    const keyPrefix = normalizeKeyPrefix(args.keyPrefix);
    const writesPolicy = managesBucketPolicy(args as unknown as Record<string, unknown>);

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

    const raw = args as unknown as Record<string, unknown>;
    const organization: OrganizationPlan | undefined = args.organization && {
        organizationId: args.organization.organizationId,
        accountIds: args.organization.accountIds,
        regions: args.organization.regions ?? args.optInRegions ?? OPT_IN_REGIONS,
        controlTower: args.organization.controlTower ?? false,
    };
    const trail: TrailPlan = !has("cloudTrail")
        ? { kind: "none" }
        : createsTrail(raw)
          ? {
                kind: "create",
                name: cloudTrail?.trailName ?? defaultTrailName(name, context.stack),
                includeGlobalServiceEvents:
                    cloudTrail?.includeGlobalServiceEvents ?? D.includeGlobalServiceEvents,
                managementEvents: cloudTrail?.managementEvents ?? D.managementEvents,
            }
          : cloudTrail?.trailArn !== undefined
            ? {
                  kind: "existing",
                  arn: checked(
                      at.key("logTypes").key("cloudTrail").key("trailArn"),
                      member(lt.cloudTrail, "trailArn"),
                      cloudTrail.trailArn,
                  ),
              }
            : organization
              ? { kind: "none" }
              : { kind: "external" };

    const gd = at.key("logTypes").key("guardDuty");
    const guardDutyExports: GuardDutyExportPlan[] = !has("guardDuty")
        ? []
        : guardDuty?.regions !== undefined
          ? guardDuty.regions.map((region) => {
                const existing = guardDuty.existingDetectorIds?.[region];
                return {
                    region,
                    detector:
                        existing === undefined
                            ? { kind: "create" as const }
                            : { kind: "existing" as const, id: existing },
                };
            })
          : organization
            ? []
            : [
                  {
                      region: undefined,
                      detector:
                          guardDuty?.existingDetectorId === undefined
                              ? { kind: "create" }
                              : {
                                    kind: "existing",
                                    id: checked(
                                        gd.key("existingDetectorId"),
                                        member(lt.guardDuty, "existingDetectorId"),
                                        guardDuty.existingDetectorId,
                                    ),
                                },
                  },
              ];

    const flowLogs: FlowLogsPlan =
        has("vpcFlowLogs") && vpcFlowLogs?.vpcIds !== undefined
            ? {
                  kind: "create",
                  vpcIds: [...vpcFlowLogs.vpcIds],
                  logFormat: vpcFlowLogs.logFormat,
                  trafficType: vpcFlowLogs.trafficType ?? D.flowLogTrafficType,
                  maxAggregationInterval:
                      vpcFlowLogs.maxAggregationInterval ?? D.flowLogAggregationSeconds,
              }
            : { kind: "none" };

    const queueEncryption = args.queueEncryption ?? D.queueEncryption;
    const notifications = args.existingBucketNotifications;
    return {
        name,
        cloud: SENTINEL_CLOUDS[args.azureCloud ?? D.azureCloud],
        workspaceId: checked(at.key("workspaceId"), F.workspaceId, args.workspaceId),
        logTypes,
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
            // GuardDuty's export always needs a customer-managed key (GuardDuty user guide,
            // "Exporting generated findings"), also for log sources writing to an organization hub.
            logs:
                (bucket.kind === "create" && bucket.encryption === "kms") ||
                (has("guardDuty") && !organization?.controlTower),
            queue: queueEncryption === "kms",
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
        trail,
        guardDutyExports,
        organization,
        folders: Object.fromEntries(
            logTypes.map((t) => [t, logTypeFolder(t, keyPrefix, organization)]),
        ),
        // Where GuardDuty exports into a folder (a key prefix, or an organization hub's
        // guardduty/), that folder object must exist before any export is created.
        guardDutyFolderMarker:
            has("guardDuty") &&
            (guardDutyExports.length > 0 || organization) &&
            logTypeFolder("guardDuty", keyPrefix, organization) !== ""
                ? logTypeFolder("guardDuty", keyPrefix, organization)
                : undefined,
        flowLogs,
        existingNotifications: {
            queues: notifications?.queues ?? [],
            topics: notifications?.topics ?? [],
            lambdaFunctions: notifications?.lambdaFunctions ?? [],
            eventbridge: notifications?.eventbridge ?? false,
        },
    };
}

/**
 * Which writers the bucket and key policies admit, by log type: the hub's own exports, and in an
 * organization hub every connected log type (log sources write them).
 */
export function plannedWriters(plan: AwsConnectionPlan): Record<LogType, boolean> {
    if (plan.organization) {
        return {
            cloudTrail: plan.logTypes.includes("cloudTrail"),
            vpcFlowLogs: plan.logTypes.includes("vpcFlowLogs"),
            guardDuty: plan.logTypes.includes("guardDuty"),
        };
    }
    return {
        cloudTrail: plan.trail.kind === "create" || plan.trail.kind === "existing",
        vpcFlowLogs: plan.flowLogs.kind === "create",
        guardDuty: plan.guardDutyExports.length > 0,
    };
}
