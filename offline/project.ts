// Reads a Pulumi project file (`Pulumi.yaml`) the way the Pulumi CLI does for a Node.js program:
// the project's name (the namespace of its configuration keys) and the program's entry point.
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";

/** A Node.js Pulumi project. */
export interface Project {
    /** The directory holding `Pulumi.yaml`. */
    readonly dir: string;
    /** The project name: configuration keys without a namespace belong to it. */
    readonly name: string;
    /** The program's entry file: `main` of `Pulumi.yaml`, else of package.json, else `index.ts`/`index.js`. */
    readonly main: string;
}

/** Reads `<dir>/Pulumi.yaml`; throws naming the file and the fix when it is missing or not a Node.js project. */
export function readProject(dir: string): Project {
    const file = path.join(dir, "Pulumi.yaml");
    if (!fs.existsSync(file)) {
        throw new Error(
            `${dir} holds no Pulumi.yaml; point --program at the directory of a Pulumi project (the one \`pulumi new\` created)`,
        );
    }
    let doc: unknown;
    try {
        doc = yaml.load(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new Error(`${file} is not valid YAML: ${(e as Error).message}`);
    }
    const project = (doc ?? {}) as { name?: unknown; runtime?: unknown; main?: unknown };
    const problems: string[] = [];
    if (typeof project.name !== "string" || project.name === "") {
        problems.push("`name` must be the project's name");
    }
    const runtime =
        typeof project.runtime === "object" && project.runtime !== null
            ? (project.runtime as { name?: unknown }).name
            : project.runtime;
    if (runtime !== "nodejs") {
        problems.push(
            `\`runtime\` must be nodejs (a TypeScript or JavaScript program), not ${JSON.stringify(runtime ?? null)}`,
        );
    }
    if (problems.length > 0) {
        throw new Error(`${file}: ${problems.join("; ")}.`);
    }
    return { dir, name: project.name as string, main: entryPoint(dir, project.main) };
}

function entryPoint(dir: string, main: unknown): string {
    const packageFile = path.join(dir, "package.json");
    const packageMain = fs.existsSync(packageFile)
        ? (JSON.parse(fs.readFileSync(packageFile, "utf8")) as { main?: unknown }).main
        : undefined;
    const candidates = [main, packageMain, "index.ts", "index.js"].filter(
        (c): c is string => typeof c === "string" && c !== "",
    );
    const found = candidates.map((c) => path.resolve(dir, c)).find((f) => fs.existsSync(f));
    if (!found) {
        throw new Error(
            `${dir} has no program to run: set \`main\` in Pulumi.yaml or add an index.ts (tried ${candidates.join(", ")})`,
        );
    }
    return found;
}
