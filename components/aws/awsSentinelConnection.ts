// Subpath imports: each loads only its service (see `npm run bench` for the start-up difference).
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import {
    AWS_CONNECTION_DEFAULTS,
    AwsSentinelConnectionArgs,
    ExistingBucketNotifications,
    SentinelConnection,
} from "./awsSentinelConnectionArgs";
import {
    enabledLogTypes,
    validateAwsSentinelConnectionArgs,
} from "./awsSentinelConnectionValidation";
import {
    LOG_TYPE_CATALOG,
    LogType,
    NOTIFICATION_EVENTS,
    NOTIFICATION_SUFFIX,
    SENTINEL_CLOUDS,
    logObjectPrefix,
} from "../shared/catalog";
import { ConnectorQueue, createConnectorQueue } from "./connectorQueue";
import { createLogBucket } from "./logBucket";
import {
    createDetector,
    createFindingsExport,
    createFlowLogs,
    createTrail,
    defaultTrailName,
} from "./logExports";
import {
    LogWriters,
    logBucketPolicy,
    logObjectArn,
    logsKeyPolicy,
    queueKeyPolicy,
    sentinelRolePolicy,
    sentinelTrustPolicy,
} from "./policyDocuments";
import { mergeTags } from "../shared/tags";
import { throwIfInvalid } from "../shared/validation";

/**
 * The AWS side of Microsoft Sentinel's "Amazon Web Services S3" connector, least-privilege by construction.
 *
 * Creates: the log bucket (or uses an existing one) with TLS-only policy, encryption, versioning and
 * expiry; per log type a standard SQS queue with a dead-letter queue, a queue policy admitting only
 * S3 notifications from the bucket, and alarms; one bucket notification holding every queue, filtered
 * by log prefix and `.gz`; the IAM OpenID Connect provider for Sentinel's issuer (or uses an existing
 * one); the `OIDC_…` role Sentinel assumes, bound to one workspace, with an inline policy scoped to
 * exact ARNs; customer-managed KMS keys where needed; and the exports (CloudTrail trail, VPC flow
 * logs, GuardDuty findings export).
 *
 * @example
 * ```ts
 * const aws = new AwsSentinelConnection("sentinel", {
 *     workspaceId: "00000000-0000-0000-0000-000000000000",
 *     logTypes: { cloudTrail: {}, vpcFlowLogs: { vpcIds: ["vpc-0123456789abcdef0"] }, guardDuty: {} },
 * });
 * export const roleArn = aws.roleArn;
 * export const queues = aws.connections.map((c) => ({ table: c.destinationTable, url: c.sqsUrl }));
 * ```
 */
export class AwsSentinelConnection extends pulumi.ComponentResource {
    /** The component's type token. */
    static readonly TYPE = "sentinel-aws-s3:index:AwsSentinelConnection";

    /** The ARN of the role Sentinel assumes: the connector's "Role ARN". */
    public readonly roleArn: pulumi.Output<string>;
    /** The role's name (starts with `OIDC_`). */
    public readonly roleName: pulumi.Output<string>;
    /** One entry per enabled log type: destination table and queue URL, what Sentinel needs. */
    public readonly connections: SentinelConnection[];
    /** The log bucket's name. */
    public readonly bucketName: pulumi.Output<string>;
    /** The log bucket's ARN. */
    public readonly bucketArn: pulumi.Output<string>;
    /** The connector queues' ARNs by log type. */
    public readonly queueArns: Partial<Record<LogType, pulumi.Output<string>>>;
    /** The ARN of the OpenID Connect provider the role trusts. */
    public readonly oidcProviderArn: pulumi.Output<string>;
    /** The customer-managed key of log objects and GuardDuty exports, when one is created. */
    public readonly logsKeyArn: pulumi.Output<string> | undefined;
    /** The customer-managed key of the queues, when `queueEncryption` is `kms`. */
    public readonly queueKeyArn: pulumi.Output<string> | undefined;
    /**
     * What a Sentinel connector needs to exist before it is created: the role, its policy, the queue
     * policies and the bucket notification. Pass them as `dependsOn` to `SentinelAwsS3DataConnectors`.
     */
    public readonly connectorPrerequisites: pulumi.Resource[];

