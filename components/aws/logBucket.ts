// The log bucket the component creates, locked down: no public access, owner-enforced objects,
// default encryption, versioning, expiry of old logs.
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";

/** How to build the log bucket. */
export interface LogBucketOptions {
    /** The KMS key for SSE-KMS with a bucket key; SSE-S3 when absent. */
    readonly kmsKeyArn?: pulumi.Output<string>;
    readonly expirationDays: number;
    readonly noncurrentVersionExpirationDays: number;
    readonly abortIncompleteUploadDays: number;
    readonly accessLogsBucketName?: pulumi.Input<string>;
    /** The bucket's physical name (a name AWS prescribes the form of); Pulumi's autonaming when absent. */
    readonly bucketName?: pulumi.Input<string>;
    /** The region of the bucket and its settings (undefined: the provider's). */
    readonly region?: string;
    readonly tags: Record<string, string>;
    /** Options for every resource here (parent, retainOnDelete). */
    readonly opts: pulumi.CustomResourceOptions;
}

/** The created bucket and the settings its policy must wait for. */
export interface LogBucket {
    readonly bucket: s3.Bucket;
    readonly settings: pulumi.Resource[];
}

/** Creates the log bucket and its settings; every child is named `${name}-<role>`. */
export function createLogBucket(name: string, options: LogBucketOptions): LogBucket {
    const opts = options.opts;
    const region = options.region;
    const bucket = new s3.Bucket(
        `${name}-logs`,
        { bucket: options.bucketName, forceDestroy: false, region, tags: options.tags },
        opts,
    );
    const publicAccessBlock = new s3.BucketPublicAccessBlock(
        `${name}-logs-public-access`,
        {
            bucket: bucket.id,
            region,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        opts,
    );
    const ownership = new s3.BucketOwnershipControls(
        `${name}-logs-ownership`,
        { bucket: bucket.id, region, rule: { objectOwnership: "BucketOwnerEnforced" } },
        opts,
    );
    const encryption = new s3.BucketServerSideEncryptionConfiguration(
        `${name}-logs-encryption`,
        {
            bucket: bucket.id,
            region,
            rules: [
                options.kmsKeyArn
                    ? {
                          applyServerSideEncryptionByDefault: {
                              sseAlgorithm: "aws:kms",
                              kmsMasterKeyId: options.kmsKeyArn,
                          },
                          bucketKeyEnabled: true,
                      }
                    : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ],
        },
        opts,
    );
    const versioning = new s3.BucketVersioning(
        `${name}-logs-versioning`,
        { bucket: bucket.id, region, versioningConfiguration: { status: "Enabled" } },
        opts,
    );
    const lifecycle = new s3.BucketLifecycleConfiguration(
        `${name}-logs-lifecycle`,
        {
            bucket: bucket.id,
            region,
            rules: [
                {
                    id: "expire-old-logs",
                    status: "Enabled",
                    // Only objects larger than 0 bytes expire, so the empty folder object GuardDuty
                    // checks for (its export fails once that folder is gone) is never deleted. S3
                    // user guide, "Lifecycle configuration elements": filtering by object size.
                    filter: { objectSizeGreaterThan: 0 },
                    expiration: { days: options.expirationDays },
                    noncurrentVersionExpiration: {
                        noncurrentDays: options.noncurrentVersionExpirationDays,
                    },
                    abortIncompleteMultipartUpload: {
                        daysAfterInitiation: options.abortIncompleteUploadDays,
                    },
                },
            ],
        },
        { ...opts, dependsOn: [versioning] },
    );
    const settings: pulumi.Resource[] = [
        publicAccessBlock,
        ownership,
        encryption,
        versioning,
        lifecycle,
    ];
    if (options.accessLogsBucketName !== undefined) {
        settings.push(
            new s3.BucketLogging(
                `${name}-logs-access-logging`,
                {
                    bucket: bucket.id,
                    region,
                    targetBucket: options.accessLogsBucketName,
                    targetPrefix: pulumi.interpolate`${bucket.id}/`,
                },
                opts,
            ),
        );
    }
    return { bucket, settings };
}
