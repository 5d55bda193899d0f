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
    enabledLogTypes,
    managesBucketPolicy,
    oidcProviderProblem,
} from "./awsSentinelConnectionValidation";
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

/** GuardDuty's detector, when GuardDuty is connected; its findings export is always created. */
export type DetectorPlan =
    | { readonly kind: "create" }
    | { readonly kind: "existing"; readonly id: pulumi.Input<string> }
    | { readonly kind: "none" };

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
    readonly trail: TrailPlan;
    readonly detector: DetectorPlan;
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

    const trail: TrailPlan = !has("cloudTrail")
        ? { kind: "none" }
        : cloudTrail?.createTrail !== false
          ? {
                kind: "create",
                name: cloudTrail?.trailName ?? defaultTrailName(name, context.stack),
                includeGlobalServiceEvents:
                    cloudTrail?.includeGlobalServiceEvents ?? D.includeGlobalServiceEvents,
                managementEvents: cloudTrail?.managementEvents ?? D.managementEvents,
            }
          : cloudTrail.trailArn !== undefined
            ? {
                  kind: "existing",
                  arn: checked(
                      at.key("logTypes").key("cloudTrail").key("trailArn"),
                      member(lt.cloudTrail, "trailArn"),
                      cloudTrail.trailArn,
                  ),
              }
            : { kind: "external" };

    const detector: DetectorPlan = !has("guardDuty")
        ? { kind: "none" }
        : guardDuty?.existingDetectorId === undefined
          ? { kind: "create" }
          : {
                kind: "existing",
                id: checked(
                    at.key("logTypes").key("guardDuty").key("existingDetectorId"),
                    member(lt.guardDuty, "existingDetectorId"),
                    guardDuty.existingDetectorId,
                ),
            };

    const flowLogs: FlowLogsPlan =
        has("vpcFlowLogs") && vpcFlowLogs
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
            logs:
                (bucket.kind === "create" && bucket.encryption === "kms") ||
                detector.kind !== "none",
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
        detector,
        guardDutyFolderMarker: detector.kind !== "none" && keyPrefix !== "" ? keyPrefix : undefined,
        flowLogs,
        existingNotifications: {
            queues: notifications?.queues ?? [],
            topics: notifications?.topics ?? [],
            lambdaFunctions: notifications?.lambdaFunctions ?? [],
            eventbridge: notifications?.eventbridge ?? false,
        },
    };
}

/** Which writers the bucket and key policies admit, by log type. */
export function plannedWriters(plan: AwsConnectionPlan): Record<LogType, boolean> {
    return {
        cloudTrail: plan.trail.kind === "create" || plan.trail.kind === "existing",
        vpcFlowLogs: plan.flowLogs.kind === "create",
        guardDuty: plan.detector.kind !== "none",
    };
}
