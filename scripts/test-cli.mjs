// `npm run test:cli`: the checks that need a real Pulumi CLI (tests/pulumi-cli/*.cli.ts). Without a
// `pulumi` on PATH they are skipped, with one line saying so, and the command succeeds: CI and
// `npm test` run without the CLI.
import { spawnSync } from "node:child_process";

const version = spawnSync("pulumi", ["version"], { encoding: "utf8" });
if (version.status !== 0) {
    console.log(
        "test:cli: skipped: no Pulumi CLI on PATH (these checks run the real CLI: get-schema, gen-sdk, the examples' previews, policy analyze)",
    );
    process.exit(0);
}
console.log(`test:cli: Pulumi CLI ${version.stdout.trim()}`);
const mocha = spawnSync(
    process.execPath,
    [
        "node_modules/mocha/bin/mocha.js",
        "--no-config",
        "--require",
        "ts-node/register/transpile-only",
        "--require",
        "tests/pulumi-cli/hooks.ts",
        "--extension",
        "ts",
        "--timeout",
        "1800000",
        "tests/pulumi-cli/*.cli.ts",
    ],
    { stdio: "inherit" },
);
process.exit(mocha.status ?? 1);
