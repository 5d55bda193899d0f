// The registry of sources: every log type has one module, with every piece; a module without one,
// or an argument interface that lists a source the registry does not, is a type error.
import assert from "node:assert/strict";
import * as path from "node:path";
import * as ts from "typescript";
import { ALL_SOURCES } from "../../components/sources";
import { CONNECTIONS, DESTINATION_TABLES, LOG_TYPES } from "../../components/sources/catalog";

const ROOT = path.join(__dirname, "..", "..");

/** The type errors of a snippet compiled beside this file (kept in memory, never written). */
function typeErrors(snippet: string): string[] {
    const file = path.join(ROOT, "tests", "sources", "__snippet__.ts");
    const options: ts.CompilerOptions = {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        esModuleInterop: true,
        skipLibCheck: true,
        types: ["node"],
    };
    const host = ts.createCompilerHost(options);
    const read = host.readFile.bind(host);
    const exists = host.fileExists.bind(host);
    const getSource = host.getSourceFile.bind(host);
    host.readFile = (f) => (path.resolve(f) === file ? snippet : read(f));
    host.fileExists = (f) => path.resolve(f) === file || exists(f);
    host.getSourceFile = (f, v, e, c) =>
        path.resolve(f) === file ? ts.createSourceFile(f, snippet, v) : getSource(f, v, e, c);
    const program = ts.createProgram([file], options, host);
    return ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("The registry of sources", function () {
    this.timeout(120_000);

    it("has one module per log type, with every part, in the catalog's order", () => {
        assert.deepEqual(
            ALL_SOURCES.map((s) => s.key),
            LOG_TYPES,
        );
        for (const s of ALL_SOURCES) {
            for (const part of [
                "hub",
                "logSource",
                "writer",
                "layout",
                "sentinel",
                "pack",
            ] as const) {
                assert.ok(s[part], `${s.key} has its ${part}`);
            }
            assert.equal(typeof s.doctor, "function");
        }
        assert.deepEqual(
            [...new Set(CONNECTIONS.map((c) => c.id))].length,
            CONNECTIONS.length,
            "connection IDs are unique (they name queues and notifications)",
        );
        assert.deepEqual([...new Set(DESTINATION_TABLES)], [...DESTINATION_TABLES]);
    });

    it("does not compile a source module without one of its parts", () => {
        const errors = typeErrors(`
            import type { SourceModule } from "../../components/sources/types";
            import { CLOUD_TRAIL } from "../../components/sources/cloudTrail";
            const { hub: _hub, ...withoutHub } = CLOUD_TRAIL;
            export const broken: SourceModule<"cloudTrail"> = withoutHub;
            const { wire: _wire, ...hubWithoutWire } = CLOUD_TRAIL.hub;
            export const brokenHub: SourceModule<"cloudTrail"> = { ...CLOUD_TRAIL, hub: hubWithoutWire };
        `);
        assert.equal(errors.length, 2, errors.join("\n"));
        assert.match(errors[0], /Property 'hub' is missing/);
        assert.match(errors[1], /Property 'wire' is missing/);
    });
});
