// The documentation cannot drift from the argument descriptions: the reference's argument tables
// (`docs/reference.md`) are generated from them, and every TSDoc `@default` says what the
// description says.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { AWS_SENTINEL_CONNECTION_FIELDS } from "../components/aws/awsSentinelConnectionFields";
import { SENTINEL_LOG_SOURCE_FIELDS } from "../components/aws/sentinelLogSourceFields";
import { SENTINEL_CONNECTORS_FIELDS } from "../components/azure/sentinelAwsS3DataConnectorsFields";
import { Fields, nestedObject } from "../components/shared/fields";
import { defaultText } from "../components/shared/fieldTables";
import { REFERENCE, TABLES, withTables } from "../scripts/argumentTables";

const ROOT = path.join(__dirname, "..");
const SOURCES_DIR = "components/sources";
const ARG_FILES = [
    "components/aws/awsSentinelConnectionArgs.ts",
    "components/aws/sentinelLogSourceArgs.ts",
    "components/azure/sentinelAwsS3DataConnectorsArgs.ts",
    // Each source's arguments live in its module, and the registry lists them.
    `${SOURCES_DIR}/index.ts`,
    `${SOURCES_DIR}/fields.ts`,
    ...fs
        .readdirSync(path.join(ROOT, SOURCES_DIR), { withFileTypes: true })
        .filter(
            (d) =>
                d.isDirectory() && fs.existsSync(path.join(ROOT, SOURCES_DIR, d.name, "args.ts")),
        )
        .map((d) => `${SOURCES_DIR}/${d.name}/args.ts`),
];

/** Every described interface, by name: the two components' args and the named types inside. */
function describedTypes(): Map<string, Fields> {
    const types = new Map<string, Fields>();
    const visit = (name: string, fields: Fields) => {
        types.set(name, fields);
        for (const field of Object.values(fields)) {
            const object = nestedObject(field);
            if (object && !types.has(object.typeName)) {
                visit(object.typeName, object.fields);
            }
        }
    };
    visit("AwsSentinelConnectionArgs", AWS_SENTINEL_CONNECTION_FIELDS);
    visit("SentinelAwsS3DataConnectorsArgs", SENTINEL_CONNECTORS_FIELDS);
    visit("SentinelLogSourceArgs", SENTINEL_LOG_SOURCE_FIELDS);
    return types;
}

/**
 * The `@default` of every property of every interface in the args files, with the members of the
 * interfaces it extends.
 */
function tsdocDefaults(): Map<string, Map<string, string | undefined>> {
    const found = new Map<string, Map<string, string | undefined>>();
    const bases = new Map<string, string[]>();
    for (const file of ARG_FILES) {
        const source = ts.createSourceFile(
            file,
            fs.readFileSync(path.join(ROOT, file), "utf8"),
            ts.ScriptTarget.ES2022,
            true,
        );
        source.forEachChild((node) => {
            if (!ts.isInterfaceDeclaration(node)) {
                return;
            }
            const members = new Map<string, string | undefined>();
            for (const member of node.members) {
                if (ts.isPropertySignature(member) && member.name) {
                    const tag = ts.getJSDocTags(member).find((t) => t.tagName.text === "default");
                    const text = tag
                        ? ts.getTextOfJSDocComment(tag.comment)?.replace(/\s+/g, " ").trim()
                        : undefined;
                    members.set(member.name.getText(source), text);
                }
            }
            found.set(node.name.text, members);
            bases.set(
                node.name.text,
                (node.heritageClauses ?? []).flatMap((c) =>
                    c.types.map((t) => t.expression.getText(source)),
                ),
            );
        });
    }
    for (const [name, members] of found) {
        for (const base of bases.get(name) ?? []) {
            for (const [key, value] of found.get(base) ?? []) {
                members.set(key, value);
            }
        }
    }
    return found;
}

describe("The documentation", () => {
    it("has the reference's argument tables generated from the argument descriptions (npm run docs)", () => {
        const page = fs.readFileSync(path.join(ROOT, REFERENCE), "utf8");
        for (const name of Object.keys(TABLES)) {
            assert.equal(
                page.split(`<!-- fields:${name} -->`).length,
                2,
                `${REFERENCE} holds the ${name} table once`,
            );
        }
        assert.equal(
            withTables(page),
            page,
            `the argument tables in ${REFERENCE} are stale: run \`npm run docs\``,
        );
    });

    it("fails when a table differs from the argument descriptions", () => {
        const page = fs.readFileSync(path.join(ROOT, REFERENCE), "utf8");
        const stale = page.replace(
            /(<!-- fields:SentinelLogSource -->\n[\s\S]*?)\| `tags` \|[^\n]*\n/,
            "$1",
        );
        assert.notEqual(stale, page, "the test removes a row");
        assert.notEqual(withTables(stale), stale);
        assert.equal(withTables(stale), page);
    });

    it("keeps the argument tables out of the README, which links to the reference", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        assert.doesNotMatch(readme, /<!-- fields:/);
        assert.ok(readme.includes("(docs/reference.md"), "the README links to the reference");
    });

    it("has every TSDoc @default saying what the argument description says", () => {
        const docs = tsdocDefaults();
        const mismatches: string[] = [];
        for (const [typeName, fields] of describedTypes()) {
            const members = docs.get(typeName);
            assert.ok(members, `interface ${typeName} is in the args files`);
            assert.deepEqual(
                [...members.keys()].sort(),
                Object.keys(fields).sort(),
                `${typeName} members`,
            );
            for (const [key, field] of Object.entries(fields)) {
                const described = field.default === undefined ? undefined : defaultText(field);
                if (members.get(key) !== described) {
                    mismatches.push(
                        `${typeName}.${key}: TSDoc ${JSON.stringify(members.get(key))}, description ${JSON.stringify(described)}`,
                    );
                }
            }
        }
        assert.deepEqual(mismatches, []);
    });
});
