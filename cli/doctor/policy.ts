// A small evaluator of IAM policy documents, enough to answer "would this request be allowed?" for
// the few requests the connector depends on (S3 sending to a queue, Sentinel assuming its role,
// reading a queue, an object or a key). It follows the IAM policy evaluation logic of the IAM User
// Guide ("Policy evaluation logic", "IAM JSON policy elements: Condition operators"): an explicit
// Deny wins, then any Allow, otherwise the request is implicitly denied. A condition it cannot
// evaluate (an operator or key it does not know) makes the answer "unknown", never a guess.

/** A value in a request's context, such as `aws:SourceArn`. */
export type ContextValue = string | boolean;

/** The request to evaluate. */
export interface PolicyRequest {
    readonly action: string;
    readonly resource: string;
    /** Who asks; only resource policies (queue, key, trust policies) look at it. */
    readonly principal?: {
        readonly aws?: string;
        readonly service?: string;
        readonly federated?: string;
    };
    /** Condition keys and their values (key names are case-insensitive). */
    readonly context?: Readonly<Record<string, ContextValue>>;
}

/** The outcome of an evaluation. */
export type Decision = "allow" | "deny" | "implicit-deny" | "unknown";

type Tri = true | false | "unknown";

/** A parsed policy document (any shape IAM accepts). */
export interface AnyPolicy {
    readonly Statement?: unknown;
}

interface Statement {
    readonly Effect?: string;
    readonly Principal?: unknown;
    readonly NotPrincipal?: unknown;
    readonly Action?: unknown;
    readonly NotAction?: unknown;
    readonly Resource?: unknown;
    readonly NotResource?: unknown;
    readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Parses a policy that may be JSON text, URL-encoded JSON text (IAM's GetRole) or an object. */
export function parsePolicy(value: unknown): AnyPolicy | undefined {
    if (value === undefined || value === null || value === "") {
        return undefined;
    }
    if (typeof value === "object") {
        return value as AnyPolicy;
    }
    const text = String(value);
    for (const candidate of [text, safeDecode(text)]) {
        try {
            return JSON.parse(candidate) as AnyPolicy;
        } catch {
            // try the next form
        }
    }
    return undefined;
}

function safeDecode(text: string): string {
    try {
        return decodeURIComponent(text);
    } catch {
        return text;
    }
}

/** The statements of a policy as a list. */
export function statements(policy: AnyPolicy | undefined): Statement[] {
    const s = policy?.Statement;
    return s === undefined ? [] : ((Array.isArray(s) ? s : [s]) as Statement[]);
}

function list(value: unknown): string[] {
    return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
}

/** IAM wildcard matching: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
    const escaped = pattern
        .split("")
        .map((ch) =>
            ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&"),
        )
        .join("");
    return new RegExp(`^${escaped}$`, ignoreCase ? "is" : "s").test(value);
}

function matchesAny(patterns: string[], value: string, ignoreCase = false): boolean {
    return patterns.some((p) => wildcardMatch(p, value, ignoreCase));
}

function principalMatches(principal: unknown, who: PolicyRequest["principal"]): boolean {
    if (principal === "*") {
        return true;
    }
    if (typeof principal !== "object" || principal === null) {
        return false;
    }
    const p = principal as Record<string, unknown>;
    const aws = list(p.AWS);
    if (aws.includes("*")) {
        return true;
    }
    return (
        (who?.aws !== undefined && aws.includes(who.aws)) ||
        (who?.service !== undefined && list(p.Service).includes(who.service)) ||
        (who?.federated !== undefined && list(p.Federated).includes(who.federated))
    );
}

function statementApplies(s: Statement, request: PolicyRequest, resourcePolicy: boolean): boolean {
    if (resourcePolicy) {
        if (s.Principal !== undefined && !principalMatches(s.Principal, request.principal)) {
            return false;
        }
        if (s.NotPrincipal !== undefined && principalMatches(s.NotPrincipal, request.principal)) {
            return false;
        }
        if (s.Principal === undefined && s.NotPrincipal === undefined) {
            return false;
        }
    }
    const actionOk =
        s.Action !== undefined
            ? matchesAny(list(s.Action), request.action, true)
            : s.NotAction !== undefined && !matchesAny(list(s.NotAction), request.action, true);
    if (!actionOk) {
        return false;
    }
    if (s.Resource !== undefined) {
        return matchesAny(list(s.Resource), request.resource);
    }
    if (s.NotResource !== undefined) {
        return !matchesAny(list(s.NotResource), request.resource);
    }
    // Trust policies have no Resource: the role itself is the resource.
    return resourcePolicy;
}

function contextValue(request: PolicyRequest, key: string): ContextValue | undefined {
    const entries = Object.entries(request.context ?? {});
    return entries.find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
}

function conditionMet(operator: string, expected: string[], actual: ContextValue | undefined): Tri {
    const base = operator.replace(/^(ForAnyValue|ForAllValues):/, "");
    const ifExists = base.endsWith("IfExists");
    const op = ifExists ? base.slice(0, -"IfExists".length) : base;
    const negated = /Not/.test(op);
    if (op === "Null") {
        const wantsAbsent = expected.some((e) => e.toLowerCase() === "true");
        return wantsAbsent === (actual === undefined);
    }
    if (actual === undefined) {
        // A missing key makes a condition false, except a negated operator (true) or ...IfExists.
        return ifExists || negated;
    }
    const value = String(actual);
    let positive: Tri;
    switch (op.replace("Not", "")) {
        case "StringEquals":
        case "ArnEquals":
            positive = expected.includes(value);
            break;
        case "StringEqualsIgnoreCase":
            positive = expected.some((e) => e.toLowerCase() === value.toLowerCase());
            break;
        case "StringLike":
        case "ArnLike":
            positive = matchesAny(expected, value);
            break;
        case "Bool":
            positive = expected.some((e) => e.toLowerCase() === value.toLowerCase());
            break;
        default:
            return "unknown";
    }
    return negated ? !positive : positive;
}

function conditionsMet(s: Statement, request: PolicyRequest): Tri {
    let result: Tri = true;
    for (const [operator, block] of Object.entries(s.Condition ?? {})) {
        for (const [key, values] of Object.entries(block ?? {})) {
            const met = conditionMet(operator, list(values), contextValue(request, key));
            if (met === false) {
                return false;
            }
            if (met === "unknown") {
                result = "unknown";
            }
        }
    }
    return result;
}

/**
 * Evaluates a request against policies. `resourcePolicy` is true for policies attached to the
 * resource (queue, key, trust policies), whose statements name a principal.
 */
export function evaluate(
    policies: readonly (AnyPolicy | undefined)[],
    request: PolicyRequest,
    resourcePolicy = false,
): Decision {
    let allow: Tri = false;
    let deny: Tri = false;
    for (const s of policies.flatMap(statements)) {
        if (!statementApplies(s, request, resourcePolicy)) {
            continue;
        }
        const met = conditionsMet(s, request);
        if (s.Effect === "Deny") {
            deny =
                met === true ? true : deny === true ? true : met === "unknown" ? "unknown" : deny;
        } else if (s.Effect === "Allow") {
            allow =
                met === true ? true : allow === true ? true : met === "unknown" ? "unknown" : allow;
        }
    }
    if (deny === true) {
        return "deny";
    }
    if (deny === "unknown") {
        return "unknown";
    }
    if (allow === true) {
        return "allow";
    }
    return allow === "unknown" ? "unknown" : "implicit-deny";
}
