// Drives a policy pack the way the Pulumi engine does: a stand-in for the engine's gRPC service the
// pack logs to, the pack started as the CLI starts it (`run-policy-pack <engine> <dir>` in the
// pack's directory), and typed calls of the Analyzer service.
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";

/** A stand-in for the engine's gRPC service: it accepts (and records) whatever the pack logs. */
export function startFakeEngine(): Promise<{
    server: grpc.Server;
    address: string;
    logs: string[];
}> {
    const logs: string[] = [];
    const server = new grpc.Server();
    server.addService(EngineService, {
        log: (
            call: grpc.ServerUnaryCall<engineproto.LogRequest, Empty>,
            cb: grpc.sendUnaryData<Empty>,
        ) => {
            logs.push(call.request.getMessage());
            cb(null, new Empty());
        },
        getRootResource: (
            _call: unknown,
            cb: grpc.sendUnaryData<engineproto.GetRootResourceResponse>,
        ) => cb(null, new engineproto.GetRootResourceResponse()),
        setRootResource: (
            _call: unknown,
            cb: grpc.sendUnaryData<engineproto.SetRootResourceResponse>,
        ) => cb(null, new engineproto.SetRootResourceResponse()),
        startDebugging: (_call: unknown, cb: grpc.sendUnaryData<Empty>) => cb(null, new Empty()),
        requirePulumiVersion: (
            _call: unknown,
            cb: grpc.sendUnaryData<engineproto.RequirePulumiVersionResponse>,
        ) => cb(null, new engineproto.RequirePulumiVersionResponse()),
    });
    return new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) =>
            err ? reject(err) : resolve({ server, address: `127.0.0.1:${port}`, logs }),
        ),
    );
}

/**
 * Starts the pack in `packDir` with a `run-policy-pack` runner (the one the CLI finds in the pack's
 * `node_modules`) and resolves with the port it prints, as the CLI reads it.
 */
export function startPack(
    engineAddress: string,
    packDir: string,
    runner: string,
): Promise<{ child: ChildProcess; port: number }> {
    const env = { ...process.env };
    delete env.PULUMI_NODEJS_TYPESCRIPT;
    delete env.TS_NODE_PROJECT;
    const child = spawn(process.execPath, [runner, engineAddress, packDir], {
        cwd: packDir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    return new Promise((resolve, reject) => {
        let out = "";
        let err = "";
        child.stdout!.on("data", (d: Buffer) => {
            out += d.toString();
            const m = /^(\d+)\s*$/m.exec(out);
            if (m) {
                resolve({ child, port: Number(m[1]) });
            }
        });
        child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
        child.on("exit", (code) => reject(new Error(`the pack exited with ${code}: ${err}${out}`)));
    });
}

/** Calls a unary method of the client as a promise. */
export function rpc<Req, Res>(client: AnalyzerClient, method: string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
        const fn = (
            client as unknown as Record<
                string,
                (r: Req, cb: (e: grpc.ServiceError | null, res: Res) => void) => void
            >
        )[method];
        fn.call(client, request, (e, res) => (e ? reject(e) : resolve(res)));
    });
}

export function options(): analyzerproto.AnalyzerResourceOptions {
    const o = new analyzerproto.AnalyzerResourceOptions();
    o.setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts());
    return o;
}

export function analyzeRequest(
    type: string,
    name: string,
    props: Record<string, unknown>,
): analyzerproto.AnalyzeRequest {
    const req = new analyzerproto.AnalyzeRequest();
    req.setType(type);
    req.setName(name);
    req.setUrn(`urn:pulumi:test::sentinel-aws-s3::${type}::${name}`);
    req.setProperties(Struct.fromJavaScript(props as Record<string, never>));
    req.setOptions(options());
    return req;
}

export function stackResource(
    type: string,
    name: string,
    props: Record<string, unknown>,
    deps: Record<string, string[]> = {},
): analyzerproto.AnalyzerResource {
    const r = new analyzerproto.AnalyzerResource();
    r.setType(type);
    r.setName(name);
    r.setUrn(`urn:pulumi:test::sentinel-aws-s3::${type}::${name}`);
    r.setProperties(Struct.fromJavaScript(props as Record<string, never>));
    r.setOptions(options());
    for (const [key, urns] of Object.entries(deps)) {
        const pd = new analyzerproto.AnalyzerPropertyDependencies();
        pd.setUrnsList(urns);
        r.getPropertydependenciesMap().set(key, pd);
    }
    return r;
}

export function configure(
    client: AnalyzerClient,
    config: Record<
        string,
        { level: analyzerproto.EnforcementLevel; properties?: Record<string, unknown> }
    >,
) {
    const req = new analyzerproto.ConfigureAnalyzerRequest();
    for (const [name, c] of Object.entries(config)) {
        const pc = new analyzerproto.PolicyConfig();
        pc.setEnforcementlevel(c.level);
        pc.setProperties(Struct.fromJavaScript((c.properties ?? {}) as Record<string, never>));
        req.getPolicyconfigMap().set(name, pc);
    }
    return rpc<analyzerproto.ConfigureAnalyzerRequest, Empty>(client, "configure", req);
}

export const diagnostics = (resp: analyzerproto.AnalyzeResponse) =>
    resp.getDiagnosticsList().map((d) => ({
        policy: d.getPolicyname(),
        level: d.getEnforcementlevel(),
        message: d.getMessage(),
        urn: d.getUrn(),
    }));

const PACK_SOURCES = path.join(__dirname, "..", "..", "policy-pack");

/**
 * Builds the pack into `dir` (a complete pack: manifest, bundle, licence) with the pack's own build
 * (`policy-pack/build.mjs`), leaving the checkout untouched, and returns `dir`. With
 * `linkDependencies` the pack resolves `@pulumi/policy` from the repository's `node_modules`, as in
 * its source directory.
 */
export function buildPackInto(dir: string, linkDependencies = false): string {
    execFileSync(process.execPath, [path.join(PACK_SOURCES, "build.mjs"), dir], { stdio: "pipe" });
    if (linkDependencies) {
        fs.symlinkSync(
            path.join(PACK_SOURCES, "..", "node_modules"),
            path.join(dir, "node_modules"),
            "dir",
        );
    }
    return dir;
}

/** A pack started against a fake engine, with a client to call it and a way to stop both. */
export interface ServedPack {
    readonly client: AnalyzerClient;
    stop(): void;
}

/** Starts a fake engine and the pack in `packDir` with `runner`, and connects a client to it. */
export async function servePack(packDir: string, runner: string): Promise<ServedPack> {
    const engine = await startFakeEngine();
    const { child, port } = await startPack(engine.address, packDir, runner).catch((e) => {
        engine.server.forceShutdown();
        throw e;
    });
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return {
        client,
        stop: () => {
            client.close();
            child.removeAllListeners("exit");
            child.kill();
            engine.server.forceShutdown();
        },
    };
}
