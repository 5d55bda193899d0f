// The description of every argument of `AwsSentinelConnection`: type, default, check and
// documentation, in one place. The validator, the program's stack-configuration reader, the README's
// argument table and the TSDoc `@default` check all read it; `FieldsOf<…>` makes the compiler check
// that it lists exactly the fields of each interface.
import {
    AZURE_CLOUDS,
    DEFAULT_AZURE_CLOUD,
    MAX_MESSAGE_RETENTION_SECONDS,
} from "../shared/connector";
import { Field, FieldsOf, StringFormat, objectOf } from "../shared/fields";
import * as f from "../shared/formats";
import { ALL_SOURCES, LogTypesArgs } from "../sources";
import {
    AWS_CONNECTION_DEFAULTS as D,
    AwsSentinelConnectionArgs,
    BucketEncryption,
    BucketPolicyStatementArgs,
    MIN_MESSAGE_RETENTION_SECONDS,
    OrganizationArgs,
    PolicyEffect,
    PolicyPrincipalArgs,
    QueueAlarmArgs,
    QueueEncryption,
} from "./awsSentinelConnectionArgs";
import { TAGS } from "./exportFields";
import { EXISTING_BUCKET_NOTIFICATIONS } from "./notificationFields";

/** An IAM policy element: a list of strings, or (as IAM accepts) one string. */
const stringList = (doc: string, format?: StringFormat): Field => ({
    kind: "list",
    doc,
    single: true,
    items: { kind: "string", doc, format },
});

/** `logTypes`: each source's settings, as the source describes them. */
const logTypes = objectOf<LogTypesArgs>(
    "LogTypesArgs",
    Object.fromEntries(ALL_SOURCES.map((s) => [s.key, s.hub.fields])) as FieldsOf<LogTypesArgs>,
    { doc: "The log types to connect; at least one.", required: true },
);

const principal = objectOf<PolicyPrincipalArgs>(
    "PolicyPrincipalArgs",
    {
        AWS: stringList("AWS account, role or user ARNs, or `*`."),
        Service: stringList("Service principals."),
        Federated: stringList("Federated identity providers."),
    },
    { doc: 'Principals (or `"*"`, everyone, as IAM accepts).', shorthand: "*" },
);

const statement = objectOf<BucketPolicyStatementArgs>(
    "BucketPolicyStatementArgs",
    {
        Sid: {
            kind: "string",
            doc: "The statement's ID.",
            format: { what: "letters and digits", test: /^[A-Za-z0-9]*$/ },
        },
        Effect: {
            kind: "enum",
            required: true,
            doc: "`Allow` or `Deny`.",
            values: Object.values(PolicyEffect),
        },
        Principal: principal,
        NotPrincipal: principal,
        Action: stringList("The actions."),
        NotAction: stringList("The actions the statement does not cover."),
        Resource: stringList("The bucket and object ARNs."),
        NotResource: stringList("The ARNs the statement does not cover."),
        Condition: { kind: "json", doc: "Conditions: operator → condition key → values." },
    },
    { doc: "A bucket policy statement." },
);

