// The key policies: the logs key (objects and GuardDuty's exports) and the queue key.
import { CONNECTOR_KMS_ACTIONS } from "../../shared/connector";
import type { LogWriters, OrganizationWriters } from "../../sources";
import { PolicyDocument, PolicyStatement, Text, accountRootArn, document, join } from "./common";
import { organizationKeyStatements, writerKeyStatements } from "./writers";

/** Who uses the key that encrypts the log objects (and GuardDuty's exports). */
export interface LogsKeyPolicyArgs<T extends Text = string> {
    readonly partition: T;
    readonly region: T;
    readonly accountId: T;
    readonly sentinelRoleArn: T;
    readonly writers: LogWriters;
    /** In an organization hub, the writers admitted from every account (instead of `writers`). */
    readonly organization?: OrganizationWriters;
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
    const { partition, region, accountId } = args;
    return document<T>([
        rootAdministration(partition, accountId),
        ...(args.organization
            ? organizationKeyStatements(partition, args.organization)
            : writerKeyStatements(args.writers, {
                  // The key statements name no bucket or prefix.
                  bucketArn: "" as T,
                  partition,
                  region,
                  accountId,
                  keyPrefix: "",
              })),
        sentinelDecryptVia("s3", args),
    ]);
}

/**
 * The policy of the key that encrypts connector queues (and fan-out topics): S3 may encrypt
 * notifications, SNS deliver them, the Sentinel role may decrypt them through SQS only. The S3 statement has exactly the shape of the S3 user
 * guide's key policy for notification destinations ("Enabling and configuring event notifications",
 * "AWS KMS key policy"): no source conditions, since nothing documents that `aws:SourceArn` reaches
 * KMS when SQS calls it on S3's behalf. The queue policy binds S3 to the bucket instead.
 */
export function queueKeyPolicy<T extends Text>(args: {
    partition: T;
    region: T;
    accountId: T;
    sentinelRoleArn: T;
    /** Fan-out topics deliver to the queues, or the topics are encrypted with this key. */
    fanOut?: boolean;
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
        // Amazon SQS developer guide, "Configure KMS permissions for AWS services": an event source
        // sending to an encrypted queue (here SNS, delivering the topic's messages) needs these two
        // actions in the key policy, in the shape given there (no source condition).
        args.fanOut
            ? {
                  Sid: "SnsDeliversNotifications",
                  Effect: "Allow",
                  Principal: { Service: "sns.amazonaws.com" },
                  Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                  Resource: "*",
              }
            : undefined,
        sentinelDecryptVia("sqs", args),
    ]);
}
