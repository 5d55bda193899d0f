// A stack's resources, indexed for stack policies: plain properties read once, and references
// between resources (settings to buckets, policies to roles, notifications to queues) resolved by
// value when known and by property dependencies when the value is unknown during preview.
import { PolicyResource } from "@pulumi/policy";
import { BUCKET_TYPES, TYPES } from "./types";
import { Str, isUnknown, plainProps } from "./values";

/** A stack resource with its properties as plain data. */
export interface Res {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Record<string, unknown>;
    readonly source: PolicyResource;
}

/** What a property refers to: resources in the stack, names of resources outside it, or nothing known. */
export interface Refs {
    readonly inStack: Res[];
    readonly outside: string[];
    /** Some reference is unknown during preview and names no resource through its dependencies. */
    readonly unknown: boolean;
}

/** A kind of reference: the types it can name and the values each target is known by. */
export interface RefKind {
    readonly id: string;
    readonly types: readonly string[];
    readonly keysOf: (target: Res) => readonly Str[];
}

/** An index over the resources of one stack-policy run. */
export class StackIndex {
    private readonly plain = new Map<string, Res>();
    private readonly lookups = new Map<string, Map<string, Res[]>>();
    private readonly byType = new Map<string, PolicyResource[]>();
    private readonly byUrn = new Map<string, PolicyResource>();
    private readonly memos = new Map<string, unknown>();

    constructor(resources: readonly PolicyResource[]) {
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            const list = this.byType.get(r.type) ?? [];
            list.push(r);
            this.byType.set(r.type, list);
        }
    }

    /** What `compute` returns for this index, computed once (analyses several policies share). */
    memo<T>(key: string, compute: () => T): T {
        if (!this.memos.has(key)) {
            this.memos.set(key, compute());
        }
        return this.memos.get(key) as T;
    }

    /** The resources of the given types, in stack order per type. */
    ofType(...types: readonly string[]): Res[] {
        return types.flatMap((t) => (this.byType.get(t) ?? []).map((r) => this.res(r)));
    }

    /** The resources whose type token passes a test. */
    ofTypeMatching(test: (type: string) => boolean): Res[] {
        return this.ofType(...[...this.byType.keys()].filter(test));
    }

    /** True when the stack holds a resource of one of the types. */
    has(...types: readonly string[]): boolean {
        return types.some((t) => (this.byType.get(t)?.length ?? 0) > 0);
    }

    /** The resources of the given types a property depends on. */
    dependencies(res: Res, property: string, types: readonly string[]): Res[] {
        const deps = res.source.propertyDependencies?.[property] ?? [];
        return deps.filter((d) => types.includes(d.type)).map((d) => this.res(d));
    }

    /**
     * Resolves a property that names other resources (a name, an ID, an ARN or a list of them):
     * by value against `keysOf(target)`, and by the property's dependencies.
     */
    refs(res: Res, property: string, kind: RefKind): Refs {
        const value = res.props[property];
        const deps = this.dependencies(res, property, kind.types);
        const lookup = this.lookup(kind);
        const inStack = new Map<string, Res>(deps.map((d) => [d.urn, d]));
        const outside: string[] = [];
        let unknown = false;
        const values = isUnknown(value)
            ? [value]
            : Array.isArray(value)
              ? value
              : value === undefined
                ? []
                : [value];
        for (const v of values) {
            if (typeof v === "string") {
                const matches = lookup.get(v) ?? [];
                matches.forEach((m) => inStack.set(m.urn, m));
                // A single reference the dependencies already resolve names no other resource.
                if (matches.length === 0 && !(values.length === 1 && deps.length > 0)) {
                    outside.push(v);
                }
            } else if (isUnknown(v) && deps.length === 0) {
                unknown = true;
            }
        }
        return { inStack: [...inStack.values()], outside, unknown };
    }

    /** The resources of a kind known by a value (name, ID, ARN, URL). */
    find(kind: RefKind, value: string): Res[] {
        return this.lookup(kind).get(value) ?? [];
    }

    private lookup(kind: RefKind): Map<string, Res[]> {
        let map = this.lookups.get(kind.id);
        if (!map) {
            map = new Map();
            for (const target of this.ofType(...kind.types)) {
                for (const key of new Set(kind.keysOf(target))) {
                    if (typeof key === "string") {
                        map.set(key, [...(map.get(key) ?? []), target]);
                    }
                }
            }
            this.lookups.set(kind.id, map);
        }
        return map;
    }

    private res(r: PolicyResource): Res {
        let found = this.plain.get(r.urn);
        if (!found) {
            found = {
                type: r.type,
                name: r.name,
                urn: r.urn,
                props: plainProps(r.props),
                source: r,
            };
            this.plain.set(r.urn, found);
        }
        return found;
    }
}

/** Buckets, referred to by their name (`bucket`), ID or ARN. */
export const BUCKET_REF: RefKind = {
    id: "bucket",
    types: BUCKET_TYPES,
    keysOf: (b) =>
        [b.props.bucket, b.props.id, b.props.arn].filter((v): v is string => typeof v === "string"),
};

/** The buckets a setting resource (`bucket` property) applies to. */
export function bucketRefs(index: StackIndex, res: Res, property = "bucket"): Refs {
    return index.refs(res, property, BUCKET_REF);
}

/** The known name of a bucket in the stack. */
export function bucketName(bucket: Res): Str | undefined {
    const name = bucket.props.bucket ?? bucket.props.id;
    return typeof name === "string" || isUnknown(name) ? name : undefined;
}

/** Roles, referred to by their name, ID or ARN. */
export const ROLE_REF: RefKind = {
    id: "role",
    types: [TYPES.role],
    keysOf: (r) =>
        [r.props.name, r.props.id, r.props.arn].filter((v): v is string => typeof v === "string"),
};

/** The roles a property (such as `role` or `roles`) names. */
export function roleRefs(index: StackIndex, res: Res, property: string): Refs {
    return index.refs(res, property, ROLE_REF);
}

/** Queues, referred to by their URL, ID or ARN. */
export const QUEUE_REF: RefKind = {
    id: "queue",
    types: [TYPES.queue],
    keysOf: (q) =>
        [q.props.url, q.props.id, q.props.arn].filter((v): v is string => typeof v === "string"),
};

/** Customer-managed policies, referred to by their ARN or ID. */
export const POLICY_REF: RefKind = {
    id: "policy",
    types: [TYPES.policy],
    keysOf: (p) => [p.props.arn, p.props.id].filter((v): v is string => typeof v === "string"),
};

/** The settings resources of some types, grouped by the URN of the bucket they apply to. */
export interface BucketSettings {
    readonly byBucket: Map<string, Res[]>;
    /** Some setting names a bucket that is unknown during preview and cannot be matched. */
    readonly unresolved: boolean;
}

/** Groups the settings resources of the given types by the bucket they apply to. */
export function settingsByBucket(
    index: StackIndex,
    types: readonly string[],
    property = "bucket",
): BucketSettings {
    const byBucket = new Map<string, Res[]>();
    let unresolved = false;
    for (const s of index.ofType(...types)) {
        const refs = bucketRefs(index, s, property);
        unresolved = unresolved || refs.unknown;
        for (const b of refs.inStack) {
            byBucket.set(b.urn, [...(byBucket.get(b.urn) ?? []), s]);
        }
    }
    return { byBucket, unresolved };
}
