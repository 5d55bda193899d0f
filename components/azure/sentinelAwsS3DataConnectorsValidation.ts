// Every check of `SentinelAwsS3DataConnectorsArgs`, run before any resource exists: each field
// against its description, then the rules tying fields together, all problems in one pass.
import {
    CONNECTIONS,
    CatalogConnection,
    DESTINATION_TABLES,
    DestinationTable,
    LOG_TYPES,
    connectionById,
    connectionForTable,
    sourceFacts,
} from "../shared/catalog";
import { readerOf } from "../sources/connections";
import { FieldPath, Problems, isPlainObject, show } from "../shared/fields";
import { ValidationContext, checkField, checkFields } from "../shared/fieldChecks";
import { SentinelAwsS3DataConnectorsArgs } from "./sentinelAwsS3DataConnectorsArgs";
import {
    SENTINEL_CONNECTORS_FIELDS,
    SENTINEL_WORKSPACE_FIELDS,
} from "./sentinelAwsS3DataConnectorsFields";

/** Options of the validation. */
export interface ConnectorsValidationOptions extends ValidationContext {
    /** Where the fields sit, for messages. */
    readonly at?: FieldPath;
}

/** Checks `SentinelAwsS3DataConnectorsArgs` and returns every problem found. */
export function validateSentinelAwsS3DataConnectorsArgs(
    args: SentinelAwsS3DataConnectorsArgs,
    options: ConnectorsValidationOptions = {},
): Problems {
    const at = options.at ?? FieldPath.root();
    const raw: unknown = args;
    if (!isPlainObject(raw)) {
        return [
            `the arguments must be an object with \`resourceGroupName\`, \`workspaceName\` and \`awsConnection\` (or \`roleArn\` and \`connections\`); got ${show(raw)}.`,
        ];
    }
    const problems = checkFields(at, SENTINEL_CONNECTORS_FIELDS, raw, options);
    problems.push(...sideProblems(raw, at));
    const listAt =
        raw.awsConnection !== undefined
            ? at.key("awsConnection").key("connections")
            : at.key("connections");
    const list =
        raw.awsConnection !== undefined
            ? (raw.awsConnection as { connections?: unknown })?.connections
            : raw.connections;
    problems.push(...connectionRules(list, listAt));
    const tables = Array.isArray(raw.destinationTables) ? raw.destinationTables : tablesOf(list);
    problems.push(...connectionIdRules(raw, at));
    problems.push(...connectorNameRules(raw.connectorNames, at.key("connectorNames"), tables));
    problems.push(...ccfRules(raw, at, plannedOf(raw, list)));
    return problems;
}

/**
 * The catalog connection a connector is for: the one its ID names, else its table's classic (or
 * only) one; undefined for an unknown table or ID.
 */
export function plannedConnection(
    table: unknown,
    connectionId?: unknown,
): CatalogConnection | undefined {
    if (typeof connectionId === "string") {
        return connectionById(connectionId);
    }
    return typeof table === "string" ? connectionForTable(table) : undefined;
}

/** The catalog connections the arguments plan connectors for, as far as they are well formed. */
function plannedOf(raw: Record<string, unknown>, list: unknown): CatalogConnection[] {
    if (Array.isArray(raw.destinationTables)) {
        const ids = Array.isArray(raw.connectionIds) ? raw.connectionIds : [];
        return raw.destinationTables.flatMap((t: unknown) => {
            const chosen = ids
                .map((id: unknown) => (typeof id === "string" ? connectionById(id) : undefined))
                .find((c) => c?.table === t);
            const c = chosen ?? plannedConnection(t);
            return c ? [c] : [];
        });
    }
    return (Array.isArray(list) ? list : []).flatMap((c: unknown) => {
        const planned = isPlainObject(c)
            ? plannedConnection(c.destinationTable, c.connectionId)
            : undefined;
        return planned ? [planned] : [];
    });
}

/** `connectionIds` goes with `destinationTables`, one per table listed there. */
function connectionIdRules(raw: Record<string, unknown>, at: FieldPath): Problems {
    const ids = raw.connectionIds;
    if (!Array.isArray(ids)) {
        return [];
    }
    const field = at.key("connectionIds");
    if (raw.destinationTables === undefined) {
        return [
            `${field.code} goes with \`destinationTables\` and \`connectionsOutput\`; with \`connections\`, give each connection its \`connectionId\`. Remove it.`,
        ];
    }
    const tables = Array.isArray(raw.destinationTables) ? raw.destinationTables : [];
    const problems: Problems = [];
    const seen = new Map<string, string>();
    ids.forEach((id: unknown, i) => {
        const c = typeof id === "string" ? connectionById(id) : undefined;
        if (!c) {
            return; // the field's own check names an unknown ID
        }
        if (!tables.includes(c.table)) {
            problems.push(
                `${field.index(i).code} ${show(id)} is a connection of ${c.table}, which \`destinationTables\` does not list; add the table or remove the ID.`,
            );
        }
        const other = seen.get(c.table);
        if (other !== undefined) {
            problems.push(
                `${field.index(i).code} ${show(id)} and ${show(other)} both read ${c.table}: one connection per table, or the same logs are ingested twice. Keep one.`,
            );
        }
        seen.set(c.table, String(id));
    });
    return problems;
}

