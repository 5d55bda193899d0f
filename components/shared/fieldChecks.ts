// Checking values against the argument descriptions: every field, every problem in one pass, each
// message naming the field and the fix, with a suggestion for a misspelt key.
import * as pulumi from "@pulumi/pulumi";
import {
    Field,
    FieldPath,
    Fields,
    ListField,
    Problems,
    StringField,
    isPlainObject,
    show,
    throwIfInvalid,
} from "./fields";

/** The edit distance between two strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j];
            row[j] = Math.min(
                row[j] + 1,
                row[j - 1] + 1,
                diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
            );
            diagonal = above;
        }
    }
    return row[b.length];
}

/** The known key closest to an unknown one, when it is close enough to be a typo. */
export function closest(unknown: string, known: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of known) {
        const distance =
            candidate.toLowerCase() === unknown.toLowerCase()
                ? 0
                : editDistance(unknown.toLowerCase(), candidate.toLowerCase());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    const tolerance = Math.max(2, Math.floor(unknown.length / 3));
    if (bestDistance <= tolerance) {
        return best;
    }
    // A shortened key ("onboard" for "onboardWorkspace") is as likely a slip as a typo.
    const lower = unknown.toLowerCase();
    return lower.length >= 4 ? known.find((k) => k.toLowerCase().startsWith(lower)) : undefined;
}

/** The message for a key an object does not know, with a suggestion when one is close. */
export function unknownKeyProblem(at: FieldPath, known: readonly string[]): string {
    const suggestion = closest(at.leaf, known);
    return suggestion !== undefined
        ? `${at.code} is not a known setting; did you mean \`${suggestion}\`?`
        : `${at.code} is not a known setting; remove it (docs/reference.md lists every setting).`;
}

/** What a value of a field must be, as a phrase. */
export function expected(field: Field): string {
    switch (field.kind) {
        case "string":
            return field.input ? "a string (or an Output of one)" : "a string";
        case "boolean":
            return "true or false";
        case "integer":
            return `a whole number of ${field.unit} from ${field.min} to ${field.max}`;
        case "enum":
            return `one of ${field.values.map(show).join(", ")}`;
        case "list": {
            const list =
                field.items.kind === "string"
                    ? "a list of strings"
                    : field.items.kind === "object"
                      ? "a list of objects"
                      : "a list";
            return field.input ? `${list} (or an Output of one)` : list;
        }
        case "object":
            return "an object";
        case "map":
            return "a map of names to values";
        case "json":
            return "JSON data";
    }
}

/** How a type problem is worded when the value comes from stack configuration. */
export interface ValidationContext {
    /** Where a `pulumi config set --path` hint applies (stack configuration), its key. */
    readonly configKey?: boolean;
}

/** Whether a value is an encrypted stack-config value as a stack file holds it (`secure: …`). */
function isSecureValue(value: unknown): boolean {
    return isPlainObject(value) && "secure" in value && Object.keys(value).length === 1;
}

function typeProblem(at: FieldPath, field: Field, value: unknown, ctx: ValidationContext): string {
    const secret = isSecureValue(value);
    const got = secret ? "an encrypted (secure) value" : show(value);
    const hint =
        ctx.configKey && (field.kind === "object" || field.kind === "list")
            ? ` Set it as structured configuration: \`pulumi config set --path '${at}${field.kind === "list" ? "[0]" : ".<key>"}' <value>\` (secrets only as leaf values).`
            : "";
    return `${at.code} must be ${expected(field)}; got ${got}.${hint}`;
}

/** Checks a string against a field's format; returns the problem or undefined. */
export function stringProblem(
    at: FieldPath,
    field: StringField,
    value: string,
): string | undefined {
    const format = field.format;
    if (format === undefined) {
        return undefined;
    }
    const reason =
        typeof format.test === "function"
            ? format.test(value)
            : format.test.test(value)
              ? undefined
              : "";
    if (reason === undefined) {
        return undefined;
    }
    const custom = format.problem?.(at, value);
    if (custom !== undefined) {
        return custom;
    }
    const example = format.example !== undefined ? ` such as ${show(format.example)}` : "";
    return `${at.code} must be ${format.what}${example}${reason ? ` (${reason})` : ""}; got ${show(value)}.`;
}

/**
 * Checks a value against a field and returns every problem: its type, its format or bounds, and,
 * for objects and lists, every member. Never stops at the first problem.
 */
