// Custom (`_CL`) tables a CCF source's DCR writes: every column the DCR's data flow writes must be a
// column of the table, with the same type where the flow passes its input through, TimeGenerated
// among them, and the DCR must wait for the table. Generic: any DCR flow whose output stream is
// `Custom-<table>_CL` and any Log Analytics table of that name in the stack.
import { transformOutputColumns } from "../../components/sources/kql";
import { Outcome, stackPolicy } from "./lib/builders";
import type { Res, StackIndex } from "./lib/stack";
import { PackPolicy, TYPES } from "./lib/types";
import { Finding, asArray, at, isUnknown, label, show, unknownFinding } from "./lib/values";

const TABLE = "azure-native:operationalinsights:Table";

/** A column as a table or a stream declaration lists it. */
interface Column {
    readonly name: string;
    readonly type?: string;
}

function columnsOf(value: unknown): Column[] | undefined {
    const list = asArray(value);
    if (isUnknown(list) || list === undefined) {
        return undefined;
    }
    const columns = list.map((c) => ({ name: at(c, "name"), type: at(c, "type") }));
    return columns.every((c) => typeof c.name === "string")
        ? columns.map((c) => ({
              name: c.name as string,
              ...(typeof c.type === "string" ? { type: c.type } : {}),
          }))
        : undefined;
}

/** The workspace name a DCR writes to (its Log Analytics destinations' resource IDs). */
function workspacesOf(dcr: Res): string[] | undefined {
    const destinations = asArray(at(dcr.props.destinations, "logAnalytics"));
    if (isUnknown(destinations) || destinations === undefined) {
        return undefined;
    }
    const ids = destinations.map((d) => at(d, "workspaceResourceId"));
    if (ids.some((id) => typeof id !== "string")) {
        return undefined;
    }
    return ids.map((id) => (id as string).split("/").pop()!.toLowerCase());
}

/** The custom tables of the stack, by table name. */
function tablesByName(index: StackIndex): Map<string, Res[]> {
    const tables = new Map<string, Res[]>();
    for (const t of index.ofType(TABLE)) {
        const name = t.props.tableName ?? at(t.props.schema, "name");
        if (typeof name === "string") {
            tables.set(name, [...(tables.get(name) ?? []), t]);
        }
    }
    return tables;
}

/** What one data flow writing a custom table gets wrong about it. */
function flowFindings(dcr: Res, flow: unknown, table: Res, tableName: string): Finding[] {
    const who = label(dcr.type, dcr.name);
    const where = label(table.type, table.name);
    const tableColumns = columnsOf(at(table.props.schema, "columns"));
    if (tableColumns === undefined) {
        return [unknownFinding(`The columns of ${where}`, table.urn)];
    }
    const transform = at(flow, "transformKql");
    if (isUnknown(transform)) {
        return [unknownFinding(`The transform of ${who}`, dcr.urn)];
    }
    // A pass-through flow writes its input stream's declared columns; a transform ending in
    // `project` writes the columns it projects; any other transform is not read here.
    let written: Column[] | undefined;
    if (typeof transform === "string" && transform.trim() !== "") {
        written = transformOutputColumns(transform)?.map((name) => ({ name }));
    } else {
        const streams = asArray(at(flow, "streams"));
        const stream = Array.isArray(streams) ? streams[0] : undefined;
        written =
            typeof stream === "string"
                ? columnsOf(at(dcr.props.streamDeclarations, stream, "columns"))
                : undefined;
    }
    if (written === undefined) {
        return [];
    }
    const byName = new Map(tableColumns.map((c) => [c.name, c]));
    const findings: Finding[] = [];
    const missing = written.filter((c) => !byName.has(c.name)).map((c) => c.name);
    if (missing.length > 0) {
        findings.push({
            message: `${who} writes ${show(missing)} to ${tableName}, which ${where} does not have: Azure Monitor refuses the DCR (or drops those values). Add the columns to the table, or stop writing them.`,
            urn: dcr.urn,
        });
    }
    const mistyped = written.filter(
        (c) => c.type !== undefined && byName.has(c.name) && byName.get(c.name)!.type !== c.type,
    );
    if (mistyped.length > 0) {
        findings.push({
            message: `${who} passes ${mistyped.map((c) => `${c.name} (${c.type})`).join(", ")} through to ${tableName}, where ${where} types ${mistyped.map((c) => `${c.name} as ${byName.get(c.name)!.type}`).join(", ")}: give both the same type, or convert it in a transform.`,
            urn: dcr.urn,
        });
    }
    if (!written.some((c) => c.name === "TimeGenerated")) {
        findings.push({
            message: `${who} writes no TimeGenerated to ${tableName}: every row of a custom table needs it. Set it from the record's own time in the transform.`,
            urn: dcr.urn,
        });
    }
    if (byName.get("TimeGenerated")?.type !== "datetime") {
        findings.push({
            message: `${where} must have a TimeGenerated column of type datetime.`,
            urn: table.urn,
        });
    }
    const dependencies = dcr.source.dependencies?.map((d) => d.urn) ?? [];
    if (!dependencies.includes(table.urn)) {
        findings.push({
            message: `${who} writes ${tableName} but does not wait for ${where}: a DCR naming a custom table that does not exist yet is refused. Make the DCR depend on the table.`,
            urn: dcr.urn,
        });
    }
    return findings;
}

export const ccfCustomTableMatchesDcr: PackPolicy = stackPolicy(
    {
        name: "sentinel-ccf-custom-table-matches-dcr",
        description:
            "Checks that a custom (`_CL`) Log Analytics table written by a data collection rule of the stack has every column the DCR's data flow writes (the columns a transform projects, or the stream's declared columns with their types for a pass-through flow), a datetime TimeGenerated the flow writes, and that the DCR waits for the table. A column the table lacks makes Azure Monitor refuse the DCR or drop the values: connected, and rows without them.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "Create the table with the columns the DCR writes (the source's facts list both), TimeGenerated as datetime, and make the DCR depend on the table (the connector component does).",
    },
    ({ index }): Outcome => {
        const tables = tablesByName(index);
        if (tables.size === 0) {
            return "The stack has no custom table.";
        }
        const findings: Finding[] = [];
        let checked = 0;
        for (const dcr of index.ofType(TYPES.dcr)) {
            const flows = asArray(dcr.props.dataFlows);
            if (isUnknown(flows)) {
                findings.push(
                    unknownFinding(`The data flows of ${label(dcr.type, dcr.name)}`, dcr.urn),
                );
                continue;
            }
            const workspaces = workspacesOf(dcr);
            for (const flow of flows ?? []) {
                const output = at(flow, "outputStream");
                const name =
                    typeof output === "string" ? /^Custom-(.+_CL)$/.exec(output)?.[1] : undefined;
                if (name === undefined) {
                    continue;
                }
                // The table of the DCR's workspace, when the stack says which that is.
                const candidates = (tables.get(name) ?? []).filter(
                    (t) =>
                        workspaces === undefined ||
                        typeof t.props.workspaceName !== "string" ||
                        workspaces.includes(t.props.workspaceName.toLowerCase()),
                );
                if (candidates.length === 0) {
                    continue; // a table outside the stack: the doctor reads the workspace
                }
                checked++;
                for (const table of candidates) {
                    findings.push(...flowFindings(dcr, flow, table, name));
                }
            }
        }
        return checked > 0
            ? findings
            : "No data collection rule of the stack writes one of its custom tables.";
    },
);

export const ccfCustomTablePolicies: PackPolicy[] = [ccfCustomTableMatchesDcr];
