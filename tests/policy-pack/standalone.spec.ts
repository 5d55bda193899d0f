// The published pack on its own, as Pulumi runs an enforced pack: the npm tarball extracted into an
// empty directory with nothing around it, its dependencies installed there, and the pack started
// with that directory's own `run-policy-pack`. No TypeScript, no repository, no `components/`.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { policies } from "../../policy-pack/policies";
import {
    analyzeRequest,
    diagnostics,
    buildPackInto,
    rpc,
    stackResource,
    ServedPack,
    servePack,
} from "./packServer";

const { EnforcementLevel } = analyzerproto;

describe("The policy pack as a standalone npm package", function () {
    this.timeout(300_000);
    let dir: string;
    let packDir: string;
    let files: string[];
    let manifest: Record<string, any>;
    let served: ServedPack | undefined;
    let client: AnalyzerClient;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "sentinel-policy-"));
        // What `npm pack` in policy-pack/ publishes (its `prepack` builds), staged outside the
        // checkout: the same build, then `npm pack` of the staged pack.
        const staged = buildPackInto(path.join(dir, "staged"));
        const packed = JSON.parse(
            execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], {
                cwd: staged,
                encoding: "utf8",
                stdio: ["ignore", "pipe", "pipe"],
            }),
        );
        files = packed[0].files.map((f: { path: string }) => f.path).sort();
        packDir = path.join(dir, "pack");
        fs.mkdirSync(packDir);
        execFileSync("tar", [
            "-xzf",
            path.join(dir, packed[0].filename),
            "-C",
            packDir,
            "--strip-components=1",
        ]);
        manifest = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8"));
        // What the CLI does for an enforced pack: install its dependencies in its own directory.
        execFileSync(
            "npm",
            ["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund"],
            { cwd: packDir, stdio: ["ignore", "ignore", "pipe"] },
        );
        served = await servePack(
            packDir,
            path.join(packDir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack"),
        );
        client = served.client;
    });

    after(() => {
        served?.stop();
        if (dir) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("ships compiled JavaScript, its Pulumi metadata and licence, and no TypeScript", () => {
        assert.deepStrictEqual(files, [
            "LICENSE",
            "PulumiPolicy.yaml",
            "README.md",
            "bin/index.js",
            "bin/index.js.map",
            "config.example.json",
            "package.json",
        ]);
        assert.strictEqual(manifest.name, "sentinel-aws-s3-policy");
        assert.strictEqual(manifest.main, "bin/index.js");
        assert.deepStrictEqual(Object.keys(manifest.dependencies).sort(), [
            "@pulumi/policy",
            "@pulumi/pulumi",
        ]);
        assert.ok(!("private" in manifest), "the pack is publishable");
        assert.match(
            fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8"),
            /^runtime: nodejs$/m,
        );
    });

    it("carries the connector facts inside its bundle instead of importing the repository", () => {
        const bundle = fs.readFileSync(path.join(packDir, "bin", "index.js"), "utf8");
        const required = [...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
        assert.deepStrictEqual([...new Set(required)].sort(), ["@pulumi/policy"]);
        // Sentinel's issuer tenant and audience (connector facts), from the catalog.
        assert.ok(bundle.includes("33e01921-4d64-4f8c-a055-5bdaffd5e33d"));
        assert.ok(bundle.includes("1462b192-27f7-4cb9-8523-0f4ecb54b47e"));
        assert.ok(!fs.existsSync(path.join(packDir, "node_modules", "typescript")));
    });

    it("lists every policy over gRPC when started with its own run-policy-pack", async () => {
        const info = await rpc<Empty, analyzerproto.AnalyzerInfo>(
            client,
            "getAnalyzerInfo",
            new Empty(),
        );
        assert.strictEqual(info.getName(), "sentinel-aws-s3");
        assert.strictEqual(info.getVersion(), manifest.version);
        assert.deepStrictEqual(
            info.getPoliciesList().map((p) => p.getName()),
            policies.map((p) => p.name),
        );
    });

    it("flags a bad resource from Analyze and a bad stack from AnalyzeStack", async () => {
        const trail = await rpc<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(
            client,
            "analyze",
            analyzeRequest("aws:cloudtrail/trail:Trail", "trail", {
                s3BucketName: "logs",
                enableLogFileValidation: true,
                kmsKeyId: "k",
            }),
        );
        assert.deepStrictEqual(
            diagnostics(trail).map((d) => [d.policy, d.level]),
            [["cloudtrail-trail-multi-region", EnforcementLevel.MANDATORY]],
        );
        const req = new analyzerproto.AnalyzeStackRequest();
        req.setResourcesList([
            stackResource("aws:s3/bucket:Bucket", "logs", { bucket: "logs-1234" }),
        ]);
        const stack = await rpc<analyzerproto.AnalyzeStackRequest, analyzerproto.AnalyzeResponse>(
            client,
            "analyzeStack",
            req,
        );
        assert.ok(
            diagnostics(stack).some(
                (d) =>
                    d.policy === "s3-bucket-public-access-block" &&
                    d.level === EnforcementLevel.MANDATORY,
            ),
        );
    });
});
