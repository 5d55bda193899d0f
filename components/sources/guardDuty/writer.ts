// GuardDuty's writer, `guardduty.amazonaws.com` (regional in opt-in regions): the statements its
// guide requires in the bucket and key policies, bound to the account and detector (in an
// organization hub, to GuardDuty's delegated administrator and its detectors).
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
 * The GuardDuty exports of an organization writing under a folder: its delegated administrator's
 * detectors, whose exports carry every member's findings; `principals` are the global principal and
 * the regional ones of the opt-in regions exports come from.
 */
export interface GuardDutyOrganizationWriter {
    readonly folder: string;
    /** GuardDuty's delegated administrator, the one account whose detectors export. */
    readonly administratorAccountId: Text;
    readonly principals: readonly Text[] | pulumi.Output<string | string[]>;
}

/**
 * The administrator's detectors, in any region: the guide's `aws:SourceAccount` (the account that
 * owns the exporting detectors) and `aws:SourceArn` (their ARNs; a detector's ID is known only once
 * the log source creates it, and an account has one detector per region).
 */
function administratorBound<T extends Text>(
    partition: T,
    administrator: T,
): PolicyCondition<T | string> {
    return {
        StringEquals: { "aws:SourceAccount": administrator },
        ArnLike: {
            "aws:SourceArn": join<T>(
                "arn:",
                partition,
                ":guardduty:*:",
                administrator,
                ":detector/*",
            ),
        },
    };
}

/**
 * GuardDuty's statements. Bucket: the GuardDuty user guide, "Exporting generated findings to Amazon
 * S3 buckets", step 3: `s3:GetBucketLocation` on the bucket and `s3:PutObject` on
 * `<bucket>/[prefix]/*`, bound to the account and the detector (no ACL condition). Key: step 2,
 * `kms:GenerateDataKey` bound the same way, plus `kms:Decrypt`, which S3 needs from the writer of an
 * SSE-KMS object under an S3 Bucket Key (S3 user guide, "Reducing the cost of SSE-KMS with Amazon S3
 * Bucket Keys").
 *
 * In an organization hub the same statements, bound to GuardDuty's delegated administrator: "When
 * you configure export findings in an administrator account, all the findings from the associated
 * member accounts that are generated in the same Region are also exported" (same page), and its
 * policies bind the exporting account and detector. Not `aws:SourceOrgID`, which the GuardDuty guide
 * does not show, and which would let any member's detector export (duplicates in `AWSGuardDuty`).
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
        return members.flatMap((m) => {
            const Principal = { Service: m.principals as T[] };
            const Condition = administratorBound(at.partition, m.administratorAccountId as T);
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
                    Resource: join<T>(at.bucketArn, `/${m.folder}*`),
                    Condition,
                },
            ];
        });
    },
    organizationKeyStatements<T extends Text>(
        members: readonly GuardDutyOrganizationWriter[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[] {
        return members.map((m) => ({
            Sid: "GuardDutyEncryptsFindings",
            Effect: "Allow",
            Principal: { Service: m.principals as T[] },
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: "*",
            Condition: administratorBound(at.partition, m.administratorAccountId as T),
        }));
    },
};
