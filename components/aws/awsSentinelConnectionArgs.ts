// The arguments and outputs of `AwsSentinelConnection`. The types stay inside what Pulumi's
// component schema can describe (plain interfaces, string enums written as constant objects, arrays,
// string-keyed maps, `pulumi.Input`), because the component is offered to every Pulumi language.
// The description of each field (default, check, documentation) is in
// `awsSentinelConnectionFields.ts`; the compiler checks the two list the same fields.
import * as pulumi from "@pulumi/pulumi";
import {
    AzureCloud,
    DEFAULT_AZURE_CLOUD,
    DestinationTable,
    LogType,
    MAX_MESSAGE_RETENTION_SECONDS,
} from "../shared/catalog";

/** Which management events a trail records (CloudTrail API reference, EventSelector ReadWriteType). */
export const CloudTrailReadWriteType = {
    /** Read and write events. */
    All: "All",
    /** Read events only (Describe*, Get*, List*). */
    ReadOnly: "ReadOnly",
    /** Write events only: changes to resources, usually what a SOC alerts on. */
    WriteOnly: "WriteOnly",
} as const;
/** Which management events a trail records (CloudTrail API reference, EventSelector ReadWriteType). */
export type CloudTrailReadWriteType =
    (typeof CloudTrailReadWriteType)[keyof typeof CloudTrailReadWriteType];

/** CloudTrail: a multi-region trail writing to the log bucket, read into `AWSCloudTrail`. */
export interface CloudTrailLogArgs {
    /** Connects this log type. @default true */
    readonly enabled?: boolean;
    /**
     * Creates a multi-region trail with log-file validation that writes to the bucket. Set `false`
     * when a trail already writes there (then give its `trailArn` if the component manages the
     * bucket policy).
     * @default true
     */
    readonly createTrail?: boolean;
    /**
     * Name of the trail the component creates. It is fixed rather than generated because the bucket
     * policy must name the trail before the trail exists.
     * @default <component name>-<stack>
     */
    readonly trailName?: string;
    /** ARN of an existing trail that writes to the bucket (with `createTrail: false`). */
    readonly trailArn?: pulumi.Input<string>;
    /**
     * Also records global-service events (IAM, STS, CloudFront) in the created trail.
     * @default true
     */
    readonly includeGlobalServiceEvents?: boolean;
    /**
     * Which management events the created trail records: `WriteOnly` keeps the changes to resources
     * and drops the (far more numerous) reads, cutting ingestion into `AWSCloudTrail`.
     * @default "All"
     */
    readonly managementEvents?: CloudTrailReadWriteType;
}

/** The traffic a flow log records. */
export const FlowLogTrafficType = {
    /** Accepted and rejected traffic. */
    All: "ALL",
    /** Accepted traffic only. */
    Accept: "ACCEPT",
    /** Rejected traffic only. */
    Reject: "REJECT",
} as const;
/** The traffic a flow log records. */
export type FlowLogTrafficType = (typeof FlowLogTrafficType)[keyof typeof FlowLogTrafficType];

/** Seconds over which a flow log aggregates packets into one record. */
export const FlowLogAggregationInterval = {
    /** One minute (the fastest). */
    OneMinute: 60,
    /** Ten minutes (AWS's default). */
    TenMinutes: 600,
} as const;
/** Seconds over which a flow log aggregates packets into one record. */
export type FlowLogAggregationInterval =
    (typeof FlowLogAggregationInterval)[keyof typeof FlowLogAggregationInterval];

/** VPC Flow Logs: one flow log per VPC, plain-text files in the bucket, read into `AWSVPCFlow`. */
export interface VpcFlowLogsArgs {
    /** Connects this log type. @default true */
    readonly enabled?: boolean;
    /**
     * The VPCs of this account and region to log (`vpc-…` IDs): each gets its own flow log keyed by
     * its ID, so the list is plain values, not Outputs (the IDs name the flow-log resources).
     * Required (at least one) for a single account; in an organization hub, flow logs of other
     * accounts and regions come from `SentinelLogSource`s and these are the hub's own, if any.
     */
    readonly vpcIds?: string[];
    /**
     * A custom flow-log record format, such as `${version} ${srcaddr} ${dstaddr} ${start} ${end}
     * ${action}`. It must include `${start}`, which becomes `TimeGenerated` in Sentinel.
     * @default AWS's default format
     */
    readonly logFormat?: string;
    /** The traffic to record. @default "ALL" */
    readonly trafficType?: FlowLogTrafficType;
    /** Seconds over which packets are aggregated into one record: 60 or 600. @default 60 */
    readonly maxAggregationInterval?: FlowLogAggregationInterval;
}

