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

/** The parts of a text split on a separator outside quotes, parentheses and brackets. */
function splitTopLevel(text: string, separator: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let quote: string | undefined;
    let current = "";
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (quote) {
            if (ch === "\\") {
                current += ch + (text[++i] ?? "");
                continue;
            }
            if (ch === quote) {
                quote = undefined;
            }
        } else if (ch === '"' || ch === "'") {
            quote = ch;
        } else if (ch === "(" || ch === "[" || ch === "{") {
            depth++;
        } else if (ch === ")" || ch === "]" || ch === "}") {
            depth--;
        } else if (ch === separator && depth === 0) {
            parts.push(current);
            current = "";
            continue;
        }
        current += ch;
    }
    parts.push(current);
    return parts;
}

/**
 * The columns a DCR transform writes, in order, when its last operator (after any `where`) is a
 * `project`: each `Column = expression` or bare column (`A`, `['a-b']`). Undefined when the
 * transform ends otherwise (`extend`, `project-away`, …), whose columns depend on its input.
 */
export function transformOutputColumns(kql: string | undefined): string[] | undefined {
    if (kql === undefined) {
        return undefined;
    }
    const operators = splitTopLevel(kql, "|")
        .map((o) => o.trim())
        .filter((o) => !/^where\b/.test(o));
    const last = operators[operators.length - 1] ?? "";
    const project = /^project\s+([\s\S]*)$/.exec(last);
    if (!project) {
        return undefined;
    }
    return splitTopLevel(project[1], ",")
        .map((c) => splitTopLevel(c, "=")[0].trim())
        .map((c) => /^\[\s*['"](.*)['"]\s*\]$/.exec(c)?.[1] ?? c)
        .filter((c) => c !== "");
}
