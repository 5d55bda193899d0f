// `npm start`: the offline preview, run as a newcomer or a pipeline runs it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";

const ROOT = path.join(__dirname, "..", "..");

/** Runs the preview script like `npm start -- <args>`. */
function start(...args: string[]) {
    const result = spawnSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", path.join(ROOT, "cli", "preview.ts"), ...args],
        {
            cwd: ROOT,
            encoding: "utf8",
        },
    );
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes a variant of the example stack file and returns its path. */
function stackFile(
    dir: string,
    name: string,
    change: (config: Record<string, any>) => void,
): string {
    const doc = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.example.yaml"), "utf8")) as {
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

    it("gives the same as JSON with --json", () => {
        const { code, stdout } = start("--json");
        assert.equal(code, 0);
        const result = JSON.parse(stdout);
        assert.equal(result.ok, true);
        assert.equal(result.stack, "example");
        assert.equal(result.policy.mandatory, 0);
        assert.deepEqual(
            result.connections.map((c: { destinationTable: string }) => c.destinationTable),
            ["AWSCloudTrail", "AWSVPCFlow", "AWSGuardDuty"],
        );
        assert.equal(result.plan[0].type, "pulumi:pulumi:Stack");
        assert.deepEqual(
            result.plan[0].children.map((c: { type: string }) => c.type),
            [
                "sentinel-aws-s3:index:AwsSentinelConnection",
                "sentinel-aws-s3:index:SentinelAwsS3DataConnectors",
            ],
        );
        assert.equal(result.resourceCount, 38);
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
