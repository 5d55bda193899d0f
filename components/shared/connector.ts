// The facts the Microsoft Sentinel "Amazon Web Services S3" connector imposes, in one place.
// Pure data and string helpers only: the components, the stack configuration reader and the
// policy pack all read these, so a value fixed here is fixed everywhere.

// The string enums are written as Pulumi's own SDKs write them (a constant object and a type of its
// values): plain string literals keep working for TypeScript users, and Pulumi's component schema
// analyzer turns them into schema enums for the other languages.

/** The Azure clouds Sentinel runs in; each has its own OpenID Connect issuer and audience. */
export const AzureCloud = {
    /** Azure commercial. */
    AzureCloud: "AzureCloud",
    /** Azure Government. */
    AzureUSGovernment: "AzureUSGovernment",
} as const;
/** The Azure clouds Sentinel runs in; each has its own OpenID Connect issuer and audience. */
export type AzureCloud = (typeof AzureCloud)[keyof typeof AzureCloud];

/** Identity facts of Microsoft's service in one Azure cloud. */
export interface SentinelCloud {
    readonly azureCloud: AzureCloud;
    /** The Entra ID tenant that issues Sentinel's tokens. */
    readonly tenantId: string;
    /** The IAM OpenID Connect provider URL (the trailing slash matters). */
    readonly issuerUrl: string;
    /** The issuer without `https://`: the provider ARN's suffix and the prefix of its condition keys. */
    readonly issuerHost: string;
    /** The audience (client ID) Sentinel's tokens carry. */
    readonly audience: string;
    /** The thumbprint of the issuer's certificate chain. */
    readonly thumbprint: string;
}

function sentinelCloud(azureCloud: AzureCloud, tenantId: string, clientId: string): SentinelCloud {
    const issuerHost = `sts.windows.net/${tenantId}/`;
    return {
        azureCloud,
        tenantId,
        issuerUrl: `https://${issuerHost}`,
        issuerHost,
        audience: `api://${clientId}`,
        thumbprint: "626d44e704d1ceabe3bf0d53397464ac8080142c",
    };
}

/** Sentinel's OpenID Connect identity per Azure cloud. */
export const SENTINEL_CLOUDS: Readonly<Record<AzureCloud, SentinelCloud>> = {
    AzureCloud: sentinelCloud(
        "AzureCloud",
        "33e01921-4d64-4f8c-a055-5bdaffd5e33d",
        "1462b192-27f7-4cb9-8523-0f4ecb54b47e",
    ),
    AzureUSGovernment: sentinelCloud(
        "AzureUSGovernment",
        "cab8a31a-1906-4287-a0d8-4eef66b95f6e",
        "d4230588-5f84-4281-a9c7-2c15194b28f7",
    ),
};

/** Every Azure cloud name. */
export const AZURE_CLOUDS: readonly AzureCloud[] = Object.values(AzureCloud);

/** The Azure cloud used when none is given. */
export const DEFAULT_AZURE_CLOUD: AzureCloud = "AzureCloud";

/** The condition key that carries the token audience for an issuer host. */
export function audienceConditionKey(issuerHost: string): string {
    return `${issuerHost}:aud`;
}

/** The Sentinel role's name must start with this, or the connector silently fails. */
export const ROLE_NAME_PREFIX = "OIDC_";

/**
 * Session-name prefixes Microsoft's service uses when it assumes the role. Until March 2025 it sent
 * `MicrosoftSentinel_<workspaceId>`; since then `MicrosoftDefenderForClouds_<workspaceId>`. Both are
 * trusted, each exactly, so the role stays bound to one workspace whichever the service sends.
 */
export const SESSION_NAME_PREFIXES: readonly string[] = [
    "MicrosoftSentinel_",
    "MicrosoftDefenderForClouds_",
];

/** The exact role session names Microsoft's service uses for a workspace. */
export function sentinelSessionNames(workspaceId: string): string[] {
    return SESSION_NAME_PREFIXES.map((prefix) => `${prefix}${workspaceId}`);
}

