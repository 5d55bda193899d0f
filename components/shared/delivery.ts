// One description of each way the delivery chain (export → bucket → notification → queue → role and
// trust → keys → connector → DCR) can deploy and deliver nothing: what Sentinel shows when it
// happens, the guide it rests on, and the words (reason, fix) the doctor and the policy pack both
// use, so a stack the pack refuses and a live connection the doctor diagnoses are explained alike.
// Pure strings and small functions: the pack bundles it, the doctor reads it.
import { NOTIFICATION_EVENTS, SentinelCloud, sentinelSessionNames } from "./connector";

/** How sure a setting loses logs: always (mandatory in the pack) or in likely conditions (advisory). */
export type DeliveryLoss = "certain" | "likely";

/** The link of the chain a fact is about. */
export type DeliveryLink =
    "export" | "bucket" | "notification" | "queue" | "trust" | "role" | "key" | "connector" | "dcr";

/** What is known of one way to lose logs. */
export interface DeliveryFact {
    readonly link: DeliveryLink;
    readonly loss: DeliveryLoss;
    /**
     * What Sentinel shows when it happens: a SentinelHealth status code quoted in Microsoft's own
     * messages (Azure/Azure-Sentinel issues #11980, #10933, #10888), or the symptom.
     */
    readonly shows: string;
    /** The guide the fact rests on. */
    readonly guide: string;
    /** The doctor's check that finds it on a live connection (`aws.<logType>.…` per log type). */
    readonly doctorCheck?: string;
}

