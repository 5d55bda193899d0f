// Can Sentinel become the role and read with it? The role's name, the OpenID Connect provider, the
// trust policy, the role's permissions, the keys' policies and the STS token version.
import { logObjectArn } from "../../../components/aws/policyDocuments";
import {
    CONNECTOR_S3_ACTIONS,
    CONNECTOR_SQS_ACTIONS,
    ROLE_NAME_PREFIX,
    SENTINEL_CLOUDS,
    SentinelCloud,
    sentinelSessionNames,
} from "../../../components/shared/catalog";
import {
    ROLE_PERMISSIONS_FIX,
    oidcProviderFix,
    oidcProviderReason,
    rolePermissionsReason,
    trustCauseText,
    trustFix,
    trustRefusedReason,
} from "../../../components/shared/delivery";
import {
    diagnoseTrust,
    evaluateKeyAccess,
    evaluateS3QueueKey,
    missingPermissions,
} from "../access";
import { Finding, combine, fail, pass, unknown } from "../finding";
import { AnyPolicy, parsePolicy } from "../policy";
import { unknownReason } from "./api";
import { exportKeys } from "./exports";
import { AwsFacts, NamedPolicy } from "./facts";

export { evaluateKeyAccess, evaluateS3QueueKey, missingPermissions };

/** The provider ARN Sentinel's tokens come through, in the role's account. */
export function providerArnFor(partition: string, accountId: string, cloud: SentinelCloud): string {
    return `arn:${partition}:iam::${accountId}:oidc-provider/${cloud.issuerHost}`;
}

/**
 * Does the trust policy admit Sentinel's tokens for this workspace, and only them? When it refuses
 * them it names why (the provider, the action, the audience, the session names, a Deny), in the
 * words the policy pack uses for the same trust.
 */
export function evaluateTrust(args: {
    trust: AnyPolicy | undefined;
    roleArn: string;
    providerArn: string;
    cloud: SentinelCloud;
    workspaceId: string;
}): Finding {
    const { cloud, workspaceId } = args;
    const names = sentinelSessionNames(workspaceId);
    const d = diagnoseTrust(args);
    switch (d.verdict) {
        case "admits":
            return pass(
                `admits Sentinel's tokens (audience ${cloud.audience}) with the session names ${names.join(" and ")}.`,
            );
        case "admitsOthers":
            return fail(
                "the trust policy admits other workspaces' session names too: any Sentinel workspace in the world could assume the role.",
                `Pin sts:RoleSessionName with StringEquals to exactly \`${names.join("` and `")}\`, never a wildcard.`,
            );
        case "unknown":
            return unknown(
                `the trust policy has conditions the doctor cannot evaluate (${d.causes.map((c) => trustCauseText(c, cloud)).join("; ")}); compare it with the component's.`,
            );
        default:
            return fail(
                trustRefusedReason(d.causes, cloud),
                trustFix(workspaceId, cloud, args.providerArn),
                "S3B40029",
            );
    }
}

