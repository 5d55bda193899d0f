// The example programs in other languages, read as the tests need them: the YAML program's
// resources, references and outputs; the names the Python program uses from the generated SDK.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";

export const EXAMPLES = path.join(__dirname, "..", "..", "examples");

/** A resource of a Pulumi YAML program. */
export interface YamlResource {
    readonly type: string;
    readonly name?: string;
    readonly properties?: Record<string, unknown>;
    readonly options?: { dependsOn?: unknown[] };
}

/** A Pulumi YAML program (the parts the tests read). */
export interface YamlProgram {
    readonly name: string;
    readonly packages?: Record<string, string>;
    readonly config?: Record<string, { type?: string; default?: unknown }>;
    readonly resources: Record<string, YamlResource>;
    readonly outputs?: Record<string, unknown>;
}

export function readYamlProgram(file = path.join(EXAMPLES, "yaml", "Pulumi.yaml")): YamlProgram {
    return yaml.load(fs.readFileSync(file, "utf8")) as YamlProgram;
}

/** A reference `${root.path…}`: the resource or config variable, then property names and indices. */
export interface Reference {
    readonly root: string;
    readonly path: (string | number)[];
}

/**
 * The reference a whole-string YAML expression makes (`${aws.connections}`, `${aws.queueArns["x"]}`),
 * or undefined for a literal. Interpolation inside longer strings is refused: the examples do not
 * use it, and the tests could not evaluate it.
 */
export function referenceOf(value: unknown): Reference | undefined {
    if (typeof value !== "string" || !value.includes("${")) {
        return undefined;
    }
    const whole = /^\$\{([^}]+)\}$/.exec(value);
    if (!whole) {
        throw new Error(`${value}: only whole-value references are supported here`);
    }
    const [root, ...rest] = whole[1].split(/(?=[.[])/);
    const segments = rest.map((s) => {
        const name = /^\.([A-Za-z_][\w-]*)$/.exec(s)?.[1];
        const index = /^\[(\d+)\]$/.exec(s)?.[1];
        const key = /^\["([^"]+)"\]$/.exec(s)?.[1];
        if (name !== undefined || key !== undefined) {
            return (name ?? key) as string;
        }
        if (index !== undefined) {
            return Number(index);
        }
        throw new Error(`${value}: cannot read the part ${s}`);
    });
    return { root, path: segments };
}

/** The full type token of a YAML resource type (`pkg:Type` is `pkg:index:Type`). */
export function fullToken(type: string): string {
    const parts = type.split(":");
    return parts.length === 2 ? `${parts[0]}:index:${parts[1]}` : type;
}

/** What the Python program uses of the generated SDK, as Python's own parser reads it. */
export interface PythonUses {
    /** Calls `<module alias>.<Name>(…)`: resources and input types, with their keyword arguments. */
    readonly calls: { func: string; keywords: string[]; line: number }[];
    /** Attributes read from a variable bound to a resource: its outputs. */
    readonly attributes: { variable: string; resource: string; attribute: string; line: number }[];
}

const PYTHON_READER = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read())
alias = next(a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.Import)
             for a in n.names if a.name == sys.argv[2])
calls, bound, attributes = [], {}, []
for node in ast.walk(tree):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \\
            and isinstance(node.func.value, ast.Name) and node.func.value.id == alias:
        calls.append({"func": node.func.attr, "keywords": [k.arg for k in node.keywords if k.arg != "opts"],
                      "line": node.lineno})
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \\
            and isinstance(node.value.func, ast.Attribute) and isinstance(node.value.func.value, ast.Name) \\
            and node.value.func.value.id == alias:
        for target in node.targets:
            if isinstance(target, ast.Name):
                bound[target.id] = node.value.func.attr
for node in ast.walk(tree):
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound:
        attributes.append({"variable": node.value.id, "resource": bound[node.value.id],
                           "attribute": node.attr, "line": node.lineno})
print(json.dumps({"calls": calls, "attributes": attributes}))
`;

/** The Python interpreter, when there is one (the moto suite needs it too). */
export function python(): string | undefined {
    for (const candidate of ["python3", "python"]) {
        try {
            execFileSync(candidate, ["--version"], { stdio: "ignore" });
            return candidate;
        } catch {
            // try the next
        }
    }
    return undefined;
}

export function readPythonUses(interpreter: string, file: string, module: string): PythonUses {
    return JSON.parse(
        execFileSync(interpreter, ["-c", PYTHON_READER, file, module], { encoding: "utf8" }),
    ) as PythonUses;
}

/** A schema name as the Python SDK spells it: snake case (`workspaceId` → `workspace_id`). */
export function pythonName(name: string): string {
    return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
