// SQS queues: encrypted with a key S3 can use, keeping messages long enough to outlast an outage,
// and each with a dead-letter queue unless it is one.
import {
    AWS_MANAGED_SQS_KEY_ALIAS,
    MAX_MESSAGE_RETENTION_SECONDS,
} from "../../components/shared/catalog";
import { resourcePolicy, stackPolicy } from "./lib/builders";
import { connectorQueues } from "./lib/connectorQueues";
import { QUEUE_REF, Res } from "./lib/stack";
import { PackPolicy, TYPES } from "./lib/types";
import { Finding, isRecord, isUnknown, label, show, unknownFinding } from "./lib/values";

/** SQS's default retention when none is set (4 days). */
const SQS_DEFAULT_RETENTION_SECONDS = 345_600;

export const sqsQueueEncrypted: PackPolicy = resourcePolicy(
    {
        name: "sqs-queue-encrypted",
        description:
            "Checks that every SQS queue is encrypted at rest, with SSE-SQS (sqsManagedSseEnabled) or a KMS key (kmsMasterKeyId): encryption turned off is a violation, encryption left to SQS's default (SSE-SQS for new queues) an advisory note.",
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
        if (props.sqsManagedSseEnabled === undefined) {
            // SQS encrypts queues created over HTTPS with SSE-SQS by default (AWS Compute Blog,
            // "Announcing server-side encryption with Amazon SQS-managed encryption keys (SSE-SQS)
            // by default", 2022); the provider leaves the attribute to AWS when it is unset.
            return [
                {
                    message: `${who} must declare its encryption at rest (neither sqsManagedSseEnabled nor kmsMasterKeyId is set): SQS applies SSE-SQS to new queues by default, but the stack neither states it nor detects a change; set \`sqsManagedSseEnabled: true\` or a customer-managed key.`,
                    advisory: true,
                },
            ];
        }
        return [
            {
                message: `${who} must be encrypted at rest (sqsManagedSseEnabled is ${show(props.sqsManagedSseEnabled)} and no kmsMasterKeyId is set); enable SSE-SQS or set a customer-managed key.`,
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

/** The dead-letter target ARN of a redrive policy (JSON string or object). */
function deadLetterTarget(redrive: unknown): string | undefined {
    let value = redrive;
    if (typeof value === "string") {
        try {
            value = JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    return isRecord(value) && typeof value.deadLetterTargetArn === "string"
        ? value.deadLetterTargetArn
        : undefined;
}

export const sqsConnectorQueueMessageRetention: PackPolicy = stackPolicy(
    {
        name: "sqs-connector-queue-message-retention",
        description:
            "Checks that every connector queue (one a Sentinel connector lists or a Sentinel role may receive from, by its own or the queue's policy) keeps messages at least SQS's default of 4 days: shorter, any outage of the connector loses logs.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "Set the connector queue's `messageRetentionSeconds` to 1209600 (14 days, the maximum and the component's default), or leave it unset (4 days).",
    },
    ({ index }) => {
        const connectors = connectorQueues(index);
        const queues = index.ofType(TYPES.queue).filter((q) => connectors.byUrn.has(q.urn));
        if (queues.length === 0) {
            return "The stack has no connector queue.";
        }
        return queues.flatMap((q): Finding[] => {
            const who = label(q.type, q.name);
            const retention = q.props.messageRetentionSeconds;
            if (isUnknown(retention)) {
                return [unknownFinding(`The message retention of ${who}`, q.urn)];
            }
            // SQS keeps messages 4 days unless told otherwise (SQS Developer Guide, "Amazon SQS
            // message quotas": retention from 60 seconds to 14 days, default 4 days).
            return typeof retention === "number" && retention < SQS_DEFAULT_RETENTION_SECONDS
                ? [
                      {
                          message: `${who} feeds a Sentinel connector, so it must keep messages at least ${SQS_DEFAULT_RETENTION_SECONDS} seconds (SQS's default of 4 days), not ${retention}: shorter, an outage of the connector loses the logs it has not read.`,
                          urn: q.urn,
                      },
                  ]
                : [];
        });
    },
);

export const sqsQueueDeadLetterQueue: PackPolicy = stackPolicy(
    {
        name: "sqs-queue-dead-letter-queue",
        description:
            "Checks that every SQS queue in the stack has a redrive policy (dead-letter queue), except queues that are themselves another queue's dead-letter target.",
        enforcementLevel: "advisory",
        severity: "low",
        remediationSteps:
            "Give the queue a `redrivePolicy` (or an aws.sqs.RedrivePolicy) naming a dead-letter queue, so notifications the connector cannot process are kept and alarmed on instead of retried forever.",
    },
    ({ index }) => {
        const queues = index.ofType(TYPES.queue);
        if (queues.length === 0) {
            return "The stack creates no SQS queue.";
        }
        // Redrive policies, inline or separate, with the queue they belong to.
        const redrives: Array<{ source: Res; queues: Res[]; policy: unknown }> = queues
            .filter((q) => q.props.redrivePolicy !== undefined && q.props.redrivePolicy !== "")
            .map((q) => ({ source: q, queues: [q], policy: q.props.redrivePolicy }));
        for (const r of index.ofType(TYPES.redrivePolicy)) {
            redrives.push({
                source: r,
                queues: index.refs(r, "queueUrl", QUEUE_REF).inStack,
                policy: r.props.redrivePolicy,
            });
        }
        const hasRedrive = new Set(redrives.flatMap((r) => r.queues.map((q) => q.urn)));
        const targets = new Set<string>();
        for (const r of redrives) {
            const arn = deadLetterTarget(r.policy);
            const byValue = arn ? index.find(QUEUE_REF, arn) : [];
            const byDependency = index
                .dependencies(r.source, "redrivePolicy", [TYPES.queue])
                .filter((q) => !r.queues.some((o) => o.urn === q.urn));
            [...byValue, ...byDependency].forEach((q) => targets.add(q.urn));
        }
        const unknownRedrive = redrives.some(
            (r) =>
                isUnknown(r.policy) &&
                index.dependencies(r.source, "redrivePolicy", [TYPES.queue]).length === 0,
        );
        const findings: Finding[] = [];
        for (const q of queues) {
            if (hasRedrive.has(q.urn) || targets.has(q.urn)) {
                continue;
            }
            findings.push(
                unknownRedrive
                    ? unknownFinding(
                          `Whether ${label(q.type, q.name)} is a dead-letter queue`,
                          q.urn,
                      )
                    : {
                          message: `${label(q.type, q.name)} must have a redrive policy with a dead-letter queue, since it is no other queue's dead-letter target.`,
                          urn: q.urn,
                      },
            );
        }
        return findings;
    },
);

export const sqsQueuePolicies: PackPolicy[] = [
    sqsQueueEncrypted,
    sqsQueueNoAwsManagedKey,
    sqsQueueMessageRetention,
    sqsConnectorQueueMessageRetention,
    sqsQueueDeadLetterQueue,
];
