// The package schema other Pulumi languages get: the SDK's component provider, run in-process with
// the options the plugin itself uses (provider/components.ts), builds it with the analyzer
// `pulumi package add` runs. It must describe every component the library exports, every argument
// as the component's own argument description has it, every output, and be valid by the package
// metaschema's rules; the example programs in YAML and Python may only use what it describes.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import {
    ComponentProvider,
    getPulumiComponents,
} from "@pulumi/pulumi/provider/experimental/provider";
import * as library from "../../components";
import { Fields } from "../../components/shared/fields";
import {
    PACKAGE_NAME,
    SCHEMA_DIR,
    SERVED_COMPONENTS,
    packageRoot,
    providerOptions,
} from "../../provider/components";
import { CONNECTIONS, DESTINATION_TABLES, LOG_TYPES } from "../../components/sources/catalog";
import {
    GO_MODULE,
    GO_PACKAGE,
    SchemaDocument,
    finishSchema,
    typeRenames,
} from "../../provider/packageSchema";
import {
    EXAMPLES,
    YamlProgram,
    fullToken,
    python,
    pythonName,
    readPythonUses,
    readYamlProgram,
    referenceOf,
} from "./examples";
import {
    PackageSpec,
    PropertySpec,
    TypeSpec,
    fieldProblems,
    notAssignable,
    refToken,
    schemaProblems,
} from "./packageSchema";

const ROOT = path.join(__dirname, "..", "..");

