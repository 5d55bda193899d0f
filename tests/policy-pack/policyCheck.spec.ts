// The in-process check: the SDK's analyzer over recorded resources, configured as the CLI would.
import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { RecordedResource } from "../../offline/mocks";
import { checkResources } from "../../offline/policyCheck";
import {
    POLICY_PACK_ENFORCEMENT_LEVEL,
    POLICY_PACK_NAME,
    policies,
} from "../../policy-pack/policies";
import { check, compliantStack, find, mutate, resource } from "./fixtures";

const SERVICES = ["iam", "sqs", "s3", "kms", "ec2", "cloudtrail", "guardduty", "sentinel", "sns"];

let base: RecordedResource[];
let singleRegion: RecordedResource[];
before(async () => {
    base = await compliantStack();
    singleRegion = mutate(
        base,
        "aws:cloudtrail/trail:Trail",
        "sentinel-trail",
        (p) => (p.isMultiRegionTrail = false),
    );
});

describe("The pack's policies", () => {
    it("are named <service>-<resource>-<expectation>, once each", () => {
        const names = policies.map((p) => p.name);
        assert.strictEqual(new Set(names).size, names.length);
        for (const name of names) {
            assert.match(name, /^[a-z0-9]+(-[a-z0-9]+){2,}$/, name);
            assert.ok(
                SERVICES.includes(name.split("-")[0]),
                `${name} starts with no known service`,
            );
        }
        assert.strictEqual(POLICY_PACK_NAME, "sentinel-aws-s3");
        assert.strictEqual(POLICY_PACK_ENFORCEMENT_LEVEL, "mandatory");
    });

    it("each describe what they check, with an enforcement level, a severity and remediation steps", () => {
        for (const p of policies) {
            assert.match(p.description, /^Checks that /, p.name);
            assert.ok(["advisory", "mandatory"].includes(p.enforcementLevel), p.name);
            assert.ok(["low", "medium", "high", "critical"].includes(p.severity), p.name);
            assert.ok(p.remediationSteps.length > 20, p.name);
        }
    });

    it("give every setting a default and a description", () => {
        for (const p of policies.filter((x) => x.configSchema)) {
            for (const [key, schema] of Object.entries(p.configSchema!.properties)) {
                const s = schema as PolicyConfigJSONSchema;
                assert.notStrictEqual(s.default, undefined, `${p.name}.${key} has no default`);
                assert.ok(s.description, `${p.name}.${key} has no description`);
            }
        }
    });
});

describe("Every policy", () => {
    it("declares itself not applicable to a stack with nothing for it to check", async () => {
        const alarm = resource("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm", {
            metricName: "ApproximateAgeOfOldestMessage",
        });
        const report = await check([alarm]);
        assert.deepStrictEqual(report.violations, []);
        const notApplicable = new Set((report.notApplicable ?? []).map((n) => n.policyName));
        assert.deepStrictEqual(
            policies.filter((p) => !notApplicable.has(p.name)).map((p) => p.name),
            [],
        );
    });
});

