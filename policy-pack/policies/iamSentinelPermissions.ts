// What the Sentinel roles of a stack may do: nothing beyond the connector's actions, and no AWS
// managed policy.
import {
    CONNECTIONS,
    CONNECTOR_ACTIONS,
    DISALLOWED_MANAGED_POLICIES,
    sourceFacts,
} from "../../components/shared/catalog";
import { layoutOf } from "../../components/sources/layout";
import { stackPolicy, withDocument } from "./lib/builders";
import { hasUnknown, hasWildcard, isAllow, known, statementLabel } from "./lib/documents";
import { RoleDocument, isAwsManagedPolicyArn, sentinelRoleGrants } from "./lib/sentinelRoles";
import { PackPolicy } from "./lib/types";
import { Finding, isUnknown, show, unknownFinding } from "./lib/values";

export const iamSentinelRoleNoAwsManagedPolicies: PackPolicy = stackPolicy(
    {
        name: "iam-sentinel-role-no-aws-managed-policies",
        description:
            "Checks that no AWS managed policy (arn:aws:iam::aws:policy/..., such as AmazonSQSReadOnlyAccess or AmazonS3ReadOnlyAccess) is attached to a Sentinel role, through managedPolicyArns, RolePolicyAttachment, PolicyAttachment or RolePolicyAttachmentsExclusive.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "Detach the managed policies and give the role one inline policy with the connector's actions on the exact queue, object and key ARNs (the component's role policy). AmazonSQSReadOnlyAccess cannot even receive messages, AmazonS3ReadOnlyAccess reads every bucket in the account.",
    },
    ({ index }) => {
        const grants = sentinelRoleGrants(index);
        if (grants.roles.length === 0) {
            return "The stack has no Sentinel role.";
        }
        const findings: Finding[] = [];
        for (const a of grants.attachments) {
            if (isUnknown(a.policyArn)) {
                if (!a.policy) {
                    findings.push(
                        unknownFinding(
                            `The policy ARN attached to Sentinel ${a.role.label} by ${a.where}`,
                            a.urn,
                        ),
                    );
                }
            } else if (typeof a.policyArn === "string" && isAwsManagedPolicyArn(a.policyArn)) {
                const policyName = a.policyArn.split("/").pop() ?? a.policyArn;
                const why = DISALLOWED_MANAGED_POLICIES.includes(policyName)
                    ? "older instructions attach it, but it is not scoped to the connector's queues, objects and keys"
                    : "AWS managed policies are not scoped to the connector's queues, objects and keys";
                findings.push({
                    message: `Sentinel ${a.role.label} must not have the AWS managed policy ${show(a.policyArn)} attached (by ${a.where}): ${why}.`,
                    urn: a.urn,
                });
            }
        }
        return findings;
    },
);

/** Configuration of `iam-sentinel-role-permissions-least-privilege`. */
export interface SentinelPermissionsConfig {
    /** Actions the Sentinel role may have beyond the connector's (such as kms:DescribeKey or s3:ListBucket). */
    readonly allowedExtraActions: string[];
    /** Object ARNs (as written in the policy) the role may read outside the log folders. */
    readonly allowedObjectArns: string[];
}

/**
 * The object keys a Sentinel role may read: one log type's folder, as AWS writes it
 * (`[<prefix>/]AWSLogs/<account>/<a connection's folder>/…`, with `<orgId>/` before the
 * account for an organization trail, or Hive-compatible `AWSLogs/aws-account-id=<account>/
 * aws-service=<folder>/…`), where an organization hub puts `*` for the account (every account's
 * folder of that type, and nothing beside it).
 */
const LOG_FOLDERS = [...new Set(CONNECTIONS.map((c) => c.pathSegment))];
/**
 * The folders whose source lays its files out folder first, `<folder>/<account>/…` (S3 server access
 * logs' partitioned format), told by the registry's layouts: an account's folder, or the whole
 * folder (every account's) in an organization hub.
 */
