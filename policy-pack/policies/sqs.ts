// SQS: encrypted queues S3 can write to, queue policies that admit only the log bucket over TLS,
// retention long enough to outlast an outage, and dead-letter queues.
import {
    AWS_MANAGED_SQS_KEY_ALIAS,
    MAX_MESSAGE_RETENTION_SECONDS,
    POLICY_VERSION,
} from "../../components/shared/catalog";
import { ResourceContext, documentPolicy, resourcePolicy } from "./lib/builders";
import {
    PolicyDoc,
    allowsAction,
    conditionsUnknown,
    hasBindingCondition,
    hasUnknown,
    isAllow,
    isServiceWideAction,
    isTlsDeny,
    known,
    statementLabel,
} from "./lib/documents";
import { publicStatementFindings } from "./lib/grants";
import { PackPolicy, TYPES } from "./lib/types";
import { Finding, isUnknown, show, unknownFinding } from "./lib/values";

/** SQS's default retention when none is set (4 days). */
const SQS_DEFAULT_RETENTION_SECONDS = 345_600;

export const sqsQueueEncrypted: PackPolicy = resourcePolicy(
    {
        name: "sqs-queue-encrypted",
        description:
            "Checks that every SQS queue is encrypted at rest, with SSE-SQS (sqsManagedSseEnabled) or a KMS key (kmsMasterKeyId).",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "Set `sqsManagedSseEnabled: true` (what the component does by default) or `kmsMasterKeyId` to a customer-managed key whose policy lets s3.amazonaws.com use it.",
        types: [TYPES.queue],
    },
    ({ props, who }) => {
        const kms = props.kmsMasterKeyId;
        if (
            (typeof kms === "string" && kms !== "") ||
            isUnknown(kms) ||
            props.sqsManagedSseEnabled === true
        ) {
            return [];
        }
        if (isUnknown(props.sqsManagedSseEnabled)) {
            return [unknownFinding(`Whether ${who} uses SSE-SQS`)];
        }
        return [
            {
                message: `${who} must be encrypted at rest (sqsManagedSseEnabled is ${show(props.sqsManagedSseEnabled ?? "unset")} and no kmsMasterKeyId is set); enable SSE-SQS or set a customer-managed key.`,
            },
        ];
    },
);

export const sqsQueueNoAwsManagedKey: PackPolicy = resourcePolicy(
    {
        name: "sqs-queue-no-aws-managed-key",
        description: `Checks that no SQS queue uses the AWS managed key "${AWS_MANAGED_SQS_KEY_ALIAS}", which S3 event notifications can never use.`,
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `Replace "${AWS_MANAGED_SQS_KEY_ALIAS}" with SSE-SQS (\`sqsManagedSseEnabled: true\`) or a customer-managed key whose key policy lets s3.amazonaws.com call kms:GenerateDataKey and kms:Decrypt (the component's \`queueEncryption: "kms"\`).`,
        types: [TYPES.queue],
    },
    ({ props, who }) => {
        const key = props.kmsMasterKeyId;
        if (isUnknown(key)) {
            return [unknownFinding(`The KMS key of ${who}`)];
        }
        if (typeof key !== "string" || key === "") {
            return "The queue uses no KMS key.";
        }
        if (key === AWS_MANAGED_SQS_KEY_ALIAS || key.endsWith(`:${AWS_MANAGED_SQS_KEY_ALIAS}`)) {
            return [
                {
                    message: `${who} must not use the AWS managed key ${show(key)}, because S3 cannot encrypt notifications with it and they never arrive.`,
                },
            ];
        }
        return [];
    },
);

/** Configuration of `sqs-queue-message-retention`. */
export interface RetentionConfig {
    readonly minMessageRetentionSeconds: number;
}

