// Prints the package schema the plugin serves, as `pulumi package get-schema <this directory>` would
// (the SDK's component provider with the plugin's own options), without the Pulumi CLI.
import { PackageProvider, providerOptions } from "../provider/components";

new PackageProvider(providerOptions(), { analyze: true })
    .getSchema()
    .then((schema) => console.log(JSON.stringify(JSON.parse(schema), null, 2)))
    .catch((e: Error) => {
        console.error(e.message);
        process.exit(1);
    });
