// The compiled pack, started as the Pulumi CLI starts it (`run-policy-pack <engine> <dir>` in the
// pack's directory), driven over gRPC like the engine drives an analyzer.
import * as assert from "assert";
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import { policies } from "../../policy-pack/policies";

const ROOT = path.join(__dirname, "..", "..");
const PACK_DIR = path.join(ROOT, "policy-pack");
const { EnforcementLevel } = analyzerproto;

/** A stand-in for the engine's gRPC service: it accepts (and records) whatever the pack logs. */
function startFakeEngine(): Promise<{ server: grpc.Server; address: string; logs: string[] }> {
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

/** Starts the pack and resolves with the port it prints, as the CLI reads it. */
function startPack(engineAddress: string): Promise<{ child: ChildProcess; port: number }> {
    const env = { ...process.env };
    delete env.PULUMI_NODEJS_TYPESCRIPT;
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
    const child = spawn(process.execPath, [runner, engineAddress, "."], {
        cwd: PACK_DIR,
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
function rpc<Req, Res>(client: AnalyzerClient, method: string, request: Req): Promise<Res> {
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

function options(): analyzerproto.AnalyzerResourceOptions {
    const o = new analyzerproto.AnalyzerResourceOptions();
    o.setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts());
    return o;
}

function analyzeRequest(
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

function stackResource(
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

function configure(
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

const diagnostics = (resp: analyzerproto.AnalyzeResponse) =>
    resp.getDiagnosticsList().map((d) => ({
        policy: d.getPolicyname(),
        level: d.getEnforcementlevel(),
        message: d.getMessage(),
        urn: d.getUrn(),
    }));

const SINGLE_REGION_TRAIL = analyzeRequest("aws:cloudtrail/trail:Trail", "trail", {
    s3BucketName: "logs",
    enableLogFileValidation: true,
    kmsKeyId: "k",
});

describe("The compiled policy pack over gRPC", function () {
    this.timeout(60_000);
    let engine: Awaited<ReturnType<typeof startFakeEngine>>;
    let pack: ChildProcess | undefined;
    let client: AnalyzerClient;

    before(async () => {
        execFileSync(
            process.execPath,
            [require.resolve("typescript/bin/tsc"), "-p", path.join(PACK_DIR, "tsconfig.json")],
            { cwd: ROOT, stdio: "pipe" },
        );
        engine = await startFakeEngine();
        const started = await startPack(engine.address);
        pack = started.child;
        client = new AnalyzerClient(`127.0.0.1:${started.port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        pack?.removeAllListeners("exit");
        pack?.kill();
        engine?.server.forceShutdown();
    });

    it("describes every policy with its enforcement level, severity and configuration schema", async () => {
        const info = await rpc<Empty, analyzerproto.AnalyzerInfo>(
            client,
            "getAnalyzerInfo",
            new Empty(),
        );
        assert.strictEqual(info.getName(), "sentinel-aws-s3");
        assert.strictEqual(info.getVersion(), "0.1.0");
        const listed = info.getPoliciesList();
        assert.deepStrictEqual(
            listed.map((p) => p.getName()),
            policies.map((p) => p.name),
        );
        for (const p of listed) {
            const own = policies.find((x) => x.name === p.getName())!;
            assert.strictEqual(
                p.getEnforcementlevel(),
                own.enforcementLevel === "mandatory"
                    ? EnforcementLevel.MANDATORY
                    : EnforcementLevel.ADVISORY,
                p.getName(),
            );
            assert.notStrictEqual(
                p.getSeverity(),
                analyzerproto.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED,
                p.getName(),
            );
            assert.ok(p.getRemediationSteps(), p.getName());
        }
        const trust = listed.find((p) => p.getName() === "iam-sentinel-role-trust-conditions")!;
        assert.deepStrictEqual(
            trust.getConfigschema()?.getProperties()?.toJavaScript().workspaceIds,
            {
                type: "array",
                items: {
                    type: "string",
                    pattern:
                        "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
                },
                default: [],
                description:
                    "Log Analytics workspace IDs (customer ID GUIDs) Sentinel roles may be bound to; empty allows any workspace ID.",
            },
        );
    });

    it("reports a bad resource's violations from Analyze", async () => {
        const resp = await rpc<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(
            client,
            "analyze",
            SINGLE_REGION_TRAIL,
        );
        assert.deepStrictEqual(
            diagnostics(resp).map((d) => [d.policy, d.level]),
            [["cloudtrail-trail-multi-region", EnforcementLevel.MANDATORY]],
        );
        assert.match(
            diagnostics(resp)[0].message,
            /^Checks that CloudTrail trails record every region \(isMultiRegionTrail\)\.\nTrail "trail" must record every region/,
        );
        assert.ok(
            resp.getNotApplicableList().some((n) => n.getPolicyName() === "sqs-queue-encrypted"),
        );
    });

    it("applies Configure to the next Analyze: a mandatory policy made advisory, a setting changed", async () => {
        await configure(client, {
            "cloudtrail-trail-multi-region": { level: EnforcementLevel.ADVISORY },
            "sqs-queue-message-retention": {
                level: EnforcementLevel.MANDATORY,
                properties: { minMessageRetentionSeconds: 86400 },
            },
        });
        const trail = await rpc<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(
            client,
            "analyze",
            SINGLE_REGION_TRAIL,
        );
        assert.deepStrictEqual(
            diagnostics(trail).map((d) => [d.policy, d.level]),
            [["cloudtrail-trail-multi-region", EnforcementLevel.ADVISORY]],
        );
        const queue = analyzeRequest("aws:sqs/queue:Queue", "queue", {
            sqsManagedSseEnabled: true,
            messageRetentionSeconds: 3600,
        });
        const resp = await rpc<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(
            client,
            "analyze",
            queue,
        );
        assert.deepStrictEqual(diagnostics(resp), [
            {
                policy: "sqs-queue-message-retention",
                level: EnforcementLevel.MANDATORY,
                message:
                    'Checks that SQS queues keep messages at least `minMessageRetentionSeconds` (default 14 days), so notifications outlast an outage of the connector.\nQueue "queue" must keep messages at least 86400 seconds, not 3600.',
                urn: "",
            },
        ]);
        await configure(client, {});
    });

    it("reports stack-level violations from AnalyzeStack", async () => {
        const bucket = stackResource("aws:s3/bucket:Bucket", "logs", {
            bucket: "logs-1234",
            arn: "arn:aws:s3:::logs-1234",
        });
        const pab = stackResource(
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "logs-pab",
            {
                bucket: "logs-1234",
                blockPublicAcls: true,
                blockPublicPolicy: false,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { bucket: [bucket.getUrn()] },
        );
        const req = new analyzerproto.AnalyzeStackRequest();
        req.setResourcesList([bucket, pab]);
        const resp = await rpc<analyzerproto.AnalyzeStackRequest, analyzerproto.AnalyzeResponse>(
            client,
            "analyzeStack",
            req,
        );
        const pabFindings = diagnostics(resp).filter(
            (d) => d.policy === "s3-bucket-public-access-block",
        );
        assert.deepStrictEqual(
            pabFindings.map((d) => [d.level, d.urn]),
            [[EnforcementLevel.MANDATORY, pab.getUrn()]],
        );
        assert.match(
            pabFindings[0].message,
            /Bucket "logs" must have blockPublicPolicy true in BucketPublicAccessBlock "logs-pab", not false\.$/,
        );
        for (const policy of [
            "s3-bucket-encryption",
            "s3-bucket-versioning",
            "s3-bucket-ownership-enforced",
            "s3-bucket-policy-tls-only",
        ]) {
            assert.ok(
                diagnostics(resp).some(
                    (d) => d.policy === policy && d.level === EnforcementLevel.MANDATORY,
                ),
                policy,
            );
        }
    });
});
