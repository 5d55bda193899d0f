// The AWS service exports that write logs into the bucket: a CloudTrail trail, VPC flow logs and
// GuardDuty's findings export.
import * as cloudtrail from "@pulumi/aws/cloudtrail";
import * as ec2 from "@pulumi/aws/ec2";
import * as guardduty from "@pulumi/aws/guardduty";
import * as pulumi from "@pulumi/pulumi";
import {
    FLOW_LOG_FILE_FORMAT,
    GUARDDUTY_PUBLISHING_FREQUENCY,
    normalizeKeyPrefix,
} from "../shared/catalog";
import { FlowLogTrafficType } from "./awsSentinelConnectionArgs";

/** What every export shares. */
export interface ExportContext {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    readonly keyPrefix: string;
    readonly tags: Record<string, string>;
    /** Options for every export: parent, and `dependsOn` the bucket policy that admits the writer. */
    readonly opts: pulumi.CustomResourceOptions;
}

/** The physical name a created trail gets: the bucket policy names it before it exists. */
export function defaultTrailName(componentName: string, stack: string): string {
    const cleaned = `${componentName}-${stack}`
        .replace(/[^A-Za-z0-9._-]/g, "-")
        .replace(/[._-]{2,}/g, "-");
    return cleaned.slice(0, 128).replace(/[._-]+$/, "");
}

/** Creates a multi-region trail with log-file validation writing to the bucket. */
export function createTrail(
    name: string,
    ctx: ExportContext,
    o: {
        trailName: string;
        includeGlobalServiceEvents: boolean;
        kmsKeyArn?: pulumi.Output<string>;
    },
): cloudtrail.Trail {
    const prefix = normalizeKeyPrefix(ctx.keyPrefix).replace(/\/$/, "");
    return new cloudtrail.Trail(
        `${name}-trail`,
        {
            name: o.trailName,
            s3BucketName: ctx.bucketName,
            s3KeyPrefix: prefix === "" ? undefined : prefix,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: o.includeGlobalServiceEvents,
            enableLogFileValidation: true,
            enableLogging: true,
            kmsKeyId: o.kmsKeyArn,
            tags: ctx.tags,
        },
        ctx.opts,
    );
}

/** Creates one flow log per VPC, keyed by VPC ID, in the plain-text format the connector reads. */
export function createFlowLogs(
    name: string,
    ctx: ExportContext,
    o: {
        vpcIds: readonly string[];
        logFormat?: string;
        trafficType: FlowLogTrafficType;
        maxAggregationInterval: number;
    },
): ec2.FlowLog[] {
    const destination =
        ctx.keyPrefix === ""
            ? ctx.bucketArn
            : pulumi.interpolate`${ctx.bucketArn}/${normalizeKeyPrefix(ctx.keyPrefix)}`;
    return o.vpcIds.map(
        (vpcId) =>
            new ec2.FlowLog(
                `${name}-flow-log-${vpcId}`,
                {
                    vpcId,
                    trafficType: o.trafficType,
                    logDestinationType: "s3",
                    logDestination: destination,
                    logFormat: o.logFormat,
                    maxAggregationInterval: o.maxAggregationInterval,
                    destinationOptions: {
                        fileFormat: FLOW_LOG_FILE_FORMAT,
                        hiveCompatiblePartitions: false,
                        perHourPartition: false,
                    },
                    tags: { ...ctx.tags, Name: `${name}-${vpcId}` },
                },
                ctx.opts,
            ),
    );
}

/** Creates GuardDuty's detector (unless one exists). */
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

/** Creates the export of GuardDuty findings to the bucket, encrypted with the logs key. */
export function createFindingsExport(
    name: string,
    ctx: ExportContext,
    o: { detectorId: pulumi.Input<string>; kmsKeyArn: pulumi.Output<string> },
): guardduty.PublishingDestination {
    const prefix = normalizeKeyPrefix(ctx.keyPrefix).replace(/\/$/, "");
    return new guardduty.PublishingDestination(
        `${name}-guardduty-export`,
        {
            detectorId: o.detectorId,
            destinationType: "S3",
            destinationArn:
                prefix === "" ? ctx.bucketArn : pulumi.interpolate`${ctx.bucketArn}/${prefix}`,
            kmsKeyArn: o.kmsKeyArn,
        },
        ctx.opts,
    );
}
