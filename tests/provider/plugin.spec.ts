// The plugin as `pulumi package add` and a deployment use it, without the Pulumi CLI: the packed
// tarball unpacked into a directory, started as the Node.js language host starts a plugin, asked
// for its schema, and driven through `Construct` with the YAML example's resources exactly as the
// engine sends them for a YAML program (plain values, secrets from configuration, the AWS side's
// outputs as output values with their dependencies, unknowns in a preview). What it creates, under
// the offline engine's fake cloud, must be what the TypeScript program creates for the same stack.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isUnknown } from "@pulumi/pulumi/output";
import {
    specialOutputValueSig,
    specialSecretSig,
    specialSigKey,
    unknownValue,
} from "@pulumi/pulumi/runtime/rpc";
import { FakeCloudMocks, RecordedResource } from "../../offline/mocks";
import { runProgram } from "../../offline/program";
import { readStackFile } from "../../offline/stackFile";
import {
    BUILT_SCHEMA_FILE,
    PACKAGE_NAME,
    PackageProvider,
    SERVED_COMPONENTS,
    providerOptions,
} from "../../provider/components";
import { find, inventory, ofType } from "../helpers";
import { EXAMPLES, YamlProgram, fullToken, readYamlProgram, referenceOf } from "./examples";
import { ConstructResult, FakeEngine, Plugin, construct, getSchema, startPlugin } from "./engine";
import { PackageSpec } from "./packageSchema";
import { packedPackage } from "../packed";

const ROOT = path.join(__dirname, "..", "..");
const EXAMPLE = readStackFile(path.join(ROOT, "program", "Pulumi.example.yaml"));
const YAML_STACK = readStackFile(path.join(EXAMPLES, "yaml", "Pulumi.example.yaml"));
const PROGRAM = readYamlProgram();

/** A value on the wire as a secret. */
const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

/** Whether a wire value is (or holds) a secret. */
function holdsSecret(value: unknown): boolean {
    if (typeof value !== "object" || value === null) {
        return false;
    }
    const v = value as Record<string, unknown>;
    return (
        v[specialSigKey] === specialSecretSig ||
        (v[specialSigKey] === specialOutputValueSig && v.secret === true) ||
        Object.values(v).some(holdsSecret)
    );
}

/** A wire value with its secrets opened (what the program's logic sees). */
function reveal(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(reveal);
    }
    if (typeof value !== "object" || value === null) {
        return value;
    }
    const v = value as Record<string, unknown>;
    if (v[specialSigKey] === specialSecretSig) {
        return reveal(v.value);
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)]));
}

/** The value at a path of a wire value, through secrets. */
function at(value: unknown, keys: (string | number)[]): unknown {
    return keys.reduce<unknown>(
        (v, k) => (reveal(v) as Record<string | number, unknown> | undefined)?.[k],
        value,
    );
}

/** The program's configuration variables from a stack file, with the declared defaults. */
function configOf(program: YamlProgram, stack: typeof YAML_STACK): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const [name, declared] of Object.entries(program.config ?? {})) {
        const raw = stack.config[`${program.name}:${name}`];
        values[name] =
            raw === undefined
                ? declared.default
                : declared.type === "string"
                  ? raw
                  : JSON.parse(raw);
    }
    return values;
}

/**
 * Runs the YAML program's resources against the plugin as the engine does: each resource, in
 * order, through `Construct`, its properties evaluated like Pulumi YAML evaluates them. Config
 * values are plain, or secrets for `secretConfig`; a reference to another resource's output is an
 * output value carrying that resource's URN as its dependency (unknown while a preview does not know
 * it); `dependsOn` names the resources' URNs.
 */
