// S3 server access logs' arguments: on the hub (`logTypes.s3ServerAccessLogs`) and on a log source
// (`s3ServerAccessLogs`), each interface beside the description of its fields.
import { Field, objectOf } from "../../shared/fields";
import * as f from "../../shared/formats";
import { ENABLED, OWN_BUCKET_FIELDS, OwnBucketArgs } from "../fields";

/**
 * S3 server access logs: the requests made to the source buckets, delivered by S3 to a bucket of
 * their own (SSE-S3, without access logging of its own), read into `AWSS3ServerAccess`.
 */
export interface S3ServerAccessLogsArgs extends OwnBucketArgs {
    /** Connects this log type. @default true */
    readonly enabled?: boolean;
    /**
     * The buckets of this account and region whose requests to log (names, plain values: they name
     * the logging resources): each one's server access logging is set to the access-log bucket
     * (a bucket has one logging configuration, which this replaces). Not the log bucket, nor the
     * access-log bucket itself, nor a bucket that receives access logs. Without it the component
     * only connects the access-log bucket, for logging configured elsewhere.
     * @default none: only the connection
     */
    readonly sourceBucketNames?: string[];
}

/** A bucket of a log source's account whose requests to log. */
export interface LogSourceBucketArgs {
    /** The bucket's name (it names the resources created for it). */
    readonly bucketName: string;
    /** The bucket's region. @default the provider's region */
    readonly region?: string;
}

/**
 * The access logging a log source creates: per region of its buckets, a target bucket of its own
 * account and region (S3 logs into no other), replicated into the hub's access-log bucket.
 */
export interface LogSourceS3ServerAccessArgs {
    /** The buckets whose requests to log, in any region of the account. */
    readonly sourceBuckets: LogSourceBucketArgs[];
    /** Days after which access logs in the log source's target buckets expire (the hub keeps its replicas). @default 30 */
    readonly logExpirationDays?: number;
}

/** The defaults of a log source's access logging, as documented on its fields. */
export const S3_ACCESS_DEFAULTS = { accessLogTargetExpirationDays: 30 } as const;

const SOURCE_BUCKET: Field = { kind: "string", doc: "A bucket name.", format: f.BUCKET_NAME };

/** The description of `logTypes.s3ServerAccessLogs`. */
export const S3_SERVER_ACCESS_FIELDS = objectOf<S3ServerAccessLogsArgs>(
    "S3ServerAccessLogsArgs",
    {
        enabled: ENABLED,
        sourceBucketNames: {
            kind: "list",
            minItems: 1,
            unique: true,
            itemName: "bucket name",
            doc: "The buckets of this account and region to log, each one's server access logging set to the access-log bucket (it replaces the bucket's logging configuration); not the log bucket.",
            default: { text: "none: only the connection" },
            items: SOURCE_BUCKET,
        },
        ...OWN_BUCKET_FIELDS,
    },
    {
        doc: "S3 server access logs into `AWSS3ServerAccess` (CCF), through a bucket of their own (SSE-S3, not logged itself).",
    },
);

/** The description of a log source's `s3ServerAccessLogs`. */
export const LOG_SOURCE_S3_SERVER_ACCESS_FIELDS = objectOf<LogSourceS3ServerAccessArgs>(
    "LogSourceS3ServerAccessArgs",
    {
        sourceBuckets: {
            kind: "list",
            required: true,
            minItems: 1,
            itemName: "bucket",
            doc: "The buckets to log, in any region of the account (a target bucket per region, replicated into the hub).",
            items: objectOf<LogSourceBucketArgs>(
                "LogSourceBucketArgs",
                {
                    bucketName: {
                        ...SOURCE_BUCKET,
                        required: true,
                        doc: "The bucket's name (it names the resources created for it).",
                    },
                    region: {
                        kind: "string",
                        doc: "The bucket's region.",
                        default: { text: "the provider's region" },
                        format: f.REGION,
                    },
                },
                { doc: "A bucket whose requests to log." },
            ),
        },
        logExpirationDays: {
            kind: "integer",
            doc: "Days after which access logs in the log source's target buckets expire (the hub keeps its replicas).",
            default: { value: S3_ACCESS_DEFAULTS.accessLogTargetExpirationDays },
            min: 1,
            max: 36_500,
            unit: "days",
        },
    },
    { doc: "S3 server access logging of this account's buckets, replicated into the hub." },
);