/** GuardDuty findings: exported every 15 minutes to the bucket, KMS-encrypted, read into `AWSGuardDuty`. */
export interface GuardDutyLogArgs {
    /** Connects this log type. @default true */
    readonly enabled?: boolean;
    /**
     * The ID of the region's existing GuardDuty detector (an account has one per region). Without
     * it the component creates a detector publishing findings every 15 minutes; with it, set the
     * detector's finding-publishing frequency to `FIFTEEN_MINUTES` yourself (the default is 6 hours).
     * Not with `regions` (use `existingDetectorIds` there).
     * @default a detector is created, publishing every 15 minutes
     */
    readonly existingDetectorId?: pulumi.Input<string>;
    /**
     * The regions to export findings from, each with its detector and export to the bucket (a
     * detector and its export are regional). In an organization hub, findings of other accounts
     * come from `SentinelLogSource`s and these are the hub account's own, if any.
     * @default the hub's region (an organization hub exports none itself)
     */
    readonly regions?: string[];
    /**
     * Existing detectors by region (with `regions`): those regions use them, the others get a
     * detector created.
     */
    readonly existingDetectorIds?: { [region: string]: string };
}

/** The log types to connect; at least one must be enabled. */
export interface LogTypesArgs {
    /** CloudTrail into `AWSCloudTrail`. */
    readonly cloudTrail?: CloudTrailLogArgs;
    /** VPC flow logs into `AWSVPCFlow`. */
    readonly vpcFlowLogs?: VpcFlowLogsArgs;
    /** GuardDuty findings into `AWSGuardDuty`. */
    readonly guardDuty?: GuardDutyLogArgs;
}

/** One notification the bucket already sends, kept beside the connector's. */
export interface ExistingNotification {
    /** The notification's ID. @default generated by S3 */
    readonly id?: string;
    /** The ARN of the queue, topic or function notified. */
    readonly arn: pulumi.Input<string>;
    /** The S3 event types, such as `s3:ObjectCreated:*`. */
    readonly events: string[];
    /** Only keys starting with this are notified. */
    readonly filterPrefix?: string;
    /** Only keys ending with this are notified. */
    readonly filterSuffix?: string;
}

/** The notifications an existing bucket already has; the component keeps them. */
export interface ExistingBucketNotifications {
    /** Notifications to SQS queues. */
    readonly queues?: ExistingNotification[];
    /** Notifications to SNS topics. */
    readonly topics?: ExistingNotification[];
    /** Notifications to Lambda functions. */
    readonly lambdaFunctions?: ExistingNotification[];
    /** Keeps sending all events to Amazon EventBridge. @default false */
    readonly eventbridge?: boolean;
}

/** The effect of a policy statement. */
export const PolicyEffect = {
    Allow: "Allow",
    Deny: "Deny",
} as const;
/** The effect of a policy statement. */
export type PolicyEffect = (typeof PolicyEffect)[keyof typeof PolicyEffect];

/** The principals of a bucket policy statement (`{ AWS: ["*"] }` for everyone). */
export interface PolicyPrincipalArgs {
    /** AWS account, role or user ARNs, or `*`. */
    readonly AWS?: string[];
    /** Service principals such as `logging.s3.amazonaws.com`. */
    readonly Service?: string[];
    /** Federated identity providers. */
    readonly Federated?: string[];
}

/**
 * A statement of your own for the bucket policy, in IAM's JSON element names. Lists are always
 * lists here (IAM also accepts a single string), so the shape is the same in every Pulumi language.
 */
export interface BucketPolicyStatementArgs {
    /** The statement's ID, unique in the policy. */
    readonly Sid?: string;
    /** `Allow` or `Deny`. */
    readonly Effect: PolicyEffect;
    /** Who the statement applies to. */
    readonly Principal?: PolicyPrincipalArgs;
    /** Who the statement does not apply to. */
    readonly NotPrincipal?: PolicyPrincipalArgs;
    /** The S3 actions. */
    readonly Action?: string[];
    /** The S3 actions the statement does not cover. */
    readonly NotAction?: string[];
    /** The bucket and object ARNs. */
    readonly Resource?: string[];
    /** The ARNs the statement does not cover. */
    readonly NotResource?: string[];
    /** Conditions: operator → condition key → values. */
    readonly Condition?: { [operator: string]: { [key: string]: string[] } };
}

