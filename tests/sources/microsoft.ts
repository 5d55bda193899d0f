// Microsoft's CCF templates, as test data (`tests/fixtures/ccf/`, verbatim copies of Azure-Sentinel
// files): what a source's own DCR and connection are compared with. Never read by the package.
import * as fs from "node:fs";
import * as path from "node:path";

const SPECS = path.join(__dirname, "..", "fixtures", "ccf");

/** One of Microsoft's template files, parsed (its one resource, where the file holds a list). */
export function microsoftTemplate(file: string): any {
    const parsed = JSON.parse(fs.readFileSync(path.join(SPECS, file), "utf8"));
    return Array.isArray(parsed) ? parsed[0] : parsed;
}

/** Every resource of one of Microsoft's template files (a file may hold several connections). */
export function microsoftTemplates(file: string): any[] {
    const parsed = JSON.parse(fs.readFileSync(path.join(SPECS, file), "utf8"));
    return Array.isArray(parsed) ? parsed : [parsed];
}

/** A connection's properties without its account's values (role and queue), to compare with a template's. */
export function shared(properties: Record<string, any>): Record<string, any> {
    const { roleArn: _role, sqsUrls: _queues, ...rest } = properties;
    void [_role, _queues];
    return rest;
}

/** The columns a `project` transform writes, in order (`source | … | project A = …, B = …`). */
export function projectedColumns(kql: string): string[] {
    const project = kql.split(/\|\s*project\s/)[1] ?? "";
    // Split on the top-level commas only.
    const columns: string[] = [];
    let depth = 0;
    let current = "";
    for (const ch of project) {
        if (ch === "(" || ch === "[") depth++;
        if (ch === ")" || ch === "]") depth--;
        if (ch === "," && depth === 0) {
            columns.push(current);
            current = "";
        } else {
            current += ch;
        }
    }
    columns.push(current);
    return columns.map((c) => c.split("=")[0].trim()).filter((c) => c !== "");
}

/** The columns a transform of `extend` steps writes, in order (`source | extend A = …, B = … | …`). */
export function extendedColumns(kql: string): string[] {
    return kql
        .split("|")
        .map((step) => step.trim())
        .filter((step) => step.startsWith("extend "))
        .flatMap((step) => projectedColumns(`| project ${step.slice("extend ".length)}`));
}
