// A declarative description of a component's arguments: one entry per field, with its type, its
// default, its check and its documentation. It is the one source of the validators (every field,
// every problem in one pass), the stack-configuration reader, the README's argument tables and the
// TSDoc `@default` checks, so the shape of the arguments is written once.
import * as pulumi from "@pulumi/pulumi";
import { show } from "./show";

export { show };

/** Problem sentences; empty when fine. */
export type Problems = string[];

/** Where a field sits, for messages: a root (an args object or a stack config key) and a path. */
export class FieldPath {
    private constructor(
        private readonly segments: readonly (string | number)[],
        private readonly rootOf: (first: string) => string,
    ) {}

    /** The top of an args object; `rootOf` names the first key the way the user wrote it. */
    static root(rootOf: (first: string) => string = (first) => first): FieldPath {
        return new FieldPath([], rootOf);
    }

    /** The path of a stack configuration object, such as `sentinel-aws-s3:aws`. */
    static config(key: string): FieldPath {
        return FieldPath.root((first) => `${key}.${first}`);
    }

    key(key: string): FieldPath {
        return new FieldPath([...this.segments, key], this.rootOf);
    }

    index(index: number): FieldPath {
        return new FieldPath([...this.segments, index], this.rootOf);
    }

    /** The path as the user would write it, such as `logTypes.vpcFlowLogs.vpcIds[0]`. */
    toString(): string {
        const [first, ...rest] = this.segments;
        if (first === undefined) {
            return this.rootOf("").replace(/\.$/, "");
        }
        return rest.reduce<string>(
            (path, s) =>
                typeof s === "number"
                    ? `${path}[${s}]`
                    : /^[A-Za-z_$][\w$]*$/.test(s)
                      ? `${path}.${s}`
                      : `${path}[${JSON.stringify(s)}]`,
            this.rootOf(String(first)),
        );
    }

    /** The path in backticks, for a message. */
    get code(): string {
        return `\`${this.toString()}\``;
    }

    /** The last key of the path. */
    get leaf(): string {
        return String(this.segments[this.segments.length - 1] ?? "");
    }
}

/** A string format: what it is, an example, and the check. */
export interface StringFormat {
    /** What the value must be, as a phrase: `a VPC ID ("vpc-" and 8 or 17 hex digits)`. */
    readonly what: string;
    readonly example?: string;
    /** A pattern the value must match, or a check returning the reason it does not (or undefined). */
    readonly test: RegExp | ((value: string) => string | undefined);
    /**
     * The whole message for a value that fails `test`, where the generic "must be <what>" wording
     * would not say the fix (for example a role name without its required prefix).
     */
    readonly problem?: (at: FieldPath, value: string) => string | undefined;
}

interface Common {
    /** One sentence: what the field does (the README's table and the schema's description). */
    readonly doc: string;
    /** The documented default, as a value (shown as JSON) or a phrase. */
    readonly default?: { readonly value: unknown } | { readonly text: string };
    readonly required?: boolean;
}

export interface StringField extends Common {
    readonly kind: "string";
    readonly format?: StringFormat;
    /**
     * Also accepts a `pulumi.Input<string>`: plain values are checked at construction, Outputs
     * when they resolve (`checkedInput`).
     */
    readonly input?: boolean;
    /** Turns an accepted value into the one the component uses (for example lower case). */
    readonly normalize?: (value: string) => string;
}
export interface BooleanField extends Common {
    readonly kind: "boolean";
}
export interface IntegerField extends Common {
    readonly kind: "integer";
    readonly min: number;
    readonly max: number;
    readonly unit: string;
}
export interface EnumField extends Common {
    readonly kind: "enum";
    readonly values: readonly (string | number)[];
    /** Why the value matters, appended to the message (for example why alias/aws/sqs cannot work). */
    readonly hint?: string;
}
export interface ListField extends Common {
    readonly kind: "list";
    readonly items: Field;
    /**
     * Also accepts a `pulumi.Input` of the whole list: a plain list is checked at construction, an
     * Output when it resolves (such a list cannot decide how many resources exist).
     */
    readonly input?: boolean;
    readonly minItems?: number;
    /** Each item may appear once (by its JSON). */
    readonly unique?: boolean;
    /** What one item is, for messages ("VPC ID"). */
    readonly itemName?: string;
    /** A single item is accepted in place of a list of one (as IAM accepts it in policy elements). */
    readonly single?: boolean;
}
export interface ObjectField extends Common {
    readonly kind: "object";
    readonly fields: Fields;
    /** The value's type name, for the README (`CloudTrailLogArgs`). */
    readonly typeName: string;
    /**
     * Other keys are allowed: the field takes any object with these members (for example an
     * `AwsSentinelConnection`, whose connections carry more than a connector reads).
     */
    readonly open?: boolean;
    /** A short form accepted in place of the object (IAM's `"Principal": "*"`). */
    readonly shorthand?: string;
    /** Also accepts a `pulumi.Input` of the object: an Output is checked when it resolves. */
    readonly input?: boolean;
}
export interface MapField extends Common {
    readonly kind: "map";
    readonly keys?: StringFormat;
    /** The only keys allowed (an object whose members a registry lists); others are unknown settings. */
    readonly knownKeys?: readonly string[];
    readonly values: Field;
}
/** A free-form JSON value (an IAM condition block); only checked to be JSON data. */
export interface JsonField extends Common {
    readonly kind: "json";
}

/** The description of one field. */
export type Field =
    | StringField
    | BooleanField
    | IntegerField
    | EnumField
    | ListField
    | ObjectField
    | MapField
    | JsonField;

/** The fields of an object, by name. */
export type Fields = Readonly<Record<string, Field>>;

/** The fields of `T`, every key present (the compiler checks none is missing or extra). */
export type FieldsOf<T> = { readonly [K in keyof Required<T>]: Field };

/** An object field whose fields the compiler checks against the interface `T`. */
export function objectOf<T>(
    typeName: string,
    fields: FieldsOf<T>,
    common: Common & {
        readonly open?: boolean;
        readonly shorthand?: string;
        readonly input?: boolean;
    },
): ObjectField {
    return { kind: "object", typeName, fields: fields as Fields, ...common };
}

/** The object a field describes: its own, or its list's items'; undefined for other fields. */
export function nestedObject(field: Field): ObjectField | undefined {
    if (field.kind === "object") {
        return field;
    }
    return field.kind === "list" && field.items.kind === "object" ? field.items : undefined;
}

/** Whether a value is a plain object (not null, not an array, not an Output). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
    return (
        typeof value === "object" &&
        value !== null &&
        !Array.isArray(value) &&
        !pulumi.Output.isInstance(value)
    );
}

/** Thrown when arguments or configuration are invalid; lists every problem found. */
export class ValidationError extends Error {
    constructor(
        readonly subject: string,
        readonly problems: readonly string[],
    ) {
        super(
            `${subject} has ${problems.length === 1 ? "an invalid value" : `${problems.length} invalid values`}:\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
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
