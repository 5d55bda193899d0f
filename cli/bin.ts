#!/usr/bin/env node
// The package's command: `sentinel-aws-s3 <command>`. Commands load their code only when run.

const USAGE = `Usage: sentinel-aws-s3 <command> [options]

Commands:
  doctor    read both clouds and say why Sentinel shows "connected" but no data

Run \`sentinel-aws-s3 doctor --help\` for its options.
`;

async function run(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    switch (command) {
        case "doctor": {
            const { main } = await import("./doctor");
            const { quietCloudSdks } = await import("./doctor/quiet");
            quietCloudSdks();
            return main(rest, {
                stdin: process.stdin,
                stdout: process.stdout,
                stderr: process.stderr,
                env: process.env,
            });
        }
        case undefined:
        case "help":
        case "--help":
        case "-h":
            process.stdout.write(USAGE);
            return command === undefined ? 2 : 0;
        default:
            process.stderr.write(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
            return 2;
    }
}

run(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (e) => {
        process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exitCode = 2;
    },
);
