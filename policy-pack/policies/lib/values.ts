// Reading resource properties the way the policy engine hands them over: wrapped in a proxy that
// throws when a value is unknown (a preview value the cloud computes later). `materialize` copies
// them into plain data where every unknown value is the `UNKNOWN` marker, so policies decide
// explicitly what an unknown value means instead of crashing half-way.
import { UnknownValueError } from "@pulumi/policy";
import { show as showValue } from "../../../components/shared/show";

/** Stands for a value that is not known during preview. */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

/** A string that may be unknown during preview. */
export type Str = string | Unknown;

/** True for the `UNKNOWN` marker. */
export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN;
}

/** True for the error the policy SDK throws when a policy reads an unknown value. */
export function isUnknownValueError(e: unknown): boolean {
    return e instanceof UnknownValueError || (e instanceof Error && "unknownTypeSentinel" in e);
}

/**
 * Copies a (possibly proxied) property value into plain data, replacing each unknown value with
 * `UNKNOWN`. Functions and class instances other than arrays and plain objects are kept as they are.
 */
export function materialize(value: unknown): unknown {
    if (value === null || typeof value !== "object") {
        return value;
    }
    if (Array.isArray(value)) {
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
            out.push(materialize(readProperty(value, i)));
        }
        return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
        const v = readProperty(value as Record<string, unknown>, key);
        if (v !== undefined) {
            out[key] = materialize(v);
        }
    }
    return out;
}

function readProperty(container: object, key: string | number): unknown {
    try {
        return (container as Record<string | number, unknown>)[key];
    } catch (e) {
        if (isUnknownValueError(e)) {
            return UNKNOWN;
        }
        throw e;
    }
}

/** Materializes a resource's properties into a plain record. */
export function plainProps(props: unknown): Record<string, unknown> {
    const value = materialize(props);
    return isRecord(value) ? value : {};
}

/** True for a plain object (not an array, not `UNKNOWN`). */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Walks a path of keys and indexes; `UNKNOWN` as soon as an unknown value is met, `undefined` if absent. */
export function at(value: unknown, ...path: Array<string | number>): unknown {
    let current = value;
    for (const key of path) {
        if (isUnknown(current)) {
            return UNKNOWN;
        }
        if (typeof key === "number") {
            current = Array.isArray(current) ? current[key] : undefined;
        } else {
            current = isRecord(current) ? current[key] : undefined;
        }
    }
    return current;
}

/** A string, `UNKNOWN`, or `undefined` for anything else. */
export function asStr(value: unknown): Str | undefined {
    return typeof value === "string" || isUnknown(value) ? value : undefined;
}

/** An array, `UNKNOWN`, or `undefined` for anything else. */
export function asArray(value: unknown): unknown[] | Unknown | undefined {
    return Array.isArray(value) || isUnknown(value) ? value : undefined;
}

/** A string or a list of strings as a list (elements may be `UNKNOWN`); `UNKNOWN` if the whole is. */
export function strList(value: unknown): Str[] | Unknown {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    if (value === undefined || value === null) {
        return [];
    }
    const items = Array.isArray(value) ? value : [value];
    return items.map((v) => (isUnknown(v) ? UNKNOWN : typeof v === "string" ? v : String(v)));
}

/** Renders a value for a message, unknown ones as such. */
export function show(value: unknown): string {
    return isUnknown(value) ? "(unknown)" : showValue(value);
}

/** One result of a check: a violation, or a note at advisory level (such as a value unknown during preview). */
export interface Finding {
    readonly message: string;
    /** Reported at advisory level whatever the policy's level: the check could not be made. */
    readonly advisory?: boolean;
    /** The resource at fault, for stack policies. */
    readonly urn?: string;
}

/**
 * True for a message or not-applicable reason that says a check could not be made because a value
 * is unknown during preview: the pack's own notes, and the policy SDK's "can't run policy ...
 * during preview" when a policy reads an unknown value unguarded.
 */
export function isUndecidedText(text: string): boolean {
    return /\bduring preview\b/.test(text);
}

/** A finding for a value that is unknown during preview. */
export function unknownFinding(subject: string, urn?: string): Finding {
    return {
        message: `${subject} is not known during preview, so this check is made again when the value is known (at update).`,
        advisory: true,
        urn,
    };
}

/** The short type name of a type token, such as `Role` for `aws:iam/role:Role`. */
export function shortType(type: string): string {
    const parts = type.split(":");
    return parts[parts.length - 1] || type;
}

/** How a resource is named in messages: `Role "sentinel-role"`. */
export function label(type: string, name: string): string {
    return `${shortType(type)} "${name}"`;
}
