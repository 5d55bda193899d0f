// The shapes of AWS and Azure identifiers (IDs, ARNs, URLs, names), as data beside the catalog: the
// components' validation and the policy pack read the same patterns.

export const GUID_PATTERN =
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const VPC_ID_PATTERN = /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
export const IAM_ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
export const GUARDDUTY_DETECTOR_ID_PATTERN = /^[0-9a-f]{32}$/;
export const KMS_KEY_ARN_PATTERN =
    /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(?:[0-9a-f-]{36}|mrk-[0-9a-f]{32})$/;
export const TRAIL_ARN_PATTERN =
    /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9._-]{3,128}$/;
export const OIDC_PROVIDER_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/;
export const IAM_ROLE_ARN_PATTERN =
    /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;
export const SQS_URL_PATTERN =
    /^https:\/\/sqs\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/\d{12}\/[A-Za-z0-9_-]{1,80}$/;
export const TRAIL_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9]|[._-](?![._-])){1,126}[A-Za-z0-9]$/;
/** AWS Organizations IDs (Organizations API reference, Organization `Id`: "o-" and 10-32 lowercase letters or digits). */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
/** AWS account IDs: 12 digits. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** The log archive bucket AWS Control Tower creates: aws-controltower-logs-<log archive account>-<home region>. */
export const CONTROL_TOWER_BUCKET_PATTERN =
    /^aws-controltower-logs-\d{12}-[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
