// Runs the policy pack in-process over resources recorded by the offline engine, through the
// policy SDK's own analyzer functions (the ones its gRPC server registers): each custom resource is
// analyzed with its inputs, then the whole stack with every resource's state, exactly as the Pulumi
// engine sends them. No PolicyPack is constructed (a process may serve only one), so this can run
// any number of times in one process.
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import type { EnforcementLevel, Policy, ResourceValidation, StackValidation } from "@pulumi/policy";
import Ajv, { ValidateFunction } from "ajv";
import packageJson from "../policy-pack/package.json";
import {
    POLICY_PACK_ENFORCEMENT_LEVEL,
    POLICY_PACK_NAME,
    PackPolicy,
    policies as packPolicies,
} from "../policy-pack/policies";
import { Decisions, tallyDecisions } from "./decisions";
import { RecordedResource } from "./mocks";
import { providerOf, resourceOptions, struct } from "./wire";

/** One policy violation (or advisory note) reported by the pack. */
export interface PolicyViolation {
    readonly policyName: string;
    readonly enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
    /** The violation itself, without the policy's description the engine prints in front of it. */
    readonly message: string;
    readonly urn?: string;
    readonly resourceType?: string;
    readonly resourceName?: string;
    readonly severity?: "low" | "medium" | "high" | "critical";
    /** The policy's description. */
    readonly description?: string;
}

/** A policy that reported itself not applicable to a resource (or, without `urn`, to the stack). */
export interface PolicyNotApplicable {
    readonly policyName: string;
    readonly reason: string;
    readonly urn?: string;
}

/** What the pack found. */
export interface PolicyReport {
    readonly violations: PolicyViolation[];
    /** The number of mandatory violations: any of them fails a `pulumi preview` or `up`. */
    readonly mandatory: number;
    readonly advisory: number;
    readonly notApplicable?: PolicyNotApplicable[];
    /** How many mandatory checks reached a verdict, and which could not (values unknown in a preview). */
    readonly decisions: Decisions;
}

/** Configuration of one policy, as in a `--policy-pack-config` file: an enforcement level and its settings. */
export type PolicyConfigEntry = { enforcementLevel?: string; [key: string]: unknown };

/** Options of `checkResources`. */
export interface CheckOptions {
    /**
     * Policy configuration keyed by policy name (the key `all` sets every policy's level), validated
     * against each policy's schema, with the schema's defaults filled in, as the Pulumi CLI does.
     */
    readonly config?: Record<string, PolicyConfigEntry | string>;
}

type AnalyzeFun = (
    call: { request: unknown },
    callback: (err: Error | null | undefined, resp?: analyzerproto.AnalyzeResponse) => void,
) => Promise<void>;
type MakeAnalyzeFun = (
    packName: string,
    packVersion: string,
    packLevel: EnforcementLevel,
    policies: readonly Policy[],
) => AnalyzeFun;

// The analyzer functions are internal to the SDK (no typings), but they are what its server runs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const server = require("@pulumi/policy/server") as {
    makeAnalyzeRpcFun: MakeAnalyzeFun;
    makeAnalyzeStackRpcFun: MakeAnalyzeFun;
};

