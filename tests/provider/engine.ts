// A stand-in for the Pulumi engine, for driving the plugin as the engine does: the gRPC services a
// provider process calls back (the resource monitor its components register children with, and the
// engine's log), answered by the offline engine's fake cloud and recorded like the offline engine
// records; and the plugin itself, started as the Node.js language host starts it, with a client for
// the provider calls the engine makes (GetSchema, Construct).
import { ChildProcess, spawn } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { deserializeProperties, serializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { FakeCloudMocks, RecordedResource, recordedOptions } from "../../offline/mocks";

/** The monitor's features: what the engine supports, except output values in registrations (as the mocks). */
const FEATURES = [
    resproto.ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_SECRETS,
    resproto.ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_RESOURCE_REFERENCES,
    resproto.ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_ALIAS_SPECS,
    resproto.ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_DELETED_WITH,
];
const LEGACY_FEATURES = ["secrets", "resourceReferences", "aliasSpecs", "deletedWith"];

type Handler<Req, Res> = (call: { request: Req }, callback: grpc.sendUnaryData<Res>) => void;

/** Runs an async handler, answering the call with its result or its error. */
function handle<Req, Res>(fn: (request: Req) => Promise<Res> | Res): Handler<Req, Res> {
    return (call, callback) => {
        Promise.resolve()
            .then(() => fn(call.request))
            .then(
                (res) => callback(null, res),
                (err: Error) => callback({ code: grpc.status.UNKNOWN, details: err.message }),
            );
    };
}

/** The engine's side of one deployment (an update, or a preview with `dryRun`). */
export class FakeEngine {
    /** Every resource registered, in registration order, the stack first. */
    readonly resources: RecordedResource[] = [];
    /** Outputs registered by components, by URN. */
    readonly componentOutputs = new Map<string, Record<string, unknown>>();
    /** What the provider logged, as `severity: message`. */
    readonly logs: string[] = [];
    readonly stackUrn: string;
    private server?: grpc.Server;

    constructor(
        readonly mocks: FakeCloudMocks,
        readonly project: string,
        readonly stack: string,
        readonly dryRun = false,
    ) {
        this.stackUrn = this.urn("", "pulumi:pulumi:Stack", `${project}-${stack}`);
        this.resources.push(this.stackRecord());
    }

    /** The URN the engine gives a resource: the parent's type in front of its own, but not the stack's. */
    urn(parent: string, type: string, name: string): string {
        const parentType = parent && parent !== this.stackUrn ? `${parent.split("::")[2]}$` : "";
        return `urn:pulumi:${this.stack}::${this.project}::${parentType}${type}::${name}`;
    }

    /** Starts the monitor and engine services on one loopback port; resolves with the address. */
    start(): Promise<string> {
        const server = new grpc.Server();
        server.addService(ResourceMonitorService, {
            getDeploymentInfo: handle(() => {
                const info = new resproto.DeploymentInfo();
                info.setSupportedfeaturesList(FEATURES);
                return info;
            }),
            supportsFeature: handle((req: resproto.SupportsFeatureRequest) => {
                const res = new resproto.SupportsFeatureResponse();
                res.setHassupport(LEGACY_FEATURES.includes(req.getId()));
                return res;
            }),
            registerResource: handle((req: resproto.RegisterResourceRequest) =>
                this.registerResource(req),
            ),
            registerResourceOutputs: handle((req: resproto.RegisterResourceOutputsRequest) => {
                const outputs = req.getOutputs();
                this.componentOutputs.set(
                    req.getUrn(),
                    outputs ? deserializeProperties(outputs, true) : {},
                );
                return new Empty();
            }),
            invoke: handle(async (req: resproto.ResourceInvokeRequest) => {
                const args = req.getArgs();
                const result = await this.mocks.call({
                    token: req.getTok(),
                    inputs: args ? deserializeProperties(args) : {},
                    provider: req.getProvider(),
                });
                const res = new resproto.ResourceInvokeResponse();
                res.setReturn(Struct.fromJavaScript(await serializeProperties("invoke", result)));
                return res;
            }),
        });
        server.addService(EngineService, {
            log: handle((req: engineproto.LogRequest) => {
                this.logs.push(`${req.getSeverity()}: ${req.getMessage()}`);
                return new Empty();
            }),
            getRootResource: handle(() => {
                const res = new engineproto.GetRootResourceResponse();
                res.setUrn(this.stackUrn);
                return res;
            }),
            setRootResource: handle(() => new engineproto.SetRootResourceResponse()),
            startDebugging: handle(() => new Empty()),
            requirePulumiVersion: handle(() => new engineproto.RequirePulumiVersionResponse()),
        });
        this.server = server;
        return new Promise((resolve, reject) =>
            server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) =>
                err ? reject(err) : resolve(`127.0.0.1:${port}`),
            ),
        );
    }

    stop(): void {
        this.server?.forceShutdown();
    }

    private async registerResource(
        req: resproto.RegisterResourceRequest,
    ): Promise<resproto.RegisterResourceResponse> {
        const type = req.getType();
        const name = req.getName();
        const urn = this.urn(req.getParent(), type, name);
        const object = req.getObject();
        const inputs = object ? deserializeProperties(object, true) : {};
        // The fake cloud answers a create; a preview knows only what the program sent.
        const created = this.mocks.newResource({
            type,
            name,
            inputs: object ? deserializeProperties(object) : {},
            provider: req.getProvider(),
            custom: req.getCustom(),
            id: req.getImportid(),
        });
        const state = this.dryRun || !req.getCustom() ? inputs : created.state;
        const id = req.getCustom() && !this.dryRun ? created.id : "";
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps, key) => {
            propertyDependencies[key] = deps.getUrnsList();
        });
        this.resources.push({
            urn,
            type,
            name,
            custom: req.getCustom(),
            parent: req.getParent(),
            id,
            inputs,
            state,
            dependencies: req.getDependenciesList(),
            propertyDependencies,
            options: recordedOptions(req),
        });
        const res = new resproto.RegisterResourceResponse();
        res.setUrn(urn);
        res.setId(id);
        res.setObject(
            Struct.fromJavaScript(
                (await serializeProperties(`register ${name}`, state, {
                    keepOutputValues: false,
                })) as Record<string, never>,
            ),
        );
        return res;
    }

    private stackRecord(): RecordedResource {
        return {
            urn: this.stackUrn,
            type: "pulumi:pulumi:Stack",
            name: `${this.project}-${this.stack}`,
            custom: false,
            parent: "",
            id: "",
            inputs: {},
            state: {},
            dependencies: [],
            propertyDependencies: {},
            options: {
                deleteBeforeReplace: false,
                replaceOnChanges: [],
                ignoreChanges: [],
                retainOnDelete: false,
                protect: false,
                provider: "",
            },
        };
    }
}

