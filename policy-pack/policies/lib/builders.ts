// The two shapes every policy of the pack takes. A resource policy checks one resource's plain
// properties; a stack policy checks the stack through one shared index. Both return their findings
// (or the reason they do not apply), and the builder reads the properties, fills the configuration
// from the policy's own schema defaults, reports violations and notes, and declares "not
// applicable": the preamble no rule repeats.
import {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidation,
    Severity,
} from "@pulumi/policy";
import { DocResult, PolicyDoc, readDocument } from "./documents";
import { StackIndex } from "./stack";
import { PackPolicy } from "./types";
import { Finding, label, plainProps, unknownFinding } from "./values";

/** What describes a policy: its config key (never renamed), level, severity and remedy. */
export interface PolicyInfo {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly severity: Severity;
    readonly remediationSteps: string;
    readonly configSchema?: PolicyConfigSchema;
}

/** What a check returns: its findings, or the reason it does not apply. */
export type Outcome = Finding[] | string;

/** The resource a resource policy checks, with its plain properties and configuration. */
export interface ResourceContext<C> {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Record<string, unknown>;
    /** How messages name it: `Role "sentinel-role"`. */
    readonly who: string;
    readonly config: C;
}

/** The stack a stack policy checks, indexed once per pack run, with its configuration. */
export interface StackContext<C> {
    readonly index: StackIndex;
    readonly config: C;
}

/**
 * A policy's configuration: the defaults of its `configSchema`, overlaid by what is configured.
 * The engine fills the defaults too; this keeps one copy of them, in the schema.
 */
export function configOf<C>(schema: PolicyConfigSchema | undefined, given: object): C {
    const out: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema?.properties ?? {})) {
        const fallback = (property as { default?: unknown }).default;
        if (fallback !== undefined) {
            out[key] = structuredClone(fallback);
        }
    }
    for (const [key, value] of Object.entries(given as Record<string, unknown>)) {
        if (value !== undefined && value !== null) {
            out[key] = value;
        }
    }
    return out as C;
}

/**
 * Reports findings: violations at the policy's enforcement level, notes at advisory level. The
 * policy SDK's `reportViolation` also accepts a policy-info object whose `enforcementLevel`
 * overrides the policy's for that one diagnostic; it is used here only to lower it to advisory,
 * never to raise it.
 */
export function emit(report: ReportViolation, findings: readonly Finding[], urn?: string): void {
    for (const f of findings) {
        if (f.advisory) {
            const info = { message: f.message, urn: f.urn ?? urn, enforcementLevel: "advisory" };
            (report as unknown as (info: object) => void)(info);
        } else {
            report(f.message, f.urn ?? urn);
        }
    }
}

/** A policy over the resources of the given types; others are not applicable, as in the SDK. */
export function resourcePolicy<C = Record<string, never>>(
    info: PolicyInfo & {
        readonly types: readonly string[];
        /** Type tokens that also apply (such as one typed class per API version), with their name. */
        readonly typePattern?: { readonly test: RegExp; readonly text: string };
    },
    check: (resource: ResourceContext<C>) => Outcome,
): PackPolicy {
    const { types, typePattern, ...policy } = info;
    const names = [...types.map((t) => `'${t}'`), ...(typePattern ? [typePattern.text] : [])];
    const validateResource: ResourceValidation = (args, report) => {
        if (!types.includes(args.type) && !typePattern?.test.test(args.type)) {
            return args.notApplicable(
                `Policy only applies to resources of type ${names.join(", ")}`,
            );
        }
        const outcome = check({
            type: args.type,
            name: args.name,
            urn: args.urn,
            props: plainProps(args.props),
            who: label(args.type, args.name),
            config: configOf<C>(policy.configSchema, args.getConfig()),
        });
        if (typeof outcome === "string") {
            return args.notApplicable(outcome);
        }
        emit(report, outcome);
    };
    if (types.length === 1 && !typePattern) {
        // As the SDK's validateResourceOfType does: the SDK then skips other types without
        // deserializing their properties.
        (validateResource as { __pulumiType?: string }).__pulumiType = types[0];
    }
    return { ...policy, validateResource };
}

/** A policy over the whole stack; each finding names its resource. */
export function stackPolicy<C = Record<string, never>>(
    info: PolicyInfo,
    check: (stack: StackContext<C>) => Outcome,
): PackPolicy {
    return {
        ...info,
        validateStack: (args, report) => {
            const outcome = check({
                index: stackIndexOf(args.resources),
                config: configOf<C>(info.configSchema, args.getConfig()),
            });
            if (typeof outcome === "string") {
                return args.notApplicable(outcome);
            }
            emit(report, outcome);
        },
    };
}

/**
 * Checks a document: an unknown document is noted (advisory), an invalid one is a violation, an
 * absent one yields nothing; a known document is checked, with a note if some statements are unknown.
 */
export function withDocument(
    doc: DocResult,
    where: string,
    check: (d: PolicyDoc) => Finding[],
): Finding[] {
    switch (doc.kind) {
        case "unknown":
            return [unknownFinding(`The policy document of ${where}`)];
        case "invalid":
            return [
                {
                    message: `The policy document of ${where} must be a valid IAM policy document, but ${doc.reason}.`,
                },
            ];
        case "absent":
            return [];
        default:
            return [
                ...(doc.doc.unknownStatements > 0
                    ? [unknownFinding(`Part of the policy document of ${where}`)]
                    : []),
                ...check(doc.doc),
            ];
    }
}

/**
 * A policy over the document in the `policy` property of the given types (queue, bucket and key
 * policies). Not applicable when the resource sets no document, or when `check` returns a reason.
 */
export function documentPolicy<C = Record<string, never>>(
    info: PolicyInfo & { readonly types: readonly string[]; readonly absent: string },
    check: (doc: PolicyDoc, resource: ResourceContext<C>) => Outcome,
): PackPolicy {
    const { absent, ...rest } = info;
    return resourcePolicy<C>(rest, (r) => {
        const doc = readDocument(r.props.policy);
        if (doc.kind === "absent") {
            return absent;
        }
        let inapplicable: string | undefined;
        const findings = withDocument(doc, r.who, (d) => {
            const outcome = check(d, r);
            if (typeof outcome === "string") {
                inapplicable = outcome;
                return [];
            }
            return outcome;
        });
        return inapplicable !== undefined && findings.length === 0 ? inapplicable : findings;
    });
}

let current: { readonly key: string; readonly index: StackIndex } | undefined;
let built = 0;

/**
 * The stack's index, built once per pack run. The SDK hands every stack policy its own copy of the
 * resources, all within one AnalyzeStack call that runs the stack policies in one turn of the
 * event loop (they are synchronous); the index is kept for that turn, keyed by the stack's URNs,
 * and dropped after it, so the next run (another request) builds its own.
 */
export function stackIndexOf(resources: readonly PolicyResource[]): StackIndex {
    const key = resources.map((r) => r.urn).join("\n");
    if (current?.key === key) {
        return current.index;
    }
    const index = new StackIndex(resources);
    built++;
    current = { key, index };
    setImmediate(() => {
        if (current?.index === index) {
            current = undefined;
        }
    });
    return index;
}

/** How many stack indexes have been built in this process (one per pack run). */
export function stackIndexesBuilt(): number {
    return built;
}
