// `npm start`: the offline preview, run as a newcomer or a pipeline runs it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";

const ROOT = path.join(__dirname, "..", "..");

/** Runs the preview script like `npm start -- <args>` (npm runs it in the package root). */
function start(...args: string[]) {
    return startIn({}, ...args);
}

/** Runs the preview script with a working directory and an `INIT_CWD` (where npm was started). */
function startIn(where: { cwd?: string; initCwd?: string }, ...args: string[]) {
    // ts-node reads the repository's tsconfig wherever the command runs.
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json"),
    };
    delete env.INIT_CWD;
    if (where.initCwd !== undefined) {
        env.INIT_CWD = where.initCwd;
    }
    const result = spawnSync(
        process.execPath,
        [
            "-r",
            require.resolve("ts-node/register/transpile-only"),
            path.join(ROOT, "cli", "preview.ts"),
            ...args,
        ],
        { cwd: where.cwd ?? ROOT, encoding: "utf8", env },
    );
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes a variant of the example stack file and returns its path. */
function stackFile(
    dir: string,
    name: string,
    change: (config: Record<string, any>) => void,
): string {
    const doc = yaml.load(
        fs.readFileSync(path.join(ROOT, "program", "Pulumi.example.yaml"), "utf8"),
    ) as {
        config: Record<string, any>;
    };
    change(doc.config);
    const file = path.join(dir, `Pulumi.${name}.yaml`);
    fs.writeFileSync(file, yaml.dump(doc));
    return file;
}

describe("npm start (offline preview)", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "sentinel-preview-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("prints the plan tree, the three values per connection and the policy verdict, and exits 0 for the example stack", () => {
        const { code, stdout } = start();
        assert.equal(code, 0, stdout);
        assert.match(stdout, /Offline preview of stack "example"/);
        assert.match(stdout, /├─ sentinel-aws-s3:index:AwsSentinelConnection {2}sentinel/);
        assert.match(stdout, /│ {2}├─ aws:iam\/role:Role {2}sentinel-role/);
        assert.match(stdout, /└─ sentinel-aws-s3:index:SentinelAwsS3DataConnectors {2}sentinel/);
        assert.match(stdout, /azure-native:resources:Resource {2}sentinel-AWSGuardDuty/);
        for (const table of ["AWSCloudTrail", "AWSVPCFlow", "AWSGuardDuty"]) {
            assert.match(stdout, new RegExp(`Destination table {2}${table}`));
        }
        assert.match(
            stdout,
            /Role ARN {11}arn:aws:iam::<account-id>:role\/OIDC_MicrosoftSentinel-sentinel-[0-9a-f]{8}/,
        );
        assert.match(
            stdout,
            /SQS URL {12}https:\/\/sqs\.us-east-1\.amazonaws\.com\/<account-id>\/sentinel-vpcFlowLogs-queue-<generated>/,
        );
        assert.match(stdout, /Policy pack verdict: 0 mandatory, \d+ advisory/);
        assert.match(stdout, /PASS/);
        assert.ok(
            !stdout.includes("123456789012/"),
            "the placeholder account is shown as a placeholder",
        );
    });

    it("prints JSON alone with `npm start --silent -- --json`, and says so when npm's banner came first", () => {
        const silent = spawnSync("npm", ["start", "--silent", "--", "--json"], {
            cwd: ROOT,
            encoding: "utf8",
        });
        assert.equal(silent.status, 0, silent.stderr);
        assert.equal(JSON.parse(silent.stdout).ok, true);
        const banner = spawnSync("npm", ["start", "--", "--json"], { cwd: ROOT, encoding: "utf8" });
        assert.match(banner.stderr, /`npm start --silent -- --json` prints the JSON alone/);
    });

    it("gives the same as JSON with --json", () => {
        const { code, stdout } = start("--json");
        assert.equal(code, 0);
        const result = JSON.parse(stdout);
        assert.equal(result.ok, true);
        assert.equal(result.stack, "example");
        assert.equal(result.policy.mandatory, 0);
        assert.deepEqual(
            result.connections.map((c: { destinationTable: string }) => c.destinationTable),
            [
                "AWSCloudTrail",
                "AWSVPCFlow",
                "AWSGuardDuty",
                "AWSRoute53Resolver",
                "AWSSecurityHubFindings",
            ],
        );
        assert.equal(result.plan[0].type, "pulumi:pulumi:Stack");
        assert.deepEqual(
            result.plan[0].children.map((c: { type: string }) => c.type),
            [
                "sentinel-aws-s3:index:AwsSentinelConnection",
                "sentinel-aws-s3:index:SentinelAwsS3DataConnectors",
            ],
        );
        assert.equal(result.resourceCount, 69);
    });

    it("previews another stack by name or path", () => {
        const file = stackFile(dir, "prod", (config) => {
            config["sentinel-aws-s3:aws"].logTypes = { guardDuty: {} };
        });
        const { code, stdout } = start(file);
        assert.equal(code, 0, stdout);
        assert.match(stdout, /Offline preview of stack "prod"/);
        assert.ok(!stdout.includes("AWSCloudTrail"));
        const missing = start("--stack", "nonexistent");
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /Pulumi\.nonexistent\.yaml does not exist/);
    });

    it("exits 2 with the field-naming error for a bad stack file, creating nothing", () => {
        const file = stackFile(dir, "bad", (config) => {
            delete config["sentinel-aws-s3:sentinel"].workspaceName;
            config["sentinel-aws-s3:aws"].logTypes.vpcFlowLogs.vpcIds = ["vpc-1"];
        });
        const { code, stdout, stderr } = start(file);
        assert.equal(code, 2);
        assert.equal(stdout, "");
        assert.match(stderr, /`sentinel-aws-s3:sentinel\.workspaceName` is required/);
        assert.match(
            stderr,
            /`sentinel-aws-s3:aws\.logTypes\.vpcFlowLogs\.vpcIds\[0\]` must be a VPC ID/,
        );
        const json = start(file, "--json");
        assert.equal(json.code, 2);
        assert.equal(JSON.parse(json.stdout).ok, false);
    });

    it("exits 1 when the plan violates a mandatory policy", () => {
        const file = stackFile(dir, "public", (config) => {
            config["sentinel-aws-s3:aws"].bucketPolicyStatements = [
                {
                    Sid: "PublicRead",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:GetObject",
                    Resource: "arn:aws:s3:::sentinel-logs/*",
                },
            ];
        });
        const { code, stdout } = start(file);
        assert.equal(code, 1, stdout);
        assert.match(
            stdout,
            /\[mandatory\] s3-bucket-no-public-access \(aws:s3\/bucketPolicy:BucketPolicy sentinel-logs-policy\)/,
        );
        assert.match(stdout, /FAIL/);
    });
});

