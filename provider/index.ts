// The package as a Pulumi plugin, for programs in every Pulumi language. `pulumi package add <path or
// git URL>` installs the package's dependencies (npm runs `prepare`, which builds dist/), then the
// Node.js language host starts `node @pulumi/pulumi/cmd/run-plugin <package directory> <engine>`
// (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs, `RunPlugin`). run-plugin requires the
// directory, which loads package.json `main` (this module, compiled to dist/provider/index.js), and
// calls the function the module exports (sdk/nodejs/cmd/run-plugin/run.ts). That function serves the
// components through the SDK's component provider, as `componentProviderHost` would, but with the
// finished schema (`PackageProvider`): its analyzer builds the package schema from their TypeScript
// sources and its `construct` creates them for the engine. Importing this module starts nothing.
import { main } from "@pulumi/pulumi/provider";
import { PackageProvider, providerOptions } from "./components";

/** Starts the provider's gRPC server and prints its port, as the engine expects. */
function serve(): Promise<void> {
    return main(new PackageProvider(providerOptions()), process.argv.slice(2));
}

export = serve;
