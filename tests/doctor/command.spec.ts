// The doctor as a user meets it: the bin, its exit codes, what loads when, and its documentation's
// promises (`docs/doctor.md`: the auditor policy, the Azure role, the `--json` fields) kept equal to
// the code.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runBin } from "./bin";
import {
    DOCTOR_AZURE_ROLES,
    DOCTOR_IAM_ACTIONS,
    doctorAuditorPolicy,
} from "../../cli/doctor/permissions";
import { buildReport } from "../../cli/doctor/report";

const ROOT = path.join(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const DOCTOR_PAGE = fs.readFileSync(path.join(ROOT, "docs", "doctor.md"), "utf8");

/** The doctor's page, up to its manual checklist. */
function doctorSection(): string {
    assert.ok(DOCTOR_PAGE.startsWith("# Doctor"), "docs/doctor.md is the doctor's page");
    const end = DOCTOR_PAGE.indexOf("\n## Troubleshooting");
    return DOCTOR_PAGE.slice(0, end < 0 ? undefined : end);
}

describe("doctor command", function () {
    this.timeout(60_000);

    it("prints usage: exit 0 for help, 2 without a command", () => {
        const help = runBin(["doctor", "--help"]);
        assert.equal(help.code, 0);
        assert.match(help.stdout, /Usage: sentinel-aws-s3 doctor/);
        assert.equal(runBin([]).code, 2);
        assert.equal(runBin(["cure"]).code, 2);
    });

    it("exits 2 on bad input, listing every problem", () => {
        const r = runBin(["doctor", "--aws-only"], { input: JSON.stringify({ connections: [] }) });
        assert.equal(r.code, 2);
        assert.match(r.stderr, /`roleArn` is missing/);
        assert.equal(r.stdout, "");
    });

    it("exits 2 when the AWS SDK's default chain finds no credentials", () => {
        const outputs = {
            roleArn: "arn:aws:iam::123456789012:role/OIDC_x",
            bucketName: "logs",
            connections: [
                {
                    destinationTable: "AWSCloudTrail",
                    sqsUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/q",
                },
            ],
        };
        const r = runBin(["doctor", "--aws-only"], { input: JSON.stringify(outputs) });
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /no AWS credentials: the SDK's default provider chain found none/);
    });

    it("loads no cloud SDK when the library or the doctor module is imported", () => {
        const probe = (module: string) => {
            const r = spawnSync(
                process.execPath,
                [
                    "-r",
                    "ts-node/register/transpile-only",
                    "-e",
                    `require(${JSON.stringify(module)}); console.log(JSON.stringify(Object.keys(require.cache)))`,
                ],
                { cwd: ROOT, encoding: "utf8" },
            );
            assert.equal(r.status, 0, r.stderr);
            return (JSON.parse(r.stdout) as string[]).filter((f) =>
                /@aws-sdk|@azure[\\/](identity|monitor-query-logs|core-rest-pipeline)|cli[\\/]doctor/.test(
                    f,
                ),
            );
        };
        assert.deepEqual(probe("./components/index.ts"), []);
        const doctor = probe("./cli/doctor/index.ts");
        assert.ok(
            doctor.length > 0 && doctor.every((f) => /cli[\\/]doctor/.test(f)),
            doctor.join("\n"),
        );
    });

    it("is the package's bin, built with the library", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        assert.deepEqual(pkg.bin, { "sentinel-aws-s3": "dist/cli/bin.js" });
        assert.equal(
            pkg.scripts.doctor,
            "node -r ts-node/register/transpile-only cli/bin.ts doctor",
        );
        const build = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.build.json"), "utf8"));
        assert.ok(
            build.include.includes("cli/bin.ts") && build.include.includes("cli/doctor/**/*.ts"),
        );
        assert.match(
            fs.readFileSync(path.join(ROOT, "cli", "bin.ts"), "utf8"),
            /^#!\/usr\/bin\/env node\n/,
        );
        assert.doesNotMatch(
            fs.readFileSync(path.join(ROOT, "components", "index.ts"), "utf8"),
            /cli\//,
        );
    });

    it("lists in its page exactly the IAM actions it calls, as a ready auditor policy", () => {
        const block =
            /```json\n(\{\n {2}"Version": "2012-10-17",\n {2}"Statement": \[\n {4}\{\n {6}"Sid": "SentinelAwsS3Doctor"[\s\S]*?)\n```/.exec(
                doctorSection(),
            );
        assert.ok(block, "docs/doctor.md holds the auditor policy");
        assert.deepEqual(JSON.parse(block[1]), doctorAuditorPolicy());
        assert.ok(
            DOCTOR_IAM_ACTIONS.every((a) => /^[a-z0-9-]+:(Get|List|Describe)[A-Za-z]+$/.test(a)),
        );
    });

    it("names in its page the Azure role it needs", () => {
        const section = doctorSection();
        for (const role of DOCTOR_AZURE_ROLES) {
            assert.ok(
                section.includes(role.role) && section.includes(role.roleDefinitionId),
                role.role,
            );
            for (const op of role.operations) {
                assert.ok(section.includes(op), op);
            }
        }
    });

    it("documents every field of the --json document", () => {
        const section = doctorSection();
        const report = buildReport(
            { roleArn: "r", bucketName: "b", region: "x", workspaceId: "w", connections: [] },
            [
                {
                    id: "i",
                    side: "aws",
                    title: "t",
                    status: "fail",
                    reason: "r",
                    fix: "f",
                    code: "c",
                },
            ],
        );
        const fields = [
            ...Object.keys(report),
            ...Object.keys(report.summary),
            ...Object.keys(report.target),
            ...Object.keys(report.checks[0]),
        ];
        for (const f of new Set(fields)) {
            assert.ok(section.includes(`\`${f}\``), `docs/doctor.md documents \`${f}\``);
        }
        for (const v of ["healthy", "no-problem-found", "problems-found"]) {
            assert.ok(section.includes(`\`${v}\``), v);
        }
    });

    it("starts the troubleshooting section with the command and keeps the manual checklist", () => {
        const start = DOCTOR_PAGE.indexOf('## Troubleshooting by hand: "connected but no data"');
        assert.ok(start >= 0, "docs/doctor.md has the manual checklist");
        const next = DOCTOR_PAGE.indexOf("\n## ", start + 1);
        const section = DOCTOR_PAGE.slice(start, next < 0 ? undefined : next);
        const firstBlock = /```sh\n([\s\S]*?)```/.exec(section)!;
        assert.match(firstBlock[1], /sentinel-aws-s3 doctor/);
        assert.ok(
            section.indexOf("sentinel-aws-s3 doctor") <
                section.indexOf("1. **Wait 20–30 minutes**"),
        );
        assert.match(section, /SentinelHealth/);
    });

    it("is introduced in the README with the command, linking to its page", () => {
        const start = README.indexOf("## Doctor");
        assert.ok(start >= 0, "README has a ## Doctor section");
        const section = README.slice(start, README.indexOf("\n## ", start + 1));
        assert.match(section, /sentinel-aws-s3 doctor/);
        assert.ok(section.includes("(docs/doctor.md"));
    });
});
