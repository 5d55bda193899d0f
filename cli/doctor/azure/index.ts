// The Azure half of the doctor: the workspace, each connector's ARM resource, SentinelHealth's
// verdicts on it, and the newest row of each destination table. Reads only.
import {
    CONNECTIONS,
    CONNECTOR_KIND,
    DEFAULT_SENTINEL_API_VERSION,
    DestinationTable,
    LOG_TYPE_CATALOG,
    sourceFacts,
    LogType,
} from "../../../components/shared/catalog";
import { readerOf } from "../../../components/sources/connections";
import { catalogConnectionOf } from "../aws/facts";
import { Finding, ago, fail, pass, toCheck, unknown } from "../finding";
import { DoctorInput, connectionScope } from "../input";
import type { Check } from "../report";
import { AzureApi, AzureOutcome, QueryRows, azureUnknownReason } from "./api";
import { DCR_API_VERSION, DataCollectionRule, evaluateDcr } from "./dcr";
import { explainStatus } from "./statusCodes";

/** The Log Analytics workspaces API version the doctor reads (stable). */
export const WORKSPACE_API_VERSION = "2023-09-01";
/** How far back SentinelHealth is read. */
export const HEALTH_WINDOW = "P1D";
/** How far back the destination tables are read. */
export const ROWS_WINDOW = "P7D";
/** No row for this long means ingestion stopped. */
export const STALE_ROWS_HOURS = 24;

const ARM_ID =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.OperationalInsights\/workspaces\/([^/]+)\/providers\/Microsoft\.SecurityInsights\/dataConnectors\/([^/]+)$/i;

/** A data connector as ARM returns it (SecurityInsights `AwsS3DataConnector`). */
export interface ConnectorResource {
    readonly id?: string;
    readonly name?: string;
    readonly kind?: string;
    readonly properties?: {
        readonly roleArn?: string;
        readonly sqsUrls?: string[];
        readonly destinationTable?: string | null;
        readonly dataTypes?: { readonly logs?: { readonly state?: string } };
        readonly connectorDefinitionName?: string;
        readonly dcrConfig?: {
            readonly streamName?: string;
            readonly dataCollectionEndpoint?: string;
            readonly dataCollectionRuleImmutableId?: string;
        };
    };
}

/** The workspace's ARM path, from the input or from a connector ID. */
export function workspacePath(input: DoctorInput): string | undefined {
    if (input.subscriptionId && input.resourceGroupName && input.workspaceName) {
        return `/subscriptions/${input.subscriptionId}/resourceGroups/${input.resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/${input.workspaceName}`;
    }
    for (const id of Object.values(input.connectorIds)) {
        const m = id ? ARM_ID.exec(id) : null;
        if (m) {
            return `/subscriptions/${m[1]}/resourceGroups/${m[2]}/providers/Microsoft.OperationalInsights/workspaces/${m[3]}`;
        }
    }
    return undefined;
}

/**
 * The table a connector writes: its `destinationTable`, or, for a CCF connection that sends another
 * value as Microsoft's template does (VPC flow logs' null, WAF's ""), the table of its stream, or of
 * the one connection that sends that value.
 */
export function connectorTable(c: ConnectorResource): string | undefined {
    const p = c.properties ?? {};
    if (typeof p.destinationTable === "string" && p.destinationTable !== "") {
        return p.destinationTable;
    }
    const stream = p.dcrConfig?.streamName;
    if (stream !== undefined) {
        return CONNECTIONS.find((x) => x.streamName === stream)?.table;
    }
    const tables = new Set(
        CONNECTIONS.filter(
            (x) =>
                x.connectorTable !== undefined && x.connectorTable === (p.destinationTable ?? null),
        ).map((x) => x.table),
    );
    return tables.size === 1 ? [...tables][0] : undefined;
}

/**
 * The `destinationTable` Microsoft's template sends for a table, where every connection of the
 * table sends another value than the table (WAF's ""; not VPC flow logs', read classic too).
 */
function templateBodyTable(table: DestinationTable): string | null | undefined {
    const all = CONNECTIONS.filter((x) => x.table === table);
    return all.every((x) => x.connectorTable !== undefined) ? all[0]?.connectorTable : undefined;
}

