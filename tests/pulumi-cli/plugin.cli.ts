// The package as other Pulumi languages use it, through the real CLI and its language hosts: the
// schema the plugin serves, the SDKs generated from it (Node.js, Python, Go) installed or compiled as
// generated, and the YAML and Python examples previewed until their first call into a provider (the
// provider plugins cannot be had here: each is a stand-in that exits when started). The plugin is the
// npm tarball unpacked as a consumer gets it, so the checkout is never written.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { packedPackage } from "../packed";
import { ROOT, ok, pulumi, pulumiVersion, run, tempDir } from "./cli";

/** What a preview that reached the first provider call shows, and what it must not show. */
function assertReachedProviders(output: string): void {
    assert.match(output, /sentinel-aws-s3:index:AwsSentinelConnection\s+\S+\s+create/);
    assert.match(output, /pulumi-resource-aws/, "stopped at the AWS provider");
    assert.doesNotMatch(output, /Cannot assign|is not assignable/, "no type error");
    assert.doesNotMatch(output, /Warning: /, "no warning");
}

/** A copy of an example program, its package pointed at the unpacked plugin, with a stack. */
function exampleStack(example: string, pluginDir: string, dir: string): string {
    const program = path.join(dir, example);
    fs.cpSync(path.join(ROOT, "examples", example), program, { recursive: true });
    const manifest = path.join(program, "Pulumi.yaml");
    fs.writeFileSync(
        manifest,
        fs
            .readFileSync(manifest, "utf8")
            .replace(/sentinel-aws-s3: \.\.\/\.\./, `sentinel-aws-s3: ${pluginDir}`),
    );
    fs.copyFileSync(
        path.join(program, "Pulumi.example.yaml"),
        path.join(program, "Pulumi.dev.yaml"),
    );
    return program;
}

