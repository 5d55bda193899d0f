// GuardDuty's writer, `guardduty.amazonaws.com` (regional in opt-in regions): the statements its
// guide requires in the bucket and key policies, bound to the account and detector (or, in an
// organization hub, to the organization's detectors).
import type * as pulumi from "@pulumi/pulumi";
import { PolicyCondition, PolicyStatement, Text, join } from "../../aws/documents/common";
import type { AccountBinding, OrganizationBinding, WriterFamily } from "../types";
import { GUARD_DUTY_SERVICE } from "./facts";

/** The ARN pattern of the GuardDuty detector of one account and region. */
export function detectorArnPattern<T extends Text>(partition: T, region: T, accountId: T): T {
    return join<T>("arn:", partition, ":guardduty:", region, ":", accountId, ":detector/*");
}

/**
 * The detector exporting findings to a single-account hub: its ARN (or, for a detector the
 * component creates, the ARN pattern of the region's detector: an account has one detector per
 * region, GuardDuty API reference, CreateDetector) and the principal GuardDuty signs with there.
 */
export interface GuardDutyWriter {
    readonly detectorArn: Text;
    readonly principal: Text | readonly Text[] | pulumi.Output<string | string[]>;
}

/**
 * GuardDuty exports of an organization writing under a folder; `principals` are the global
 * principal and the regional ones of the opt-in regions exports come from.
 */
export interface GuardDutyOrganizationWriter {
    readonly folder: string;
    readonly principals: readonly Text[] | pulumi.Output<string | string[]>;
}

function organizationBound<T extends Text>(
    organizationId: string,
    detectors: T,
): PolicyCondition<T | string> {
    return {
        StringEquals: { "aws:SourceOrgID": organizationId },
        ArnLike: { "aws:SourceArn": detectors },
    };
}

/**
 * GuardDuty's statements. Bucket: the GuardDuty user guide, "Exporting generated findings to Amazon
 * S3 buckets", step 3: `s3:GetBucketLocation` on the bucket and `s3:PutObject` on
 * `<bucket>/[prefix]/*`, bound to the account and the detector (no ACL condition). Key: step 2,
 * `kms:GenerateDataKey` bound the same way, plus `kms:Decrypt`, which S3 needs from the writer of an
 * SSE-KMS object under an S3 Bucket Key (S3 user guide, "Reducing the cost of SSE-KMS with Amazon S3
 * Bucket Keys").
 */
export const GUARD_DUTY_WRITER: WriterFamily<GuardDutyWriter, GuardDutyOrganizationWriter> = {
    principal: GUARD_DUTY_SERVICE,
    bucketStatements<T extends Text>(
        members: readonly GuardDutyWriter[],
        at: AccountBinding<T>,
    ): PolicyStatement<T | string>[] {
        return members.flatMap((m) => {
            const Principal = { Service: m.principal as T | T[] };
            const Condition = {
                StringEquals: { "aws:SourceAccount": at.accountId },
                ArnLike: { "aws:SourceArn": m.detectorArn as T },
            };
            return [
                {
                    Sid: "GuardDutyBucketLocation",
                    Effect: "Allow",
                    Principal,
                    Action: "s3:GetBucketLocation",
                    Resource: at.bucketArn,
                    Condition,
                },
                {
                    Sid: "GuardDutyWrite",
                    Effect: "Allow",
                    Principal,
                    Action: "s3:PutObject",
                    Resource: join<T>(at.bucketArn, `/${at.keyPrefix}*`),
                    Condition,
                },
            ];
        });
    },
    keyStatements<T extends Text>(
        members: readonly GuardDutyWriter[],
        at: AccountBinding<T>,
    ): PolicyStatement<T | string>[] {
        return members.map((m) => ({
            Sid: "GuardDutyEncryptsFindings",
            Effect: "Allow",
            Principal: { Service: m.principal as T | T[] },
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceAccount": at.accountId },
                ArnLike: { "aws:SourceArn": m.detectorArn as T },
            },
        }));
    },
    organizationBucketStatements<T extends Text>(
        members: readonly GuardDutyOrganizationWriter[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[] {
        const detectors = join<T>("arn:", at.partition, ":guardduty:*:*:detector/*");
        return members.flatMap((m) => {
            const Principal = { Service: m.principals as T[] };
            return [
                {
                    Sid: "GuardDutyBucketLocation",
                    Effect: "Allow",
                    Principal,
                    Action: "s3:GetBucketLocation",
                    Resource: at.bucketArn,
                    Condition: organizationBound(at.organizationId, detectors),
                },
                {
                    Sid: "GuardDutyWrite",
                    Effect: "Allow",
                    Principal,
                    Action: "s3:PutObject",
                    Resource: join<T>(at.bucketArn, `/${m.folder}*`),
                    Condition: organizationBound(at.organizationId, detectors),
                },
            ];
        });
    },
    organizationKeyStatements<T extends Text>(
        members: readonly GuardDutyOrganizationWriter[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[] {
        const detectors = join<T>("arn:", at.partition, ":guardduty:*:*:detector/*");
        return members.map((m) => ({
            Sid: "GuardDutyEncryptsFindings",
            Effect: "Allow",
            Principal: { Service: m.principals as T[] },
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: "*",
            Condition: organizationBound(at.organizationId, detectors),
        }));
    },
};