async function deployYaml(
    plugin: Plugin,
    engine: FakeEngine,
    monitor: string,
    secretConfig: string[],
): Promise<{ results: Map<string, ConstructResult>; outputs: Record<string, unknown> }> {
    const config = configOf(PROGRAM, YAML_STACK);
    const results = new Map<string, ConstructResult>();
    const evaluate = (value: unknown, deps: Set<string>): unknown => {
        const ref = referenceOf(value);
        if (ref && ref.root in config) {
            return secretConfig.includes(ref.root) ? secret(config[ref.root]) : config[ref.root];
        }
        if (ref) {
            const from = results.get(ref.root);
            assert.ok(from, `${ref.root} is constructed before it is used`);
            deps.add(from.urn);
            // An unknown value has no `value`; a known one may hold unknowns (a preview's queue URLs).
            const resolved = at(from.state, ref.path);
            return {
                [specialSigKey]: specialOutputValueSig,
                ...(resolved !== unknownValue ? { value: resolved } : {}),
                secret: holdsSecret(at(from.state, ref.path.slice(0, 1))),
                dependencies: [from.urn],
            };
        }
        if (Array.isArray(value)) {
            return value.map((v) => evaluate(v, deps));
        }
        if (typeof value === "object" && value !== null) {
            return Object.fromEntries(
                Object.entries(value).map(([k, v]) => [k, evaluate(v, deps)]),
            );
        }
        return value;
    };
    for (const [key, resource] of Object.entries(PROGRAM.resources)) {
        const inputs: Record<string, unknown> = {};
        const inputDependencies: Record<string, string[]> = {};
        for (const [name, value] of Object.entries(resource.properties ?? {})) {
            const deps = new Set<string>();
            inputs[name] = evaluate(value, deps);
            if (deps.size > 0) {
                inputDependencies[name] = [...deps];
            }
        }
        const dependencies = (resource.options?.dependsOn ?? []).map((d) => {
            const urn = results.get(referenceOf(d)?.root ?? "")?.urn;
            assert.ok(urn, `dependsOn ${String(d)} is constructed first`);
            return urn;
        });
        results.set(
            key,
            await construct(plugin, engine, monitor, {
                type: fullToken(resource.type),
                name: resource.name ?? key,
                inputs,
                inputDependencies,
                dependencies,
                config: YAML_STACK.config,
                configSecretKeys: secretConfig.map((k) => `${PROGRAM.name}:${k}`),
            }),
        );
    }
    const outputs = Object.fromEntries(
        Object.entries(PROGRAM.outputs ?? {}).map(([name, value]) => {
            const ref = referenceOf(value);
            if (!ref) {
                return [name, value];
            }
            return [
                name,
                ref.root in config
                    ? config[ref.root]
                    : reveal(at(results.get(ref.root)?.state, ref.path)),
            ];
        }),
    );
    return { results, outputs };
}

/** A recorded resource with its inputs' secrets opened, for comparison. */
const opened = (r: RecordedResource) => ({ type: r.type, name: r.name, inputs: reveal(r.inputs) });

