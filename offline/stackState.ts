// A stack's state as `pulumi stack export` writes it (a version 3 deployment), from the resources the
// offline engine recorded: what `pulumi policy analyze --file` reads to run a policy pack over a
// stack without its program or providers. Each custom resource gets the default provider of its
// package, as a deployment records one (pulumi/pulumi sdk/go/common/apitype `ResourceV3`,
// `DeploymentV3`).
import type { RecordedResource } from "./mocks";

/** One resource of a version 3 deployment. */
export interface ResourceV3 {
    urn: string;
    custom: boolean;
    id?: string;
    type: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    parent?: string;
    provider?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    protect?: boolean;
    retainOnDelete?: boolean;
}

/** What `pulumi stack export` writes. */
export interface UntypedDeployment {
    version: 3;
    deployment: {
        manifest: { time: string; magic: string; version: string };
        resources: ResourceV3[];
    };
}

/** The state of a stack holding `resources` (the offline engine's record of one run). */
export function stackState(
    resources: readonly RecordedResource[],
    at: { project: string; stack: string },
): UntypedDeployment {
    const providers = new Map<string, ResourceV3>();
    const providerOf = (type: string): string => {
        const pkg = type.split(":")[0];
        const providerType = `pulumi:providers:${pkg}`;
        const urn = `urn:pulumi:${at.stack}::${at.project}::${providerType}::default`;
        const id = "00000000-0000-0000-0000-000000000000";
        if (!providers.has(pkg)) {
            providers.set(pkg, {
                urn,
                custom: true,
                id,
                type: providerType,
                inputs: {},
                outputs: {},
            });
        }
        return `${urn}::${id}`;
    };
    const own = resources.map((r): ResourceV3 => ({
        urn: r.urn,
        custom: r.custom,
        ...(r.custom ? { id: r.id, provider: r.options.provider || providerOf(r.type) } : {}),
        type: r.type,
        inputs: r.inputs,
        outputs: r.state,
        ...(r.parent ? { parent: r.parent } : {}),
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        ...(r.options.protect ? { protect: true } : {}),
        ...(r.options.retainOnDelete ? { retainOnDelete: true } : {}),
    }));
    return {
        version: 3,
        deployment: {
            manifest: { time: new Date(0).toISOString(), magic: "", version: "" },
            // The stack first, then the providers its resources use, then the rest in the order
            // they registered (a state lists a resource after what it depends on).
            resources: [
                ...own.filter((r) => r.type === "pulumi:pulumi:Stack"),
                ...providers.values(),
                ...own.filter((r) => r.type !== "pulumi:pulumi:Stack"),
            ],
        },
    };
}
