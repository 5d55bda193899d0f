// CloudTrail's writer, `cloudtrail.amazonaws.com`: the statements its guide requires in the bucket
// and key policies, bound to the trail (or, in an organization hub, to the trails of the accounts
// that own them).
import { PolicyStatement, Text, join } from "../../aws/documents/common";
import type { AccountBinding, OrganizationBinding, WriterFamily } from "../types";
import { CLOUD_TRAIL_SERVICE } from "./facts";

/** A trail writing to a single-account hub. */
export interface CloudTrailWriter<T extends Text = Text> {
    /** The ARN of the trail writing to the bucket. */
    readonly trailArn: T;
}

/** A trail of one account admitted to write that account's folder of an organization hub. */
export interface AccountTrail {
    /** The account whose folder (`AWSLogs/<account>/`) the trail writes. */
    readonly accountId: Text;
    /** The trail's ARN, or the ARN pattern of the account's trails (`arn:<p>:cloudtrail:*:<account>:trail/*`). */
    readonly trailArn: Text;
}

/**
 * The trails an organization hub admits under CloudTrail's folder: the organization trail, by the
 * account that owns it, and account trails of named accounts.
 */
export interface CloudTrailOrganizationWriter {
    readonly folder: string;
    /**
     * The account that owns the organization trail: its management account, also when CloudTrail's
     * delegated administrator created the trail (CloudTrail user guide, "Organization delegated
     * administrator": the management account remains the owner of the trails it creates).
     */
    readonly trailAccountId: Text;
    /** Account trails admitted beside it (the hub's own, the listed accounts' with `accountTrails`). */
    readonly accountTrails: readonly AccountTrail[];
}

const ACL = { "s3:x-amz-acl": "bucket-owner-full-control" };

/**
 * The ARN pattern of one account's trails, in any region (CloudTrail user guide, "Cross-service
 * confused deputy prevention": `arn:aws:cloudtrail:*:AccountID:trail/*` with a wildcard operator).
 */
export function accountTrailsPattern<T extends Text>(partition: T, accountId: T): T {
    return join<T>("arn:", partition, ":cloudtrail:*:", accountId, ":trail/*");
}

/** One value, or the list of several (IAM takes either). */
function oneOrMany<T>(values: readonly T[]): T | T[] {
    return values.length === 1 ? values[0] : [...values];
}

/**
 * CloudTrail's statements. Bucket: the CloudTrail user guide, "Amazon S3 bucket policy for
 * CloudTrail": `s3:GetBucketAcl` on the bucket and `s3:PutObject` on `<prefix>/AWSLogs/<account>/*`
 * with the ACL condition, both bound to the trail by `aws:SourceArn`. Key: "Configure AWS KMS key
 * policies for CloudTrail", required elements for trails: encrypt (`GenerateDataKey*` with the trail
 * encryption context), describe the key, and `kms:Decrypt`, which a bucket with an S3 Bucket Key
 * needs to create or update a trail with SSE-KMS (CreateTrail fails with
 * InsufficientEncryptionPolicyException without it). In an organization hub: the statements of
 * "Creating a trail for an organization" (the bucket check, and writes to `AWSLogs/<orgId>/*` and to
 * the owner's own `AWSLogs/<owner>/*`, bound by `aws:SourceArn` to the trails of the account that
 * owns the organization trail: "the value of aws:SourceArn must be a trail ARN that is owned by the
 * management account"), and those of "Setting bucket policy for multiple accounts" for the account
 * trails admitted (each account's `AWSLogs/<account>/*`, bound to that account's trails). No
 * `aws:SourceOrgID`: the CloudTrail guide binds writers to trails, and it would admit a trail of any
 * account of the organization. In the key, the same trails by `aws:SourceArn` and by the encryption
 * context CloudTrail sets (`kms:EncryptionContext:aws:cloudtrail:arn`).
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
        const Principal = { Service: CLOUD_TRAIL_SERVICE };
        return members.flatMap((m): PolicyStatement<T | string>[] => {
            const organizationTrails = accountTrailsPattern(at.partition, m.trailAccountId as T);
            const accountTrails = m.accountTrails.map((t) => t.trailArn as T);
            const statements: PolicyStatement<T | string>[] = [
                {
                    Sid: "CloudTrailAclCheck",
                    Effect: "Allow",
                    Principal,
                    Action: "s3:GetBucketAcl",
                    Resource: at.bucketArn,
                    Condition: {
                        ArnLike: {
                            "aws:SourceArn": oneOrMany([organizationTrails, ...accountTrails]),
                        },
                    },
                },
                {
                    Sid: "CloudTrailWrite",
                    Effect: "Allow",
                    Principal,
                    Action: "s3:PutObject",
                    Resource: [
                        join<T>(at.bucketArn, `/${m.folder}AWSLogs/${at.organizationId}/*`),
                        join<T>(at.bucketArn, `/${m.folder}AWSLogs/`, m.trailAccountId as T, "/*"),
                    ],
                    Condition: {
                        StringEquals: ACL,
                        ArnLike: { "aws:SourceArn": organizationTrails },
                    },
                },
            ];
            if (m.accountTrails.length > 0) {
                // One statement for every admitted account (a bucket policy holds 20 KB): each
                // trail writes only its own account's folder, which CloudTrail names.
                statements.push({
                    Sid: "CloudTrailAccountTrailsWrite",
                    Effect: "Allow",
                    Principal,
                    Action: "s3:PutObject",
                    Resource: oneOrMany(
                        m.accountTrails.map((t) =>
                            join<T>(at.bucketArn, `/${m.folder}AWSLogs/`, t.accountId as T, "/*"),
                        ),
                    ),
                    Condition: {
                        StringEquals: ACL,
                        ArnLike: { "aws:SourceArn": oneOrMany(accountTrails) },
                    },
                });
            }
            return statements;
        });
    },
    organizationKeyStatements<T extends Text>(
        members: readonly CloudTrailOrganizationWriter[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[] {
        const Principal = { Service: CLOUD_TRAIL_SERVICE };
        return members.flatMap((m): PolicyStatement<T | string>[] => {
            const owners = [m.trailAccountId, ...m.accountTrails.map((t) => t.accountId)];
            const source = {
                ArnLike: {
                    "aws:SourceArn": oneOrMany([
                        accountTrailsPattern(at.partition, m.trailAccountId as T),
                        ...m.accountTrails.map((t) => t.trailArn as T),
                    ]),
                },
            };
            return [
                {
                    Sid: "CloudTrailEncryptsLogs",
                    Effect: "Allow",
                    Principal,
                    Action: "kms:GenerateDataKey*",
                    Resource: "*",
                    Condition: {
                        ...source,
                        StringLike: {
                            "kms:EncryptionContext:aws:cloudtrail:arn": oneOrMany(
                                owners.map((a) => accountTrailsPattern(at.partition, a as T)),
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
                    Condition: source,
                },
                {
                    Sid: "CloudTrailDecryptsWithBucketKey",
                    Effect: "Allow",
                    Principal,
                    Action: "kms:Decrypt",
                    Resource: "*",
                    Condition: source,
                },
            ];
        });
    },
};
