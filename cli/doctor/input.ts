// What the doctor checks: the stack outputs (`pulumi stack output --json`, piped or `--outputs`),
// completed or overridden by flags. Every problem is collected and reported at once (exit 2).
import { parseArgs } from "node:util";
import {
    AZURE_CLOUDS,
    AzureCloud,
    CONNECTIONS,
    CatalogConnection,
    DEFAULT_AZURE_CLOUD,
    DESTINATION_TABLES,
    DestinationTable,
    LOG_TYPE_CATALOG,
    LOG_TYPES,
    LogType,
    connectionById,
    connectionForTable,
} from "../../components/shared/catalog";
import { GUID_PATTERN, IAM_ROLE_ARN_PATTERN } from "../../components/shared/patterns";
import { connectionTitle } from "../../components/sources/connections";
import { DoctorInputError } from "./errors";

/** One connection to check: a log type, its table and its queue. */
export interface DoctorConnection {
    readonly logType: LogType;
    readonly destinationTable: DestinationTable;
    /** The connection of the catalog (how Sentinel reads it, its folder and suffix). */
    readonly connectionId: string;
    readonly sqsUrl: string;
    readonly queueArn?: string;
    readonly deadLetterQueueUrl?: string;
    /** The exact key prefix the notification filters on; derived from the account when absent. */
    readonly objectPrefix?: string;
    /** The bucket whose notification feeds the queue, when it is not the log bucket. */
    readonly bucketName?: string;
}

/** The catalog connection of a doctor connection (its ID's, else its table's first). */
export function catalogConnectionOf(c: DoctorConnection): CatalogConnection {
    return (connectionById(c.connectionId) ?? connectionForTable(c.destinationTable))!;
}

/**
 * How a connection's checks are named: by its connection's ID (its log type's, for a source with one
 * connection) and title, so each connection of a source with several (ELB's ALB and NLB, Network
 * Firewall's three logs) keeps its own check IDs and titles.
 */
export function connectionScope(c: DoctorConnection): {
    readonly id: string;
    readonly title: string;
} {
    const connection = catalogConnectionOf(c);
    return { id: connection.id, title: connectionTitle(connection) };
}

/** Everything the doctor knows before it calls a cloud. */
export interface DoctorInput {
    readonly roleArn: string;
    readonly roleName: string;
    readonly partition: string;
    /** The account of the role (and of the connection's resources). */
    readonly accountId: string;
    readonly bucketName?: string;
    readonly connections: readonly DoctorConnection[];
    readonly connectorIds: Partial<Record<DestinationTable, string>>;
    readonly workspaceId?: string;
    readonly azureCloud: AzureCloud;
    readonly subscriptionId?: string;
    readonly resourceGroupName?: string;
    readonly workspaceName?: string;
    readonly region?: string;
    readonly logsKeyArn?: string;
    readonly queueKeyArn?: string;
    readonly trailArn?: string;
    readonly detectorIds: Readonly<Record<string, string>>;
    readonly flowLogIds: Readonly<Record<string, string>>;
    /** What each source's exports gave (the stack output `logExports`), by log type. */
    readonly exports: Readonly<Record<string, Readonly<Record<string, string>>>>;
    readonly aws: boolean;
    readonly azure: boolean;
    readonly json: boolean;
}

/** The command's usage text. */
export const DOCTOR_USAGE = `Usage: sentinel-aws-s3 doctor [options]

Reads both clouds (read-only) and says why Sentinel shows "connected" but no data.

Input (the stack outputs, completed or overridden by flags):
  pulumi stack output --json | sentinel-aws-s3 doctor
  sentinel-aws-s3 doctor --outputs outputs.json
  --role-arn ARN                   the role Sentinel assumes
  --queue-url TABLE=URL            a connection's queue, per table (AWSCloudTrail, AWSVPCFlow, …) or
                                   connection ID (vpcFlowLogsParquet, networkFirewallAlert, …); repeat
  --bucket NAME                    the log bucket
  --region REGION                  the region of the queues (default: from the queue URLs)
  --workspace-id GUID              the Log Analytics workspace ID
  --subscription ID                the workspace's subscription (default: AZURE_SUBSCRIPTION_ID, ARM_SUBSCRIPTION_ID)
  --resource-group NAME            the workspace's resource group
  --workspace NAME                 the workspace's name
  --azure-cloud NAME               AzureCloud (default) or AzureUSGovernment

  --aws-only, --azure-only         check one side; the other is reported as skipped
  --json                           machine-readable output
  -h, --help                       this text

Credentials come from the standard chains only: the AWS SDK's default provider chain and Azure's
DefaultAzureCredential. Exit code: 0 no problem found, 1 a problem found, 2 bad input or no credentials.
`;

