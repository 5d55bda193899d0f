// The `delivery.logs.amazonaws.com` writer family: the log delivery service that writes VPC flow
// logs, Route 53 Resolver query logs, Network Firewall logs and CloudFront standard logs into S3.
// One pair of bucket statements and one key statement serve every source of the family: in a
// single account they cover `AWSLogs/<account>/*`, in an organization hub each member's folder.
import { PolicyCondition, PolicyStatement, Text, join } from "../../aws/documents/common";
import type { AccountBinding, OrganizationBinding, WriterFamily } from "../types";
import { FLOW_LOG_DELIVERY_KMS_ACTIONS, LOG_DELIVERY_SERVICE } from "./services";

export { FLOW_LOG_DELIVERY_KMS_ACTIONS, LOG_DELIVERY_SERVICE };

/** A member of the family in an organization hub: the folder it writes under. */
export interface DeliveryLogsOrganizationMember {
    readonly folder: string;
}

/** The ARN pattern of log deliveries from one account and region (`arn:<p>:logs:<region>:<account>:*`). */
export function logDeliverySourceArn<T extends Text>(partition: T, region: T, accountId: T): T {
    return join<T>("arn:", partition, ":logs:", region, ":", accountId, ":*");
}

const ACL = { "s3:x-amz-acl": "bucket-owner-full-control" };

/** The conditions that bind log deliveries to an organization's accounts, in any region. */
export function organizationBound<T extends Text>(
    organizationId: string,
    partition: T,
    extra: Record<string, string> = {},
): PolicyCondition<T | string> {
    return {
        StringEquals: { ...extra, "aws:SourceOrgID": organizationId },
        ArnLike: { "aws:SourceArn": join<T>("arn:", partition, ":logs:*:*:*") },
    };
}

/**
 * The family's statements. Single account: the VPC user guide, "Amazon S3 bucket permissions for
 * flow logs" (the same pair the CloudWatch Logs user guide, "Enabling logging from AWS services" →
 * "Logs sent to Amazon S3", gives every service that delivers through it): `s3:GetBucketAcl` on the
 * bucket and `s3:PutObject` on `AWSLogs/<account>/*` with the ACL condition, both bound by
 * `aws:SourceAccount` and `aws:SourceArn` `arn:<p>:logs:<region>:<account>:*`. The key: that guide's
 * SSE-KMS statement (`FLOW_LOG_DELIVERY_KMS_ACTIONS`), bound the same way. The Sids are the guide's
 * (`AWSLogDeliveryAclCheck`, `AWSLogDeliveryWrite`): one pair admits every source of the family.
 */
export const DELIVERY_LOGS: WriterFamily<Record<string, never>, DeliveryLogsOrganizationMember> = {
    principal: LOG_DELIVERY_SERVICE,
    bucketStatements<T extends Text>(
        members: readonly Record<string, never>[],
        at: AccountBinding<T>,
    ): PolicyStatement<T | string>[] {
        if (members.length === 0) {
            return [];
        }
        const Principal = { Service: LOG_DELIVERY_SERVICE };
        const account = { "aws:SourceAccount": at.accountId };
        const source = {
            "aws:SourceArn": logDeliverySourceArn(at.partition, at.region, at.accountId),
        };
        return [
            {
                Sid: "AWSLogDeliveryAclCheck",
                Effect: "Allow",
                Principal,
                Action: "s3:GetBucketAcl",
                Resource: at.bucketArn,
                Condition: { StringEquals: account, ArnLike: source },
            },
            {
                Sid: "AWSLogDeliveryWrite",
                Effect: "Allow",
                Principal,
                Action: "s3:PutObject",
                Resource: join<T>(at.bucketArn, `/${at.keyPrefix}AWSLogs/`, at.accountId, "/*"),
                Condition: { StringEquals: { ...ACL, ...account }, ArnLike: source },
            },
        ];
    },
    keyStatements<T extends Text>(
        members: readonly Record<string, never>[],
        at: AccountBinding<T>,
    ): PolicyStatement<T | string>[] {
        if (members.length === 0) {
            return [];
        }
        return [
            {
                Sid: "AWSLogDeliveryEncryptsLogs",
                Effect: "Allow",
                Principal: { Service: LOG_DELIVERY_SERVICE },
                Action: [...FLOW_LOG_DELIVERY_KMS_ACTIONS],
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceAccount": at.accountId },
                    ArnLike: {
                        "aws:SourceArn": logDeliverySourceArn(
                            at.partition,
                            at.region,
                            at.accountId,
                        ),
                    },
                },
            },
        ];
    },
    organizationBucketStatements<T extends Text>(
        members: readonly DeliveryLogsOrganizationMember[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[] {
        if (members.length === 0) {
            return [];
        }
        const Principal = { Service: LOG_DELIVERY_SERVICE };
        const written = members.map((m) => join<T>(at.bucketArn, `/${m.folder}AWSLogs/*`));
        return [
            {
                Sid: "AWSLogDeliveryAclCheck",
                Effect: "Allow",
                Principal,
                Action: "s3:GetBucketAcl",
                Resource: at.bucketArn,
                Condition: organizationBound(at.organizationId, at.partition),
            },
            {
                Sid: "AWSLogDeliveryWrite",
                Effect: "Allow",
                Principal,
                Action: "s3:PutObject",
                Resource: written.length === 1 ? written[0] : written,
                Condition: organizationBound(at.organizationId, at.partition, ACL),
            },
        ];
    },
    organizationKeyStatements<T extends Text>(
        members: readonly DeliveryLogsOrganizationMember[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[] {
        if (members.length === 0) {
            return [];
        }
        return [
            {
                Sid: "AWSLogDeliveryEncryptsLogs",
                Effect: "Allow",
                Principal: { Service: LOG_DELIVERY_SERVICE },
                Action: [...FLOW_LOG_DELIVERY_KMS_ACTIONS],
                Resource: "*",
                Condition: organizationBound(at.organizationId, at.partition),
            },
        ];
    },
};
