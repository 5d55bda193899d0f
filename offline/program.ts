// Runs a Pulumi Node.js program under the offline engine against a stack file: this repository's
// own program (`index.ts`), or any other project directory (`npm start -- --program <dir>`).
import Module from "node:module";
import * as path from "node:path";
import type { MockStacks } from "../testing";
import { OfflineRun, runOffline } from "./mocks";
import { Project, readProject } from "./project";
import { StackFile } from "./stackFile";
import { OBJECT_KEYS } from "../program/stackConfig";

const ROOT = path.join(__dirname, "..");

/** The program's stack outputs. */
export interface ProgramOutputs {
    readonly roleArn: string;
    readonly roleName: string;
    readonly bucketName: string;
    readonly connections: {
        logType: string;
        destinationTable: string;
        connectionId?: string;
        sqsUrl: string;
    }[];
    readonly connectorIds: Record<string, string>;
}

/** This repository's program: `program/Pulumi.yaml` and `program/index.ts`. */
export function ownProject(): Project {
    return readProject(path.join(ROOT, "program"));
}

/**
 * The configuration keys (within the project's namespace) this repository's program reads as
 * objects, so the stack file's reader can name a secret or scalar set there.
 */
export const OBJECT_CONFIG_KEYS: readonly string[] = OBJECT_KEYS;

/** Runs `index.ts` for a stack file and returns its outputs and every registered resource. */
export function runProgram(
    stack: StackFile,
    options: { preview?: boolean } = {},
): Promise<OfflineRun<ProgramOutputs>> {
    return runProject(ownProject(), stack, options) as Promise<OfflineRun<ProgramOutputs>>;
}

/**
 * Runs a project's program under the offline engine. The program is loaded after the mocks are
 * set, with `@pulumi/pulumi` (and its subpaths) resolved to the engine's own copy, so a project
 * with its own `node_modules` runs against the same runtime.
 */
export async function runProject(
    project: Project,
    stack: StackFile,
    options: { preview?: boolean; stacks?: MockStacks } = {},
): Promise<OfflineRun<unknown>> {
    const restore = shareSdk();
    try {
        return await runOffline(
            async () => {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                const loaded = require(project.main);
                const main =
                    typeof loaded === "function"
                        ? loaded
                        : typeof loaded?.default === "function"
                          ? loaded.default
                          : undefined;
                // As Pulumi's Node.js runtime: an exported function is called, its result is the outputs.
                return main ? main() : loaded;
            },
            {
                project: project.name,
                stack: stack.stack,
                config: stack.config,
                cloud: stack.cloud,
                preview: options.preview,
                stacks: options.stacks,
            },
        );
    } finally {
        restore();
    }
}

type Resolver = (request: string, parent: unknown, ...rest: unknown[]) => string;

/** This package's entry points by import path, as its `exports` map them, from the sources. */
const OWN_ENTRIES: Readonly<Record<string, string>> = {
    "sentinel-aws-s3": path.join(ROOT, "components", "index.ts"),
    "sentinel-aws-s3/testing": path.join(ROOT, "testing", "index.ts"),
};

/**
 * Resolves `@pulumi/pulumi` from this package while a program runs, and this package's own name to
 * its sources (so the examples run against the code under test, installed or not); returns the undo.
 */
function shareSdk(): () => void {
    const mod = Module as unknown as { _resolveFilename: Resolver };
    const original = mod._resolveFilename;
    mod._resolveFilename = function (request, parent, ...rest) {
        if (request === "@pulumi/pulumi" || request.startsWith("@pulumi/pulumi/")) {
            return original.call(this, request, module, ...rest);
        }
        if (OWN_ENTRIES[request] !== undefined) {
            return OWN_ENTRIES[request];
        }
        return original.call(this, request, parent, ...rest);
    };
    return () => {
        mod._resolveFilename = original;
    };
}
