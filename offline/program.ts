// Runs the real program (`index.ts`) under the offline engine against a stack file.
import { OfflineRun, runOffline } from "./mocks";
import { StackFile } from "./stackFile";

/** The program's stack outputs. */
export interface ProgramOutputs {
    readonly roleArn: string;
    readonly roleName: string;
    readonly bucketName: string;
    readonly connections: { logType: string; destinationTable: string; sqsUrl: string }[];
    readonly connectorIds: Record<string, string>;
}

/** Runs `index.ts` for a stack file and returns its outputs and every registered resource. */
export function runProgram(
    stack: StackFile,
    options: { preview?: boolean } = {},
): Promise<OfflineRun<ProgramOutputs>> {
    return runOffline(
        async () => {
            // Imported here, after the mocks are set, so the program never runs against a real engine.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const program: () => Promise<ProgramOutputs> = require("../index");
            return program();
        },
        {
            project: "sentinel-aws-s3",
            stack: stack.stack,
            config: stack.config,
            cloud: stack.cloud,
            preview: options.preview,
        },
    ) as Promise<OfflineRun<ProgramOutputs>>;
}
