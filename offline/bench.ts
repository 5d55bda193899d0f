// `npm run bench`: the cost of the offline preview and of the policy check as the work grows
// (1 log type; three; 10, 100 and 1,000 VPCs; every source), an organization hub with log sources for 10, 100
// and 1,000 member accounts (3 regions each), and the start-up cost of importing the cloud SDKs by
// package root versus by subpath. Each scenario runs in its own process so its peak memory is its
// own. Not a test: it asserts nothing, it measures.
import { execFileSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { LOG_TYPES, sourceFacts } from "../components/shared/catalog";
import { runOffline } from "./mocks";
import { checkResources } from "./policyCheck";
import { runProgram } from "./program";
import { StackFile, cloudFor, readStackFile } from "./stackFile";

const ROOT = path.join(__dirname, "..");

interface Scenario {
    readonly name: string;
    readonly logTypes: Record<string, unknown>;
    /** Hub settings beside `logTypes` (ALB access logs need an SSE-S3 bucket). */
    readonly more?: Record<string, unknown>;
}

/** A VPC ID for the n-th VPC. */
const vpcId = (n: number) => `vpc-${n.toString(16).padStart(17, "0")}`;
const withVpcs = (count: number) => ({
    cloudTrail: {},
    vpcFlowLogs: { vpcIds: Array.from({ length: count }, (_, i) => vpcId(i + 1)) },
    guardDuty: {},
});

const SCENARIOS: Scenario[] = [
    { name: "1 log type", logTypes: { cloudTrail: {} } },
    { name: "3 log types, 1 VPC", logTypes: withVpcs(1) },
    { name: "10 VPCs", logTypes: withVpcs(10) },
    { name: "100 VPCs", logTypes: withVpcs(100) },
    { name: "1,000 VPCs", logTypes: withVpcs(1000) },
    {
        name: "every source, 1 VPC",
        logTypes: Object.fromEntries(
            LOG_TYPES.map((t) => [
                t,
                t === "vpcFlowLogs" || t === "route53ResolverQueryLogs"
                    ? { vpcIds: [vpcId(1)] }
                    : (sourceFacts(t).exampleSettings ?? {}),
            ]),
        ),
        // ALB access logs need an SSE-S3 bucket (Elastic Load Balancing user guide).
        more: { bucketEncryption: "s3" },
    },
];

interface Measurement {
    readonly scenario: string;
    readonly resources: number;
    /** Loading the program, the components and the policy pack (paid once per process). */
    readonly loadMs: number;
    readonly previewMs: number;
    readonly policyMs: number;
    readonly peakRssMb: number;
}

function stackFor(scenario: Scenario): StackFile {
    const example = readStackFile(path.join(ROOT, "program", "Pulumi.example.yaml"));
    const aws = {
        ...JSON.parse(example.config["sentinel-aws-s3:aws"]),
        ...scenario.more,
        logTypes: scenario.logTypes,
    };
    const config = { ...example.config, "sentinel-aws-s3:aws": JSON.stringify(aws) };
    return { ...example, config, cloud: cloudFor(config) };
}

/** Runs one scenario in this process (the child side). */
async function measure(scenario: Scenario): Promise<Measurement> {
    const stack = stackFor(scenario);
    const t0 = performance.now();
    // Loaded before the clock for the preview starts, so growth is not hidden behind start-up.
    await import("../program/index");
    await import("./policyCheck");
    const t1 = performance.now();
    const run = await runProgram(stack);
    const t2 = performance.now();
    const report = await checkResources(run.resources);
    const t3 = performance.now();
    if (report.mandatory > 0) {
        throw new Error(`${scenario.name}: the plan has ${report.mandatory} mandatory violations`);
    }
    return {
        scenario: scenario.name,
        resources: run.resources.length,
        loadMs: t1 - t0,
        previewMs: t2 - t1,
        policyMs: t3 - t2,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
}

/** Member accounts of the organization scenarios, and the regions each exports from. */
const ORGANIZATION_SIZES = [10, 100, 1000];
const ORGANIZATION_REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];

interface OrganizationMeasurement {
    readonly members: number;
    /** The hub component and its children. */
    readonly hubResources: number;
    readonly resources: number;
    readonly loadMs: number;
    readonly previewMs: number;
    readonly policyMs: number;
    readonly peakRssMb: number;
}

/**
 * A preview of an organization hub and, per member account, its provider and a log source with one
 * VPC's flow log; the first member is GuardDuty's delegated administrator, which alone exports
 * findings, in each region (the hub lists no accounts, so its notification set stays one per log
 * type).
 */
/** GuardDuty's delegated administrator among the members: the first. */
const ADMINISTRATOR = "200000000000";

async function measureOrganization(members: number): Promise<OrganizationMeasurement> {
    const t0 = performance.now();
    const aws = await import("@pulumi/aws");
    const { AwsSentinelConnection, SentinelLogSource } = await import("../components");
    await import("./policyCheck");
    const t1 = performance.now();
    const run = await runOffline(
        async () => {
            const hub = new AwsSentinelConnection("org", {
                workspaceId: "6f2c4a1e-9b3d-4c5e-8f7a-2b1c3d4e5f60",
                organization: {
                    organizationId: "o-a1b2c3d4e5",
                    regions: ORGANIZATION_REGIONS,
                    trailAccountId: "100000000000",
                    guardDutyAdministratorAccountId: ADMINISTRATOR,
                },
                logTypes: { cloudTrail: {}, vpcFlowLogs: {}, guardDuty: {} },
            });
            for (let i = 0; i < members; i++) {
                const account = String(200000000000 + i);
                const provider = new aws.Provider(`member-${account}`, {
                    region: ORGANIZATION_REGIONS[0],
                    assumeRoles: [{ roleArn: `arn:aws:iam::${account}:role/Deploy` }],
                });
                new SentinelLogSource(
                    `member-${account}`,
                    {
                        destination: hub.logDestination,
                        ...(account === ADMINISTRATOR
                            ? { guardDuty: { regions: ORGANIZATION_REGIONS } }
                            : {}),
                        vpcFlowLogs: { vpcs: [{ vpcId: vpcId(i + 1) }] },
                    },
                    { provider },
                );
            }
        },
        { preview: true },
    );
    const t2 = performance.now();
    // The organization-wide CloudTrail prefix is what a hub that lists no accounts builds.
    const report = await checkResources(run.resources, {
        config: {
            "s3-bucket-notification-cloudtrail-digest-excluded": {
                allowOrganizationWidePrefix: true,
            },
        },
    });
    const t3 = performance.now();
    if (report.mandatory > 0) {
        throw new Error(`${members} members: ${report.mandatory} mandatory violations`);
    }
    const hubType = "sentinel-aws-s3:index:AwsSentinelConnection";
    return {
        members,
        hubResources: run.resources.filter(
            (r) => r.type === hubType || r.urn.includes(`${hubType}$`),
        ).length,
        resources: run.resources.length,
        loadMs: t1 - t0,
        previewMs: t2 - t1,
        policyMs: t3 - t2,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
}

/** Fastest wall time (ms) of each `node -e <code>`, over interleaved rounds (the minimum is the least noisy). */
function nodeStartMs(codes: Record<string, string>, rounds = 7): Record<string, number> {
    const best: Record<string, number> = {};
    for (let i = 0; i < rounds; i++) {
        for (const [name, code] of Object.entries(codes)) {
            const t = performance.now();
            execFileSync(process.execPath, ["-e", code], { cwd: ROOT });
            best[name] = Math.min(best[name] ?? Infinity, performance.now() - t);
        }
    }
    return best;
}

/** The SDK import cost above `@pulumi/pulumi` alone: package roots vs the subpaths the components use. */
function importCost(): { baselineMs: number; rootsMs: number; subpathsMs: number } {
    const t = nodeStartMs({
        baseline: `require("@pulumi/pulumi")`,
        roots:
            `const aws = require("@pulumi/aws"); const az = require("@pulumi/azure-native");` +
            `[aws.s3.Bucket, aws.sqs.Queue, aws.iam.Role, aws.kms.Key, aws.cloudtrail.Trail, aws.ec2.FlowLog, aws.guardduty.Detector, aws.cloudwatch.MetricAlarm, aws.getPartitionOutput, az.resources.Resource, az.securityinsights.SentinelOnboardingState];`,
        subpaths:
            [
                "s3",
                "sqs",
                "iam",
                "kms",
                "cloudtrail",
                "ec2",
                "guardduty",
                "cloudwatch",
                "getPartition",
                "getRegion",
                "getCallerIdentity",
            ]
                .map((m) => `require("@pulumi/aws/${m}");`)
                .join("") +
            `require("@pulumi/azure-native/resources/resource"); require("@pulumi/azure-native/securityinsights/sentinelOnboardingState");`,
    });
    return {
        baselineMs: t.baseline,
        rootsMs: t.roots - t.baseline,
        subpathsMs: t.subpaths - t.baseline,
    };
}

async function main(): Promise<void> {
    const organization = process.argv.indexOf("--organization");
    if (organization !== -1) {
        const members = Number(process.argv[organization + 1]);
        process.stdout.write(JSON.stringify(await measureOrganization(members)));
        return;
    }
    const child = process.argv.indexOf("--scenario");
    if (child !== -1) {
        const scenario = SCENARIOS.find((s) => s.name === process.argv[child + 1])!;
        process.stdout.write(JSON.stringify(await measure(scenario)));
        return;
    }
    console.log(
        `Benchmark on Node ${process.version}, ${os.cpus().length} cores; each scenario in a fresh process.\n`,
    );
    const header = [
        "scenario",
        "resources",
        "load ms",
        "preview ms",
        "res/s",
        "policy ms",
        "res/s",
        "peak MB",
    ];
    const widths = [20, 10, 9, 11, 7, 10, 7, 8];
    const row = (cells: string[]) =>
        cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("");
    console.log(row(header));
    const results: Measurement[] = [];
    for (const scenario of SCENARIOS) {
        const out = execFileSync(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", __filename, "--scenario", scenario.name],
            {
                cwd: ROOT,
                encoding: "utf8",
                stdio: ["ignore", "pipe", "inherit"],
            },
        );
        const m: Measurement = JSON.parse(out.slice(out.indexOf("{")));
        results.push(m);
        const perSecond = (ms: number) => ((m.resources / ms) * 1000).toFixed(0);
        console.log(
            row([
                m.scenario,
                `${m.resources}`,
                m.loadMs.toFixed(0),
                m.previewMs.toFixed(0),
                perSecond(m.previewMs),
                m.policyMs.toFixed(0),
                perSecond(m.policyMs),
                m.peakRssMb.toFixed(0),
            ]),
        );
    }
    const [small, large] = [results[3], results[4]];
    const perResource = (m: Measurement) => (m.previewMs + m.policyMs) / m.resources;
    console.log(
        `\nGrowth: time per resource at ${large.resources} resources is ${(perResource(large) / perResource(small)).toFixed(2)}x that at ${small.resources} (1.00x is linear).`,
    );
    console.log(
        `\nAn organization: a hub and a log source per member account (one VPC each; the first, GuardDuty's administrator, exports GuardDuty in ${ORGANIZATION_REGIONS.length} regions), previewed.\n`,
    );
    const orgHeader = [
        "members",
        "hub res",
        "resources",
        "load ms",
        "preview ms",
        "ms/res",
        "policy ms",
        "peak MB",
    ];
    const orgWidths = [9, 9, 11, 9, 12, 8, 11, 9];
    const orgRow = (cells: string[]) =>
        cells.map((c, i) => (i === 0 ? c.padEnd(orgWidths[i]) : c.padStart(orgWidths[i]))).join("");
    console.log(orgRow(orgHeader));
    const orgs: OrganizationMeasurement[] = [];
    for (const members of ORGANIZATION_SIZES) {
        const out = execFileSync(
            process.execPath,
            [
                "-r",
                "ts-node/register/transpile-only",
                __filename,
                "--organization",
                String(members),
            ],
            {
                cwd: ROOT,
                encoding: "utf8",
                stdio: ["ignore", "pipe", "inherit"],
                maxBuffer: 1 << 26,
            },
        );
        const m: OrganizationMeasurement = JSON.parse(out.slice(out.indexOf("{")));
        orgs.push(m);
        console.log(
            orgRow([
                `${m.members}`,
                `${m.hubResources}`,
                `${m.resources}`,
                m.loadMs.toFixed(0),
                m.previewMs.toFixed(0),
                (m.previewMs / m.resources).toFixed(2),
                m.policyMs.toFixed(0),
                m.peakRssMb.toFixed(0),
            ]),
        );
    }
    const orgPerResource = (m: OrganizationMeasurement) => (m.previewMs + m.policyMs) / m.resources;
    const [orgSmall, orgLarge] = [orgs[1], orgs[2]];
    console.log(
        `\nThe hub has ${orgs.map((m) => m.hubResources).join(", ")} resources at ${orgs.map((m) => m.members).join(", ")} members; time per resource at ${orgLarge.resources} resources is ${(orgPerResource(orgLarge) / orgPerResource(orgSmall)).toFixed(2)}x that at ${orgSmall.resources} (1.00x is linear).`,
    );
    const cost = importCost();
    console.log(
        `\nStart-up (fastest of 7 runs): node + @pulumi/pulumi ${cost.baselineMs.toFixed(0)} ms; the cloud SDKs on top of that: ` +
            `package roots ${cost.rootsMs.toFixed(0)} ms, subpath imports ${cost.subpathsMs.toFixed(0)} ms ` +
            `(roots/subpaths ${(cost.rootsMs / Math.max(cost.subpathsMs, 1)).toFixed(1)}x).`,
    );
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
