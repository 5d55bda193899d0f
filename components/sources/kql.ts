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
