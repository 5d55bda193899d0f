// Who may do what the connector needs, decided from policy documents alone: Sentinel assuming its
// role (and, when refused, why), the role reading its queues and files, the role and S3 using a
// key. Pure (no AWS call): the doctor feeds it what it reads from AWS, the policy pack what a stack
// declares, so both reach the same verdict in the same words (`components/shared/delivery.ts`).
import {
    CONNECTOR_KMS_ACTIONS,
    SentinelCloud,
    audienceConditionKey,
    sentinelSessionNames,
} from "../../components/shared/connector";
import {
    TrustCause,
    keyDecryptFix,
    keyDecryptReason,
    QUEUE_KEY_FOR_S3_FIX,
    queueKeyForS3Reason,
} from "../../components/shared/delivery";
import type { KeyFacts } from "./aws/facts";
import { Finding, fail, pass, unknown } from "./finding";
import { AnyPolicy, Decision, PolicyRequest, evaluate, statements } from "./policy";

const WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";
const SESSION_KEY = "sts:RoleSessionName";

/** A workspace ID no real workspace has, to test that a trust is bound to one workspace. */
export const OTHER_WORKSPACE = "00000000-0000-4000-8000-000000000000";

/** What a trust policy does with the token Sentinel presents for a workspace. */
export interface TrustDiagnosis {
    /**
     * `admits` the workspace's tokens only; `admitsOthers` other workspaces' too; `refused` with the
     * causes; `unknown` when only conditions on undocumented token claims stand in the way.
     */
    readonly verdict: "admits" | "admitsOthers" | "refused" | "unknown";
    readonly causes: readonly TrustCause[];
    /** The session names the trust admits, of the two Sentinel sends. */
    readonly admitted: readonly string[];
}

/** The request Sentinel makes, as the doctor and the pack evaluate it. */
export interface TrustQuestion {
    readonly trust: AnyPolicy | undefined;
    readonly roleArn: string;
    /**
     * The provider of the role's account (`arn:<partition>:iam::<account>:oidc-provider/<issuer>`);
     * undefined when the account is not known, so any account's provider of the issuer is taken.
     */
    readonly providerArn?: string;
    readonly cloud: SentinelCloud;
    /** The workspace ID, in lower case as Sentinel sends it. */
    readonly workspaceId: string;
}

function strings(value: unknown): string[] {
    return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
}

interface RawStatement {
    readonly Sid?: string;
    readonly Effect?: string;
    readonly Principal?: unknown;
    readonly Action?: unknown;
    readonly NotAction?: unknown;
    readonly Condition?: Record<string, Record<string, unknown>>;
}

const PROVIDER_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):oidc-provider\/(.+)$/;

/** What is wrong with the providers a statement names, compared with the issuer's. */
function providerProblem(
    federated: readonly string[],
    cloud: SentinelCloud,
): "issuer" | "account" | "path" | undefined {
    const stem = cloud.issuerHost.replace(/\/$/, "").toLowerCase();
    const rests = federated.map((f) => PROVIDER_ARN.exec(f)?.[2]).filter((r) => r !== undefined);
    if (rests.some((r) => r === cloud.issuerHost)) {
        return "account";
    }
    if (rests.some((r) => r.replace(/\/$/, "").toLowerCase() === stem)) {
        return "path";
    }
    return rests.length > 0 ? "issuer" : undefined;
}

/**
 * Would the trust let Sentinel assume the role for this workspace, and if not, why: the provider
 * (another issuer, another account, the issuer without its trailing slash), the action, the
 * audience, the session names (their case), a Deny, or a condition on an undocumented claim. The
 * causes are those of the Allow statement closest to admitting the token.
 */
