// `npm start`: what `pulumi up` would create for a stack, and the policy pack's verdict, without the
// Pulumi CLI, a backend or any cloud credentials.
//
//   npm start                          the example stack (Pulumi.example.yaml)
//   npm start -- --stack prod          Pulumi.prod.yaml
//   npm start -- path/to/stack.yaml    any stack file
//   npm start -- --json                the same, machine-readable
//
// Exit code: 0 when the plan passes the pack, 1 on a mandatory violation, 2 on a configuration error.
import * as path from "node:path";
import { parseArgs } from "node:util";
import { GENERATED, PLACEHOLDER_CLOUD, RecordedResource } from "../offline/mocks";
import { PolicyReport, checkResources } from "../offline/policyCheck";
import { runProgram } from "../offline/program";
import { readStackFile, resolveStackFile } from "../offline/stackFile";

const ROOT = path.join(__dirname, "..");

/** Shows values only the cloud knows as placeholders. */
export function markPlaceholders(value: string): string {
    return value
        .split(PLACEHOLDER_CLOUD.accountId)
        .join("<account-id>")
        .split(PLACEHOLDER_CLOUD.subscriptionId)
        .join("<subscription-id>")
        .split(GENERATED)
        .join("<generated>");
}

/** One node of the plan: a resource and its children. */
export interface PlanNode {
    readonly type: string;
    readonly name: string;
    readonly children: PlanNode[];
}

/** The resources as a tree, by parent. */
export function planTree(resources: readonly RecordedResource[]): PlanNode[] {
    const nodes = new Map(
        resources.map((r) => [r.urn, { type: r.type, name: r.name, children: [] as PlanNode[] }]),
    );
    const roots: PlanNode[] = [];
    for (const r of resources) {
        const node = nodes.get(r.urn)!;
        const parent = r.parent ? nodes.get(r.parent) : undefined;
        (parent ? parent.children : roots).push(node);
    }
    return roots;
}

function renderTree(nodes: PlanNode[], indent = ""): string[] {
    return nodes.flatMap((node, i) => {
        const last = i === nodes.length - 1;
        const line = `${indent}${last ? "└─ " : "├─ "}${node.type}  ${node.name}`;
        return [line, ...renderTree(node.children, indent + (last ? "   " : "│  "))];
    });
}

/** The full preview, as `--json` prints it. */
export interface PreviewResult {
    readonly stack: string;
    readonly stackFile: string;
    readonly ok: boolean;
    readonly resourceCount: number;
    readonly plan: PlanNode[];
    readonly connections: { destinationTable: string; roleArn: string; sqsUrl: string }[];
    readonly policy: PolicyReport;
    readonly placeholders: Record<string, string>;
}

/** Runs the program for a stack file and the policy pack over its resources. */
export async function preview(stackFile: string): Promise<PreviewResult> {
    const stack = readStackFile(stackFile);
    const run = await runProgram(stack);
    const policy = await checkResources(run.resources);
    const roleArn = markPlaceholders(run.result.roleArn);
    return {
        stack: stack.stack,
        stackFile: path.relative(process.cwd(), stack.path) || stack.path,
        ok: policy.mandatory === 0,
        resourceCount: run.resources.filter((r) => r.custom).length,
        plan: planTree(run.resources),
        connections: run.result.connections.map((c) => ({
            destinationTable: c.destinationTable,
            roleArn,
            sqsUrl: markPlaceholders(c.sqsUrl),
        })),
        policy: {
            ...policy,
            violations: policy.violations.map((v) => ({
                ...v,
                message: markPlaceholders(v.message),
            })),
        },
        placeholders: {
            "<account-id>": "the AWS account ID (the preview uses 123456789012)",
            "<generated>": "characters Pulumi or AWS generate at creation",
            "<subscription-id>": "the Azure subscription ID",
        },
    };
}

/** The human-readable report. */
export function renderPreview(result: PreviewResult): string {
    const lines = [
        `Offline preview of stack "${result.stack}" (${result.stackFile}): no Pulumi CLI, backend or cloud was used.`,
        `Placeholders: ${Object.entries(result.placeholders)
            .map(([k, v]) => `${k} = ${v}`)
            .join("; ")}.`,
        "",
        `pulumi up would create ${result.resourceCount} cloud resources, grouped under their components:`,
        ...renderTree(result.plan),
        "",
        "Connections (the values the Sentinel portal would otherwise ask for):",
        ...result.connections.flatMap((c) => [
            `  ${c.destinationTable}`,
            `    Role ARN           ${c.roleArn}`,
            `    SQS URL            ${c.sqsUrl}`,
            `    Destination table  ${c.destinationTable}`,
        ]),
        "",
        `Policy pack verdict: ${result.policy.mandatory} mandatory, ${result.policy.advisory} advisory violation(s).`,
        ...result.policy.violations
            .filter((v) => v.enforcementLevel === "mandatory" || v.enforcementLevel === "advisory")
            .map(
                (v) =>
                    `  [${v.enforcementLevel}] ${v.policyName}${v.resourceName ? ` (${v.resourceType} ${v.resourceName})` : ""}: ${v.message.split("\n")[0]}`,
            ),
        "",
        result.ok
            ? "PASS: the plan satisfies every mandatory policy."
            : "FAIL: fix the mandatory violations above before deploying.",
    ];
    return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
            stack: { type: "string", short: "s" },
            json: { type: "boolean", default: false },
            help: { type: "boolean", short: "h" },
        },
    });
    if (values.help) {
        console.log("usage: npm start -- [--stack <name> | <stack file>] [--json]");
        return 0;
    }
    const file = resolveStackFile(ROOT, positionals[0] ?? values.stack);
    let result: PreviewResult;
    try {
        result = await preview(file);
    } catch (error) {
        const message = (error as Error).message;
        if (values.json) {
            console.log(JSON.stringify({ ok: false, stackFile: file, error: message }, null, 2));
        } else {
            console.error(`Configuration error in ${file}:\n${message}`);
        }
        return 2;
    }
    console.log(values.json ? JSON.stringify(result, null, 2) : renderPreview(result));
    return result.ok ? 0 : 1;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (error) => {
            console.error(error);
            process.exitCode = 2;
        },
    );
}
