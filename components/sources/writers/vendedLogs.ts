// The vended-logs writer: log deliveries made through the CloudWatch Logs delivery API (a delivery
// source for the resource, a delivery destination for the bucket, and a delivery pairing them),
// which `delivery.logs.amazonaws.com` writes in the region the delivery is made in. CloudFront
// standard logging (v2) delivers this way, from us-east-1 whatever the bucket's region, so its
// statements name the deliveries' region rather than the hub's.
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement, Text, join } from "../../aws/documents/common";
import type { AccountBinding, OrganizationBinding, WriterFamily } from "../types";
import { logDeliverySourceArn, organizationBound } from "./deliveryLogs";
import { FLOW_LOG_DELIVERY_KMS_ACTIONS, LOG_DELIVERY_SERVICE } from "./services";

/** A source whose deliveries a single-account hub admits: the regions they are made in. */
export interface VendedLogsWriter {
    readonly regions: readonly string[];
}

/** A source whose deliveries an organization hub admits from every account: the folder they write. */
export interface VendedLogsOrganizationWriter {
    readonly folder: string;
}

const ACL = { "s3:x-amz-acl": "bucket-owner-full-control" };

/** The deliveries' source ARNs: one pattern per region, each of the account's log deliveries there. */
function sourceArns<T extends Text>(
    members: readonly VendedLogsWriter[],
    at: AccountBinding<T>,
): T | T[] {
    const regions = [...new Set(members.flatMap((m) => m.regions))].sort();
    const arns = regions.map((r) =>
        logDeliverySourceArn<T | string>(at.partition, r, at.accountId),
    );
    return (arns.length === 1 ? arns[0] : arns) as T | T[];
}

/**
 * The family's statements, as the CloudWatch Logs user guide gives them for deliveries to S3
 * ("Enabling logging from AWS services", "Logs sent to Amazon S3", the V2 page): `s3:GetBucketAcl`
 * on the bucket and `s3:PutObject` on `AWSLogs/<account>/*` with the ACL condition, both bound by
 * `aws:SourceAccount` and `aws:SourceArn` `arn:<p>:logs:<source region>:<account>:*` ("specify the
 * list of ARNs of the resource that generates the logs, in the form
 * arn:aws:logs:source-region:source-account-id:*"). The key: the same page's SSE-KMS statement.
 * The Sids are the family's own, so a bucket policy that also admits the `delivery.logs` family of
 * the hub's region keeps unique Sids.
 */