describe("The plugin, driven as the engine drives it", function () {
    this.timeout(300_000);
    let dir: string;
    let packageDir: string;
    let packed: string[];
    let engine: FakeEngine;
    let monitor: string;
    let plugin: Plugin;
    let schema: PackageSpec;
    let deployed: Awaited<ReturnType<typeof deployYaml>>;
    let program: Awaited<ReturnType<typeof runProgram>>;

    before(async () => {
        // The tarball `npm pack` builds (its `prepare` compiles dist/), unpacked as a consumer gets it,
        // with the repository's dependencies where `npm install` would put them.
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "sentinel-aws-s3-plugin-"));
        const pack = packedPackage();
        packed = [...pack.files];
        execFileSync("tar", ["-xzf", pack.tarball, "-C", dir]);
        packageDir = path.join(dir, "package");
        fs.symlinkSync(
            path.join(ROOT, "node_modules"),
            path.join(packageDir, "node_modules"),
            "dir",
        );

        engine = new FakeEngine(
            new FakeCloudMocks(YAML_STACK.cloud),
            "sentinel-aws-s3",
            EXAMPLE.stack,
        );
        monitor = await engine.start();
        plugin = await startPlugin(packageDir, monitor);
        schema = JSON.parse(await getSchema(plugin));
        deployed = await deployYaml(plugin, engine, monitor, ["workspaceId"]);
        program = await runProgram(EXAMPLE);
    });

    after(() => {
        plugin?.stop();
        engine?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("starts from the unpacked tarball, which holds the manifest, the entry and the sources the analyzer reads", () => {
        for (const f of [
            "PulumiPlugin.yaml",
            "package.json",
            "dist/provider/index.js",
            "provider/components.ts",
        ]) {
            assert.ok(packed.includes(f), `${f} is packed`);
        }
        assert.deepEqual(
            engine.logs.filter((l) => l.startsWith("3")),
            [],
            "no errors logged",
        );
    });

    it("serves the schema of every component, named after the package", () => {
        assert.equal(schema.name, PACKAGE_NAME);
        for (const { component, fields } of SERVED_COMPONENTS) {
            const resource = schema.resources[component.TYPE];
            assert.ok(resource, component.TYPE);
            assert.deepEqual(
                Object.keys(resource.inputProperties).sort(),
                Object.keys(fields).sort(),
            );
        }
    });

    it("serves the schema the build wrote, which is what the analyzer derives from the sources", async () => {
        const built = JSON.parse(
            fs.readFileSync(path.join(packageDir, "dist", "provider", BUILT_SCHEMA_FILE), "utf8"),
        );
        assert.deepEqual(schema, built);
        const analyzed = JSON.parse(
            await new PackageProvider(providerOptions(ROOT), { analyze: true }).getSchema(),
        );
        assert.deepEqual(schema, analyzed);
    });

    it("creates from the YAML program exactly the resources the TypeScript program creates, with the same inputs", () => {
        assert.deepEqual(inventory(engine.resources), inventory(program.resources));
        for (const r of engine.resources.filter((x) => x.custom)) {
            assert.deepEqual(
                opened(r),
                opened(find(program.resources, r.type, r.name)),
                `${r.type} ${r.name}`,
            );
        }
    });

    it("parents the components to the stack and every resource to its component", () => {
        const aws = find(
            engine.resources,
            "sentinel-aws-s3:index:AwsSentinelConnection",
            "sentinel",
        );
        const azure = find(
            engine.resources,
            "sentinel-aws-s3:index:SentinelAwsS3DataConnectors",
            "sentinel",
        );
        assert.equal(aws.parent, engine.stackUrn);
        assert.equal(azure.parent, engine.stackUrn);
        assert.equal(deployed.results.get("aws")?.urn, aws.urn);
        assert.equal(deployed.results.get("connectors")?.urn, azure.urn);
        for (const r of engine.resources.filter((x) => x.custom)) {
            assert.equal(
                r.parent,
                r.type.startsWith("aws:") ? aws.urn : azure.urn,
                `${r.type} ${r.name}`,
            );
        }
    });

    it("creates the connectors after the AWS side and the IAM wait, as the engine orders a dependency on the component", () => {
        const aws = deployed.results.get("aws")!.urn;
        const wait = find(engine.resources, "time:index/sleep:Sleep", "sentinel-iam-propagation");
        assert.ok(wait.dependencies.includes(aws), "the IAM wait waits for the AWS side");
        for (const c of ofType(engine.resources, "azure-native:resources:Resource")) {
            assert.ok(c.dependencies.includes(aws), `${c.name} waits for the AWS side`);
            assert.ok(c.dependencies.includes(wait.urn), `${c.name} waits for IAM`);
            assert.ok(
                c.propertyDependencies.properties?.includes(aws),
                `${c.name}'s role ARN and queue URL come from the AWS side`,
            );
        }
    });

    it("answers with the outputs the schema declares, and the YAML program's outputs are the TypeScript program's", () => {
        for (const [key, resource] of Object.entries(PROGRAM.resources)) {
            const declared = schema.resources[fullToken(resource.type)];
            const state = deployed.results.get(key)!.state;
            for (const k of Object.keys(state)) {
                assert.ok(
                    k in declared.properties,
                    `${key} answers ${k}, which the schema declares`,
                );
            }
            for (const k of declared.required ?? []) {
                assert.ok(k in state, `${key} answers ${k}`);
            }
        }
        const { connections, ...rest } = program.result as unknown as Record<string, unknown> & {
            connections: Record<string, unknown>[];
        };
        for (const [name, value] of Object.entries(rest)) {
            if (name in deployed.outputs) {
                assert.deepEqual(deployed.outputs[name], value, name);
            }
        }
        assert.deepEqual(
            Object.keys(rest).filter((k) => !(k in deployed.outputs)),
            [],
            "the YAML program exports every output the TypeScript program does",
        );
        assert.deepEqual(
            (deployed.outputs.connections as Record<string, unknown>[]).map((c) =>
                Object.fromEntries(Object.keys(connections[0]).map((k) => [k, c[k]])),
            ),
            connections,
        );
    });

    it("keeps a secret from configuration secret: in the resources it reaches and in the outputs", () => {
        const role = find(engine.resources, "aws:iam/role:Role", "sentinel-role");
        assert.ok(
            holdsSecret(role.inputs.assumeRolePolicy),
            "the trust policy names the workspace",
        );
        assert.ok(holdsSecret(deployed.results.get("aws")!.state.workspaceId));
        assert.ok(!holdsSecret(deployed.results.get("aws")!.state.roleArn));
    });

    it("refuses bad input with the component's message, naming each field, before creating anything", async () => {
        const before = engine.resources.length;
        const call = {
            type: `${PACKAGE_NAME}:index:SentinelAwsS3DataConnectors`,
            name: "bad",
            inputs: {
                resourceGroupName: "rg-sentinel",
                workspaceName: "law-sentinel",
                connectionsOutput: {
                    [specialSigKey]: specialOutputValueSig,
                    value: [],
                    dependencies: [],
                },
            },
            inputDependencies: {},
            dependencies: [],
            config: {},
            configSecretKeys: [],
        };
        await assert.rejects(construct(plugin, engine, monitor, call), (e: Error) => {
            assert.match(e.message, /SentinelAwsS3DataConnectors "bad" has 2 invalid values/);
            assert.match(e.message, /`connectionsOutput` needs `destinationTables`/);
            assert.match(e.message, /`roleArn` is required with `connectionsOutput`/);
            return true;
        });
        assert.equal(engine.resources.length, before);
    });

    describe("in a preview", () => {
        let preview: FakeEngine;
        let previewMonitor: string;
        let previewPlugin: Plugin;
        let previewed: Awaited<ReturnType<typeof deployYaml>>;
        before(async () => {
            // Its own plugin process, as every deployment starts the plugins it uses.
            preview = new FakeEngine(
                new FakeCloudMocks(YAML_STACK.cloud),
                "sentinel-aws-s3",
                EXAMPLE.stack,
                true,
            );
            previewMonitor = await preview.start();
            previewPlugin = await startPlugin(packageDir, previewMonitor);
            previewed = await deployYaml(previewPlugin, preview, previewMonitor, []);
        });
        after(() => {
            previewPlugin?.stop();
            preview?.stop();
        });

        it("plans every resource while the queue URLs are still unknown", () => {
            assert.deepEqual(inventory(preview.resources), inventory(program.resources));
            const connections = previewed.results.get("aws")!.state.connections as {
                sqsUrl: unknown;
            }[];
            assert.deepEqual(
                connections.map((c) => c.sqsUrl),
                connections.map(() => unknownValue),
                "the queue URLs are unknown",
            );
            const connectors = ofType(preview.resources, "azure-native:resources:Resource");
            const role = find(preview.resources, "aws:iam/role:Role", "sentinel-role");
            assert.deepEqual(
                [...connectors]
                    .sort((a, b) => a.name.localeCompare(b.name))
                    .map((c) => {
                        const body = c.inputs.properties;
                        const url = body.sqsUrls;
                        return [
                            c.name,
                            body.destinationTable,
                            body.roleArn.endsWith(`:role/${role.inputs.name}`),
                            isUnknown(url) || (Array.isArray(url) && url.every(isUnknown)),
                        ];
                    }),
                [
                    ["sentinel-AWSCloudTrail", "AWSCloudTrail", true, true],
                    ["sentinel-AWSGuardDuty", "AWSGuardDuty", true, true],
                    ["sentinel-AWSRoute53Resolver", "AWSRoute53Resolver", true, true],
                    ["sentinel-AWSSecurityHubFindings", "AWSSecurityHubFindings", true, true],
                    ["sentinel-AWSVPCFlow", "AWSVPCFlow", true, true],
                ],
                "one connector per listed table, its role known, its queue URL not yet",
            );
            assert.deepEqual(
                preview.logs.filter((l) => !l.startsWith("0: ")),
                [],
                "nothing but debug messages",
            );
        });
    });
});
