// GuardDuty in `sentinel-aws-s3 doctor`: is the region's detector enabled and exporting every 15
// minutes (GetDetector), and does its export publish to the bucket (ListPublishingDestinations,
// DescribePublishingDestination)?
import { Outcome, unknownReason } from "../../../cli/doctor/aws/api";
import { AwsFacts, isBucketDestination } from "../../../cli/doctor/aws/facts";
import { Finding, fail, noBucket, pass, unknown } from "../../../cli/doctor/finding";
import type { DoctorCheckResult, SourceDoctor } from "../types";
import { GUARDDUTY_PUBLISHING_FREQUENCY } from "./facts";

/** GetDetector, in the fields the doctor reads. */
export interface Detector {
    readonly Status?: string;
    readonly FindingPublishingFrequency?: string;
}

/** A GuardDuty publishing destination. */
export interface PublishingDestination {
    readonly id: string;
    readonly status?: string;
    readonly destinationArn?: string;
    readonly kmsKeyArn?: string;
}

/** Does the detector export findings every 15 minutes? */
export function evaluateDetector(detectorId: string, d: Detector): Finding {
    if (d.Status !== "ENABLED") {
        return fail(
            `the GuardDuty detector ${detectorId} is ${d.Status ?? "not enabled"}.`,
            `Enable it: \`aws guardduty update-detector --detector-id ${detectorId} --enable\`.`,
        );
    }
    if (d.FindingPublishingFrequency !== GUARDDUTY_PUBLISHING_FREQUENCY) {
        return fail(
            `the detector ${detectorId} exports findings every ${d.FindingPublishingFrequency === "SIX_HOURS" ? "six hours" : d.FindingPublishingFrequency}, so new findings reach Sentinel hours late.`,
            `Set it to 15 minutes: \`aws guardduty update-detector --detector-id ${detectorId} --finding-publishing-frequency ${GUARDDUTY_PUBLISHING_FREQUENCY}\`.`,
        );
    }
    return pass(`the detector ${detectorId} is enabled and exports every 15 minutes.`);
}

/** Does an export to the bucket publish? */
export function evaluateDestinations(
    destinations: readonly PublishingDestination[],
    bucketArn: string,
): Finding {
    const mine = destinations.filter(
        (d) => d.destinationArn && isBucketDestination(d.destinationArn, bucketArn),
    );
    if (mine.length === 0) {
        return fail(
            `the detector exports no findings to ${bucketArn}${destinations.length ? ` (it exports to ${destinations.map((d) => d.destinationArn).join(", ")})` : ""}.`,
            "Create the publishing destination to the bucket with the logs key (the component does).",
        );
    }
    const d = mine.find((x) => x.status === "PUBLISHING") ?? mine[0];
    if (d.status === "PUBLISHING") {
        return pass(`the export ${d.id} publishes to ${d.destinationArn}.`);
    }
    if (d.status === "PENDING_VERIFICATION") {
        return unknown(`the export ${d.id} is still being verified by GuardDuty.`);
    }
    return fail(
        `the export ${d.id} to ${d.destinationArn} is ${d.status}.`,
        "GuardDuty cannot write there: the bucket policy must let guardduty.amazonaws.com PutObject and GetBucketLocation, and the key policy let it GenerateDataKey (`pulumi up` restores both).",
    );
}

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

/** The region's GuardDuty detector: given by the outputs, or the one ListDetectors returns. */
function detectorId(facts: AwsFacts): Promise<Outcome<string | undefined>> {
    return facts.once("detector", async () => {
        const given = facts.region ? facts.input.detectorIds[facts.region] : undefined;
        if (given) {
            return ok(given);
        }
        const o = await facts.api.call<{ DetectorIds?: string[] }, "guardduty">(
            "guardduty",
            (m) => new m.ListDetectorsCommand({}),
        );
        return o.ok ? ok(o.value.DetectorIds?.[0]) : o;
    });
}

/** The detector's S3 publishing destinations. */
function publishingDestinations(
    facts: AwsFacts,
    detector: string,
): Promise<Outcome<PublishingDestination[]>> {
    return facts.once(`destinations:${detector}`, async () => {
        const l = await facts.api.call<
            { Destinations?: { DestinationId?: string; DestinationType?: string }[] },
            "guardduty"
        >("guardduty", (m) => new m.ListPublishingDestinationsCommand({ DetectorId: detector }));
        if (!l.ok) {
            return l;
        }
        const out: PublishingDestination[] = [];
        for (const d of (l.value.Destinations ?? []).filter((x) => x.DestinationType === "S3")) {
            const r = await facts.api.call<
                {
                    Status?: string;
                    DestinationProperties?: { DestinationArn?: string; KmsKeyArn?: string };
                },
                "guardduty"
            >(
                "guardduty",
                (m) =>
                    new m.DescribePublishingDestinationCommand({
                        DetectorId: detector,
                        DestinationId: d.DestinationId!,
                    }),
            );
            if (!r.ok) {
                return r;
            }
            out.push({
                id: d.DestinationId!,
                status: r.value.Status,
                destinationArn: r.value.DestinationProperties?.DestinationArn,
                kmsKeyArn: r.value.DestinationProperties?.KmsKeyArn,
            });
        }
        return ok(out);
    });
}

async function checks(facts: AwsFacts, title: string): Promise<DoctorCheckResult[]> {
    const d = await detectorId(facts);
    if (!d.ok || !d.value) {
        const f = !d.ok
            ? unknown(unknownReason(d))
            : fail(
                  `there is no GuardDuty detector in ${facts.region ?? "this region"}.`,
                  "Enable GuardDuty in the region (the component creates a detector unless `existingDetectorId` is set).",
              );
        return [
            ["aws.guardDuty.detector", `${title}: detector`, f],
            [
                "aws.guardDuty.export",
                `${title}: export to the bucket`,
                unknown("no detector to read exports from."),
            ],
        ];
    }
    const id = d.value;
    const g = await facts.api.call<Detector, "guardduty">(
        "guardduty",
        (m) => new m.GetDetectorCommand({ DetectorId: id }),
    );
    const detector: Finding = g.ok
        ? evaluateDetector(id, g.value)
        : g.kind === "missing"
          ? fail(
                `the detector ${id} does not exist.`,
                "Run `pulumi up` or give the region's detector ID.",
            )
          : unknown(unknownReason(g));
    let exported: Finding;
    if (!facts.bucketArn) {
        exported = noBucket;
    } else {
        const dest = await publishingDestinations(facts, id);
        exported = dest.ok
            ? evaluateDestinations(dest.value, facts.bucketArn)
            : unknown(unknownReason(dest));
    }
    return [
        ["aws.guardDuty.detector", `${title}: detector`, detector],
        ["aws.guardDuty.export", `${title}: export to the bucket`, exported],
    ];
}

/** GuardDuty's checks. */
export const GUARD_DUTY_DOCTOR: SourceDoctor = {
    exportChecks: checks,
    /** The keys GuardDuty's exports to this bucket encrypt with (none when unreadable). */
    async exportKeys(facts) {
        if (!facts.bucketArn) {
            return [];
        }
        const d = await detectorId(facts);
        if (!d.ok || !d.value) {
            return [];
        }
        const dest = await publishingDestinations(facts, d.value);
        return dest.ok
            ? dest.value
                  .filter(
                      (x) =>
                          x.destinationArn &&
                          isBucketDestination(x.destinationArn, facts.bucketArn!),
                  )
                  .map((x) => x.kmsKeyArn)
                  .filter((k): k is string => !!k)
            : [];
    },
};
