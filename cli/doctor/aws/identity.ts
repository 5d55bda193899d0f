// Can Sentinel become the role and read with it? The role's name, the OpenID Connect provider, the
// trust policy, the role's permissions, the keys' policies and the STS token version.
import { logObjectArn } from "../../../components/aws/policyDocuments";
import {
    CONNECTOR_KMS_ACTIONS,
    CONNECTOR_S3_ACTIONS,
    CONNECTOR_SQS_ACTIONS,
    ROLE_NAME_PREFIX,
    SENTINEL_CLOUDS,
    SentinelCloud,
    audienceConditionKey,
    sentinelSessionNames,
} from "../../../components/shared/catalog";
import { Finding, combine, fail, pass, unknown } from "../finding";
import { AnyPolicy, Decision, evaluate, parsePolicy, statements } from "../policy";
import { unknownReason } from "./api";
import { exportKeys } from "./exports";
import { AwsFacts, KeyFacts, NamedPolicy } from "./facts";

const trustFix = (workspaceId: string) =>
    `Trust exactly \`${sentinelSessionNames(workspaceId).join("` and `")}\` (workspace ID in lower case) with the audience condition, as the component writes them (\`pulumi up\`); Sentinel reports S3B40029 until then.`;

/** The provider ARN Sentinel's tokens come through, in the role's account. */
export function providerArnFor(partition: string, accountId: string, cloud: SentinelCloud): string {
    return `arn:${partition}:iam::${accountId}:oidc-provider/${cloud.issuerHost}`;
}

/** A workspace ID no real workspace has, to test that the trust is bound to one workspace. */
const OTHER_WORKSPACE = "00000000-0000-4000-8000-000000000000";

/** Does the trust policy admit Sentinel's tokens for this workspace, and only them? */
export function evaluateTrust(args: {
    trust: AnyPolicy | undefined;
    roleArn: string;
    providerArn: string;
    cloud: SentinelCloud;
    workspaceId: string;
}): Finding {
    const { trust, cloud, workspaceId } = args;
    const ask = (sessionName: string, audience = cloud.audience): Decision =>
        evaluate(
            [trust],
            {
                action: "sts:AssumeRoleWithWebIdentity",
                resource: args.roleArn,
                principal: { federated: args.providerArn },
                context: {
                    [audienceConditionKey(cloud.issuerHost)]: audience,
                    "sts:RoleSessionName": sessionName,
                },
            },
            true,
        );
    const names = sentinelSessionNames(workspaceId);
    const decisions = names.map((n) => ask(n));
    if (decisions.every((d) => d === "allow")) {
        const others = sentinelSessionNames(OTHER_WORKSPACE).filter((n) => ask(n) === "allow");
        if (others.length > 0) {
            return fail(
                "the trust policy admits other workspaces' session names too: any Sentinel workspace in the world could assume the role.",
                `Pin sts:RoleSessionName with StringEquals to exactly \`${names.join("` and `")}\`, never a wildcard.`,
            );
        }
        return pass(
            `admits Sentinel's tokens (audience ${cloud.audience}) with the session names ${names.join(" and ")}.`,
        );
    }
    if (decisions.some((d) => d === "unknown")) {
        return unknown(
            "the trust policy has conditions the doctor cannot evaluate; compare it with the component's.",
        );
    }
    const federated = statements(trust).flatMap((s) => {
        const p = s.Principal as { Federated?: unknown } | undefined;
        return p && typeof p === "object" && p.Federated !== undefined ? [String(p.Federated)] : [];
    });
    if (!federated.includes(args.providerArn)) {
        return fail(
            `the trust policy does not trust ${args.providerArn}${federated.length ? ` (it trusts ${federated.join(", ")})` : ""}, so AssumeRoleWithWebIdentity fails (S3B40029).`,
            trustFix(workspaceId),
            "S3B40029",
        );
    }
    const problems: string[] = [];
    const refused = names.filter((_, i) => decisions[i] !== "allow");
    const upper = sentinelSessionNames(workspaceId.toUpperCase());
    if (upper.some((n) => ask(n) === "allow")) {
        problems.push("it names the workspace ID in upper case; Sentinel sends it in lower case");
    }
    problems.push(
        `it refuses the session name${refused.length > 1 ? "s" : ""} ${refused.join(" and ")}`,
    );
    return fail(
        `Sentinel's tokens for this workspace are refused: ${problems.join("; ")} (S3B40029).`,
        trustFix(workspaceId),
        "S3B40029",
    );
}

/** Which of the connector's actions the role's policies (and boundary) do not allow. */
export function missingPermissions(args: {
    policies: readonly (AnyPolicy | undefined)[];
    boundary?: AnyPolicy;
    needs: readonly { action: string; resource: string }[];
}): { missing: string[]; unknown: string[] } {
    const missing: string[] = [];
    const unsure: string[] = [];
    for (const { action, resource } of args.needs) {
        const decisions = [evaluate(args.policies, { action, resource })];
        if (args.boundary) {
            decisions.push(evaluate([args.boundary], { action, resource }));
        }
        const label = `${action} on ${resource}`;
        if (decisions.some((d) => d === "deny" || d === "implicit-deny")) {
            missing.push(label);
        } else if (decisions.some((d) => d === "unknown")) {
            unsure.push(label);
        }
    }
    return { missing, unknown: unsure };
}

