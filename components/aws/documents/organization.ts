// The writer statements of an organization hub's bucket and key: each service writer is admitted
// from any account of the organization (`aws:SourceOrgID`, IAM user guide, "AWS global condition
// context keys"), still bound to its service (its `aws:SourceArn` pattern) and to its log type's
// folder in the bucket.
import type * as pulumi from "@pulumi/pulumi";
import { FLOW_LOG_DELIVERY_KMS_ACTIONS, LOG_TYPE_CATALOG } from "../../shared/catalog";
import { PolicyCondition, PolicyStatement, Text, join } from "./common";

/** The log types an organization hub admits writers for, with the folder each writes under. */
export interface OrganizationWriters<T extends Text = string> {
    readonly organizationId: string;
    /** Trails of the organization (organization trails and account trails) write under `<folder>AWSLogs/`. */
    readonly cloudTrail?: { readonly folder: string };
    /** Flow-log deliveries of the organization's accounts write under `<folder>AWSLogs/`. */
    readonly vpcFlowLogs?: { readonly folder: string };
    /**
     * GuardDuty exports of the organization write under `<folder>`; `principals` are the global
     * principal and the regional ones of the opt-in regions exports come from.
     */
    readonly guardDuty?: {
        readonly folder: string;
        readonly principals: readonly T[] | pulumi.Output<string | string[]>;
    };
}

function bound<T extends Text>(
    organizationId: string,
    sourceArn: T,
    extra: Record<string, string> = {},
): PolicyCondition<T | string> {
    return {
        StringEquals: { ...extra, "aws:SourceOrgID": organizationId },
        ArnLike: { "aws:SourceArn": sourceArn },
    };
}

/**
 * The bucket statements: the writer statements each guide documents (CloudTrail user guide,
 * "Amazon S3 bucket policy for CloudTrail" for organization trails; VPC user guide, "Amazon S3
 * bucket permissions for flow logs"; GuardDuty user guide, "Exporting generated findings"), with the
 * account binding replaced by the organization's.
 */
export function organizationBucketStatements<T extends Text>(
    bucketArn: T,
    partition: T,
    writers: OrganizationWriters<T>,
): PolicyStatement<T | string>[] {
    const org = writers.organizationId;
    const acl = { "s3:x-amz-acl": "bucket-owner-full-control" };
    const statements: PolicyStatement<T | string>[] = [];
    if (writers.cloudTrail) {
        const Principal = { Service: LOG_TYPE_CATALOG.cloudTrail.writerService };
        const trails = join<T>("arn:", partition, ":cloudtrail:*:*:trail/*");
        statements.push(
            {
                Sid: "CloudTrailAclCheck",
                Effect: "Allow",
                Principal,
                Action: "s3:GetBucketAcl",
                Resource: bucketArn,
                Condition: bound(org, trails),
            },
            {
                Sid: "CloudTrailWrite",
                Effect: "Allow",
                Principal,
                Action: "s3:PutObject",
                Resource: join<T>(bucketArn, `/${writers.cloudTrail.folder}AWSLogs/*`),
                Condition: bound(org, trails, acl),
            },
        );
    }
    if (writers.vpcFlowLogs) {
        const Principal = { Service: LOG_TYPE_CATALOG.vpcFlowLogs.writerService };
        const deliveries = join<T>("arn:", partition, ":logs:*:*:*");
        statements.push(
            {
                Sid: "FlowLogsAclCheck",
                Effect: "Allow",
                Principal,
                Action: "s3:GetBucketAcl",
                Resource: bucketArn,
                Condition: bound(org, deliveries),
            },
            {
                Sid: "FlowLogsWrite",
                Effect: "Allow",
                Principal,
                Action: "s3:PutObject",
                Resource: join<T>(bucketArn, `/${writers.vpcFlowLogs.folder}AWSLogs/*`),
                Condition: bound(org, deliveries, acl),
            },
        );
    }
    if (writers.guardDuty) {
        const Principal = { Service: writers.guardDuty.principals as T[] };
        const detectors = join<T>("arn:", partition, ":guardduty:*:*:detector/*");
        statements.push(
            {
                Sid: "GuardDutyBucketLocation",
                Effect: "Allow",
                Principal,
                Action: "s3:GetBucketLocation",
                Resource: bucketArn,
                Condition: bound(org, detectors),
            },
            {
                Sid: "GuardDutyWrite",
                Effect: "Allow",
                Principal,
                Action: "s3:PutObject",
                Resource: join<T>(bucketArn, `/${writers.guardDuty.folder}*`),
                Condition: bound(org, detectors),
            },
        );
    }
    return statements;
}

/**
 * The key statements: what each writer's guide requires of the key (as for a single account,
 * `keys.ts`), bound to the organization instead of one account.
 */
export function organizationKeyStatements<T extends Text>(
    partition: T,
    writers: OrganizationWriters<T>,
): PolicyStatement<T | string>[] {
    const org = writers.organizationId;
    const statements: PolicyStatement<T | string>[] = [];
    if (writers.cloudTrail) {
        const Principal = { Service: LOG_TYPE_CATALOG.cloudTrail.writerService };
        const trails = join<T>("arn:", partition, ":cloudtrail:*:*:trail/*");
        statements.push(
            {
                Sid: "CloudTrailEncryptsLogs",
                Effect: "Allow",
                Principal,
                Action: "kms:GenerateDataKey*",
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceOrgID": org },
                    StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": trails },
                },
            },
            {
                Sid: "CloudTrailDescribesKey",
                Effect: "Allow",
                Principal,
                Action: "kms:DescribeKey",
                Resource: "*",
                Condition: bound(org, trails),
            },
            {
                Sid: "CloudTrailDecryptsWithBucketKey",
                Effect: "Allow",
                Principal,
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: bound(org, trails),
            },
        );
    }
    if (writers.vpcFlowLogs) {
        statements.push({
            Sid: "FlowLogsEncryptLogs",
            Effect: "Allow",
            Principal: { Service: LOG_TYPE_CATALOG.vpcFlowLogs.writerService },
            Action: [...FLOW_LOG_DELIVERY_KMS_ACTIONS],
            Resource: "*",
            Condition: bound(org, join<T>("arn:", partition, ":logs:*:*:*")),
        });
    }
    if (writers.guardDuty) {
        statements.push({
            Sid: "GuardDutyEncryptsFindings",
            Effect: "Allow",
            Principal: { Service: writers.guardDuty.principals as T[] },
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: "*",
            Condition: bound(org, join<T>("arn:", partition, ":guardduty:*:*:detector/*")),
        });
    }
    return statements;
}