/** How the log bucket's objects are encrypted by default. */
export const BucketEncryption = {
    /** SSE-KMS with a customer-managed key and an S3 Bucket Key. */
    Kms: "kms",
    /** SSE-S3. */
    S3: "s3",
} as const;
/** How the log bucket's objects are encrypted by default. */
export type BucketEncryption = (typeof BucketEncryption)[keyof typeof BucketEncryption];

/** How the connector queues are encrypted. */
export const QueueEncryption = {
    /** SSE-SQS. */
    Sqs: "sqs",
    /** A customer-managed key S3 may use (never `alias/aws/sqs`, which S3 notifications cannot use). */
    Kms: "kms",
} as const;
/** How the connector queues are encrypted. */
export type QueueEncryption = (typeof QueueEncryption)[keyof typeof QueueEncryption];

/** CloudWatch alarms on the connector queues. */
export interface QueueAlarmArgs {
    /** Creates the alarms. @default true */
    readonly enabled?: boolean;
    /** Alarm and OK actions: ARNs of SNS topics (or other alarm actions). @default none */
    readonly actions?: pulumi.Input<string>[];
    /**
     * Alarm when the oldest message of a queue is older than this many seconds: Sentinel has
     * stopped reading (role, KMS or connector broken).
     * @default 3600
     */
    readonly oldestMessageAgeSeconds?: number;
}

/** An AWS Organization whose accounts' logs the hub connects. */
export interface OrganizationArgs {
    /** The organization's ID (`o-…`; `aws organizations describe-organization`). */
    readonly organizationId: string;
    /**
     * The accounts whose organization-trail logs the CloudTrail notification covers: one prefix per
     * account ending `CloudTrail/`, which keeps CloudTrail's digest files out of the queue (S3
     * prefixes cannot wildcard the account). S3 allows 100 notification configurations per bucket,
     * so at most about 97 accounts fit. Without them one prefix covers every account, and the digest
     * files reach the CloudTrail queue too.
     * @default every account of the organization
     */
    readonly accountIds?: string[];
    /**
     * The regions log sources export GuardDuty findings from: in opt-in regions GuardDuty signs
     * with a regional principal, which the bucket and key policies must name.
     * @default every region of `optInRegions`
     */
    readonly regions?: string[];
    /**
     * Reads AWS Control Tower's log archive as it is: the existing bucket
     * `aws-controltower-logs-<account>-<region>` with Control Tower's organization trail under
     * `<organizationId>/AWSLogs/<organizationId>/`, without changing its bucket policy (Control
     * Tower's controls forbid it). CloudTrail only.
     * @default false
     */
    readonly controlTower?: boolean;
}

