// The npm package as `npm pack` builds it (its `prepare` compiles dist/), packed from a staged copy of
// the sources in a temporary directory, so the checkout (its dist/) is never written. Packed once per
// test process and shared by the specs that unpack it.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");

/** What the build reads: the sources tsconfig.build.json includes, and the files the package ships. */
const STAGED = [
    "package.json",
    "tsconfig.json",
    "tsconfig.build.json",
    "PulumiPlugin.yaml",
    "README.md",
    "docs",
    "LICENSE",
    "components",
    "provider",
    "testing",
    "cli",
    "scripts",
];

/** A packed package: the tarball and the files in it. */
export interface Packed {
    readonly tarball: string;
    readonly files: readonly string[];
}

let packed: Packed | undefined;

/** The package packed from a staged copy (once per process); the tarball outlives the tests' own dirs. */
export function packedPackage(): Packed {
    if (packed) {
        return packed;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sentinel-aws-s3-packed-"));
    const stage = path.join(dir, "stage");
    fs.mkdirSync(stage);
    for (const entry of STAGED) {
        fs.cpSync(path.join(ROOT, entry), path.join(stage, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(stage, "node_modules"), "dir");
    const [result] = JSON.parse(
        execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
            cwd: stage,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        }),
    );
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    packed = {
        tarball: path.join(dir, result.filename),
        files: result.files.map((f: { path: string }) => f.path),
    };
    return packed;
}
