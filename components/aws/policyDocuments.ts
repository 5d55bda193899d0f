// The IAM, bucket, queue and key policy documents the AWS side writes. Pure functions of resolved
// strings: the component calls them inside `pulumi.all(...).apply`, tests call them directly.
import {
    CONNECTOR_KMS_ACTIONS,
    CONNECTOR_S3_ACTIONS,
    CONNECTOR_SQS_ACTIONS,
    LOG_TYPE_CATALOG,
    POLICY_VERSION,
    SentinelCloud,
    audienceConditionKey,
    normalizeKeyPrefix,
    sentinelSessionNames,
} from "../shared/catalog";

/** A principal block of a resource policy. */
export type PolicyPrincipal =
    | "*"
    | {
          readonly AWS?: string | string[];
          readonly Service?: string | string[];
          readonly Federated?: string;
      };

/** One statement of an IAM policy document. */
export interface PolicyStatement {
    readonly Sid: string;
    readonly Effect: "Allow" | "Deny";
    readonly Principal?: PolicyPrincipal;
    readonly Action: string | string[];
    readonly Resource?: string | string[];
    readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | string[]>>>>;
}

/** An IAM policy document. */
export interface PolicyDocument {
    readonly Version: typeof POLICY_VERSION;
    readonly Statement: PolicyStatement[];
}

function document(statements: Array<PolicyStatement | undefined>): PolicyDocument {
    return {
        Version: POLICY_VERSION,
        Statement: statements.filter((s): s is PolicyStatement => s !== undefined),
    };
}