/** The plugin, running as the language host runs it, and a client for the engine's calls. */
export interface Plugin {
    readonly child: ChildProcess;
    readonly client: ResourceProviderClient;
    /** Everything the plugin wrote to stderr. */
    readonly stderr: () => string;
    stop(): void;
}

/**
 * Starts the plugin in `dir` the way the Node.js language host does for `pulumi package add` and
 * deployments: `node @pulumi/pulumi/cmd/run-plugin <dir> <engine address>` (pulumi/pulumi
 * sdk/nodejs/cmd/pulumi-language-nodejs, `RunPlugin`); resolves once it prints its port.
 */
export function startPlugin(dir: string, engineAddress: string): Promise<Plugin> {
    const env = { ...process.env };
    delete env.PULUMI_NODEJS_TYPESCRIPT;
    const child = spawn(
        process.execPath,
        [require.resolve("@pulumi/pulumi/cmd/run-plugin"), dir, engineAddress],
        { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    return new Promise((resolve, reject) => {
        child.stdout!.on("data", (d: Buffer) => {
            out += d.toString();
            const port = /^(\d+)\s*$/m.exec(out)?.[1];
            if (port) {
                const client = new ResourceProviderClient(
                    `127.0.0.1:${port}`,
                    grpc.credentials.createInsecure(),
                );
                resolve({
                    child,
                    client,
                    stderr: () => err,
                    stop: () => {
                        client.close();
                        child.kill();
                    },
                });
            }
        });
        child.on("exit", (code) =>
            reject(new Error(`the plugin exited with ${code} before serving: ${err}${out}`)),
        );
    });
}

/** The provider's `GetSchema`, as the CLI calls it to generate SDKs. */
export function getSchema(plugin: Plugin): Promise<string> {
    return new Promise((resolve, reject) =>
        plugin.client.getSchema(new provproto.GetSchemaRequest(), (e, res) =>
            e ? reject(e) : resolve(res.getSchema()),
        ),
    );
}

/** One `Construct` call as the engine makes it for a program's remote component. */
export interface ConstructCall {
    readonly type: string;
    readonly name: string;
    /** The inputs on the wire: plain values, secrets and output values in the engine's encoding. */
    readonly inputs: Record<string, unknown>;
    /** Per input, the URNs of the resources its value came from. */
    readonly inputDependencies: Record<string, string[]>;
    /** `dependsOn`. */
    readonly dependencies: string[];
    readonly config: Record<string, string>;
    readonly configSecretKeys: string[];
}

/** What `Construct` answered: the component's URN, its outputs on the wire and their dependencies. */
export interface ConstructResult {
    readonly urn: string;
    readonly state: Record<string, unknown>;
    readonly stateDependencies: Record<string, string[]>;
}

export function construct(
    plugin: Plugin,
    engine: FakeEngine,
    monitorAddress: string,
    call: ConstructCall,
): Promise<ConstructResult> {
    const req = new provproto.ConstructRequest();
    req.setProject(engine.project);
    req.setStack(engine.stack);
    req.setOrganization("organization");
    req.setDryrun(engine.dryRun);
    req.setParallel(4);
    req.setMonitorendpoint(monitorAddress);
    req.setType(call.type);
    req.setName(call.name);
    req.setParent(engine.stackUrn);
    req.setInputs(Struct.fromJavaScript(call.inputs as Record<string, never>));
    for (const [key, urns] of Object.entries(call.inputDependencies)) {
        const deps = new provproto.ConstructRequest.PropertyDependencies();
        deps.setUrnsList(urns);
        req.getInputdependenciesMap().set(key, deps);
    }
    req.setDependenciesList(call.dependencies);
    for (const [key, value] of Object.entries(call.config)) {
        req.getConfigMap().set(key, value);
    }
    req.setConfigsecretkeysList(call.configSecretKeys);
    req.setAcceptsOutputValues(true);
    return new Promise((resolve, reject) =>
        plugin.client.construct(req, (e, res) => {
            if (e) {
                reject(e);
                return;
            }
            const stateDependencies: Record<string, string[]> = {};
            res.getStatedependenciesMap().forEach((deps, key) => {
                stateDependencies[key] = deps.getUrnsList();
            });
            resolve({
                urn: res.getUrn(),
                state: (res.getState()?.toJavaScript() ?? {}) as Record<string, unknown>,
                stateDependencies,
            });
        }),
    );
}