/** Every fact the doctor and the pack both judge, by key. */
export const DELIVERY_FACTS = {
    trustRefused: {
        link: "trust",
        loss: "certain",
        shows: "S3B40029 (Failed to fetch authentication token … AssumeRoleWithWebIdentity)",
        guide: 'Microsoft Learn "Connect Microsoft Sentinel to Amazon Web Services" (OpenID Connect web identity, audience and session-name conditions); IAM User Guide "String condition operators" (StringEquals is case-sensitive); Azure/Azure-Sentinel #11980',
        doctorCheck: "aws.role.trust",
    },
    trustOneSessionName: {
        link: "trust",
        loss: "likely",
        shows: "S3B40029 from the day Microsoft's service sends the other prefix (it switched on 2025-03-27)",
        guide: "Azure/Azure-Sentinel #11980, #12007 and pull request #11985 (the session name changed from MicrosoftSentinel_ to MicrosoftDefenderForClouds_)",
        doctorCheck: "aws.role.trust",
    },
    oidcProvider: {
        link: "trust",
        loss: "certain",
        shows: "S3B40029",
        guide: 'IAM User Guide "Create an OpenID Connect (OIDC) identity provider in IAM" (the URL and the audiences the provider accepts); Microsoft Learn "Connect Microsoft Sentinel to Amazon Web Services" (the provider URL with its trailing slash, the audience)',
        doctorCheck: "aws.role.oidcProvider",
    },
    queueNotFed: {
        link: "notification",
        loss: "certain",
        shows: 'no status code: the connector polls an empty queue, NumberOfMessagesSent stays 0 (Microsoft Learn "Troubleshoot AWS S3 connector issues", "The S3 data didn\'t arrive at the SQS")',
        guide: 'Amazon S3 User Guide "Amazon S3 Event Notifications" (one notification configuration per bucket, destinations named in it); Amazon SQS Developer Guide "Using dead-letter queues"',
        doctorCheck: "aws.<logType>.notification",
    },
    queueNotRaw: {
        link: "notification",
        loss: "certain",
        shows: "messages without S3 `Records` at their top level: no row",
        guide: 'Amazon SNS Developer Guide "Amazon SNS raw message delivery"; Microsoft Learn "Connect a Microsoft Sentinel connected AWS account to Defender for Cloud" (S3 → SNS fan-out with raw message delivery)',
    },
    queuePolicy: {
        link: "queue",
        loss: "certain",
        shows: "no status code: NumberOfMessagesSent stays 0",
        guide: 'Amazon S3 User Guide "Granting permissions to publish event notification messages to a destination" (sqs:SendMessage for s3.amazonaws.com with aws:SourceArn and aws:SourceAccount); Amazon SNS Developer Guide "Subscribing an Amazon SQS queue to an Amazon SNS topic"',
        doctorCheck: "aws.<logType>.queuePolicy",
    },
    queueFifo: {
        link: "queue",
        loss: "certain",
        shows: "the bucket notification is refused at deployment, or no message ever reaches the queue",
        guide: 'AWS CloudFormation "AWS::S3::Bucket QueueConfiguration" ("FIFO queues are not allowed when enabling an SQS queue as the event notification destination")',
    },
    queueShared: {
        link: "queue",
        loss: "certain",
        shows: "rows missing at random: NumberOfMessagesDeleted counts messages Sentinel never read",
        guide: 'Microsoft Learn "Connect a Microsoft Sentinel connected AWS account to Defender for Cloud" ("an Amazon SQS queue supports only one consumer"); Amazon SQS Developer Guide "Amazon SQS visibility timeout" (a received message is hidden from other consumers, then deleted)',
    },
    deadLetterRetention: {
        link: "queue",
        loss: "likely",
        shows: "files whose notifications failed cannot be redriven once the dead-letter queue drops them",
        guide: 'Amazon SQS Developer Guide "Setting-up dead-letter queue retention" ("the expiration of a message is always based on its original enqueue timestamp"; keep the dead-letter queue\'s retention longer than the source queue\'s)',
        doctorCheck: "aws.<logType>.deadLetters",
    },
    rolePermissions: {
        link: "role",
        loss: "certain",
        shows: "S3B40011 (access to the SQS queue denied) for the queue; for the files, messages return to the queue until they move to the dead-letter queue",
        guide: 'Microsoft Learn "Connect Microsoft Sentinel to Amazon Web Services" (the role reads the queue and the objects); Azure/Azure-Sentinel #10933 (S3B40011)',
        doctorCheck: "aws.role.permissions",
    },
    keyDecrypt: {
        link: "key",
        loss: "certain",
        shows: 'delays then the dead-letter queue: "Microsoft can\'t read files in the S3 folder … encrypted" (Microsoft Learn "Troubleshoot AWS S3 connector issues")',
        guide: 'AWS KMS Developer Guide "Key policies in AWS KMS" (a key policy must allow the role, or allow the account and leave it to IAM)',
        doctorCheck: "aws.keys.logs / aws.keys.queue",
    },
    queueKeyForS3: {
        link: "key",
        loss: "certain",
        shows: "no status code: NumberOfMessagesSent stays 0",
        guide: 'Amazon S3 User Guide "Walkthrough: Configuring a bucket for notifications" (a customer managed queue key must let s3.amazonaws.com use kms:GenerateDataKey and kms:Decrypt)',
        doctorCheck: "aws.keys.queue",
    },
    lifecycleExpiry: {
        link: "bucket",
        loss: "likely",
        shows: "after an outage longer than the expiry, the queue names files that no longer exist: they are never ingested",
        guide: 'Amazon S3 User Guide "Expiring objects"; Amazon SQS Developer Guide "Amazon SQS message quotas" (retention up to 14 days)',
    },
    connectorTable: {
        link: "connector",
        loss: "certain",
        shows: "no row in the table the files belong to (the connector parses them as another log type)",
        guide: 'Microsoft Learn "Connect Microsoft Sentinel to Amazon Web Services" (one connection per log type, each to its table; "each SQS queue carries one log type")',
        doctorCheck: "azure.<logType>.connector",
    },
    connectorDisabled: {
        link: "connector",
        loss: "certain",
        shows: "the connector does not poll: no SentinelHealth event, no row",
        guide: "SecurityInsights REST API, AwsS3DataConnector `dataTypes.logs.state` (Enabled or Disabled)",
        doctorCheck: "azure.<logType>.connector",
    },
    dcrOutputTable: {
        link: "dcr",
        loss: "certain",
        shows: "SentinelHealth success, and no row in the connection's table (the rows land in another)",
        guide: 'Microsoft Learn "Structure of a data collection rule in Azure Monitor" (a data flow\'s outputStream names the table it writes)',
        doctorCheck: "azure.<logType>.dcr",
    },
} as const satisfies Record<string, DeliveryFact>;

/** The key of a fact. */
export type DeliveryFactKey = keyof typeof DELIVERY_FACTS;

// ---------------------------------------------------------------------------------------------
// The trust: why Sentinel's token is refused
// ---------------------------------------------------------------------------------------------

/** One reason a trust policy refuses the token Sentinel presents for a workspace. */
export type TrustCause =
    /** No Allow statement names the provider of Sentinel's issuer in the role's account. */
    | {
          readonly kind: "provider";
          readonly expected: string;
          readonly trusted: readonly string[];
          /** What is wrong with the provider it names, when it names one. */
          readonly problem?: "issuer" | "account" | "path";
      }
    /** The statement trusting the provider does not allow `sts:AssumeRoleWithWebIdentity`. */
    | { readonly kind: "action"; readonly actions: readonly string[] }
    /** The audience condition requires another audience. */
    | { readonly kind: "audience"; readonly key: string; readonly values: readonly string[] }
    /** The audience condition is on a key Sentinel's tokens do not carry. */
    | { readonly kind: "audienceKey"; readonly key: string; readonly expectedKey: string }
    /** The session names name the workspace ID in upper case. */
    | { readonly kind: "sessionCase"; readonly names: readonly string[] }
    /** The session-name condition refuses names Sentinel sends. */
    | { readonly kind: "sessionNames"; readonly refused: readonly string[] }
    /** A Deny statement refuses the token. */
    | { readonly kind: "deny"; readonly statement: string }
    /** A condition on a key whose value in Sentinel's tokens is not documented. */
    | { readonly kind: "condition"; readonly key: string };