describe("The plugin under the real Pulumi CLI", function () {
    this.timeout(1_800_000);
    let dir: string;
    let pluginDir: string;
    let served: Record<string, any>;

    before(function () {
        if (!pulumiVersion()) {
            this.skip();
        }
        dir = tempDir("plugin");
        execFileSync("tar", ["-xzf", packedPackage().tarball, "-C", dir]);
        pluginDir = path.join(dir, "package");
    });

    it("serves through the Node.js language host exactly the schema `npm run schema` prints", () => {
        // The first run installs the plugin's dependencies (`npm install` in its directory).
        ok(
            pulumi(["package", "get-schema", pluginDir], {
                cwd: dir,
                label: "get-schema, first (installs)",
            }),
            "get-schema",
        );
        const again = ok(
            pulumi(["package", "get-schema", pluginDir], { cwd: dir, label: "get-schema, again" }),
            "get-schema",
        );
        served = JSON.parse(again.stdout);
        const file = path.join(dir, "schema.json");
        fs.writeFileSync(
            file,
            ok(
                run(
                    process.execPath,
                    ["-r", "ts-node/register/transpile-only", "scripts/schema.ts"],
                    { cwd: ROOT },
                ),
                "npm run schema",
            ).stdout,
        );
        // The CLI binds and normalises what it reads; bound the same way, the two are equal.
        const printed = JSON.parse(
            ok(pulumi(["package", "get-schema", file], { cwd: dir }), "get-schema").stdout,
        );
        assert.deepEqual(served, printed);
        assert.ok(served.types["sentinel-aws-s3:index:LogTypes"], "type names without Args");
    });

    it("generates a Node.js SDK that installs and compiles", () => {
        const out = path.join(dir, "sdk-nodejs");
        ok(
            pulumi(["package", "gen-sdk", pluginDir, "--language", "nodejs", "--out", out], {
                cwd: dir,
                label: "gen-sdk nodejs",
            }),
            "gen-sdk",
        );
        const sdk = path.join(out, "nodejs");
        ok(
            run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], {
                cwd: sdk,
                label: "Node.js SDK: npm install",
            }),
            "npm install",
        );
        ok(run("npx", ["tsc", "-p", "."], { cwd: sdk, label: "Node.js SDK: tsc" }), "tsc");
        const input = fs.readFileSync(path.join(sdk, "types", "input.ts"), "utf8");
        assert.match(input, /export interface LogTypesArgs \{/);
        assert.doesNotMatch(input, /ArgsArgs/);
    });

    it("generates a Python SDK that installs, with the TypeScript interfaces' names", () => {
        const out = path.join(dir, "sdk-python");
        ok(
            pulumi(["package", "gen-sdk", pluginDir, "--language", "python", "--out", out], {
                cwd: dir,
                label: "gen-sdk python",
            }),
            "gen-sdk",
        );
        assert.ok(fs.existsSync(path.join(out, "python", "pyproject.toml")), "a pyproject.toml");
        const venv = path.join(dir, "venv");
        ok(run("python3", ["-m", "venv", venv], { cwd: dir }), "venv");
        const python = path.join(venv, "bin", "python");
        ok(
            run(
                python,
                [
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    path.join(out, "python"),
                ],
                {
                    cwd: dir,
                    label: "Python SDK: pip install (with pulumi)",
                },
            ),
            "pip install",
        );
        const names = ok(
            run(
                python,
                [
                    "-c",
                    "import pulumi_sentinel_aws_s3 as s; print(' '.join(n for n in dir(s) if not n.startswith('_')))",
                ],
                { cwd: dir },
            ),
            "import",
        ).stdout.split(/\s+/);
        for (const name of [
            "AwsSentinelConnection",
            "SentinelAwsS3DataConnectors",
            "SentinelLogSource",
            "LogTypesArgs",
            "CloudTrailLogArgs",
            "LogDestinationInputArgs",
        ]) {
            assert.ok(names.includes(name), name);
        }
        assert.deepEqual(
            names.filter((n) => n.includes("ArgsArgs")),
            [],
        );
    });

    it("generates a Go SDK that builds as generated: its go.mod, its import path", () => {
        const out = path.join(dir, "sdk-go");
        ok(
            pulumi(["package", "gen-sdk", pluginDir, "--language", "go", "--out", out], {
                cwd: dir,
                label: "gen-sdk go",
            }),
            "gen-sdk",
        );
        const sdk = path.join(out, "go");
        const mod = fs.readFileSync(path.join(sdk, "go.mod"), "utf8");
        assert.match(mod, /^module github\.com\/sentinel-aws-s3\/sentinel-aws-s3\/sdk\/go$/m);
        assert.ok(fs.existsSync(path.join(sdk, "sentinelawss3", "awsSentinelConnection.go")));
        // The Go SDK of the CLI's own version (the generator pins an older one).
        const version = pulumiVersion()!.replace(/^v?/, "v");
        const env = { GOFLAGS: "-mod=mod" };
        ok(
            run("go", ["get", `github.com/pulumi/pulumi/sdk/v3@${version}`], {
                cwd: sdk,
                env,
                label: "Go SDK: go get",
            }),
            "go get",
        );
        ok(run("go", ["build", "./..."], { cwd: sdk, env, label: "Go SDK: go build" }), "go build");
    });

    it("type-checks the YAML example and previews it up to the first provider call", () => {
        const program = exampleStack("yaml", pluginDir, dir);
        ok(pulumi(["stack", "init", "dev"], { cwd: program }), "stack init");
        ok(pulumi(["config", "set", "aws:region", "eu-west-1"], { cwd: program }), "config");
        const preview = pulumi(["preview"], { cwd: program, label: "YAML example: preview" });
        assertReachedProviders(preview.output);
    });

    it("adds the package to the Python example and previews it up to the first provider call", () => {
        const program = exampleStack("python", pluginDir, dir);
        ok(
            pulumi(["package", "add", pluginDir], {
                cwd: program,
                label: "Python example: package add",
            }),
            "package add",
        );
        assert.match(
            fs.readFileSync(path.join(program, "requirements.txt"), "utf8"),
            /sdks\/sentinel-aws-s3/,
        );
        ok(pulumi(["install"], { cwd: program, label: "Python example: install" }), "install");
        ok(pulumi(["stack", "init", "dev"], { cwd: program }), "stack init");
        ok(pulumi(["config", "set", "aws:region", "eu-west-1"], { cwd: program }), "config");
        const preview = pulumi(["preview"], { cwd: program, label: "Python example: preview" });
        assertReachedProviders(preview.output);
    });
});
