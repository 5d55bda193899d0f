// Input checks shared by the components and the stack configuration reader. Each checker returns
// problem sentences (empty when fine); callers collect them all and throw one error.

/** Thrown when arguments or configuration are invalid; lists every problem found. */
export class ValidationError extends Error {
    constructor(
        readonly subject: string,
        readonly problems: readonly string[],
    ) {
        super(
            `${subject} has ${problems.length === 1 ? "an invalid value" : `${problems.length} invalid values`}:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
        );
        this.name = "ValidationError";
    }
}

/** Throws a `ValidationError` when there is any problem. */
export function throwIfInvalid(subject: string, problems: readonly string[]): void {
    if (problems.length > 0) {
        throw new ValidationError(subject, problems);
    }
}

/** Renders a field path for an error message. */
export function code(field: string): string {
    return `\`${field}\``;
}

/** Renders a value for an error message. */
export function show(value: unknown): string {
    if (typeof value === "string") {
        return JSON.stringify(value);
    }
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}

/** Checks an S3 bucket name against S3's naming rules. */
export function bucketNameProblem(field: string, value: unknown): string | undefined {
    const fix =
        "use the bucket's exact name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit";
    if (typeof value !== "string" || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value)) {
        return `${code(field)} ${show(value)} is not a valid S3 bucket name; ${fix}.`;
    }
    if (
        value.includes("..") ||
        /^\d+\.\d+\.\d+\.\d+$/.test(value) ||
        value.startsWith("xn--") ||
        value.endsWith("-s3alias")
    ) {
        return `${code(field)} ${show(value)} is not a valid S3 bucket name (no "..", IP addresses, "xn--" or "-s3alias"); ${fix}.`;
    }
    return undefined;
}

/** Checks that a value is an integer within bounds. */
export function integerProblem(
    field: string,
    value: unknown,
    min: number,
    max: number,
    unit: string,
): string | undefined {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        return `${code(field)} must be a whole number of ${unit} from ${min} to ${max}; got ${show(value)}.`;
    }
    return undefined;
}

/** Checks tags against AWS's tag rules. */
export function tagProblems(field: string, tags: unknown): string[] {
    if (tags === undefined) {
        return [];
    }
    if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
        return [`${code(field)} must be a map of tag names to string values; got ${show(tags)}.`];
    }
    const problems: string[] = [];
    for (const [key, value] of Object.entries(tags)) {
        if (key.length === 0 || key.length > 128 || key.toLowerCase().startsWith("aws:")) {
            problems.push(
                `${code(field)} key ${show(key)} must be 1-128 characters and must not start with "aws:"; rename the tag.`,
            );
        }
        if (typeof value !== "string" || value.length > 256) {
            problems.push(
                `${code(`${field}.${key}`)} must be a string of at most 256 characters; got ${show(value)}.`,
            );
        }
    }
    return problems;
}

/** Reports keys of an object that are not among the known ones. */
export function unknownKeyProblems(
    field: string,
    value: object,
    known: readonly string[],
    hint = "",
): string[] {
    return Object.keys(value)
        .filter((key) => !known.includes(key))
        .map(
            (key) =>
                `${code(field === "" ? key : `${field}.${key}`)} is not a known setting; use ${known.map((k) => `\`${k}\``).join(", ")}${hint}.`,
        );
}
