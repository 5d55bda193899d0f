// The writers of S3 server access logs: S3's logging service, which writes a target bucket of the
// source bucket's own account and region; and, in an organization, the replication of each member's
// target bucket into the hub's access-log bucket (S3 delivers access logs to no other account's
// bucket, so the logs of other accounts reach the hub by replication).
import { PolicyStatement, Text, join } from "../../aws/documents/common";
import type { AccountBinding, OrganizationBinding, WriterFamily } from "../types";
import { WRITER_ROLE_PATH } from "../writers/firehose";
import { S3_ACCESS_SEGMENT, S3_LOGGING_SERVICE } from "./facts";

/** The name prefix of the replication roles log sources create, which an organization hub admits. */
export const S3_ACCESS_REPLICATION_ROLE_PREFIX = "S3AccessLogsReplication";

/**
 * What the replication role of a member's target bucket needs (S3 user guide, "Setting up
 * permissions" for replication: the role's access policy).
 */
export const REPLICATION_SOURCE_BUCKET_ACTIONS: readonly string[] = [
    "s3:GetReplicationConfiguration",
    "s3:ListBucket",
];
export const REPLICATION_SOURCE_OBJECT_ACTIONS: readonly string[] = [
    "s3:GetObjectVersionForReplication",
    "s3:GetObjectVersionAcl",
    "s3:GetObjectVersionTagging",
];
export const REPLICATION_DESTINATION_OBJECT_ACTIONS: readonly string[] = [
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
    "s3:ReplicateTags",
];

/**
 * What the destination bucket's owner grants another account's replication (S3 user guide,
 * "Configuring replication for buckets in different accounts": `s3:ReplicateObject` and
 * `s3:ReplicateDelete` on the objects, `s3:GetBucketVersioning` and `s3:PutBucketVersioning` on
 * the bucket).
 */
export const REPLICA_OBJECT_ACTIONS: readonly string[] = [
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
];
export const REPLICA_BUCKET_ACTIONS: readonly string[] = [
    "s3:GetBucketVersioning",
    "s3:PutBucketVersioning",
];

/** S3's logging into a single account's bucket: the source buckets it logs (their ARNs). */
export interface S3AccessWriter {
    readonly sourceBucketArns: readonly Text[];
}

/** An organization hub's access-log bucket: every member's replication, and the hub's own logging. */
export interface S3AccessOrganizationWriter {
    /** The folder the logs are under, in front of `AWSLogs/`. */
    readonly folder: string;
    /** The hub's own source buckets, logged straight into the bucket (none: replication only). */
    readonly hub?: { readonly accountId: Text; readonly sourceBucketArns: readonly Text[] };
}

/** The objects one account's access logs are under in a bucket (S3's partitioned format). */
export function accessLogObjects<T extends Text>(
    bucketArn: T,
    folder: T | string,
    accountId: T | string,
): T {
    return join<T>(bucketArn, "/", folder, `${S3_ACCESS_SEGMENT}/`, accountId, "/*");
}

/**
 * S3's logging statement (S3 user guide, "Enabling Amazon S3 server access logging", "Grant
 * permissions to the logging service principal by using a bucket policy"): `s3:PutObject` for
 * `logging.s3.amazonaws.com` on the guide's `<destination>/<target prefix>*`, bound to the source
 * buckets (`aws:SourceArn`) and their account (`aws:SourceAccount`). The guide's Sid and resource
 * form (the account folder S3 adds after the prefix is bound by the conditions).
 */
export function accessLoggingStatement<T extends Text>(
    bucketArn: T,
    folder: T | string,
    accountId: T,
    sourceBucketArns: readonly Text[],
): PolicyStatement<T | string> {
    return {
        Sid: "S3ServerAccessLogsPolicy",
        Effect: "Allow",
        Principal: { Service: S3_LOGGING_SERVICE },
        Action: "s3:PutObject",
        Resource: join<T>(bucketArn, "/", folder, `${S3_ACCESS_SEGMENT}/*`),
        Condition: {
            ArnLike: {
                "aws:SourceArn":
                    sourceBucketArns.length === 1
                        ? (sourceBucketArns[0] as T)
                        : (sourceBucketArns as T[]),
            },
            StringEquals: { "aws:SourceAccount": accountId },
        },
    };
}

/** The ARN pattern of the replication roles of every account (bound to the organization). */
export function replicationRolePattern<T extends Text>(partition: T): T {
    return join<T>(
        "arn:",
        partition,
        `:iam::*:role${WRITER_ROLE_PATH}${S3_ACCESS_REPLICATION_ROLE_PREFIX}*`,
    );
}

/**
 * The writers of S3 server access logs. Single account: S3's logging statement. Organization: the
 * cross-account replication grants of S3's guide, given to any account of the organization
 * (`aws:PrincipalOrgID`) for the package's replication roles only (`aws:PrincipalArn`), on this
 * source's folder; and S3's logging statement for the hub's own source buckets. The target is
 * SSE-S3 (S3 supports no other for access-log delivery), so no key statement.
 */
export const S3_ACCESS_LOGGING: WriterFamily<S3AccessWriter, S3AccessOrganizationWriter> = {
    principal: S3_LOGGING_SERVICE,
    bucketStatements<T extends Text>(
        members: readonly S3AccessWriter[],
        at: AccountBinding<T>,
    ): PolicyStatement<T | string>[] {
        const arns = members.flatMap((m) => m.sourceBucketArns);
        return arns.length === 0
            ? []
            : [accessLoggingStatement(at.bucketArn, at.keyPrefix, at.accountId, arns)];
    },
    keyStatements: () => [],
    organizationBucketStatements<T extends Text>(
        members: readonly S3AccessOrganizationWriter[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[] {
        return members.flatMap((m): PolicyStatement<T | string>[] => {
            const Principal = { AWS: "*" };
            const Condition = {
                StringEquals: { "aws:PrincipalOrgID": at.organizationId },
                ArnLike: { "aws:PrincipalArn": replicationRolePattern<T>(at.partition) },
            };
            return [
                {
                    Sid: "S3AccessLogsReplicas",
                    Effect: "Allow",
                    Principal,
                    Action: [...REPLICA_OBJECT_ACTIONS],
                    Resource: accessLogObjects(at.bucketArn, m.folder, "*"),
                    Condition,
                },
                {
                    Sid: "S3AccessLogsReplicationVersioning",
                    Effect: "Allow",
                    Principal,
                    Action: [...REPLICA_BUCKET_ACTIONS],
                    Resource: at.bucketArn,
                    Condition,
                },
                ...(m.hub && m.hub.sourceBucketArns.length > 0
                    ? [
                          accessLoggingStatement<T>(
                              at.bucketArn,
                              m.folder,
                              m.hub.accountId as T,
                              m.hub.sourceBucketArns,
                          ),
                      ]
                    : []),
            ];
        });
    },
    organizationKeyStatements: () => [],
};