    constructor(
        name: string,
        args: AwsSentinelConnectionArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        throwIfInvalid(
            `AwsSentinelConnection "${name}"`,
            validateAwsSentinelConnectionArgs(name, args),
        );
        super(AwsSentinelConnection.TYPE, name, {}, opts);

        const d = AWS_CONNECTION_DEFAULTS;
        const cloud = SENTINEL_CLOUDS[args.azureCloud ?? d.azureCloud];
        const logTypes = enabledLogTypes(args.logTypes);
        const { cloudTrail, vpcFlowLogs, guardDuty } = args.logTypes;
        const has = (t: LogType) => logTypes.includes(t);
        const existingBucket = args.existingBucketName;
        const keyPrefix = args.keyPrefix ?? "";
        const tags = mergeTags(args.tags);
        const retainOnDelete = args.retainOnDelete ?? d.retainOnDelete;
        const parent = { parent: this };
        const kept = { parent: this, retainOnDelete };

        const partition = getPartitionOutput({}, parent).partition;
        const accountId = getCallerIdentityOutput({}, parent).accountId;
        const region = getRegionOutput({}, parent).region;

        // Identity: the OpenID Connect provider and the role, bound to one workspace.
        this.oidcProviderArn =
            args.existingOidcProviderArn !== undefined
                ? pulumi.output(args.existingOidcProviderArn)
                : new iam.OpenIdConnectProvider(
                      `${name}-oidc-provider`,
                      {
                          url: cloud.issuerUrl,
                          clientIdLists: [cloud.audience],
                          thumbprintLists: [cloud.thumbprint],
                          tags,
                      },
                      parent,
                  ).arn;
        const role = new iam.Role(
            `${name}-role`,
            {
                name: args.roleName,
                namePrefix: args.roleName === undefined ? d.roleNamePrefix : undefined,
                description: `Assumed by Microsoft Sentinel (workspace ${args.workspaceId}) to read AWS logs from S3 through SQS.`,
                assumeRolePolicy: this.oidcProviderArn.apply((providerArn) =>
                    JSON.stringify(
                        sentinelTrustPolicy({ providerArn, cloud, workspaceId: args.workspaceId }),
                    ),
                ),
                maxSessionDuration: 3600,
                permissionsBoundary: args.rolePermissionsBoundaryArn,
                tags,
            },
            parent,
        );
        this.roleArn = role.arn;
        this.roleName = role.name;

        // The writers, known before the bucket policy and keys that name them.
        const trailName =
            cloudTrail && has("cloudTrail") && cloudTrail.createTrail !== false
                ? (cloudTrail.trailName ?? defaultTrailName(name, pulumi.getStack()))
                : undefined;
        const trailArn: pulumi.Output<string> | undefined = trailName
            ? pulumi.interpolate`arn:${partition}:cloudtrail:${region}:${accountId}:trail/${trailName}`
            : cloudTrail && has("cloudTrail") && cloudTrail.trailArn !== undefined
              ? pulumi.output(cloudTrail.trailArn)
              : undefined;
        const detector =
            has("guardDuty") && guardDuty?.existingDetectorId === undefined
                ? createDetector(name, tags, kept)
                : undefined;
        const detectorId = has("guardDuty")
            ? (detector?.id ?? pulumi.output(guardDuty!.existingDetectorId!))
            : undefined;
        const detectorArn = detectorId
            ? pulumi.interpolate`arn:${partition}:guardduty:${region}:${accountId}:detector/${detectorId}`
            : undefined;
        const writers: pulumi.Output<LogWriters> = pulumi
            .all([trailArn, detectorArn])
            .apply(([trail, det]) => ({
                ...(trail ? { cloudTrail: { trailArn: trail } } : {}),
                ...(has("vpcFlowLogs") ? { vpcFlowLogs: {} } : {}),
                ...(det ? { guardDuty: { detectorArn: det } } : {}),
            }));

        // Keys: one for log objects and GuardDuty exports, one for queues if chosen.
        const bucketUsesKms =
            existingBucket === undefined && (args.bucketEncryption ?? d.bucketEncryption) === "kms";
        const keyOpts = {
            enableKeyRotation: true,
            deletionWindowInDays: d.kmsDeletionWindowDays,
            tags,
        };
        const logsKey =
            bucketUsesKms || has("guardDuty")
                ? new kms.Key(
                      `${name}-logs-key`,
                      {
                          ...keyOpts,
                          description:
                              "Encrypts the AWS logs Microsoft Sentinel reads (log objects and GuardDuty findings).",
                          policy: pulumi
                              .all([partition, region, accountId, role.arn, writers])
                              .apply(([p, r, a, roleArn, w]) =>
                                  JSON.stringify(
                                      logsKeyPolicy({
                                          partition: p,
                                          region: r,
                                          accountId: a,
                                          sentinelRoleArn: roleArn,
                                          writers: w,
                                      }),
                                  ),
                              ),
                      },
                      kept,
                  )
                : undefined;
        this.logsKeyArn = logsKey?.arn;

        // The bucket, created or existing, and its policy.
        const created =
            existingBucket === undefined
                ? createLogBucket(name, {
                      kmsKeyArn: bucketUsesKms ? logsKey!.arn : undefined,
                      expirationDays: args.logExpirationDays ?? d.logExpirationDays,
                      noncurrentVersionExpirationDays: d.noncurrentVersionExpirationDays,
                      abortIncompleteUploadDays: d.abortIncompleteUploadDays,
                      accessLogsBucketName: args.accessLogsBucketName,
                      tags,
                      opts: kept,
                  })
                : undefined;
        this.bucketName = created ? created.bucket.bucket : pulumi.output(existingBucket!);
        this.bucketArn = created
            ? created.bucket.arn
            : pulumi.interpolate`arn:${partition}:s3:::${existingBucket}`;
        const bucketPolicy =
            (args.manageBucketPolicy ?? existingBucket === undefined)
                ? new s3.BucketPolicy(
                      `${name}-logs-policy`,
                      {
                          bucket: this.bucketName,
                          policy: pulumi
                              .all([this.bucketArn, partition, region, accountId, writers])
                              .apply(([bucketArn, p, r, a, w]) =>
                                  JSON.stringify(
                                      logBucketPolicy({
                                          bucketArn,
                                          partition: p,
                                          region: r,
                                          accountId: a,
                                          keyPrefix,
                                          writers: w,
                                          extraStatements: args.bucketPolicyStatements,
                                      }),
                                  ),
                              ),
                      },
                      { ...kept, dependsOn: created?.settings ?? [] },
                  )
                : undefined;

        // Queues, one per log type, and the one notification configuration that feeds them.
        const queueKey =
            (args.queueEncryption ?? d.queueEncryption) === "kms"
                ? new kms.Key(
                      `${name}-queue-key`,
                      {
                          ...keyOpts,
                          description:
                              "Encrypts the S3 notifications Microsoft Sentinel reads from SQS.",
                          policy: pulumi
                              .all([partition, region, accountId, this.bucketArn, role.arn])
                              .apply(([p, r, a, bucketArn, roleArn]) =>
                                  JSON.stringify(
                                      queueKeyPolicy({
                                          partition: p,
                                          region: r,
                                          accountId: a,
                                          bucketArn,
                                          sentinelRoleArn: roleArn,
                                      }),
                                  ),
                              ),
                      },
                      kept,
                  )
                : undefined;
        this.queueKeyArn = queueKey?.arn;
        const alarms =
            args.alarms?.enabled === false
                ? undefined
                : {
                      actions: args.alarms?.actions ?? [],
                      oldestMessageAgeSeconds:
                          args.alarms?.oldestMessageAgeSeconds ?? d.oldestMessageAgeSeconds,
                  };
        const queues = new Map<LogType, ConnectorQueue>(
            logTypes.map((logType) => [
                logType,
                createConnectorQueue(name, {
                    logType,
                    bucketArn: this.bucketArn,
                    accountId,
                    kmsKeyArn: queueKey?.arn,
                    messageRetentionSeconds:
                        args.messageRetentionSeconds ?? d.messageRetentionSeconds,
                    visibilityTimeoutSeconds:
                        args.visibilityTimeoutSeconds ?? d.visibilityTimeoutSeconds,
                    maxReceiveCount: args.maxReceiveCount ?? d.maxReceiveCount,
                    alarms,
                    tags,
                    parent: this,
                }),
            ]),
        );
        const prefixes = new Map(
            logTypes.map((t) => [t, accountId.apply((a) => logObjectPrefix(t, a, keyPrefix))]),
        );
        const queuePolicies = [...queues.values()].flatMap((q) => q.policies);
        const notification = new s3.BucketNotification(
            `${name}-notification`,
            {
                bucket: this.bucketName,
                queues: [
                    ...logTypes.map((t) => ({
                        id: `sentinel-${t}`,
                        queueArn: queues.get(t)!.queue.arn,
                        events: [...NOTIFICATION_EVENTS],
                        filterPrefix: prefixes.get(t)!,
                        filterSuffix: NOTIFICATION_SUFFIX,
                    })),
                    ...existingNotifications(args.existingBucketNotifications, "queues").map(
                        ({ arn, ...n }) => ({ ...n, queueArn: arn }),
                    ),
                ],
                topics: existingNotifications(args.existingBucketNotifications, "topics").map(
                    ({ arn, ...n }) => ({ ...n, topicArn: arn }),
                ),
                lambdaFunctions: existingNotifications(
                    args.existingBucketNotifications,
                    "lambdaFunctions",
                ).map(({ arn, ...n }) => ({
                    ...n,
                    lambdaFunctionArn: arn,
                })),
                eventbridge: args.existingBucketNotifications?.eventbridge,
            },
            {
                parent: this,
                dependsOn: [...queuePolicies, ...(bucketPolicy ? [bucketPolicy] : [])],
            },
        );

        // The role's permissions: exactly the connector's actions on exactly these ARNs.
        const keyArns = [logsKey?.arn, queueKey?.arn, args.existingBucketKmsKeyArn].filter(
            (k) => k !== undefined,
        );
        const rolePolicy = new iam.RolePolicy(
            `${name}-role-policy`,
            {
                role: role.name,
                name: "MicrosoftSentinelS3Connector",
                policy: pulumi
                    .all([
                        pulumi.all(logTypes.map((t) => queues.get(t)!.queue.arn)),
                        pulumi.all(logTypes.map((t) => prefixes.get(t)!)),
                        this.bucketArn,
                        pulumi.all(keyArns),
                    ])
                    .apply(([queueArns, objectPrefixes, bucketArn, keys]) =>
                        JSON.stringify(
                            sentinelRolePolicy({
                                queueArns,
                                objectArns: objectPrefixes.map((p) => logObjectArn(bucketArn, p)),
                                keyArns: keys,
                            }),
                        ),
                    ),
            },
            parent,
        );

        // The exports, each after the bucket policy that admits its writer.
        const exportCtx = {
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            keyPrefix,
            tags,
            opts: {
                parent: this,
                dependsOn: [...(bucketPolicy ? [bucketPolicy] : []), ...(logsKey ? [logsKey] : [])],
            },
        };
        if (trailName) {
            createTrail(name, exportCtx, {
                trailName,
                includeGlobalServiceEvents: cloudTrail?.includeGlobalServiceEvents ?? true,
                kmsKeyArn: bucketUsesKms ? logsKey!.arn : undefined,
            });
        }
        if (vpcFlowLogs && has("vpcFlowLogs")) {
            createFlowLogs(name, exportCtx, {
                vpcIds: vpcFlowLogs.vpcIds,
                logFormat: vpcFlowLogs.logFormat,
                trafficType: vpcFlowLogs.trafficType ?? d.flowLogTrafficType,
                maxAggregationInterval:
                    vpcFlowLogs.maxAggregationInterval ?? d.flowLogAggregationSeconds,
            });
        }
        if (detectorId) {
            createFindingsExport(name, exportCtx, { detectorId, kmsKeyArn: logsKey!.arn });
        }

        this.queueArns = Object.fromEntries(logTypes.map((t) => [t, queues.get(t)!.queue.arn]));
        this.connections = logTypes.map((logType) => ({
            logType,
            destinationTable: LOG_TYPE_CATALOG[logType].destinationTable,
            sqsUrl: queues.get(logType)!.queue.url,
            queueArn: queues.get(logType)!.queue.arn,
            deadLetterQueueArn: queues.get(logType)!.deadLetterQueue.arn,
            objectPrefix: prefixes.get(logType)!,
        }));
        this.connectorPrerequisites = [role, rolePolicy, ...queuePolicies, notification];

        this.registerOutputs({
            roleArn: this.roleArn,
            roleName: this.roleName,
            connections: this.connections,
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            queueArns: this.queueArns,
            oidcProviderArn: this.oidcProviderArn,
            logsKeyArn: this.logsKeyArn,
            queueKeyArn: this.queueKeyArn,
        });
    }
}

function existingNotifications(
    notifications: ExistingBucketNotifications | undefined,
    kind: "queues" | "topics" | "lambdaFunctions",
) {
    return (notifications?.[kind] ?? []).map((n) => ({
        id: n.id,
        arn: n.arn,
        events: [...n.events],
        filterPrefix: n.filterPrefix,
        filterSuffix: n.filterSuffix,
    }));
}
