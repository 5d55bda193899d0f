// `npm start`: what `pulumi up` would create for a stack, and the policy pack's verdict, without the
// Pulumi CLI, a backend or any cloud credentials.
//
//   npm start                              the example stack (program/Pulumi.example.yaml)
//   npm start -- --stack prod              program/Pulumi.prod.yaml
//   npm start -- path/to/stack.yaml        any stack file (relative to where you run it)
//   npm start -- --preview                 as `pulumi preview` sees a new stack: computed values unknown
//   npm start -- --program <dir>           another Pulumi TypeScript program, through the same pack
//   npm start -- --policy-config <file>    a policy-pack config, as `--policy-pack-config` takes it
//   npm start -- --json                    the same, machine-readable
//
// Exit code: 0 when the plan passes the pack, 1 on a mandatory violation, 2 on a usage or
// configuration error.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { connectionById, connectionForTable } from "../components/shared/catalog";
import { readerOf } from "../components/sources/connections";
import { GENERATED, PLACEHOLDER_CLOUD, RecordedResource } from "../offline/mocks";
import { isUndecidedText } from "../policy-pack/policies";
import { CheckOptions, PolicyReport, checkResources } from "../offline/policyCheck";
import { OBJECT_CONFIG_KEYS, ProgramOutputs, ownProject, runProject } from "../offline/program";
import { Project, readProject } from "../offline/project";
import {
    StackFile,
    cloudFor,
    readStackFile,
    resolveStackFile,
    stackFilesIn,
} from "../offline/stackFile";

/** The one line printed for a usage error. */
export const USAGE =
    "usage: npm start -- [--stack <name> | <stack file>] [--program <dir>] [--policy-config <file>] [--preview] [--json]";

/** Shows values only the cloud knows as placeholders. */
export function markPlaceholders(value: string | undefined): string {
    if (value === undefined) {
        return "<known after creation>";
    }
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

/** What to preview. */
export interface PreviewOptions {
    /** Another project's directory; this repository's program by default. */
    readonly program?: string;
    /** `--stack <name>` or a stack file path; the example stack (or none, for another program) by default. */
    readonly stack?: string;
    /** Run as the engine previews a new stack: only inputs, autonames and invokes are known. */
    readonly preview?: boolean;
    /** A policy-pack config file (the same file `pulumi preview --policy-pack-config` takes). */
    readonly policyConfig?: string;
    /** Where relative paths start: where the user ran the command. */
    readonly cwd?: string;
}

/** The full preview, as `--json` prints it. */
export interface PreviewResult {
    readonly project: string;
    readonly stack: string;
    readonly stackFile?: string;
    /** True when run as a preview of a new stack (`--preview`). */
    readonly preview: boolean;
    readonly ok: boolean;
    readonly resourceCount: number;
    readonly plan: PlanNode[];
    readonly connections: {
        destinationTable: string;
        roleArn: string;
        sqsUrl: string;
        /** For a source read through the Codeless Connector Framework: what else the connection names. */
        ccf?: { definitionName: string; streamName: string; solution: string };
    }[];
    readonly policy: PolicyReport;
    readonly placeholders: Record<string, string>;
}

function relative(file: string, cwd: string): string {
    return path.relative(cwd, file) || file;
}

/** The stack to run: a stack file, or (for another program without one) an empty configuration. */
function stackFor(project: Project, own: boolean, options: PreviewOptions, cwd: string): StackFile {
    if (options.stack === undefined && !own) {
        // Another program: its example stack, else its one stack file; several are a choice to make.
        const files = stackFilesIn(project.dir);
        const chosen = files.includes("Pulumi.example.yaml")
            ? "Pulumi.example.yaml"
            : files.length === 1
              ? files[0]
              : undefined;
        if (files.length > 1 && chosen === undefined) {
            const stacks = files.map((f) => f.replace(/^Pulumi\.|\.ya?ml$/g, ""));
            throw new Error(
                `the program in ${project.dir} has several stack files (${files.join(", ")}) and no Pulumi.example.yaml: pass --stack ${stacks.join(" | ")}, or a path`,
            );
        }
        if (chosen === undefined) {
            return { path: "", stack: "offline", config: {}, cloud: cloudFor({}) };
        }
        return readStackFile(path.join(project.dir, chosen), { programDir: project.dir });
    }
    const file = resolveStackFile(project.dir, options.stack, cwd);
    return readStackFile(file, {
        objectKeys: own ? OBJECT_CONFIG_KEYS.map((k) => `${project.name}:${k}`) : [],
        programDir: project.dir,
    });
}

/**
 * A configuration error in the words of someone with a stack file and no Pulumi CLI: Pulumi's SDK
 * says "please set a value using the command `pulumi config set …`"; the offline preview names the
 * key and the stack file it read instead.
 */
export function configurationMessage(message: string, stackFile?: string): string {
    return message.replace(
        /Missing required configuration variable '([^']+)'\s*\n?\s*please set a value using the command `pulumi config set [^`]*`/g,
        (_, key: string) =>
            `Missing required configuration variable '${key}': ${
                stackFile
                    ? `add it under \`config:\` in ${stackFile}`
                    : "the program has no stack file; pass one with --stack <name> or a path"
            } (\`${key}: <value>\`)`,
    );
}