const list = (values: readonly string[]) => values.join(" and ");

/** What one cause is, in words. */
export function trustCauseText(cause: TrustCause, cloud: SentinelCloud): string {
    switch (cause.kind) {
        case "provider": {
            const names = cause.trusted.length ? ` (it trusts ${cause.trusted.join(", ")})` : "";
            switch (cause.problem) {
                case "issuer":
                    return `the trust names the provider of another issuer${names}; Sentinel's tokens in ${cloud.azureCloud} come from ${cloud.issuerHost} through ${cause.expected}`;
                case "account":
                    return `the trust names the provider of another account${names}; Sentinel's tokens reach the role through the provider of the role's own account, ${cause.expected}`;
                case "path":
                    return `the trust names the provider without the issuer's trailing slash${names}; Sentinel's tokens come through ${cause.expected}`;
                default:
                    return `the trust policy does not trust ${cause.expected}${names}, so AssumeRoleWithWebIdentity fails`;
            }
        }
        case "action":
            return `the statement trusting Sentinel's provider allows ${cause.actions.length ? list(cause.actions) : "no action"}, not sts:AssumeRoleWithWebIdentity`;
        case "audience":
            return `it requires the audience ${list(cause.values)} on ${cause.key}; Sentinel's tokens carry ${cloud.audience}`;
        case "audienceKey":
            return `its audience condition is on the key ${cause.key}; Sentinel's tokens carry the audience under ${cause.expectedKey}`;
        case "sessionCase":
            return "it names the workspace ID in upper case; Sentinel sends it in lower case, and StringEquals is case-sensitive";
        case "sessionNames":
            return `it refuses the session name${cause.refused.length > 1 ? "s" : ""} ${list(cause.refused)}`;
        case "deny":
            return `its statement ${cause.statement} denies the token`;
        case "condition":
            return `it also requires ${cause.key}, whose value in Sentinel's tokens is not documented`;
    }
}

/** Why Sentinel's tokens are refused, as one sentence (the doctor's reason, the pack's message). */
export function trustRefusedReason(causes: readonly TrustCause[], cloud: SentinelCloud): string {
    return `Sentinel's tokens for this workspace are refused: ${causes.map((c) => trustCauseText(c, cloud)).join("; ")} (S3B40029).`;
}

/** How to make the trust admit Sentinel's tokens. */
export function trustFix(workspaceId: string, cloud: SentinelCloud, providerArn?: string): string {
    return `Trust ${providerArn ?? `the provider arn:<partition>:iam::<the role's account>:oidc-provider/${cloud.issuerHost}`} for sts:AssumeRoleWithWebIdentity, with StringEquals on ${cloud.issuerHost}:aud = ${cloud.audience} and on sts:RoleSessionName = exactly \`${sentinelSessionNames(workspaceId).join("` and `")}\` (workspace ID in lower case), as the component writes it (\`pulumi up\`); Sentinel reports S3B40029 until then.`;
}

/** The OpenID Connect provider does not admit Sentinel's tokens. */
export function oidcProviderReason(
    provider: string,
    cloud: SentinelCloud,
    problem: "audience" | "url",
    url?: string,
): string {
    return problem === "audience"
        ? `${provider} does not list Sentinel's audience ${cloud.audience}, so its tokens are refused (S3B40029).`
        : `${provider} has the URL ${url}, not Sentinel's issuer ${cloud.issuerUrl} (with the trailing slash), so Sentinel's tokens find no provider (S3B40029).`;
}

/** How to make the provider admit Sentinel's tokens. */
export function oidcProviderFix(providerArn: string, cloud: SentinelCloud): string {
    return `Add the audience to the provider's client IDs (\`clientIdLists\`, or \`aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${providerArn} --client-id ${cloud.audience}\` for a provider the stack does not own), with the URL ${cloud.issuerUrl}.`;
}

// ---------------------------------------------------------------------------------------------
// Notification and queue
// ---------------------------------------------------------------------------------------------

/** No notification sends the bucket's new files to the queue. */
export function queueNotFedReason(queue: string, bucket: string, others?: string): string {
    return `no notification of ${bucket} sends to ${queue}${others ? ` (${others})` : ""}, so Sentinel is never told about new files.`;
}

/** The connector reads a dead-letter queue. */
export function queueIsDeadLetterReason(queue: string, source: string): string {
    return `${queue} is the dead-letter queue of ${source}: only notifications the connector already failed to process reach it, so Sentinel is never told about new files.`;
}

