// S3 server access logs from a log source. S3 delivers a bucket's access logs only to a bucket of
// the same account and region (S3 user guide, "Enabling Amazon S3 server access logging"), so the
// log source creates that target bucket, per region of its source buckets, and replicates it into
// the hub's access-log bucket (S3 user guide, "Replicating objects within and across Regions"):
// one queue and one Sentinel connection then read every account's logs, and the hub's role reads
// only the hub's buckets. Replication rather than a queue per account: a connection per account
// and region would need the hub's role to read every member's queue and bucket, and the Azure
// side a connection for each.
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as iam from "@pulumi/aws/iam";
import * as s3 from "@pulumi/aws/s3";
import { getBucketOutput } from "@pulumi/aws/s3/getBucket";
import * as pulumi from "@pulumi/pulumi";
import { Text, denyInsecureTransport, document, documentJson } from "../../aws/documents/common";
import { createLogBucket } from "../../aws/logBucket";
import { FieldPath, Problems, ValidationError, isPlainObject, show } from "../../shared/fields";
import type { LogSourcePart, LogSourceWiring } from "../types";
import { WRITER_ROLE_PATH, writerName } from "../writers/firehose";
import {
    LOG_SOURCE_S3_SERVER_ACCESS_FIELDS,
    LogSourceBucketArgs,
    LogSourceS3ServerAccessArgs,
    S3_ACCESS_DEFAULTS,
} from "./args";
import { S3_ACCESS_KEY_FORMAT, S3_ACCESS_SEGMENT, accessLogTargetPrefix } from "./facts";
import {
    REPLICATION_DESTINATION_OBJECT_ACTIONS,
    REPLICATION_SOURCE_BUCKET_ACTIONS,
    REPLICATION_SOURCE_OBJECT_ACTIONS,
    S3_ACCESS_REPLICATION_ROLE_PREFIX,
    accessLogObjects,
    accessLoggingStatement,
} from "./writer";

/** The hub's access-log bucket, when it gives one. */
export function hubAccessLogBucketOf(destination: Record<string, unknown>): string | undefined {
    const buckets = destination.buckets;
    const name = isPlainObject(buckets) ? buckets.s3ServerAccessLogs : undefined;
    return typeof name === "string" ? name : undefined;
}

/** A target bucket's lifecycle beyond its expiry, as the hub's log bucket has it. */
const TARGET_LIFECYCLE = { noncurrentVersionExpirationDays: 30, abortIncompleteUploadDays: 7 };

/** The service principal replication assumes its role as (S3 user guide, "Setting up permissions"). */
const S3_SERVICE = "s3.amazonaws.com";

/** The names of the source buckets of settings as given. */
function sourceNames(settings: Record<string, unknown>): string[] {
    const buckets = Array.isArray(settings.sourceBuckets) ? settings.sourceBuckets : [];
    return buckets
        .map((b) => (isPlainObject(b) ? b.bucketName : undefined))
        .filter((n): n is string => typeof n === "string");
}

/** The problems of source buckets that are the hub's own buckets (which receive logs). */
export function hubBucketProblems(
    destination: Record<string, unknown>,
    settings: Record<string, unknown>,
    at: FieldPath,
): Problems {
    const names = sourceNames(settings);
    const hub: Array<[unknown, string]> = [
        [destination.bucketName, "the hub's log bucket"],
        [hubAccessLogBucketOf(destination), "the hub's access-log bucket"],
    ];
    return hub.flatMap(([name, what]) =>
        typeof name === "string" && names.includes(name)
            ? [
                  `${at.key("sourceBuckets").code} lists ${show(name)}, ${what}: a bucket that receives logs must not log into the hub (S3 advises a bucket receiving access logs not to log its own). Remove it.`,
              ]
            : [],
    );
}

/**
 * The replication role of one target bucket: trusted by S3, allowed exactly the actions of S3's
 * guide ("Setting up permissions": the source bucket's replication configuration and listing, its
 * object versions, and the replicate actions on the destination), on the target and on this
 * account's access-log folder of the hub's bucket.
 */
