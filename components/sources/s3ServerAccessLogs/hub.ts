// S3 server access logs in a hub: the access logging of each source bucket given, into the
// access-log bucket (the source's own bucket); in an organization hub, also the replicas of every
// log source's target buckets.
import { getBucketOutput } from "@pulumi/aws/s3/getBucket";
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import { Problems, ValidationError, show } from "../../shared/fields";
import type { HubPart } from "../types";
import { S3_SERVER_ACCESS_FIELDS } from "./args";
import { S3_ACCESS_KEY_FORMAT, accessLogTargetPrefix } from "./facts";
import type { S3AccessOrganizationWriter, S3AccessWriter } from "./writer";

/** The access logging the hub sets. */
export type AccessLoggingPlan =
    | { readonly kind: "create"; readonly sourceBucketNames: readonly string[] }
    | { readonly kind: "none" };

/** S3 server access logs' part of the hub's plan. */
export interface S3ServerAccessPlan {
    readonly accessLogging: AccessLoggingPlan;
    /** The hub connects S3 server access logs (its bucket policy then admits their writers). */
    readonly accessLogWriter: boolean;
}

/** What the logging gives: each source bucket's target prefix, by source bucket. */
export type S3ServerAccessOutputs = { readonly [bucket: string]: pulumi.Output<string> };

/** The buckets named by plain strings among the hub's settings that may not be a source. */
function forbiddenSources(
    settings: Record<string, unknown>,
    args: Record<string, unknown>,
): Array<[name: unknown, why: string]> {
    return [
        [
            args.existingBucketName,
            "the log bucket: its own access logs go to `accessLogsBucketName`, and a second logging configuration would replace that one",
        ],
        [
            args.accessLogsBucketName,
            "the bucket that receives the log bucket's access logs: S3 advises a bucket receiving access logs not to log its own",
        ],
        [
            settings.existingBucketName,
            "the access-log bucket itself: a bucket logging into itself logs its own log deliveries, an endless loop S3 advises against",
        ],
        [
            settings.bucketName,
            "the access-log bucket itself: a bucket logging into itself logs its own log deliveries, an endless loop S3 advises against",
        ],
    ];
}

/**
 * Sets a source bucket's access logging to the access-log bucket, after checking the bucket is in
 * the component's region (S3 user guide, "Enabling Amazon S3 server access logging": "Both the
 * source and destination buckets must be in the same AWS Region and owned by the same account").
 */
function createAccessLogging(
    name: string,
    args: {
        readonly bucket: string;
        readonly targetBucket: pulumi.Input<string>;
        readonly folder: string;
        readonly region: pulumi.Output<string>;
        readonly opts: pulumi.CustomResourceOptions;
    },
): pulumi.Output<string> {
    const found = getBucketOutput({ bucket: args.bucket }, { parent: args.opts.parent });
    const targetPrefix = pulumi.all([found.region, args.region]).apply(([bucketRegion, region]) => {
        if (bucketRegion !== region) {
            throw new ValidationError(`AwsSentinelConnection "${name}"`, [
                `\`logTypes.s3ServerAccessLogs.sourceBucketNames\` lists ${show(args.bucket)}, a bucket of ${bucketRegion}, but S3 delivers a bucket's access logs only to a bucket of its own region, and the access-log bucket is in ${region}: list only buckets of ${region}, and log the others with a SentinelLogSource of that region.`,
            ]);
        }
        return accessLogTargetPrefix(args.folder);
    });
    new s3.BucketLogging(
        `${name}-s3-access-logging-${args.bucket}`,
        {
            bucket: args.bucket,
            targetBucket: args.targetBucket,
            targetPrefix,
            targetObjectKeyFormat: S3_ACCESS_KEY_FORMAT,
        },
        args.opts,
    );
    return targetPrefix;
}

/** S3 server access logs' part in `AwsSentinelConnection`. */
export const S3_SERVER_ACCESS_HUB: HubPart<S3ServerAccessPlan, S3ServerAccessOutputs> = {
    fields: S3_SERVER_ACCESS_FIELDS,
    rules(settings, ctx): Problems {
        const at = ctx.at;
        const problems: Problems = [];
        const sources = Array.isArray(settings.sourceBucketNames) ? settings.sourceBucketNames : [];
        if (
            !ctx.organization &&
            settings.sourceBucketNames === undefined &&
            settings.existingBucketName === undefined
        ) {
            problems.push(
                `${at.key("sourceBucketNames").code} must list the buckets whose requests to log: the access-log bucket the component creates receives nothing otherwise. Or give ${at.key("existingBucketName").code}, the bucket your buckets already log to.`,
            );
        }
        const reported = new Set<string>();
        for (const [name, why] of forbiddenSources(settings, ctx.args)) {
            if (typeof name === "string" && sources.includes(name) && !reported.has(name)) {
                reported.add(name);
                problems.push(
                    `${at.key("sourceBucketNames").code} lists ${show(name)}, ${why}; remove it.`,
                );
            }
        }
        return problems;
    },
    createsExport: (settings, ctx) =>
        settings !== undefined && (!ctx.organization || settings.sourceBucketNames !== undefined),
    plan: (settings) => ({
        accessLogging: Array.isArray(settings?.sourceBucketNames)
            ? { kind: "create", sourceBucketNames: [...(settings.sourceBucketNames as string[])] }
            : { kind: "none" },
        accessLogWriter: settings !== undefined,
    }),
    admitsWriter: (p) => p.accessLogging.kind === "create",
    wire(p, hub) {
        const logging = p.accessLogging;
        const sourceBucketArns =
            logging.kind === "create"
                ? logging.sourceBucketNames.map(
                      (b) => pulumi.interpolate`arn:${hub.partition}:s3:::${b}`,
                  )
                : [];
        const writer: S3AccessWriter | undefined =
            !hub.organization && sourceBucketArns.length > 0 ? { sourceBucketArns } : undefined;
        const organizationWriter: S3AccessOrganizationWriter | undefined =
            hub.organization && p.accessLogWriter
                ? {
                      folder: hub.folder,
                      hub:
                          sourceBucketArns.length > 0
                              ? { accountId: hub.accountId, sourceBucketArns }
                              : undefined,
                  }
                : undefined;
        return {
            writer,
            organizationWriter,
            exports(wiring): S3ServerAccessOutputs {
                if (logging.kind !== "create") {
                    return {};
                }
                return Object.fromEntries(
                    logging.sourceBucketNames.map((bucket) => [
                        bucket,
                        createAccessLogging(hub.name, {
                            bucket,
                            targetBucket: wiring.bucketName,
                            folder: hub.folder,
                            region: hub.region,
                            opts: { parent: hub.parent, dependsOn: [...wiring.dependsOn] },
                        }),
                    ]),
                );
            },
        };
    },
};
