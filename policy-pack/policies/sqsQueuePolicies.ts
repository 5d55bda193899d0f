// SQS queue policies: they admit only the log bucket's notifications, over TLS, with the policy
// version the provider can settle.
import { POLICY_VERSION } from "../../components/shared/catalog";
import { ResourceContext, documentPolicy } from "./lib/builders";
import {
    PolicyDoc,
    conditionsUnknown,
    hasUnknown,
    isAllow,
    isServiceWideAction,
    isTlsDeny,
    known,
    s3SenderFindings,
    statementLabel,
} from "./lib/documents";
import { publicStatementFindings } from "./lib/grants";
import { PackPolicy, TYPES } from "./lib/types";
import { Finding, isUnknown, show, unknownFinding } from "./lib/values";

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
        return s3SenderFindings(
            doc,
            who,
            "sqs:SendMessage",
            "No statement lets s3.amazonaws.com send messages.",
        );
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
                s.principal?.opaque ||
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

export const sqsQueuePolicyPolicies: PackPolicy[] = [
    sqsQueuePolicyNoPublicAccess,
    sqsQueuePolicyNoWildcardActions,
    sqsQueuePolicyS3SourceConditions,
    sqsQueuePolicyTlsOnly,
    sqsQueuePolicyVersion,
];
