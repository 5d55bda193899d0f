// Subpath imports: each loads only its service (see `npm run bench` for the start-up difference).
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import { LOG_DESTINATION_FORMAT } from "../shared/connector";
import { ValidationError, throwIfInvalid } from "../shared/fields";
import { LogWriters, OrganizationWriters, SourceOutputs, sourceOf } from "../sources";
import type { CatalogConnection, LogType } from "../sources/catalog";
import { queueOf } from "../sources/layout";
import type { ExportOutputs, ExportWiring, HubWiring, WiredSource } from "../sources/types";
import {
    AwsSentinelConnectionArgs,
    LogDestination,
    SentinelConnection,
} from "./awsSentinelConnectionArgs";
import {
    AwsConnectionPlan,
    ExistingNotificationsPlan,
    planAwsSentinelConnection,
} from "./awsSentinelConnectionPlan";
import { claimPrefixes } from "./claims";
import {
    connectedSettings,
    keptNotifications,
    validateAwsSentinelConnectionArgs,
} from "./awsSentinelConnectionValidation";
import { createBucketNotification, keepsNotifications } from "./bucketNotification";
import { ConnectorQueue, createConnectorQueue } from "./connectorQueue";
import { createOidcAudience } from "./oidcAudience";
import { FanOutTopic, createFanOutTopics, movedQueueWarning, subscribeQueue } from "./fanOut";
import { accountsLeftOut, accountsLeftOutWarning, readOrganization } from "./organizationFacts";
import { controlTowerBucketOwner, controlTowerLocationProblem } from "./organizationValidation";
import { LogBucket, createLogBucket } from "./logBucket";
import {
    PlannedNotification,
    connectionPrefix,
    planNotifications,
    readablePattern,
} from "./notificationPlan";
import { OwnBucketWiring, createOwnBucket } from "./ownBucketResources";
import {
    documentJson,
    logBucketPolicy,
    logsKeyPolicy,
    queueKeyPolicy,
    sentinelRolePolicy,
    sentinelTrustPolicy,
} from "./policyDocuments";

