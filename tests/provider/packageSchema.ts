// The package schema as data, and the checks the provider's tests make on it: the rules of Pulumi's
// package metaschema that can be checked without the CLI, and the comparison of each component's
// schema with the component's own argument description (`Fields`).
//
// The rules follow the metaschema (pulumi/pulumi pkg/codegen/schema/pulumi.json): package names
// `^[a-zA-Z][-a-zA-Z0-9_]*$`; type and resource tokens `<package>:<module>:<member>`; a type reference
// is a primitive (`boolean`, `integer`, `number`, `string`), an array with `items`, a map (`object`,
// optional `additionalProperties`) or a `$ref` (`#/types/<token>`, or the built-in
// `pulumi.json#/Any|Archive|Asset|Json`); an enum type has a primitive `type` and values of it; an
// object type's `required` names its properties. What the CLI adds on binding (a `$ref` must name a
// defined type) is checked too.
import { Field, Fields } from "../../components/shared/fields";

export interface TypeSpec {
    readonly type?: string;
    readonly $ref?: string;
    readonly items?: TypeSpec;
    readonly additionalProperties?: TypeSpec;
    readonly plain?: boolean;
}

export interface PropertySpec extends TypeSpec {
    readonly description?: string;
}

export interface ComplexTypeSpec {
    readonly type: string;
    readonly properties?: Record<string, PropertySpec>;
    readonly required?: string[];
    readonly enum?: { name?: string; value: unknown; description?: string }[];
}

export interface ResourceSpec {
    readonly isComponent?: boolean;
    readonly description?: string;
    readonly inputProperties: Record<string, PropertySpec>;
    readonly requiredInputs?: string[];
    readonly properties: Record<string, PropertySpec>;
    readonly required?: string[];
}

export interface PackageSpec {
    readonly name: string;
    readonly version?: string;
    readonly description?: string;
    readonly resources: Record<string, ResourceSpec>;
    readonly types: Record<string, ComplexTypeSpec>;
}

const PACKAGE_NAME = /^[a-zA-Z][-a-zA-Z0-9_]*$/;
const TOKEN = /^[a-zA-Z][-a-zA-Z0-9_]*:([^0-9][a-zA-Z0-9._/-]*)?:[^0-9][a-zA-Z0-9._/-]*$/;
const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const PRIMITIVES = ["boolean", "integer", "number", "string"];
const BUILT_INS = ["pulumi.json#/Archive", "pulumi.json#/Asset", "pulumi.json#/Json"];
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The token a local `$ref` names, or undefined for another kind of reference. */
export function refToken(ref: string | undefined): string | undefined {
    return ref?.startsWith("#/types/") ? ref.slice("#/types/".length) : undefined;
}

/** Every type reference of a property, with its path: the property, its items and map values. */
function* typeRefs(at: string, spec: TypeSpec): Generator<[string, TypeSpec]> {
    yield [at, spec];
    if (spec.items) {
        yield* typeRefs(`${at}[]`, spec.items);
    }
    if (spec.additionalProperties) {
        yield* typeRefs(`${at}{}`, spec.additionalProperties);
    }
}

/** Every property of the schema, with its path: resource inputs and outputs, object type members. */
export function* allProperties(schema: PackageSpec): Generator<[string, PropertySpec]> {
    for (const [token, r] of Object.entries(schema.resources)) {
        for (const [k, p] of Object.entries(r.inputProperties ?? {})) {
            yield [`${token} input ${k}`, p];
        }
        for (const [k, p] of Object.entries(r.properties ?? {})) {
            yield [`${token} output ${k}`, p];
        }
    }
    for (const [token, t] of Object.entries(schema.types)) {
        for (const [k, p] of Object.entries(t.properties ?? {})) {
            yield [`${token}.${k}`, p];
        }
    }
}

/** The types reachable from a set of properties (through references, items and map values). */
export function reachableTypes(schema: PackageSpec, roots: Iterable<TypeSpec>): Set<string> {
    const seen = new Set<string>();
    const visit = (spec: TypeSpec) => {
        for (const [, t] of typeRefs("", spec)) {
            const token = refToken(t.$ref);
            if (token && !seen.has(token) && schema.types[token]) {
                seen.add(token);
                Object.values(schema.types[token].properties ?? {}).forEach(visit);
            }
        }
    };
    [...roots].forEach(visit);
    return seen;
}