/** May the role decrypt with a key, through one service? Key policy first, then IAM. */
export function evaluateKeyAccess(args: {
    key: KeyFacts;
    roleArn: string;
    partition: string;
    accountId: string;
    region: string;
    via: "s3" | "sqs";
    identityPolicies: readonly (AnyPolicy | undefined)[];
    boundary?: AnyPolicy;
}): Finding {
    const { key } = args;
    const viaService = `${args.via}.${args.region}.amazonaws.com`;
    const fix = `Let the role decrypt in the key policy (kms:Decrypt for ${args.roleArn} with kms:ViaService = ${viaService}), as the component writes it (\`pulumi up\`).`;
    if (key.manager === "AWS") {
        return fail(
            `${key.arn} is an AWS managed key: its policy cannot be changed, so ${args.via === "sqs" ? "S3 cannot encrypt notifications with it" : "the role cannot be granted decrypt"}.`,
            args.via === "sqs"
                ? "Use SSE-SQS or a customer managed key whose policy lets s3.amazonaws.com use it (the component's default is SSE-SQS)."
                : "Encrypt the logs with a customer managed key whose policy lets the role decrypt.",
        );
    }
    const context = {
        "kms:ViaService": viaService,
        "aws:PrincipalArn": args.roleArn,
        "aws:PrincipalAccount": args.accountId,
        "kms:CallerAccount": args.accountId,
    };
    const request = (aws: string) => ({
        action: CONNECTOR_KMS_ACTIONS[0],
        resource: key.arn,
        principal: { aws },
        context,
    });
    const direct = evaluate([key.policy], request(args.roleArn), true);
    if (direct === "deny") {
        return fail(`the policy of ${key.arn} denies the role kms:Decrypt.`, fix);
    }
    if (direct === "allow") {
        return pass(
            `the policy of ${key.arn} lets the role decrypt through ${args.via.toUpperCase()}.`,
        );
    }
    // The key policy may leave access to IAM by allowing the account (AWS KMS Developer Guide, "Default key policy").
    const rootArn = `arn:${args.partition}:iam::${args.accountId}:root`;
    const delegated = [rootArn, args.accountId].map((p) =>
        evaluate([key.policy], request(p), true),
    );
    if (delegated.includes("allow")) {
        const iam = missingPermissions({
            policies: args.identityPolicies,
            boundary: args.boundary,
            needs: [{ action: CONNECTOR_KMS_ACTIONS[0], resource: key.arn }],
        });
        if (iam.missing.length === 0 && iam.unknown.length === 0) {
            return pass(
                `the policy of ${key.arn} leaves access to IAM, and the role's policy allows kms:Decrypt on it.`,
            );
        }
        if (iam.missing.length > 0) {
            return fail(
                `the policy of ${key.arn} leaves access to IAM, but the role's policy does not allow kms:Decrypt on the key, so Sentinel cannot read what it encrypts.`,
                `Allow kms:Decrypt on ${key.arn} in the role's policy, or in the key policy (${viaService}); \`pulumi up\` restores both.`,
            );
        }
    }
    if (direct === "unknown" || delegated.includes("unknown")) {
        return unknown(`the policy of ${key.arn} has conditions the doctor cannot evaluate.`);
    }
    return fail(
        `the policy of ${key.arn} neither lets the role decrypt nor leaves access to IAM, so Sentinel cannot read what it encrypts.`,
        fix,
    );
}

/**
 * May S3 encrypt notifications with a queue's key? S3 needs kms:GenerateDataKey and kms:Decrypt on
 * a customer managed queue key (Amazon S3 User Guide, "Walkthrough: Configuring a bucket for
 * notifications", encrypted queues).
 */
export function evaluateS3QueueKey(key: KeyFacts, bucketArn: string, accountId: string): Finding {
    const refused = ["kms:GenerateDataKey", "kms:Decrypt"].filter(
        (action) =>
            evaluate(
                [key.policy],
                {
                    action,
                    resource: key.arn,
                    principal: { service: "s3.amazonaws.com" },
                    context: { "aws:SourceArn": bucketArn, "aws:SourceAccount": accountId },
                },
                true,
            ) !== "allow",
    );
    return refused.length === 0
        ? pass(`S3 may encrypt notifications with ${key.arn}.`)
        : fail(
              `the policy of ${key.arn} does not let s3.amazonaws.com ${refused.join(" and ")} for ${bucketArn}, so S3 cannot put notifications in the queue.`,
              "Let s3.amazonaws.com use the key (kms:GenerateDataKey, kms:Decrypt with aws:SourceArn = the bucket), as the component's queue key policy does, or use SSE-SQS.",
          );
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
                      `${providerArn} does not list Sentinel's audience ${cloud.audience}, so its tokens are refused (S3B40029).`,
                      `Add the audience: \`aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${providerArn} --client-id ${cloud.audience}\` (\`pulumi up\` adds it back too, keeping the provider's other audiences).`,
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
        return fail(
            `the role may not ${r.missing.join("; ")}.`,
            "Grant the connector's actions on exactly these queues and prefixes, as the component's inline policy does (`pulumi up` restores it).",
        );
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