/** The account root principal ARN. */
export function accountRootArn(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:root`;
}

/** The trust policy of the Sentinel role: only Sentinel's tokens for one workspace may assume it. */
export function sentinelTrustPolicy(args: {
    providerArn: string;
    cloud: SentinelCloud;
    workspaceId: string;
}): PolicyDocument {
    return document([
        {
            Sid: "MicrosoftSentinelWebIdentity",
            Effect: "Allow",
            Principal: { Federated: args.providerArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [audienceConditionKey(args.cloud.issuerHost)]: args.cloud.audience,
                    "sts:RoleSessionName": sentinelSessionNames(args.workspaceId),
                },
            },
        },
    ]);
}

/** What the Sentinel role may touch. */
export interface SentinelRolePolicyArgs {
    readonly queueArns: readonly string[];
    readonly objectArns: readonly string[];
    readonly keyArns: readonly string[];
}

/** The Sentinel role's permissions: the connector's actions on exact ARNs, nothing else. */
export function sentinelRolePolicy(args: SentinelRolePolicyArgs): PolicyDocument {
    const uniq = (xs: readonly string[]) => [...new Set(xs)];
    return document([
        {
            Sid: "ReadConnectorQueues",
            Effect: "Allow",
            Action: [...CONNECTOR_SQS_ACTIONS],
            Resource: uniq(args.queueArns),
        },
        {
            Sid: "ReadLogObjects",
            Effect: "Allow",
            Action: [...CONNECTOR_S3_ACTIONS],
            Resource: uniq(args.objectArns),
        },
        args.keyArns.length === 0
            ? undefined
            : {
                  Sid: "DecryptLogsAndMessages",
                  Effect: "Allow",
                  Action: [...CONNECTOR_KMS_ACTIONS],
                  Resource: uniq(args.keyArns),
              },
    ]);
}

/** The object ARN pattern the Sentinel role may read for one log prefix. */
export function logObjectArn(bucketArn: string, objectPrefix: string): string {
    return `${bucketArn}/${objectPrefix}*`;
}

function denyInsecureTransport(action: string, resources: string[]): PolicyStatement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: action,
        Resource: resources.length === 1 ? resources[0] : resources,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** The policy of a connector queue: only S3, from the log bucket in this account, may send. */
export function connectorQueuePolicy(args: {
    queueArn: string;
    bucketArn: string;
    accountId: string;
}): PolicyDocument {
    return document([
        {
            Sid: "AllowS3BucketNotifications",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: args.queueArn,
            Condition: {
                ArnEquals: { "aws:SourceArn": args.bucketArn },
                StringEquals: { "aws:SourceAccount": args.accountId },
            },
        },
        denyInsecureTransport("sqs:*", [args.queueArn]),
    ]);
}

/** The policy of a dead-letter queue: TLS only; SQS itself moves messages into it. */
export function deadLetterQueuePolicy(args: { queueArn: string }): PolicyDocument {
    return document([denyInsecureTransport("sqs:*", [args.queueArn])]);
}

/** The exports whose writers the bucket policy admits; each present key enables one writer. */
export interface LogWriters {
    /** The ARN of the trail writing to the bucket. */
    readonly cloudTrail?: { readonly trailArn: string };
    /** VPC flow logs of this account and region write to the bucket. */
    readonly vpcFlowLogs?: Record<string, never>;
    /** The ARN of the GuardDuty detector exporting findings to the bucket. */
    readonly guardDuty?: { readonly detectorArn: string };
}

/** Where the log bucket lives and who writes to it. */
export interface LogBucketPolicyArgs {
    readonly bucketArn: string;
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly keyPrefix?: string;
    readonly writers: LogWriters;
    /** Statements of the user's, appended unchanged. */
    readonly extraStatements?: readonly PolicyStatement[];
}

/** The ARN pattern of VPC flow-log deliveries from one account and region. */
export function flowLogSourceArn(partition: string, region: string, accountId: string): string {
    return `arn:${partition}:logs:${region}:${accountId}:*`;
}

/**
 * The log bucket's policy: TLS only, and for each enabled export the writer statements AWS documents,
 * each bound to its source (trail, detector or this account's log deliveries).
 */
export function logBucketPolicy(args: LogBucketPolicyArgs): PolicyDocument {
    const { bucketArn, accountId, writers } = args;
    const accountObjects = `${bucketArn}/${normalizeKeyPrefix(args.keyPrefix)}AWSLogs/${accountId}/*`;
    const acl = { "s3:x-amz-acl": "bucket-owner-full-control" };
    const statements: Array<PolicyStatement | undefined> = [
        denyInsecureTransport("s3:*", [bucketArn, `${bucketArn}/*`]),
    ];
    if (writers.cloudTrail) {
        const source = { "aws:SourceArn": writers.cloudTrail.trailArn };
        const Principal = { Service: LOG_TYPE_CATALOG.cloudTrail.writerService };
        statements.push(
            {
                Sid: "CloudTrailAclCheck",
                Effect: "Allow",
                Principal,
                Action: "s3:GetBucketAcl",
                Resource: bucketArn,
                Condition: { StringEquals: source },
            },
            {
                Sid: "CloudTrailWrite",
                Effect: "Allow",
                Principal,
                Action: "s3:PutObject",
                Resource: accountObjects,
                Condition: { StringEquals: { ...acl, ...source } },
            },
        );
    }
    if (writers.vpcFlowLogs) {
        const Principal = { Service: LOG_TYPE_CATALOG.vpcFlowLogs.writerService };
        const account = { "aws:SourceAccount": accountId };
        const source = {
            "aws:SourceArn": flowLogSourceArn(args.partition, args.region, accountId),
        };
        statements.push(
            {
                Sid: "FlowLogsAclCheck",
                Effect: "Allow",
                Principal,
                Action: "s3:GetBucketAcl",
                Resource: bucketArn,
                Condition: { StringEquals: account, ArnLike: source },
            },
            {
                Sid: "FlowLogsWrite",
                Effect: "Allow",
                Principal,
                Action: "s3:PutObject",
                Resource: accountObjects,
                Condition: { StringEquals: { ...acl, ...account }, ArnLike: source },
            },
        );
    }
    if (writers.guardDuty) {
        const Principal = { Service: LOG_TYPE_CATALOG.guardDuty.writerService };
        const Condition = {
            StringEquals: {
                "aws:SourceAccount": accountId,
                "aws:SourceArn": writers.guardDuty.detectorArn,
            },
        };
        statements.push(
            {
                Sid: "GuardDutyBucketLocation",
                Effect: "Allow",
                Principal,
                Action: "s3:GetBucketLocation",
                Resource: bucketArn,
                Condition,
            },
            {
                Sid: "GuardDutyWrite",
                Effect: "Allow",
                Principal,
                Action: "s3:PutObject",
                Resource: `${bucketArn}/${normalizeKeyPrefix(args.keyPrefix)}AWSLogs/${accountId}/${LOG_TYPE_CATALOG.guardDuty.pathSegment}/*`,
                Condition,
            },
        );
    }
    return document([...statements, ...(args.extraStatements ?? [])]);
}

/** Who uses the key that encrypts the log objects (and GuardDuty's exports). */
export interface LogsKeyPolicyArgs {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly sentinelRoleArn: string;
    readonly writers: LogWriters;
}

function rootAdministration(partition: string, accountId: string): PolicyStatement {
    // A key policy's resource "*" means the key itself. The account root keeps full control so the
    // key can never become unmanageable, and IAM policies in the account can be granted use of it.
    return {
        Sid: "AccountRootAdministersKey",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(partition, accountId) },
        Action: "kms:*",
        Resource: "*",
    };
}

