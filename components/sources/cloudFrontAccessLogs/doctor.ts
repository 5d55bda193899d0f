// CloudFront standard logs in `sentinel-aws-s3 doctor`: in us-east-1, does a CloudFront delivery
// write to the bucket, as plain text with tab-separated fields in the order the connection reads
// (DescribeDeliveries, DescribeDeliverySources, DescribeDeliveryDestinations), and does every
// distribution the stack connects have one?
import { unknownReason } from "../../../cli/doctor/aws/api";
import { AwsFacts, isBucketDestination } from "../../../cli/doctor/aws/facts";
import { Finding, combine, fail, noBucket, pass, unknown } from "../../../cli/doctor/finding";
import type { SourceDoctor } from "../types";
import { bucketPolicyAdmits } from "../writers/admitted";
import { LOG_DELIVERY_SERVICE } from "../writers/services";
import {
    CLOUDFRONT_DELIVERY_REGION,
    CLOUDFRONT_FIELDS,
    CLOUDFRONT_FIELD_DELIMITER,
    CLOUDFRONT_LOG_TYPE,
    CLOUDFRONT_OUTPUT_FORMAT,
} from "./facts";

/** A delivery, in the fields the doctor reads (CloudWatch Logs API reference, `Delivery`). */
export interface Delivery {
    readonly id?: string;
    readonly deliverySourceName?: string;
    readonly deliveryDestinationArn?: string;
    readonly recordFields?: readonly string[];
    readonly fieldDelimiter?: string;
}

/** A delivery source (`DeliverySource`). */
export interface DeliverySource {
    readonly name?: string;
    readonly resourceArns?: readonly string[];
    readonly service?: string;
    readonly logType?: string;
}

/** A delivery destination (`DeliveryDestination`). */
export interface DeliveryDestination {
    readonly arn?: string;
    readonly outputFormat?: string;
    readonly deliveryDestinationConfiguration?: { readonly destinationResourceArn?: string };
}

/** The distribution ID of a delivery source's resource ARN. */
function distributionOf(source: DeliverySource): string | undefined {
    return source.resourceArns
        ?.map((a) => /:distribution\/([A-Z0-9]+)$/.exec(a)?.[1])
        .find(Boolean);
}

const recreate =
    "Recreate the delivery (`pulumi up` replaces it): the connection reads plain text with tab-separated fields in the package's order, and AWS's delivery fields cannot change in place.";

/** Does one CloudFront delivery write what the connection reads? */
export function evaluateCloudFrontDelivery(
    delivery: Delivery,
    source: DeliverySource,
    destination: DeliveryDestination,
): Finding {
    const what = `the delivery ${delivery.id} of distribution ${distributionOf(source) ?? source.name}`;
    if (destination.outputFormat !== CLOUDFRONT_OUTPUT_FORMAT) {
        return fail(
            `${what} writes ${destination.outputFormat ?? "an unknown"} output, but the connection reads ${CLOUDFRONT_OUTPUT_FORMAT} text.`,
            recreate,
        );
    }
    if (delivery.fieldDelimiter !== CLOUDFRONT_FIELD_DELIMITER) {
        return fail(
            `${what} separates fields with ${JSON.stringify(delivery.fieldDelimiter ?? "")}, but the connection splits on a tab.`,
            recreate,
        );
    }
    const fields = delivery.recordFields ?? [];
    const first = CLOUDFRONT_FIELDS.findIndex((f, i) => fields[i] !== f);
    if (first !== -1 || fields.length !== CLOUDFRONT_FIELDS.length) {
        const at = first === -1 ? CLOUDFRONT_FIELDS.length : first;
        return fail(
            `${what} sends ${fields.length} fields, and field ${at + 1} is ${JSON.stringify(fields[at] ?? "none")} where the connection's column ${at + 1} expects ${JSON.stringify(CLOUDFRONT_FIELDS[at] ?? "nothing")}: columns after it hold the wrong values.`,
            recreate,
        );
    }
    return pass(
        `${what} writes plain text, tab-separated, ${fields.length} fields to ${destination.deliveryDestinationConfiguration?.destinationResourceArn}.`,
    );
}

async function list<T>(
    facts: AwsFacts,
    key: "deliveries" | "deliverySources" | "deliveryDestinations",
): Promise<{ ok: true; value: T[] } | { ok: false; reason: string }> {
    const items: T[] = [];
    let nextToken: string | undefined;
    do {
        const o = await facts.api.call<Record<string, unknown>, "logs">(
            "logs",
            (m) =>
                key === "deliveries"
                    ? new m.DescribeDeliveriesCommand({ nextToken })
                    : key === "deliverySources"
                      ? new m.DescribeDeliverySourcesCommand({ nextToken })
                      : new m.DescribeDeliveryDestinationsCommand({ nextToken }),
            CLOUDFRONT_DELIVERY_REGION,
        );
        if (!o.ok) {
            return { ok: false, reason: unknownReason(o) };
        }
        items.push(...((o.value[key] as T[] | undefined) ?? []));
        nextToken = o.value.nextToken as string | undefined;
    } while (nextToken);
    return { ok: true, value: items };
}

