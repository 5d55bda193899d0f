// Export policies: flow-log format, VPC coverage, CloudTrail trails and GuardDuty detectors.
import { RecordedResource } from "../../offline/mocks";
import {
    add,
    assertClean,
    assertNotApplicable,
    assertReports,
    check,
    compliantStack,
    mutate,
    resource,
    without,
} from "./fixtures";

const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const FL = "sentinel-flow-log-vpc-0123456789abcdef0";
const TRAIL = "aws:cloudtrail/trail:Trail";
const DETECTOR = "aws:guardduty/detector:Detector";

let base: RecordedResource[];
before(async () => {
    base = await compliantStack();
});

describe("ec2-flow-log-plain-text-format", () => {
    const name = "ec2-flow-log-plain-text-format";

    it("passes plain text where the classic connector reads", async () =>
        assertClean(await check(base), name));

    it("rejects Parquet where the classic connector reads", async () => {
        const report = await check(
            mutate(base, FLOW_LOG, FL, (p) => (p.destinationOptions.fileFormat = "parquet")),
        );
        assertReports(report, name, [
            `FlowLog "${FL}" must deliver the "plain-text" file format where BucketNotification "sentinel-notification" queue entry "sentinel-vpcFlowLogs" feeds a connection reading it, not "parquet" (the classic connector cannot read Parquet).`,
        ]);
    });

    it("does not apply to flow logs into CloudWatch Logs, or where no connection reads", async () => {
        const cw = resource(FLOW_LOG, "cw", {
            vpcId: "vpc-1",
            logDestinationType: "cloud-watch-logs",
            destinationOptions: { fileFormat: "parquet" },
        });
        const elsewhere = resource(FLOW_LOG, "archive", {
            vpcId: "vpc-2",
            logDestinationType: "s3",
            logDestination: "arn:aws:s3:::archive-bucket",
            destinationOptions: { fileFormat: "parquet" },
        });
        assertClean(await check(add(base, cw, elsewhere)), name);
        assertNotApplicable(
            await check(add(without(base, FLOW_LOG, FL), cw, elsewhere)),
            name,
            "No flow log writes where a Sentinel connection reads.",
        );
    });
});

describe("ec2-flow-log-format-includes-start", () => {
    const name = "ec2-flow-log-format-includes-start";

    it("passes AWS's default format and a custom one with ${start}", async () => {
        assertClean(await check(base), name);
        assertClean(
            await check(
                mutate(
                    base,
                    FLOW_LOG,
                    FL,
                    (p) => (p.logFormat = "${version} ${srcaddr} ${start} ${end}"),
                ),
            ),
            name,
        );
    });

    it("rejects a custom format without ${start}", async () => {
        const report = await check(
            mutate(base, FLOW_LOG, FL, (p) => (p.logFormat = "${version} ${srcaddr} ${end}")),
        );
        assertReports(report, name, [
            `FlowLog "${FL}" must include \${start} in its record format "\${version} \${srcaddr} \${end}".`,
        ]);
    });
});

describe("ec2-vpc-flow-logs-enabled", () => {
    const name = "ec2-vpc-flow-logs-enabled";
    const vpc = resource("aws:ec2/vpc:Vpc", "main", { cidrBlock: "10.0.0.0/16" });

    it("advises on a VPC without a flow log", async () => {
        assertReports(
            await check(add(base, vpc)),
            name,
            ['Vpc "main" must have a VPC flow log.'],
            "advisory",
        );
    });

    it("passes a VPC whose ID a flow log depends on", async () => {
        const fl = resource(
            FLOW_LOG,
            "main-flow-log",
            { vpcId: "vpc-main", logDestinationType: "s3" },
            { propertyDependencies: { vpcId: [vpc.urn] } },
        );
        assertClean(await check(add(base, vpc, fl)), name);
    });

    it("does not apply to a stack without VPCs", async () =>
        assertNotApplicable(await check(base), name, "The stack creates no VPC."));
});

describe("cloudtrail-trail policies", () => {
    it("pass the component's trail", async () => {
        const report = await check(base);
        for (const name of [
            "cloudtrail-trail-multi-region",
            "cloudtrail-trail-log-file-validation",
            "cloudtrail-trail-logging-enabled",
            "cloudtrail-trail-kms-encryption",
        ]) {
            assertClean(report, name);
        }
    });

    it("reject a single-region trail without validation that is not logging", async () => {
        const report = await check(
            mutate(base, TRAIL, "sentinel-trail", (p) => {
                delete p.isMultiRegionTrail;
                p.enableLogFileValidation = false;
                p.enableLogging = false;
            }),
        );
        assertReports(report, "cloudtrail-trail-multi-region", [
            'Trail "sentinel-trail" must record every region (isMultiRegionTrail is "unset").',
        ]);
        assertReports(report, "cloudtrail-trail-log-file-validation", [
            'Trail "sentinel-trail" must validate its log files (enableLogFileValidation is false).',
        ]);
        assertReports(report, "cloudtrail-trail-logging-enabled", [
            'Trail "sentinel-trail" must be logging (enableLogging is false).',
        ]);
    });

    it("advises on a trail without a KMS key", async () => {
        const report = await check(mutate(base, TRAIL, "sentinel-trail", (p) => delete p.kmsKeyId));
        assertReports(
            report,
            "cloudtrail-trail-kms-encryption",
            [
                'Trail "sentinel-trail" must encrypt its log files with a customer-managed KMS key (kmsKeyId is unset).',
            ],
            "advisory",
        );
    });
});

describe("guardduty-detector policies", () => {
    it("pass the component's detector", async () => {
        const report = await check(base);
        assertClean(report, "guardduty-detector-enabled");
        assertClean(report, "guardduty-detector-publishing-frequency");
    });

    it("reject a disabled detector and advise on slow publishing", async () => {
        const report = await check(
            mutate(base, DETECTOR, "sentinel-guardduty-detector", (p) => {
                p.enable = false;
                delete p.findingPublishingFrequency;
            }),
        );
        assertReports(report, "guardduty-detector-enabled", [
            'Detector "sentinel-guardduty-detector" must be enabled (enable is false).',
        ]);
        assertReports(
            report,
            "guardduty-detector-publishing-frequency",
            [
                'Detector "sentinel-guardduty-detector" must publish findings at least every FIFTEEN_MINUTES, not "SIX_HOURS" (the default).',
            ],
            "advisory",
        );
    });

    it("takes the slowest accepted frequency from configuration", async () => {
        const hourly = mutate(
            base,
            DETECTOR,
            "sentinel-guardduty-detector",
            (p) => (p.findingPublishingFrequency = "ONE_HOUR"),
        );
        assertReports(
            await check(hourly),
            "guardduty-detector-publishing-frequency",
            ['not "ONE_HOUR"'],
            "advisory",
        );
        assertClean(
            await check(hourly, {
                "guardduty-detector-publishing-frequency": { maxPublishingFrequency: "ONE_HOUR" },
            }),
            "guardduty-detector-publishing-frequency",
        );
    });
});