/** The CCF settings do something only when a CCF source is connected. */
function ccfRules(
    raw: Record<string, unknown>,
    at: FieldPath,
    planned: readonly CatalogConnection[],
): Problems {
    const ccf = [
        ...new Set(planned.filter((c) => readerOf(c).kind === "ccf").map((c) => c.logType)),
    ];
    const problems: Problems = [];
    if (ccf.length === 0) {
        for (const field of ["existingDataCollectionEndpointId", "createConnectorDefinitions"]) {
            if (raw[field] !== undefined) {
                problems.push(
                    `${at.key(field).code} does nothing: no connection is of a source read through the Codeless Connector Framework (${CCF_TITLES}). Remove it.`,
                );
            }
        }
    }
    if (isPlainObject(raw.ccfApiVersions)) {
        for (const logType of Object.keys(raw.ccfApiVersions)) {
            if (LOG_TYPES.includes(logType as never) && !ccf.includes(logType as never)) {
                problems.push(
                    `${at.key("ccfApiVersions").key(logType).code} does nothing: no connection is of ${show(logType)}. Remove it, or connect that log type.`,
                );
            }
        }
    }
    return problems;
}

/** The CCF sources' titles, for messages. */
const CCF_TITLES = LOG_TYPES.filter((t) =>
    CONNECTIONS.some((c) => c.logType === t && readerOf(c).kind === "ccf"),
)
    .map((t) => sourceFacts(t).title)
    .join(", ");

/**
 * Which of the three ways to give the AWS side is used, and that it is complete: `awsConnection`
 * (an AwsSentinelConnection, in TypeScript), `roleArn` with `connections` (a plain list), or
 * `roleArn` with `destinationTables` and `connectionsOutput` (the connections as one Output, as
 * other Pulumi languages hold them).
 */
function sideProblems(raw: Record<string, unknown>, at: FieldPath): Problems {
    const given = (key: string) => raw[key] !== undefined;
    const code = (key: string) => at.key(key).code;
    if (given("awsConnection")) {
        const extra = ["roleArn", "connections", "destinationTables", "connectionsOutput"].filter(
            given,
        );
        return extra.length > 0
            ? [
                  `${code("awsConnection")} already gives the role ARN and connections; remove ${extra.map(code).join(" and ")}, or remove \`awsConnection\`.`,
              ]
            : [];
    }
    const problems: Problems = [];
    if (given("destinationTables") || given("connectionsOutput")) {
        if (given("connections")) {
            problems.push(
                `${code("connections")} and ${code("connectionsOutput")} both give the connections; keep one: \`connections\` (a plain list), or \`destinationTables\` with \`connectionsOutput\`.`,
            );
        }
        if (!given("connectionsOutput")) {
            problems.push(
                `${code("destinationTables")} needs ${code("connectionsOutput")}, the connections whose queue URLs the connectors read (the AWS side's \`connections\` output); or give \`connections\` instead.`,
            );
        }
        if (!given("destinationTables")) {
            problems.push(
                `${code("connectionsOutput")} needs ${code("destinationTables")}: an Output cannot decide how many connectors exist, a plain list of tables can; list the tables of the AWS side's log types, such as ["AWSCloudTrail", "AWSGuardDuty"].`,
            );
        }
        if (!given("roleArn")) {
            problems.push(
                `${code("roleArn")} is required with ${code("connectionsOutput")}: pass the AWS side's \`roleArn\` output.`,
            );
        }
        return problems;
    }
    for (const field of ["roleArn", "connections"] as const) {
        if (!given(field)) {
            problems.push(
                `${code(field)} is required without ${code("awsConnection")}: pass the AwsSentinelConnection as \`awsConnection\`, or give both \`roleArn\` and \`connections\` (from another Pulumi language: \`roleArn\`, \`destinationTables\` and \`connectionsOutput\`).`,
            );
        }
    }
    return problems;
}

/** The valid destination tables of a list of connections (for the connector-name rule). */
function tablesOf(connections: unknown): unknown[] {
    return Array.isArray(connections)
        ? connections.map((c: unknown) => (isPlainObject(c) ? c.destinationTable : undefined))
        : [];
}

