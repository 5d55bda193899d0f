// The doctor's reading of a Firehose stream the package owns: is it active, delivering without a
// reported failure, and writing gzip objects where the connection reads them?
import { Finding, fail, pass } from "../../../cli/doctor/finding";

/** DescribeDeliveryStream's description, in the fields the doctor reads. */
export interface DeliveryStream {
    readonly DeliveryStreamName?: string;
    readonly DeliveryStreamStatus?: string;
    readonly FailureDescription?: { readonly Type?: string; readonly Details?: string };
    readonly Destinations?: readonly {
        readonly ExtendedS3DestinationDescription?: {
            readonly BucketARN?: string;
            readonly Prefix?: string;
            readonly ErrorOutputPrefix?: string;
            readonly CompressionFormat?: string;
            readonly BufferingHints?: { readonly IntervalInSeconds?: number };
            readonly ProcessingConfiguration?: {
                readonly Processors?: readonly { readonly Type?: string }[];
            };
            readonly CloudWatchLoggingOptions?: {
                readonly Enabled?: boolean;
                readonly LogGroupName?: string;
                readonly LogStreamName?: string;
            };
        };
    }[];
}

/**
 * Does a stream deliver to the bucket? Statuses: Firehose API reference,
 * DeliveryStreamDescription `DeliveryStreamStatus` (CREATING, CREATING_FAILED, DELETING,
 * DELETING_FAILED, ACTIVE) and `FailureDescription`.
 */
export function evaluateDeliveryStream(s: DeliveryStream): Finding {
    const what = `the Firehose stream ${s.DeliveryStreamName}`;
    if (s.DeliveryStreamStatus !== "ACTIVE") {
        return fail(
            `${what} is ${s.DeliveryStreamStatus ?? "in an unknown state"}${s.FailureDescription ? `: ${s.FailureDescription.Type} ${s.FailureDescription.Details ?? ""}`.trimEnd() : ""}.`,
            "Recreate it (`pulumi up`); its role must be able to write to the bucket and use the bucket's key.",
        );
    }
    if (s.FailureDescription) {
        return fail(
            `${what} reports a failure: ${s.FailureDescription.Type}${s.FailureDescription.Details ? ` (${s.FailureDescription.Details})` : ""}.`,
            "Its role must be able to write under the prefix and use the bucket's key (`pulumi up` restores both).",
        );
    }
    const d = s.Destinations?.[0]?.ExtendedS3DestinationDescription;
    if (d?.CompressionFormat !== undefined && d.CompressionFormat !== "GZIP") {
        return fail(
            `${what} writes ${d.CompressionFormat} objects, but the connection reads gzip.`,
            "Set the stream's compression to GZIP (the component does).",
        );
    }
    return pass(`${what} is active and delivers to ${d?.BucketARN}/${d?.Prefix ?? ""}.`);
}