/** Arguments of `AwsSentinelConnection`. */
export interface AwsSentinelConnectionArgs {
    /**
     * The Log Analytics workspace ID (the "customer ID" GUID, not the name or ARM ID) Sentinel
     * uses. It is written in lower case, as Sentinel sends it in the role session name.
     */
    readonly workspaceId: pulumi.Input<string>;
    /** The Azure cloud Sentinel runs in; picks the OpenID Connect issuer and audience. @default "AzureCloud" */
    readonly azureCloud?: AzureCloud;
    /** The log types to connect; at least one. */
    readonly logTypes: LogTypesArgs;
    /**
     * Connects a whole AWS Organization from this hub: the bucket and key policies admit each
     * service writer from any account of the organization (`aws:SourceOrgID`), each log type writes
     * under its own folder (`cloudtrail/`, `vpcflowlogs/`, `guardduty/` in front of `AWSLogs/`),
     * the role reads every account's logs, and `logDestination` tells `SentinelLogSource`s where to
     * write. The hub then exports only what a log type asks for explicitly
     * (`cloudTrail.createTrail: true`, `vpcFlowLogs.vpcIds`, `guardDuty.regions`).
     * @default a single account
     */
    readonly organization?: OrganizationArgs;
    /**
     * Uses a bucket you already have instead of creating one (same account and region). A bucket
     * has a single notification configuration, which the component then owns: pass the
     * notifications the bucket already sends in `existingBucketNotifications`, or they are removed.
     * The component does not change the bucket's encryption, versioning, lifecycle or public-access
     * settings, and manages its policy only with `manageBucketPolicy: true`.
     */
    readonly existingBucketName?: pulumi.Input<string>;
    /** The notifications the existing bucket already sends, kept in the component's notification configuration. */
    readonly existingBucketNotifications?: ExistingBucketNotifications;
    /** The KMS key that encrypts the existing bucket's objects; the Sentinel role gets `kms:Decrypt` on it. */
    readonly existingBucketKmsKeyArn?: pulumi.Input<string>;
    /**
     * Writes the bucket policy: TLS only, plus the writer statements of the exports the component
     * creates. It replaces the whole policy; add your own statements with `bucketPolicyStatements`.
     * @default true for a created bucket, false for an existing one
     */
    readonly manageBucketPolicy?: boolean;
    /**
     * Declares that the policy of an existing bucket, managed outside this component, already
     * admits the writers of the exports the component creates (trail, flow logs, GuardDuty), so no
     * bucket policy is written.
     * @default false
     */
    readonly bucketPolicyManagedElsewhere?: boolean;
    /** Statements appended to the bucket policy the component writes (with `manageBucketPolicy`). */
    readonly bucketPolicyStatements?: BucketPolicyStatementArgs[];
    /** A key prefix in front of `AWSLogs/` for every export (without a leading slash). @default none */
    readonly keyPrefix?: string;
    /** Default encryption of a created bucket: `kms` (customer-managed key, bucket key on) or `s3` (SSE-S3). @default "kms" */
    readonly bucketEncryption?: BucketEncryption;
    /** Days after which log objects in a created bucket expire (noncurrent versions after 30 days). @default 365 */
    readonly logExpirationDays?: number;
    /** A bucket that receives the created bucket's server access logs. @default no access logging */
    readonly accessLogsBucketName?: pulumi.Input<string>;
    /** Queue encryption: `sqs` (SSE-SQS) or `kms` (a customer-managed key S3 may use). Never `alias/aws/sqs`. @default "sqs" */
    readonly queueEncryption?: QueueEncryption;
    /** Seconds a notification stays in a queue (and its dead-letter queue): 4 to 14 days. @default 1209600 */
    readonly messageRetentionSeconds?: number;
    /** Seconds a received notification stays hidden from other readers. @default 300 */
    readonly visibilityTimeoutSeconds?: number;
    /** Receives after which a notification moves to the dead-letter queue. @default 10 */
    readonly maxReceiveCount?: number;
    /** CloudWatch alarms on the age of the oldest message and on dead-letter queue depth. */
    readonly alarms?: QueueAlarmArgs;
    /**
     * The ARN of an IAM OpenID Connect provider for Sentinel's issuer that already exists (for
     * example created by Microsoft Defender for Cloud, or by another stack in this account: there is
     * one per issuer per account). Sentinel's audience (`api://1462b192-…` in AzureCloud) must be in
     * its client-ID list: add it there; the component does not manage that provider.
     */
    readonly existingOidcProviderArn?: pulumi.Input<string>;
    /**
     * The role's name; it must start with `OIDC_` or the connector fails silently.
     * @default OIDC_MicrosoftSentinel-<name>-<hash of project, stack and name>
     */
    readonly roleName?: string;
    /** A permissions boundary for the role. @default none */
    readonly rolePermissionsBoundaryArn?: pulumi.Input<string>;
    /**
     * The regions where AWS services sign with a regional service principal (opt-in regions), such
     * as GuardDuty's `guardduty.<region>.amazonaws.com`.
     * @default the regions AWS launched after 20 March 2019 (`OPT_IN_REGIONS`)
     */
    readonly optInRegions?: string[];
    /** Tags merged onto every taggable child (after the component's `managed-by` tag). */
    readonly tags?: { [key: string]: string };
    /**
     * Keeps the bucket, the KMS keys and the GuardDuty detector in the cloud when they leave the
     * stack or the stack is destroyed, so no log or key is lost by accident.
     * @default true
     */
    readonly retainOnDelete?: boolean;
}

