// The formats of the identifiers the components take, for the argument descriptions: what each is,
// an example, and its check. The patterns themselves are data in `patterns.ts`.
import { StringFormat } from "./fields";
import {
    ACCOUNT_ID_PATTERN,
    CONTROL_TOWER_BUCKET_PATTERN,
    GUARDDUTY_DETECTOR_ID_PATTERN,
    ORGANIZATION_ID_PATTERN,
    GUID_PATTERN,
    IAM_ROLE_ARN_PATTERN,
    IAM_ROLE_NAME_PATTERN,
    KMS_KEY_ARN_PATTERN,
    OIDC_PROVIDER_ARN_PATTERN,
    SQS_URL_PATTERN,
    TRAIL_ARN_PATTERN,
    TRAIL_NAME_PATTERN,
    VPC_ID_PATTERN,
} from "./patterns";

/** A GUID, any case. */
export const GUID: StringFormat = {
    what: "a GUID",
    example: "0f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b",
    test: GUID_PATTERN,
};

/**
 * A Log Analytics workspace ID. The all-zero GUID is a placeholder in examples, never a real
 * workspace: a role bound to it can never be assumed.
 */
export const WORKSPACE_ID: StringFormat = {
    what: "the Log Analytics workspace ID, a GUID (Log Analytics workspace > Overview > Workspace ID; not its name or resource ID)",
    example: "0f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b",
    test: (value) =>
        !GUID_PATTERN.test(value)
            ? ""
            : /^[0-]+$/.test(value)
              ? "the all-zero GUID is a placeholder: put your workspace's ID"
              : undefined,
};

/** S3 bucket names (S3 user guide, "General purpose bucket naming rules"). */
export const BUCKET_NAME: StringFormat = {
    what: "an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit",
    example: "my-log-bucket",
    test: (value) =>
        !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value)
            ? ""
            : value.includes("..") ||
                /^\d+\.\d+\.\d+\.\d+$/.test(value) ||
                value.startsWith("xn--") ||
                value.endsWith("-s3alias")
              ? 'no "..", IP addresses, "xn--" prefix or "-s3alias" suffix'
              : undefined,
    problem: (at, value) =>
        `${at.code} ${JSON.stringify(value)} is not a valid S3 bucket name${/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) ? ' (no "..", IP addresses, "xn--" or "-s3alias")' : ""}; use the bucket's exact name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.`,
};

export const VPC_ID: StringFormat = {
    what: 'a VPC ID: "vpc-" and 8 or 17 lowercase hex digits',
    example: "vpc-0123456789abcdef0",
    test: VPC_ID_PATTERN,
};

export const DETECTOR_ID: StringFormat = {
    what: "a GuardDuty detector ID (32 lowercase hex characters, `aws guardduty list-detectors`)",
    example: "0123456789abcdef0123456789abcdef",
    test: GUARDDUTY_DETECTOR_ID_PATTERN,
};

export const KMS_KEY_ARN: StringFormat = {
    what: "a KMS key ARN (not an alias)",
    example: "arn:aws:kms:us-east-1:123456789012:key/0f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b",
    test: KMS_KEY_ARN_PATTERN,
};

export const TRAIL_ARN: StringFormat = {
    what: "a trail ARN",
    example: "arn:aws:cloudtrail:us-east-1:123456789012:trail/my-trail",
    test: TRAIL_ARN_PATTERN,
};

/** Trail names (CloudTrail API reference, CreateTrail `Name`). */
export const TRAIL_NAME: StringFormat = {
    what: "3-128 letters, digits, periods, underscores or hyphens, starting and ending with a letter or digit, without two separators in a row",
    example: "sentinel-prod",
    test: TRAIL_NAME_PATTERN,
};

export const OIDC_PROVIDER_ARN: StringFormat = {
    what: "an IAM OIDC provider ARN",
    example:
        "arn:aws:iam::123456789012:oidc-provider/sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/",
    test: OIDC_PROVIDER_ARN_PATTERN,
};

/** IAM role names (IAM API reference, CreateRole `RoleName`). */
export const ROLE_NAME: StringFormat = {
    what: 'a role name starting with "OIDC_" (the connector cannot use any other), at most 64 letters, digits and +=,.@_- characters',
    example: "OIDC_MicrosoftSentinel",
    test: (value) =>
        value.startsWith("OIDC_") && IAM_ROLE_NAME_PATTERN.test(value) ? undefined : "",
    problem: (at, value) =>
        value.startsWith("OIDC_")
            ? undefined
            : `${at.code} must start with "OIDC_" or the Sentinel connector cannot use the role; got ${JSON.stringify(value)}. Rename it to "OIDC_${value}" or leave it out for a generated name.`,
};

export const ROLE_ARN: StringFormat = {
    what: "an IAM role ARN",
    example: "arn:aws:iam::123456789012:role/OIDC_MicrosoftSentinel",
    test: IAM_ROLE_ARN_PATTERN,
};