const OPTIONS = {
    outputs: { type: "string" },
    "role-arn": { type: "string" },
    "queue-url": { type: "string", multiple: true },
    bucket: { type: "string" },
    region: { type: "string" },
    "workspace-id": { type: "string" },
    subscription: { type: "string" },
    "resource-group": { type: "string" },
    workspace: { type: "string" },
    "azure-cloud": { type: "string" },
    "aws-only": { type: "boolean" },
    "azure-only": { type: "boolean" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
} as const;

/** The parsed command line. */
export type DoctorFlags = ReturnType<typeof parseFlags>;

/** Parses the command line; unknown flags are input problems. */
export function parseFlags(argv: readonly string[]) {
    try {
        return parseArgs({
            args: [...argv],
            options: OPTIONS,
            strict: true,
            allowPositionals: false,
        }).values;
    } catch (e) {
        throw new DoctorInputError([
            `${(e as Error).message}; see \`sentinel-aws-s3 doctor --help\`.`,
        ]);
    }
}

const QUEUE_URL = /^https?:\/\/[^/]+\/(\d{12})\/([A-Za-z0-9_-]{1,80})$/;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * The connection of a table when the outputs do not name it: the one whose layout the object
 * prefix shows (Hive-compatible folders are Parquet flow logs'), else the table's default.
 */
function connectionOfPrefix(table: string, objectPrefix: string | undefined) {
    const hive = objectPrefix?.includes("AWSLogs/aws-account-id=") ?? false;
    return (
        (hive ? CONNECTIONS.find((c) => c.table === table && c.hiveCompatible) : undefined) ??
        connectionForTable(table)
    );
}

/** The region in an SQS URL of the form `https://sqs.<region>.amazonaws.com/…`. */
export function regionOfQueueUrl(url: string): string | undefined {
    return /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(url)?.[1];
}

function text(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" && value !== "[secret]" ? value : undefined;
}

function record(value: unknown): Record<string, string> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return {};
    }
    return Object.fromEntries(
        Object.entries(value).filter((e): e is [string, string] => text(e[1]) !== undefined),
    );
}

/**
 * Resolves the input from the stack outputs (already parsed JSON, or undefined) and the flags.
 * Throws a `DoctorInputError` listing every problem.
 */