/** The types reachable from the components' outputs: they describe values, and are never plain. */
export function outputTypes(schema: PackageSpec): Set<string> {
    return reachableTypes(
        schema,
        Object.values(schema.resources).flatMap((r) => Object.values(r.properties ?? {})),
    );
}

/** Every problem the schema has by the package metaschema's rules and the CLI's binding. */
export function schemaProblems(schema: PackageSpec): string[] {
    const problems: string[] = [];
    const problem = (at: string, text: string) => problems.push(`${at}: ${text}`);
    if (!PACKAGE_NAME.test(schema.name)) {
        problem("name", `${schema.name} is not a package name`);
    }
    if (schema.version !== undefined && !SEMVER.test(schema.version)) {
        problem("version", `${schema.version} is not a semantic version`);
    }
    const tokens = [
        ...Object.keys(schema.resources).map((t) => ["resource", t]),
        ...Object.keys(schema.types).map((t) => ["type", t]),
    ];
    for (const [kind, token] of tokens) {
        if (!TOKEN.test(token) || token.split(":")[0] !== schema.name) {
            problem(token, `the ${kind} token must be ${schema.name}:<module>:<name>`);
        }
    }
    for (const [at, property] of allProperties(schema)) {
        if (!property.description?.trim()) {
            problem(at, "has no description");
        }
        for (const [path, spec] of typeRefs(at, property)) {
            const forms = [
                spec.$ref !== undefined,
                spec.$ref === undefined && spec.type === "array",
                spec.$ref === undefined && spec.type === "object",
                spec.$ref === undefined && PRIMITIVES.includes(spec.type ?? ""),
            ].filter(Boolean).length;
            if (forms !== 1) {
                problem(path, `is not one type reference: ${JSON.stringify(spec)}`);
            }
            if (spec.type === "array" && spec.$ref === undefined && !spec.items) {
                problem(path, "is an array without items");
            }
            if (spec.type !== "array" && spec.items) {
                problem(path, "has items but is not an array");
            }
            if (spec.type !== "object" && spec.additionalProperties) {
                problem(path, "has additionalProperties but is not a map");
            }
            if (spec.$ref === "pulumi.json#/Any") {
                problem(path, "is Any: its TypeScript type says nothing the schema can use");
            } else if (spec.$ref !== undefined && !BUILT_INS.includes(spec.$ref)) {
                const token = refToken(spec.$ref);
                if (!token || !schema.types[token]) {
                    problem(path, `refers to ${spec.$ref}, which the schema does not define`);
                }
            }
        }
    }
    for (const [token, type] of Object.entries(schema.types)) {
        if (type.enum) {
            if (!PRIMITIVES.includes(type.type)) {
                problem(token, `an enum's type must be a primitive, not ${type.type}`);
            }
            const jsType = type.type === "integer" ? "number" : type.type;
            const values = type.enum.map((e) => e.value);
            const names = type.enum.map((e) => e.name ?? String(e.value));
            for (const value of values) {
                if (
                    typeof value !== jsType ||
                    (type.type === "integer" && !Number.isInteger(value))
                ) {
                    problem(token, `the enum value ${JSON.stringify(value)} is not a ${type.type}`);
                }
            }
            if (new Set(values).size !== values.length || new Set(names).size !== names.length) {
                problem(token, "repeats an enum value or name");
            }
            for (const name of names) {
                if (!IDENTIFIER.test(name)) {
                    problem(token, `the enum name ${name} is no identifier in the SDKs' languages`);
                }
            }
        } else {
            if (type.type !== "object") {
                problem(token, `an object type's type must be "object", not ${type.type}`);
            }
            for (const name of type.required ?? []) {
                if (!type.properties?.[name]) {
                    problem(token, `requires ${name}, which is not one of its properties`);
                }
            }
        }
    }
    for (const [token, r] of Object.entries(schema.resources)) {
        if (r.isComponent !== true) {
            problem(token, "is not marked as a component");
        }
        if (!r.description?.trim()) {
            problem(token, "has no description");
        }
        for (const name of r.requiredInputs ?? []) {
            if (!r.inputProperties[name]) {
                problem(token, `requires the input ${name}, which it does not have`);
            }
        }
        for (const name of r.required ?? []) {
            if (!r.properties[name]) {
                problem(token, `requires the output ${name}, which it does not have`);
            }
        }
    }
    const used = reachableTypes(
        schema,
        Object.values(schema.resources).flatMap((r) => [
            ...Object.values(r.inputProperties),
            ...Object.values(r.properties),
        ]),
    );
    for (const token of Object.keys(schema.types)) {
        if (!used.has(token)) {
            problem(token, "is defined but no component uses it");
        }
    }
    for (const token of outputTypes(schema)) {
        for (const [k, p] of Object.entries(schema.types[token].properties ?? {})) {
            for (const [path, spec] of typeRefs(`${token}.${k}`, p)) {
                if (spec.plain) {
                    problem(path, "is plain in a type the outputs use (plain is for inputs)");
                }
            }
        }
    }
    return problems;
}