function sentinelDecryptVia(
    service: "s3" | "sqs",
    args: { region: string; sentinelRoleArn: string },
): PolicyStatement {
    return {
        Sid: service === "s3" ? "SentinelDecryptsLogObjects" : "SentinelDecryptsMessages",
        Effect: "Allow",
        Principal: { AWS: args.sentinelRoleArn },
        Action: [...CONNECTOR_KMS_ACTIONS],
        Resource: "*",
        Condition: {
            StringEquals: { "kms:ViaService": `${service}.${args.region}.amazonaws.com` },
        },
    };
}

/**
 * The policy of the key that encrypts log objects: each enabled writer may generate data keys (bound
 * to its source), the Sentinel role may decrypt through S3 only.
 */
export function logsKeyPolicy(args: LogsKeyPolicyArgs): PolicyDocument {
    const { partition, region, accountId, writers } = args;
    const statements: Array<PolicyStatement | undefined> = [
        rootAdministration(partition, accountId),
    ];
    if (writers.cloudTrail) {
        statements.push({
            Sid: "CloudTrailEncryptsLogs",
            Effect: "Allow",
            Principal: { Service: LOG_TYPE_CATALOG.cloudTrail.writerService },
            Action: "kms:GenerateDataKey*",
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceArn": writers.cloudTrail.trailArn },
                StringLike: {
                    "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${partition}:cloudtrail:*:${accountId}:trail/*`,
                },
            },
        });
        statements.push({
            Sid: "CloudTrailDescribesKey",
            Effect: "Allow",
            Principal: { Service: LOG_TYPE_CATALOG.cloudTrail.writerService },
            Action: "kms:DescribeKey",
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceArn": writers.cloudTrail.trailArn } },
        });
    }
    if (writers.vpcFlowLogs) {
        statements.push({
            Sid: "FlowLogsEncryptLogs",
            Effect: "Allow",
            Principal: { Service: LOG_TYPE_CATALOG.vpcFlowLogs.writerService },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                ArnLike: { "aws:SourceArn": flowLogSourceArn(partition, region, accountId) },
            },
        });
    }
    if (writers.guardDuty) {
        statements.push({
            Sid: "GuardDutyEncryptsFindings",
            Effect: "Allow",
            Principal: { Service: LOG_TYPE_CATALOG.guardDuty.writerService },
            Action: "kms:GenerateDataKey",
            Resource: "*",
            Condition: {
                StringEquals: {
                    "aws:SourceAccount": accountId,
                    "aws:SourceArn": writers.guardDuty.detectorArn,
                },
            },
        });
    }
    statements.push(sentinelDecryptVia("s3", args));
    return document(statements);
}

/**
 * The policy of the key that encrypts connector queues: S3 (from the log bucket) may encrypt
 * notifications, the Sentinel role may decrypt them through SQS only.
 */
export function queueKeyPolicy(args: {
    partition: string;
    region: string;
    accountId: string;
    bucketArn: string;
    sentinelRoleArn: string;
}): PolicyDocument {
    return document([
        rootAdministration(args.partition, args.accountId),
        {
            Sid: "S3EncryptsNotifications",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceAccount": args.accountId },
                ArnEquals: { "aws:SourceArn": args.bucketArn },
            },
        },
        sentinelDecryptVia("sqs", args),
    ]);
}
