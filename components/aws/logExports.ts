// The AWS service exports that write logs into the bucket: a CloudTrail trail, VPC flow logs and
// GuardDuty's findings export.
import * as cloudtrail from "@pulumi/aws/cloudtrail";
import * as ec2 from "@pulumi/aws/ec2";
import * as guardduty from "@pulumi/aws/guardduty";
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import { FLOW_LOG_FILE_FORMAT, GUARDDUTY_PUBLISHING_FREQUENCY } from "../shared/catalog";
import { FlowLogsPlan, TrailPlan } from "./awsSentinelConnectionPlan";

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

/** Creates GuardDuty's detector (unless one exists), publishing findings every 15 minutes. */
export function createDetector(
    name: string,
    tags: Record<string, string>,
    opts: pulumi.CustomResourceOptions,
): guardduty.Detector {
    return new guardduty.Detector(
        `${name}-guardduty-detector`,
        { enable: true, findingPublishingFrequency: GUARDDUTY_PUBLISHING_FREQUENCY, tags },
        opts,
    );
}

/**
 * Creates the export of GuardDuty findings to the bucket, encrypted with the logs key. With a key
 * prefix the destination is `arn:…:s3:::<bucket>/<prefix>/` (with the trailing slash, GuardDuty API
 * reference, DestinationProperties) and GuardDuty checks that this folder exists: the component
 * writes the empty folder object first (CreatePublishingDestination fails with
 * BadRequestException otherwise), kept on delete like the bucket, and never expired by its
 * lifecycle rule.
 */
export function createFindingsExport(
    name: string,
    ctx: ExportContext,
    o: {
        detectorId: pulumi.Input<string>;
        kmsKeyArn: pulumi.Output<string>;
        folderMarker: string | undefined;
        retainOnDelete: boolean;
    },
): guardduty.PublishingDestination {
    const marker =
        o.folderMarker === undefined
            ? undefined
            : new s3.BucketObjectv2(
                  `${name}-guardduty-folder`,
                  { bucket: ctx.bucketName, key: o.folderMarker, content: "", tags: ctx.tags },
                  { ...optionsOf(ctx), retainOnDelete: o.retainOnDelete },
              );
    return new guardduty.PublishingDestination(
        `${name}-guardduty-export`,
        {
            detectorId: o.detectorId,
            destinationType: "S3",
            destinationArn:
                o.folderMarker === undefined
                    ? ctx.bucketArn
                    : pulumi.interpolate`${ctx.bucketArn}/${o.folderMarker}`,
            kmsKeyArn: o.kmsKeyArn,
        },
        optionsOf(ctx, marker ? [marker] : []),
    );
}
