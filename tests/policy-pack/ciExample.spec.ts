// The GitHub Actions example, parsed: the jobs, their order, the credentials azure-native and
// pulumi-aws read, and `pulumi preview --policy-pack` as the gate before `pulumi up`, so the
// example cannot rot. The pack's README shows it verbatim.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

const ROOT = path.join(__dirname, "..", "..");
const FILE = path.join(ROOT, "policy-pack", "examples", "github-actions.yml");

interface Step {
    readonly uses?: string;
    readonly run?: string;
    readonly with?: Record<string, unknown>;
}
interface Job {
    readonly needs?: string;
    readonly if?: string;
    readonly steps: Step[];
}
interface Workflow {
    readonly on: Record<string, unknown>;
    readonly permissions: Record<string, string>;
    readonly env: Record<string, string>;
    readonly jobs: Record<string, Job>;
}

const text = fs.readFileSync(FILE, "utf8");
const workflow = yaml.load(text) as Workflow;

/** The index of the first step matching, or -1. */
function stepIndex(job: Job, test: (s: Step) => boolean): number {
    return job.steps.findIndex(test);
}

describe("The GitHub Actions example (policy-pack/examples/github-actions.yml)", () => {
    it("runs an offline check, then the gated preview, then up on main only", () => {
        assert.deepStrictEqual(Object.keys(workflow.jobs), ["offline-check", "preview", "up"]);
        assert.strictEqual(workflow.jobs.preview.needs, "offline-check");
        assert.strictEqual(workflow.jobs.up.needs, "preview");
        assert.strictEqual(
            workflow.jobs.up.if,
            "github.event_name == 'push' && github.ref == 'refs/heads/main'",
        );
        assert.deepStrictEqual(Object.keys(workflow.on).sort(), ["pull_request", "push"]);
    });

    it("passes the Azure credentials azure-native reads, by OpenID Connect", () => {
        for (const key of ["ARM_CLIENT_ID", "ARM_TENANT_ID", "ARM_SUBSCRIPTION_ID"]) {
            assert.match(workflow.env[key], /^\$\{\{ vars\.AZURE_[A-Z_]+ \}\}$/, key);
        }
        assert.strictEqual(workflow.env.ARM_USE_OIDC, "true");
        assert.strictEqual(workflow.permissions["id-token"], "write");
        assert.ok(workflow.env.PULUMI_ACCESS_TOKEN);
    });

    it("gates with pulumi preview --policy-pack, built first, and deploys with the same pack", () => {
        for (const [name, command] of [
            ["preview", "preview"],
            ["up", "up"],
        ] as const) {
            const job = workflow.jobs[name];
            const build = stepIndex(job, (s) => s.run === "npm run build:policy-pack");
            const aws = stepIndex(
                job,
                (s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@") ?? false,
            );
            const pulumi = stepIndex(job, (s) => s.uses?.startsWith("pulumi/actions@") ?? false);
            assert.ok(build >= 0 && aws >= 0 && pulumi > build && pulumi > aws, name);
            const step = job.steps[pulumi];
            assert.strictEqual(step.with?.command, command);
            assert.strictEqual(step.with?.policyPacks, "policy-pack");
            assert.ok(
                fs.existsSync(path.join(ROOT, String(step.with?.policyPackConfigs))),
                "the policy config file exists",
            );
        }
    });

    it("uses only commands the repository defines", () => {
        const scripts = JSON.parse(
            fs.readFileSync(path.join(ROOT, "package.json"), "utf8"),
        ).scripts;
        const runs = Object.values(workflow.jobs).flatMap((j) =>
            j.steps.flatMap((s) => (s.run ? [s.run] : [])),
        );
        for (const run of runs) {
            const script = /^npm (?:run )?([a-z:-]+)/.exec(run)?.[1];
            assert.ok(script === "ci" || (script !== undefined && script in scripts), run);
        }
        assert.ok(
            runs.includes(
                "npm start -- --stack prod --preview --policy-config policy-pack/config.example.json",
            ),
        );
    });

    it("is shown verbatim in the pack's README", () => {
        const readme = fs.readFileSync(path.join(ROOT, "policy-pack", "README.md"), "utf8");
        assert.ok(
            readme.includes("```yaml\n" + text + "```"),
            "README holds the workflow as a yaml block",
        );
    });
});
