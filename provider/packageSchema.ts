// The package schema as the plugin serves it: what Pulumi's analyzer derives from the components'
// TypeScript (provider/components.ts), finished so that the SDKs every language generates from it
// read well, type-check and build as generated.
//
// - Type names without the TypeScript interfaces' `Args` suffix: the generators add their own (Python
//   `<Type>Args`, Go `<Type>Args`/`<Type>Input`, Node.js `inputs.<Type>Args`), so a schema type
//   `LogTypesArgs` became `LogTypesArgsArgs`. A name that would collide with another type's takes
//   `Input` instead (`LogDestinationArgs` → `LogDestinationInput`, beside the output `LogDestination`),
//   as `AwsConnectionInput` and `SentinelConnectionInput` are named already.
// - Enums only where a program writes the value: an object type an output carries has its enum
//   members as their underlying primitive. Pulumi YAML's type checker never assigns an enum-typed
//   value, even to the same enum (pulumi/pulumi-yaml pkg/pulumiyaml/analyser.go, `isAssignable`: an
//   `EnumType` target first asks whether the source is assignable to the enum's element type, and a
//   primitive target accepts only primitives), so an output carrying `DestinationTable` could never
//   be passed back as an input (`connectionsOutput: ${aws.connections}`). Inputs keep their enums;
//   an enum only outputs used (`LogType`) is no longer a type of the package.
// - Each language's package coordinates (Go import path and module with a `go.mod`, Python package
//   with a `pyproject.toml`, C# namespace, Java package), from `meta.supportPack` and the language
//   sections (pulumi/pulumi pkg/codegen/go/importer.go `GoPackageInfo`, gen.go `ExtractModulePath`;
//   pkg/codegen/python/importer.go `PackageInfo`).

/** The Go module the SDK is published as (`go get <module>/sentinelawss3`). */
export const GO_MODULE = "github.com/sentinel-aws-s3/sentinel-aws-s3/sdk/go";
/** The Go package's name and folder. */
export const GO_PACKAGE = "sentinelawss3";
/** The Python distribution's import name. */
export const PYTHON_PACKAGE = "pulumi_sentinel_aws_s3";
/** The C# root namespace (the SDK's namespace is `SentinelAwsS3.SentinelAwsS3`). */
export const CSHARP_ROOT_NAMESPACE = "SentinelAwsS3";
/** The Java base package (the SDK's package is `io.github.sentinelawss3.sentinelawss3`). */
export const JAVA_BASE_PACKAGE = "io.github.sentinelawss3";

/** The parts of a package schema this module reads and writes. */
export interface SchemaDocument {
    name: string;
    version?: string;
    repository?: string;
    meta?: Record<string, unknown>;
    language?: Record<string, Record<string, unknown>>;
    resources: Record<string, { properties?: Record<string, SchemaProperty> } & object>;
    types: Record<string, SchemaType>;
    [key: string]: unknown;
}

/** A property, an array's items or a map's values. */
export interface SchemaProperty {
    type?: string;
    $ref?: string;
    description?: string;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
    [key: string]: unknown;
}

/** An object or enum type. */
export interface SchemaType {
    type: string;
    properties?: Record<string, SchemaProperty>;
    enum?: { value: unknown; name?: string }[];
    [key: string]: unknown;
}

const REF_PREFIX = "#/types/";

/** Every property spec below `spec` (itself, its items, its map values), depth first. */
function* specsIn(spec: SchemaProperty): Generator<SchemaProperty> {
    yield spec;
    if (spec.items) {
        yield* specsIn(spec.items);
    }
    if (spec.additionalProperties) {
        yield* specsIn(spec.additionalProperties);
    }
}

/** Every property spec of the schema: resources' inputs and outputs, object types' members. */
function* allSpecs(schema: SchemaDocument): Generator<SchemaProperty> {
    for (const resource of Object.values(schema.resources)) {
        for (const group of ["inputProperties", "properties"] as const) {
            const members = (resource as Record<string, unknown>)[group] as
                Record<string, SchemaProperty> | undefined;
            for (const spec of Object.values(members ?? {})) {
                yield* specsIn(spec);
            }
        }
    }
    for (const type of Object.values(schema.types)) {
        for (const spec of Object.values(type.properties ?? {})) {
            yield* specsIn(spec);
        }
    }
}