const FOLDER_FIRST = [
    ...new Set(
        CONNECTIONS.filter((c) =>
            layoutOf(sourceFacts(c.logType))
                .connectionPrefix(c, { keyPrefix: "", hubAccountId: "000000000000" })
                .startsWith(`${c.pathSegment}/`),
        ).map((c) => c.pathSegment),
    ),
];
const HIVE_FOLDERS = [
    ...new Set(CONNECTIONS.filter((c) => c.hiveCompatible).map((c) => c.pathSegment)),
];
const LOG_FOLDER_KEY = new RegExp(
    [
        `^(?:[^*?]+/)?AWSLogs/(?:(?:o-[a-z0-9]{10,32}/)?(?:\\d{12}|\\*)/(?:${LOG_FOLDERS.join("|")})/${HIVE_FOLDERS.length > 0 ? `|aws-account-id=(?:\\d{12}|\\*)/aws-service=(?:${HIVE_FOLDERS.join("|")})/` : ""})`,
        ...(FOLDER_FIRST.length > 0
            ? [`^(?:[^*?]+/)?(?:${FOLDER_FIRST.join("|")})/(?:\\d{12}/|\\*$)`]
            : []),
    ].join("|"),
);

/** Why an s3:GetObject resource reads more than log folders, or undefined when it does not. */
function widerThanLogFolders(arn: string): string | undefined {
    const m = /^arn:aws[a-z-]*:s3:::([^/]*)(?:\/(.*))?$/.exec(arn);
    if (!m) {
        return undefined; // not an S3 ARN: no object it could read
    }
    const [, bucket, key] = m;
    if (/[*?]/.test(bucket)) {
        return "its bucket name has a wildcard, so it reads objects of other buckets";
    }
    if (key === undefined) {
        return undefined; // a bucket ARN: s3:GetObject reads no object through it
    }
    return LOG_FOLDER_KEY.test(key)
        ? undefined
        : `it reaches beyond the log folders (\`[<prefix>/]AWSLogs/<account, or * in an organization hub>/<${LOG_FOLDERS.join("|")}>/*\`${HIVE_FOLDERS.length > 0 ? `, Hive-compatible \`…AWSLogs/aws-account-id=<account>/aws-service=<${HIVE_FOLDERS.join("|")}>/*\`` : ""}${FOLDER_FIRST.map((f) => `, \`[<prefix>/]${f}/<account>/*\` or \`[<prefix>/]${f}/*\``).join("")})`;
}

/** The findings of one document that reaches a Sentinel role. */
export function sentinelDocumentFindings(
    d: RoleDocument,
    allowed: ReadonlySet<string>,
    allowedObjectArns: ReadonlySet<string> = new Set(),
): Finding[] {
    const where = `Sentinel ${d.role.label} (${d.where})`;
    return withDocument(d.doc, d.where, (doc) => {
        const findings: Finding[] = [];
        for (const s of doc.statements) {
            const at = `${where} ${statementLabel(s)}`;
            if (isUnknown(s.effect)) {
                findings.push(unknownFinding(`The effect of ${at}`, d.urn));
                continue;
            }
            if (!isAllow(s)) {
                continue;
            }
            if (s.notAction !== undefined) {
                findings.push({
                    message: `${at} must not use NotAction ${show(s.notAction)}; list only the connector's actions.`,
                    urn: d.urn,
                });
            }
            if (hasUnknown(s.action)) {
                findings.push(unknownFinding(`The actions of ${at}`, d.urn));
            }
            for (const action of known(s.action)) {
                if (hasWildcard(action)) {
                    findings.push({
                        message: `${at} must list exact actions, not the wildcard ${show(action)}.`,
                        urn: d.urn,
                    });
                } else if (!allowed.has(action.toLowerCase())) {
                    findings.push({
                        message: `${at} must not be allowed ${show(action)}; the connector needs only ${CONNECTOR_ACTIONS.join(", ")}.`,
                        urn: d.urn,
                    });
                }
            }
            if (s.notResource !== undefined) {
                findings.push({
                    message: `${at} must not use NotResource ${show(s.notResource)}; name the connector's queue, object and key ARNs.`,
                    urn: d.urn,
                });
            }
            const readsObjects = known(s.action).some(
                (a) => a.toLowerCase() === "s3:getobject" || a.toLowerCase() === "s3:*",
            );
            if (readsObjects && (d.resourcePolicy?.scope ?? "bucket") === "bucket") {
                for (const arn of known(s.resource).filter((r) => !allowedObjectArns.has(r))) {
                    const why = arn === "*" ? undefined : widerThanLogFolders(arn);
                    if (why !== undefined) {
                        findings.push({
                            message: `${at} must read only the connector's log folders with s3:GetObject, not ${show(arn)}: ${why}.`,
                            urn: d.urn,
                        });
                    }
                }
            }
            // In a key policy "*" means the key itself (AWS KMS Developer Guide, "Key policies").
            if (known(s.resource).includes("*") && d.resourcePolicy?.scope !== "key") {
                findings.push({
                    message: `${at} must not apply to every resource ("*"); name the connector's queue, object and key ARNs.`,
                    urn: d.urn,
                });
            }
        }
        return findings;
    }).map((f) => ({ ...f, urn: d.urn }));
}