/** The Sentinel role checks, in order. */
export async function identityChecks(facts: AwsFacts): Promise<[string, string, Finding][]> {
    const { input } = facts;
    const cloud = SENTINEL_CLOUDS[input.azureCloud];
    const providerArn = providerArnFor(input.partition, input.accountId, cloud);
    const out: [string, string, Finding][] = [];

    out.push([
        "aws.role.name",
        "Sentinel role: name",
        input.roleName.startsWith(ROLE_NAME_PREFIX)
            ? pass(`${input.roleName} starts with ${ROLE_NAME_PREFIX}.`)
            : fail(
                  `${input.roleName} does not start with ${ROLE_NAME_PREFIX}; the connector silently refuses such roles.`,
                  `Create the role with a name starting ${ROLE_NAME_PREFIX} (the component does) and point the connector at it.`,
              ),
    ]);

    const provider = await facts.api.call<{ ClientIDList?: string[] }, "iam">(
        "iam",
        (m) => new m.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }),
    );
    out.push([
        "aws.role.oidcProvider",
        "Sentinel role: OpenID Connect provider",
        provider.ok
            ? (provider.value.ClientIDList ?? []).includes(cloud.audience)
                ? pass(`${providerArn} lists the audience ${cloud.audience}.`)
                : fail(
                      oidcProviderReason(providerArn, cloud, "audience"),
                      oidcProviderFix(providerArn, cloud),
                      "S3B40029",
                  )
            : provider.kind === "missing"
              ? fail(
                    `there is no IAM OpenID Connect provider for ${cloud.issuerUrl} in account ${input.accountId}.`,
                    "Create it with Sentinel's audience and thumbprint (`pulumi up` does, unless `existingOidcProviderArn` names a provider that must already exist).",
                    "S3B40029",
                )
              : unknown(unknownReason(provider)),
    ]);

    const role = await facts.role();
    const trust: Finding = !role.ok
        ? role.kind === "missing"
            ? fail(
                  `the role ${input.roleArn} does not exist.`,
                  "Run `pulumi up` to recreate it; the connector names this role.",
                  "S3B40029",
              )
            : unknown(unknownReason(role))
        : !facts.workspaceId
          ? unknown(
                "no workspace ID to compare the session names with: give `--workspace-id`, or let the doctor read it from Azure.",
            )
          : evaluateTrust({
                trust: parsePolicy(role.value.AssumeRolePolicyDocument),
                roleArn: input.roleArn,
                providerArn,
                cloud,
                workspaceId: facts.workspaceId,
            });
    out.push(["aws.role.trust", "Sentinel role: trust policy", trust]);

    const policies = await facts.rolePolicies();
    const boundaryArn = role.ok
        ? role.value.PermissionsBoundary?.PermissionsBoundaryArn
        : undefined;
    const boundary = boundaryArn ? await facts.managedPolicy(boundaryArn) : undefined;
    const identity: (AnyPolicy | undefined)[] = policies.ok
        ? policies.value.map((p: NamedPolicy) => p.document)
        : [];
    out.push([
        "aws.role.permissions",
        "Sentinel role: permissions on queues and log files",
        await permissions(facts, policies, boundary),
    ]);

    // Keys: the bucket's default key, the GuardDuty export's key, the queues' keys.
    const region = facts.region ?? "<region>";
    const keyFinding = async (keyId: string, via: "s3" | "sqs"): Promise<Finding> => {
        const key = await facts.key(keyId);
        if (!key.ok) {
            return key.kind === "missing"
                ? fail(`the key ${keyId} does not exist.`, "Run `pulumi up` to restore it.")
                : unknown(unknownReason(key));
        }
        if (!policies.ok) {
            return unknown(unknownReason(policies));
        }
        const access = evaluateKeyAccess({
            key: key.value,
            roleArn: input.roleArn,
            partition: input.partition,
            accountId: input.accountId,
            region,
            via,
            identityPolicies: identity,
            boundary: boundary?.ok ? boundary.value : undefined,
        });
        return via === "sqs" && access.status === "pass" && facts.bucketArn
            ? combine([access, evaluateS3QueueKey(key.value, facts.bucketArn, input.accountId)])
            : access;
    };
    const logKeys = new Set<string>();
    const logFindings: Finding[] = [];
    if (input.bucketName) {
        const bucketKey = await facts.bucketKey();
        if (bucketKey.ok && bucketKey.value) {
            logKeys.add(bucketKey.value);
        } else if (!bucketKey.ok) {
            logFindings.push(unknown(unknownReason(bucketKey)));
        }
    }
    for (const k of [input.logsKeyArn, ...(await exportKeys(facts))]) {
        if (k) {
            logKeys.add(k);
        }
    }
    for (const k of logKeys) {
        logFindings.push(await keyFinding(k, "s3"));
    }
    out.push([
        "aws.keys.logs",
        "Sentinel role: decrypt log files",
        logFindings.length > 0
            ? combine(logFindings)
            : pass("the bucket encrypts new files with SSE-S3: no key policy is involved."),
    ]);
    const queueKeys = new Set<string>();
    for (const c of input.connections) {
        const a = await facts.queueAttributes(c.sqsUrl);
        if (a.ok && a.value.KmsMasterKeyId) {
            queueKeys.add(a.value.KmsMasterKeyId);
        }
    }
    const queueFindings: Finding[] = [];
    for (const k of queueKeys) {
        queueFindings.push(await keyFinding(k, "sqs"));
    }
    out.push([
        "aws.keys.queue",
        "Sentinel role and S3: the queue key",
        queueFindings.length > 0
            ? combine(queueFindings)
            : pass("the queues use SSE-SQS (or no encryption): no key policy is involved."),
    ]);

    out.push([
        "aws.sts.tokenVersion",
        "STS token version for the region",
        await tokenVersion(facts),
    ]);
    return out;
}