export const sqsQueueMessageRetention: PackPolicy = resourcePolicy<RetentionConfig>(
    {
        name: "sqs-queue-message-retention",
        description:
            "Checks that SQS queues keep messages at least `minMessageRetentionSeconds` (default 14 days), so notifications outlast an outage of the connector.",
        enforcementLevel: "advisory",
        severity: "medium",
        remediationSteps:
            "Set `messageRetentionSeconds` to 1209600 (14 days, the component's default), or lower `minMessageRetentionSeconds` in the policy configuration.",
        configSchema: {
            properties: {
                minMessageRetentionSeconds: {
                    type: "integer",
                    minimum: 60,
                    maximum: MAX_MESSAGE_RETENTION_SECONDS,
                    default: MAX_MESSAGE_RETENTION_SECONDS,
                    description: "The shortest message retention accepted, in seconds.",
                },
            },
        },
        types: [TYPES.queue],
    },
    ({ props, who, config }) => {
        const { minMessageRetentionSeconds } = config;
        const retention = props.messageRetentionSeconds;
        if (isUnknown(retention)) {
            return [unknownFinding(`The message retention of ${who}`)];
        }
        const seconds = typeof retention === "number" ? retention : SQS_DEFAULT_RETENTION_SECONDS;
        if (seconds >= minMessageRetentionSeconds) {
            return [];
        }
        const shown = typeof retention === "number" ? `${seconds}` : `${seconds} (the SQS default)`;
        return [
            {
                message: `${who} must keep messages at least ${minMessageRetentionSeconds} seconds, not ${shown}.`,
            },
        ];
    },
);

/** A policy over queue policy documents: `QueuePolicy` and a Queue's `policy`. */
function queuePolicyDocument(
    info: Omit<Parameters<typeof documentPolicy>[0], "types" | "absent">,
    check: (doc: PolicyDoc, who: string, r: ResourceContext<unknown>) => Finding[] | string,
): PackPolicy {
    return documentPolicy(
        {
            ...info,
            types: [TYPES.queuePolicy, TYPES.queue],
            absent: "The resource sets no queue policy.",
        },
        (doc, r) => check(doc, r.who, r),
    );
}

export const sqsQueuePolicyNoPublicAccess: PackPolicy = queuePolicyDocument(
    {
        name: "sqs-queue-policy-no-public-access",
        description:
            "Checks that no queue policy allows a `*` principal (or uses NotPrincipal) without a condition that binds the caller (source ARN or account, organization, VPC).",
        enforcementLevel: "mandatory",
        severity: "critical",
        remediationSteps:
            "Grant sqs:SendMessage to the service principal s3.amazonaws.com with aws:SourceArn = the bucket ARN and aws:SourceAccount = the bucket owner (the component's queue policy), never to `*`.",
    },
    (doc, who) => publicStatementFindings(doc, who),
);

export const sqsQueuePolicyNoWildcardActions: PackPolicy = queuePolicyDocument(
    {
        name: "sqs-queue-policy-no-wildcard-actions",
        description:
            "Checks that no queue policy allows `*` or `sqs:*` (a TLS-only Deny on `sqs:*` is fine).",
        enforcementLevel: "mandatory",
        severity: "medium",
        remediationSteps:
            "Allow only the actions each principal needs: sqs:SendMessage for S3 notifications.",
    },
    (doc, who) =>
        doc.statements.flatMap((s): Finding[] => {
            const at = `${who} ${statementLabel(s)}`;
            if (isUnknown(s.effect) || hasUnknown(s.action)) {
                return [unknownFinding(`The effect or actions of ${at}`)];
            }
            if (!isAllow(s)) {
                return [];
            }
            const wild = known(s.action).filter(isServiceWideAction);
            const findings: Finding[] = wild.map((a) => ({
                message: `${at} must not allow the wildcard action ${show(a)}; allow only sqs:SendMessage for S3.`,
            }));
            if (s.notAction !== undefined) {
                findings.push({
                    message: `${at} must not combine Allow with NotAction ${show(s.notAction)}; allow only sqs:SendMessage for S3.`,
                });
            }
            return findings;
        }),
);