export function resolveInput(
    outputs: unknown,
    flags: DoctorFlags,
    env: NodeJS.ProcessEnv = process.env,
): DoctorInput {
    const problems: string[] = [];
    const o = (typeof outputs === "object" && outputs !== null ? outputs : {}) as Record<
        string,
        unknown
    >;
    if (
        outputs !== undefined &&
        (typeof outputs !== "object" || outputs === null || Array.isArray(outputs))
    ) {
        problems.push(
            "the stack outputs must be a JSON object, as `pulumi stack output --json` prints; check the piped text or the `--outputs` file.",
        );
    }
    if (flags["aws-only"] && flags["azure-only"]) {
        problems.push("`--aws-only` and `--azure-only` exclude each other; give at most one.");
    }

    const roleArn = flags["role-arn"] ?? text(o.roleArn);
    const roleMatch = roleArn ? IAM_ROLE_ARN_PATTERN.exec(roleArn) : null;
    if (roleArn === undefined) {
        problems.push(
            "`roleArn` is missing: pipe `pulumi stack output --json`, pass `--outputs <file>`, or give `--role-arn arn:aws:iam::<account>:role/OIDC_…`.",
        );
    } else if (!roleMatch) {
        problems.push(
            `\`roleArn\` ${JSON.stringify(roleArn)} is not an IAM role ARN; use the form arn:aws:iam::<account>:role/<name> (\`--role-arn\` or the stack output).`,
        );
    }

    // Connections: from the outputs, then replaced per table by --queue-url.
    const byTable = new Map<DestinationTable, DoctorConnection>();
    const rawConnections = o.connections;
    if (rawConnections !== undefined && !Array.isArray(rawConnections)) {
        problems.push(
            "`connections` in the stack outputs must be a list of { destinationTable, sqsUrl }.",
        );
    }
    for (const [i, raw] of (Array.isArray(rawConnections) ? rawConnections : []).entries()) {
        const c = (raw ?? {}) as Record<string, unknown>;
        const table = text(c.destinationTable);
        const given = text(c.connectionId);
        const connection = given
            ? connectionById(given)
            : table
              ? connectionOfPrefix(table, text(c.objectPrefix))
              : undefined;
        const sqsUrl = text(c.sqsUrl);
        if (given && (!connection || connection.table !== table)) {
            problems.push(
                `\`connections[${i}].connectionId\` ${JSON.stringify(given)} is not a connection of ${JSON.stringify(table)}; use the AWS side's \`connections\` output as it is.`,
            );
            continue;
        }
        if (!table || !connection) {
            problems.push(
                `\`connections[${i}].destinationTable\` ${JSON.stringify(c.destinationTable)} is not a table the connector writes; use ${DESTINATION_TABLES.map((t) => `\`${t}\``).join(", ")}.`,
            );
            continue;
        }
        if (!sqsUrl) {
            problems.push(
                `\`connections[${i}].sqsUrl\` is missing; give the queue URL of ${table}.`,
            );
            continue;
        }
        byTable.set(table as DestinationTable, {
            logType: connection.logType,
            destinationTable: connection.table,
            connectionId: connection.id,
            sqsUrl,
            queueArn: text(c.queueArn),
            deadLetterQueueUrl: text(c.deadLetterQueueUrl),
            objectPrefix: text(c.objectPrefix),
            bucketName: text(c.bucketName),
        });
    }
    for (const value of flags["queue-url"] ?? []) {
        const eq = value.indexOf("=");
        const key = eq > 0 ? value.slice(0, eq) : "";
        const url = value.slice(eq + 1);
        const logType = LOG_TYPES.find((t) => t === key);
        const connection =
            connectionById(key) ??
            connectionForTable(logType ? LOG_TYPE_CATALOG[logType].destinationTable : key);
        if (!connection) {
            problems.push(
                `\`--queue-url ${value}\` must name its table or connection: \`--queue-url <table>=<url>\` with ${DESTINATION_TABLES.map((t) => `\`${t}\``).join(", ")}, or a connection ID such as \`vpcFlowLogsParquet\`.`,
            );
            continue;
        }
        byTable.set(connection.table, {
            logType: connection.logType,
            destinationTable: connection.table,
            connectionId: connection.id,
            sqsUrl: url,
        });
    }
    for (const c of byTable.values()) {
        const m = QUEUE_URL.exec(c.sqsUrl);
        if (!m) {
            problems.push(
                `the queue URL of ${c.destinationTable} ${JSON.stringify(c.sqsUrl)} is not an SQS queue URL; use https://sqs.<region>.amazonaws.com/<account>/<queue>.`,
            );
        }
    }
    if (byTable.size === 0 && roleArn !== undefined) {
        problems.push(
            "no connection to check: the stack outputs have no `connections`; give `--queue-url <table>=<url>` per table.",
        );
    }
    // In catalog order, one per table.
    const connections = DESTINATION_TABLES.map((t) => byTable.get(t)).filter(
        (c): c is DoctorConnection => c !== undefined,
    );

    const workspaceId = flags["workspace-id"] ?? text(o.workspaceId);
    if (workspaceId !== undefined && !GUID_PATTERN.test(workspaceId)) {
        problems.push(
            `\`--workspace-id\` ${JSON.stringify(workspaceId)} is not a workspace ID; use the workspace's GUID ("Workspace ID" on its overview page), not its name.`,
        );
    }
    const azureCloud = (flags["azure-cloud"] ??
        text(o.azureCloud) ??
        DEFAULT_AZURE_CLOUD) as AzureCloud;
    if (!AZURE_CLOUDS.includes(azureCloud)) {
        problems.push(
            `\`--azure-cloud\` ${JSON.stringify(azureCloud)} is not known; use ${AZURE_CLOUDS.map((c) => `\`${c}\``).join(" or ")}.`,
        );
    }
    const region =
        flags.region ??
        text(o.region) ??
        connections.map((c) => regionOfQueueUrl(c.sqsUrl)).find((r) => r !== undefined);
    if (region !== undefined && !REGION_PATTERN.test(region)) {
        problems.push(
            `\`--region\` ${JSON.stringify(region)} is not an AWS region such as eu-west-1.`,
        );
    }
    throwIfProblems(problems);

    const partition = /^arn:([^:]+):/.exec(roleArn!)![1];
    return {
        roleArn: roleArn!,
        roleName: roleMatch![1],
        partition,
        accountId: text(o.accountId) ?? /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn!)![1],
        bucketName: flags.bucket ?? text(o.bucketName),
        connections,
        connectorIds: record(o.connectorIds) as Partial<Record<DestinationTable, string>>,
        workspaceId: workspaceId?.toLowerCase(),
        azureCloud,
        subscriptionId: flags.subscription ?? env.AZURE_SUBSCRIPTION_ID ?? env.ARM_SUBSCRIPTION_ID,
        resourceGroupName: flags["resource-group"] ?? text(o.resourceGroupName),
        workspaceName: flags.workspace ?? text(o.workspaceName),
        region,
        logsKeyArn: text(o.logsKeyArn),
        queueKeyArn: text(o.queueKeyArn),
        trailArn: text(o.trailArn),
        detectorIds: record(o.detectorIds),
        flowLogIds: record(o.flowLogIds),
        exports: Object.fromEntries(
            Object.entries(
                typeof o.logExports === "object" && o.logExports !== null ? o.logExports : {},
            ).map(([t, v]) => [t, record(v)]),
        ),
        aws: !flags["azure-only"],
        azure: !flags["aws-only"],
        json: flags.json ?? false,
    };
}

function throwIfProblems(problems: string[]): void {
    if (problems.length > 0) {
        throw new DoctorInputError(problems);
    }
}

/** Parses the stack outputs' text; empty text means no outputs. */
export function parseOutputs(textValue: string, source: string): unknown {
    if (textValue.trim() === "") {
        return undefined;
    }
    try {
        return JSON.parse(textValue);
    } catch (e) {
        throw new DoctorInputError([
            `${source} is not JSON (${(e as Error).message}); use \`pulumi stack output --json\`.`,
        ]);
    }
}