/** How to feed the connector's queue. */
export const QUEUE_FED_FIX = `Point the connector at the queue the bucket notification sends to, with one entry per log folder (${NOTIFICATION_EVENTS[0]}, the folder's prefix and suffix); \`pulumi up\` restores the component's notification. A bucket has one notification configuration: put every destination in the one \`BucketNotification\`.`;

/** An SNS subscription delivers the S3 event inside SNS's envelope. */
export function queueNotRawReason(subscription: string, queue: string): string {
    return `${subscription} delivers to ${queue} without raw message delivery, so each message is SNS's envelope with the S3 event inside a string: the connector finds no \`Records\` to read.`;
}

/** How to deliver S3 events as they are. */
export const QUEUE_NOT_RAW_FIX =
    "Set `rawMessageDelivery: true` on the SQS subscription (SNS then strips its metadata and sends the S3 event as is).";

/** The queue policy refuses the notifications' sender. */
export function queuePolicyReason(
    problem: "absent" | "deny" | "none",
    sender: string,
    source: string,
): string {
    switch (problem) {
        case "absent":
            return `the queue has no policy, so ${sender} may not send it notifications.`;
        case "deny":
            return `a Deny statement of the queue policy blocks ${sender}'s notifications from ${source}.`;
        case "none":
            return `no statement of the queue policy lets ${sender} send messages from ${source}.`;
    }
}

/** How to let S3 (or SNS) send to the queue. */
export function queuePolicyFix(sender: string, source: string, account?: string): string {
    return `Restore the queue policy (\`pulumi up\`): allow ${sender} sqs:SendMessage on the queue with aws:SourceArn = ${source}${account ? ` and aws:SourceAccount = ${account}` : ""}.`;
}

/** The connector queue is a FIFO queue. */
export function queueFifoReason(queue: string): string {
    return `${queue} is a FIFO queue: S3 event notifications cannot be sent to FIFO queues, so the connector's queue never receives one.`;
}

/** Another consumer takes the connector queue's messages. */
export function queueSharedReason(queue: string): string {
    return `${queue}, which a Sentinel connector reads: an SQS queue gives each message to one consumer, so the files announced in the messages it takes are never ingested.`;
}

/** The dead-letter queue drops messages before the queue would have. */
export function deadLetterRetentionReason(
    deadLetter: string,
    dlqSeconds: number,
    queue: string,
    queueSeconds: number,
): string {
    return `${deadLetter} keeps messages ${dlqSeconds} s, less than ${queue} (${queueSeconds} s): a message's expiry counts from when it first entered ${queue}, so failed notifications can expire before anyone redrives them.`;
}

// ---------------------------------------------------------------------------------------------
// The role and the keys
// ---------------------------------------------------------------------------------------------

/** The role may not make some of the connector's calls. */
export function rolePermissionsReason(missing: readonly string[]): string {
    return `the role may not ${missing.join("; ")}.`;
}

/** How to grant the connector's calls. */
export const ROLE_PERMISSIONS_FIX =
    "Grant the connector's actions on exactly these queues and prefixes, as the component's inline policy does (`pulumi up` restores it).";

/** The role cannot decrypt with a key. */
export function keyDecryptReason(
    key: string,
    problem: "awsManaged" | "denied" | "iam" | "none",
    via: "s3" | "sqs",
): string {
    switch (problem) {
        case "awsManaged":
            return `${key} is an AWS managed key: its policy cannot be changed, so ${via === "sqs" ? "S3 cannot encrypt notifications with it" : "the role cannot be granted decrypt"}.`;
        case "denied":
            return `the policy of ${key} denies the role kms:Decrypt.`;
        case "iam":
            return `the policy of ${key} leaves access to IAM, but the role's policy does not allow kms:Decrypt on the key, so Sentinel cannot read what it encrypts.`;
        case "none":
            return `the policy of ${key} neither lets the role decrypt nor leaves access to IAM, so Sentinel cannot read what it encrypts.`;
    }
}

/** How to let the role decrypt. */
export function keyDecryptFix(roleArn: string, viaService: string): string {
    return `Let the role decrypt in the key policy (kms:Decrypt for ${roleArn} with kms:ViaService = ${viaService}), as the component writes it (\`pulumi up\`).`;
}

/** S3 may not encrypt notifications with the queue's key. */
export function queueKeyForS3Reason(
    key: string,
    refused: readonly string[],
    bucket: string,
): string {
    return `the policy of ${key} does not let s3.amazonaws.com ${refused.join(" and ")} for ${bucket}, so S3 cannot put notifications in the queue.`;
}

/** How to let S3 use the queue key. */
export const QUEUE_KEY_FOR_S3_FIX =
    "Let s3.amazonaws.com use the key (kms:GenerateDataKey, kms:Decrypt), as the component's queue key policy does, or use SSE-SQS.";