async function permissions(
    facts: AwsFacts,
    policies: Awaited<ReturnType<AwsFacts["rolePolicies"]>>,
    boundary: Awaited<ReturnType<AwsFacts["managedPolicy"]>> | undefined,
): Promise<Finding> {
    if (!policies.ok) {
        return unknown(unknownReason(policies));
    }
    if (boundary && !boundary.ok) {
        return unknown(unknownReason(boundary));
    }
    const needs: { action: string; resource: string }[] = [];
    for (const c of facts.input.connections) {
        const queueArn = await facts.queueArn(c);
        needs.push(...CONNECTOR_SQS_ACTIONS.map((action) => ({ action, resource: queueArn })));
        if (facts.bucketArn) {
            const resource = logObjectArn(facts.bucketArn, await facts.objectPrefix(c));
            needs.push(...CONNECTOR_S3_ACTIONS.map((action) => ({ action, resource })));
        }
    }
    const r = missingPermissions({
        policies: policies.value.map((p) => p.document),
        boundary: boundary?.value,
        needs,
    });
    if (r.missing.length > 0) {
        return fail(rolePermissionsReason(r.missing), ROLE_PERMISSIONS_FIX);
    }
    if (r.unknown.length > 0) {
        return unknown(
            `the role's policies have conditions the doctor cannot evaluate for ${r.unknown.join("; ")}.`,
        );
    }
    return pass(
        `allows ${[...CONNECTOR_SQS_ACTIONS, ...CONNECTOR_S3_ACTIONS].join(", ")} on the ${facts.input.connections.length} queue(s) and log prefixes.`,
    );
}

/**
 * Tokens from STS's global endpoint are version 1 by default, valid only in regions enabled by
 * default (IAM API Reference, SetSecurityTokenServicePreferences; GetAccountSummary's
 * GlobalEndpointTokenVersion). In an opt-in region the connector's reads are then refused (S3B40011).
 */
export function evaluateTokenVersion(args: {
    region: string;
    optInStatus?: string;
    tokenVersion?: number;
}): Finding {
    if (args.optInStatus === "opt-in-not-required") {
        return pass(`${args.region} is enabled by default: version 1 tokens work there.`);
    }
    if (args.tokenVersion === 2) {
        return pass(
            `${args.region} is an opt-in region and the account issues version 2 tokens, valid there.`,
        );
    }
    return fail(
        `${args.region} is an opt-in region, but the account's STS global endpoint issues version 1 tokens, which are not valid there: Sentinel's reads are refused (S3B40011).`,
        "Switch the account to version 2 tokens: `aws iam set-security-token-service-preferences --global-endpoint-token-version v2Token`.",
        "S3B40011",
    );
}

async function tokenVersion(facts: AwsFacts): Promise<Finding> {
    const region = facts.region;
    if (!region) {
        return unknown("the queues' region is unknown; give `--region`.");
    }
    const r = await facts.api.call<{ Regions?: { OptInStatus?: string }[] }, "ec2">(
        "ec2",
        (m) => new m.DescribeRegionsCommand({ RegionNames: [region], AllRegions: true }),
    );
    if (!r.ok) {
        return unknown(unknownReason(r));
    }
    const optInStatus = r.value.Regions?.[0]?.OptInStatus;
    if (optInStatus === "opt-in-not-required") {
        return evaluateTokenVersion({ region, optInStatus });
    }
    const s = await facts.api.call<{ SummaryMap?: Record<string, number> }, "iam">(
        "iam",
        (m) => new m.GetAccountSummaryCommand({}),
    );
    if (!s.ok) {
        return unknown(unknownReason(s));
    }
    return evaluateTokenVersion({
        region,
        optInStatus,
        tokenVersion: s.value.SummaryMap?.GlobalEndpointTokenVersion,
    });
}
