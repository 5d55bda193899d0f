// moto's server for the doctor's AWS tests: started on a free loopback port, reset between tests,
// its request recorder read back, stopped after. Installed by scripts/setup-moto.mjs into .venv/.
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { BucketLocationConstraint, CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";

const ROOT = path.join(__dirname, "..", "..");
const SERVER = path.join(
    ROOT,
    ".venv",
    process.platform === "win32" ? "Scripts/moto_server.exe" : "bin/moto_server",
);

/** Why the moto suite cannot run here, or undefined when it can. */
export function motoUnavailable(): string | undefined {
    if (fs.existsSync(SERVER)) {
        return undefined;
    }
    const python = ["python3", "python"].some(
        (p) => spawnSync(p, ["--version"], { encoding: "utf8" }).status === 0,
    );
    if (!python) {
        return "Python 3 not found: the doctor's moto suite is skipped (install Python 3 and run npm test again)";
    }
    throw new Error(
        "moto is not installed in .venv although Python 3 is present: run `node scripts/setup-moto.mjs` (npm test does it first).",
    );
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

/** One record of moto's request recorder. */
export interface RecordedRequest {
    readonly method: string;
    readonly url: string;
    readonly headers: Record<string, string>;
    readonly body: string;
    readonly body_encoded: boolean;
}

/** A running moto server. */
export class Moto {
    private constructor(
        private readonly child: ChildProcess,
        readonly endpoint: string,
        private readonly recording: string,
    ) {}

    static async start(): Promise<Moto> {
        const port = await freePort();
        const recording = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "moto-")), "recording");
        const child = spawn(SERVER, ["-H", "127.0.0.1", "-p", String(port)], {
            env: { ...process.env, MOTO_RECORDER_FILEPATH: recording },
            stdio: ["ignore", "ignore", "pipe"],
        });
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
        const moto = new Moto(child, `http://127.0.0.1:${port}`, recording);
        const deadline = Date.now() + 30_000;
        for (;;) {
            if (child.exitCode !== null) {
                throw new Error(`moto_server exited: ${stderr}`);
            }
            try {
                const r = await fetch(`${moto.endpoint}/moto-api/data.json`);
                if (r.ok) {
                    return moto;
                }
            } catch {
                // not listening yet
            }
            if (Date.now() > deadline) {
                child.kill();
                throw new Error(`moto_server did not start in 30 s: ${stderr}`);
            }
            await new Promise((r) => setTimeout(r, 100));
        }
    }

    private async post(p: string, body?: string): Promise<string> {
        const r = await fetch(`${this.endpoint}${p}`, { method: "POST", body });
        if (!r.ok) {
            throw new Error(`${p}: HTTP ${r.status}`);
        }
        return r.text();
    }

    /** Forgets every resource. */
    reset(): Promise<string> {
        return this.post("/moto-api/reset");
    }

    /** Records the requests from now on, and only those. */
    async startRecording(): Promise<void> {
        await this.post("/moto-api/recorder/reset-recording");
        await this.post("/moto-api/recorder/start-recording");
    }

    /** Stops recording and returns what was recorded. */
    async stopRecording(): Promise<RecordedRequest[]> {
        await this.post("/moto-api/recorder/stop-recording");
        const r = await fetch(`${this.endpoint}/moto-api/recorder/download-recording`);
        const text = await r.text();
        return text
            .split("\n")
            .filter((l) => l.trim() !== "")
            .map((l) => JSON.parse(l) as RecordedRequest);
    }

    async stop(): Promise<void> {
        if (this.child.exitCode !== null) {
            return;
        }
        await new Promise<void>((resolve) => {
            this.child.once("exit", () => resolve());
            this.child.kill("SIGTERM");
        });
        fs.rmSync(path.dirname(this.recording), { recursive: true, force: true });
    }
}

/** Points the AWS SDK's standard settings at moto for the rest of the process; returns an undo. */
export function useMotoEnvironment(endpoint: string, region: string): () => void {
    const saved = { ...process.env };
    Object.assign(process.env, {
        AWS_ENDPOINT_URL: endpoint,
        AWS_REGION: region,
        AWS_ACCESS_KEY_ID: "testing",
        AWS_SECRET_ACCESS_KEY: "testing",
        AWS_EC2_METADATA_DISABLED: "true",
    });
    for (const k of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"]) {
        delete process.env[k];
    }
    return () => {
        for (const k of Object.keys(process.env)) {
            if (!(k in saved)) {
                delete process.env[k];
            }
        }
        Object.assign(process.env, saved);
    };
}

/**
 * Moto's lifecycle for the calling `describe`: the server started before its tests (the suite
 * skipped, saying why, where moto cannot run) with the AWS environment pointed at it, every resource
 * forgotten and `buckets` created again in `region` before each test, stopped after.
 */
export function motoSuite(region: string, buckets: readonly string[]): void {
    let moto: Moto | undefined;
    let restore: (() => void) | undefined;
    before(async function () {
        const why = motoUnavailable();
        if (why) {
            console.log(`      (skipped: ${why})`);
            this.skip();
        }
        moto = await Moto.start();
        restore = useMotoEnvironment(moto.endpoint, region);
    });
    after(async () => {
        restore?.();
        await moto?.stop();
    });
    beforeEach(async () => {
        await moto!.reset();
        const client = new S3Client({});
        for (const Bucket of buckets) {
            await client.send(
                new CreateBucketCommand({
                    Bucket,
                    CreateBucketConfiguration: {
                        LocationConstraint: region as BucketLocationConstraint,
                    },
                }),
            );
        }
    });
}