export function diagnoseTrust(q: TrustQuestion): TrustDiagnosis {
    const { cloud, workspaceId } = q;
    const names = sentinelSessionNames(workspaceId);
    const audKey = audienceConditionKey(cloud.issuerHost);
    const all = statements(q.trust) as RawStatement[];
    const allows = all.filter((s) => s.Effect === "Allow");
    const federatedOf = (s: RawStatement) =>
        typeof s.Principal === "object" && s.Principal !== null
            ? strings((s.Principal as { Federated?: unknown }).Federated)
            : [];
    const anyAccount = new RegExp(
        `^arn:aws[a-z-]*:iam::\\d{12}:oidc-provider/${cloud.issuerHost.replace(/[.]/g, "\\.")}$`,
    );
    const provider =
        q.providerArn ??
        allows.flatMap(federatedOf).find((f) => anyAccount.test(f)) ??
        `arn:aws:iam::000000000000:oidc-provider/${cloud.issuerHost}`;
    const expected =
        q.providerArn ??
        `arn:<partition>:iam::<the role's account>:oidc-provider/${cloud.issuerHost}`;
    const request = (sessionName: string): PolicyRequest => ({
        action: WEB_IDENTITY,
        resource: q.roleArn,
        principal: { federated: provider },
        context: { [audKey]: cloud.audience, [SESSION_KEY]: sessionName },
    });
    const ask = (policy: AnyPolicy | undefined, name: string): Decision =>
        evaluate([policy], request(name), true);

    const decisions = names.map((n) => ask(q.trust, n));
    const admitted = names.filter((_, i) => decisions[i] === "allow");
    if (admitted.length === names.length) {
        const others = sentinelSessionNames(OTHER_WORKSPACE).some(
            (n) => ask(q.trust, n) === "allow",
        );
        return { verdict: others ? "admitsOthers" : "admits", causes: [], admitted };
    }

    const causes: TrustCause[] = [];
    for (const s of all.filter((x) => x.Effect === "Deny")) {
        if (names.some((n) => ask({ Statement: [s] }, n) === "deny")) {
            causes.push({
                kind: "deny",
                statement: s.Sid ? `"${s.Sid}"` : `#${all.indexOf(s) + 1}`,
            });
        }
    }
    let closest: TrustCause[] | undefined;
    for (const s of allows) {
        const own = statementCauses(s, names, provider, expected, audKey, q, ask);
        if (closest === undefined || own.length < closest.length) {
            closest = own;
        }
    }
    causes.push(...(closest ?? [{ kind: "provider", expected, trusted: [] }]));
    if (causes.length === 0) {
        // Several statements admit parts of the request but none the whole of it.
        causes.push({ kind: "sessionNames", refused: names.filter((n) => !admitted.includes(n)) });
    }
    return {
        verdict: causes.every((c) => c.kind === "condition") ? "unknown" : "refused",
        causes,
        admitted,
    };
}

function statementCauses(
    s: RawStatement,
    names: readonly string[],
    provider: string,
    expected: string,
    audKey: string,
    q: TrustQuestion,
    ask: (policy: AnyPolicy | undefined, name: string) => Decision,
): TrustCause[] {
    const causes: TrustCause[] = [];
    const principal = s.Principal;
    const p = (typeof principal === "object" && principal !== null ? principal : {}) as Record<
        string,
        unknown
    >;
    const open = principal === "*" || strings(p.AWS).includes("*");
    const federated = strings(p.Federated);
    if (!open && !federated.includes(provider)) {
        causes.push({
            kind: "provider",
            expected,
            trusted: [...federated, ...strings(p.AWS), ...strings(p.Service)],
            problem: providerProblem(federated, q.cloud),
        });
    }
    const base = { Effect: "Allow", Principal: { Federated: provider } };
    const actionOnly = { Statement: [{ ...base, Action: s.Action, NotAction: s.NotAction }] };
    if (ask(actionOnly, names[0]) !== "allow") {
        causes.push({ kind: "action", actions: strings(s.Action ?? s.NotAction) });
    }
    for (const [operator, block] of Object.entries(s.Condition ?? {})) {
        for (const [key, values] of Object.entries(block ?? {})) {
            const single = (ws: readonly string[]) =>
                names.map((_, i) =>
                    ask(
                        {
                            Statement: [
                                {
                                    ...base,
                                    Action: WEB_IDENTITY,
                                    Condition: { [operator]: { [key]: values } },
                                },
                            ],
                        },
                        ws[i],
                    ),
                );
            const results = single(names);
            if (results.every((r) => r === "allow")) {
                continue;
            }
            const lower = key.toLowerCase();
            const refusedOnly = results.every((r) => r !== "unknown");
            if (!refusedOnly) {
                causes.push({ kind: "condition", key });
            } else if (lower === audKey.toLowerCase()) {
                causes.push({ kind: "audience", key, values: strings(values) });
            } else if (lower.endsWith(":aud")) {
                causes.push({ kind: "audienceKey", key, expectedKey: audKey });
            } else if (lower === SESSION_KEY.toLowerCase()) {
                const refused = names.filter((_, i) => results[i] !== "allow");
                const upper = single(sentinelSessionNames(q.workspaceId.toUpperCase()));
                causes.push(
                    names.every((_, i) => results[i] === "allow" || upper[i] === "allow")
                        ? { kind: "sessionCase", names: refused }
                        : { kind: "sessionNames", refused },
                );
            } else {
                causes.push({ kind: "condition", key });
            }
        }
    }
    return causes;
}

/** Which of the connector's calls the role's policies (and boundary) do not allow. */
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
    const fix = keyDecryptFix(args.roleArn, viaService);
    if (key.manager === "AWS") {
        return fail(
            keyDecryptReason(key.arn, "awsManaged", args.via),
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
        return fail(keyDecryptReason(key.arn, "denied", args.via), fix);
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
                keyDecryptReason(key.arn, "iam", args.via),
                `Allow kms:Decrypt on ${key.arn} in the role's policy, or in the key policy (${viaService}); \`pulumi up\` restores both.`,
            );
        }
    }
    if (direct === "unknown" || delegated.includes("unknown")) {
        return unknown(`the policy of ${key.arn} has conditions the doctor cannot evaluate.`);
    }
    return fail(keyDecryptReason(key.arn, "none", args.via), fix);
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
        : fail(queueKeyForS3Reason(key.arn, refused, bucketArn), QUEUE_KEY_FOR_S3_FIX);
}