function createReplicationRole(
    base: string,
    a: {
        readonly scope: string;
        readonly targetArn: pulumi.Output<string>;
        readonly destinationObjects: pulumi.Output<string>;
        readonly tags: Record<string, string>;
        readonly parent: pulumi.Resource;
    },
): { role: iam.Role; policy: iam.RolePolicy } {
    const role = new iam.Role(
        `${base}-replication-role`,
        {
            name: writerName(S3_ACCESS_REPLICATION_ROLE_PREFIX, a.scope),
            path: WRITER_ROLE_PATH,
            description:
                "Lets S3 replicate this account's access logs into the Sentinel hub's access-log bucket.",
            assumeRolePolicy: documentJson(
                document<Text>([
                    {
                        Effect: "Allow",
                        Principal: { Service: S3_SERVICE },
                        Action: "sts:AssumeRole",
                    },
                ]),
            ),
            tags: a.tags,
        },
        { parent: a.parent },
    );
    const policy = new iam.RolePolicy(
        `${base}-replication-policy`,
        {
            role: role.name,
            name: "ReplicateAccessLogs",
            policy: documentJson(
                document<Text>([
                    {
                        Effect: "Allow",
                        Action: [...REPLICATION_SOURCE_BUCKET_ACTIONS],
                        Resource: a.targetArn,
                    },
                    {
                        Effect: "Allow",
                        Action: [...REPLICATION_SOURCE_OBJECT_ACTIONS],
                        Resource: pulumi.interpolate`${a.targetArn}/*`,
                    },
                    {
                        Effect: "Allow",
                        Action: [...REPLICATION_DESTINATION_OBJECT_ACTIONS],
                        Resource: a.destinationObjects,
                    },
                ]),
            ),
        },
        { parent: a.parent },
    );
    return { role, policy };
}

/** Creates one region's target bucket and its policy, the buckets' logging and the replication. */
function createRegion(
    w: LogSourceWiring,
    region: string | undefined,
    buckets: readonly LogSourceBucketArgs[],
    expirationDays: number,
): Record<string, pulumi.Output<string>> {
    const base = region === undefined ? `${w.name}-s3-access` : `${w.name}-s3-access-${region}`;
    const parent = { parent: w.parent };
    const regionName =
        region === undefined ? getRegionOutput({}, parent).region : pulumi.output(region);
    // The target: SSE-S3 (S3 delivers access logs to no bucket with SSE-KMS default encryption),
    // no access logging of its own, versioned (replication needs it on both sides).
    const target = createLogBucket(base, {
        expirationDays,
        ...TARGET_LIFECYCLE,
        region,
        tags: w.tags,
        opts: w.kept,
    });
    const targetArn = pulumi.interpolate`arn:${w.partition}:s3:::${target.bucket.bucket}`;
    const sourceArns = buckets.map(
        (b) => pulumi.interpolate`arn:${w.partition}:s3:::${b.bucketName}`,
    );
    const policy = new s3.BucketPolicy(
        `${base}-logs-policy`,
        {
            bucket: target.bucket.id,
            region,
            policy: documentJson(
                document<Text>([
                    denyInsecureTransport("s3:*", [targetArn, pulumi.interpolate`${targetArn}/*`]),
                    accessLoggingStatement<Text>(targetArn, w.folder, w.accountId, sourceArns),
                ]),
            ),
        },
        { ...w.kept, dependsOn: target.settings },
    );
    const hubBucket = w.destination.apply((d) => hubAccessLogBucketOf(d as never) ?? "");
    const hubArn = pulumi.interpolate`arn:${w.destination.partition}:s3:::${hubBucket}`;
    const replication = createReplicationRole(base, {
        scope: `${pulumi.getProject()}/${pulumi.getStack()}/${base}`,
        targetArn,
        destinationObjects: accessLogObjects(hubArn, w.folder, w.accountId),
        tags: w.tags,
        parent: w.parent,
    });
    const roleArn = pulumi.interpolate`arn:${w.partition}:iam::${w.accountId}:role${WRITER_ROLE_PATH}${replication.role.name}`;
    new s3.BucketReplicationConfig(
        `${base}-replication`,
        {
            bucket: target.bucket.id,
            region,
            role: roleArn,
            rules: [
                {
                    id: "sentinel-access-logs",
                    status: "Enabled",
                    // This account's access logs only; the replica keeps the key, so it lands in
                    // the hub's folder of this account. Delete markers stay here (expiry).
                    filter: {
                        prefix: pulumi.interpolate`${w.folder}${S3_ACCESS_SEGMENT}/${w.accountId}/`,
                    },
                    deleteMarkerReplication: { status: "Disabled" },
                    destination: { bucket: hubArn },
                },
            ],
        },
        { ...w.kept, dependsOn: [...target.settings, replication.policy] },
    );
    const outputs: Record<string, pulumi.Output<string>> = {
        [region === undefined ? "targetBucket" : `targetBucket-${region}`]: target.bucket.bucket,
    };
    for (const b of buckets) {
        // S3 logs only into the source bucket's own region: checked when the bucket is read.
        const found = getBucketOutput({ bucket: b.bucketName, region }, parent);
        const targetPrefix = pulumi
            .all([found.region, regionName, w.folder])
            .apply(([bucketRegion, expected, folder]) => {
                if (bucketRegion !== expected) {
                    throw new ValidationError(`SentinelLogSource "${w.name}"`, [
                        `\`s3ServerAccessLogs.sourceBuckets\` lists ${show(b.bucketName)} in ${expected}, but the bucket is in ${bucketRegion}: S3 delivers a bucket's access logs only to a bucket of its own region. Give its \`region\`: ${show(bucketRegion)}.`,
                    ]);
                }
                return accessLogTargetPrefix(folder);
            });
        new s3.BucketLogging(
            `${w.name}-s3-access-logging-${b.bucketName}`,
            {
                bucket: b.bucketName,
                region,
                targetBucket: target.bucket.bucket,
                targetPrefix,
                targetObjectKeyFormat: S3_ACCESS_KEY_FORMAT,
            },
            { parent: w.parent, dependsOn: [policy] },
        );
        outputs[b.bucketName] = targetPrefix;
    }
    return outputs;
}

