// Grants a Sentinel role gets from resource policies: bucket, queue and key policies whose Allow
// statements name the role as an AWS principal. Microsoft's own templates grant the role its SQS
// access in the queue policy and s3:ListBucket in the bucket policy, and key policies grant it KMS
// actions, so least privilege is checked over these as well as the role's own policies.
import { IAM_ROLE_ARN_PATTERN } from "../../../components/shared/patterns";
import { DocResult, Statement, isAllow, known, readDocument } from "./documents";
import { hasSentinelPrefix } from "./sentinel";
import { BUCKET_REF, QUEUE_REF, Res, StackIndex } from "./stack";
import { TYPES } from "./types";
import { isUnknown, label } from "./values";

/** What kind of resource a resource policy guards. */
export type PolicyScope = "bucket" | "queue" | "key";

/** The resource policies of the stack: where their document is and what it is attached to. */
const RESOURCE_POLICIES: ReadonlyArray<{
    readonly type: string;
    readonly scope: PolicyScope;
    /** The resources the policy is attached to. */
    readonly targets: (index: StackIndex, res: Res) => Res[];
}> = [
    { type: TYPES.bucket, scope: "bucket", targets: (_i, r) => [r] },
    { type: TYPES.bucketV2, scope: "bucket", targets: (_i, r) => [r] },
    {
        type: TYPES.bucketPolicy,
        scope: "bucket",
        targets: (i, r) => i.refs(r, "bucket", BUCKET_REF).inStack,
    },
    { type: TYPES.queue, scope: "queue", targets: (_i, r) => [r] },
    {
        type: TYPES.queuePolicy,
        scope: "queue",
        targets: (i, r) => i.refs(r, "queueUrl", QUEUE_REF).inStack,
    },
    { type: TYPES.key, scope: "key", targets: (_i, r) => [r] },
    {
        type: TYPES.keyPolicy,
        scope: "key",
        targets: (i, r) => i.dependencies(r, "keyId", [TYPES.key]),
    },
];

/** A role a resource policy can name: in the stack (with its ARN and name) or only by name. */
export interface NamedRole {
    readonly key: string;
    readonly res?: Res;
}

/** A resource policy's statements that grant one Sentinel role something. */
export interface ResourceGrant {
    readonly roleKey: string;
    /** `BucketPolicy "x", a bucket policy`. */
    readonly where: string;
    readonly urn: string;
    readonly scope: PolicyScope;
    /** The document, reduced to the statements that name the role (or unknown). */
    readonly doc: DocResult;
    /** The resources the policy guards. */
    readonly targets: Res[];
}

/** True when a principal ARN or name is the role. */
function namesRole(principal: string, role: NamedRole): boolean {
    if (role.res) {
        const { arn, name } = role.res.props;
        return (
            principal === arn ||
            (typeof name === "string" && IAM_ROLE_ARN_PATTERN.exec(principal)?.[1] === name)
        );
    }
    return IAM_ROLE_ARN_PATTERN.exec(principal)?.[1] === role.key.slice("name:".length);
}

/**
 * The grants resource policies give the Sentinel roles. An unknown principal element counts as a
 * role the policy depends on; a role outside the stack counts when its name starts with `OIDC_`,
 * and is added to `roles` (by `name:<role name>`).
 */
export function resourcePolicyGrants(
    index: StackIndex,
    roles: Map<string, NamedRole>,
    sentinel: (key: string) => boolean,
): ResourceGrant[] {
    const grants: ResourceGrant[] = [];
    for (const kind of RESOURCE_POLICIES) {
        for (const res of index.ofType(kind.type)) {
            const doc = readDocument(res.props.policy);
            if (doc.kind === "absent" || doc.kind === "invalid") {
                continue;
            }
            const dependsOn = new Set(
                index.dependencies(res, "policy", [TYPES.role]).map((r) => r.urn),
            );
            const base = {
                where: `${label(res.type, res.name)}, a ${kind.scope} policy`,
                urn: res.urn,
                scope: kind.scope,
                targets: kind.targets(index, res),
            };
            if (doc.kind === "unknown") {
                for (const urn of dependsOn) {
                    if (sentinel(urn)) {
                        grants.push({ ...base, roleKey: urn, doc });
                    }
                }
                continue;
            }
            // Roles outside the stack the document names with the Sentinel prefix.
            for (const s of doc.doc.statements) {
                for (const p of known(s.principal?.aws)) {
                    const name = IAM_ROLE_ARN_PATTERN.exec(p)?.[1];
                    const inStack = [...roles.values()].some((r) => r.res && namesRole(p, r));
                    if (name && hasSentinelPrefix(name) && !inStack && !roles.has(`name:${name}`)) {
                        roles.set(`name:${name}`, { key: `name:${name}` });
                    }
                }
            }
            for (const role of roles.values()) {
                if (!sentinel(role.key)) {
                    continue;
                }
                const names = (s: Statement) =>
                    isAllow(s) &&
                    (known(s.principal?.aws).some((p) => namesRole(p, role)) ||
                        (role.res !== undefined &&
                            dependsOn.has(role.res.urn) &&
                            (s.principal?.aws ?? []).some(isUnknown)));
                const statements = doc.doc.statements.filter(names);
                if (statements.length > 0) {
                    grants.push({
                        ...base,
                        roleKey: role.key,
                        doc: { kind: "ok", doc: { ...doc.doc, statements } },
                    });
                }
            }
        }
    }
    return grants;
}