export function checkField(
    at: FieldPath,
    field: Field,
    value: unknown,
    ctx: ValidationContext = {},
): Problems {
    if (value === undefined) {
        if (!field.required) {
            return [];
        }
        if (field.kind === "list" && field.minItems !== undefined) {
            return [minItemsProblem(at, field, value)];
        }
        return field.kind === "object"
            ? [`${at.code} must be an object, and is required: ${lowerFirst(field.doc)}`]
            : [`${at.code} is required: ${lowerFirst(field.doc)}`];
    }
    if (isSecureValue(value) && field.kind !== "json") {
        return [typeProblem(at, field, value, ctx)];
    }
    switch (field.kind) {
        case "string": {
            if (field.input && (pulumi.Output.isInstance(value) || value instanceof Promise)) {
                return []; // checked when it resolves
            }
            if (typeof value !== "string") {
                return [typeProblem(at, field, value, ctx)];
            }
            if (value === "" && field.required) {
                return [`${at.code} is required: ${lowerFirst(field.doc)}`];
            }
            const problem = stringProblem(at, field, value);
            return problem ? [problem] : [];
        }
        case "boolean":
            return typeof value === "boolean" ? [] : [typeProblem(at, field, value, ctx)];
        case "integer":
            if (typeof value !== "number") {
                return [`${at.code} must be a number: ${expected(field)}; got ${show(value)}.`];
            }
            return Number.isInteger(value) && value >= field.min && value <= field.max
                ? []
                : [`${at.code} must be ${expected(field)}; got ${show(value)}.`];
        case "enum":
            return field.values.includes(value as string | number)
                ? []
                : [
                      `${at.code} must be ${expected(field)}; got ${show(value)}.${field.hint ? ` ${field.hint}` : ""}`,
                  ];
        case "list": {
            if (field.input && (pulumi.Output.isInstance(value) || value instanceof Promise)) {
                return []; // checked when it resolves
            }
            if (!Array.isArray(value)) {
                return field.single && checkField(at, field.items, value, ctx).length === 0
                    ? []
                    : [typeProblem(at, field, value, ctx)];
            }
            const problems = value.flatMap((item, i) =>
                checkField(at.index(i), field.items, item, ctx),
            );
            if (field.minItems !== undefined && value.length < field.minItems) {
                problems.unshift(minItemsProblem(at, field, value));
            }
            if (field.unique) {
                const keys = value.map((v) => JSON.stringify(v));
                const repeated = [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
                if (repeated.length > 0) {
                    problems.push(
                        `${at.code} lists ${repeated.join(", ")} more than once; list each once.`,
                    );
                }
            }
            return problems;
        }
        case "object":
            if (field.shorthand !== undefined && value === field.shorthand) {
                return [];
            }
            if (field.input && (pulumi.Output.isInstance(value) || value instanceof Promise)) {
                return []; // checked when it resolves
            }
            return isPlainObject(value)
                ? checkFields(at, field.fields, value, ctx, field.open)
                : [typeProblem(at, field, value, ctx)];
        case "map": {
            if (!isPlainObject(value)) {
                return [typeProblem(at, field, value, ctx)];
            }
            return Object.entries(value).flatMap(([key, v]) => {
                if (field.knownKeys !== undefined && !field.knownKeys.includes(key)) {
                    return [unknownKeyProblem(at.key(key), field.knownKeys)];
                }
                const keyProblem =
                    field.keys !== undefined &&
                    stringProblem(at.key(key), { kind: "string", doc: "", format: field.keys }, key)
                        ? `${at.code} key ${show(key)} must be ${field.keys.what}; rename it.`
                        : undefined;
                return [
                    ...(keyProblem ? [keyProblem] : []),
                    ...checkField(at.key(key), field.values, v, ctx),
                ];
            });
        }
        case "json":
            return isJson(value) ? [] : [typeProblem(at, field, value, ctx)];
    }
}

/** Checks every field of an object and reports the keys it does not know. */
export function checkFields(
    at: FieldPath,
    fields: Fields,
    value: Record<string, unknown>,
    ctx: ValidationContext = {},
    open = false,
): Problems {
    const known = Object.keys(fields);
    return [
        ...(open ? [] : Object.keys(value))
            .filter((key) => !known.includes(key))
            .map((key) => unknownKeyProblem(at.key(key), known)),
        ...known.flatMap((key) => checkField(at.key(key), fields[key], value[key], ctx)),
    ];
}

function minItemsProblem(at: FieldPath, field: ListField, value: unknown): string {
    const count = field.minItems === 1 ? "one" : String(field.minItems);
    const example =
        field.items.kind === "string" && field.items.format?.example !== undefined
            ? ` such as ${show(field.items.format.example)}`
            : "";
    return `${at.code} must list at least ${count} ${field.itemName ?? "item"}${example}; got ${value === undefined ? "nothing" : show(value)}.`;
}

function isJson(value: unknown): boolean {
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.every(isJson);
    }
    return isPlainObject(value) && Object.values(value).every(isJson);
}

function lowerFirst(text: string): string {
    return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * An `Input<string>` field's value, checked and normalized: a plain value now (it has already
 * passed `checkField`), an Output when it resolves — a bad value then fails the deployment (or the
 * preview, when it is known then) with the same message a plain value gets.
 */
export function checkedInput(
    subject: string,
    at: FieldPath,
    field: StringField,
    value: pulumi.Input<string>,
    /** A check that ties the value to other fields, run on the resolved value too. */
    extra?: (resolved: string) => string | undefined,
): pulumi.Input<string> {
    const normalize = field.normalize ?? ((v: string) => v);
    if (typeof value === "string") {
        return normalize(value);
    }
    return pulumi.output(value).apply((resolved) => {
        const problems = checkField(at, { ...field, input: false }, resolved);
        const tied = problems.length === 0 ? extra?.(resolved) : undefined;
        throwIfInvalid(subject, [...problems, ...(tied ? [tied] : [])]);
        return normalize(resolved);
    });
}