const LEVELS: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];
const LEVEL_NAMES: Record<number, PolicyViolation["enforcementLevel"]> = {
    [analyzerproto.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerproto.EnforcementLevel.REMEDIATE]: "remediate",
    [analyzerproto.EnforcementLevel.DISABLED]: "disabled",
};
const SEVERITY_NAMES: Record<number, PolicyViolation["severity"]> = {
    [analyzerproto.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [analyzerproto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [analyzerproto.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [analyzerproto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });
const schemaValidators = new Map<string, ValidateFunction>();

/** Validates a policy's settings against its schema and fills in defaults, as the CLI does. */
function policySettings(
    policy: PackPolicy,
    given: Record<string, unknown>,
): Record<string, unknown> {
    if (!policy.configSchema) {
        if (Object.keys(given).length > 0) {
            throw new Error(
                `Policy "${policy.name}" takes no configuration, but got ${Object.keys(given).join(", ")}.`,
            );
        }
        return {};
    }
    let validate = schemaValidators.get(policy.name);
    if (!validate) {
        validate = ajv.compile({
            type: "object",
            properties: policy.configSchema.properties,
            required: policy.configSchema.required ?? [],
            additionalProperties: false,
        });
        schemaValidators.set(policy.name, validate);
    }
    const settings = structuredClone(given);
    if (!validate(settings)) {
        const problems = (validate.errors ?? []).map(
            (e) => `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}`,
        );
        throw new Error(
            `Invalid configuration for policy "${policy.name}": ${problems.join("; ")}.`,
        );
    }
    return settings;
}

/**
 * The pack's policies with the configuration applied: enforcement levels set, `getConfig` answering
 * the settings. The SDK keeps configuration in its server module, set only by the Configure call of
 * a served pack, so here each policy carries its own (the analyzer functions read a policy's
 * `enforcementLevel` when no configuration overrides it).
 */
function configuredPolicies(config: CheckOptions["config"] = {}): Policy[] {
    const names = new Set(packPolicies.map((p) => p.name));
    const unknownNames = Object.keys(config).filter((k) => k !== "all" && !names.has(k));
    if (unknownNames.length > 0) {
        throw new Error(
            `The policy configuration names policies the pack does not have: ${unknownNames.join(", ")}.`,
        );
    }
    const entry = (key: string): PolicyConfigEntry => {
        const value = config[key];
        return typeof value === "string" ? { enforcementLevel: value } : (value ?? {});
    };
    const allLevel = entry("all").enforcementLevel;
    return packPolicies.map((policy) => {
        const { enforcementLevel, ...given } = entry(policy.name);
        const level = enforcementLevel ?? allLevel ?? policy.enforcementLevel;
        if (!LEVELS.includes(level)) {
            throw new Error(
                `Policy "${policy.name}" has the unknown enforcement level "${level}"; use ${LEVELS.join(", ")}.`,
            );
        }
        const settings = policySettings(policy, given);
        const withConfig = <F extends ResourceValidation | StackValidation>(fn: F): F => {
            const wrapped = ((args: { getConfig: () => object }, report: unknown) =>
                (fn as (a: unknown, r: unknown) => unknown)(
                    { ...args, getConfig: () => ({ ...settings }) },
                    report,
                )) as unknown as F;
            const pulumiType = (fn as { __pulumiType?: string }).__pulumiType;
            if (pulumiType !== undefined) {
                (wrapped as { __pulumiType?: string }).__pulumiType = pulumiType;
            }
            return wrapped;
        };
        const configured: Record<string, unknown> = {
            ...policy,
            enforcementLevel: level as EnforcementLevel,
        };
        if ("validateResource" in policy && policy.validateResource) {
            const v = policy.validateResource;
            configured.validateResource = Array.isArray(v) ? v.map(withConfig) : withConfig(v);
        }
        if ("validateStack" in policy) {
            configured.validateStack = withConfig(policy.validateStack);
        }
        return configured as unknown as Policy;
    });
}

/** True for the resources the engine analyzes one by one: custom resources, not the stack or components. */
function analyzedAlone(r: RecordedResource): boolean {
    return r.custom && r.type !== "pulumi:pulumi:Stack";
}

function call(fn: AnalyzeFun, request: unknown): Promise<analyzerproto.AnalyzeResponse> {
    return new Promise((resolve, reject) => {
        fn({ request }, (err, resp) =>
            err ? reject(err) : resolve(resp as analyzerproto.AnalyzeResponse),
        ).catch(reject);
    });
}

/**
 * Runs every policy of the pack over recorded resources and returns what it reports. `resources`
 * are what `runOffline` returns; the stack resource and component resources are analyzed only
 * as part of the stack, as the engine does.
 */
export async function checkResources(
    resources: readonly RecordedResource[],
    options: CheckOptions = {},
): Promise<PolicyReport> {
    const policies = configuredPolicies(options.config);
    const version = packageJson.version;
    const analyze = server.makeAnalyzeRpcFun(
        POLICY_PACK_NAME,
        version,
        POLICY_PACK_ENFORCEMENT_LEVEL,
        policies,
    );
    const analyzeStack = server.makeAnalyzeStackRpcFun(
        POLICY_PACK_NAME,
        version,
        POLICY_PACK_ENFORCEMENT_LEVEL,
        policies,
    );
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const descriptions = new Map(policies.map((p) => [p.name, p.description]));
    const violations: PolicyViolation[] = [];
    const notApplicable: PolicyNotApplicable[] = [];

    const collect = (resp: analyzerproto.AnalyzeResponse, analyzedUrn?: string) => {
        for (const d of resp.getDiagnosticsList()) {
            const urn = d.getUrn() || analyzedUrn;
            const resource = urn !== undefined ? byUrn.get(urn) : undefined;
            const description = descriptions.get(d.getPolicyname()) ?? d.getDescription();
            const raw = d.getMessage();
            violations.push({
                policyName: d.getPolicyname(),
                enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()] ?? "advisory",
                message: raw.startsWith(`${description}\n`)
                    ? raw.slice(description.length + 1)
                    : raw,
                urn,
                resourceType: resource?.type,
                resourceName: resource?.name,
                severity: SEVERITY_NAMES[d.getSeverity()],
                description,
            });
        }
        for (const n of resp.getNotApplicableList()) {
            notApplicable.push({
                policyName: n.getPolicyName(),
                reason: n.getReason(),
                urn: analyzedUrn,
            });
        }
    };

    for (const r of resources.filter(analyzedAlone)) {
        const req = new analyzerproto.AnalyzeRequest();
        req.setUrn(r.urn);
        req.setType(r.type);
        req.setName(r.name);
        req.setProperties(await struct(r.inputs));
        req.setOptions(resourceOptions(r));
        const provider = await providerOf(r, byUrn);
        if (provider) {
            req.setProvider(provider);
        }
        collect(await call(analyze, req), r.urn);
    }

    const stackResources: analyzerproto.AnalyzerResource[] = [];
    for (const r of resources) {
        const res = new analyzerproto.AnalyzerResource();
        res.setUrn(r.urn);
        res.setType(r.type);
        res.setName(r.name);
        res.setProperties(await struct(r.state));
        res.setOptions(resourceOptions(r));
        res.setParent(r.parent ?? "");
        res.setDependenciesList([...r.dependencies]);
        const deps = res.getPropertydependenciesMap();
        for (const [key, urns] of Object.entries(r.propertyDependencies)) {
            const pd = new analyzerproto.AnalyzerPropertyDependencies();
            pd.setUrnsList([...urns]);
            deps.set(key, pd);
        }
        const provider = await providerOf(r, byUrn);
        if (provider) {
            res.setProvider(provider);
        }
        stackResources.push(res);
    }
    const stackReq = new analyzerproto.AnalyzeStackRequest();
    stackReq.setResourcesList(stackResources);
    // A served pack gets each AnalyzeStack call in its own turn of the event loop; so does this one,
    // so the pack's per-run stack index is never shared with the previous check.
    await new Promise((resolve) => setImmediate(resolve));
    collect(await call(analyzeStack, stackReq));

    const analyzed = resources.filter(analyzedAlone);
    return {
        violations,
        mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
        advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
        notApplicable,
        decisions: tallyDecisions(
            policies.map((p) => ({
                name: p.name,
                kind: "validateStack" in p ? "stack" : "resource",
                enforcementLevel: p.enforcementLevel ?? POLICY_PACK_ENFORCEMENT_LEVEL,
            })),
            analyzed,
            violations,
            notApplicable,
        ),
    };
}
