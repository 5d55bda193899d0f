// The `delivery.logs.amazonaws.com` writer family: the log delivery service that writes VPC flow
// logs, Route 53 Resolver query logs, Network Firewall logs and CloudFront standard logs into S3.
// One pair of bucket statements and one key statement serve every source of the family: in a
// single account they cover `AWSLogs/<account>/*`, in an organization hub each member's folder.
import * as pulumi from "@pulumi/pulumi";
import { PolicyCondition, PolicyStatement, Text, join } from "../../aws/documents/common";
import type { AccountBinding, OrganizationBinding, WriterFamily } from "../types";
import { FLOW_LOG_DELIVERY_KMS_ACTIONS, LOG_DELIVERY_SERVICE } from "./services";

export { FLOW_LOG_DELIVERY_KMS_ACTIONS, LOG_DELIVERY_SERVICE };

/**
 * A member of the family in a single-account hub: the regions its deliveries come from, where they
 * are not the hub's own (a web ACL's region, `us-east-1` for CloudFront's).
 */
export interface DeliveryLogsMember {
    readonly regions?: readonly string[];
    /**
     * It writes Hive-compatible folders, `AWSLogs/aws-account-id=<account>/…` (VPC user guide,
     * "Amazon S3 bucket permissions for flow logs": the resource is then
     * `…/AWSLogs/aws-account-id=account_id/*`) instead of `AWSLogs/<account>/`.
     */
    readonly hiveCompatible?: boolean;
}

/** A member of the family in an organization hub: the folder it writes under. */
export interface DeliveryLogsOrganizationMember {
    readonly folder: string;
    /** The folders it writes under, where it has several (one per Network Firewall log type). */
    readonly folders?: readonly string[];
}

/** The ARN pattern of log deliveries from one account and region (`arn:<p>:logs:<region>:<account>:*`). */
export function logDeliverySourceArn<T extends Text>(partition: T, region: T, accountId: T): T {
    return join<T>("arn:", partition, ":logs:", region, ":", accountId, ":*");
}

const ACL = { "s3:x-amz-acl": "bucket-owner-full-control" };

/**
 * The log-delivery ARN patterns of the members' regions (the hub's, for a member that names none),
 * one string for one region as the guides write it.
 */
function deliverySources<T extends Text>(
    members: readonly DeliveryLogsMember[],
    at: AccountBinding<T>,
): T | T[] {
    const named = [...new Set(members.flatMap((m) => m.regions ?? []))];
    const hub = members.some((m) => m.regions === undefined) ? [at.region] : [];
    const arns = [...hub, ...named].map((r) =>
        logDeliverySourceArn<T>(at.partition, r as T, at.accountId),
    );
    if (arns.length === 1) {
        return arns[0];
    }
    // A named region may be the hub's, known only once the hub's region is: the list is then one
    // value the document resolves (`documentJson` resolves nested Outputs), without duplicates.
    return arns.every((a) => typeof a === "string")
        ? ([...new Set(arns)] as T[])
        : (pulumi.all(arns).apply((list) => [...new Set(list)]) as unknown as T[]);
}

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
export const DELIVERY_LOGS: WriterFamily<DeliveryLogsMember, DeliveryLogsOrganizationMember> = {
    principal: LOG_DELIVERY_SERVICE,
    bucketStatements<T extends Text>(
        members: readonly DeliveryLogsMember[],
        at: AccountBinding<T>,
    ): PolicyStatement<T | string>[] {
        if (members.length === 0) {
            return [];
        }
        const Principal = { Service: LOG_DELIVERY_SERVICE };
        const account = { "aws:SourceAccount": at.accountId };
        const source = { "aws:SourceArn": deliverySources(members, at) };
        const written = join<T>(at.bucketArn, `/${at.keyPrefix}AWSLogs/`, at.accountId, "/*");
        const hive = join<T>(
            at.bucketArn,
            `/${at.keyPrefix}AWSLogs/aws-account-id=`,
            at.accountId,
            "/*",
        );
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
                Resource: ((list) => (list.length === 1 ? list[0] : list))([
                    ...(members.some((m) => !m.hiveCompatible) ? [written] : []),
                    ...(members.some((m) => m.hiveCompatible) ? [hive] : []),
                ]),
                Condition: { StringEquals: { ...ACL, ...account }, ArnLike: source },
            },
        ];
    },
    keyStatements<T extends Text>(
        members: readonly DeliveryLogsMember[],
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
                    ArnLike: { "aws:SourceArn": deliverySources(members, at) },
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
        const written = members.flatMap((m) =>
            (m.folders ?? [m.folder]).map((f) => join<T>(at.bucketArn, `/${f}AWSLogs/*`)),
        );
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