describe("npm start's command line", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "sentinel-cli-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("answers a missing option value or an unknown flag with one line of usage, not a stack trace", () => {
        for (const args of [
            ["--stack"],
            ["--frobnicate"],
            ["--policy-config"],
            ["a.yaml", "b.yaml"],
        ]) {
            const { code, stdout, stderr } = start(...args);
            assert.equal(code, 2, args.join(" "));
            assert.equal(stdout, "");
            const lines = stderr.trimEnd().split("\n");
            assert.equal(lines.length, 1, stderr);
            assert.match(lines[0], /usage: npm start -- \[--stack <name> \| <stack file>\]/);
            assert.doesNotMatch(stderr, /\n\s+at /);
        }
        assert.match(
            start("--stack").stderr,
            /^Option '-s, --stack <value>' argument missing\. usage:/,
        );
        assert.match(start("--frobnicate").stderr, /^Unknown option '--frobnicate'/);
    });

    it("names the key and the `pulumi config set --path` form for a secret or a scalar where an object belongs", () => {
        const file = stackFile(dir, "secret", (config) => {
            config["sentinel-aws-s3:aws"] = { secure: "AAABAKxyz==" };
            config["sentinel-aws-s3:sentinel"] = "law-sentinel";
        });
        const { code, stderr } = start(file);
        assert.equal(code, 2);
        assert.match(
            stderr,
            /`sentinel-aws-s3:aws` is one secret \(`secure:`\), but the program reads it as an object \(a map of keys\): set its keys one by one with `pulumi config set --path 'sentinel-aws-s3:aws\.<field>' <value>`/,
        );
        assert.match(
            stderr,
            /`sentinel-aws-s3:sentinel` must be an object \(a map of keys\), not "law-sentinel": set its keys one by one with `pulumi config set --path 'sentinel-aws-s3:sentinel\.<field>' <value>`/,
        );
        const nested = stackFile(dir, "nested", (config) => {
            config["sentinel-aws-s3:sentinel"].workspaceId = { secure: "AAABAKxyz==" };
        });
        assert.match(
            start(nested).stderr,
            /`sentinel-aws-s3:sentinel\.workspaceId` is a secret \(`secure:`\), which the offline preview cannot decrypt/,
        );
    });

    it("resolves a relative stack path against the directory the command was started in", () => {
        stackFile(dir, "relative", (config) => {
            config["sentinel-aws-s3:aws"].logTypes = { guardDuty: {} };
        });
        // npm runs the script in the package root and says where it was started in INIT_CWD.
        const viaNpm = startIn({ initCwd: dir }, "Pulumi.relative.yaml");
        assert.equal(viaNpm.code, 0, viaNpm.stderr);
        assert.match(
            viaNpm.stdout,
            /Offline preview of stack "relative" \(Pulumi\.relative\.yaml\)/,
        );
        const direct = startIn({ cwd: dir }, "./Pulumi.relative.yaml");
        assert.equal(direct.code, 0, direct.stderr);
        assert.match(direct.stdout, /stack "relative"/);
    });

    it("takes the project name, the namespace of the config keys, from Pulumi.yaml, and shares its SDK with the program", () => {
        const project = path.join(dir, "greeter");
        fs.mkdirSync(project);
        fs.writeFileSync(
            path.join(project, "Pulumi.yaml"),
            "name: greeter-app\nruntime: nodejs\nmain: main.ts\n",
        );
        fs.writeFileSync(
            path.join(project, "main.ts"),
            [
                'import * as pulumi from "@pulumi/pulumi";',
                "const config = new pulumi.Config();",
                'export const greeting = config.require("greeting");',
                'new pulumi.CustomResource("test:index:Greeting", config.require("greeting"), {});',
            ].join("\n"),
        );
        fs.writeFileSync(
            path.join(project, "Pulumi.dev.yaml"),
            "config:\n  greeter-app:greeting: hello\n",
        );
        // The project's own copy of the SDK: the offline engine must run it against its own.
        const ownSdk = path.join(project, "node_modules", "@pulumi", "pulumi");
        fs.mkdirSync(ownSdk, { recursive: true });
        fs.writeFileSync(
            path.join(ownSdk, "package.json"),
            '{"name":"@pulumi/pulumi","main":"index.js"}',
        );
        fs.writeFileSync(
            path.join(ownSdk, "index.js"),
            'throw new Error("the project\'s own @pulumi/pulumi was loaded");',
        );
        const { code, stdout, stderr } = start("--program", project, "--stack", "dev", "--json");
        assert.equal(code, 0, stderr);
        const result = JSON.parse(stdout);
        assert.equal(result.project, "greeter-app");
        assert.deepEqual(
            result.plan[0].children.map(
                (c: { type: string; name: string }) => `${c.type} ${c.name}`,
            ),
            ["test:index:Greeting hello"],
        );
        assert.equal(result.plan[0].name, "greeter-app-dev");
    });
});

