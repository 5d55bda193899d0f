// The argument descriptions rendered for people: the README's argument tables (`npm run docs`) and
// the default texts the TSDoc check compares.
import { Field, Fields, nestedObject, show } from "./fields";

/** The documented default of a field, as text (`—` when none). */
export function defaultText(field: Field): string {
    if (field.default === undefined) {
        return field.required ? "required" : "—";
    }
    return "text" in field.default ? field.default.text : show(field.default.value);
}

/** The type of a field, as the README shows it. */
export function typeText(field: Field): string {
    switch (field.kind) {
        case "string":
            return field.input ? "Input&lt;string&gt;" : "string";
        case "boolean":
            return "boolean";
        case "integer":
            return "number";
        case "enum":
            return field.values.map((v) => `\`${show(v)}\``).join(" \\| ");
        case "list":
            return field.input
                ? `Input&lt;${typeText(field.items)}[]&gt;`
                : `${typeText(field.items)}[]`;
        case "object":
            return `\`${field.typeName}\``;
        case "map":
            return `map of ${typeText(field.values)}`;
        case "json":
            return "JSON";
    }
}

/** One row of an argument table. */
export interface FieldRow {
    readonly path: string;
    readonly type: string;
    readonly default: string;
    readonly doc: string;
}

/**
 * Every field as a table row, nested objects expanded (`logTypes.cloudTrail.createTrail`); a named
 * type is expanded where it first appears only.
 */
export function fieldRows(fields: Fields, prefix = "", seen = new Set<string>()): FieldRow[] {
    return Object.entries(fields).flatMap(([key, field]) => {
        const path = `${prefix}${key}`;
        const row: FieldRow = {
            path,
            type: typeText(field),
            default: defaultText(field),
            doc: field.doc,
        };
        const object = nestedObject(field);
        if (object === undefined || seen.has(object.typeName)) {
            return [row];
        }
        seen.add(object.typeName);
        return [
            row,
            ...fieldRows(object.fields, field.kind === "list" ? `${path}[].` : `${path}.`, seen),
        ];
    });
}

/** A Markdown table of fields. */
export function fieldTable(fields: Fields): string {
    const escape = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
    return [
        "| argument | type | default | what it does |",
        "|---|---|---|---|",
        ...fieldRows(fields).map(
            (r) => `| \`${r.path}\` | ${r.type} | ${escape(r.default)} | ${escape(r.doc)} |`,
        ),
    ].join("\n");
}
