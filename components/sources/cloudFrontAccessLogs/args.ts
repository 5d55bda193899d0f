// CloudFront standard logs' arguments: on the hub (`logTypes.cloudFrontAccessLogs`) and on a log
// source (`cloudFrontAccessLogs`), each interface beside the description of its fields.
import { StringFormat, objectOf } from "../../shared/fields";
import { ENABLED } from "../fields";

/**
 * A CloudFront distribution ID: "E" and uppercase letters and digits (CloudFront API reference,
 * `Distribution.Id`, "For example: E1U5RQF7T870K0"). An ARN, a domain name or an ID in lower case
 * is named as such, with the fix.
 */
export const DISTRIBUTION_ID: StringFormat = {
    what: 'a CloudFront distribution ID: "E" and 9-19 uppercase letters and digits (CloudFront console → Distributions → ID)',
    example: "E1U5RQF7T870K0",
    test: /^E[A-Z0-9]{9,19}$/,
    problem: (at, value) => {
        const arn = /^arn:aws[a-z-]*:cloudfront::\d{12}:distribution\/([A-Z0-9]+)$/.exec(value);
        if (arn) {
            return `${at.code} must be the distribution's ID, not its ARN: give ${JSON.stringify(arn[1])}.`;
        }
        if (/\.cloudfront\.net$/i.test(value)) {
            return `${at.code} must be the distribution's ID, not its domain name ${JSON.stringify(value)}: CloudFront console → Distributions → ID, such as "E1U5RQF7T870K0".`;
        }
        if (/^E[A-Z0-9]{9,19}$/.test(value.toUpperCase())) {
            return `${at.code} must be written in upper case, as CloudFront gives it: ${JSON.stringify(value.toUpperCase())}.`;
        }
        return undefined;
    },
};

/**
 * CloudFront standard logs: standard logging (v2) of the distributions given, delivered to the
 * bucket as plain text, read into `AWSCloudFront_AccessLog_CL`.
 */
export interface CloudFrontAccessLogsArgs {
    /** Connects this log type. @default true */
    readonly enabled?: boolean;
    /**
     * The distributions of this account whose standard logs to deliver: per distribution the
     * component creates a delivery source (in us-east-1, where CloudFront's logging is configured)
     * and a delivery to the bucket, plain text with tab-separated fields in the order Microsoft's
     * connector reads (plain values: the IDs name the resources). Without it the component only
     * connects the log type, for deliveries made elsewhere that write to the bucket (they must use
     * the same fields, order and format).
     * @default none: only the connection
     */
    readonly distributionIds?: string[];
}

/** The standard logging a log source creates: the distributions of its account. */
export interface LogSourceCloudFrontArgs {
    /** The distributions of the log source's account whose standard logs to deliver. */
    readonly distributionIds: string[];
}

const DISTRIBUTION_IDS = {
    kind: "list",
    minItems: 1,
    unique: true,
    itemName: "distribution ID",
    items: { kind: "string", doc: "A distribution ID.", format: DISTRIBUTION_ID },
} as const;

/** The description of `logTypes.cloudFrontAccessLogs`. */
export const CLOUDFRONT_FIELDS = objectOf<CloudFrontAccessLogsArgs>(
    "CloudFrontAccessLogsArgs",
    {
        enabled: ENABLED,
        distributionIds: {
            ...DISTRIBUTION_IDS,
            doc: "The distributions of this account whose standard logs (v2) the component delivers to the bucket: a delivery source and a delivery each, in us-east-1 (plain values: they name the resources).",
            default: { text: "none: only the connection" },
        },
    },
    { doc: "CloudFront standard logs into `AWSCloudFront_AccessLog_CL` (CCF, custom table)." },
);

/** The description of a log source's `cloudFrontAccessLogs`. */
export const LOG_SOURCE_CLOUDFRONT_FIELDS = objectOf<LogSourceCloudFrontArgs>(
    "LogSourceCloudFrontArgs",
    {
        distributionIds: {
            ...DISTRIBUTION_IDS,
            required: true,
            doc: "The distributions of the log source's account whose standard logs (v2) to deliver into the hub (a delivery source and a delivery each, in us-east-1).",
        },
    },
    { doc: "CloudFront standard logging writing to the hub." },
);
