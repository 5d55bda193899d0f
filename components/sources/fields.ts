// Argument descriptions every source's settings share.
import type * as pulumi from "@pulumi/pulumi";
import type { ExistingBucketNotifications } from "../aws/awsSentinelConnectionArgs";
import { EXISTING_BUCKET_NOTIFICATIONS } from "../aws/notificationFields";
import { Field, objectOf } from "../shared/fields";
import * as f from "../shared/formats";

/** `logTypes.<source>.enabled`. */
export const ENABLED: Field = {
    kind: "boolean",
    doc: "Connects this log type; `false` keeps its settings but connects nothing.",
    default: { value: true },
};

/** A region (the items of a list of regions). */
export const REGION_ITEM: Field = { kind: "string", doc: "A region.", format: f.REGION };

/** A VPC of a log source's account, in any region. */
export interface LogSourceVpcArgs {
    /** The VPC's ID; it names the resources created for it, so it is a plain value. */
    readonly vpcId: string;
    /** The VPC's region. @default the provider's region */
    readonly region?: string;
}

/** The description of a log source's VPC. */
export const LOG_SOURCE_VPC_FIELDS = objectOf<LogSourceVpcArgs>(
    "LogSourceVpcArgs",
    {
        vpcId: {
            kind: "string",
            required: true,
            doc: "The VPC's ID (it names the resources created for it).",
            format: f.VPC_ID,
        },
        region: {
            kind: "string",
            doc: "The VPC's region.",
            default: { text: "the provider's region" },
            format: f.REGION,
        },
    },
    { doc: "A VPC to log." },
);

/**
 * The bucket a source writes into when it needs one of its own (`OwnBucketFacts`): one the
 * component creates with the log bucket's protection and lifecycle, or one you have.
 */
export interface OwnBucketArgs {
    /** The name of the bucket the component creates for this log type. @default derived from the component's name */
    readonly bucketName?: string;
    /**
     * Uses a bucket you already have (same account and region) instead of creating one; its
     * notification configuration becomes the component's.
     */
    readonly existingBucketName?: string;
    /** The key encrypting the existing bucket; the role gets `kms:Decrypt` on it. */
    readonly existingBucketKmsKeyArn?: pulumi.Input<string>;
    /** The notifications the existing bucket already sends, kept beside the connector's. */
    readonly existingBucketNotifications?: ExistingBucketNotifications;
    /**
     * Writes the bucket's policy (TLS-only deny and the writer's statements); it replaces the whole
     * policy. @default true for a created bucket, false for an existing one
     */
    readonly manageBucketPolicy?: boolean;
}

/** The description of the own-bucket settings, spread into a source's fields. */
export const OWN_BUCKET_FIELDS = {
    bucketName: {
        kind: "string",
        doc: "The name of the bucket the component creates for this log type (its own, beside the log bucket).",
        default: { text: "derived from the component's name" },
        format: f.BUCKET_NAME,
    },
    existingBucketName: {
        kind: "string",
        doc: "Uses your bucket (same account and region) for this log type instead of creating one; its notification configuration becomes the component's.",
        format: f.BUCKET_NAME,
    },
    existingBucketKmsKeyArn: {
        kind: "string",
        input: true,
        doc: "The key encrypting the existing bucket; the role gets `kms:Decrypt` on it.",
        format: f.KMS_KEY_ARN,
    },
    existingBucketNotifications: EXISTING_BUCKET_NOTIFICATIONS,
    manageBucketPolicy: {
        kind: "boolean",
        doc: "Writes this bucket's policy (TLS-only deny and the writer's statements); it replaces the whole policy.",
        default: { text: "true for a created bucket, false for an existing one" },
    },
} as const satisfies Record<keyof OwnBucketArgs, Field>;