/** The description of every field of `AwsSentinelConnectionArgs`. */
export const AWS_SENTINEL_CONNECTION_FIELDS = {
    workspaceId: {
        kind: "string",
        input: true,
        required: true,
        doc: "The Log Analytics workspace ID (a GUID, not its name or resource ID); binds the role's session names. Written in lower case.",
        format: f.WORKSPACE_ID,
        normalize: (value: string) => value.toLowerCase(),
    },
    azureCloud: {
        kind: "enum",
        doc: "The Azure cloud Sentinel runs in: picks its OpenID Connect issuer and audience (the AWS partition comes from the AWS provider).",
        default: { value: DEFAULT_AZURE_CLOUD },
        values: AZURE_CLOUDS,
    },
    organization: objectOf<OrganizationArgs>(
        "OrganizationArgs",
        {
            organizationId: {
                kind: "string",
                required: true,
                doc: "The organization's ID (`aws organizations describe-organization`).",
                format: f.ORGANIZATION_ID,
            },
            accountIds: {
                kind: "list",
                doc: "The accounts the CloudTrail notification covers, one prefix each (keeps digest and aggregated files out; at most about 97); the hub warns of the organization's accounts left out.",
                default: { text: "every account of the organization" },
                minItems: 1,
                unique: true,
                itemName: "account ID",
                items: { kind: "string", doc: "An account ID.", format: f.ACCOUNT_ID },
            },
            regions: {
                kind: "list",
                doc: "The regions log sources export GuardDuty findings from (opt-in regions need GuardDuty's regional principal).",
                default: { text: "every region of `optInRegions`" },
                unique: true,
                items: { kind: "string", doc: "A region.", format: f.REGION },
            },
            trailAccountId: {
                kind: "string",
                doc: "The account owning the organization trail, whose trails the bucket and key policies admit.",
                default: {
                    text: "the organization's management account, read from AWS Organizations",
                },
                format: f.ACCOUNT_ID,
            },
            guardDutyAdministratorAccountId: {
                kind: "string",
                doc: "GuardDuty's delegated administrator, the one account whose detectors may export (every member's findings); required with `guardDuty`.",
                format: f.ACCOUNT_ID,
            },
            controlTower: {
                kind: "boolean",
                doc: "Reads AWS Control Tower's log archive bucket and organization trail as they are (CloudTrail only).",
                default: { value: false },
            },
        },
        {
            doc: "Connects a whole AWS Organization from this hub (each writer bound as its guide shows, a folder per log type, `logDestination` for log sources).",
            default: { text: "a single account" },
        },
    ),
    logTypes,
    existingBucketName: {
        kind: "string",
        input: true,
        doc: "Uses your bucket (same account and region) instead of creating one; its notification configuration becomes the component's.",
        format: f.BUCKET_NAME,
    },
    existingBucketNotifications: EXISTING_BUCKET_NOTIFICATIONS,
    notificationFanOut: {
        kind: "boolean",
        doc: "Puts an SNS topic per connection between the bucket and its queue (raw delivery), so other consumers of the same files subscribe too; overlapping kept queue notifications move to subscriptions.",
        default: {
            text: "false, unless `existingBucketNotifications` overlaps the connector's notifications",
        },
    },
    existingBucketKmsKeyArn: {
        kind: "string",
        input: true,
        doc: "The key encrypting the existing bucket; the role gets `kms:Decrypt` on it (its key policy must allow the role or delegate to IAM).",
        format: f.KMS_KEY_ARN,
    },
    manageBucketPolicy: {
        kind: "boolean",
        doc: "Writes the bucket policy (TLS-only deny and the writers' statements); it replaces the whole policy.",
        default: { text: "true for a created bucket, false for an existing one" },
    },
    bucketPolicyManagedElsewhere: {
        kind: "boolean",
        doc: "Declares that an existing bucket's policy, managed elsewhere, already admits the writers of the exports the component creates.",
        default: { value: false },
    },
    bucketPolicyStatements: {
        kind: "list",
        doc: "Statements appended to the bucket policy the component writes.",
        items: statement,
    },
    keyPrefix: {
        kind: "string",
        doc: "A folder in front of `AWSLogs/` for every export.",
        default: { text: "none" },
        format: f.KEY_PREFIX,
    },
    bucketEncryption: {
        kind: "enum",
        doc: "Default encryption of a created bucket: SSE-KMS with a customer-managed key and bucket key, or SSE-S3.",
        default: { value: D.bucketEncryption },
        values: Object.values(BucketEncryption),
    },
    logExpirationDays: {
        kind: "integer",
        doc: "Days after which log objects in a created bucket expire (noncurrent versions after 30).",
        default: { value: D.logExpirationDays },
        min: 1,
        max: 36_500,
        unit: "days",
    },
    accessLogsBucketName: {
        kind: "string",
        input: true,
        doc: "A bucket that receives the created bucket's server access logs.",
        default: { text: "no access logging" },
        format: f.BUCKET_NAME,
    },
    queueEncryption: {
        kind: "enum",
        doc: "SSE-SQS, or a customer-managed key S3 may use.",
        default: { value: D.queueEncryption },
        values: Object.values(QueueEncryption),
        hint: "The AWS-managed alias/aws/sqs key cannot receive S3 notifications.",
    },
    messageRetentionSeconds: {
        kind: "integer",
        doc: "How long queues and dead-letter queues keep a notification: long enough to survive an outage.",
        default: { value: D.messageRetentionSeconds },
        min: MIN_MESSAGE_RETENTION_SECONDS,
        max: MAX_MESSAGE_RETENTION_SECONDS,
        unit: "seconds (4 to 14 days)",
    },
    visibilityTimeoutSeconds: {
        kind: "integer",
        doc: "Seconds a received notification stays hidden from other readers.",
        default: { value: D.visibilityTimeoutSeconds },
        min: 30,
        max: 43_200,
        unit: "seconds",
    },
    maxReceiveCount: {
        kind: "integer",
        doc: "Receives after which a notification moves to the dead-letter queue.",
        default: { value: D.maxReceiveCount },
        min: 1,
        max: 1000,
        unit: "receives",
    },
    alarms: objectOf<QueueAlarmArgs>(
        "QueueAlarmArgs",
        {
            enabled: { kind: "boolean", doc: "Creates the alarms.", default: { value: true } },
            actions: {
                kind: "list",
                doc: "Alarm and OK actions, such as SNS topic ARNs.",
                default: { text: "none" },
                items: { kind: "string", input: true, doc: "An alarm action ARN.", format: f.ARN },
            },
            oldestMessageAgeSeconds: {
                kind: "integer",
                doc: "Alarm when a queue's oldest message is older than this: Sentinel stopped reading.",
                default: { value: D.oldestMessageAgeSeconds },
                min: 60,
                max: MAX_MESSAGE_RETENTION_SECONDS,
                unit: "seconds",
            },
        },
        {
            doc: "CloudWatch alarms per queue: age of the oldest message and dead-letter queue depth.",
        },
    ),
    existingOidcProviderArn: {
        kind: "string",
        input: true,
        doc: "The account's provider for Sentinel's issuer (one per account), which must exist; the component adds Sentinel's audience to it and keeps Defender's. Without it the account's provider is used, or created when there is none.",
        format: f.OIDC_PROVIDER_ARN,
    },
    roleName: {
        kind: "string",
        doc: "The role's name; must start with `OIDC_`.",
        default: { text: "OIDC_MicrosoftSentinel-<name>-<hash of project, stack and name>" },
        format: f.ROLE_NAME,
    },
    rolePermissionsBoundaryArn: {
        kind: "string",
        input: true,
        doc: "A permissions boundary for the role.",
        default: { text: "none" },
        format: f.IAM_POLICY_ARN,
    },
    optInRegions: {
        kind: "list",
        doc: "Regions where services sign with a regional principal (GuardDuty's `guardduty.<region>.amazonaws.com`).",
        default: { text: "the regions AWS launched after 20 March 2019 (`OPT_IN_REGIONS`)" },
        unique: true,
        items: { kind: "string", doc: "A region.", format: f.REGION },
    },
    tags: TAGS,
    retainOnDelete: {
        kind: "boolean",
        doc: "Keeps the bucket (and its settings), the KMS keys and the GuardDuty detector when they leave the stack.",
        default: { value: D.retainOnDelete },
    },
} as const satisfies FieldsOf<AwsSentinelConnectionArgs>;
