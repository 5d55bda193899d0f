// What the package serves to programs in other Pulumi languages, and how: each component with the
// description of its arguments (the schema Pulumi's analyzer builds from the component's `<Class>Args`
// interface must match it; tests/provider checks), and the options of the SDK's component provider.
//
// Pulumi's analyzer starts from this file: `provider/schema/package.json` names it as `main`, and the
// analyzer follows its imports to the component classes (node_modules/@pulumi/pulumi/provider/
// experimental/analyzer.js, `findProgramEntryPoint`), so what is served is exactly what is listed here.
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { ConstructResult } from "@pulumi/pulumi/provider";
import {
    ComponentProvider,
    type ComponentProviderOptions,
} from "@pulumi/pulumi/provider/experimental/provider";
import { AwsSentinelConnection } from "../components/aws/awsSentinelConnection";
import { AWS_SENTINEL_CONNECTION_FIELDS } from "../components/aws/awsSentinelConnectionFields";
import { SentinelLogSource } from "../components/aws/sentinelLogSource";
import { SENTINEL_LOG_SOURCE_FIELDS } from "../components/aws/sentinelLogSourceFields";
import { SentinelAwsS3DataConnectors } from "../components/azure/sentinelAwsS3DataConnectors";
import { SENTINEL_CONNECTORS_FIELDS } from "../components/azure/sentinelAwsS3DataConnectorsFields";
import type { Fields } from "../components/shared/fields";
import { SchemaDocument, finishSchema } from "./packageSchema";

/** The Pulumi package name: the first part of every type token (`sentinel-aws-s3:index:…`). */
export const PACKAGE_NAME = "sentinel-aws-s3";

/** A component the provider serves. */
export interface ServedComponent {
    readonly component: ComponentProviderOptions["components"][number] & { readonly TYPE: string };
    /** The description of its arguments: every one must be in the schema, as described. */
    readonly fields: Fields;
}

/**
 * The components served, the AWS side first: a type both sides use (`SentinelConnection`) is named
 * where the analyzer meets it first, as an output of the AWS side.
 */
export const SERVED_COMPONENTS: readonly ServedComponent[] = [
    { component: AwsSentinelConnection, fields: AWS_SENTINEL_CONNECTION_FIELDS },
    { component: SentinelAwsS3DataConnectors, fields: SENTINEL_CONNECTORS_FIELDS },
    { component: SentinelLogSource, fields: SENTINEL_LOG_SOURCE_FIELDS },
];

/** The package's root: the nearest directory above `from` holding `PulumiPlugin.yaml`. */
export function packageRoot(from: string = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "PulumiPlugin.yaml"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no PulumiPlugin.yaml above ${from}: the package is incomplete`);
        }
    }
}

/** The directory Pulumi's analyzer reads: its `package.json` (entry, description) and `tsconfig.json`. */
export const SCHEMA_DIR = path.join("provider", "schema");

/**
 * The options of the SDK's component provider for the package at `root`: the package name, the
 * package's version, the analyzer's directory and the served components.
 */
export function providerOptions(
    root: string = packageRoot(),
): ComponentProviderOptions & { version: string } {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
        version: string;
    };
    return {
        name: PACKAGE_NAME,
        version: manifest.version,
        dirname: path.join(root, SCHEMA_DIR),
        components: SERVED_COMPONENTS.map((s) => s.component),
    };
}

/** The schema `npm run build` writes beside the compiled provider (dist/provider/). */
export const BUILT_SCHEMA_FILE = "package-schema.json";

/**
 * The SDK's component provider, serving the finished schema (`finishSchema`): the analyzer's, with
 * the type names, output enums and language sections every generated SDK needs. The build writes it
 * once (`BUILT_SCHEMA_FILE`), so a started plugin serves it without running the analyzer over the
 * TypeScript sources again (the CLI starts the plugin for every command); without that file, or
 * with `analyze`, it analyzes. `construct` creates the component and answers with the outputs the
 * schema lists, as the SDK's does.
 */
export class PackageProvider extends ComponentProvider {
    private finished?: string;
    private readonly components: Map<string, ServedComponent["component"]>;

    constructor(
        options: ComponentProviderOptions & { version: string },
        private readonly schemaSource: { analyze?: boolean; builtSchema?: string } = {},
    ) {
        super(options);
        this.components = new Map(
            SERVED_COMPONENTS.map((s) => [s.component.TYPE, s.component] as const),
        );
    }

    override async getSchema(): Promise<string> {
        if (this.finished === undefined) {
            this.finished = this.builtSchema() ?? (await this.analyzedSchema());
        }
        return this.finished;
    }

    override async construct(
        name: string,
        type: string,
        inputs: pulumi.Inputs,
        options: pulumi.ComponentResourceOptions,
    ): Promise<ConstructResult> {
        ComponentProvider.validateResourceType(PACKAGE_NAME, type);
        const Component = this.components.get(type);
        const served = (JSON.parse(await this.getSchema()) as SchemaDocument).resources[type];
        if (!Component || !served) {
            throw new Error(`the package has no component ${type}`);
        }
        const instance = new Component(name, inputs, options) as unknown as Record<
            string,
            unknown
        > &
            pulumi.ComponentResource;
        const outputs = Object.keys(served.properties ?? {});
        return {
            urn: instance.urn,
            state: Object.fromEntries(outputs.map((k) => [k, instance[k]])) as pulumi.Inputs,
        };
    }

    /** The built schema, when there is one for this version. */
    private builtSchema(): string | undefined {
        const file = this.schemaSource.builtSchema ?? path.join(__dirname, BUILT_SCHEMA_FILE);
        if (this.schemaSource.analyze || !fs.existsSync(file)) {
            return undefined;
        }
        const text = fs.readFileSync(file, "utf8");
        return (JSON.parse(text) as SchemaDocument).version === this.version ? text : undefined;
    }

    private async analyzedSchema(): Promise<string> {
        const analyzed = JSON.parse(await super.getSchema()) as SchemaDocument;
        return JSON.stringify(finishSchema(analyzed));
    }
}
