// The IAM, bucket, queue and key policy documents the AWS side writes. Pure functions: each value in
// a document is either a string or, where the component only knows it once the cloud has computed
// it, an Output of one. Called with strings they return plain documents (tests and the doctor do);
// called with Outputs they keep each unknown value where it is, so one ARN the cloud assigns at
// creation does not make the rest of the document unknown during a preview.
import * as pulumi from "@pulumi/pulumi";
import {
    CONNECTOR_KMS_ACTIONS,
    CONNECTOR_S3_ACTIONS,
    CONNECTOR_SQS_ACTIONS,
    FLOW_LOG_DELIVERY_KMS_ACTIONS,
    LOG_TYPE_CATALOG,
    POLICY_VERSION,
    SentinelCloud,
    audienceConditionKey,
    normalizeKeyPrefix,
    sentinelSessionNames,
} from "../shared/catalog";

/** A value in a policy document: a string, or an Output of one. */
export type Text = string | pulumi.Output<string>;

/** A principal block of a resource policy. */
export type PolicyPrincipal<T extends Text = string> =
    | "*"
    | {
          readonly AWS?: T | T[];
          readonly Service?: T | T[];
          readonly Federated?: T | T[];
      };

/** The conditions of a statement: operator → condition key → value(s). */
export type PolicyCondition<T extends Text = string> = Readonly<
    Record<string, Readonly<Record<string, T | T[]>>>
>;

/** One statement of an IAM policy document. */
export interface PolicyStatement<T extends Text = string> {
    readonly Sid?: string;
    readonly Effect: "Allow" | "Deny";
    readonly Principal?: PolicyPrincipal<T>;
    readonly NotPrincipal?: PolicyPrincipal<T>;
    readonly Action?: string | string[];
    readonly NotAction?: string | string[];
    readonly Resource?: T | T[];
    readonly NotResource?: T | T[];
    readonly Condition?: PolicyCondition<T>;
}

/** An IAM policy document. */
export interface PolicyDocument<T extends Text = string> {
    readonly Version: typeof POLICY_VERSION;
    readonly Statement: PolicyStatement<T>[];
}

/** Concatenates strings, or Outputs of them into an Output: plain in, plain out. */
export function join<T extends Text>(...parts: (T | string)[]): T {
    return (
        parts.every((p) => typeof p === "string") ? parts.join("") : pulumi.concat(...parts)
    ) as T;
}

function document<T extends Text>(
    statements: Array<PolicyStatement<T | string> | undefined>,
): PolicyDocument<T | string> {
    return {
        Version: POLICY_VERSION,
        Statement: statements.filter((s): s is PolicyStatement<T | string> => s !== undefined),
    };
}

/** A document as a JSON string (an Output when any value in it is one). */
export function documentJson(doc: PolicyDocument<Text>): pulumi.Output<string> {
    return pulumi.jsonStringify(pulumi.output(doc));
}

/** The account root principal ARN. */
export function accountRootArn<T extends Text>(partition: T, accountId: T): T {
    return join<T>("arn:", partition, ":iam::", accountId, ":root");
}

/**
 * The trust policy of the Sentinel role: only Sentinel's tokens for one workspace may assume it
 * (Microsoft Learn, "Connect Microsoft Sentinel to Amazon Web Services": OIDC web identity, audience
 * and session name conditions). `workspaceId` must already be in lower case.
 */
export function sentinelTrustPolicy<T extends Text>(args: {
    providerArn: T;
    cloud: SentinelCloud;
    workspaceId: T;
}): PolicyDocument<T | string> {
    const sessionNames =
        typeof args.workspaceId === "string"
            ? (sentinelSessionNames(args.workspaceId) as T[])
            : sentinelSessionNames("").map((prefix) => join<T>(prefix, args.workspaceId));
    return document<T>([
        {
            Sid: "MicrosoftSentinelWebIdentity",
            Effect: "Allow",
            Principal: { Federated: args.providerArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [audienceConditionKey(args.cloud.issuerHost)]: args.cloud.audience,
                    "sts:RoleSessionName": sessionNames,
                },
            },
        },
    ]);
}