/** Is the connector the one this connection needs? */
export function evaluateConnector(args: {
    connector?: ConnectorResource;
    others?: readonly ConnectorResource[];
    table: DestinationTable;
    roleArn: string;
    sqsUrl: string;
}): Finding {
    const fix =
        "Run `pulumi up`: the component replaces a connector whose role ARN or queue URL changed (deleting the old one first).";
    const c = args.connector;
    if (!c) {
        const elsewhere = (args.others ?? []).filter((o) => connectorTable(o) === args.table);
        return fail(
            `no ${CONNECTOR_KIND} connector writes ${args.table}${elsewhere.length ? ` for this role and queue (${elsewhere.map((o) => `${o.name} reads ${o.properties?.sqsUrls?.join(", ")} as ${o.properties?.roleArn}`).join("; ")})` : ""}.`,
            fix,
        );
    }
    const p = c.properties ?? {};
    const problems = [
        c.kind !== CONNECTOR_KIND ? `its kind is ${c.kind}` : undefined,
        connectorTable(c) !== args.table ||
        // A CCF connection sends the value its template sends (WAF's "", not its table).
        (templateBodyTable(args.table) !== undefined &&
            (p.destinationTable ?? null) !== templateBodyTable(args.table))
            ? `it writes ${JSON.stringify(p.destinationTable ?? null)}`
            : undefined,
        p.roleArn !== args.roleArn ? `it assumes ${p.roleArn}` : undefined,
        !(p.sqsUrls ?? []).includes(args.sqsUrl)
            ? `it reads ${(p.sqsUrls ?? []).join(", ") || "no queue"}`
            : undefined,
        // CCF connections write the state in lower case, as Microsoft's CCF templates do.
        p.dataTypes?.logs?.state?.toLowerCase() !== "enabled"
            ? `its logs data type is ${p.dataTypes?.logs?.state ?? "unset"}`
            : undefined,
    ].filter((x): x is string => x !== undefined);
    if (problems.length > 0) {
        return fail(
            `the connector ${c.name} is not this connection's: ${problems.join("; ")}.`,
            fix,
        );
    }
    return pass(`${c.name} reads ${args.sqsUrl} as ${args.roleArn}.`);
}

/** A SentinelHealth row, in the columns the doctor reads (Microsoft Sentinel health tables reference). */
export interface HealthRow {
    readonly TimeGenerated?: Date | string;
    readonly SentinelResourceId?: string;
    readonly SentinelResourceName?: string;
    readonly Status?: string;
    readonly Description?: string;
    readonly ExtendedProperties?: unknown;
}

function extended(row: HealthRow): Record<string, unknown> {
    const e = row.ExtendedProperties;
    if (typeof e === "string") {
        try {
            return JSON.parse(e);
        } catch {
            return {};
        }
    }
    return (e ?? {}) as Record<string, unknown>;
}

/** The status code of a health row: ExtendedProperties.StatusCode, or an S3B code in the text. */
export function statusCode(row: HealthRow): string | undefined {
    const code = extended(row).StatusCode;
    if (typeof code === "string" && code !== "") {
        return code;
    }
    return /\bS3B\d{5}\b/.exec(
        `${row.Description ?? ""} ${JSON.stringify(row.ExtendedProperties ?? "")}`,
    )?.[0];
}

/** The health rows of one connector, newest first. */
export function rowsOfConnector(
    rows: readonly HealthRow[],
    connector: ConnectorResource,
): HealthRow[] {
    const name = (connector.name ?? "").toLowerCase();
    const id = (connector.id ?? "").toLowerCase();
    return rows
        .filter((r) => {
            const rid = (r.SentinelResourceId ?? "").toLowerCase();
            return (
                (name !== "" &&
                    (rid.includes(name) ||
                        (r.SentinelResourceName ?? "").toLowerCase() === name)) ||
                (id !== "" && rid === id)
            );
        })
        .sort(
            (a, b) =>
                new Date(b.TimeGenerated ?? 0).getTime() - new Date(a.TimeGenerated ?? 0).getTime(),
        );
}

/** What the newest health rows say about one connector. */
export function evaluateHealth(rows: readonly HealthRow[], now: Date): Finding {
    if (rows.length === 0) {
        return unknown(
            "no SentinelHealth row for this connector in 24 h: turn on Settings → Auditing and health monitoring in Sentinel, or the connector has not run yet.",
        );
    }
    const newest = rows[0];
    const when = newest.TimeGenerated
        ? ago(new Date(newest.TimeGenerated), now)
        : "at an unknown time";
    const failures = rows.filter((r) => r.Status !== "Success");
    if (newest.Status === "Success") {
        return pass(
            `the newest health event (${when}) is Success${failures.length ? `; ${failures.length} failure(s) earlier in 24 h (${[...new Set(failures.map(statusCode).filter(Boolean))].join(", ") || "no code"})` : ""}.`,
        );
    }
    const code = statusCode(newest);
    const message = extended(newest).StatusMessage as string | undefined;
    const { reason, fix } = explainStatus(code, message ?? newest.Description);
    return fail(`the newest health event (${when}) is ${newest.Status}: ${reason}`, fix, code);
}

