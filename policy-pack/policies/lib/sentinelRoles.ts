// Finds the Sentinel roles of a stack (and roles outside it named with the `OIDC_` prefix) and
// everything that grants them permissions: inline policies, role policies, customer-managed
// policies and AWS managed policies, however they are attached, and the bucket, queue and key
// policies that name them.
import { IAM_ROLE_ARN_PATTERN } from "../../../components/shared/patterns";
import { DocResult, readDocument } from "./documents";
import { hasSentinelPrefix, sentinelRoleStatus } from "./sentinel";
import { PolicyScope, resourcePolicyGrants } from "./resourceGrants";
import { POLICY_REF, Res, StackIndex, roleRefs } from "./stack";
import { TYPES } from "./types";
import { Str, asArray, isRecord, isUnknown, label } from "./values";

/** A Sentinel role: in the stack, or outside it and known only by name. */
export interface SentinelRole {
    readonly key: string;
    readonly label: string;
    readonly res?: Res;
}

/** A policy document that reaches a Sentinel role. */
export interface RoleDocument {
    readonly role: SentinelRole;
    /** Where it comes from, for messages: `RolePolicy "x"`, `inline policy "y" of Role "z"`. */
    readonly where: string;
    readonly urn: string;
    readonly doc: DocResult;
    /** For a resource policy: what it guards (its statements are the ones naming the role). */
    readonly resourcePolicy?: { readonly scope: PolicyScope; readonly targets: Res[] };
}

/** A managed-policy attachment of a Sentinel role. */
export interface RoleAttachment {
    readonly role: SentinelRole;
    readonly where: string;
    readonly urn: string;
    readonly policyArn: Str | undefined;
    /** The customer-managed policy in the stack the attachment names, if any. */
    readonly policy?: Res;
}

/** What reaches the Sentinel roles of a stack. */
export interface SentinelRoleGrants {
    readonly roles: SentinelRole[];
    readonly documents: RoleDocument[];
    readonly attachments: RoleAttachment[];
}

/** True for an AWS managed policy ARN (`arn:<partition>:iam::aws:policy/...`). */
export function isAwsManagedPolicyArn(arn: string): boolean {
    return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}

/** The role name in a role ARN, or the value itself when it is a name. */
function roleNameOf(value: string): string {
    return IAM_ROLE_ARN_PATTERN.exec(value)?.[1] ?? value;
}

/** The Sentinel roles of a stack and every grant that reaches them (computed once per index). */
export function sentinelRoleGrants(index: StackIndex): SentinelRoleGrants {
    return index.memo("sentinelRoleGrants", () => collectGrants(index));
}

function collectGrants(index: StackIndex): SentinelRoleGrants {
    const roles = new Map<string, SentinelRole>();
    for (const role of index.ofType(TYPES.role)) {
        if (
            sentinelRoleStatus(role.props, role.name, readDocument(role.props.assumeRolePolicy)) ===
            "yes"
        ) {
            roles.set(role.urn, { key: role.urn, label: label(role.type, role.name), res: role });
        }
    }
    const rolesOf = (res: Res, property: string): SentinelRole[] => {
        const refs = roleRefs(index, res, property);
        const found = refs.inStack
            .map((r) => roles.get(r.urn))
            .filter((r): r is SentinelRole => r !== undefined);
        for (const value of refs.outside) {
            const name = roleNameOf(value);
            if (hasSentinelPrefix(name)) {
                const key = `name:${name}`;
                const role = roles.get(key) ?? {
                    key,
                    label: `role "${name}" (outside this stack)`,
                };
                roles.set(key, role);
                found.push(role);
            }
        }
        return found;
    };

    const documents: RoleDocument[] = [];
    const attachments: RoleAttachment[] = [];
    const attach = (
        role: SentinelRole,
        via: Res,
        where: string,
        arn: unknown,
        arnProperty: string,
    ) => {
        const policyArn = typeof arn === "string" || isUnknown(arn) ? arn : undefined;
        const byValue =
            typeof policyArn === "string" ? index.refs(via, arnProperty, POLICY_REF).inStack : [];
        const byDependency = index.dependencies(via, arnProperty, [TYPES.policy]);
        const policy =
            byValue.find((p) => p.props.arn === policyArn) ??
            (byDependency.length === 1 && typeof policyArn !== "string"
                ? byDependency[0]
                : undefined);
        attachments.push({ role, where, urn: via.urn, policyArn, policy });
        if (policy) {
            documents.push({
                role,
                where: `${label(policy.type, policy.name)} (attached by ${where})`,
                urn: policy.urn,
                doc: readDocument(policy.props.policy),
            });
        }
    };

    for (const role of roles.values()) {
        const res = role.res;
        if (!res) {
            continue;
        }
        const inline = asArray(res.props.inlinePolicies);
        if (isUnknown(inline)) {
            documents.push({
                role,
                where: `the inline policies of ${role.label}`,
                urn: res.urn,
                doc: { kind: "unknown" },
            });
        } else {
            for (const item of inline ?? []) {
                const name =
                    isRecord(item) && typeof item.name === "string" ? item.name : "(unnamed)";
                const doc = isUnknown(item)
                    ? ({ kind: "unknown" } as const)
                    : readDocument(isRecord(item) ? item.policy : undefined);
                if (doc.kind !== "absent") {
                    documents.push({
                        role,
                        where: `inline policy "${name}" of ${role.label}`,
                        urn: res.urn,
                        doc,
                    });
                }
            }
        }
        const managed = asArray(res.props.managedPolicyArns);
        for (const arn of isUnknown(managed) ? [managed] : (managed ?? [])) {
            attach(role, res, `the managedPolicyArns of ${role.label}`, arn, "managedPolicyArns");
        }
    }
    for (const rp of index.ofType(TYPES.rolePolicy)) {
        for (const role of rolesOf(rp, "role")) {
            documents.push({
                role,
                where: label(rp.type, rp.name),
                urn: rp.urn,
                doc: readDocument(rp.props.policy),
            });
        }
    }
    for (const a of index.ofType(TYPES.rolePolicyAttachment)) {
        for (const role of rolesOf(a, "role")) {
            attach(role, a, label(a.type, a.name), a.props.policyArn, "policyArn");
        }
    }
    for (const a of index.ofType(TYPES.policyAttachment)) {
        for (const role of rolesOf(a, "roles")) {
            attach(role, a, label(a.type, a.name), a.props.policyArn, "policyArn");
        }
    }
    for (const a of index.ofType(TYPES.rolePolicyAttachmentsExclusive)) {
        for (const role of rolesOf(a, "roleName")) {
            const arns = asArray(a.props.policyArns);
            for (const arn of isUnknown(arns) ? [arns] : (arns ?? [])) {
                attach(role, a, label(a.type, a.name), arn, "policyArns");
            }
        }
    }
    const named = new Map([...roles.values()].map((r) => [r.key, { key: r.key, res: r.res }]));
    const grants = resourcePolicyGrants(index, named, (key) => named.has(key));
    for (const key of named.keys()) {
        if (!roles.has(key)) {
            const name = key.slice("name:".length);
            roles.set(key, { key, label: `role "${name}" (outside this stack)` });
        }
    }
    for (const g of grants) {
        documents.push({
            role: roles.get(g.roleKey)!,
            where: g.where,
            urn: g.urn,
            doc: g.doc,
            resourcePolicy: { scope: g.scope, targets: g.targets },
        });
    }
    return { roles: [...roles.values()], documents, attachments };
}