export const VENDED_LOGS: WriterFamily<VendedLogsWriter, VendedLogsOrganizationWriter> = {
    principal: LOG_DELIVERY_SERVICE,
    bucketStatements<T extends Text>(
        members: readonly VendedLogsWriter[],
        at: AccountBinding<T>,
    ): PolicyStatement<T | string>[] {
        if (members.length === 0) {
            return [];
        }
        const Principal = { Service: LOG_DELIVERY_SERVICE };
        const account = { "aws:SourceAccount": at.accountId };
        const source = { "aws:SourceArn": sourceArns(members, at) };
        return [
            {
                Sid: "VendedLogDeliveryAclCheck",
                Effect: "Allow",
                Principal,
                Action: "s3:GetBucketAcl",
                Resource: at.bucketArn,
                Condition: { StringEquals: account, ArnLike: source },
            },
            {
                Sid: "VendedLogDeliveryWrite",
                Effect: "Allow",
                Principal,
                Action: "s3:PutObject",
                Resource: join<T>(at.bucketArn, `/${at.keyPrefix}AWSLogs/`, at.accountId, "/*"),
                Condition: { StringEquals: { ...ACL, ...account }, ArnLike: source },
            },
        ];
    },
    keyStatements<T extends Text>(
        members: readonly VendedLogsWriter[],
        at: AccountBinding<T>,
    ): PolicyStatement<T | string>[] {
        if (members.length === 0) {
            return [];
        }
        return [
            {
                Sid: "VendedLogDeliveryEncryptsLogs",
                Effect: "Allow",
                Principal: { Service: LOG_DELIVERY_SERVICE },
                Action: [...FLOW_LOG_DELIVERY_KMS_ACTIONS],
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceAccount": at.accountId },
                    ArnLike: { "aws:SourceArn": sourceArns(members, at) },
                },
            },
        ];
    },
    organizationBucketStatements<T extends Text>(
        members: readonly VendedLogsOrganizationWriter[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[] {
        if (members.length === 0) {
            return [];
        }
        const Principal = { Service: LOG_DELIVERY_SERVICE };
        const written = members.map((m) => join<T>(at.bucketArn, `/${m.folder}AWSLogs/*`));
        return [
            {
                Sid: "VendedLogDeliveryAclCheck",
                Effect: "Allow",
                Principal,
                Action: "s3:GetBucketAcl",
                Resource: at.bucketArn,
                Condition: organizationBound(at.organizationId, at.partition),
            },
            {
                Sid: "VendedLogDeliveryWrite",
                Effect: "Allow",
                Principal,
                Action: "s3:PutObject",
                Resource: written.length === 1 ? written[0] : written,
                Condition: organizationBound(at.organizationId, at.partition, ACL),
            },
        ];
    },
    organizationKeyStatements<T extends Text>(
        members: readonly VendedLogsOrganizationWriter[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[] {
        if (members.length === 0) {
            return [];
        }
        return [
            {
                Sid: "VendedLogDeliveryEncryptsLogs",
                Effect: "Allow",
                Principal: { Service: LOG_DELIVERY_SERVICE },
                Action: [...FLOW_LOG_DELIVERY_KMS_ACTIONS],
                Resource: "*",
                Condition: organizationBound(at.organizationId, at.partition),
            },
        ];
    },
};

/** One resource whose logs a delivery sends. */
export interface VendedLogResource {
    /** Names its resources (`<name>-<key>`) and its outputs. */
    readonly key: string;
    /** The resource's ARN (the delivery source's `resourceArn`). */
    readonly resourceArn: pulumi.Input<string>;
}

/** What the deliveries are made of. */
export interface VendedLogDeliveriesArgs {
    /** The delivery source's log type (`ACCESS_LOGS` for CloudFront). */
    readonly logType: string;
    readonly resources: readonly VendedLogResource[];
    /** `arn:<p>:s3:::<bucket>` or `…:::<bucket>/<folder>` (without a trailing slash). */
    readonly destinationArn: pulumi.Input<string>;
    /** `plain`, `json`, `w3c`, `raw` or `parquet` (PutDeliveryDestination `outputFormat`). */
    readonly outputFormat: string;
    /** The record fields, in order (CreateDelivery `recordFields`). */
    readonly recordFields: readonly string[];
    /** The field delimiter of `plain`, `w3c` and `raw` output (CreateDelivery `fieldDelimiter`). */
    readonly fieldDelimiter?: string;
    /** The region the deliveries are made in. */
    readonly region: string;
    /** Names the delivery sources and destination, unique per account and region. */
    readonly names: {
        readonly destination: string;
        source(key: string): string;
    };
    readonly tags: Record<string, string>;
    readonly opts: pulumi.CustomResourceOptions;
}

/** What the deliveries give: each delivery's ID, by resource key, and the destination's ARN. */
export type VendedLogDeliveryOutputs = { readonly [name: string]: pulumi.Output<string> };

/**
 * Creates one delivery destination for the bucket and, per resource, a delivery source and the
 * delivery pairing them (CloudWatch Logs API reference: PutDeliverySource, PutDeliveryDestination,
 * CreateDelivery: "a delivery pairs exactly one delivery source and one delivery destination").
 * No `s3DeliveryConfigurations`: AWS's default key layout, `AWSLogs/<account>/<service>/…` under
 * the destination, is what the notification filters on, and a suffix path changed in place loses
 * that prefix (aws-cloudformation/cloudformation-coverage-roadmap#2274).
 */
export function createVendedLogDeliveries(
    name: string,
    a: VendedLogDeliveriesArgs,
): VendedLogDeliveryOutputs {
    const destination = new cloudwatch.LogDeliveryDestination(
        `${name}-destination`,
        {
            name: a.names.destination,
            outputFormat: a.outputFormat,
            deliveryDestinationConfiguration: { destinationResourceArn: a.destinationArn },
            region: a.region,
            tags: a.tags,
        },
        a.opts,
    );
    return {
        deliveryDestinationArn: destination.arn,
        ...Object.fromEntries(
            a.resources.map((r) => {
                const source = new cloudwatch.LogDeliverySource(
                    `${name}-${r.key}`,
                    {
                        name: a.names.source(r.key),
                        logType: a.logType,
                        resourceArn: r.resourceArn,
                        region: a.region,
                        tags: a.tags,
                    },
                    a.opts,
                );
                const delivery = new cloudwatch.LogDelivery(
                    `${name}-${r.key}-delivery`,
                    {
                        deliverySourceName: source.name,
                        deliveryDestinationArn: destination.arn,
                        recordFields: [...a.recordFields],
                        fieldDelimiter: a.fieldDelimiter,
                        region: a.region,
                        tags: a.tags,
                    },
                    a.opts,
                );
                return [r.key, delivery.id];
            }),
        ),
    };
}