describe("npm start -- --program (another Pulumi program, offline)", () => {
    it("runs the organization example as the README shows it, with its example stack", () => {
        const { code, stdout } = start("--program", "examples/organization/one-program");
        assert.equal(code, 0, stdout);
        assert.match(
            stdout,
            /stack "example" \(examples\/organization\/one-program\/Pulumi\.example\.yaml\)/,
        );
    });

    it("names the stack files a program has when none is given or the one given is missing", () => {
        const none = start("--program", "examples/organization/stacks/source");
        assert.equal(none.code, 2);
        assert.match(
            none.stderr,
            /has several stack files \(Pulumi\.management\.yaml, Pulumi\.member\.yaml, Pulumi\.security\.yaml\) and no Pulumi\.example\.yaml: pass --stack management \| member \| security, or a path/,
        );
        const missing = start(
            "--program",
            "examples/organization/stacks/source",
            "--stack",
            "prod",
        );
        assert.equal(missing.code, 2);
        assert.match(
            missing.stderr,
            /Pulumi\.prod\.yaml does not exist; the stack files in .* are Pulumi\.management\.yaml/,
        );
        for (const r of [none, missing]) {
            assert.doesNotMatch(r.stderr, /pulumi config set/);
        }
    });

    it("names the stack file to add a missing configuration key to, never `pulumi config set`", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sentinel-program-"));
        try {
            fs.writeFileSync(
                path.join(dir, "Pulumi.yaml"),
                "name: needs-config\nruntime: nodejs\n",
            );
            fs.writeFileSync(
                path.join(dir, "index.ts"),
                'import * as pulumi from "@pulumi/pulumi";\nexport const v = new pulumi.Config().require("organizationId");\n',
            );
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config: {}\n");
            const { code, stderr } = start("--program", dir);
            assert.equal(code, 2, stderr);
            assert.match(
                stderr,
                /Missing required configuration variable 'needs-config:organizationId': add it under `config:` in .*Pulumi\.dev\.yaml \(`needs-config:organizationId: <value>`\)/,
            );
            assert.doesNotMatch(stderr, /pulumi config set/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("refuses the hand-written example stack, naming each mandatory violation", () => {
        const { code, stdout } = start("--program", "examples/hand-written");
        assert.equal(code, 1, stdout);
        assert.match(stdout, /project "hand-written-logs"/);
        for (const expected of [
            /\[mandatory\] s3-bucket-no-public-access \(aws:s3\/bucket:Bucket logs\): Bucket "logs" must not use the canned ACL "public-read"/,
            /\[mandatory\] s3-bucket-no-public-access \(aws:s3\/bucketPolicy:BucketPolicy logs-public-read\): BucketPolicy "logs-public-read" statement "PublicRead" must not allow every principal \("\*"\)/,
            /\[mandatory\] iam-role-policy-no-wildcards \(aws:iam\/rolePolicy:RolePolicy log-reader-everything\): RolePolicy "log-reader-everything" statement "Everything" must not allow the wildcard action "\*"/,
            /\[mandatory\] s3-bucket-public-access-block \(aws:s3\/bucket:Bucket logs\)/,
        ]) {
            assert.match(stdout, expected);
        }
        const verdict = /Policy pack verdict: (\d+) mandatory/.exec(stdout);
        assert.ok(verdict);
        assert.equal(
            stdout.split("\n").filter((l) => l.startsWith("  [mandatory] ")).length,
            Number(verdict[1]),
            "every mandatory violation is named",
        );
        assert.match(stdout, /FAIL/);
    });

    it("applies a policy config file, as --policy-pack-config does", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sentinel-policy-config-"));
        try {
            const file = path.join(dir, "policy-config.json");
            fs.writeFileSync(
                file,
                JSON.stringify({
                    "iam-role-policy-no-wildcards": "advisory",
                    "s3-bucket-no-public-access": "disabled",
                    all: "advisory",
                }),
            );
            const relaxed = start("--program", "examples/hand-written", "--policy-config", file);
            assert.equal(relaxed.code, 0, relaxed.stdout);
            assert.doesNotMatch(relaxed.stdout, /s3-bucket-no-public-access/);
            assert.match(relaxed.stdout, /\[advisory\] iam-role-policy-no-wildcards/);
            fs.writeFileSync(file, JSON.stringify({ "no-such-policy": "advisory" }));
            const wrong = start("--policy-config", file);
            assert.equal(wrong.code, 2);
            assert.match(wrong.stderr, /names policies the pack does not have: no-such-policy/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("accepts the example stack with the pack's example config", () => {
        const { code, stdout } = start("--policy-config", "policy-pack/config.example.json");
        assert.equal(code, 0, stdout);
        assert.match(stdout, /PASS/);
    });
});

describe("npm start -- --preview (as `pulumi preview` sees a new stack)", () => {
    it("prints how many mandatory checks decided, and which could not and why, in text and JSON", () => {
        const text = start("--preview");
        assert.equal(text.code, 0, text.stderr);
        const m = /Mandatory checks decided at preview: (\d+) of (\d+)/.exec(text.stdout);
        assert.ok(m, text.stdout);
        const json = JSON.parse(start("--preview", "--json").stdout);
        assert.equal(json.preview, true);
        const d = json.policy.decisions;
        assert.deepEqual([d.decided, d.mandatoryChecks], [Number(m[1]), Number(m[2])]);
        assert.equal(d.decided + d.undecided.length, d.mandatoryChecks);
        for (const u of d.undecided) {
            assert.ok(u.reasons.length > 0, u.policyName);
            assert.ok(
                u.reasons.every((r: string) => /during preview/.test(r)),
                `${u.policyName}: ${u.reasons.join("; ")}`,
            );
            assert.ok(text.stdout.includes(`  ${u.policyName}`), u.policyName);
        }
        // Without --preview every value is known, so every mandatory check decides.
        const full = JSON.parse(start("--json").stdout).policy.decisions;
        assert.deepEqual(full.undecided, []);
        assert.equal(full.decided, full.mandatoryChecks);
    });

    it("decides every mandatory check of the example stack during a preview of a new stack", () => {
        // The components build their documents from names and invokes known at preview (the role,
        // queues, bucket, trail and OIDC provider), never from IDs AWS assigns at creation.
        const json = JSON.parse(start("--preview", "--json").stdout);
        const d = json.policy.decisions;
        assert.deepEqual(d.undecided, []);
        assert.equal(d.decided, d.mandatoryChecks);
        assert.ok(d.mandatoryChecks > 60, `${d.mandatoryChecks} mandatory checks apply`);
        assert.match(
            start("--preview").stdout,
            /Mandatory checks decided at preview: (\d+) of \1\.\n/,
        );
    });
});
