// The Sentinel role itself: its name, and a trust policy bound to one workspace.
import {
    LEGACY_MICROSOFT_ACCOUNT_ID,
    ROLE_NAME_PREFIX,
    SESSION_NAME_PREFIXES,
    SentinelCloud,
    audienceConditionKey,
} from "../../components/shared/catalog";
import { GUID_PATTERN } from "../../components/shared/patterns";
import { ResourceContext, resourcePolicy, withDocument } from "./lib/builders";
import {
    DocResult,
    Statement,
    conditionsOn,
    principalText,
    hasUnknown,
    hasWildcard,
    isAllow,
    known,
    readDocument,
    statementLabel,
} from "./lib/documents";
import {
    hasSentinelPrefix,
    isLegacyTrust,
    roleNameStart,
    sentinelCloudOf,
    sentinelRoleStatus,
    summarizeTrust,
} from "./lib/sentinel";
import { PackPolicy, TYPES } from "./lib/types";
import { Finding, isUnknown, show, unknownFinding } from "./lib/values";

const WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";
const SESSION_KEY = "sts:RoleSessionName";
const SESSION_NAME = new RegExp(
    `^(${SESSION_NAME_PREFIXES.join("|")})(${GUID_PATTERN.source.replace(/^\^|\$$/g, "")})$`,
);

/** Reads a role's trust policy and whether it is a Sentinel role. */
function readRole(r: ResourceContext<unknown>) {
    const trust = readDocument(r.props.assumeRolePolicy);
    return { trust, status: sentinelRoleStatus(r.props, r.name, trust) };
}

/** The checks of one trust statement that names Sentinel's issuer. */
export function sentinelStatementFindings(
    s: Statement,
    cloud: SentinelCloud,
    at: string,
    workspaceIds: readonly string[],
): Finding[] {
    const findings: Finding[] = [];
    // Action: only web-identity federation.
    if (s.notAction !== undefined) {
        findings.push({
            message: `${at} must allow exactly "${WEB_IDENTITY}", not NotAction ${show(s.notAction)}.`,
        });
    }
    if (hasUnknown(s.action)) {
        findings.push(unknownFinding(`The actions of ${at}`));
    }
    const actions = known(s.action);
    for (const action of actions.filter((a) => a.toLowerCase() !== WEB_IDENTITY.toLowerCase())) {
        findings.push({ message: `${at} must allow only "${WEB_IDENTITY}", not ${show(action)}.` });
    }
    if (actions.length === 0 && s.notAction === undefined && !hasUnknown(s.action)) {
        findings.push({ message: `${at} must allow "${WEB_IDENTITY}".` });
    }
    // Principal: the IAM OpenID Connect provider of the issuer, with its trailing slash.
    const p = s.principal;
    if (p?.unknown) {
        findings.push(unknownFinding(`The principal of ${at}`));
    }
    if (
        p?.any ||
        (p?.aws.length ?? 0) > 0 ||
        (p?.service.length ?? 0) > 0 ||
        s.notPrincipal !== undefined
    ) {
        findings.push({
            message: `${at} must name only the Federated principal of Sentinel's OpenID Connect provider, not ${principalText(p)}.`,
        });
    }
    const provider = new RegExp(
        `^arn:aws[a-z-]*:iam::\\d{12}:oidc-provider/${cloud.issuerHost.replace(/[.]/g, "\\.")}$`,
    );
    for (const federated of known(p?.federated).filter((f) => !provider.test(f))) {
        findings.push({
            message: `${at} must name the provider "arn:<partition>:iam::<account>:oidc-provider/${cloud.issuerHost}" (with the trailing slash), not ${show(federated)}.`,
        });
    }
    if (isUnknown(s.conditions)) {
        findings.push(unknownFinding(`The conditions of ${at}`));
        return findings;
    }
    // Audience: StringEquals on "<issuerHost>:aud", exactly the cloud's audience.
    const audKey = audienceConditionKey(cloud.issuerHost);
    const slashless = `${cloud.issuerHost.replace(/\/$/, "")}:aud`;
    for (const c of conditionsOn(s, slashless)) {
        findings.push({
            message: `${at} must put the audience condition on the key "${audKey}" (with the trailing slash), not ${show(c.key)}.`,
        });
    }
    findings.push(
        ...exactCondition(
            s,
            at,
            audKey,
            (v) => (v === cloud.audience ? undefined : `the audience "${cloud.audience}"`),
            `the audience "${cloud.audience}"`,
        ),
    );
    // Session name: StringEquals on the workspace's exact session names.
    const allowed = workspaceIds.map((w) => w.toLowerCase());
    findings.push(
        ...exactCondition(
            s,
            at,
            SESSION_KEY,
            (v) => {
                const m = SESSION_NAME.exec(v);
                if (!m) {
                    return `an exact session name ${SESSION_NAME_PREFIXES.map((x) => `"${x}<workspaceId>"`).join(" or ")}`;
                }
                if (allowed.length > 0 && !allowed.includes(m[2].toLowerCase())) {
                    const placeholder = workspaceIds.find((w) => /^[0-]+$/.test(w));
                    return placeholder === undefined
                        ? `a session name of an allowed workspace (${workspaceIds.join(", ")})`
                        : `a session name of your workspace (the policy configuration's \`workspaceIds\` holds the placeholder ${show(placeholder)}: put your Log Analytics workspace ID there, the "Workspace ID" GUID on the workspace's Overview page, or leave the list empty to accept the workspace the components set)`;
                }
                return undefined;
            },
            `the workspace's exact session names (${SESSION_NAME_PREFIXES.map((x) => `${x}<workspaceId>`).join(", ")})`,
        ),
    );
    return findings;
}

