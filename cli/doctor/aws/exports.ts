// The writers: the CloudTrail trail, the VPC flow logs and GuardDuty's export, each read where AWS
// reports its delivery state (GetTrailStatus, DescribeFlowLogs, GetDetector and
// DescribePublishingDestination).
import {
    FLOW_LOG_FILE_FORMAT,
    GUARDDUTY_PUBLISHING_FREQUENCY,
    LOG_TYPE_CATALOG,
    LogType,
} from "../../../components/shared/catalog";
import { Finding, ago, combine, fail, pass, unknown } from "../finding";
import { unknownReason } from "./api";
import { AwsFacts, PublishingDestination, isBucketDestination } from "./facts";

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

/** DescribeFlowLogs, in the fields the doctor reads. */
export interface FlowLog {
    readonly FlowLogId?: string;
    readonly ResourceId?: string;
    readonly FlowLogStatus?: string;
    readonly DeliverLogsStatus?: string;
    readonly DeliverLogsErrorMessage?: string;
    readonly LogDestination?: string;
    readonly LogFormat?: string;
    readonly DestinationOptions?: { FileFormat?: string };
}

/** Does a flow log deliver plain-text files the connector reads? */
export function evaluateFlowLog(f: FlowLog): Finding {
    const what = `the flow log ${f.FlowLogId} of ${f.ResourceId}`;
    if (f.FlowLogStatus && f.FlowLogStatus !== "ACTIVE") {
        return fail(`${what} is ${f.FlowLogStatus}.`, "Recreate the flow log (`pulumi up`).");
    }
    if (f.DeliverLogsStatus === "FAILED") {
        return fail(
            `${what} cannot deliver: ${f.DeliverLogsErrorMessage ?? "no error message"}.`,
            "The bucket policy must let delivery.logs.amazonaws.com write (aws:SourceAccount, aws:SourceArn) and the key policy let it encrypt; `pulumi up` restores both.",
        );
    }
    const format = f.DestinationOptions?.FileFormat;
    if (format && format !== FLOW_LOG_FILE_FORMAT) {
        return fail(
            `${what} writes ${format} files, which this connector does not read.`,
            `Recreate the flow log with file format ${FLOW_LOG_FILE_FORMAT}.`,
        );
    }
    return pass(`${what} delivers to ${f.LogDestination}.`);
}

/** GetDetector, in the fields the doctor reads. */
export interface Detector {
    readonly Status?: string;
    readonly FindingPublishingFrequency?: string;
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

/** The export checks of one log type. */
export async function exportChecks(
    facts: AwsFacts,
    logType: LogType,
): Promise<[string, string, Finding][]> {
    const title = LOG_TYPE_CATALOG[logType].title;
    switch (logType) {
        case "cloudTrail":
            return [["aws.cloudTrail.export", `${title}: trail`, await trail(facts)]];
        case "vpcFlowLogs":
            return [
                ["aws.vpcFlowLogs.export", `${title}: flow log delivery`, await flowLogs(facts)],
            ];
        case "guardDuty":
            return guardDuty(facts, title);
    }
}

const noBucket = unknown("no bucket name: give `--bucket` or the stack output `bucketName`.");

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

async function flowLogs(facts: AwsFacts): Promise<Finding> {
    const ids = Object.values(facts.input.flowLogIds);
    if (ids.length === 0 && !facts.bucketArn) {
        return noBucket;
    }
    const r = await facts.api.call<{ FlowLogs?: FlowLog[] }, "ec2">("ec2", (m) =>
        ids.length > 0
            ? new m.DescribeFlowLogsCommand({ FlowLogIds: ids })
            : new m.DescribeFlowLogsCommand({
                  Filter: [{ Name: "log-destination-type", Values: ["s3"] }],
              }),
    );
    if (!r.ok) {
        return unknown(unknownReason(r));
    }
    const logs = (r.value.FlowLogs ?? []).filter(
        (f) =>
            ids.length > 0 ||
            (f.LogDestination !== undefined &&
                isBucketDestination(f.LogDestination.replace(/\/$/, ""), facts.bucketArn!)),
    );
    if (logs.length === 0) {
        return fail(
            ids.length > 0
                ? `the flow logs ${ids.join(", ")} do not exist.`
                : `no flow log in ${facts.region ?? "this region"} delivers to ${facts.bucketArn}.`,
            "Create a plain-text flow log per VPC writing to the bucket (`vpcFlowLogs.vpcIds`).",
        );
    }
    return combine(logs.map(evaluateFlowLog));
}

async function guardDuty(facts: AwsFacts, title: string): Promise<[string, string, Finding][]> {
    const d = await facts.detectorId();
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
    const detectorId = d.value;
    const g = await facts.api.call<Detector, "guardduty">(
        "guardduty",
        (m) => new m.GetDetectorCommand({ DetectorId: detectorId }),
    );
    const detector: Finding = g.ok
        ? evaluateDetector(detectorId, g.value)
        : g.kind === "missing"
          ? fail(
                `the detector ${detectorId} does not exist.`,
                "Run `pulumi up` or give the region's detector ID.",
            )
          : unknown(unknownReason(g));
    let exported: Finding;
    if (!facts.bucketArn) {
        exported = noBucket;
    } else {
        const dest = await facts.publishingDestinations(detectorId);
        exported = dest.ok
            ? evaluateDestinations(dest.value, facts.bucketArn)
            : unknown(unknownReason(dest));
    }
    return [
        ["aws.guardDuty.detector", `${title}: detector`, detector],
        ["aws.guardDuty.export", `${title}: export to the bucket`, exported],
    ];
}