/** How the hub binds each connected source's log-source writers (`logDestination.bindings`). */
function bindingsOf(
    plan: AwsConnectionPlan,
): { [logType: string]: { [name: string]: string } } | undefined {
    const entries = plan.logTypes.flatMap((t) => {
        const binding = sourceOf(t).hub.destinationBinding?.(plan.sources[t]);
        return binding ? [[t, { ...binding }] as const] : [];
    });
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** The sources' export outputs as one Output of plain data, without the values that are absent. */
export function resolvedExports(
    exported: SourceOutputs,
): pulumi.Output<{ [logType: string]: { [name: string]: string } }> {
    return pulumi
        .output(exported as Record<string, ExportOutputs>)
        .apply((all) =>
            Object.fromEntries(
                Object.entries(all).map(([t, values]) => [
                    t,
                    Object.fromEntries(
                        Object.entries(values ?? {}).filter(
                            (e): e is [string, string] => typeof e[1] === "string",
                        ),
                    ),
                ]),
            ),
        );
}

/**
 * Claims the prefixes a hub reads from an existing bucket: another hub of this program reading one
 * of its tables from an overlapping prefix of the same bucket (a classic and a CCF connection of
 * the same flow logs, say) would ingest the same files twice. A plain bucket name is checked now,
 * an Output when it resolves (the name the hub then uses). A bucket the hub creates is its own.
 */
function claimBucketPrefixes(
    name: string,
    subject: string,
    plan: AwsConnectionPlan,
): pulumi.Output<string> | undefined {
    if (plan.bucket.kind !== "existing") {
        return undefined;
    }
    // Hubs on one existing bucket are in its account: a placeholder stands for it.
    const reads = plan.connections.map((c) => ({
        table: c.table,
        connection: c.id,
        prefix: connectionPrefix(c.logType, plan.keyPrefix, "<account>", plan.organization, c),
    }));
    const owner = `AwsSentinelConnection "${name}"`;
    const check = (bucket: string) => {
        throwIfInvalid(subject, claimPrefixes({ owner, bucket, reads }));
        return bucket;
    };
    return typeof plan.bucket.name === "string"
        ? pulumi.output(check(plan.bucket.name))
        : pulumi.output(plan.bucket.name).apply(check);
}

/**
 * The resources each connection's connectors wait for, kept beside the component rather than in it:
 * they are resources, not outputs, and stay out of the component's schema.
 */
const PREREQUISITES = new WeakMap<AwsSentinelConnection, pulumi.Resource[]>();

/**
 * The AWS side of Microsoft Sentinel's "Amazon Web Services S3" connector, least-privilege by construction.
 *
 * Creates: the log bucket (or uses an existing one) with TLS-only policy, encryption, versioning and
 * expiry, and for log types whose writer needs a bucket of its own (WAF's `aws-waf-logs-…`, S3
 * access logs') that bucket, alike; per log type a standard SQS queue with a dead-letter queue, a
 * queue policy admitting only S3 notifications from its bucket, and alarms; one notification per
 * bucket holding its queues, each filtered by its log prefix and its files' suffix (none for files
 * without one); the IAM OpenID Connect provider for Sentinel's issuer (or uses an existing
 * one); the `OIDC_…` role Sentinel assumes, bound to one workspace, with an inline policy scoped to
 * exact ARNs; customer-managed KMS keys where needed; and the exports (CloudTrail trail, VPC flow
 * logs, GuardDuty findings export).
 *
 * @example
 * ```ts
 * const aws = new AwsSentinelConnection("sentinel", {
 *     workspaceId: "0f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b",
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
    /** The workspace ID the role is bound to, in lower case. */
    public readonly workspaceId: pulumi.Output<string>;
    /** One entry per enabled log type: destination table and queue URL, what Sentinel needs. */
    public readonly connections: SentinelConnection[];
    /** The log bucket's name. */
    public readonly bucketName: pulumi.Output<string>;
    /** The log bucket's ARN. */
    public readonly bucketArn: pulumi.Output<string>;
    /** The AWS account that holds the logs. */
    public readonly accountId: pulumi.Output<string>;
    /** The region of the bucket and queues. */
    public readonly region: pulumi.Output<string>;
    /** The connector queues' ARNs by log type. */
    public readonly queueArns: { [logType: string]: pulumi.Output<string> };
    /** The dead-letter queues' URLs by log type. */
    public readonly deadLetterQueueUrls: { [logType: string]: pulumi.Output<string> };
    /** The ARN of the OpenID Connect provider the role trusts. */
    public readonly oidcProviderArn: pulumi.Output<string>;
    /** The customer-managed key of log objects and GuardDuty exports, when one is created. */
    public readonly logsKeyArn: pulumi.Output<string> | undefined;
    /** The customer-managed key of the queues, when `queueEncryption` is `kms`. */
    public readonly queueKeyArn: pulumi.Output<string> | undefined;
    /** The ARN of the trail writing CloudTrail logs (created or given), when known. */
    public readonly trailArn: pulumi.Output<string> | undefined;
    /** The GuardDuty detector IDs exporting findings, by region. */
    public readonly detectorIds: pulumi.Output<{ [region: string]: string }>;
    /** The flow logs' IDs by VPC ID. */
    public readonly flowLogIds: { [vpcId: string]: pulumi.Output<string> };
    /**
     * What each connected source's exports gave, by log type: IDs and ARNs such as `trailArn`, a
     * flow log's ID by VPC ID, a detector's ID by region, a Firehose stream's ARN (the doctor reads
     * them from the stack outputs).
     */
    public readonly logExports: pulumi.Output<{ [logType: string]: { [name: string]: string } }>;
    /** The CloudWatch alarms' ARNs, keyed `<logType>-age` and `<logType>-dlq`. */
    public readonly alarmArns: { [alarm: string]: pulumi.Output<string> };
    /**
     * With fan-out, the SNS topic of each connection, which the bucket notifies and its queue
     * subscribes to: other consumers of the same files subscribe here too.
     */
    public readonly notificationTopicArns: { [connection: string]: pulumi.Output<string> };
    /**
     * Where `SentinelLogSource`s write: the bucket, its key, and the folder of each connected log
     * type. Plain data: export it from the stack and read it through a `StackReference`.
     */
    public readonly logDestination: LogDestination;

    constructor(
        name: string,
        args: AwsSentinelConnectionArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        const subject = `AwsSentinelConnection "${name}"`;
        throwIfInvalid(subject, validateAwsSentinelConnectionArgs(name, args));
        super(AwsSentinelConnection.TYPE, name, {}, opts);
        const plan = planAwsSentinelConnection(name, args, {
            project: pulumi.getProject(),
            stack: pulumi.getStack(),
            subject,
        });
        const { tags, keyPrefix } = plan;
        const existingBucketName = claimBucketPrefixes(name, subject, plan);
        const parent = { parent: this };
        const kept = { parent: this, retainOnDelete: plan.retainOnDelete };
        const keyOpts = { enableKeyRotation: true, deletionWindowInDays: 30, tags };

        const partitionInfo = getPartitionOutput({}, parent);
        const partition = partitionInfo.partition;
        const accountId = getCallerIdentityOutput({}, parent).accountId;
        const region = getRegionOutput({}, parent).region;
        this.accountId = accountId;
        this.region = region;
        // An organization hub reads its organization: the management account (the organization
        // trail's default owner) and, where its account may list them, the accounts.
        const organizationFacts = plan.organization ? readOrganization(this) : undefined;
        const organizationChecked = organizationFacts?.apply((facts) => {
            const org = plan.organization!;
            if (facts.organizationId !== undefined && facts.organizationId !== org.organizationId) {
                throw new ValidationError(subject, [
                    `\`organization.organizationId\` is ${org.organizationId}, but the hub's account belongs to the organization ${facts.organizationId} (AWS Organizations, DescribeOrganization): give the hub's own organization, or create the hub with a provider for an account of ${org.organizationId}.`,
                ]);
            }
            const leftOut = plan.logTypes.includes("cloudTrail")
                ? accountsLeftOut(facts, org.accountIds)
                : [];
            if (leftOut.length > 0) {
                pulumi.log.warn(accountsLeftOutWarning(leftOut, "organization.accountIds"), this);
            }
            return facts;
        });
        // Read only by a source that needs it (so a hub that names the trail's owner, or connects
        // no trail, never fails on an organization it cannot read).
        const managementAccountId =
            organizationChecked &&
            (() =>
                organizationChecked.apply((facts) => {
                    if (facts.managementAccountId === undefined) {
                        throw new ValidationError(subject, [
                            `\`organization.trailAccountId\` is required: the hub could not read its organization's management account, which owns the organization trail${facts.unreadable ? ` (${facts.unreadable})` : ""}. Give the account that owns the organization trail, or allow \`organizations:DescribeOrganization\` to the hub's deployer.`,
                        ]);
                    }
                    return facts.managementAccountId;
                }));
        // The bucket's owner: S3 sends its account as aws:SourceAccount. Control Tower's log archive
        // bucket names its account and region, which must be the hub's (S3 user guide, "Event
        // notification types and destinations": the queue must be in the bucket's region).
        const bucketOwnerAccountId =
            plan.organization?.controlTower && plan.bucket.kind === "existing"
                ? pulumi
                      .all([pulumi.output(plan.bucket.name), accountId, region])
                      .apply(([bucket, account, own]) => {
                          const problem = controlTowerLocationProblem(bucket, account, own);
                          if (problem) {
                              throw new ValidationError(subject, [problem]);
                          }
                          return controlTowerBucketOwner(bucket)?.accountId ?? account;
                      })
                : accountId;
        // ARNs built from names known before creation, so policies naming them are complete during
        // a preview; only values AWS assigns at creation (key and detector IDs) stay unknown.
        const regional = (service: string, resource: pulumi.Input<string>) =>
            pulumi.interpolate`arn:${partition}:${service}:${region}:${accountId}:${resource}`;
        const global = (service: string, resource: pulumi.Input<string>) =>
            pulumi.interpolate`arn:${partition}:${service}::${accountId}:${resource}`;

        // Identity: Sentinel's audience on the account's OpenID Connect provider for its issuer
        // (created when missing, shared with Defender for Cloud and other stacks, never stripped of
        // an audience the package did not add), and the role, bound to one workspace.
        const audience = createOidcAudience(name, {
            providerArn:
                plan.oidcProvider.kind === "existing"
                    ? pulumi.output(plan.oidcProvider.arn)
                    : pulumi.interpolate`arn:${partition}:iam::${accountId}:oidc-provider/${plan.cloud.issuerHost}`,
            input: pulumi.output({
                url: plan.cloud.issuerUrl,
                audience: plan.cloud.audience,
                thumbprints: [plan.cloud.thumbprint],
                createIfMissing: plan.oidcProvider.kind === "create",
                holder: plan.oidcHolder,
            }),
            tags,
            parent: this,
        });
        this.oidcProviderArn = audience.providerArn;
        this.workspaceId = pulumi.output(plan.workspaceId);
        const role = new iam.Role(
            `${name}-role`,
            {
                name: plan.role.name,
                description: pulumi.interpolate`Assumed by Microsoft Sentinel (workspace ${this.workspaceId}) to read AWS logs from S3 through SQS.`,
                assumeRolePolicy: documentJson(
                    sentinelTrustPolicy({
                        providerArn: this.oidcProviderArn,
                        cloud: plan.cloud,
                        workspaceId: this.workspaceId,
                    }),
                ),
                maxSessionDuration: 3600,
                permissionsBoundary: plan.role.permissionsBoundaryArn,
                tags,
            },
            parent,
        );
        this.roleName = role.name;
        this.roleArn = global("iam", pulumi.interpolate`role/${role.name}`);

        // The sources, wired: what their writers need known before the bucket policy and keys
        // that name them (a trail's ARN, GuardDuty's detectors), and their exports to create after.
        const wired = plan.logTypes.map((logType): [typeof logType, WiredSource] => {
            const wiring: HubWiring = {
                name,
                partition,
                region,
                accountId,
                optInRegions: plan.optInRegions,
                folder: plan.folders[logType] ?? keyPrefix,
                organization: plan.organization,
                managementAccountId,
                tags,
                parent: this,
                kept,
                regional,
            };
            return [logType, sourceOf(logType).hub.wire(plan.sources[logType], wiring)];
        });
        // A log type with a bucket of its own admits its writer in that bucket's policy, and in the
        // logs key's when that bucket uses the key.
        const own = plan.ownBuckets;
        const inLogBucket = (t: LogType) => own[t] === undefined;
        const ownUsesKey = (t: LogType) => {
            const b = own[t]?.bucket;
            return b?.kind === "create" && b.encryption === "kms";
        };
        const writersOf = (which: (t: LogType) => boolean) =>
            Object.fromEntries(
                wired
                    .filter(([t, w]) => which(t) && w.writer !== undefined)
                    .map(([t, w]) => [t, w.writer]),
            ) as LogWriters;
        const organizationWritersOf = (
            which: (t: LogType) => boolean,
        ): OrganizationWriters | undefined =>
            plan.organization && {
                organizationId: plan.organization.organizationId,
                ...Object.fromEntries(
                    wired
                        .filter(([t, w]) => which(t) && w.organizationWriter !== undefined)
                        .map(([t, w]) => [t, w.organizationWriter]),
                ),
            };
        const writers = writersOf(inLogBucket);
        const organizationWriting = organizationWritersOf(inLogBucket);
        const usesLogsKey = (t: LogType) => inLogBucket(t) || ownUsesKey(t);

        // Keys: one for log objects and GuardDuty exports, one for queues if chosen.
        const logsKey = plan.keys.logs
            ? new kms.Key(
                  `${name}-logs-key`,
                  {
                      ...keyOpts,
                      description:
                          "Encrypts the AWS logs Microsoft Sentinel reads (log objects and GuardDuty findings).",
                      policy: documentJson(
                          logsKeyPolicy({
                              partition,
                              region,
                              accountId,
                              sentinelRoleArn: this.roleArn,
                              writers: writersOf(usesLogsKey),
                              organization: organizationWritersOf(usesLogsKey),
                          }),
                      ),
                  },
                  kept,
              )
            : undefined;
        this.logsKeyArn = logsKey?.arn;
        const queueKey = plan.keys.queue
            ? new kms.Key(
                  `${name}-queue-key`,
                  {
                      ...keyOpts,
                      description:
                          "Encrypts the S3 notifications Microsoft Sentinel reads from SQS.",
                      policy: documentJson(
                          queueKeyPolicy({
                              partition,
                              region,
                              accountId,
                              sentinelRoleArn: this.roleArn,
                              fanOut: plan.fanOut.enabled,
                          }),
                      ),
                  },
                  kept,
              )
            : undefined;
        this.queueKeyArn = queueKey?.arn;

        // The bucket, created or existing, and its policy.
        const created =
            plan.bucket.kind === "create"
                ? createLogBucket(name, {
                      kmsKeyArn: plan.bucket.encryption === "kms" ? logsKey?.arn : undefined,
                      expirationDays: plan.bucket.expirationDays,
                      noncurrentVersionExpirationDays: plan.bucket.noncurrentVersionExpirationDays,
                      abortIncompleteUploadDays: plan.bucket.abortIncompleteUploadDays,
                      accessLogsBucketName: plan.bucket.accessLogsBucketName,
                      tags,
                      opts: kept,
                  })
                : undefined;
        this.bucketName = existingBucketName ?? (created as LogBucket).bucket.bucket;
        this.bucketArn = pulumi.interpolate`arn:${partition}:s3:::${this.bucketName}`;
        const bucketPolicy =
            plan.bucketPolicy.kind === "write"
                ? new s3.BucketPolicy(
                      `${name}-logs-policy`,
                      {
                          bucket: this.bucketName,
                          policy: documentJson(
                              logBucketPolicy({
                                  bucketArn: this.bucketArn,
                                  partition,
                                  region,
                                  accountId,
                                  keyPrefix,
                                  writers,
                                  organization: organizationWriting,
                                  extraStatements: plan.bucketPolicy.extraStatements,
                              }),
                          ),
                      },
                      { ...kept, dependsOn: created?.settings ?? [] },
                  )
                : undefined;

        // The buckets of log types that need their own: created like the log bucket (or existing),
        // each with its policy admitting its writer.
        const ownBuckets = new Map<LogType, OwnBucketWiring>(
            plan.logTypes.flatMap((t) => {
                const o = own[t];
                const only = (x: LogType) => x === t;
                return o === undefined
                    ? []
                    : [
                          [
                              t,
                              createOwnBucket(o, {
                                  name,
                                  partition,
                                  region,
                                  accountId,
                                  logsKeyArn: logsKey?.arn,
                                  folder: plan.folders[t] ?? keyPrefix,
                                  writers: writersOf(only),
                                  organization: organizationWritersOf(only),
                                  tags,
                                  kept,
                              }),
                          ],
                      ];
            }),
        );
        const bucketArnOf = (t: LogType) => ownBuckets.get(t)?.bucketArn ?? this.bucketArn;
        const bucketNameOf = (t: LogType) => ownBuckets.get(t)?.bucketName ?? this.bucketName;

        // Queues, one per connection (connections reading the same objects another way share
        // theirs), and one notification configuration per bucket that feeds them.
        const connections: readonly CatalogConnection[] = plan.connections;
        // With fan-out, one SNS topic per connection of the log bucket between it and its queue.
        const topics = plan.fanOut.enabled
            ? createFanOutTopics(name, {
                  connections: [
                      ...new Set(connections.filter((c) => inLogBucket(c.logType)).map(queueOf)),
                  ],
                  bucketArn: this.bucketArn,
                  bucketOwnerAccountId,
                  kmsKeyArn: (queueKey as kms.Key).arn,
                  topicArn: (topicName) => regional("sns", topicName),
                  tags,
                  parent: this,
              })
            : new Map<string, FanOutTopic>();
        const queues = new Map<string, ConnectorQueue>(
            connections.map((c) => [
                queueOf(c),
                createConnectorQueue(name, {
                    id: queueOf(c),
                    bucketArn: bucketArnOf(c.logType),
                    bucketOwnerAccountId: inLogBucket(c.logType) ? bucketOwnerAccountId : accountId,
                    queueArn: (queueName) => regional("sqs", queueName),
                    // Amazon SQS developer guide, "Amazon SQS queue and message identifiers":
                    // https://sqs.<region>.<DNS suffix>/<account>/<queue name>.
                    queueUrl: (queueName) =>
                        pulumi.interpolate`https://sqs.${region}.${partitionInfo.dnsSuffix}/${accountId}/${queueName}`,
                    kmsKeyArn: plan.queues.encryption === "kms" ? queueKey?.arn : undefined,
                    topicArn: topics.get(c.id)?.topicArn,
                    ...plan.queues,
                    alarms: plan.alarms.kind === "create" ? plan.alarms : undefined,
                    tags,
                    parent: this,
                }),
            ]),
        );
        const queueFor = (c: CatalogConnection) => queues.get(queueOf(c)) as ConnectorQueue;
        const orgNotified = plan.organization && {
            ...plan.organization,
            accountIds: plan.organization.accountIds,
        };
        const prefixes = new Map(
            connections.map((c) => [
                c.id,
                accountId.apply((a) => connectionPrefix(c.logType, keyPrefix, a, orgNotified, c)),
            ]),
        );
        const queuePolicies = [...queues.values()].flatMap((q) => q.policies);
        const existing = plan.existingNotifications;
        // The connector's queues subscribe to their topics, and so do the kept queue notifications
        // that overlapped the connector's (the plan moved them).
        const movedWhere = new Set(plan.fanOut.moved.map((m) => m.where));
        const keptQueues = existing.queues.filter(
            (_, i) => !movedWhere.has(`existingBucketNotifications.queues[${i}]`),
        );
        const subscriptions = [
            ...[...topics].map(([id, topic]) =>
                subscribeQueue(
                    `${name}-${id}-subscription`,
                    topic,
                    (queues.get(id) as ConnectorQueue).queueArn,
                    this,
                ),
            ),
            ...plan.fanOut.moved.flatMap((m) =>
                m.connections.map((id) =>
                    subscribeQueue(
                        `${name}-${id}-kept-queue-${m.index}`,
                        topics.get(id) as FanOutTopic,
                        existing.queues[m.index].arn,
                        this,
                    ),
                ),
            ),
        ];
        for (const m of plan.fanOut.moved) {
            pulumi
                .all(m.connections.map((id) => (topics.get(id) as FanOutTopic).topicArn))
                .apply((arns) => pulumi.log.warn(movedQueueWarning(m, arns), this));
        }
        const topicPolicies = [...topics.values()].flatMap((t) => t.prerequisites);
        const hubExports = wired.filter(([t]) => sourceOf(t).hub.admitsWriter(plan.sources[t]));
        const notifications = (logTypes: readonly LogType[], hubAccountId: string) =>
            planNotifications({
                logTypes,
                connections: connections.map((c) => c.id),
                keyPrefix,
                hubAccountId,
                organization: orgNotified,
                hubExports: hubExports.map(([t]) => t),
                settings: connectedSettings(args as unknown as Record<string, unknown>),
            });
        // Once the account is known, the kept notifications that overlap the connector's must be
        // exactly the ones the plan moved (their subscriptions exist already).
        const exact = (hubAccountId: string) => {
            const real = planNotifications({
                logTypes: plan.logTypes.filter(inLogBucket),
                connections: connections.map((c) => c.id),
                keyPrefix,
                hubAccountId,
                organization: orgNotified,
                hubExports: hubExports.map(([t]) => t),
                settings: connectedSettings(args as unknown as Record<string, unknown>),
                kept: keptNotifications(args as unknown as Record<string, unknown>),
                fanOut: args.notificationFanOut,
                accountKnown: true,
            });
            const planned = plan.fanOut.moved.map((m) => m.where).join(", ");
            const found = real.moved.map((m) => m.where).join(", ");
            if (real.problems.length > 0 || planned !== found) {
                throw new ValidationError(subject, [
                    ...real.problems,
                    ...(planned !== found
                        ? [
                              `in account ${hubAccountId} the kept notifications that overlap the connector's are ${found || "none"}, not ${planned || "none"}: give \`existingBucketNotifications\` the filters the bucket really has.`,
                          ]
                        : []),
                ]);
            }
            return real;
        };
        for (const note of notifications(plan.logTypes, "<account>").notes) {
            pulumi.log.warn(note, this);
        }
        const queueArns = Object.fromEntries(
            connections.map((c) => [queueOf(c), queueFor(c).queueArn]),
        );
        const topicArns = Object.fromEntries([...topics].map(([id, t]) => [id, t.topicArn]));
        // One notification configuration per bucket: the connector's entries (to its queues, or
        // with fan-out to its topics) beside the notifications the bucket keeps.
        const notify = (
            resourceName: string,
            bucket: pulumi.Output<string>,
            planned: pulumi.Output<readonly PlannedNotification[]>,
            existing: ExistingNotificationsPlan,
            dependsOn: readonly pulumi.Resource[],
            fanOut: boolean,
        ) =>
            createBucketNotification(resourceName, {
                bucket,
                planned,
                queueArns,
                topicArns: fanOut ? topicArns : undefined,
                kept: existing,
                parent: this,
                dependsOn: [...queuePolicies, ...dependsOn],
            });
        const logBucketTypes = plan.logTypes.filter(inLogBucket);
        const bucketNotifications = [
            // The log bucket's, when it feeds a queue or keeps notifications of its own; with
            // fan-out, its kept queues that overlapped the connector's subscribe to the topics.
            ...(logBucketTypes.length > 0 || keepsNotifications(plan.existingNotifications)
                ? [
                      notify(
                          `${name}-notification`,
                          this.bucketName,
                          // Once the account and the checks that name it are known.
                          pulumi
                              .all([accountId, bucketOwnerAccountId, organizationChecked ?? {}])
                              .apply(([a]) => exact(a).notifications),
                          { ...plan.existingNotifications, queues: keptQueues },
                          [...topicPolicies, ...(bucketPolicy ? [bucketPolicy] : [])],
                          plan.fanOut.enabled,
                      ),
                  ]
                : []),
            ...[...ownBuckets].map(([t, b]) =>
                notify(
                    `${name}-${own[t]!.facts.id}-notification`,
                    b.bucketName,
                    accountId.apply((a) => notifications([t], a).notifications),
                    own[t]!.existingNotifications,
                    b.policy ? [b.policy] : [],
                    false,
                ),
            ),
        ];

        // The role's permissions: exactly the connector's actions on exactly these ARNs. The keys
        // the component creates grant the role in their own key policies (through S3 and SQS only),
        // which is all KMS needs in the same account (KMS developer guide, "Key policies in AWS
        // KMS"); only the key of an existing bucket, whose policy may delegate to IAM, is named
        // here. So the document names no ARN that AWS assigns at creation, and is complete during
        // a preview.
        const bucketKeyArn = plan.bucket.kind === "existing" ? plan.bucket.kmsKeyArn : undefined;
        const keyArns = [bucketKeyArn, ...[...ownBuckets.values()].map((b) => b.keyArn)]
            .filter((k): k is pulumi.Input<string> => k !== undefined)
            .map((k) => pulumi.output(k));
        const rolePolicy = new iam.RolePolicy(
            `${name}-role-policy`,
            {
                role: role.name,
                name: "MicrosoftSentinelS3Connector",
                policy: documentJson(
                    sentinelRolePolicy({
                        queueArns: connections.map((c) => queueFor(c).queueArn),
                        objectArns: connections.map(
                            (c) =>
                                pulumi.interpolate`${bucketArnOf(c.logType)}/${accountId.apply((a) => readablePattern(c.logType, keyPrefix, a, orgNotified, c))}`,
                        ),
                        keyArns,
                    }),
                ),
            },
            parent,
        );

        // The exports, each after the bucket policy (and key) that admit its writer.
        const exportWiring = (t: LogType): ExportWiring => {
            const b = ownBuckets.get(t);
            const policy = b ? b.policy : bucketPolicy;
            return {
                bucketName: bucketNameOf(t),
                bucketArn: bucketArnOf(t),
                logsKeyArn: logsKey?.arn,
                bucketKeyArn: (
                    b
                        ? b.usesLogsKey
                        : plan.bucket.kind === "create" && plan.bucket.encryption === "kms"
                )
                    ? logsKey?.arn
                    : undefined,
                dependsOn: [...(policy ? [policy] : []), ...(logsKey ? [logsKey] : [])],
                retainOnDelete: plan.retainOnDelete,
            };
        };
        const exported = Object.fromEntries(
            wired.map(([t, w]) => [t, w.exports(exportWiring(t))]),
        ) as Record<string, ExportOutputs> as SourceOutputs;
        this.logExports = resolvedExports(exported);
        this.trailArn = exported.cloudTrail?.trailArn;
        this.flowLogIds = exported.vpcFlowLogs ?? {};
        this.detectorIds = exported.guardDuty ?? region.apply((): Record<string, string> => ({}));
        this.logDestination = {
            format: LOG_DESTINATION_FORMAT,
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            accountId,
            region,
            partition,
            keyArn: logsKey?.arn,
            bucketUsesKey: plan.bucket.kind === "create" && plan.bucket.encryption === "kms",
            organizationId: plan.organization?.organizationId,
            keyPrefixes: plan.folders,
            cloudTrailAccountIds: plan.organization?.accountIds?.slice(),
            guardDutyOptInRegions: plan.logTypes.includes("guardDuty")
                ? plan.organization?.regions.filter((r) => plan.optInRegions.includes(r))
                : undefined,
            ...(bindingsOf(plan) ? { bindings: bindingsOf(plan) } : {}),
            ...(ownBuckets.size > 0
                ? {
                      buckets: Object.fromEntries(
                          [...ownBuckets].map(([t, b]) => [t, b.bucketName]),
                      ),
                  }
                : {}),
        };

        this.queueArns = queueArns;
        this.deadLetterQueueUrls = Object.fromEntries(
            connections.map((c) => [queueOf(c), queueFor(c).deadLetterQueueUrl]),
        );
        this.alarmArns = Object.assign({}, ...connections.map((c) => queueFor(c).alarmArns));
        this.connections = connections.map((c) => ({
            logType: c.logType,
            destinationTable: c.table,
            connectionId: c.id,
            sqsUrl: queueFor(c).queueUrl,
            queueArn: queueFor(c).queueArn,
            deadLetterQueueUrl: queueFor(c).deadLetterQueueUrl,
            deadLetterQueueArn: queueFor(c).deadLetterQueueArn,
            objectPrefix: prefixes.get(c.id) as pulumi.Output<string>,
            bucketName: bucketNameOf(c.logType),
        }));
        this.notificationTopicArns = topicArns;
        PREREQUISITES.set(this, [
            audience.entry,
            role,
            rolePolicy,
            ...queuePolicies,
            ...topicPolicies,
            ...subscriptions,
            ...bucketNotifications,
        ]);

        this.registerOutputs({
            roleArn: this.roleArn,
            roleName: this.roleName,
            workspaceId: this.workspaceId,
            connections: this.connections,
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            accountId: this.accountId,
            region: this.region,
            queueArns: this.queueArns,
            deadLetterQueueUrls: this.deadLetterQueueUrls,
            oidcProviderArn: this.oidcProviderArn,
            logsKeyArn: this.logsKeyArn,
            queueKeyArn: this.queueKeyArn,
            trailArn: this.trailArn,
            detectorIds: this.detectorIds,
            flowLogIds: this.flowLogIds,
            alarmArns: this.alarmArns,
            notificationTopicArns: this.notificationTopicArns,
            logExports: this.logExports,
            logDestination: this.logDestination,
        });
    }

    /**
     * What a Sentinel connector needs to exist before it is created: the role, its policy, the
     * queue policies and the bucket notification. `SentinelAwsS3DataConnectors` waits for them when
     * given this component as `awsConnection`; otherwise pass them as its `dependsOn`.
     */
    get connectorPrerequisites(): pulumi.Resource[] {
        return [...(PREREQUISITES.get(this) ?? [])];
    }
}
