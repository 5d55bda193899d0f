// KMS keys: rotation, and key policies that keep full control with the account root and bind
// service principals to their source.
import { documentPolicy, resourcePolicy } from "./lib/builders";
import { serviceSourceFindings } from "./s3Access";
import {
    PolicyDoc,
    RESTRICTING_CONDITION_KEYS,
    Statement,
    arnBindsAccount,
    conditionsUnknown,
    hasBindingCondition,
    hasUnknown,
    isAccountRoot,
    isAllow,
    isPublicPrincipal,
    known,
    sourceBound,
    statementLabel,
} from "./lib/documents";
import { PackPolicy, TYPES } from "./lib/types";
import { Finding, isUnknown, show, unknownFinding } from "./lib/values";

export const kmsKeyRotationEnabled: PackPolicy = resourcePolicy(
    {
        name: "kms-key-rotation-enabled",
        description:
            "Checks that every symmetric encryption KMS key has automatic key rotation enabled.",
        enforcementLevel: "mandatory",
        severity: "medium",
        remediationSteps: "Set `enableKeyRotation: true` on the key (the component does).",
        types: [TYPES.key],
    },
    ({ props, who }) => {
        const spec = props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        const usage = props.keyUsage ?? "ENCRYPT_DECRYPT";
        if (
            spec !== "SYMMETRIC_DEFAULT" ||
            usage !== "ENCRYPT_DECRYPT" ||
            props.customKeyStoreId !== undefined ||
            props.xksKeyId !== undefined
        ) {
            return "Automatic rotation exists only for symmetric encryption keys in the AWS KMS key store.";
        }
        if (isUnknown(props.enableKeyRotation)) {
            return [unknownFinding(`Whether ${who} rotates`)];
        }
        return props.enableKeyRotation === true
            ? []
            : [
                  {
                      message: `${who} must have enableKeyRotation true, not ${show(props.enableKeyRotation ?? "unset")}.`,
                  },
              ];
    },
);

/** True when a statement's actions include `*` or `kms:*` (or it uses NotAction). */
function grantsFullControl(s: Statement): boolean {
    return (
        s.notAction !== undefined ||
        known(s.action).some((a) => a === "*" || a.toLowerCase() === "kms:*")
    );
}

/** The findings of a key policy's grants: full control only for the account root, nothing public. */
export function keyGrantFindings(doc: PolicyDoc, who: string): Finding[] {
    return doc.statements.flatMap((s): Finding[] => {
        const at = `${who} ${statementLabel(s)}`;
        if (
            isUnknown(s.effect) ||
            s.principal?.opaque ||
            hasUnknown(s.action) ||
            conditionsUnknown(s)
        ) {
            return [unknownFinding(`The effect, principal, actions or conditions of ${at}`)];
        }
        if (!isAllow(s)) {
            return [];
        }
        const p = s.principal;
        if (isPublicPrincipal(s)) {
            if (grantsFullControl(s) || !hasBindingCondition(s, RESTRICTING_CONDITION_KEYS)) {
                return [
                    {
                        message: `${at} must not allow every principal ("*") ${show(s.notAction !== undefined ? "NotAction" : known(s.action))}; grant named principals only.`,
                    },
                ];
            }
            return [];
        }
        if (!grantsFullControl(s)) {
            return [];
        }
        if (p?.unknown) {
            return [unknownFinding(`The principals given full control by ${at}`)];
        }
        const others = [
            ...known(p?.aws).filter((a) => !isAccountRoot(a)),
            ...known(p?.service),
            ...known(p?.federated),
            ...known(p?.canonicalUser),
        ];
        return others.length === 0
            ? []
            : [
                  {
                      message: `${at} must not give ${show(others)} full control (${show(s.notAction !== undefined ? "NotAction" : known(s.action))}); only the account root may have kms:*, others get the exact actions they use.`,
                  },
              ];
    });
}