describe("checkResources", () => {
    it("reports what the SDK's analyzer reports: the violation without the description, with level, severity and resource", async () => {
        const report = await check(singleRegion);
        const v = report.violations.find((x) => x.policyName === "cloudtrail-trail-multi-region");
        assert.deepStrictEqual(v, {
            policyName: "cloudtrail-trail-multi-region",
            enforcementLevel: "mandatory",
            message:
                'Trail "sentinel-trail" must record every region (isMultiRegionTrail is false).',
            urn: find(base, "aws:cloudtrail/trail:Trail", "sentinel-trail").urn,
            resourceType: "aws:cloudtrail/trail:Trail",
            resourceName: "sentinel-trail",
            severity: "high",
            description: "Checks that CloudTrail trails record every region (isMultiRegionTrail).",
        });
        assert.strictEqual(report.mandatory, 1);
        assert.strictEqual(report.advisory, 1);
    });

    it("changes enforcement levels per policy and for all policies, as a policy-pack config file does", async () => {
        const advisory = await check(singleRegion, {
            "cloudtrail-trail-multi-region": { enforcementLevel: "advisory" },
        });
        assert.strictEqual(advisory.mandatory, 0);
        assert.strictEqual(
            advisory.violations.find((v) => v.policyName === "cloudtrail-trail-multi-region")
                ?.enforcementLevel,
            "advisory",
        );

        const disabled = await check(singleRegion, {
            all: "disabled",
            "s3-bucket-access-logging": "mandatory",
        });
        assert.deepStrictEqual(
            disabled.violations.map((v) => `${v.enforcementLevel} ${v.policyName}`),
            ["mandatory s3-bucket-access-logging"],
        );
    });

    it("rejects configuration the CLI would reject", async () => {
        await assert.rejects(
            check(base, { "no-such-policy": "advisory" }),
            /names policies the pack does not have: no-such-policy/,
        );
        await assert.rejects(
            check(base, { "kms-key-rotation-enabled": "strict" }),
            /unknown enforcement level "strict"/,
        );
        await assert.rejects(
            check(base, {
                "sqs-queue-message-retention": { minMessageRetentionSeconds: "two weeks" },
            }),
            /Invalid configuration for policy "sqs-queue-message-retention": \/minMessageRetentionSeconds must be integer/,
        );
        await assert.rejects(
            check(base, { "kms-key-rotation-enabled": { days: 90 } }),
            /takes no configuration, but got days/,
        );
    });

    it("runs any number of times in one process, each run with its own configuration", async () => {
        const first = await check(singleRegion, { all: "advisory" });
        const second = await check(singleRegion);
        const third = await checkResources(singleRegion, {
            config: { "cloudtrail-trail-multi-region": "disabled" },
        });
        assert.deepStrictEqual([first.mandatory, second.mandatory, third.mandatory], [0, 1, 0]);
        assert.strictEqual(
            third.violations.filter((v) => v.policyName === "cloudtrail-trail-multi-region").length,
            0,
        );
    });

    it("analyzes custom resources one by one, and the stack and components only as part of the stack", async () => {
        const report = await check(base);
        const stack = find(base, "pulumi:pulumi:Stack", "sentinel-aws-s3-test");
        const component = base.find((r) => !r.custom && r.type !== "pulumi:pulumi:Stack")!;
        const perResource = new Set((report.notApplicable ?? []).map((n) => n.urn));
        assert.ok(!perResource.has(stack.urn) && !perResource.has(component.urn));
        assert.ok(
            perResource.has(find(base, "aws:sqs/queue:Queue", "sentinel-cloudTrail-queue").urn),
        );
        // Stack policies report not-applicable without a resource.
        assert.ok(
            (report.notApplicable ?? []).some(
                (n) => n.urn === undefined && n.policyName === "ec2-vpc-flow-logs-enabled",
            ),
        );
    });

    it("checks a thousand resources in a few seconds", async function () {
        this.timeout(60_000);
        const many: RecordedResource[] = [];
        for (let i = 0; i < 28; i++) {
            for (const r of base) {
                many.push({
                    ...r,
                    urn: `${r.urn}-${i}`,
                    name: `${r.name}-${i}`,
                    parent: r.parent ? `${r.parent}-${i}` : r.parent,
                });
            }
        }
        const start = Date.now();
        const report = await checkResources(many);
        const seconds = (Date.now() - start) / 1000;
        assert.ok(many.length > 1000);
        assert.ok(seconds < 15, `took ${seconds} s`);
        assert.ok(report.violations.length > 0);
    });
});

describe("policy-pack/config.example.json", () => {
    it("is a configuration the pack accepts, passing the components' stack as it is", async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const config = require("../../policy-pack/config.example.json");
        // Empty workspaceIds: the workspace the components set, bound exactly.
        assert.deepStrictEqual(config["iam-sentinel-role-trust-conditions"].workspaceIds, []);
        const report = await check(base, config);
        assert.strictEqual(report.mandatory, 0, JSON.stringify(report.violations));
    });

    it("makes a placeholder workspace ID fail with a message asking for the real one", async () => {
        const report = await check(base, {
            "iam-sentinel-role-trust-conditions": {
                workspaceIds: ["00000000-0000-0000-0000-000000000000"],
            },
        });
        const found = report.violations.filter(
            (v) => v.policyName === "iam-sentinel-role-trust-conditions",
        );
        assert.ok(found.length > 0);
        for (const v of found) {
            assert.strictEqual(v.enforcementLevel, "mandatory");
            assert.match(
                v.message,
                /^Role "sentinel-role" trust statement "MicrosoftSentinelWebIdentity" must require a session name of your workspace \(the policy configuration's `workspaceIds` holds the placeholder "00000000-0000-0000-0000-000000000000": put your Log Analytics workspace ID there, the "Workspace ID" GUID on the workspace's Overview page, or leave the list empty to accept the workspace the components set\) on "sts:RoleSessionName", not "Microsoft(Sentinel|DefenderForClouds)_0f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b"\.$/,
            );
        }
    });
});

describe("policy-pack/README.md", () => {
    it("lists every policy with its level, severity and kind", () => {
        const readme = readFileSync(
            join(__dirname, "..", "..", "policy-pack", "README.md"),
            "utf8",
        );
        const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (M|A) \| (\w+) \| (R|S) \|/gm)].map(
            (m) => m.slice(1, 5).join(" "),
        );
        const expected = policies.map(
            (p) =>
                `${p.name} ${p.enforcementLevel === "mandatory" ? "M" : "A"} ${p.severity} ${"validateStack" in p ? "S" : "R"}`,
        );
        assert.deepStrictEqual(rows.sort(), expected.sort());
    });
});