/** Reads a policy-pack config file. */
function readPolicyConfig(file: string): CheckOptions["config"] {
    if (!fs.existsSync(file)) {
        throw new Error(`policy config file ${file} does not exist`);
    }
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new Error(`policy config file ${file} is not valid JSON: ${(e as Error).message}`);
    }
}

/** Runs a program for a stack and the policy pack over its resources. */
export async function preview(options: PreviewOptions = {}): Promise<PreviewResult> {
    const cwd = options.cwd ?? process.env.INIT_CWD ?? process.cwd();
    const own = options.program === undefined;
    const project = own ? ownProject() : readProject(path.resolve(cwd, options.program!));
    const config =
        options.policyConfig !== undefined
            ? readPolicyConfig(path.resolve(cwd, options.policyConfig))
            : undefined;
    const stack = stackFor(project, own, options, cwd);
    const run = await runProject(project, stack, { preview: options.preview }).catch((e: Error) => {
        throw new Error(
            configurationMessage(e.message, stack.path ? relative(stack.path, cwd) : undefined),
        );
    });
    const policy = await checkResources(run.resources, { config });
    const outputs = (own ? run.result : undefined) as Partial<ProgramOutputs> | undefined;
    const roleArn = markPlaceholders(outputs?.roleArn);
    return {
        project: project.name,
        stack: stack.stack,
        stackFile: stack.path ? relative(stack.path, cwd) : undefined,
        preview: options.preview ?? false,
        ok: policy.mandatory === 0,
        resourceCount: run.resources.filter((r) => r.custom).length,
        plan: planTree(run.resources),
        connections: (outputs?.connections ?? []).map((c) => {
            const connection =
                connectionById(c.connectionId ?? "") ?? connectionForTable(c.destinationTable);
            const sentinel = connection ? readerOf(connection) : undefined;
            return {
                destinationTable: c.destinationTable,
                roleArn,
                sqsUrl: markPlaceholders(c.sqsUrl),
                ...(sentinel?.kind === "ccf"
                    ? {
                          ccf: {
                              definitionName: sentinel.definitionName,
                              streamName: connection?.streamName ?? "",
                              solution: sentinel.solution.name,
                          },
                      }
                    : {}),
            };
        }),
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
            "<known after creation>": "a value the cloud assigns when it creates the resource",
        },
    };
}

function renderDecisions(result: PreviewResult): string[] {
    const d = result.policy.decisions;
    return [
        `Mandatory checks decided at preview: ${d.decided} of ${d.mandatoryChecks}${d.undecided.length === 0 ? "." : `; ${d.undecided.length} could not decide (they are made again at update, after the resources exist):`}`,
        ...d.undecided.flatMap((u) => [
            `  ${u.policyName}${u.resourceName ? ` (${u.resourceType} ${u.resourceName})` : ""}:`,
            ...u.reasons.map((r) => `    ${markPlaceholders(r)}`),
        ]),
    ];
}

