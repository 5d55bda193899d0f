// The key policies: the logs key (objects and GuardDuty's exports) and the queue key.
import {
    CONNECTOR_KMS_ACTIONS,
    FLOW_LOG_DELIVERY_KMS_ACTIONS,
    LOG_TYPE_CATALOG,
} from "../../shared/catalog";
import { LogWriters, flowLogSourceArn } from "./bucket";
import { PolicyDocument, PolicyStatement, Text, accountRootArn, document, join } from "./common";
import { OrganizationWriters, organizationKeyStatements } from "./organization";

/** Who uses the key that encrypts the log objects (and GuardDuty's exports). */
export interface LogsKeyPolicyArgs<T extends Text = string> {
    readonly partition: T;
    readonly region: T;
    readonly accountId: T;
    readonly sentinelRoleArn: T;
    readonly writers: LogWriters<T>;
    /** In an organization hub, the writers admitted from every account (instead of `writers`). */
    readonly organization?: OrganizationWriters<T>;
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
    if (args.organization) {
        statements.push(...organizationKeyStatements(partition, args.organization));
        statements.push(sentinelDecryptVia("s3", args));
        return document<T>(statements);
    }
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
            Principal: { Service: writers.guardDuty.principal as T | T[] },
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
