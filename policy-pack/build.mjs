// Bundles the pack into one JavaScript file, `bin/index.js` (the connector facts included, only
// `@pulumi/policy` and `@pulumi/pulumi` left as dependencies), with the licence beside the manifest.
//   node build.mjs          in the pack's own directory (`npm run build`, before `npm pack`)
//   node build.mjs <dir>    a complete pack in <dir>, the sources untouched (what the tests run)
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The files of the pack besides its bundle and licence (package.json `files`). */
const STAGED = ["package.json", "PulumiPolicy.yaml", "config.example.json", "README.md"];

export async function buildPack(outDir = HERE) {
    rmSync(path.join(outDir, "bin"), { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    await build({
        entryPoints: [path.join(HERE, "index.ts")],
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        packages: "external",
        sourcemap: true,
        outfile: path.join(outDir, "bin", "index.js"),
        logLevel: "warning",
    });
    if (path.resolve(outDir) !== HERE) {
        for (const file of STAGED) {
            copyFileSync(path.join(HERE, file), path.join(outDir, file));
        }
    }
    copyFileSync(path.join(HERE, "..", "LICENSE"), path.join(outDir, "LICENSE"));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    await buildPack(process.argv[2] ? path.resolve(process.argv[2]) : HERE);
}