/** The human-readable report. */
export function renderPreview(result: PreviewResult): string {
    // In a preview, the notes on unknown values are listed with the checks they left undecided.
    const notes = result.preview
        ? result.policy.violations.filter(
              (v) => v.enforcementLevel === "advisory" && isUndecidedText(v.message),
          )
        : [];
    const undecided = result.preview ? result.policy.decisions.undecided.length : 0;
    const where = result.stackFile ? ` (${result.stackFile})` : "";
    const lines = [
        `Offline preview of stack "${result.stack}"${where}, project "${result.project}"${result.preview ? ", as `pulumi preview` sees it before anything exists (values the cloud computes are unknown)" : ""}: no Pulumi CLI, backend or cloud was used.`,
        `Placeholders: ${Object.entries(result.placeholders)
            .map(([k, v]) => `${k} = ${v}`)
            .join("; ")}.`,
        "",
        `pulumi up would create ${result.resourceCount} cloud resources, grouped under their components:`,
        ...renderTree(result.plan),
        "",
        ...(result.connections.length > 0
            ? [
                  "Connections (the values the Sentinel portal would otherwise ask for):",
                  ...result.connections.flatMap((c) => [
                      `  ${c.destinationTable}`,
                      `    Role ARN           ${c.roleArn}`,
                      `    SQS URL            ${c.sqsUrl}`,
                      `    Destination table  ${c.destinationTable}`,
                      ...(c.ccf
                          ? [
                                `    CCF definition     ${c.ccf.definitionName} (Content Hub solution "${c.ccf.solution}")`,
                                `    DCR stream         ${c.ccf.streamName}`,
                            ]
                          : []),
                  ]),
                  "",
              ]
            : []),
        `Policy pack verdict: ${result.policy.mandatory} mandatory, ${result.policy.advisory - notes.length} advisory violation(s)${notes.length > 0 ? `, ${notes.length} note(s) on values not known yet` : ""}.`,
        ...result.policy.violations
            .filter((v) => v.enforcementLevel === "mandatory" || v.enforcementLevel === "advisory")
            .filter((v) => !notes.includes(v))
            .map(
                (v) =>
                    `  [${v.enforcementLevel}] ${v.policyName}${v.resourceName ? ` (${v.resourceType} ${v.resourceName})` : ""}: ${v.message.split("\n")[0]}`,
            ),
        ...(result.preview ? ["", ...renderDecisions(result)] : []),
        "",
        !result.ok
            ? "FAIL: fix the mandatory violations above before deploying."
            : undecided > 0
              ? `PASS (provisional): no mandatory violation among the checks that decided; the ${undecided} undecided mandatory check(s) run again at \`pulumi up\`, once the resources exist.`
              : "PASS: the plan satisfies every mandatory policy.",
    ];
    return lines.join("\n");
}

/** The command line, parsed; a usage problem as one line. */
export function parseCommandLine(
    argv: string[],
): { options: PreviewOptions; json: boolean; help: boolean } | { usageError: string } {
    try {
        const { values, positionals } = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: {
                stack: { type: "string", short: "s" },
                program: { type: "string" },
                "policy-config": { type: "string" },
                preview: { type: "boolean", default: false },
                json: { type: "boolean", default: false },
                help: { type: "boolean", short: "h" },
            },
        });
        if (positionals.length > 1 || (positionals.length === 1 && values.stack !== undefined)) {
            return { usageError: "give one stack: --stack <name> or a stack file path" };
        }
        return {
            options: {
                program: values.program,
                stack: positionals[0] ?? values.stack,
                preview: values.preview,
                policyConfig: values["policy-config"],
            },
            json: values.json ?? false,
            help: values.help ?? false,
        };
    } catch (error) {
        // node:util's messages, such as "Option '--stack <value>' argument missing".
        return { usageError: (error as Error).message.split("\n")[0].replace(/\.$/, "") };
    }
}

async function main(argv: string[]): Promise<number> {
    const parsed = parseCommandLine(argv);
    if ("usageError" in parsed) {
        console.error(`${parsed.usageError}. ${USAGE}`);
        return 2;
    }
    if (parsed.help) {
        console.log(USAGE);
        return 0;
    }
    if (
        parsed.json &&
        process.env.npm_lifecycle_event !== undefined &&
        process.env.npm_config_loglevel !== "silent"
    ) {
        // npm wrote its "> sentinel-aws-s3@… start" banner to stdout before this process started.
        console.error(
            "npm printed its banner above the JSON: `npm start --silent -- --json` prints the JSON alone.",
        );
    }
    let result: PreviewResult;
    try {
        result = await preview(parsed.options);
    } catch (error) {
        const message = (error as Error).message;
        if (parsed.json) {
            console.log(JSON.stringify({ ok: false, error: message }, null, 2));
        } else {
            console.error(`Configuration error:\n${message}`);
        }
        return 2;
    }
    console.log(parsed.json ? JSON.stringify(result, null, 2) : renderPreview(result));
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