export const iamSentinelRolePermissionsLeastPrivilege: PackPolicy =
    stackPolicy<SentinelPermissionsConfig>(
        {
            name: "iam-sentinel-role-permissions-least-privilege",
            description:
                "Checks that every policy reaching a Sentinel role (inline, role policy, attached customer-managed policy, and the bucket, queue and key policies that name it) allows only the connector's actions (five SQS actions, s3:GetObject, kms:Decrypt, plus configured extras), each listed exactly, on named resources.",
            enforcementLevel: "mandatory",
            severity: "high",
            remediationSteps:
                "Keep the Sentinel role's permissions to sqs:ReceiveMessage, sqs:DeleteMessage, sqs:ChangeMessageVisibility, sqs:GetQueueUrl, sqs:GetQueueAttributes on the connector queues, s3:GetObject on the log prefixes and kms:Decrypt on the keys. Add actions Microsoft's newer templates use (kms:DescribeKey, s3:ListBucket) only through `allowedExtraActions`.",
            configSchema: {
                properties: {
                    allowedExtraActions: {
                        type: "array",
                        items: { type: "string", pattern: "^[A-Za-z0-9-]+:[A-Za-z0-9]+$" },
                        default: [],
                        description:
                            "Exact actions the Sentinel role may have beyond the connector's, such as kms:DescribeKey or s3:ListBucket.",
                    },
                    allowedObjectArns: {
                        type: "array",
                        items: { type: "string", pattern: "^arn:aws[a-z-]*:s3:::[^*?/]+/.+$" },
                        default: [],
                        description:
                            "Object ARNs (as the policy writes them) the Sentinel role may read outside the log folders, for a layout of your own.",
                    },
                },
            },
        },
        ({ index, config }) => {
            const grants = sentinelRoleGrants(index);
            if (grants.roles.length === 0) {
                return "The stack has no Sentinel role.";
            }
            const allowed = new Set(
                [...CONNECTOR_ACTIONS, ...config.allowedExtraActions].map((a) => a.toLowerCase()),
            );
            const objects = new Set(config.allowedObjectArns);
            const findings: Finding[] = grants.documents.flatMap((d) =>
                sentinelDocumentFindings(d, allowed, objects),
            );
            for (const a of grants.attachments) {
                if (
                    a.policy ||
                    (typeof a.policyArn === "string" && isAwsManagedPolicyArn(a.policyArn))
                ) {
                    continue;
                }
                findings.push(
                    isUnknown(a.policyArn) || a.policyArn === undefined
                        ? unknownFinding(
                              `The policy attached to Sentinel ${a.role.label} by ${a.where}`,
                              a.urn,
                          )
                        : {
                              message: `Sentinel ${a.role.label} has the policy ${show(a.policyArn)} attached (by ${a.where}), which this stack does not define, so its permissions cannot be checked.`,
                              advisory: true,
                              urn: a.urn,
                          },
                );
            }
            return findings;
        },
    );

export const iamSentinelPermissionPolicies: PackPolicy[] = [
    iamSentinelRoleNoAwsManagedPolicies,
    iamSentinelRolePermissionsLeastPrivilege,
];