/** The public readonly instance fields of a component class: its outputs (optional if `| undefined`). */
function declaredOutputs(className: string): Map<string, { optional: boolean }> {
    const files = fs
        .readdirSync(path.join(ROOT, "components"), { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts"));
    for (const file of files) {
        const text = fs.readFileSync(path.join(ROOT, "components", file), "utf8");
        const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
        for (const node of source.statements) {
            if (!ts.isClassDeclaration(node) || node.name?.text !== className) {
                continue;
            }
            const outputs = new Map<string, { optional: boolean }>();
            for (const member of node.members) {
                const flags = ts.getCombinedModifierFlags(member as ts.Declaration);
                if (
                    ts.isPropertyDeclaration(member) &&
                    flags & ts.ModifierFlags.Public &&
                    flags & ts.ModifierFlags.Readonly &&
                    !(flags & ts.ModifierFlags.Static)
                ) {
                    outputs.set(member.name.getText(source), {
                        optional: /\|\s*undefined\b/.test(member.type?.getText(source) ?? ""),
                    });
                }
            }
            return outputs;
        }
    }
    throw new Error(`no class ${className} in components/`);
}

/** The spec of a property path below a type reference (object members, list items, map values). */
function specAt(schema: PackageSpec, spec: TypeSpec, key: string | number): TypeSpec | undefined {
    if (typeof key === "number") {
        return spec.type === "array" ? spec.items : undefined;
    }
    const token = refToken(spec.$ref);
    if (token) {
        return schema.types[token]?.properties?.[key];
    }
    return spec.type === "object" ? (spec.additionalProperties ?? { type: "string" }) : undefined;
}

/** The same type, whatever the description and plain-ness: what YAML's type checker compares. */
function sameType(a: TypeSpec, b: TypeSpec): boolean {
    const shape = (s: TypeSpec): unknown => ({
        type: s.$ref ? undefined : s.type,
        $ref: s.$ref,
        items: s.items ? shape(s.items) : undefined,
        values: s.additionalProperties ? shape(s.additionalProperties) : undefined,
    });
    return JSON.stringify(shape(a)) === JSON.stringify(shape(b));
}

/**
 * Every problem of a YAML program against the schema: unknown resource types and properties, values
 * of the wrong shape, enum values not in the enum, missing required inputs, and references to
 * resources, outputs or configuration that do not exist or whose type differs from the input's.
 */
function yamlProblems(schema: PackageSpec, program: YamlProgram): string[] {
    const problems: string[] = [];
    const resources = program.resources;
    const config = program.config ?? {};
    const outputOf = (ref: { root: string; path: (string | number)[] }, at: string) => {
        if (config[ref.root]) {
            return undefined;
        }
        const resource = resources[ref.root];
        if (!resource) {
            problems.push(`${at}: \${${ref.root}} is no resource or configuration variable`);
            return undefined;
        }
        const r = schema.resources[fullToken(resource.type)];
        if (!r || ref.path.length === 0) {
            return undefined;
        }
        let spec: TypeSpec | undefined = r.properties[String(ref.path[0])];
        for (const key of ref.path.slice(1)) {
            spec = spec && specAt(schema, spec, key);
        }
        if (!spec) {
            problems.push(`${at}: ${ref.root} has no output ${ref.path.join(".")}`);
        }
        return spec;
    };
    const check = (at: string, value: unknown, spec: PropertySpec) => {
        const ref = referenceOf(value);
        if (ref) {
            const from = outputOf(ref, at);
            const why = from && notAssignable(schema, from, spec, at);
            if (why) {
                problems.push(`${why} (the output cannot be given to the input)`);
            }
            return;
        }
        const token = refToken(spec.$ref);
        const type = token ? schema.types[token] : undefined;
        if (type?.enum) {
            if (!type.enum.some((e) => e.value === value)) {
                problems.push(`${at}: ${JSON.stringify(value)} is not one of ${token}'s values`);
            }
        } else if (type) {
            if (typeof value !== "object" || value === null || Array.isArray(value)) {
                problems.push(`${at}: must be an object (${token})`);
                return;
            }
            for (const [k, v] of Object.entries(value)) {
                const member = type.properties?.[k];
                if (member) {
                    check(`${at}.${k}`, v, member);
                } else {
                    problems.push(`${at}.${k}: ${token} has no property ${k}`);
                }
            }
            for (const k of type.required ?? []) {
                if (!(k in value)) {
                    problems.push(`${at}: ${token} requires ${k}`);
                }
            }
        } else if (spec.type === "array") {
            if (!Array.isArray(value)) {
                problems.push(`${at}: must be a list`);
                return;
            }
            value.forEach((v, i) => check(`${at}[${i}]`, v, spec.items as PropertySpec));
        } else if (spec.type === "object") {
            if (typeof value !== "object" || value === null || Array.isArray(value)) {
                problems.push(`${at}: must be a map`);
                return;
            }
            for (const [k, v] of Object.entries(value)) {
                check(`${at}.${k}`, v, spec.additionalProperties ?? { type: "string" });
            }
        } else if (typeof value !== (spec.type === "integer" ? "number" : spec.type)) {
            problems.push(`${at}: must be a ${spec.type}, not ${JSON.stringify(value)}`);
        }
    };
    for (const [key, resource] of Object.entries(resources)) {
        const token = fullToken(resource.type);
        if (!token.startsWith(`${PACKAGE_NAME}:`)) {
            continue;
        }
        const r = schema.resources[token];
        if (!r) {
            problems.push(`${key}: the package has no resource ${resource.type}`);
            continue;
        }
        const properties = resource.properties ?? {};
        for (const [name, value] of Object.entries(properties)) {
            const spec = r.inputProperties[name];
            if (spec) {
                check(`${key}.${name}`, value, spec);
            } else {
                problems.push(`${key}.${name}: ${token} has no input ${name}`);
            }
        }
        for (const name of r.requiredInputs ?? []) {
            if (!(name in properties)) {
                problems.push(`${key}: ${token} requires the input ${name}`);
            }
        }
        for (const dependency of resource.options?.dependsOn ?? []) {
            const ref = referenceOf(dependency);
            if (!ref || !resources[ref.root] || ref.path.length > 0) {
                problems.push(`${key}: dependsOn ${String(dependency)} is not a resource`);
            }
        }
    }
    for (const [name, value] of Object.entries(program.outputs ?? {})) {
        const ref = referenceOf(value);
        if (ref) {
            outputOf(ref, `outputs.${name}`);
        }
    }
    return problems;
}

describe("The package schema", function () {
    this.timeout(120_000);
    let schema: PackageSpec;
    /** The schema's name of each TypeScript interface the analyzer named a type after. */
    let typeName: (name: string) => string;
    before(async () => {
        // What the analyzer derives, finished as the plugin serves it (PackageProvider).
        const analyzed = JSON.parse(
            await new ComponentProvider(providerOptions(ROOT)).getSchema(),
        ) as SchemaDocument;
        schema = finishSchema(analyzed) as unknown as PackageSpec;
        const prefix = `${PACKAGE_NAME}:index:`;
        const renames = typeRenames(Object.keys(analyzed.types).map((t) => t.slice(prefix.length)));
        typeName = (name) => renames.get(name) ?? name;
    });

    it("serves every component the library exports, under its type token and the package's name and version", () => {
        const exported = getPulumiComponents(library).map((c) => c.name);
        assert.deepEqual(
            SERVED_COMPONENTS.map((s) => s.component.name).sort(),
            exported.sort(),
            "every exported component must be listed in provider/components.ts",
        );
        assert.deepEqual(
            Object.keys(schema.resources).sort(),
            SERVED_COMPONENTS.map((s) => s.component.TYPE).sort(),
        );
        const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        assert.equal(schema.name, PACKAGE_NAME);
        assert.equal(schema.version, manifest.version);
        assert.equal(schema.description, manifest.description);
        assert.equal(packageRoot(), ROOT);
        // The analyzer's directory names no other package and describes this one as package.json does.
        const analyzed = JSON.parse(
            fs.readFileSync(path.join(ROOT, SCHEMA_DIR, "package.json"), "utf8"),
        );
        assert.equal(analyzed.description, manifest.description);
        assert.equal(
            path.resolve(ROOT, SCHEMA_DIR, analyzed.main),
            path.join(ROOT, "provider", "components.ts"),
        );
    });

    for (const { component, fields } of SERVED_COMPONENTS) {
        it(`describes every argument of ${component.TYPE} as its argument description does: type, Input or plain, required`, () => {
            assert.deepEqual(fieldProblems(schema, component.TYPE, fields as Fields, typeName), []);
        });

        it(`describes every output of ${component.TYPE}, required unless it may be undefined`, () => {
            const resource = schema.resources[component.TYPE];
            const declared = declaredOutputs(component.name);
            assert.deepEqual(Object.keys(resource.properties).sort(), [...declared.keys()].sort());
            assert.deepEqual(
                [...(resource.required ?? [])].sort(),
                [...declared]
                    .filter(([, o]) => !o.optional)
                    .map(([k]) => k)
                    .sort(),
            );
        });
    }

    it("is valid by the package metaschema's rules, with no Any where a type is known", () => {
        assert.deepEqual(schemaProblems(schema), []);
    });

    it("finds what the metaschema forbids: a dangling reference, Any, a foreign token, an enum value of another type", () => {
        const broken = JSON.parse(JSON.stringify(schema)) as PackageSpec & {
            types: Record<string, unknown>;
        };
        const token = `${PACKAGE_NAME}:index:AwsSentinelConnection`;
        const inputs = broken.resources[token].inputProperties as Record<string, unknown>;
        inputs.logTypes = { $ref: `#/types/${PACKAGE_NAME}:index:Missing`, description: "x" };
        inputs.tags = { $ref: "pulumi.json#/Any", description: "x" };
        broken.types["other:index:Thing"] = broken.types[`${PACKAGE_NAME}:index:DestinationTable`];
        broken.types[`${PACKAGE_NAME}:index:AzureCloud`] = {
            type: "string",
            enum: [{ name: "One", value: 1 }],
        };
        const problems = schemaProblems(broken);
        for (const expected of [
            "other:index:Thing: the type token must be sentinel-aws-s3:<module>:<name>",
            `${token} input logTypes: refers to #/types/${PACKAGE_NAME}:index:Missing, which the schema does not define`,
            `${token} input tags: is Any`,
            `${PACKAGE_NAME}:index:AzureCloud: the enum value 1 is not a string`,
            `${PACKAGE_NAME}:index:LogTypes: is defined but no component uses it`,
        ]) {
            assert.ok(
                problems.some((p) => p.startsWith(expected)),
                `${expected}\nnot in\n${problems.join("\n")}`,
            );
        }
    });

    it("finds a field added to an argument description but not to the arguments", () => {
        const [{ component, fields }] = SERVED_COMPONENTS;
        const added = { ...fields, newSetting: { kind: "boolean", doc: "New." } } as Fields;
        assert.deepEqual(
            fieldProblems(schema, component.TYPE, added, typeName).map(
                (p) => p.split(" has the members")[0],
            ),
            [component.TYPE],
        );
    });

    it("finds an argument whose type, Input-ness or required-ness the description has otherwise", () => {
        const { component, fields } = SERVED_COMPONENTS[0];
        const f = fields as Record<string, Fields[string]>;
        const changed = {
            ...fields,
            workspaceId: { ...f.workspaceId, required: false },
            roleName: { ...f.roleName, input: true },
            azureCloud: { ...f.azureCloud, values: ["AzureCloud"] },
            retainOnDelete: { kind: "integer", doc: "x", min: 0, max: 1, unit: "x" },
        } as Fields;
        assert.deepEqual(
            fieldProblems(schema, component.TYPE, changed, typeName).map(
                (p) => p.split(/ (is|must)/)[0],
            ),
            [
                `${component.TYPE}.workspaceId`,
                `${component.TYPE}.azureCloud`,
                `${component.TYPE}.roleName`,
                `${component.TYPE}.retainOnDelete`,
            ],
        );
    });

    it("has the string and number enums of inputs as schema enums", () => {
        for (const [name, values] of [
            ["DestinationTable", DESTINATION_TABLES],
            [
                "ConnectionId",
                // In the order TypeScript's union has them, which follows no declaration: sorted.
                CONNECTIONS.map((c) => c.id).sort(),
            ],
            ["VpcFlowLogConnector", ["classic", "ccf"]],
            ["FlowLogFileFormat", ["plain-text", "parquet"]],
            ["NetworkFirewallLog", ["alert", "flow", "tls"]],
            ["AzureCloud", ["AzureCloud", "AzureUSGovernment"]],
            ["FlowLogAggregationInterval", [60, 600]],
        ] as const) {
            const type = schema.types[`${PACKAGE_NAME}:index:${name}`];
            assert.ok(type, name);
            const found = type.enum?.map((e) => e.value);
            assert.deepEqual(name === "ConnectionId" ? found?.sort() : found, values);
        }
    });

    it("carries enums in outputs as their primitive, naming the values, and names types without Args", () => {
        const connection = schema.types[`${PACKAGE_NAME}:index:SentinelConnection`];
        for (const [member, values] of [
            ["logType", LOG_TYPES],
            ["destinationTable", DESTINATION_TABLES],
        ] as const) {
            const spec = connection.properties?.[member];
            assert.equal(spec?.type, "string", member);
            assert.equal(spec?.$ref, undefined, member);
            for (const value of values) {
                assert.ok(spec?.description?.includes(`\`${value}\``), `${member}: ${value}`);
            }
        }
        assert.equal(
            schema.types[`${PACKAGE_NAME}:index:LogType`],
            undefined,
            "no output-only enum",
        );
        const names = Object.keys(schema.types).map((t) => t.split(":")[2]);
        assert.deepEqual(
            names.filter((n) => n.endsWith("Args")),
            [],
        );
        assert.ok(names.includes("LogTypes") && names.includes("LogDestinationInput"));
        assert.ok(names.includes("LogDestination"), "the output keeps its name");
    });

    it("gives each language the package's coordinates: Go module and import path, Python package with pyproject, C# and Java", () => {
        const language = (schema as unknown as SchemaDocument).language ?? {};
        assert.equal(language.go.importBasePath, `${GO_MODULE}/${GO_PACKAGE}`);
        assert.equal(language.go.modulePath, GO_MODULE);
        assert.equal(language.go.rootPackageName, GO_PACKAGE);
        assert.deepEqual((schema as unknown as SchemaDocument).meta, { supportPack: true });
        assert.equal(language.python.packageName, "pulumi_sentinel_aws_s3");
        assert.deepEqual(language.python.pyproject, { enabled: true });
        assert.ok(language.csharp.rootNamespace && language.java.basePackage);
        for (const l of ["nodejs", "python", "go", "csharp", "java"]) {
            assert.equal(language[l].respectSchemaVersion, true, l);
        }
    });

    it("publishes outputs only, not the resources connectors wait for", () => {
        assert.equal(schema.types[`${PACKAGE_NAME}:index:Resource`], undefined);
        const outputs = Object.keys(
            schema.resources[`${PACKAGE_NAME}:index:AwsSentinelConnection`].properties,
        );
        assert.ok(outputs.includes("roleArn") && outputs.includes("connections"));
        assert.ok(!outputs.includes("connectorPrerequisites"));
    });

    it("lets another language pass a hub's logDestination output to a log source's destination", () => {
        const hub = schema.resources[`${PACKAGE_NAME}:index:AwsSentinelConnection`];
        const source = schema.resources[`${PACKAGE_NAME}:index:SentinelLogSource`];
        assert.equal(
            notAssignable(
                schema,
                hub.properties.logDestination,
                source.inputProperties.destination,
            ),
            undefined,
        );
        assert.ok(
            !source.inputProperties.destination.plain,
            "an Output (a StackReference's) is accepted",
        );
        assert.match(
            notAssignable(schema, hub.properties.connections, source.inputProperties.destination) ??
                "",
            /is not an object like/,
            "and the check tells types apart",
        );
    });

    it("lets another language pass the AWS side's connections output, whole, to the connectors", () => {
        const aws = schema.resources[`${PACKAGE_NAME}:index:AwsSentinelConnection`];
        const connectors = schema.resources[`${PACKAGE_NAME}:index:SentinelAwsS3DataConnectors`];
        assert.ok(
            sameType(aws.properties.connections, connectors.inputProperties.connectionsOutput),
        );
        assert.equal(
            notAssignable(
                schema,
                aws.properties.connections,
                connectors.inputProperties.connectionsOutput,
            ),
            undefined,
        );
        assert.ok(!connectors.inputProperties.connectionsOutput.plain, "an Output is accepted");
        assert.equal(connectors.inputProperties.destinationTables.plain, true);
        assert.ok(sameType(aws.properties.roleArn, connectors.inputProperties.roleArn));
        assert.ok(!connectors.inputProperties.roleArn.plain);
    });

    describe("the YAML example (examples/yaml/Pulumi.yaml)", () => {
        const program = readYamlProgram();

        it("uses the package from this repository", () => {
            assert.equal(program.packages?.[PACKAGE_NAME], "../..");
            assert.equal(path.resolve(EXAMPLES, "yaml", "../.."), ROOT);
        });

        it("sets only properties the schema has, with values of their types, and refers only to outputs that exist", () => {
            assert.deepEqual(yamlProblems(schema, program), []);
        });

        it("is checked: a misspelt property, a wrong enum value and a missing output are found", () => {
            const broken: YamlProgram = JSON.parse(JSON.stringify(program));
            const aws = broken.resources.aws.properties as Record<string, unknown>;
            aws.logType = aws.logTypes;
            delete aws.logTypes;
            (broken.resources.connectors.properties as Record<string, unknown>).destinationTables =
                ["AWSEKSLogs"];
            (broken.outputs as Record<string, unknown>).queueUrl = "${aws.queueUrl}";
            assert.deepEqual(yamlProblems(schema, broken), [
                "aws.logType: sentinel-aws-s3:index:AwsSentinelConnection has no input logType",
                "aws: sentinel-aws-s3:index:AwsSentinelConnection requires the input logTypes",
                'connectors.destinationTables[0]: "AWSEKSLogs" is not one of sentinel-aws-s3:index:DestinationTable\'s values',
                "outputs.queueUrl: aws has no output queueUrl",
            ]);
        });
    });

    describe("the Python example (examples/python/__main__.py)", () => {
        const interpreter = python();

        it("uses only the resources, input types, arguments and outputs of the generated SDK", function () {
            if (!interpreter) {
                this.skip(); // no Python 3 here: the moto suite says so too
            }
            const uses = readPythonUses(
                interpreter as string,
                path.join(EXAMPLES, "python", "__main__.py"),
                "pulumi_sentinel_aws_s3",
            );
            const resources = Object.fromEntries(
                Object.entries(schema.resources).map(([t, r]) => [t.split(":")[2], r]),
            );
            // The SDK's input class of a schema type is the type's name with "Args" appended
            // (pulumi/pulumi pkg/codegen/python/gen.go, unqualifiedObjectTypeName).
            const inputTypes = Object.fromEntries(
                Object.entries(schema.types)
                    .filter(([, t]) => t.properties)
                    .map(([t, type]) => [`${t.split(":")[2]}Args`, type]),
            );
            const problems: string[] = [];
            for (const call of uses.calls) {
                const names = resources[call.func]
                    ? Object.keys(resources[call.func].inputProperties)
                    : inputTypes[call.func]
                      ? Object.keys(inputTypes[call.func].properties ?? {})
                      : undefined;
                if (!names) {
                    problems.push(`line ${call.line}: the SDK has no ${call.func}`);
                    continue;
                }
                for (const k of call.keywords) {
                    if (!names.map(pythonName).includes(k)) {
                        problems.push(`line ${call.line}: ${call.func} has no argument ${k}`);
                    }
                }
            }
            for (const a of uses.attributes) {
                const outputs = Object.keys(resources[a.resource]?.properties ?? {});
                if (!outputs.map(pythonName).includes(a.attribute)) {
                    problems.push(`line ${a.line}: ${a.resource} has no output ${a.attribute}`);
                }
            }
            assert.deepEqual(problems, []);
            assert.ok(
                uses.calls.length >= 6 && uses.attributes.length >= 10,
                "the reader found the calls",
            );
        });
    });
});