/** Requires `StringEquals` on a key whose every value passes `problem` (which names what is expected). */
function exactCondition(
    s: Statement,
    at: string,
    key: string,
    problem: (value: string) => string | undefined,
    expected: string,
): Finding[] {
    const entries = conditionsOn(s, key);
    const findings: Finding[] = [];
    const exact = entries.filter((c) => c.operator === "StringEquals");
    for (const c of entries.filter((e) => e.operator !== "StringEquals")) {
        findings.push({
            message: `${at} must use StringEquals, not ${c.operator}, on "${key}" (values ${show(c.values)}).`,
        });
    }
    if (exact.length === 0 && entries.length === 0) {
        findings.push({ message: `${at} must require StringEquals on "${key}" with ${expected}.` });
    }
    for (const c of exact) {
        if (c.values.some(isUnknown)) {
            findings.push(unknownFinding(`The "${key}" condition of ${at}`));
        }
        if (c.values.length === 0) {
            findings.push({ message: `${at} must give "${key}" at least one value: ${expected}.` });
        }
        for (const v of c.values) {
            if (typeof v !== "string") {
                continue;
            }
            const wanted = problem(v);
            if (hasWildcard(v)) {
                findings.push({
                    message: `${at} must not use the wildcard value ${show(v)} on "${key}"; require ${expected}.`,
                });
            } else if (wanted !== undefined) {
                findings.push({
                    message: `${at} must require ${wanted} on "${key}", not ${show(v)}.`,
                });
            }
        }
    }
    return findings;
}

/** Configuration of `iam-sentinel-role-trust-conditions`. */
export interface SentinelTrustConfig {
    /** The Log Analytics workspace IDs the Sentinel roles may be bound to; empty accepts any exact one. */
    readonly workspaceIds: string[];
}

/** Every finding on the trust policy of a Sentinel role. */
export function sentinelTrustFindings(
    who: string,
    trust: DocResult,
    workspaceIds: readonly string[],
): Finding[] {
    if (trust.kind === "absent") {
        return [
            {
                message: `${who} must have a trust policy that trusts Sentinel's OpenID Connect issuer.`,
            },
        ];
    }
    return withDocument(trust, `the trust policy of ${who}`, (d) => {
        const findings: Finding[] = [];
        let issuerStatements = 0;
        for (const s of d.statements) {
            const at = `${who} trust ${statementLabel(s)}`;
            if (isUnknown(s.effect)) {
                findings.push(unknownFinding(`The effect of ${at}`));
                continue;
            }
            if (!isAllow(s)) {
                continue;
            }
            const cloud = sentinelCloudOf(s);
            if (cloud) {
                issuerStatements++;
                findings.push(...sentinelStatementFindings(s, cloud, at, workspaceIds));
            } else if (s.principal?.unknown) {
                findings.push(unknownFinding(`The principal of ${at}`));
            } else if (!isLegacyTrust(s)) {
                findings.push({
                    message: `${at} must not let anyone but Sentinel's OpenID Connect issuer assume the Sentinel role, but it trusts ${s.notPrincipal ? `NotPrincipal ${principalText(s.notPrincipal)}` : principalText(s.principal)}.`,
                });
            }
        }
        if (
            issuerStatements === 0 &&
            !summarizeTrust(trust).legacy &&
            !findings.some((f) => f.advisory) &&
            d.unknownStatements === 0
        ) {
            findings.push({
                message: `${who} must trust Sentinel's OpenID Connect issuer (Federated principal, ${WEB_IDENTITY}) because its name starts with "${ROLE_NAME_PREFIX}".`,
            });
        }
        return findings;
    });
}

