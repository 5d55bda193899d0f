// The AWS service exports that write logs into the bucket: a CloudTrail trail, VPC flow logs and
// GuardDuty's findings export.
import * as cloudtrail from "@pulumi/aws/cloudtrail";
import * as ec2 from "@pulumi/aws/ec2";
import * as guardduty from "@pulumi/aws/guardduty";
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import { FLOW_LOG_FILE_FORMAT, GUARDDUTY_PUBLISHING_FREQUENCY } from "../shared/catalog";
import { FlowLogsPlan, GuardDutyExportPlan, TrailPlan } from "./awsSentinelConnectionPlan";

/** What every export shares. */
export interface ExportContext {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    /** `""` or `"<prefix>/"`. */
    readonly keyPrefix: string;
    readonly tags: Record<string, string>;
    readonly parent: pulumi.Resource;
    /** What every export waits for: the bucket policy that admits the writer, the key it uses. */
    readonly dependsOn: readonly pulumi.Resource[];
}

function optionsOf(
    ctx: ExportContext,
    more: readonly pulumi.Resource[] = [],
): pulumi.CustomResourceOptions {
    return { parent: ctx.parent, dependsOn: [...ctx.dependsOn, ...more] };
}

/** Creates a multi-region trail with log-file validation writing to the bucket. */
export function createTrail(
    name: string,
    ctx: ExportContext,
    trail: Extract<TrailPlan, { kind: "create" }>,
    kmsKeyArn: pulumi.Output<string> | undefined,
): cloudtrail.Trail {
    // CloudTrail takes the prefix without the trailing slash (CloudTrail API reference, CreateTrail
    // S3KeyPrefix) and writes <prefix>/AWSLogs/<account>/CloudTrail/.
    const prefix = ctx.keyPrefix.replace(/\/$/, "");
    return new cloudtrail.Trail(
        `${name}-trail`,
        {
            name: trail.name,
            s3BucketName: ctx.bucketName,
            s3KeyPrefix: prefix === "" ? undefined : prefix,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: trail.includeGlobalServiceEvents,
            enableLogFileValidation: true,
            enableLogging: true,
            // CloudTrail API reference, PutEventSelectors: management events of the chosen kind.
            eventSelectors: [
                { readWriteType: trail.managementEvents, includeManagementEvents: true },
            ],
            kmsKeyId: kmsKeyArn,
            tags: ctx.tags,
        },
        optionsOf(ctx),
    );
}

/** Creates one flow log per VPC, keyed by VPC ID, in the plain-text format the connector reads. */
export function createFlowLogs(
    name: string,
    ctx: ExportContext,
    flowLogs: Extract<FlowLogsPlan, { kind: "create" }>,
): Map<string, ec2.FlowLog> {
    // The destination is the bucket ARN, or bucket ARN + "/" + folder with a trailing slash (VPC
    // user guide, "Create a flow log that publishes to Amazon S3": arn:aws:s3:::bucket/folder/).
    const destination =
        ctx.keyPrefix === ""
            ? ctx.bucketArn
            : pulumi.interpolate`${ctx.bucketArn}/${ctx.keyPrefix}`;
    return new Map(
        flowLogs.vpcIds.map((vpcId) => [
            vpcId,
            new ec2.FlowLog(
                `${name}-flow-log-${vpcId}`,
                {
                    vpcId,
                    trafficType: flowLogs.trafficType,
                    logDestinationType: "s3",
                    logDestination: destination,
                    logFormat: flowLogs.logFormat,
                    maxAggregationInterval: flowLogs.maxAggregationInterval,
                    destinationOptions: {
                        fileFormat: FLOW_LOG_FILE_FORMAT,
                        hiveCompatiblePartitions: false,
                        perHourPartition: false,
                    },
                    tags: { ...ctx.tags, Name: `${name}-${vpcId}` },
                },
                optionsOf(ctx),
            ),
        ]),
    );
}

/** A region's GuardDuty detector, created or existing. */
export interface RegionDetector {
    /** The region, or undefined for the provider's. */
    readonly region: string | undefined;
    readonly id: pulumi.Output<string>;
}

/**
 * Creates GuardDuty's detectors that do not exist yet, publishing findings every 15 minutes, one
 * per region (a region's is `<name>-guardduty-detector-<region>`; the hub's own region's, without
 * `regions`, `<name>-guardduty-detector`).
 */
export function createDetectors(
    name: string,
    exports: readonly GuardDutyExportPlan[],
    tags: Record<string, string>,
    opts: pulumi.CustomResourceOptions,
): RegionDetector[] {
    return exports.map((e) => ({
        region: e.region,
        id:
            e.detector.kind === "existing"
                ? pulumi.output(e.detector.id)
                : new guardduty.Detector(
                      e.region === undefined
                          ? `${name}-guardduty-detector`
                          : `${name}-guardduty-detector-${e.region}`,
                      {
                          enable: true,
                          findingPublishingFrequency: GUARDDUTY_PUBLISHING_FREQUENCY,
                          region: e.region,
                          tags,
                      },
                      opts,
                  ).id,
    }));
}

/**
 * Writes the empty folder object GuardDuty checks for before it exports into a folder
 * (CreatePublishingDestination fails with BadRequestException otherwise); kept on delete like the
 * bucket, and never expired by the bucket's lifecycle rule.
 */
export function createFolderMarker(
    name: string,
    ctx: ExportContext,
    folder: string,
    retainOnDelete: boolean,
): s3.BucketObjectv2 {
    return new s3.BucketObjectv2(
        `${name}-guardduty-folder`,
        { bucket: ctx.bucketName, key: folder, content: "", tags: ctx.tags },
        { ...optionsOf(ctx), retainOnDelete },
    );
}

/**
 * Creates the export of GuardDuty findings to the bucket for each detector, encrypted with the
 * logs key. Into a folder the destination is `arn:…:s3:::<bucket>/<folder>/` (with the trailing
 * slash, GuardDuty API reference, DestinationProperties), after the folder object exists.
 */
export function createFindingsExports(
    name: string,
    ctx: ExportContext,
    detectors: readonly RegionDetector[],
    o: { kmsKeyArn: pulumi.Output<string>; folder: string | undefined; marker?: s3.BucketObjectv2 },
): guardduty.PublishingDestination[] {
    return detectors.map(
        (d) =>
            new guardduty.PublishingDestination(
                d.region === undefined
                    ? `${name}-guardduty-export`
                    : `${name}-guardduty-export-${d.region}`,
                {
                    detectorId: d.id,
                    destinationType: "S3",
                    destinationArn:
                        o.folder === undefined
                            ? ctx.bucketArn
                            : pulumi.interpolate`${ctx.bucketArn}/${o.folder}`,
                    kmsKeyArn: o.kmsKeyArn,
                    region: d.region,
                },
                optionsOf(ctx, o.marker ? [o.marker] : []),
            ),
    );
}