/** The newest row of a destination table. */
export function evaluateRows(args: {
    table: string;
    logType: LogType;
    newest?: Date;
    rows?: number;
    now: Date;
}): Finding {
    if (!args.newest) {
        return sourceFacts(args.logType).eventDriven
            ? unknown(
                  `no row in ${args.table} in 7 days; ${LOG_TYPE_CATALOG[args.logType].title} arrive only when there are some.`,
              )
            : fail(
                  `no row in ${args.table} in 7 days: nothing is ingested.`,
                  "Fix the ✗ the last line names first (the earliest broken link above); when every check passes, allow 20-30 minutes after the first file, then open a case with Microsoft quoting the SentinelHealth rows.",
              );
    }
    const hours = (args.now.getTime() - args.newest.getTime()) / 3_600_000;
    if (hours > STALE_ROWS_HOURS && !sourceFacts(args.logType).eventDriven) {
        return fail(
            `the newest row in ${args.table} is from ${args.newest.toISOString()} (${ago(args.newest, args.now)}): ingestion stopped.`,
            "Fix the ✗ the last line names first (the earliest broken link above); the checks before this one show where the files stop.",
        );
    }
    return pass(
        `newest row at ${args.newest.toISOString()} (${ago(args.newest, args.now)}), ${args.rows ?? "?"} rows in 7 days.`,
    );
}

/** The workspace check; also yields the workspace ID the AWS trust must name. */
export async function workspaceCheck(
    input: DoctorInput,
    api: AzureApi,
): Promise<{ check: Check; workspaceId?: string }> {
    const path = workspacePath(input);
    const title = "Log Analytics workspace";
    if (!path) {
        return {
            check: toCheck(
                "azure",
                "azure.workspace",
                title,
                unknown(
                    "the workspace is unknown: give `--subscription` (or AZURE_SUBSCRIPTION_ID), `--resource-group` and `--workspace`, or the stack output `connectorIds`.",
                ),
            ),
            workspaceId: input.workspaceId,
        };
    }
    const w = await api.arm<{ name?: string; properties?: { customerId?: string } }>(
        `${path}?api-version=${WORKSPACE_API_VERSION}`,
    );
    if (!w.ok) {
        const f =
            w.kind === "missing"
                ? fail(
                      `the workspace ${path} does not exist.`,
                      "Check `--subscription`, `--resource-group` and `--workspace` (or the stack's sentinel settings).",
                  )
                : unknown(azureUnknownReason(w, "read the workspace"));
        return {
            check: toCheck("azure", "azure.workspace", title, f),
            workspaceId: input.workspaceId,
        };
    }
    const customerId = w.value.properties?.customerId?.toLowerCase();
    if (input.workspaceId && customerId && customerId !== input.workspaceId) {
        return {
            check: toCheck(
                "azure",
                "azure.workspace",
                title,
                fail(
                    `the workspace ${w.value.name} has ID ${customerId}, not ${input.workspaceId}: the role's session names must name the workspace the connectors are in.`,
                    `Set the stack's \`sentinel.workspaceId\` to ${customerId} and run \`pulumi up\` (the trust policy follows).`,
                ),
            ),
            workspaceId: customerId,
        };
    }
    return {
        check: toCheck(
            "azure",
            "azure.workspace",
            title,
            pass(`${w.value.name} has workspace ID ${customerId}.`),
        ),
        workspaceId: customerId ?? input.workspaceId,
    };
}