/** What the Sentinel role may touch. */
export interface SentinelRolePolicyArgs<T extends Text = string> {
    readonly queueArns: readonly T[];
    readonly objectArns: readonly T[];
    readonly keyArns: readonly T[];
}

function unique<T extends Text>(values: readonly T[]): T[] {
    const seen = new Set<string>();
    return values.filter((v) => typeof v !== "string" || (!seen.has(v) && !!seen.add(v)));
}

/** The Sentinel role's permissions: the connector's actions on exact ARNs, nothing else. */
export function sentinelRolePolicy<T extends Text>(
    args: SentinelRolePolicyArgs<T>,
): PolicyDocument<T | string> {
    return document<T>([
        {
            Sid: "ReadConnectorQueues",
            Effect: "Allow",
            Action: [...CONNECTOR_SQS_ACTIONS],
            Resource: unique(args.queueArns),
        },
        {
            Sid: "ReadLogObjects",
            Effect: "Allow",
            Action: [...CONNECTOR_S3_ACTIONS],
            Resource: unique(args.objectArns),
        },
        args.keyArns.length === 0
            ? undefined
            : {
                  Sid: "DecryptLogsAndMessages",
                  Effect: "Allow",
                  Action: [...CONNECTOR_KMS_ACTIONS],
                  Resource: unique(args.keyArns),
              },
    ]);
}

/** The object ARN pattern the Sentinel role may read for one log prefix. */
export function logObjectArn<T extends Text>(bucketArn: T, objectPrefix: T): T {
    return join<T>(bucketArn, "/", objectPrefix, "*");
}

