// The package as a Pulumi plugin, for programs in every Pulumi language. `pulumi package add <path or
// git URL>` installs the package's dependencies (npm runs `prepare`, which builds dist/), then the
// Node.js language host starts `node @pulumi/pulumi/cmd/run-plugin <package directory> <engine>`
// (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs, `RunPlugin`). run-plugin requires the
// directory, which loads package.json `main` (this module, compiled to dist/provider/index.js), and
// calls the function the module exports (sdk/nodejs/cmd/run-plugin/run.ts). That function serves the
// components through the SDK's component provider (`componentProviderHost`), whose analyzer builds
// the package schema from their TypeScript sources and whose `construct` creates them for the engine.
// Importing this module starts nothing.
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { providerOptions } from "./components";

/** Starts the provider's gRPC server and prints its port, as the engine expects. */
function serve(): Promise<void> {
    return componentProviderHost(providerOptions());
}

export = serve;
