// CloudTrail in `sentinel-aws-s3 doctor`: is a trail writing to the bucket logging and delivering
// (DescribeTrails, GetTrailStatus)?
import type { AwsFacts } from "../../../cli/doctor/aws/facts";
import { unknownReason } from "../../../cli/doctor/aws/api";
import { Finding, ago, combine, fail, noBucket, pass, unknown } from "../../../cli/doctor/finding";
import type { SourceDoctor } from "../types";

/** GetTrailStatus, in the fields the doctor reads. */
export interface TrailStatus {
    readonly IsLogging?: boolean;
    readonly LatestDeliveryError?: string;
    readonly LatestDeliveryTime?: Date;
}

/** Is a trail logging and delivering? */
export function evaluateTrail(trailArn: string, s: TrailStatus, now: Date): Finding {
    const name = trailArn.split("/").pop();
    if (!s.IsLogging) {
        return fail(
            `the trail ${name} is not logging.`,
            `Start it: \`aws cloudtrail start-logging --name ${trailArn}\` (the component creates it with logging on).`,
        );
    }
    if (s.LatestDeliveryError) {
        return fail(
            `the trail ${name} cannot deliver: ${s.LatestDeliveryError}.`,
            "The bucket policy must let cloudtrail.amazonaws.com write (aws:SourceArn = the trail) and the key policy let it encrypt; `pulumi up` restores both.",
        );
    }
    return pass(
        `the trail ${name} is logging${s.LatestDeliveryTime ? `; last delivery ${ago(new Date(s.LatestDeliveryTime), now)}` : ""}.`,
    );
}

async function trail(facts: AwsFacts): Promise<Finding> {
    let arns: string[];
    if (facts.input.trailArn) {
        arns = [facts.input.trailArn];
    } else {
        if (!facts.input.bucketName) {
            return noBucket;
        }
        const t = await facts.api.call<
            { trailList?: { TrailARN?: string; S3BucketName?: string }[] },
            "cloudtrail"
        >("cloudtrail", (m) => new m.DescribeTrailsCommand({ includeShadowTrails: true }));
        if (!t.ok) {
            return unknown(unknownReason(t));
        }
        arns = [
            ...new Set(
                (t.value.trailList ?? [])
                    .filter((x) => x.S3BucketName === facts.input.bucketName && x.TrailARN)
                    .map((x) => x.TrailARN!),
            ),
        ];
        if (arns.length === 0) {
            return fail(
                `no trail visible in ${facts.region ?? "this region"} writes to s3://${facts.input.bucketName}.`,
                "Create a multi-region trail writing to the bucket (`createTrail`), or give an existing trail's ARN as `trailArn`.",
            );
        }
    }
    const findings: Finding[] = [];
    for (const arn of arns) {
        const s = await facts.api.call<TrailStatus, "cloudtrail">(
            "cloudtrail",
            (m) => new m.GetTrailStatusCommand({ Name: arn }),
            arn.split(":")[3] || facts.region,
        );
        findings.push(
            s.ok
                ? evaluateTrail(arn, s.value, facts.now)
                : s.kind === "missing"
                  ? fail(`the trail ${arn} does not exist.`, "Run `pulumi up` to recreate it.")
                  : unknown(unknownReason(s)),
        );
    }
    // One logging trail is enough; report a problem only when none delivers.
    return findings.find((f) => f.status === "pass") ?? combine(findings);
}

/** CloudTrail's checks. */
export const CLOUD_TRAIL_DOCTOR: SourceDoctor = {
    exportChecks: async (facts, title) => [
        ["aws.cloudTrail.export", `${title}: trail`, await trail(facts)],
    ],
};
