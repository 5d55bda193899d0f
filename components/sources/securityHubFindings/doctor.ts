// Security Hub findings in `sentinel-aws-s3 doctor`: is a Firehose stream writing findings to the
// bucket, active, and delivering without failures (DescribeDeliveryStream)? Whether new findings
// arrive is the delivery checks' (objects under the prefix); records Firehose could not deliver
// land under the error folder, which the stream's description names.
import { unknownReason } from "../../../cli/doctor/aws/api";
import { AwsFacts, isBucketDestination } from "../../../cli/doctor/aws/facts";
import { Finding, combine, fail, noBucket, unknown } from "../../../cli/doctor/finding";
import type { SourceDoctor } from "../types";
import { DeliveryStream, evaluateDeliveryStream } from "../writers/firehoseDoctor";
import { SECURITY_HUB_SEGMENT } from "./facts";

export { DeliveryStream, evaluateDeliveryStream };

async function streams(facts: AwsFacts): Promise<Finding> {
    if (!facts.bucketArn) {
        return noBucket;
    }
    const given = facts.input.exports.securityHubFindings?.deliveryStreamArn;
    let names: string[];
    if (given) {
        names = [given.split("/").pop()!];
    } else {
        const list = await facts.api.call<{ DeliveryStreamNames?: string[] }, "firehose">(
            "firehose",
            (m) => new m.ListDeliveryStreamsCommand({}),
        );
        if (!list.ok) {
            return unknown(unknownReason(list));
        }
        names = list.value.DeliveryStreamNames ?? [];
    }
    const described: DeliveryStream[] = [];
    for (const name of names) {
        const r = await facts.api.call<{ DeliveryStreamDescription?: DeliveryStream }, "firehose">(
            "firehose",
            (m) => new m.DescribeDeliveryStreamCommand({ DeliveryStreamName: name }),
        );
        if (!r.ok) {
            return r.kind === "missing"
                ? fail(
                      `the Firehose stream ${name} does not exist.`,
                      "Run `pulumi up` to recreate it.",
                  )
                : unknown(unknownReason(r));
        }
        if (r.value.DeliveryStreamDescription) {
            described.push(r.value.DeliveryStreamDescription);
        }
    }
    const mine = described.filter((s) => {
        const d = s.Destinations?.[0]?.ExtendedS3DestinationDescription;
        return (
            d?.BucketARN !== undefined &&
            isBucketDestination(d.BucketARN, facts.bucketArn!) &&
            (d.Prefix ?? "").includes(`/${SECURITY_HUB_SEGMENT}/`)
        );
    });
    if (mine.length === 0) {
        return fail(
            `no Firehose stream in ${facts.region ?? "this region"} writes Security Hub findings to ${facts.bucketArn}.`,
            "Create the findings pipeline (`securityHubFindings`, in Security Hub's aggregation region).",
        );
    }
    return combine(mine.map(evaluateDeliveryStream));
}

/** Security Hub findings' checks. */
export const SECURITY_HUB_DOCTOR: SourceDoctor = {
    exportChecks: async (facts, title) => [
        ["aws.securityHubFindings.export", `${title}: Firehose stream`, await streams(facts)],
    ],
};