/** One connection, as the Sentinel portal and `SentinelAwsS3DataConnectors` want it. */
export interface SentinelConnection {
    /** The log type. */
    readonly logType: LogType;
    /** The Log Analytics table the connection writes to. */
    readonly destinationTable: DestinationTable;
    /** The URL of the queue that carries this log type's notifications. */
    readonly sqsUrl: pulumi.Output<string>;
    /** The ARN of that queue. */
    readonly queueArn: pulumi.Output<string>;
    /** The URL of its dead-letter queue. */
    readonly deadLetterQueueUrl: pulumi.Output<string>;
    /** The ARN of its dead-letter queue. */
    readonly deadLetterQueueArn: pulumi.Output<string>;
    /** The key prefix the bucket notification filters on. */
    readonly objectPrefix: pulumi.Output<string>;
}

/** The keys in front of `AWSLogs/` each log type writes under, by log type (present when connected). */
export interface LogDestinationPrefixes {
    /** The key CloudTrail writes under. */
    readonly cloudTrail?: string;
    /** The key VPC flow logs write under. */
    readonly vpcFlowLogs?: string;
    /** The key GuardDuty exports write under. */
    readonly guardDuty?: string;
}

/**
 * Where log sources write: plain data an `AwsSentinelConnection` hub gives (`logDestination`),
 * exportable from its stack and readable through a `StackReference`.
 */
export interface LogDestination {
    /** Marks the data as a hub's (`sentinel-aws-s3/log-destination/v1`). */
    readonly format: string;
    /** The name of the hub's log bucket. */
    readonly bucketName: pulumi.Output<string>;
    /** The ARN of the hub's log bucket. */
    readonly bucketArn: pulumi.Output<string>;
    /** The hub's account and region (of the bucket and key). */
    readonly accountId: pulumi.Output<string>;
    /** The hub's region. */
    readonly region: pulumi.Output<string>;
    /** The hub's AWS partition (`aws`, `aws-us-gov`, `aws-cn`). */
    readonly partition: pulumi.Output<string>;
    /** The key exports encrypt with (GuardDuty always; trails when the bucket uses SSE-KMS). */
    readonly keyArn?: pulumi.Output<string>;
    /** Whether the bucket's default encryption uses `keyArn`. */
    readonly bucketUsesKey: boolean;
    /** The organization the hub admits writers from. */
    readonly organizationId?: string;
    /** The key in front of `AWSLogs/` each connected log type writes under. */
    readonly keyPrefixes: LogDestinationPrefixes;
    /**
     * The accounts whose organization-trail folders the hub's CloudTrail notification covers (its
     * `organization.accountIds`); absent when one prefix covers every account.
     */
    readonly cloudTrailAccountIds?: string[];
    /**
     * The opt-in regions whose regional GuardDuty principal (`guardduty.<region>.amazonaws.com`) the
     * hub admits, when it connects GuardDuty.
     */
    readonly guardDutyOptInRegions?: string[];
}

/** The defaults of `AwsSentinelConnectionArgs`, as documented on each field. */
export const AWS_CONNECTION_DEFAULTS = {
    azureCloud: DEFAULT_AZURE_CLOUD,
    bucketEncryption: BucketEncryption.Kms as BucketEncryption,
    queueEncryption: QueueEncryption.Sqs as QueueEncryption,
    logExpirationDays: 365,
    noncurrentVersionExpirationDays: 30,
    abortIncompleteUploadDays: 7,
    messageRetentionSeconds: MAX_MESSAGE_RETENTION_SECONDS,
    visibilityTimeoutSeconds: 300,
    maxReceiveCount: 10,
    oldestMessageAgeSeconds: 3600,
    roleNamePrefix: "OIDC_MicrosoftSentinel-",
    retainOnDelete: true,
    flowLogTrafficType: FlowLogTrafficType.All as FlowLogTrafficType,
    flowLogAggregationSeconds: FlowLogAggregationInterval.OneMinute as FlowLogAggregationInterval,
    kmsDeletionWindowDays: 30,
    includeGlobalServiceEvents: true,
    managementEvents: CloudTrailReadWriteType.All as CloudTrailReadWriteType,
} as const;

/** The shortest message retention accepted (4 days, SQS's default): shorter loses logs in an outage. */
export const MIN_MESSAGE_RETENTION_SECONDS = 345_600;
