// Vended logs: log deliveries made through the CloudWatch Logs delivery API (a delivery source for
// the resource, a delivery destination for the bucket, and a delivery pairing them), which
// `delivery.logs.amazonaws.com` writes in the region the delivery is made in. CloudFront standard
// logging (v2) delivers this way, from us-east-1 whatever the bucket's region: its writer is the
// `delivery.logs` family's (`DELIVERY_LOGS`), with the deliveries' region among its source ARNs.
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as pulumi from "@pulumi/pulumi";

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
