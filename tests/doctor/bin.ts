// Runs the package's bin from source in a child process with a clean environment.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

/** Runs `sentinel-aws-s3 …` from source with a clean environment plus `env`. */
export function runBin(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-home-"));
    try {
        const r = spawnSync(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", path.join(ROOT, "cli", "bin.ts"), ...args],
            {
                cwd: ROOT,
                encoding: "utf8",
                input: options.input ?? "",
                env: {
                    PATH: process.env.PATH,
                    HOME: home,
                    USERPROFILE: home,
                    AWS_EC2_METADATA_DISABLED: "true",
                    AWS_CONFIG_FILE: path.join(home, "none"),
                    AWS_SHARED_CREDENTIALS_FILE: path.join(home, "none"),
                    ...options.env,
                },
                timeout: 60_000,
            },
        );
        return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    } finally {
        fs.rmSync(home, { recursive: true, force: true });
    }
}