function denyInsecureTransport<T extends Text>(
    action: string,
    resources: T[],
): PolicyStatement<T | string> {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: action,
        Resource: resources.length === 1 ? resources[0] : resources,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/**
 * The policy of a connector queue: only S3, from the log bucket in this account, may send (S3 user
 * guide, "Walkthrough: Configuring a bucket for notifications", SQS access policy with
 * `aws:SourceArn` and `aws:SourceAccount`).
 */
export function connectorQueuePolicy<T extends Text>(args: {
    queueArn: T;
    bucketArn: T;
    accountId: T;
}): PolicyDocument<T | string> {
    return document<T>([
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
export function deadLetterQueuePolicy<T extends Text>(args: {
    queueArn: T;
}): PolicyDocument<T | string> {
    return document<T>([denyInsecureTransport("sqs:*", [args.queueArn])]);
}

/** The exports whose writers the bucket and key policies admit; each present key enables one writer. */
export interface LogWriters<T extends Text = string> {
    /** The ARN of the trail writing to the bucket. */
    readonly cloudTrail?: { readonly trailArn: T };
    /** VPC flow logs of this account and region write to the bucket. */
    readonly vpcFlowLogs?: Record<string, never>;
    /**
     * The detector exporting findings: its ARN (or, for a detector the component creates, the ARN
     * pattern of the region's detector: an account has one detector per region, GuardDuty API
     * reference, CreateDetector) and the principal GuardDuty signs with in this region.
     */
    readonly guardDuty?: { readonly detectorArn: T; readonly principal: T };
}

/** Where the log bucket lives and who writes to it. */
export interface LogBucketPolicyArgs<T extends Text = string> {
    readonly bucketArn: T;
    readonly partition: T;
    readonly region: T;
    readonly accountId: T;
    readonly keyPrefix?: string;
    readonly writers: LogWriters<T>;
    /** Statements of the user's, appended unchanged. */
    readonly extraStatements?: readonly PolicyStatement[];
}

/** The ARN pattern of VPC flow-log deliveries from one account and region. */
export function flowLogSourceArn<T extends Text>(partition: T, region: T, accountId: T): T {
    return join<T>("arn:", partition, ":logs:", region, ":", accountId, ":*");
}

/** The ARN pattern of the GuardDuty detector of one account and region. */
export function detectorArnPattern<T extends Text>(partition: T, region: T, accountId: T): T {
    return join<T>("arn:", partition, ":guardduty:", region, ":", accountId, ":detector/*");
}

/**
 * The log bucket's policy: TLS only, and for each enabled export the writer statements AWS
 * documents, each bound to its source (trail, detector or this account's log deliveries).
 */
export function logBucketPolicy<T extends Text>(
    args: LogBucketPolicyArgs<T>,
): PolicyDocument<T | string> {
    const { bucketArn, accountId, writers } = args;
    const prefix = normalizeKeyPrefix(args.keyPrefix);
    const accountObjects = join<T>(bucketArn, `/${prefix}AWSLogs/`, accountId, "/*");
    const acl = { "s3:x-amz-acl": "bucket-owner-full-control" };
    const statements: Array<PolicyStatement<T | string> | undefined> = [
        denyInsecureTransport("s3:*", [bucketArn, join<T>(bucketArn, "/*")]),
    ];
    if (writers.cloudTrail) {
        // CloudTrail user guide, "Amazon S3 bucket policy for CloudTrail": GetBucketAcl on the
        // bucket and PutObject on <prefix>/AWSLogs/<account>/* with the ACL condition, both bound
        // to the trail by aws:SourceArn.
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
        // VPC user guide, "Amazon S3 bucket permissions for flow logs".
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
        // GuardDuty user guide, "Exporting generated findings to Amazon S3 buckets", step 3:
        // GetBucketLocation on the bucket and PutObject on <bucket>/[prefix]/*, bound to the
        // account and the detector.
        const Principal = { Service: writers.guardDuty.principal };
        const Condition = {
            StringEquals: { "aws:SourceAccount": accountId },
            ArnLike: { "aws:SourceArn": writers.guardDuty.detectorArn },
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
                Resource: join<T>(bucketArn, `/${prefix}*`),
                Condition,
            },
        );
    }
    return document<T>([...statements, ...(args.extraStatements ?? [])]);
}

/** Who uses the key that encrypts the log objects (and GuardDuty's exports). */
export interface LogsKeyPolicyArgs<T extends Text = string> {
    readonly partition: T;
    readonly region: T;
    readonly accountId: T;
    readonly sentinelRoleArn: T;
    readonly writers: LogWriters<T>;
}

function rootAdministration<T extends Text>(
    partition: T,
    accountId: T,
): PolicyStatement<T | string> {
    // A key policy's resource "*" means the key itself. The account root keeps full control so the
    // key can never become unmanageable, and IAM policies in the account can be granted use of it
    // (KMS developer guide, "Default key policy": allows access to the AWS account).
    return {
        Sid: "AccountRootAdministersKey",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(partition, accountId) },
        Action: "kms:*",
        Resource: "*",
    };
}

function sentinelDecryptVia<T extends Text>(
    service: "s3" | "sqs",
    args: { region: T; sentinelRoleArn: T },
): PolicyStatement<T | string> {
    return {
        Sid: service === "s3" ? "SentinelDecryptsLogObjects" : "SentinelDecryptsMessages",
        Effect: "Allow",
        Principal: { AWS: args.sentinelRoleArn },
        Action: [...CONNECTOR_KMS_ACTIONS],
        Resource: "*",
        Condition: {
            StringEquals: {
                "kms:ViaService": join<T>(`${service}.`, args.region, ".amazonaws.com"),
            },
        },
    };
}

/**
 * The policy of the key that encrypts log objects: each enabled writer may use it as its guide
 * requires (bound to its source), the Sentinel role may decrypt through S3 only. Where a guide asks
 * for more than the least a writer seems to need, the guide wins: a service writer that is refused
 * fails the deployment or silently delivers nothing.
 */
export function logsKeyPolicy<T extends Text>(
    args: LogsKeyPolicyArgs<T>,
): PolicyDocument<T | string> {
    const { partition, region, accountId, writers } = args;
    const statements: Array<PolicyStatement<T | string> | undefined> = [
        rootAdministration(partition, accountId),
    ];
    if (writers.cloudTrail) {
        // CloudTrail user guide, "Configure AWS KMS key policies for CloudTrail", required elements
        // for trails: encrypt (GenerateDataKey* with the trail encryption context), describe the key,
        // and kms:Decrypt, which a bucket with an S3 Bucket Key needs to create or update a trail
        // with SSE-KMS (CreateTrail fails with InsufficientEncryptionPolicyException without it).
        const Principal = { Service: LOG_TYPE_CATALOG.cloudTrail.writerService };
        const source = { "aws:SourceArn": writers.cloudTrail.trailArn };
        statements.push(
            {
                Sid: "CloudTrailEncryptsLogs",
                Effect: "Allow",
                Principal,
                Action: "kms:GenerateDataKey*",
                Resource: "*",
                Condition: {
                    StringEquals: source,
                    StringLike: {
                        "kms:EncryptionContext:aws:cloudtrail:arn": join<T>(
                            "arn:",
                            partition,
                            ":cloudtrail:*:",
                            accountId,
                            ":trail/*",
                        ),
                    },
                },
            },
            {
                Sid: "CloudTrailDescribesKey",
                Effect: "Allow",
                Principal,
                Action: "kms:DescribeKey",
                Resource: "*",
                Condition: { StringEquals: source },
            },
            {
                Sid: "CloudTrailDecryptsWithBucketKey",
                Effect: "Allow",
                Principal,
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: { StringEquals: source },
            },
        );
    }
    if (writers.vpcFlowLogs) {
        // CloudWatch Logs user guide, "Enabling logging from AWS services" → Amazon S3, SSE-KMS:
        // the key policy lets delivery.logs.amazonaws.com Encrypt, Decrypt, ReEncrypt*,
        // GenerateDataKey* and DescribeKey, bound to this account's log deliveries.
        statements.push({
            Sid: "FlowLogsEncryptLogs",
            Effect: "Allow",
            Principal: { Service: LOG_TYPE_CATALOG.vpcFlowLogs.writerService },
            Action: [...FLOW_LOG_DELIVERY_KMS_ACTIONS],
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                ArnLike: { "aws:SourceArn": flowLogSourceArn(partition, region, accountId) },
            },
        });
    }
    if (writers.guardDuty) {
        // GuardDuty user guide, "Exporting generated findings", step 2: GenerateDataKey for
        // GuardDuty, bound to the account and detector; plus kms:Decrypt, which S3 needs from the
        // writer of an SSE-KMS object under an S3 Bucket Key (S3 user guide, "Reducing the cost of
        // SSE-KMS with Amazon S3 Bucket Keys").
        statements.push({
            Sid: "GuardDutyEncryptsFindings",
            Effect: "Allow",
            Principal: { Service: writers.guardDuty.principal },
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                ArnLike: { "aws:SourceArn": writers.guardDuty.detectorArn },
            },
        });
    }
    statements.push(sentinelDecryptVia("s3", args));
    return document<T>(statements);
}

/**
 * The policy of the key that encrypts connector queues: S3 may encrypt notifications, the Sentinel
 * role may decrypt them through SQS only. The S3 statement has exactly the shape of the S3 user
 * guide's key policy for notification destinations ("Enabling and configuring event notifications",
 * "AWS KMS key policy"): no source conditions, since nothing documents that `aws:SourceArn` reaches
 * KMS when SQS calls it on S3's behalf. The queue policy binds S3 to the bucket instead.
 */
export function queueKeyPolicy<T extends Text>(args: {
    partition: T;
    region: T;
    accountId: T;
    sentinelRoleArn: T;
}): PolicyDocument<T | string> {
    return document<T>([
        rootAdministration(args.partition, args.accountId),
        {
            Sid: "S3EncryptsNotifications",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: "*",
        },
        sentinelDecryptVia("sqs", args),
    ]);
}