/** The SQS actions the connector uses on its queues. */
export const CONNECTOR_SQS_ACTIONS: readonly string[] = [
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:ChangeMessageVisibility",
    "sqs:GetQueueUrl",
    "sqs:GetQueueAttributes",
];

/** The S3 action the connector uses on log objects. */
export const CONNECTOR_S3_ACTIONS: readonly string[] = ["s3:GetObject"];

/** The KMS action the connector uses on the keys that encrypt the objects and queues. */
export const CONNECTOR_KMS_ACTIONS: readonly string[] = ["kms:Decrypt"];

/** Every action the Sentinel role may be allowed, and nothing more. */
export const CONNECTOR_ACTIONS: readonly string[] = [
    ...CONNECTOR_SQS_ACTIONS,
    ...CONNECTOR_S3_ACTIONS,
    ...CONNECTOR_KMS_ACTIONS,
];

/** AWS managed policies that older instructions and templates attach, none of them least-privilege. */
export const DISALLOWED_MANAGED_POLICIES: readonly string[] = [
    "AmazonSQSReadOnlyAccess",
    "AWSLambdaSQSQueueExecutionRole",
    "AmazonS3ReadOnlyAccess",
    "ROSAKMSProviderPolicy",
    "AWSCloudTrail_ReadOnlyAccess",
    "AmazonGuardDutyReadOnlyAccess",
    "AmazonSQSFullAccess",
    "AmazonS3FullAccess",
    "ReadOnlyAccess",
    "PowerUserAccess",
    "AdministratorAccess",
];

/** Microsoft's AWS account of the legacy (access-key-free but weak) external-ID trust model. */
export const LEGACY_MICROSOFT_ACCOUNT_ID = "197857026523";

/** The AWS managed SQS key: S3 notifications can never use it. */
export const AWS_MANAGED_SQS_KEY_ALIAS = "alias/aws/sqs";

/** The event every connector notification listens to. */
export const NOTIFICATION_EVENTS: readonly string[] = ["s3:ObjectCreated:*"];

/** Every log file the connector reads is gzip-compressed. */
export const NOTIFICATION_SUFFIX = ".gz";

/** SQS's longest message retention (14 days): a queue keeps a backlog through an outage this long. */
export const MAX_MESSAGE_RETENTION_SECONDS = 1_209_600;

/** The policy version queue and bucket policies must use (2008-10-17 never settles in the provider). */
export const POLICY_VERSION = "2012-10-17";

/** The SecurityInsights API version used for connectors when none is given. */
export const DEFAULT_SENTINEL_API_VERSION = "2025-10-01-preview";

/** The ARM kind of the connector. */
export const CONNECTOR_KIND = "AmazonWebServicesS3";

/**
 * Normalises an optional bucket key prefix to `""` or `"<prefix>/"`, so it can be put in front of
 * `AWSLogs/`.
 */
export function normalizeKeyPrefix(keyPrefix: string | undefined): string {
    const trimmed = (keyPrefix ?? "").replace(/\/+$/, "");
    return trimmed === "" ? "" : `${trimmed}/`;
}

/**
 * The commercial regions that are not enabled by default ("opt-in" regions): every region AWS
 * launched after 20 March 2019 (AWS Account Management guide, "Enable or disable AWS Regions in your
 * account"). In them some services sign with a regional service principal. Newer regions may follow;
 * `AwsSentinelConnectionArgs.optInRegions` replaces this list.
 */
export const OPT_IN_REGIONS: readonly string[] = [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
];

/** S3 allows at most 100 event notification configurations per bucket (S3 user guide, "Amazon S3 Event Notifications"). */
export const MAX_NOTIFICATION_CONFIGURATIONS = 100;

/** Marks the plain data an `AwsSentinelConnection` hub gives its log sources (`logDestination`). */
export const LOG_DESTINATION_FORMAT = "sentinel-aws-s3/log-destination/v1";