/** The connector, health and ingestion checks, in order. */
export async function runAzureChecks(
    input: DoctorInput,
    api: AzureApi,
    workspaceId: string | undefined,
    now: Date = new Date(),
): Promise<Check[]> {
    const path = workspacePath(input);
    const connectors = new Map<DestinationTable, AzureOutcome<ConnectorResource | undefined>>();
    let all: ConnectorResource[] = [];
    const needList = input.connections.some((c) => !input.connectorIds[c.destinationTable]);
    let listed: AzureOutcome<{ value?: ConnectorResource[] }> | undefined;
    if (needList && path) {
        listed = await api.arm<{ value?: ConnectorResource[] }>(
            `${path}/providers/Microsoft.SecurityInsights/dataConnectors?api-version=${DEFAULT_SENTINEL_API_VERSION}`,
        );
        all = listed.ok ? (listed.value.value ?? []).filter((c) => c.kind === CONNECTOR_KIND) : [];
    }
    for (const c of input.connections) {
        const id = input.connectorIds[c.destinationTable];
        if (id) {
            const r = await api.arm<ConnectorResource>(
                `${id}?api-version=${DEFAULT_SENTINEL_API_VERSION}`,
            );
            connectors.set(
                c.destinationTable,
                r.ok || r.kind !== "missing" ? r : { ok: true, value: undefined },
            );
        } else if (listed) {
            const forTable = all.filter((x) => connectorTable(x) === c.destinationTable);
            const match =
                forTable.find(
                    (x) =>
                        x.properties?.roleArn === input.roleArn &&
                        x.properties?.sqsUrls?.includes(c.sqsUrl),
                ) ?? forTable.find((x) => x.properties?.roleArn === input.roleArn);
            connectors.set(c.destinationTable, listed.ok ? { ok: true, value: match } : listed);
        }
    }

    const health = workspaceId
        ? await api.query(
              workspaceId,
              `SentinelHealth
| where SentinelResourceKind == "${CONNECTOR_KIND}"
| project TimeGenerated, SentinelResourceId, SentinelResourceName, OperationName, Status, Description, ExtendedProperties
| order by TimeGenerated desc
| take 1000`,
              HEALTH_WINDOW,
          )
        : undefined;
    const tables = input.connections.map((c) => c.destinationTable);
    const rows = workspaceId
        ? await api.query(
              workspaceId,
              `union withsource=SourceTable isfuzzy=true ${tables.join(", ")}
| summarize Newest = max(TimeGenerated), Rows = count() by SourceTable`,
              ROWS_WINDOW,
          )
        : undefined;
    const noWorkspaceId = unknown(
        "no workspace ID: give `--workspace-id` or the workspace's name and resource group.",
    );

    const out: Check[] = [];
    for (const c of input.connections) {
        const t = c.destinationTable;
        const connection = catalogConnectionOf(c);
        const { id: scope, title } = connectionScope(c);
        const checkId = (s: string) => `azure.${scope}.${s}`;
        const r = connectors.get(t);
        const connectorFinding: Finding = !r
            ? unknown("the workspace is unknown, so its connectors cannot be read.")
            : !r.ok
              ? unknown(azureUnknownReason(r, "read the data connectors"))
              : evaluateConnector({
                    connector: r.value,
                    others: all,
                    table: t,
                    roleArn: input.roleArn,
                    sqsUrl: c.sqsUrl,
                });
        out.push(
            toCheck(
                "azure",
                checkId("connector"),
                `${title}: Sentinel connector`,
                connectorFinding,
            ),
        );

        const connector = r?.ok ? r.value : undefined;
        if (readerOf(connection).kind === "ccf") {
            out.push(
                toCheck(
                    "azure",
                    checkId("dcr"),
                    `${title}: data collection rule`,
                    await dcrFinding(api, path, connector, c.destinationTable),
                ),
            );
        }
        const healthFinding: Finding = !health
            ? noWorkspaceId
            : !health.ok
              ? unknown(
                    /SentinelHealth|resolve/i.test(health.message)
                        ? "the workspace has no SentinelHealth table: turn on Settings → Auditing and health monitoring in Sentinel."
                        : azureUnknownReason(health, "query SentinelHealth"),
                )
              : !connector
                ? unknown("no connector to read health events of.")
                : evaluateHealth(rowsOfConnector(health.value as HealthRow[], connector), now);
        out.push(toCheck("azure", checkId("health"), `${title}: SentinelHealth`, healthFinding));

        const rowFinding: Finding = !rows
            ? noWorkspaceId
            : !rows.ok
              ? unknown(azureUnknownReason(rows, `query ${t}`))
              : rowsFinding(rows.value, t, c.logType, now);
        out.push(toCheck("azure", checkId("rows"), `${title}: rows in ${t}`, rowFinding));
    }
    return out;
}

/** The CCF connection's DCR, read from the workspace's subscription and evaluated. */
async function dcrFinding(
    api: AzureApi,
    path: string | undefined,
    connector: ConnectorResource | undefined,
    table: string,
): Promise<Finding> {
    if (!path || !connector) {
        return unknown("no connector to read the data collection rule of.");
    }
    const subscription = /^\/subscriptions\/[^/]+/i.exec(path)![0];
    const listed = await api.arm<{ value?: DataCollectionRule[] }>(
        `${subscription}/providers/Microsoft.Insights/dataCollectionRules?api-version=${DCR_API_VERSION}`,
    );
    if (!listed.ok) {
        return unknown(azureUnknownReason(listed, "read the data collection rules"));
    }
    return evaluateDcr({
        immutableId: connector.properties?.dcrConfig?.dataCollectionRuleImmutableId,
        streamName: connector.properties?.dcrConfig?.streamName,
        table,
        workspacePath: path,
        dcrs: listed.value.value ?? [],
    });
}

function rowsFinding(rows: QueryRows, table: string, logType: LogType, now: Date): Finding {
    const row = rows.find((r) => r.SourceTable === table);
    const newest = row?.Newest ? new Date(row.Newest as string | Date) : undefined;
    return evaluateRows({
        table,
        logType,
        newest: newest && !Number.isNaN(newest.getTime()) ? newest : undefined,
        rows: row?.Rows as number | undefined,
        now,
    });
}