/** Where a comparison is: an input of the component, or inside a type its outputs also use. */
interface Place {
    readonly at: string;
    /** Inside a type the outputs use: its required-ness and plain-ness are the outputs'. */
    readonly output: boolean;
    /** An item of a list that is itself an Input: the item is an Input too. */
    readonly inInputList?: boolean;
    /** The schema's name of a TypeScript interface (provider/packageSchema.ts, `typeRenames`). */
    readonly typeName: (name: string) => string;
}

/**
 * Every difference between the schema and a component's argument description: the same arguments,
 * each with its type (enums with their values, named objects with their members), Inputs where the
 * description accepts Outputs and plain values elsewhere, and required where it is required.
 */
export function fieldProblems(
    schema: PackageSpec,
    token: string,
    fields: Fields,
    typeName: (name: string) => string = (name) => name,
): string[] {
    const resource = schema.resources[token];
    if (!resource) {
        return [`${token} is not in the schema`];
    }
    const problems: string[] = [];
    problems.push(
        ...membersProblems(
            schema,
            { at: token, output: false, typeName },
            fields,
            resource.inputProperties,
            resource.requiredInputs ?? [],
        ),
    );
    return problems;
}

function membersProblems(
    schema: PackageSpec,
    place: Place,
    fields: Fields,
    properties: Record<string, PropertySpec>,
    required: readonly string[],
): string[] {
    const problems: string[] = [];
    const names = (o: object) => JSON.stringify(Object.keys(o).sort());
    if (names(fields) !== names(properties)) {
        problems.push(
            `${place.at} has the members ${names(properties)}, the description ${names(fields)}`,
        );
    }
    for (const [name, field] of Object.entries(fields)) {
        const property = properties[name];
        if (!property) {
            continue;
        }
        const at = `${place.at}.${name}`;
        if (!place.output && Boolean(field.required) !== required.includes(name)) {
            problems.push(
                `${at} is ${field.required ? "required" : "optional"} but not in the schema`,
            );
        }
        problems.push(...typeProblems(schema, { ...place, at }, field, property));
    }
    return problems;
}