async function deliveries(facts: AwsFacts): Promise<Finding> {
    if (!facts.bucketArn) {
        return noBucket;
    }
    return facts.once("cloudFrontDeliveries", async () => {
        const [all, sources, destinations] = await Promise.all([
            list<Delivery>(facts, "deliveries"),
            list<DeliverySource>(facts, "deliverySources"),
            list<DeliveryDestination>(facts, "deliveryDestinations"),
        ]);
        for (const r of [all, sources, destinations]) {
            if (!r.ok) {
                return unknown(r.reason);
            }
        }
        const sourceOf = new Map(
            (sources.ok ? sources.value : []).map((s) => [s.name, s] as const),
        );
        const destinationOf = new Map(
            (destinations.ok ? destinations.value : []).map((d) => [d.arn, d] as const),
        );
        const mine = (all.ok ? all.value : []).flatMap((d) => {
            const source = sourceOf.get(d.deliverySourceName);
            const destination = destinationOf.get(d.deliveryDestinationArn);
            const target = destination?.deliveryDestinationConfiguration?.destinationResourceArn;
            return source?.service === "cloudfront" &&
                source.logType === CLOUDFRONT_LOG_TYPE &&
                destination &&
                target &&
                isBucketDestination(target.replace(/\/$/, ""), facts.bucketArn!)
                ? [{ delivery: d, source, destination }]
                : [];
        });
        const expected = Object.keys(facts.input.exports.cloudFrontAccessLogs ?? {}).filter((k) =>
            /^E[A-Z0-9]+$/.test(k),
        );
        const covered = new Set(mine.map((m) => distributionOf(m.source)));
        const missing = expected.filter((id) => !covered.has(id));
        if (missing.length > 0) {
            return fail(
                `no delivery in ${CLOUDFRONT_DELIVERY_REGION} sends the standard logs of ${missing.join(", ")} to ${facts.bucketArn}.`,
                "Run `pulumi up` to recreate the delivery source and delivery (a distribution has one delivery source: one made in the console, `CreatedByCloudFront-<ID>`, must be deleted or imported first).",
            );
        }
        if (mine.length === 0) {
            return fail(
                `no CloudFront delivery in ${CLOUDFRONT_DELIVERY_REGION} writes to ${facts.bucketArn}.`,
                "Give the distributions to log (`cloudFrontAccessLogs.distributionIds`), or point their standard logging (v2) at the bucket as plain text with the package's fields.",
            );
        }
        return combine(
            mine.map((m) => evaluateCloudFrontDelivery(m.delivery, m.source, m.destination)),
        );
    });
}

/**
 * Would the bucket policy let CloudFront's deliveries (delivery.logs.amazonaws.com, from us-east-1
 * of the account) write where the connection reads? Single-account hubs only: an organization hub's
 * folder holds every account's.
 */
async function writer(facts: AwsFacts): Promise<Finding> {
    const { partition, accountId, bucketName } = facts.input;
    const c = facts.input.connections.find((c) => c.logType === "cloudFrontAccessLogs");
    if (!bucketName || !c) {
        return noBucket;
    }
    const prefix = await facts.objectPrefix(c);
    if (prefix.endsWith("AWSLogs/")) {
        return unknown(
            "an organization hub's CloudFront folder holds every account's files, admitted by the organization's statements; not checked here.",
        );
    }
    return bucketPolicyAdmits(
        facts,
        [
            {
                who: `CloudFront's deliveries (${LOG_DELIVERY_SERVICE} from ${CLOUDFRONT_DELIVERY_REGION})`,
                request: {
                    action: "s3:PutObject",
                    resource: `arn:${partition}:s3:::${bucketName}/${prefix}E1U5RQF7T870K0.2026-01-01-00.a1b2c3d4.gz`,
                    principal: { service: LOG_DELIVERY_SERVICE },
                    context: {
                        "aws:SecureTransport": true,
                        "aws:SourceAccount": accountId,
                        "aws:SourceArn": `arn:${partition}:logs:${CLOUDFRONT_DELIVERY_REGION}:${accountId}:delivery-source:cloudfront`,
                        "s3:x-amz-acl": "bucket-owner-full-control",
                    },
                },
            },
        ],
        `Restore the bucket policy (\`pulumi up\`): delivery.logs.amazonaws.com on \`…/AWSLogs/<account>/*\` bound by aws:SourceAccount and aws:SourceArn arn:aws:logs:${CLOUDFRONT_DELIVERY_REGION}:<account>:* (the deliveries are made in ${CLOUDFRONT_DELIVERY_REGION}, not the bucket's region).`,
    );
}

/** CloudFront standard logs' checks. */
export const CLOUDFRONT_DOCTOR: SourceDoctor = {
    exportChecks: async (facts, title) => [
        [
            "aws.cloudFrontAccessLogs.export",
            `${title}: standard logging (v2)`,
            await deliveries(facts),
        ],
        [
            "aws.cloudFrontAccessLogs.writer",
            `${title}: the bucket policy admits the deliveries`,
            await writer(facts),
        ],
    ],
};
