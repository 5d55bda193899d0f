// `sentinel-aws-s3 doctor`: reads both clouds, read-only, and says in order why Sentinel shows
// "connected" but no data, with the fix for each problem. See the README's doctor section for the
// input, the `--json` document and the exit codes.
import * as fs from "node:fs";
import { AwsApi } from "./aws/api";
import { runAwsChecks } from "./aws";
import { AzureApi, AzureCredentialsError, AzureDependencies } from "./azure/api";
import { runAzureChecks, workspaceCheck } from "./azure";
import { DoctorInputError } from "./errors";
import { DOCTOR_USAGE, DoctorInput, parseFlags, parseOutputs, resolveInput } from "./input";
import { Resolver, requirePackages } from "./packages";
import { Progress, ProgressStream } from "./progress";
import { Check, DoctorReport, EXIT_BAD_INPUT, buildReport, renderText } from "./report";

/** What a run may be given instead of the defaults (tests inject Azure's HTTP client). */
export interface DoctorOptions {
    readonly azure?: AzureDependencies;
    readonly now?: Date;
    /** Counts calls for the progress line. */
    readonly onCall?: () => void;
    /** Finds the cloud SDK packages before any call. @default require.resolve */
    readonly resolve?: Resolver;
}

function skipped(side: "aws" | "azure", flag: string): Check {
    return {
        id: side,
        side,
        title: side === "aws" ? "AWS checks" : "Azure checks",
        status: "skipped",
        reason: `skipped (${flag}).`,
    };
}

/** The Azure half's one line when no Azure credential is found: the AWS half still runs. */
const AZURE_CREDENTIALS_ID = "azure.credentials";

function noAzureCredentials(e: AzureCredentialsError): Check {
    return {
        id: AZURE_CREDENTIALS_ID,
        side: "azure",
        title: "Azure credentials",
        status: "unknown",
        reason: `${e.message} The Azure checks did not run.`,
    };
}

/**
 * Runs `run`, turning a missing Azure credential into that line when the AWS half runs; with
 * `--azure-only` there is nothing left to check, and it is the input error it always was.
 */
async function orNoAzureCredentials<T>(
    input: DoctorInput,
    run: () => Promise<T>,
    otherwise: (check: Check) => T,
): Promise<T> {
    try {
        return await run();
    } catch (e) {
        if (e instanceof AzureCredentialsError) {
            if (!input.aws) {
                throw new DoctorInputError([e.message]);
            }
            return otherwise(noAzureCredentials(e));
        }
        throw e;
    }
}

/** Runs the checks for resolved input and returns the report. */
export async function runDoctor(
    input: DoctorInput,
    options: DoctorOptions = {},
): Promise<DoctorReport> {
    const now = options.now ?? new Date();
    const azureApi = input.azure
        ? new AzureApi(input.azureCloud, options.azure, options.onCall)
        : undefined;
    // The workspace comes first: its ID is the one the AWS trust must name. Without Azure
    // credentials it is the one the input gives.
    const workspace = azureApi
        ? await orNoAzureCredentials<{ check: Check; workspaceId?: string }>(
              input,
              () => workspaceCheck(input, azureApi),
              (check) => ({ check, workspaceId: input.workspaceId }),
          )
        : undefined;
    const workspaceId = workspace?.workspaceId ?? input.workspaceId;
    const azureRuns = azureApi && workspace?.check.id !== AZURE_CREDENTIALS_ID;
    const [aws, azure] = await Promise.all([
        input.aws
            ? runAwsChecks(input, {
                  workspaceId,
                  now,
                  api: new AwsApi(input.region, options.onCall),
              })
            : Promise.resolve([skipped("aws", "--azure-only")]),
        azureRuns
            ? orNoAzureCredentials(
                  input,
                  () =>
                      runAzureChecks(input, azureApi, workspaceId, now).then((c) => [
                          workspace!.check,
                          ...c,
                      ]),
                  (check) => [check],
              )
            : Promise.resolve(workspace ? [workspace.check] : [skipped("azure", "--aws-only")]),
    ]);
    return buildReport(
        {
            roleArn: input.roleArn,
            bucketName: input.bucketName,
            region: input.region,
            workspaceId,
            connections: input.connections.map((c) => ({
                destinationTable: c.destinationTable,
                sqsUrl: c.sqsUrl,
            })),
        },
        [...aws, ...azure],
    );
}

/** The process around the command: standard streams and environment. */
export interface DoctorIo {
    readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
    readonly stdout: ProgressStream;
    readonly stderr: { write(text: string): unknown };
    readonly env: NodeJS.ProcessEnv;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    }
    return Buffer.concat(chunks).toString("utf8");
}

/** Runs the command; resolves to its exit code. */
export async function main(
    argv: readonly string[],
    io: DoctorIo,
    options: DoctorOptions = {},
): Promise<number> {
    let progress: Progress | undefined;
    try {
        const flags = parseFlags(argv);
        if (flags.help) {
            io.stdout.write(DOCTOR_USAGE);
            return 0;
        }
        let outputs: unknown;
        if (flags.outputs !== undefined && flags.outputs !== "-") {
            let text: string;
            try {
                text = fs.readFileSync(flags.outputs, "utf8");
            } catch (e) {
                throw new DoctorInputError([
                    `\`--outputs ${flags.outputs}\` cannot be read (${(e as Error).message}); give the file \`pulumi stack output --json\` wrote.`,
                ]);
            }
            outputs = parseOutputs(text, `\`--outputs ${flags.outputs}\``);
        } else if (flags.outputs === "-" || (!io.stdin.isTTY && flags["role-arn"] === undefined)) {
            outputs = parseOutputs(await readAll(io.stdin), "the piped stack outputs");
        }
        const input = resolveInput(outputs, flags, io.env);
        requirePackages(input, options.resolve);
        progress = new Progress(io.stdout, "reading AWS and Azure (read-only)");
        if (input.json) {
            progress = new Progress({ isTTY: false, write: () => true }, "");
        }
        progress.start();
        const report = await runDoctor(input, {
            ...options,
            onCall: () => {
                progress?.tick();
                options.onCall?.();
            },
        });
        progress.stop();
        io.stdout.write(input.json ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
        return report.exitCode;
    } catch (e) {
        progress?.stop();
        if (e instanceof DoctorInputError) {
            io.stderr.write(`${e.message}\n`);
            return EXIT_BAD_INPUT;
        }
        throw e;
    }
}
