// The argument tables of the reference (`docs/reference.md`), generated from the components' argument
// descriptions so they cannot drift: `npm run docs` rewrites them, and a test fails when they are not
// current.
import * as fs from "node:fs";
import * as path from "node:path";
import { AWS_SENTINEL_CONNECTION_FIELDS } from "../components/aws/awsSentinelConnectionFields";
import { SENTINEL_LOG_SOURCE_FIELDS } from "../components/aws/sentinelLogSourceFields";
import { SENTINEL_CONNECTORS_FIELDS } from "../components/azure/sentinelAwsS3DataConnectorsFields";
import { Fields } from "../components/shared/fields";
import { fieldTable } from "../components/shared/fieldTables";

/** The generated tables, by the marker name in the reference. */
export const TABLES: Readonly<Record<string, Fields>> = {
    AwsSentinelConnection: AWS_SENTINEL_CONNECTION_FIELDS,
    SentinelAwsS3DataConnectors: SENTINEL_CONNECTORS_FIELDS,
    SentinelLogSource: SENTINEL_LOG_SOURCE_FIELDS,
};

/** The page that holds the argument tables, from the repository's root. */
export const REFERENCE = path.join("docs", "reference.md");

/** The page with every `<!-- fields:<name> -->…<!-- /fields -->` block regenerated. */
export function withTables(page: string): string {
    return page.replace(
        /(<!-- fields:(\w+) -->\n)[\s\S]*?(<!-- \/fields -->)/g,
        (_, open: string, name: string, close: string) => {
            const fields = TABLES[name];
            if (!fields) {
                throw new Error(`${REFERENCE} names an unknown argument table "${name}"`);
            }
            return `${open}${fieldTable(fields)}\n${close}`;
        },
    );
}

if (require.main === module) {
    const file = path.join(__dirname, "..", REFERENCE);
    const before = fs.readFileSync(file, "utf8");
    const after = withTables(before);
    fs.writeFileSync(file, after);
    console.log(
        before === after ? `${REFERENCE} is current.` : `${REFERENCE} argument tables regenerated.`,
    );
}
