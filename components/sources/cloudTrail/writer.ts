// CloudTrail's writer, `cloudtrail.amazonaws.com`: the statements its guide requires in the bucket
// and key policies, bound to the trail (or, in an organization hub, to the organization's trails).
import { PolicyCondition, PolicyStatement, Text, join } from "../../aws/documents/common";
import type { AccountBinding, OrganizationBinding, WriterFamily } from "../types";
import { CLOUD_TRAIL_SERVICE } from "./facts";

/** A trail writing to a single-account hub. */
export interface CloudTrailWriter<T extends Text = Text> {
    /** The ARN of the trail writing to the bucket. */
    readonly trailArn: T;
}

/** Trails of an organization writing under a folder of an organization hub. */
export interface CloudTrailOrganizationWriter {
    readonly folder: string;
}

const ACL = { "s3:x-amz-acl": "bucket-owner-full-control" };

function organizationBound<T extends Text>(
    organizationId: string,
    trails: T,
    extra: Record<string, string> = {},
): PolicyCondition<T | string> {
    return {
        StringEquals: { ...extra, "aws:SourceOrgID": organizationId },
        ArnLike: { "aws:SourceArn": trails },
    };
}

/**
 * CloudTrail's statements. Bucket: the CloudTrail user guide, "Amazon S3 bucket policy for
 * CloudTrail": `s3:GetBucketAcl` on the bucket and `s3:PutObject` on `<prefix>/AWSLogs/<account>/*`
 * with the ACL condition, both bound to the trail by `aws:SourceArn`. Key: "Configure AWS KMS key
 * policies for CloudTrail", required elements for trails: encrypt (`GenerateDataKey*` with the trail
 * encryption context), describe the key, and `kms:Decrypt`, which a bucket with an S3 Bucket Key
 * needs to create or update a trail with SSE-KMS (CreateTrail fails with
 * InsufficientEncryptionPolicyException without it). In an organization hub the same statements
 * admit the organization's trails (`aws:SourceOrgID`) under CloudTrail's folder.
 */
export const CLOUD_TRAIL_WRITER: WriterFamily<CloudTrailWriter, CloudTrailOrganizationWriter> = {
    principal: CLOUD_TRAIL_SERVICE,
    bucketStatements<T extends Text>(
        members: readonly CloudTrailWriter[],
        at: AccountBinding<T>,
    ): PolicyStatement<T | string>[] {
        return members.flatMap((m): PolicyStatement<T | string>[] => {
            const source = { "aws:SourceArn": m.trailArn as T };
            const Principal = { Service: CLOUD_TRAIL_SERVICE };
            return [
                {
                    Sid: "CloudTrailAclCheck",
                    Effect: "Allow",
                    Principal,
                    Action: "s3:GetBucketAcl",
                    Resource: at.bucketArn,
                    Condition: { StringEquals: source },
                },
                {
                    Sid: "CloudTrailWrite",
                    Effect: "Allow",
                    Principal,
                    Action: "s3:PutObject",
                    Resource: join<T>(at.bucketArn, `/${at.keyPrefix}AWSLogs/`, at.accountId, "/*"),
                    Condition: { StringEquals: { ...ACL, ...source } },
                },
            ];
        });
    },
    keyStatements<T extends Text>(
        members: readonly CloudTrailWriter[],
        at: AccountBinding<T>,
    ): PolicyStatement<T | string>[] {
        return members.flatMap((m): PolicyStatement<T | string>[] => {
            const Principal = { Service: CLOUD_TRAIL_SERVICE };
            const source = { "aws:SourceArn": m.trailArn as T };
            const trails = join<T>(
                "arn:",
                at.partition,
                ":cloudtrail:*:",
                at.accountId,
                ":trail/*",
            );
            return [
                {
                    Sid: "CloudTrailEncryptsLogs",
                    Effect: "Allow",
                    Principal,
                    Action: "kms:GenerateDataKey*",
                    Resource: "*",
                    Condition: {
                        StringEquals: source,
                        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": trails },
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
            ];
        });
    },
    organizationBucketStatements<T extends Text>(
        members: readonly CloudTrailOrganizationWriter[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[] {
        const trails = join<T>("arn:", at.partition, ":cloudtrail:*:*:trail/*");
        const Principal = { Service: CLOUD_TRAIL_SERVICE };
        return members.flatMap((m) => [
            {
                Sid: "CloudTrailAclCheck",
                Effect: "Allow",
                Principal,
                Action: "s3:GetBucketAcl",
                Resource: at.bucketArn,
                Condition: organizationBound(at.organizationId, trails),
            },
            {
                Sid: "CloudTrailWrite",
                Effect: "Allow",
                Principal,
                Action: "s3:PutObject",
                Resource: join<T>(at.bucketArn, `/${m.folder}AWSLogs/*`),
                Condition: organizationBound(at.organizationId, trails, ACL),
            },
        ]);
    },
    organizationKeyStatements<T extends Text>(
        members: readonly CloudTrailOrganizationWriter[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[] {
        if (members.length === 0) {
            return [];
        }
        const Principal = { Service: CLOUD_TRAIL_SERVICE };
        const trails = join<T>("arn:", at.partition, ":cloudtrail:*:*:trail/*");
        return [
            {
                Sid: "CloudTrailEncryptsLogs",
                Effect: "Allow",
                Principal,
                Action: "kms:GenerateDataKey*",
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceOrgID": at.organizationId },
                    StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": trails },
                },
            },
            {
                Sid: "CloudTrailDescribesKey",
                Effect: "Allow",
                Principal,
                Action: "kms:DescribeKey",
                Resource: "*",
                Condition: organizationBound(at.organizationId, trails),
            },
            {
                Sid: "CloudTrailDecryptsWithBucketKey",
                Effect: "Allow",
                Principal,
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: organizationBound(at.organizationId, trails),
            },
        ];
    },
};
