// The README's argument tables, generated from the components' argument descriptions so they cannot
// drift: `npm run docs` rewrites them, and a test fails when the README is not current.
import * as fs from "node:fs";
import * as path from "node:path";
import { AWS_SENTINEL_CONNECTION_FIELDS } from "../components/aws/awsSentinelConnectionFields";
import { SENTINEL_CONNECTORS_FIELDS } from "../components/azure/sentinelAwsS3DataConnectorsFields";
import { Fields } from "../components/shared/fields";
import { fieldTable } from "../components/shared/fieldTables";

/** The generated tables, by the marker name in the README. */
export const TABLES: Readonly<Record<string, Fields>> = {
    AwsSentinelConnection: AWS_SENTINEL_CONNECTION_FIELDS,
    SentinelAwsS3DataConnectors: SENTINEL_CONNECTORS_FIELDS,
};

const README = path.join(__dirname, "..", "README.md");

/** The README with every `<!-- fields:<name> -->…<!-- /fields -->` block regenerated. */
export function withTables(readme: string): string {
    return readme.replace(
        /(<!-- fields:(\w+) -->\n)[\s\S]*?(<!-- \/fields -->)/g,
        (_, open: string, name: string, close: string) => {
            const fields = TABLES[name];
            if (!fields) {
                throw new Error(`the README names an unknown argument table "${name}"`);
            }
            return `${open}${fieldTable(fields)}\n${close}`;
        },
    );
}

if (require.main === module) {
    const before = fs.readFileSync(README, "utf8");
    const after = withTables(before);
    fs.writeFileSync(README, after);
    console.log(
        before === after ? "README.md is current." : "README.md argument tables regenerated.",
    );
}