function connectionRules(connections: unknown, at: FieldPath): Problems {
    if (!Array.isArray(connections)) {
        return [];
    }
    const problems: Problems = [];
    const seen = new Map<unknown, CatalogConnection | undefined>();
    connections.forEach((c: unknown, i) => {
        const table = isPlainObject(c) ? c.destinationTable : undefined;
        if (typeof table !== "string" || !DESTINATION_TABLES.includes(table as never)) {
            return;
        }
        const id = isPlainObject(c) ? c.connectionId : undefined;
        const planned = plannedConnection(table, id);
        if (typeof id === "string" && planned !== undefined && planned.table !== table) {
            problems.push(
                `${at.index(i).key("connectionId").code} ${show(id)} is a connection of ${planned.table}, not of ${show(table)}; give the connection's own ID (\`AwsSentinelConnection.connections[].connectionId\`).`,
            );
            return;
        }
        if (seen.has(table)) {
            const first = seen.get(table);
            const kinds =
                first && planned && readerOf(first).kind !== readerOf(planned).kind
                    ? ` (a ${readerOf(first).kind} and a ${readerOf(planned).kind} connection of one table ingest the same logs twice)`
                    : "";
            problems.push(
                `${at.index(i).key("destinationTable").code} ${show(table)} appears twice${kinds}: one queue and one connector per table; remove the duplicate.`,
            );
        }
        seen.set(table, planned);
    });
    return problems;
}

/** Names of existing connectors are only for tables that get a connector. */
function connectorNameRules(
    connectorNames: unknown,
    at: FieldPath,
    tables: readonly unknown[],
): Problems {
    if (!isPlainObject(connectorNames)) {
        return [];
    }
    return Object.keys(connectorNames)
        .filter((table) => DESTINATION_TABLES.includes(table as never) && !tables.includes(table))
        .map(
            (table) =>
                `${at.key(table).code} names a connector for a table no connection has, so it does nothing; remove it or add that log type.`,
        );
}

/**
 * Checks the connections of `connectionsOutput` once they are known, against the plain
 * `destinationTables` that decided the connectors: each item as a connection, each listed table
 * with exactly one connection, and no connection left without a connector (its queue would fill
 * up unread).
 */
export function connectionsOutputProblems(
    connections: unknown,
    destinationTables: readonly DestinationTable[],
    at: FieldPath = FieldPath.root().key("connectionsOutput"),
    connectionIds: readonly string[] = [],
): Problems {
    const field = SENTINEL_CONNECTORS_FIELDS.connectionsOutput;
    const problems = checkField(at, { ...field, input: false }, connections);
    if (problems.length > 0 || !Array.isArray(connections)) {
        return problems;
    }
    problems.push(...connectionRules(connections, at));
    const tables = tablesOf(connections);
    for (const table of destinationTables) {
        if (!tables.includes(table)) {
            problems.push(
                `${at.code} has no connection for ${show(table)}, which \`destinationTables\` lists; enable that log type on the AWS side, or remove it from \`destinationTables\`.`,
            );
        }
    }
    tables.forEach((table, i) => {
        if (!destinationTables.includes(table as DestinationTable)) {
            problems.push(
                `${at.index(i).key("destinationTable").code} ${show(table)} is not in \`destinationTables\`, so its queue would have no connector; add it to \`destinationTables\`.`,
            );
            return;
        }
        // The connector was planned (classic or CCF) before the connections were known: the AWS
        // side must make the connection it was planned for.
        const given = (connections[i] as Record<string, unknown>).connectionId;
        const planned =
            connectionIds.map((id) => connectionById(id)).find((c) => c?.table === table) ??
            plannedConnection(table);
        if (typeof given === "string" && planned !== undefined && given !== planned.id) {
            problems.push(
                `${at.index(i).key("connectionId").code} is ${show(given)}, but the connector of ${table} was planned for ${show(planned.id)}: ${given === plannedConnection(table)?.id ? "remove it from" : `list ${show(given)} in`} \`connectionIds\`.`,
            );
        }
    });
    return problems;
}

/** The workspace-level settings of `SentinelAwsS3DataConnectorsArgs` (the stack's `sentinel` object). */
export type SentinelWorkspaceArgs = Omit<
    SentinelAwsS3DataConnectorsArgs,
    | "awsConnection"
    | "roleArn"
    | "connections"
    | "destinationTables"
    | "connectionIds"
    | "connectionsOutput"
>;

/** Checks the workspace-level settings (everything but the AWS side). */
export function validateSentinelWorkspaceArgs(
    args: SentinelWorkspaceArgs,
    options: ConnectorsValidationOptions = {},
): Problems {
    const raw: unknown = args;
    return isPlainObject(raw)
        ? checkFields(options.at ?? FieldPath.root(), SENTINEL_WORKSPACE_FIELDS, raw, options)
        : [`the workspace settings must be an object; got ${show(raw)}.`];
}