/** S3 server access logs' part in `SentinelLogSource`. */
export const S3_SERVER_ACCESS_LOG_SOURCE: LogSourcePart<LogSourceS3ServerAccessArgs> = {
    fields: LOG_SOURCE_S3_SERVER_ACCESS_FIELDS,
    needsOwnAccount: true,
    rules(settings, at): Problems {
        const names = sourceNames(settings);
        return [...new Set(names.filter((v, i) => names.indexOf(v) !== i))].map(
            (name) =>
                `${at.key("sourceBuckets").code} lists ${show(name)} more than once; list each bucket once.`,
        );
    },
    destinationProblems(destination, settings, at, destinationAt): Problems {
        const prefixes = destination.keyPrefixes;
        const connected = isPlainObject(prefixes) && prefixes.s3ServerAccessLogs !== undefined;
        return [
            // A hub of the same program gives the name as an Output: present, checked when it resolves.
            ...(connected &&
            (!isPlainObject(destination.buckets) ||
                destination.buckets.s3ServerAccessLogs === undefined)
                ? [
                      `${destinationAt.code} names no access-log bucket (\`buckets.s3ServerAccessLogs\`): use the \`logDestination\` of a hub of this package's version, which connects \`logTypes.s3ServerAccessLogs\`.`,
                  ]
                : []),
            ...hubBucketProblems(destination, settings, at),
        ];
    },
    create(settings, w) {
        const byRegion = new Map<string | undefined, LogSourceBucketArgs[]>();
        for (const b of settings.sourceBuckets) {
            byRegion.set(b.region, [...(byRegion.get(b.region) ?? []), b]);
        }
        const days = settings.logExpirationDays ?? S3_ACCESS_DEFAULTS.accessLogTargetExpirationDays;
        return Object.assign(
            {},
            ...[...byRegion].map(([region, buckets]) => createRegion(w, region, buckets, days)),
        );
    },
};
