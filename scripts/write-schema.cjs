// The last step of `npm run build`: the finished package schema, written beside the compiled
// provider (dist/provider/package-schema.json), so the plugin the CLI starts for each command serves
// it without analyzing the TypeScript sources again.
const fs = require("node:fs");
const path = require("node:path");
const {
    BUILT_SCHEMA_FILE,
    PackageProvider,
    providerOptions,
} = require("../dist/provider/components.js");

new PackageProvider(providerOptions(), { analyze: true })
    .getSchema()
    .then((schema) => {
        const file = path.join(__dirname, "..", "dist", "provider", BUILT_SCHEMA_FILE);
        fs.writeFileSync(file, `${JSON.stringify(JSON.parse(schema), null, 2)}\n`);
    })
    .catch((e) => {
        console.error(`could not write the package schema: ${e.message}`);
        process.exit(1);
    });