/** The new token of each renamed type: `Args` dropped, or `Input` where that name is taken. */
export function typeRenames(tokens: readonly string[]): Map<string, string> {
    const taken = new Set(tokens);
    const renames = new Map<string, string>();
    for (const token of tokens) {
        const match = /^(.*)Args$/.exec(token);
        if (!match) {
            continue;
        }
        const bare = match[1];
        const renamed = taken.has(bare) ? `${bare}Input` : bare;
        if (taken.has(renamed)) {
            throw new Error(`cannot rename ${token}: both ${bare} and ${renamed} exist`);
        }
        taken.add(renamed);
        renames.set(token, renamed);
    }
    return renames;
}

/** The object types an output reaches, through members, items and map values. */
function outputTypes(schema: SchemaDocument): Set<string> {
    const reached = new Set<string>();
    const visit = (spec: SchemaProperty) => {
        for (const s of specsIn(spec)) {
            const token = s.$ref?.startsWith(REF_PREFIX) ? s.$ref.slice(REF_PREFIX.length) : "";
            const type = schema.types[token];
            if (type?.properties && !reached.has(token)) {
                reached.add(token);
                Object.values(type.properties).forEach(visit);
            }
        }
    };
    for (const resource of Object.values(schema.resources)) {
        Object.values(resource.properties ?? {}).forEach(visit);
    }
    return reached;
}

/** `spec` with an enum reference replaced by the enum's primitive type, its values described. */
function primitiveFor(spec: SchemaProperty, schema: SchemaDocument): void {
    const token = spec.$ref?.startsWith(REF_PREFIX) ? spec.$ref.slice(REF_PREFIX.length) : "";
    const enumType = schema.types[token];
    if (!enumType?.enum) {
        return;
    }
    delete spec.$ref;
    spec.type = enumType.type;
    const values = enumType.enum.map((e) => `\`${String(e.value)}\``).join(", ");
    spec.description = `${spec.description ? `${spec.description} ` : ""}One of ${values}.`;
}

/** The package's coordinates in each language, beside what the analyzer set (`respectSchemaVersion`). */
function languages(schema: SchemaDocument): Record<string, Record<string, unknown>> {
    const own = schema.language ?? {};
    return {
        ...own,
        nodejs: { ...own.nodejs },
        python: { ...own.python, packageName: PYTHON_PACKAGE, pyproject: { enabled: true } },
        go: {
            ...own.go,
            importBasePath: `${GO_MODULE}/${GO_PACKAGE}`,
            rootPackageName: GO_PACKAGE,
            modulePath: GO_MODULE,
        },
        csharp: { ...own.csharp, rootNamespace: CSHARP_ROOT_NAMESPACE },
        java: { ...own.java, basePackage: JAVA_BASE_PACKAGE },
    };
}

/** The schema the plugin serves, from the analyzer's. Pure: the argument is not changed. */
export function finishSchema(analyzed: SchemaDocument): SchemaDocument {
    const schema = JSON.parse(JSON.stringify(analyzed)) as SchemaDocument;
    const prefix = `${schema.name}:index:`;
    const names = Object.keys(schema.types)
        .filter((t) => t.startsWith(prefix))
        .map((t) => t.slice(prefix.length));
    const renames = typeRenames(names);

    // Enums of output-carried types first, while the tokens are the analyzer's.
    const carried = outputTypes(schema);
    for (const token of carried) {
        for (const member of Object.values(schema.types[token].properties ?? {})) {
            for (const spec of specsIn(member)) {
                primitiveFor(spec, schema);
            }
        }
    }
    for (const resource of Object.values(schema.resources)) {
        for (const output of Object.values(resource.properties ?? {})) {
            for (const spec of specsIn(output)) {
                primitiveFor(spec, schema);
            }
        }
    }

    for (const spec of allSpecs(schema)) {
        const token = spec.$ref?.startsWith(REF_PREFIX + prefix)
            ? spec.$ref.slice(REF_PREFIX.length + prefix.length)
            : undefined;
        const renamed = token !== undefined ? renames.get(token) : undefined;
        if (renamed) {
            spec.$ref = `${REF_PREFIX}${prefix}${renamed}`;
        }
    }
    const referenced = new Set(
        [...allSpecs(schema)].flatMap((spec) =>
            spec.$ref?.startsWith(REF_PREFIX) ? [spec.$ref.slice(REF_PREFIX.length)] : [],
        ),
    );
    schema.types = Object.fromEntries(
        Object.entries(schema.types)
            .filter(([token, type]) => !type.enum || referenced.has(token))
            .map(([token, type]) => {
                const name = token.slice(prefix.length);
                return [renames.has(name) ? `${prefix}${renames.get(name)}` : token, type];
            }),
    );
    return {
        ...schema,
        repository: `https://${GO_MODULE.replace(/\/sdk\/go$/, "")}`,
        meta: { ...schema.meta, supportPack: true },
        language: languages(schema),
    };
}