export const IAM_POLICY_ARN: StringFormat = {
    what: "an IAM managed policy ARN",
    example: "arn:aws:iam::123456789012:policy/boundary",
    test: /^arn:aws[a-z-]*:iam::(?:\d{12}|aws):policy\/[\w+=,.@/-]+$/,
};

export const SQS_URL: StringFormat = {
    what: "an SQS queue URL",
    example: "https://sqs.us-east-1.amazonaws.com/123456789012/queue",
    test: SQS_URL_PATTERN,
};

/** Any ARN (an alarm action, a notification destination). */
export const ARN: StringFormat = {
    what: "an ARN",
    example: "arn:aws:sns:us-east-1:123456789012:security-alerts",
    test: /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(?:\d{12})?:.+$/,
};

/** AWS region names (`us-east-1`, `ap-southeast-4`, `us-gov-west-1`). */
export const REGION: StringFormat = {
    what: "an AWS region name",
    example: "eu-west-1",
    test: /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/,
};

/** A folder path in a bucket, in front of `AWSLogs/`. */
export const KEY_PREFIX: StringFormat = {
    what: 'folder names separated by "/", without a leading slash and without "AWSLogs" (AWS adds AWSLogs/<account>/ after the prefix itself)',
    example: "security/aws",
    test: (value) =>
        !/^[A-Za-z0-9!_.*'()-]+(?:\/[A-Za-z0-9!_.*'()-]+)*\/?$/.test(value)
            ? ""
            : /(^|\/)AWSLogs(\/|$)/.test(value)
              ? 'it contains "AWSLogs"'
              : undefined,
    problem: (at, value) =>
        /^[A-Za-z0-9!_.*'()-]+(?:\/[A-Za-z0-9!_.*'()-]+)*\/?$/.test(value)
            ? `${at.code} must not contain "AWSLogs": AWS adds AWSLogs/<account>/ after the prefix itself; got ${JSON.stringify(value)}.`
            : undefined,
};

/** A flow-log record format (VPC user guide, "Flow log records": `${field}` separated by spaces). */
export const FLOW_LOG_FORMAT: StringFormat = {
    what: 'space-separated fields like "${version} ${srcaddr} ${start}", including ${start} (Sentinel takes TimeGenerated from it; without it every row gets the ingestion time)',
    example: "${version} ${srcaddr} ${dstaddr} ${start} ${end} ${action}",
    test: (value) =>
        /^\$\{[a-z0-9-]+\}(?: \$\{[a-z0-9-]+\})*$/.test(value) &&
        value.split(" ").includes("${start}")
            ? undefined
            : "",
    problem: (at, value) =>
        /^\$\{[a-z0-9-]+\}(?: \$\{[a-z0-9-]+\})*$/.test(value)
            ? `${at.code} must include \`\${start}\`: Sentinel takes TimeGenerated from it (without it every row gets the ingestion time); add \${start} or remove \`logFormat\` for AWS's default format.`
            : `${at.code} must be space-separated fields like "\${version} \${srcaddr} \${start}"; got ${JSON.stringify(value)}.`,
};

/** Tag keys (Tagging AWS resources, "Tag naming limits"). */
export const TAG_KEY: StringFormat = {
    what: '1-128 characters and must not start with "aws:"',
    test: (value) =>
        value.length >= 1 && value.length <= 128 && !value.toLowerCase().startsWith("aws:")
            ? undefined
            : "",
};

/** Tag values (at most 256 characters). */
export const TAG_VALUE: StringFormat = {
    what: "a tag value of at most 256 characters",
    test: (value) => (value.length <= 256 ? undefined : ""),
};

/** S3 event types (S3 user guide, "Supported event types"). */
export const S3_EVENT: StringFormat = {
    what: "an S3 event type",
    example: "s3:ObjectCreated:*",
    test: /^s3:[A-Za-z]+(?::[A-Za-z*]+)*$/,
};

/** Organization IDs. */
export const ORGANIZATION_ID: StringFormat = {
    what: 'an organization ID: "o-" and 10-32 lowercase letters or digits',
    example: "o-a1b2c3d4e5",
    test: ORGANIZATION_ID_PATTERN,
};

/** Account IDs. */
export const ACCOUNT_ID: StringFormat = {
    what: "an AWS account ID (12 digits)",
    example: "111122223333",
    test: ACCOUNT_ID_PATTERN,
};

/** Control Tower's log archive bucket. */
export const CONTROL_TOWER_BUCKET: StringFormat = {
    what: "AWS Control Tower's log archive bucket, aws-controltower-logs-<log archive account>-<home region>",
    example: "aws-controltower-logs-111122223333-eu-west-1",
    test: CONTROL_TOWER_BUCKET_PATTERN,
};
