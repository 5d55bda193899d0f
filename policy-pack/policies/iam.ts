// IAM policies for every role and policy in the stack: no wildcard grants, no public trust.
import { resourcePolicy, withDocument } from "./lib/builders";
import {
    DocResult,
    PolicyDoc,
    Statement,
    principalText,
    hasBindingCondition,
    isAllow,
    isPublicPrincipal,
    isServiceWideAction,
    known,
    hasUnknown,
    readDocument,
    RESTRICTING_CONDITION_KEYS,
    statementLabel,
} from "./lib/documents";
import { PackPolicy, TYPES } from "./lib/types";
import { Finding, asArray, isRecord, isUnknown, show, unknownFinding } from "./lib/values";

/** Wildcard actions (`*`, `svc:*`) and `NotAction` in Allow statements. */
export function wildcardActionFindings(s: Statement, where: string): Finding[] {
    const findings: Finding[] = [];
    const at = `${where} ${statementLabel(s)}`;
    if (isUnknown(s.effect)) {
        return [unknownFinding(`The effect of ${at}`)];
    }
    if (!isAllow(s)) {
        return [];
    }
    if (s.notAction !== undefined) {
        findings.push({
            message: `${at} must not combine Allow with NotAction ${show(s.notAction)}, which grants every other action; list the actions instead.`,
        });
    }
    if (hasUnknown(s.action)) {
        findings.push(unknownFinding(`The actions of ${at}`));
    }
    for (const action of known(s.action).filter(isServiceWideAction)) {
        findings.push({
            message: `${at} must not allow the wildcard action ${show(action)}; list the exact actions needed.`,
        });
    }
    return findings;
}

/** Wildcard actions, `*` resources and `NotResource` in Allow statements of a role's policy. */
export function roleDocumentFindings(
    doc: DocResult,
    where: string,
    starResourceActions: readonly string[],
): Finding[] {
    const exempt = new Set(starResourceActions.map((a) => a.toLowerCase()));
    return withDocument(doc, where, (d) =>
        d.statements.flatMap((s) => {
            const findings = wildcardActionFindings(s, where);
            if (!isAllow(s)) {
                return findings;
            }
            const at = `${where} ${statementLabel(s)}`;
            if (s.notResource !== undefined) {
                findings.push({
                    message: `${at} must not combine Allow with NotResource ${show(s.notResource)}, which grants every other resource; list the resources instead.`,
                });
            }
            // An unknown element of a Resource list is an ARN the cloud assigns at creation, never
            // "*", so it cannot widen the statement: the check decides on the known elements.
            const actions = known(s.action);
            const allExempt =
                actions.length > 0 &&
                s.notAction === undefined &&
                actions.every((a) => exempt.has(a.toLowerCase()));
            if (known(s.resource).includes("*") && !allExempt) {
                findings.push({
                    message: `${at} must not apply to every resource ("*"); name the exact ARNs (actions ${show(actions)}).`,
                });
            }
            return findings;
        }),
    );
}

/** Configuration of `iam-role-policy-no-wildcards`. */
export interface RolePolicyWildcardsConfig {
    /** Actions that support no resource-level permissions and may therefore use `Resource: "*"`. */
    readonly allowedWildcardResourceActions: string[];
}

export const iamRolePolicyNoWildcards: PackPolicy = resourcePolicy<RolePolicyWildcardsConfig>(
    {
        name: "iam-role-policy-no-wildcards",
        description:
            "Checks that role policies (RolePolicy and a Role's inlinePolicies) allow no `*` or service-wide `svc:*` action, no NotAction/NotResource and no `*` resource.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "List the exact actions the role needs and the exact ARNs they apply to. For the Sentinel role, use the component's inline policy (the five SQS actions, s3:GetObject and kms:Decrypt on the connector's queues, log objects and keys). Actions without resource-level permissions can be listed in the `allowedWildcardResourceActions` config.",
        configSchema: {
            properties: {
                allowedWildcardResourceActions: {
                    type: "array",
                    items: { type: "string", pattern: "^[A-Za-z0-9-]+:[A-Za-z0-9]+$" },
                    default: [],
                    description:
                        'Exact actions (no wildcards) that may be allowed on Resource "*" because they support no resource-level permissions.',
                },
            },
        },
        types: [TYPES.rolePolicy, TYPES.role],
    },
    ({ type, props, who, config }) => {
        const exempt = config.allowedWildcardResourceActions;
        if (type === TYPES.rolePolicy) {
            return roleDocumentFindings(readDocument(props.policy), who, exempt);
        }
        const inline = asArray(props.inlinePolicies);
        if (isUnknown(inline)) {
            return [unknownFinding(`The inline policies of ${who}`)];
        }
        if (!inline || inline.length === 0) {
            return "The role has no inline policies.";
        }
        return inline.flatMap((item) => {
            const name = isRecord(item) && typeof item.name === "string" ? item.name : "(unnamed)";
            const doc = isUnknown(item)
                ? ({ kind: "unknown" } as const)
                : readDocument(isRecord(item) ? item.policy : undefined);
            return roleDocumentFindings(doc, `inline policy "${name}" of ${who}`, exempt);
        });
    },
);

export const iamPolicyNoWildcardActions: PackPolicy = resourcePolicy(
    {
        name: "iam-policy-no-wildcard-actions",
        description:
            "Checks that customer-managed, user and group policies allow no `*` (full administrator) or service-wide `svc:*` action and use no Allow with NotAction.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "Replace `*` and `svc:*` with the exact actions needed; split broad policies by duty.",
        types: [TYPES.policy, TYPES.userPolicy, TYPES.groupPolicy],
    },
    ({ props, who }) =>
        withDocument(readDocument(props.policy), who, (d) =>
            d.statements.flatMap((s) => wildcardActionFindings(s, who)),
        ),
);

export const iamRoleTrustNoPublicPrincipal: PackPolicy = resourcePolicy(
    {
        name: "iam-role-trust-no-public-principal",
        description:
            'Checks that no role\'s trust policy lets everyone (`*` or `{AWS: "*"}`, or NotPrincipal) assume it without a condition that binds the caller.',
        enforcementLevel: "mandatory",
        severity: "critical",
        remediationSteps:
            "Name the exact principals (account, role, service or OpenID Connect provider) that may assume the role, or bind a `*` principal with conditions such as aws:PrincipalOrgID or aws:PrincipalArn.",
        types: [TYPES.role],
    },
    ({ props, who }) => {
        const trustFindings = (d: PolicyDoc): Finding[] => {
            const findings: Finding[] = [];
            for (const s of d.statements) {
                if (isUnknown(s.effect) || s.principal?.opaque || isUnknown(s.conditions)) {
                    findings.push(unknownFinding(`${who} trust ${statementLabel(s)}`));
                } else if (
                    isAllow(s) &&
                    isPublicPrincipal(s) &&
                    !hasBindingCondition(s, RESTRICTING_CONDITION_KEYS)
                ) {
                    findings.push({
                        message: `${who} trust ${statementLabel(s)} must not let every principal (${s.notPrincipal ? `NotPrincipal ${principalText(s.notPrincipal)}` : principalText(s.principal)}) assume the role without a condition on the caller.`,
                    });
                }
            }
            return findings;
        };
        return withDocument(
            readDocument(props.assumeRolePolicy),
            `the trust policy of ${who}`,
            trustFindings,
        );
    },
);

export const iamPolicies: PackPolicy[] = [
    iamRolePolicyNoWildcards,
    iamPolicyNoWildcardActions,
    iamRoleTrustNoPublicPrincipal,
];