/** A policy over the key policy of a Key or KeyPolicy; not applicable when none is set (the default policy). */
function keyPolicyDocument(
    info: Omit<Parameters<typeof documentPolicy>[0], "types" | "absent">,
    check: (doc: PolicyDoc, who: string) => Finding[] | string,
): PackPolicy {
    return documentPolicy(
        {
            ...info,
            types: [TYPES.key, TYPES.keyPolicy],
            absent: "The key uses the default key policy (full control for the account root only).",
        },
        (doc, r) => check(doc, r.who),
    );
}

export const kmsKeyPolicyNoWildcardGrants: PackPolicy = keyPolicyDocument(
    {
        name: "kms-key-policy-no-wildcard-grants",
        description:
            "Checks that a key policy gives `kms:*` (or `*`) only to the account root (arn:<partition>:iam::<account>:root) and allows nothing to a `*` principal without a binding condition.",
        enforcementLevel: "mandatory",
        severity: "critical",
        remediationSteps:
            "Keep `kms:*` for the account root only and grant everyone else the exact actions they use (the Sentinel role kms:Decrypt through kms:ViaService, writers kms:GenerateDataKey with source conditions), as the component's key policies do.",
    },
    (doc, who) => keyGrantFindings(doc, who),
);

/**
 * The S3 user guide's key policy for an encrypted notification destination ("Enabling and
 * configuring event notifications", AWS KMS key policy) lets `s3.amazonaws.com` GenerateDataKey and
 * Decrypt with no condition: nothing documents a source key reaching KMS when SQS or SNS calls it
 * for S3, and the queue or topic policy binds S3 to the bucket instead. The SQS developer guide
 * ("Configure KMS permissions for AWS services") gives an event source delivering to an encrypted
 * queue, such as SNS in a fan-out, the same two actions in the same shape; the queue policy binds
 * SNS to the topic. Exactly those grants are accepted.
 */
const S3_NOTIFICATION_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];
const EVENT_SOURCES = ["s3.amazonaws.com", "sns.amazonaws.com"];

function isS3NotificationGrant(s: Statement): boolean {
    const services = s.principal?.service;
    const actions = s.action;
    return (
        Array.isArray(services) &&
        services.length === 1 &&
        typeof services[0] === "string" &&
        EVENT_SOURCES.includes(services[0]) &&
        Array.isArray(actions) &&
        actions.length > 0 &&
        actions.every((a) => typeof a === "string" && S3_NOTIFICATION_KEY_ACTIONS.includes(a))
    );
}

/**
 * A key-policy statement is bound when it names a source (see `sourceBound`), the calling service
 * or account, or an encryption context whose ARN values name the account.
 */
function keyStatementBound(s: Statement): boolean {
    if (sourceBound(s, ["kms:ViaService", "kms:CallerAccount"])) {
        return true;
    }
    if (isS3NotificationGrant(s)) {
        return true;
    }
    return (
        !isUnknown(s.conditions) &&
        s.conditions.some(
            (c) =>
                c.key.toLowerCase().startsWith("kms:encryptioncontext:") &&
                c.values.length > 0 &&
                c.values.every(arnBindsAccount),
        )
    );
}

export const kmsKeyPolicyServiceSourceConditions: PackPolicy = keyPolicyDocument(
    {
        name: "kms-key-policy-service-source-conditions",
        description:
            "Checks that key-policy statements allowing AWS service principals are bound to their source (aws:SourceArn, aws:SourceAccount, kms:ViaService, kms:CallerAccount or the encryption context).",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "Add `aws:SourceArn`/`aws:SourceAccount` (or the service's documented `kms:EncryptionContext:*` condition) to every statement that lets a service use the key, as the component's key policies do.",
    },
    (doc, who) =>
        serviceSourceFindings(
            doc,
            who,
            keyStatementBound,
            "aws:SourceAccount, an aws:SourceArn or encryption context naming the account, or kms:ViaService (aws:SourceOrgID only for writers shown to send it: delivery.logs.amazonaws.com)",
        ) ?? "No statement allows an AWS service principal.",
);

export const kmsPolicies: PackPolicy[] = [
    kmsKeyRotationEnabled,
    kmsKeyPolicyNoWildcardGrants,
    kmsKeyPolicyServiceSourceConditions,
];