function typeProblems(schema: PackageSpec, place: Place, field: Field, spec: TypeSpec): string[] {
    const problems: string[] = [];
    const fail = (text: string) =>
        problems.push(`${place.at} ${text}; schema: ${JSON.stringify(spec)}`);
    const expectPlain = (plain: boolean) => {
        if (!place.output && Boolean(spec.plain) !== plain) {
            fail(
                plain
                    ? "must be plain (the component reads it when constructed)"
                    : "must take an Input",
            );
        }
    };
    const acceptsInput = "input" in field && field.input === true;
    switch (field.kind) {
        case "string":
        case "boolean":
            if (spec.type !== field.kind) {
                fail(`must be a ${field.kind}`);
            }
            expectPlain(!acceptsInput && !place.inInputList);
            break;
        case "integer":
            if (spec.type !== "number" && spec.type !== "integer") {
                fail("must be a number");
            }
            expectPlain(true);
            break;
        case "enum": {
            const token = refToken(spec.$ref);
            if (place.output && !token) {
                // In a type an output carries, an enum is its primitive (provider/packageSchema.ts).
                const primitive = typeof field.values[0] === "number" ? "integer" : "string";
                if (
                    spec.type !== primitive &&
                    !(primitive === "integer" && spec.type === "number")
                ) {
                    fail(`must be a ${primitive}, as an output carries it`);
                }
                break;
            }
            const values = token ? schema.types[token]?.enum?.map((e) => e.value) : undefined;
            if (!values) {
                fail("must refer to an enum type");
            } else if (
                JSON.stringify([...values].sort()) !== JSON.stringify([...field.values].sort())
            ) {
                fail(
                    `must have the values ${JSON.stringify(field.values)}, not ${JSON.stringify(values)}`,
                );
            }
            expectPlain(!place.inInputList);
            break;
        }
        case "list":
            if (spec.type !== "array" || !spec.items) {
                fail("must be an array");
                break;
            }
            expectPlain(!acceptsInput);
            problems.push(
                ...typeProblems(
                    schema,
                    { ...place, at: `${place.at}[]`, inInputList: acceptsInput },
                    field.items,
                    spec.items,
                ),
            );
            break;
        case "map":
            if (spec.type !== "object" || spec.$ref) {
                fail("must be a map");
                break;
            }
            expectPlain(true);
            problems.push(
                ...typeProblems(
                    schema,
                    { ...place, at: `${place.at}{}` },
                    field.values,
                    spec.additionalProperties ?? { type: "string" },
                ),
            );
            break;
        case "object": {
            const token = `${schema.name}:index:${place.typeName(field.typeName)}`;
            const type = schema.types[token];
            if (refToken(spec.$ref) !== token || !type?.properties) {
                fail(`must refer to the object type ${token}`);
                break;
            }
            expectPlain(!field.input && !place.inInputList);
            const output = place.output || outputTypes(schema).has(token);
            problems.push(
                ...membersProblems(
                    schema,
                    { at: field.typeName, output, typeName: place.typeName },
                    field.fields,
                    type.properties,
                    type.required ?? [],
                ),
            );
            break;
        }
        case "json":
            if (spec.$ref === "pulumi.json#/Any" || (spec.type !== "object" && !spec.$ref)) {
                fail("must be a JSON object type");
            }
            break;
    }
    return problems;
}

/**
 * Whether a value of type `from` may be given where `to` is expected, by the structural rule Pulumi
 * YAML's type checker applies (pulumi/pulumi-yaml pkg/pulumiyaml/analyser.go, `isAssignable`): the
 * same primitive, arrays and maps of assignable elements, an enum from its underlying primitive
 * only, and objects whose every property exists in the target with an assignable type and which have
 * every property the target requires. An enum-typed value is assignable to nothing, not even its own
 * enum: an `EnumType` target asks whether the source is assignable to its element type, and a
 * primitive target accepts primitives only. Returns why not, or undefined.
 */
export function notAssignable(
    schema: PackageSpec,
    from: TypeSpec,
    to: TypeSpec,
    at = "",
): string | undefined {
    const fromToken = refToken(from.$ref);
    const toToken = refToken(to.$ref);
    const fromType = fromToken ? schema.types[fromToken] : undefined;
    const toType = toToken ? schema.types[toToken] : undefined;
    if (fromType?.enum) {
        return `${at}: a value of the enum ${fromToken} is assignable to no input`;
    }
    if (toType?.enum) {
        return !fromType && from.type === toType.type
            ? undefined
            : `${at}: ${from.$ref ?? from.type} is not the enum ${toToken}'s ${toType.type}`;
    }
    if (toType) {
        if (!fromType?.properties) {
            return `${at}: ${from.$ref ?? from.type} is not an object like ${toToken}`;
        }
        for (const [k, p] of Object.entries(fromType.properties)) {
            const target = toType.properties?.[k];
            if (!target) {
                return `${at}.${k}: ${toToken} has no property ${k}`;
            }
            const why = notAssignable(schema, p, target, `${at}.${k}`);
            if (why) {
                return why;
            }
        }
        const missing = (toType.required ?? []).find((k) => !fromType.properties?.[k]);
        return missing
            ? `${at}: ${fromToken} lacks ${missing}, which ${toToken} requires`
            : undefined;
    }
    if (fromType) {
        return `${at}: the object ${fromToken} is not a ${to.type}`;
    }
    if (from.type !== to.type) {
        return `${at}: ${from.type} is not ${to.type}`;
    }
    if (to.type === "array") {
        return notAssignable(schema, from.items ?? {}, to.items ?? {}, `${at}[]`);
    }
    if (to.type === "object") {
        return notAssignable(
            schema,
            from.additionalProperties ?? { type: "string" },
            to.additionalProperties ?? { type: "string" },
            `${at}{}`,
        );
    }
    return undefined;
}
