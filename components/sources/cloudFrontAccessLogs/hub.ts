// CloudFront standard logs in a hub: standard logging (v2) of each distribution given, delivered to
// the bucket through the CloudWatch Logs delivery API in us-east-1; or only the connection, for
// deliveries made elsewhere.
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../../shared/fields";
import type { HubPart } from "../types";
import { VendedLogDeliveryOutputs, createVendedLogDeliveries } from "../writers/vendedLogs";
import { CLOUDFRONT_FIELDS } from "./args";
import {
    CLOUDFRONT_DELIVERY_REGION,
    CLOUDFRONT_FIELDS as RECORD_FIELDS,
    CLOUDFRONT_FIELD_DELIMITER,
    CLOUDFRONT_LOG_TYPE,
    CLOUDFRONT_OUTPUT_FORMAT,
} from "./facts";

/** The standard logging the hub creates, when it creates it. */
export type CloudFrontLoggingPlan =
    | { readonly kind: "create"; readonly distributionIds: readonly string[] }
    /** Deliveries made elsewhere write to the bucket: only the connection, and their writer admitted. */
    | { readonly kind: "external" }
    | { readonly kind: "none" };

/** CloudFront standard logs' part of the hub's plan. */
export interface CloudFrontPlan {
    readonly cloudFrontLogging: CloudFrontLoggingPlan;
}

/**
 * A delivery source's or destination's name: letters, digits, `_` and `-`, 1-60 characters
 * (CloudWatch Logs API reference, PutDeliverySource / PutDeliveryDestination `name`, pattern
 * `[\w-]*`), ending in a hash of the scope so two stacks' names differ.
 */
export function deliveryName(base: string, scope: string): string {
    const hash = createHash("sha256").update(scope).digest("hex").slice(0, 8);
    return `${base.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 51)}-${hash}`;
}

/** A distribution's ARN (CloudFront is global: no region in it). */
export function distributionArn(
    partition: pulumi.Input<string>,
    accountId: pulumi.Input<string>,
    distributionId: string,
): pulumi.Output<string> {
    return pulumi.interpolate`arn:${partition}:cloudfront::${accountId}:distribution/${distributionId}`;
}

/**
 * The delivery destination's resource: the bucket ARN, or the bucket ARN with the folder appended
 * (`arn:aws:s3:::bucket/prefix`), under which AWS writes `AWSLogs/<account>/CloudFront/…`. Only the
 * commercial partition: CloudFront's v2 logging is configured in us-east-1, which other partitions
 * do not have.
 */
export function cloudFrontDestinationArn(
    subject: string,
    bucketArn: pulumi.Input<string>,
    folder: pulumi.Input<string>,
    partition: pulumi.Input<string>,
): pulumi.Output<string> {
    return pulumi.all([bucketArn, folder, partition]).apply(([arn, f, p]) => {
        if (p !== "aws") {
            throw new ValidationError(subject, [
                `\`cloudFrontAccessLogs\` needs the aws partition: CloudFront's standard logging (v2) is configured in ${CLOUDFRONT_DELIVERY_REGION}, and this bucket is in ${p}. Connect CloudFront from a hub in a commercial region.`,
            ]);
        }
        const trimmed = f.replace(/\/+$/, "");
        return trimmed === "" ? arn : `${arn}/${trimmed}`;
    });
}

/** Creates the deliveries of the distributions given, writing into a folder of the bucket. */
export function createCloudFrontLogging(
    name: string,
    a: {
        readonly subject: string;
        readonly scope: string;
        readonly distributionIds: readonly string[];
        readonly bucketArn: pulumi.Input<string>;
        readonly folder: pulumi.Input<string>;
        readonly partition: pulumi.Input<string>;
        readonly accountId: pulumi.Input<string>;
        readonly tags: Record<string, string>;
        readonly opts: pulumi.CustomResourceOptions;
    },
): VendedLogDeliveryOutputs {
    return createVendedLogDeliveries(`${name}-cloudfront`, {
        logType: CLOUDFRONT_LOG_TYPE,
        resources: a.distributionIds.map((id) => ({
            key: id,
            resourceArn: distributionArn(a.partition, a.accountId, id),
        })),
        destinationArn: cloudFrontDestinationArn(a.subject, a.bucketArn, a.folder, a.partition),
        outputFormat: CLOUDFRONT_OUTPUT_FORMAT,
        recordFields: RECORD_FIELDS,
        fieldDelimiter: CLOUDFRONT_FIELD_DELIMITER,
        region: CLOUDFRONT_DELIVERY_REGION,
        names: {
            destination: deliveryName("sentinel-cloudfront", a.scope),
            source: (id) => deliveryName(`sentinel-cloudfront-${id}`, a.scope),
        },
        tags: a.tags,
        opts: a.opts,
    });
}

/** CloudFront standard logs' part in `AwsSentinelConnection`. */
export const CLOUDFRONT_HUB: HubPart<CloudFrontPlan, VendedLogDeliveryOutputs> = {
    fields: CLOUDFRONT_FIELDS,
    rules: () => [],
    // The hub admits CloudFront's deliveries for its own distributions, or for deliveries made
    // elsewhere that write to the bucket (bound to the account and us-east-1).
    createsExport: (settings, ctx) =>
        settings !== undefined && (!ctx.organization || settings.distributionIds !== undefined),
    plan: (settings, ctx) => ({
        cloudFrontLogging:
            settings === undefined
                ? { kind: "none" }
                : Array.isArray(settings.distributionIds)
                  ? { kind: "create", distributionIds: [...(settings.distributionIds as string[])] }
                  : ctx.organization
                    ? { kind: "none" }
                    : { kind: "external" },
    }),
    admitsWriter: (p) => p.cloudFrontLogging.kind !== "none",
    wire(p, hub) {
        const logging = p.cloudFrontLogging;
        return {
            writer: logging.kind !== "none" ? { regions: [CLOUDFRONT_DELIVERY_REGION] } : undefined,
            organizationWriter: hub.organization && { folder: hub.folder },
            exports(wiring): VendedLogDeliveryOutputs {
                if (logging.kind !== "create") {
                    return {};
                }
                return createCloudFrontLogging(hub.name, {
                    subject: `AwsSentinelConnection "${hub.name}"`,
                    scope: `${pulumi.getProject()}/${pulumi.getStack()}/${hub.name}`,
                    distributionIds: logging.distributionIds,
                    bucketArn: wiring.bucketArn,
                    folder: hub.folder,
                    partition: hub.partition,
                    accountId: hub.accountId,
                    tags: hub.tags,
                    opts: { parent: hub.parent, dependsOn: [...wiring.dependsOn] },
                });
            },
        };
    },
};
