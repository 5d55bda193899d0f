// CloudTrail's arguments: on the hub (`logTypes.cloudTrail`) and on a log source (`cloudTrail`),
// each interface beside the description of its fields (default, check, documentation).
import * as pulumi from "@pulumi/pulumi";
import { Field, objectOf } from "../../shared/fields";
import * as f from "../../shared/formats";
import { ENABLED } from "../fields";

/** Which management events a trail records (CloudTrail API reference, EventSelector ReadWriteType). */
export const CloudTrailReadWriteType = {
    /** Read and write events. */
    All: "All",
    /** Read events only (Describe*, Get*, List*). */
    ReadOnly: "ReadOnly",
    /** Write events only: changes to resources, usually what a SOC alerts on. */
    WriteOnly: "WriteOnly",
} as const;
/** Which management events a trail records (CloudTrail API reference, EventSelector ReadWriteType). */
export type CloudTrailReadWriteType =
    (typeof CloudTrailReadWriteType)[keyof typeof CloudTrailReadWriteType];

/** The defaults of CloudTrail's settings, as documented on each field. */
export const CLOUD_TRAIL_DEFAULTS = {
    includeGlobalServiceEvents: true,
    managementEvents: CloudTrailReadWriteType.All as CloudTrailReadWriteType,
} as const;
const D = CLOUD_TRAIL_DEFAULTS;

/** CloudTrail: a multi-region trail writing to the log bucket, read into `AWSCloudTrail`. */
export interface CloudTrailLogArgs {
    /** Connects this log type. @default true */
    readonly enabled?: boolean;
    /**
     * Creates a multi-region trail with log-file validation that writes to the bucket. Set `false`
     * when a trail already writes there (then give its `trailArn` if the component manages the
     * bucket policy).
     * @default true
     */
    readonly createTrail?: boolean;
    /**
     * Name of the trail the component creates. It is fixed rather than generated because the bucket
     * policy must name the trail before the trail exists.
     * @default <component name>-<stack>
     */
    readonly trailName?: string;
    /** ARN of an existing trail that writes to the bucket (with `createTrail: false`). */
    readonly trailArn?: pulumi.Input<string>;
    /**
     * Also records global-service events (IAM, STS, CloudFront) in the created trail.
     * @default true
     */
    readonly includeGlobalServiceEvents?: boolean;
    /**
     * Which management events the created trail records: `WriteOnly` keeps the changes to resources
     * and drops the (far more numerous) reads, cutting ingestion into `AWSCloudTrail`.
     * @default "All"
     */
    readonly managementEvents?: CloudTrailReadWriteType;
    /**
     * In an organization hub: also admits and notifies the account trails of the accounts in
     * `organization.accountIds` (a log source's trail with `organizationTrail: false`), one more
     * notification per account. The organization trail already records every account: use account
     * trails only for an organization without one.
     * @default false
     */
    readonly accountTrails?: boolean;
}

/** The trail a log source creates. */
export interface LogSourceCloudTrailArgs {
    /**
     * Creates an organization trail, recording every account of the organization (in the management
     * account or CloudTrail's delegated administrator); otherwise a trail of this account.
     * @default false
     */
    readonly organizationTrail?: boolean;
    /** The trail's name. @default <component name>-<stack> */
    readonly trailName?: string;
    /** Also records global-service events (IAM, STS, CloudFront). @default true */
    readonly includeGlobalServiceEvents?: boolean;
    /** Which management events the trail records. @default "All" */
    readonly managementEvents?: CloudTrailReadWriteType;
}

/** What a created trail records (hub and log source). */
const TRAIL_SETTINGS = {
    includeGlobalServiceEvents: {
        kind: "boolean",
        doc: "Also records global-service events (IAM, STS, CloudFront) in the created trail.",
        default: { value: D.includeGlobalServiceEvents },
    },
    managementEvents: {
        kind: "enum",
        doc: "Which management events the created trail records; `WriteOnly` keeps the changes and drops the reads.",
        default: { value: D.managementEvents },
        values: Object.values(CloudTrailReadWriteType),
    },
} as const satisfies Record<string, Field>;

/** The description of `logTypes.cloudTrail`. */
export const CLOUD_TRAIL_FIELDS = objectOf<CloudTrailLogArgs>(
    "CloudTrailLogArgs",
    {
        enabled: ENABLED,
        createTrail: {
            kind: "boolean",
            doc: "Creates a multi-region trail with log-file validation writing to the bucket; `false` when a trail already writes there.",
            default: { value: true },
        },
        trailName: {
            kind: "string",
            doc: "Name of the trail the component creates (fixed, because the bucket policy names it before it exists).",
            default: { text: "<component name>-<stack>" },
            format: f.TRAIL_NAME,
        },
        trailArn: {
            kind: "string",
            input: true,
            doc: "ARN of an existing trail that writes to the bucket (with `createTrail: false`).",
            format: f.TRAIL_ARN,
        },
        ...TRAIL_SETTINGS,
        accountTrails: {
            kind: "boolean",
            doc: "In an organization hub: also admits and notifies the account trails of the accounts in `organization.accountIds` (one more notification each).",
            default: { value: false },
        },
    },
    { doc: "CloudTrail into `AWSCloudTrail`." },
);

/** The description of a log source's `cloudTrail`. */
export const LOG_SOURCE_CLOUD_TRAIL_FIELDS = objectOf<LogSourceCloudTrailArgs>(
    "LogSourceCloudTrailArgs",
    {
        organizationTrail: {
            kind: "boolean",
            doc: "Creates an organization trail for every account (in the management account or CloudTrail's delegated administrator).",
            default: { value: false },
        },
        trailName: {
            kind: "string",
            doc: "The trail's name.",
            default: { text: "<component name>-<stack>" },
            format: f.TRAIL_NAME,
        },
        ...TRAIL_SETTINGS,
    },
    { doc: "A trail writing to the hub." },
);
