// ELB's writers, each as its guide admits it: Application Load Balancers write with the region's
// ELB account (or, in regions launched since August 2022, logdelivery.elasticloadbalancing) under
// the ALB folder, bound only by the account folder in the resource (the guide shows no condition);
// Network Load Balancers write through delivery.logs.amazonaws.com, bound by aws:SourceAccount and
// aws:SourceArn, under the NLB folder.
import * as pulumi from "@pulumi/pulumi";
import { PolicyPrincipal, PolicyStatement, Text, join } from "../../aws/documents/common";
import type { AccountBinding, OrganizationBinding, WriterFamily } from "../types";
import { logDeliverySourceArn, organizationBound } from "../writers/deliveryLogs";
import { FLOW_LOG_DELIVERY_KMS_ACTIONS, LOG_DELIVERY_SERVICE } from "../writers/services";
import { ELB_LOG_DELIVERY_SERVICE, elbWriterPrincipal } from "./accounts";
import { ELB_CONNECTION_FOLDERS } from "./facts";

/** A single-account hub admits its own account's load balancers of its region (nothing to name). */
export type ElbWriter = Record<string, never>;

/** An organization hub admits the listed accounts' load balancers of its region. */
export interface ElbOrganizationWriter {
    readonly folder: string;
    readonly accountIds: readonly string[];
    /** The hub's region: the load balancers' (ELB writes only to a bucket of its own region). */
    readonly region: Text;
}

const ACL = { "s3:x-amz-acl": "bucket-owner-full-control" };
const ALB = ELB_CONNECTION_FOLDERS.albAccessLogs;
const NLB = ELB_CONNECTION_FOLDERS.nlbAccessLogs;

/**
 * The ALB writer of a region as a policy principal: which one it is depends on the region, so for
 * a region known only once the engine resolves it, the whole principal is that Output (the
 * document serializer resolves Outputs at any depth).
 */
export function albPrincipal<T extends Text>(partition: T, region: T): PolicyPrincipal<T> {
    if (typeof partition === "string" && typeof region === "string") {
        return elbWriterPrincipal(partition, region) as PolicyPrincipal<T>;
    }
    return pulumi
        .all([partition, region])
        .apply(([p, r]) => elbWriterPrincipal(p, r)) as unknown as PolicyPrincipal<T>;
}

/** The ALB statement: PutObject on the account folders, as the ALB guide's step 2 gives it. */
function albStatement<T extends Text>(principal: PolicyPrincipal<T>, resources: T[]) {
    return {
        Sid: "ElbAlbAccessLogsWrite",
        Effect: "Allow",
        Principal: principal,
        Action: "s3:PutObject",
        Resource: resources.length === 1 ? resources[0] : resources,
    } satisfies PolicyStatement<T | string>;
}

/**
 * The family's statements. ALB: the ALB user guide, "Enable access logs for your Application Load
 * Balancer", step 2: `s3:PutObject` on `<bucket>/<prefix>/AWSLogs/<account>/*` for the region's
 * ELB account (`arn:aws:iam::<elb-account-id>:root`) or, in newer regions,
 * `logdelivery.elasticloadbalancing.amazonaws.com`; no condition, no key (the bucket must be
 * SSE-S3). NLB: the NLB user guide, "Enable access logs for your Network Load Balancer": the
 * `delivery.logs.amazonaws.com` pair (`s3:GetBucketAcl` on the bucket, `s3:PutObject` on
 * `<bucket>/<prefix>/AWSLogs/<account>/*` with the ACL condition), bound by `aws:SourceAccount` and
 * `aws:SourceArn` `arn:aws:logs:<region>:<account>:*`, and for an SSE-KMS bucket the key statement
 * of the CloudWatch Logs guide. The Sids are the family's own, beside the `delivery.logs` family's.
 */
export const ELB_WRITER: WriterFamily<ElbWriter, ElbOrganizationWriter> = {
    principal: `${ELB_LOG_DELIVERY_SERVICE} or the region's ELB account; ${LOG_DELIVERY_SERVICE}`,
    bucketStatements<T extends Text>(
        members: readonly ElbWriter[],
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
            albStatement(albPrincipal(at.partition, at.region), [
                join<T>(at.bucketArn, `/${at.keyPrefix}${ALB}AWSLogs/`, at.accountId, "/*"),
            ]),
            {
                Sid: "ElbNlbLogDeliveryAclCheck",
                Effect: "Allow",
                Principal,
                Action: "s3:GetBucketAcl",
                Resource: at.bucketArn,
                Condition: { StringEquals: account, ArnLike: source },
            },
            {
                Sid: "ElbNlbLogDeliveryWrite",
                Effect: "Allow",
                Principal,
                Action: "s3:PutObject",
                Resource: join<T>(
                    at.bucketArn,
                    `/${at.keyPrefix}${NLB}AWSLogs/`,
                    at.accountId,
                    "/*",
                ),
                Condition: { StringEquals: { ...ACL, ...account }, ArnLike: source },
            },
        ];
    },
    keyStatements<T extends Text>(
        members: readonly ElbWriter[],
        at: AccountBinding<T>,
    ): PolicyStatement<T | string>[] {
        if (members.length === 0) {
            return [];
        }
        return [
            {
                Sid: "ElbNlbLogDeliveryEncryptsLogs",
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
        members: readonly ElbOrganizationWriter[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[] {
        return members.flatMap((m) => {
            const Principal = { Service: LOG_DELIVERY_SERVICE };
            return [
                albStatement(
                    albPrincipal(at.partition, m.region as T),
                    m.accountIds.map((a) =>
                        join<T>(at.bucketArn, `/${m.folder}${ALB}AWSLogs/${a}/*`),
                    ),
                ),
                {
                    Sid: "ElbNlbLogDeliveryAclCheck",
                    Effect: "Allow",
                    Principal,
                    Action: "s3:GetBucketAcl",
                    Resource: at.bucketArn,
                    Condition: organizationBound(at.organizationId, at.partition),
                },
                {
                    Sid: "ElbNlbLogDeliveryWrite",
                    Effect: "Allow",
                    Principal,
                    Action: "s3:PutObject",
                    Resource: join<T>(at.bucketArn, `/${m.folder}${NLB}AWSLogs/*`),
                    Condition: organizationBound(at.organizationId, at.partition, ACL),
                },
            ];
        });
    },
    organizationKeyStatements<T extends Text>(
        members: readonly ElbOrganizationWriter[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[] {
        return members.length === 0
            ? []
            : [
                  {
                      Sid: "ElbNlbLogDeliveryEncryptsLogs",
                      Effect: "Allow",
                      Principal: { Service: LOG_DELIVERY_SERVICE },
                      Action: [...FLOW_LOG_DELIVERY_KMS_ACTIONS],
                      Resource: "*",
                      Condition: organizationBound(at.organizationId, at.partition),
                  },
              ];
    },
};