export const iamSentinelRoleTrustConditions: PackPolicy = resourcePolicy<SentinelTrustConfig>(
    {
        name: "iam-sentinel-role-trust-conditions",
        description:
            "Checks that a Sentinel role is assumable only with sts:AssumeRoleWithWebIdentity from Sentinel's OpenID Connect provider, with StringEquals (no wildcards) on the audience and on the workspace's exact session names.",
        enforcementLevel: "mandatory",
        severity: "critical",
        remediationSteps:
            "Use the component's trust policy: Federated principal arn:<partition>:iam::<account>:oidc-provider/sts.windows.net/<tenant>/, Action sts:AssumeRoleWithWebIdentity, and StringEquals on sts.windows.net/<tenant>/:aud = the audience and on sts:RoleSessionName = [MicrosoftSentinel_<workspaceId>, MicrosoftDefenderForClouds_<workspaceId>]. Never StringLike or wildcards: the issuer and audience are shared by every Sentinel customer.",
        configSchema: {
            properties: {
                workspaceIds: {
                    type: "array",
                    items: { type: "string", pattern: GUID_PATTERN.source },
                    default: [],
                    description:
                        "Log Analytics workspace IDs (customer ID GUIDs) Sentinel roles may be bound to; empty accepts the workspace the trust names (any exact, workspace-bound session names).",
                },
            },
        },
        types: [TYPES.role],
    },
    (r) => {
        const { trust, status } = readRole(r);
        if (status === "no") {
            return "The role is not a Sentinel role (no OIDC_ prefix, no Sentinel issuer or legacy account in its trust policy).";
        }
        if (status === "unknown") {
            return "Whether this is a Sentinel role is not known during preview; it is checked again at update.";
        }
        return sentinelTrustFindings(r.who, trust, r.config.workspaceIds);
    },
);

export const iamSentinelRoleNamePrefix: PackPolicy = resourcePolicy(
    {
        name: "iam-sentinel-role-name-prefix",
        description: `Checks that a role trusted by Sentinel's OpenID Connect issuer has a name starting with "${ROLE_NAME_PREFIX}"; without it the connector fails silently.`,
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `Set the role's \`name\` or \`namePrefix\` to start with "${ROLE_NAME_PREFIX}" (the component uses the prefix "OIDC_MicrosoftSentinel-"). Renaming a role replaces it; update the connector's role ARN too.`,
        types: [TYPES.role],
    },
    (r) => {
        const { props, who } = r;
        const summary = summarizeTrust(readRole(r).trust);
        if (!summary.sentinelIssuer) {
            return summary.unknown
                ? "The trust policy is not known during preview; the role is checked again at update."
                : "The role is not trusted by Sentinel's OpenID Connect issuer.";
        }
        const name = roleNameStart(props, r.name);
        if (isUnknown(name)) {
            return [unknownFinding(`The name of ${who}`)];
        }
        if (hasSentinelPrefix(name)) {
            return [];
        }
        const what =
            typeof props.name === "string"
                ? "name"
                : typeof props.namePrefix === "string"
                  ? "name prefix"
                  : "auto-generated name";
        return [
            {
                message: `${who} is trusted by Sentinel's issuer, so its ${what} must start with "${ROLE_NAME_PREFIX}", not ${show(name)}.`,
            },
        ];
    },
);

export const iamSentinelRoleNoLegacyTrust: PackPolicy = resourcePolicy(
    {
        name: "iam-sentinel-role-no-legacy-trust",
        description:
            "Checks that no role trusts Microsoft's legacy AWS account 197857026523 (the external-ID model of older instructions, whose external ID is the non-secret workspace ID).",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "Replace the trust with Sentinel's OpenID Connect federation (the component's trust policy), name the role with the OIDC_ prefix, and update the connector's role ARN.",
        types: [TYPES.role],
    },
    (r) => {
        const { trust, status } = readRole(r);
        if (trust.kind === "unknown") {
            return status === "yes"
                ? [unknownFinding(`The trust policy of ${r.who}`)]
                : "The trust policy is not known during preview; it is checked again at update.";
        }
        const legacy = trust.kind === "ok" ? trust.doc.statements.filter(isLegacyTrust) : [];
        if (legacy.length === 0) {
            return "The role does not trust Microsoft's legacy account.";
        }
        return legacy.map((s) => {
            const externalIds = conditionsOn(s, "sts:ExternalId").flatMap((c) => c.values);
            const how =
                externalIds.length > 0
                    ? ` with sts:ExternalId ${show(externalIds)}`
                    : " (without even an external ID)";
            return {
                message: `${r.who} trust ${statementLabel(s)} must not trust Microsoft's legacy account ${LEGACY_MICROSOFT_ACCOUNT_ID}${how}; trust Sentinel's OpenID Connect issuer instead.`,
            };
        });
    },
);

export const iamSentinelTrustPolicies: PackPolicy[] = [
    iamSentinelRoleNamePrefix,
    iamSentinelRoleTrustConditions,
    iamSentinelRoleNoLegacyTrust,
];
