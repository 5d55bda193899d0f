// The real Pulumi CLI, where one is on PATH: how the `*.cli.ts` suites (`npm run test:cli`) run it,
// against a local file backend in a temporary directory, with its own passphrase and no update
// check, and how long each command took (reported, never asserted).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.join(__dirname, "..", "..");

/** The CLI's version, or undefined when there is no `pulumi` on PATH. */
export function pulumiVersion(): string | undefined {
    const r = spawnSync("pulumi", ["version"], { encoding: "utf8" });
    return r.status === 0 ? r.stdout.trim() : undefined;
}

/** What a command did. */
export interface Ran {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
    /** Both streams, for assertions on what the user sees. */
    readonly output: string;
    readonly ms: number;
}

/** Times each command, by label, for the suite's closing report. */
export const TIMINGS: { label: string; ms: number }[] = [];

/** A temporary directory, removed when the process exits. */
export function tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sentinel-cli-${prefix}-`));
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
}

const BACKEND = tempDir("state");

/** Runs a command with the CLI's environment (local backend, passphrase, no update check). */
export function run(
    command: string,
    args: readonly string[],
    options: { cwd: string; label?: string; env?: Record<string, string>; timeoutMs?: number },
): Ran {
    const t0 = performance.now();
    const r = spawnSync(command, args, {
        cwd: options.cwd,
        encoding: "utf8",
        timeout: options.timeoutMs ?? 900_000,
        maxBuffer: 64 * 1024 * 1024,
        env: {
            ...process.env,
            PULUMI_BACKEND_URL: `file://${BACKEND}`,
            PULUMI_CONFIG_PASSPHRASE: "test",
            PULUMI_SKIP_UPDATE_CHECK: "1",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            NO_COLOR: "1",
            ...options.env,
        },
    });
    const ms = Math.round(performance.now() - t0);
    if (options.label) {
        TIMINGS.push({ label: options.label, ms });
    }
    const stdout = r.stdout ?? "";
    const stderr = r.stderr ?? "";
    return { status: r.status, stdout, stderr, output: `${stdout}\n${stderr}`, ms };
}

/** Runs `pulumi …`. */
export function pulumi(args: readonly string[], options: Parameters<typeof run>[2]): Ran {
    return run("pulumi", [...args, "--non-interactive"], options);
}

/** Fails with the command's output when it did not succeed. */
export function ok(r: Ran, what: string): Ran {
    if (r.status !== 0) {
        throw new Error(`${what} exited with ${r.status}:\n${r.output.slice(-4000)}`);
    }
    return r;
}

/** Prints the timings gathered so far (mocha's root `after` calls it). */
export function reportTimings(): void {
    if (TIMINGS.length > 0) {
        console.log("\n  Timings (this machine, not asserted):");
        for (const t of TIMINGS) {
            console.log(`    ${t.label.padEnd(58)} ${(t.ms / 1000).toFixed(1).padStart(6)} s`);
        }
    }
}