export const sqsQueuePolicyS3SourceConditions: PackPolicy = queuePolicyDocument(
    {
        name: "sqs-queue-policy-s3-source-conditions",
        description:
            "Checks that a queue policy lets s3.amazonaws.com send messages only with both aws:SourceArn (the bucket) and aws:SourceAccount (its owner) conditions.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            'Add `ArnEquals: { "aws:SourceArn": <bucket ARN> }` and `StringEquals: { "aws:SourceAccount": <bucket owner account> }` to the statement that allows s3.amazonaws.com sqs:SendMessage: bucket names can be re-registered by another account.',
    },
    (doc, who) => {
        const s3Statements = doc.statements.filter(
            (s) =>
                isAllow(s) &&
                known(s.principal?.service).some((p) => p.toLowerCase() === "s3.amazonaws.com") &&
                allowsAction(s, "sqs:SendMessage"),
        );
        if (s3Statements.length === 0) {
            return "No statement lets s3.amazonaws.com send messages.";
        }
        return s3Statements.flatMap((s): Finding[] => {
            const at = `${who} ${statementLabel(s)}`;
            if (conditionsUnknown(s)) {
                return [unknownFinding(`The conditions of ${at}`)];
            }
            const missing = ["aws:SourceArn", "aws:SourceAccount"].filter(
                (k) => !hasBindingCondition(s, [k]),
            );
            return missing.length === 0
                ? []
                : [
                      {
                          message: `${at} must condition s3.amazonaws.com's sqs:SendMessage on ${missing.join(" and ")} (the bucket ARN and its owner account).`,
                      },
                  ];
        });
    },
);

export const sqsQueuePolicyTlsOnly: PackPolicy = queuePolicyDocument(
    {
        name: "sqs-queue-policy-tls-only",
        description:
            "Checks that a queue policy denies every principal `sqs:*` when aws:SecureTransport is false.",
        enforcementLevel: "mandatory",
        severity: "medium",
        remediationSteps:
            'Add the statement `{ Effect: Deny, Principal: "*", Action: "sqs:*", Resource: <queue ARN>, Condition: { Bool: { "aws:SecureTransport": "false" } } }`.',
    },
    (doc, who) => {
        if (doc.statements.some((s) => isTlsDeny(s, "sqs"))) {
            return [];
        }
        const unsure = doc.statements.some(
            (s) =>
                isUnknown(s.effect) ||
                s.principal?.unknown ||
                hasUnknown(s.action) ||
                conditionsUnknown(s),
        );
        return unsure
            ? [unknownFinding(`Part of the policy of ${who}`)]
            : [
                  {
                      message: `${who} must deny every principal "sqs:*" when "aws:SecureTransport" is "false" (no such statement among ${doc.statements.length}).`,
                  },
              ];
    },
);

export const sqsQueuePolicyVersion: PackPolicy = queuePolicyDocument(
    {
        name: "sqs-queue-policy-version",
        description: `Checks that a queue policy declares Version "${POLICY_VERSION}" (with "2008-10-17" the provider waits forever for the policy to settle).`,
        enforcementLevel: "mandatory",
        severity: "medium",
        remediationSteps: `Set \`"Version": "${POLICY_VERSION}"\` in the queue policy (Microsoft's sample uses "2008-10-17").`,
    },
    (doc, who) => {
        if (isUnknown(doc.version)) {
            return [unknownFinding(`The policy version of ${who}`)];
        }
        return doc.version === POLICY_VERSION
            ? []
            : [
                  {
                      message: `${who} must use policy Version "${POLICY_VERSION}", not ${doc.version === undefined ? "none (which means 2008-10-17)" : show(doc.version)}.`,
                  },
              ];
    },
);

export const sqsResourcePolicies: PackPolicy[] = [
    sqsQueueEncrypted,
    sqsQueueNoAwsManagedKey,
    sqsQueueMessageRetention,
    sqsQueuePolicyNoPublicAccess,
    sqsQueuePolicyNoWildcardActions,
    sqsQueuePolicyS3SourceConditions,
    sqsQueuePolicyTlsOnly,
    sqsQueuePolicyVersion,
];
