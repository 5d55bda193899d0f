// Reads a stack's configuration file (`Pulumi.<stack>.yaml`) the way the Pulumi CLI hands it to a
// program: every value a string (structured values JSON-encoded).
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

/** The stack file for `--stack <name>` or a path; the example stack by default. */
export function resolveStackFile(root: string, stackOrPath?: string): string {
    if (stackOrPath === undefined) {
        return path.join(root, "Pulumi.example.yaml");
    }
    if (
        stackOrPath.endsWith(".yaml") ||
        stackOrPath.endsWith(".yml") ||
        stackOrPath.includes("/")
    ) {
        return path.resolve(stackOrPath);
    }
    return path.join(root, `Pulumi.${stackOrPath}.yaml`);
}

/** Reads a stack file; throws with the file's path when it is missing or not a config map. */
export function readStackFile(file: string): StackFile {
    if (!fs.existsSync(file)) {
        throw new Error(
            `stack file ${file} does not exist; create it (see Pulumi.example.yaml) or pass --stack <name>`,
        );
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
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
        const secret = typeof value === "object" && value !== null && "secure" in value;
        config[key] = secret
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
