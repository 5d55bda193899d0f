// Reads a stack's configuration file (`Pulumi.<stack>.yaml`) the way the Pulumi CLI hands it to a
// program: every value a string (structured values JSON-encoded). Values the offline engine cannot
// use are reported all at once, each naming its key and the `pulumi config set` that fixes it.
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { FakeCloud, PLACEHOLDER_CLOUD } from "./mocks";

/** A stack file, ready for the offline engine. */
export interface StackFile {
    readonly path: string;
    /** The stack name (from `Pulumi.<stack>.yaml`). */
    readonly stack: string;
    /** `project:key` → value, as `PULUMI_CONFIG` carries it. */
    readonly config: Record<string, string>;
    /** The fake cloud, in the configured AWS region and its partition. */
    readonly cloud: FakeCloud;
}

/** How a stack file is read. */
export interface ReadOptions {
    /**
     * Keys (`project:key`) the program reads as objects: a secret or a scalar there is reported
     * with the `pulumi config set --path` form that sets the object's keys one by one.
     */
    readonly objectKeys?: readonly string[];
    /** The program's directory, whose stack files an error lists. */
    readonly programDir?: string;
}

/**
 * The stack file for `--stack <name>` (`Pulumi.<name>.yaml` beside the program) or a path, which
 * is relative to `cwd` (where the user ran the command); the example stack by default.
 */
export function resolveStackFile(
    programDir: string,
    stackOrPath?: string,
    cwd: string = process.env.INIT_CWD ?? process.cwd(),
): string {
    if (stackOrPath === undefined) {
        return path.join(programDir, "Pulumi.example.yaml");
    }
    if (
        stackOrPath.endsWith(".yaml") ||
        stackOrPath.endsWith(".yml") ||
        stackOrPath.includes("/") ||
        stackOrPath.includes(path.sep)
    ) {
        return path.resolve(cwd, stackOrPath);
    }
    return path.join(programDir, `Pulumi.${stackOrPath}.yaml`);
}

/** True for a `secure:` value (a secret the Pulumi CLI decrypts). */
function isSecret(value: unknown): boolean {
    return (
        typeof value === "object" && value !== null && !Array.isArray(value) && "secure" in value
    );
}

/** The secrets nested in an object value, as `key.path` strings. */
function nestedSecrets(value: unknown, at: string): string[] {
    if (isSecret(value)) {
        return [at];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => nestedSecrets(v, `${at}[${i}]`));
    }
    if (typeof value === "object" && value !== null) {
        return Object.entries(value).flatMap(([k, v]) => nestedSecrets(v, `${at}.${k}`));
    }
    return [];
}

/** The problems of the values the program reads as objects. */
function objectProblems(raw: Record<string, unknown>, objectKeys: readonly string[]): string[] {
    const problems: string[] = [];
    for (const key of objectKeys) {
        const value = raw[key];
        const setForm = `\`pulumi config set --path '${key}.<field>' <value>\``;
        if (value === undefined || value === null) {
            continue;
        }
        if (isSecret(value)) {
            problems.push(
                `\`${key}\` is one secret (\`secure:\`), but the program reads it as an object (a map of keys): set its keys one by one with ${setForm}, and add \`--secret\` only to the ones that are secret.`,
            );
        } else if (typeof value !== "object" || Array.isArray(value)) {
            problems.push(
                `\`${key}\` must be an object (a map of keys), not ${JSON.stringify(value)}: set its keys one by one with ${setForm}.`,
            );
        } else {
            for (const secret of nestedSecrets(value, key)) {
                problems.push(
                    `\`${secret}\` is a secret (\`secure:\`), which the offline preview cannot decrypt without the stack's secrets provider: for the offline check, put a stand-in value in a copy of the stack file (\`pulumi config set --path '${secret}' <value>\` on a scratch stack).`,
                );
            }
        }
    }
    return problems;
}

/** The stack files beside a program (`Pulumi.<stack>.yaml`), by file name. */
export function stackFilesIn(programDir: string): string[] {
    return fs.existsSync(programDir)
        ? fs
              .readdirSync(programDir)
              .filter((f) => /^Pulumi\.[^.]+\.ya?ml$/.test(f))
              .sort()
        : [];
}

/** Why a stack file cannot be found, with the stack files that do exist beside the program. */
export function missingStackFile(file: string, programDir?: string): string {
    const existing = programDir ? stackFilesIn(programDir) : [];
    const stacks = existing.map((f) => f.replace(/^Pulumi\.|\.ya?ml$/g, ""));
    return existing.length > 0
        ? `stack file ${file} does not exist; the stack files in ${programDir} are ${existing.join(", ")}: pass --stack ${stacks.join(" | ")}, or a path`
        : `stack file ${file} does not exist, and ${programDir ?? path.dirname(file)} has no Pulumi.<stack>.yaml: pass the path of a stack file`;
}

/** Reads a stack file; throws with the file's path and every problem when it cannot be used. */
export function readStackFile(file: string, options: ReadOptions = {}): StackFile {
    if (!fs.existsSync(file)) {
        throw new Error(missingStackFile(file, options.programDir ?? path.dirname(file)));
    }
    let doc: unknown;
    try {
        doc = yaml.load(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new Error(`stack file ${file} is not valid YAML: ${(e as Error).message}`);
    }
    const raw = (doc as { config?: unknown } | null)?.config ?? {};
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        throw new Error(`stack file ${file} must have a \`config:\` map of keys to values`);
    }
    const problems = objectProblems(raw as Record<string, unknown>, options.objectKeys ?? []);
    if (problems.length > 0) {
        throw new Error(
            `stack file ${file} cannot be previewed offline:\n${problems.map((p) => `- ${p}`).join("\n")}`,
        );
    }
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
        config[key] = isSecret(value)
            ? "[secret]"
            : typeof value === "string"
              ? value
              : JSON.stringify(value);
    }
    const base = path.basename(file).replace(/\.ya?ml$/, "");
    return {
        path: file,
        stack: base.startsWith("Pulumi.") ? base.slice("Pulumi.".length) : base,
        config,
        cloud: cloudFor(config),
    };
}

/** The fake cloud for a configuration: its `aws:region` and that region's partition. */
export function cloudFor(config: Record<string, string>): FakeCloud {
    const region = config["aws:region"] ?? PLACEHOLDER_CLOUD.region;
    const partition = region.startsWith("us-gov-")
        ? "aws-us-gov"
        : region.startsWith("cn-")
          ? "aws-cn"
          : "aws";
    return { ...PLACEHOLDER_CLOUD, region, partition };
}
