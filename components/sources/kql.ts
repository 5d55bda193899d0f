// Building a DCR transform: `source | project <column> = <expression>, …`, one column per line, so a
// source states its mapping as data and a test can read the columns it writes.

/** One output column of a transform and the KQL expression that computes it. */
export type ProjectedColumn = readonly [column: string, expression: string];

/** The transform that projects the input stream onto the table's columns, in this order. */
export function projectKql(
    columns: readonly ProjectedColumn[],
    before: readonly string[] = [],
): string {
    return [
        "source",
        ...before.map((line) => `| ${line}`),
        "| project",
        columns.map(([column, expression]) => `    ${column} = ${expression}`).join(",\n"),
    ].join("\n");
}

/** The column names a `projectKql` transform writes. */
export function projectedColumns(columns: readonly ProjectedColumn[]): string[] {
    return columns.map(([column]) => column);
}

/**
 * The datetime of a value holding epoch seconds (a JSON number or a string of digits), in the idiom
 * Microsoft's own VPC flow-log DCR uses (`datetime(1970-01-01) + tolong(unixTime) * 1sec`,
 * `AWSVPCFlowLogs_DCR.json @b188254`).
 */
export function epochSecondsKql(value: string): string {
    return `datetime(1970-01-01) + tolong(tostring(${value})) * 1sec`;
}

/** The event's own time from epoch seconds, or the ingestion time for a record without one. */
export function epochTimeGeneratedKql(value: string): string {
    return `iff(isempty(tostring(${value})), now(), ${epochSecondsKql(value)})`;
}
