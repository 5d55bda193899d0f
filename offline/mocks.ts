// The in-process engine: Pulumi's mock runtime with a fake cloud that answers like AWS and Azure
// would (ARNs, URLs, IDs), records every registered resource with its parent, dependencies and
// options, and fails on any invoke it does not know. Tests, `npm start` and `npm run bench` use it.
//
// As a preview (`preview: true`) it answers the way the engine previews a new stack: invokes are
// answered, each custom resource's inputs go through what the provider's Check does (autonames
// filled in, policy documents turned into JSON strings, or into one unknown string when any part of
// them is unknown), and everything else the cloud computes (IDs, ARNs, URLs, generated names) is
// unknown. Policies then see what `pulumi preview` shows them.
import * as pulumi from "@pulumi/pulumi";
import { unknown } from "@pulumi/pulumi/output";
import { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";
import {
    DEFAULT_MOCK_CLOUD,
    MockProviderClouds,
    mockCall,
    mockResource,
    type MockCloud,
    type MockCalls,
    type MockStacks,
} from "../testing";
import { GENERATED, providerCheck } from "./providerCheck";

// Internal to the SDK (not in its typings): waits until every outstanding engine call has finished.
const waitForRPCs = (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs;

/** Values only the cloud knows (the same as the testing mocks'). */
export type FakeCloud = MockCloud;

/** The placeholder cloud: AWS's documentation account ID, the all-zero subscription. */
export const PLACEHOLDER_CLOUD: FakeCloud = DEFAULT_MOCK_CLOUD;

export { GENERATED };

/** One registered resource, as the engine saw it. */
export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    /** The parent's URN ("" for the stack's direct children, undefined for the stack itself). */
    readonly parent: string;
    readonly id: string;
    /** What the program sent (in a preview, after the provider's Check, as the analyzer gets it). */
    readonly inputs: Record<string, any>;
    /** What the fake cloud answered: the inputs plus computed values. */
    readonly state: Record<string, any>;
    /** URNs of every resource it depends on, explicit or through its inputs. */
    readonly dependencies: string[];
    readonly propertyDependencies: Record<string, string[]>;
    readonly options: {
        readonly deleteBeforeReplace: boolean;
        readonly replaceOnChanges: string[];
        readonly ignoreChanges: string[];
        readonly retainOnDelete: boolean;
        readonly protect: boolean;
        readonly provider: string;
    };
}

/** Mocks that answer like the clouds; `newResource` computes what a create would return. */
export class FakeCloudMocks implements pulumi.runtime.Mocks {
    private readonly providers = new MockProviderClouds();

    constructor(
        readonly cloud: FakeCloud = PLACEHOLDER_CLOUD,
        /** Answer as a preview: only inputs, autonames and invokes are known. */
        readonly preview = false,
        /** Outputs of the stacks the program references, by stack name. */
        readonly stacks: MockStacks = {},
        /** Answers of invokes that differ from the fake cloud's, by token. */
        readonly calls: MockCalls = {},
    ) {}

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        const own = this.calls[args.token];
        if (own) {
            return own(args.inputs);
        }
        const answer = mockCall(
            this.providers.cloudFor(this.cloud, args.provider),
            args.token,
            args.inputs,
        );
        if (answer === undefined) {
            throw new Error(
                `the offline engine does not know the invoke ${args.token}; add it to testing/index.ts`,
            );
        }
        return answer;
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
        if (!this.preview || args.custom === false) {
            return this.create(args);
        }
        // A preview: what Check returns is known, what only the create would return is not.
        const checked = providerCheck(args.type, args.name, args.inputs);
        const created = this.create({ ...args, inputs: checked });
        const state = Object.fromEntries(
            Object.keys({ ...created.state, ...checked }).map((k) => [
                k,
                k in checked ? checked[k] : unknown,
            ]),
        );
        return { id: "", state };
    }

    /** What creating the resource returns: its ID and state. */
    create(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
        this.providers.record(args);
        return mockResource(this.providers.cloudFor(this.cloud, args.provider), args, this.stacks);
    }
}

/** What a run under the offline engine produced. */
export interface OfflineRun<T> {
    /** What the program function returned (its stack outputs), resolved. */
    readonly result: T;
    /** Every resource the engine registered, in registration order, the stack first. */
    readonly resources: RecordedResource[];
}

/** Options of one offline run. */
export interface OfflineRunOptions {
    readonly project?: string;
    readonly stack?: string;
    /** Pulumi configuration, as `project:key` → string (objects JSON-encoded), like `PULUMI_CONFIG`. */
    readonly config?: Record<string, string>;
    /** Runs as a preview: values the cloud computes are unknown. @default false */
    readonly preview?: boolean;
    readonly cloud?: FakeCloud;
    /** Outputs of the stacks the program references, by stack name. */
    readonly stacks?: MockStacks;
    /** Answers of invokes that differ from the fake cloud's, by token (one that throws: a failure). */
    readonly calls?: MockCalls;
}

/**
 * Runs a program function under the offline engine and returns what it registered. The code under
 * test must be imported inside `program` (or after this module set the mocks), never before.
 */
export async function runOffline<T>(
    program: () => T | Promise<T>,
    options: OfflineRunOptions = {},
): Promise<OfflineRun<pulumi.Unwrap<T>>> {
    const project = options.project ?? "sentinel-aws-s3";
    const stack = options.stack ?? "test";
    const preview = options.preview ?? false;
    await pulumi.runtime.setMocks(
        new FakeCloudMocks(options.cloud, preview, options.stacks, options.calls),
        project,
        stack,
        preview,
    );
    pulumi.runtime.setAllConfig(options.config ?? {});
    const resources: RecordedResource[] = [];
    const monitor = settings.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) =>
        register(req, (err: any, resp: any) => {
            if (!err) {
                resources.push(record(req, resp, preview));
            }
            callback(err, resp);
        });
    try {
        // The stack resource is registered with the program, as the real engine does.
        const stackOutputs = await pulumi.runtime.runInPulumiStack(async () => program());
        const result = await resolveDeep(stackOutputs);
        await waitForRPCs();
        return { result: result as pulumi.Unwrap<T>, resources };
    } catch (error) {
        // The stack resource's own registration rejects with the same error, unobserved: it has been
        // reported here, so it must not crash the process later as an unhandled rejection.
        if (typeof error === "object" && error !== null) {
            reported.add(error);
        }
        // What was registered before the failure, so callers can show that nothing was created.
        throw Object.assign(error as Error, { resources });
    }
}

const reported = new WeakSet<object>();
process.on("unhandledRejection", (reason) => {
    if (typeof reason !== "object" || reason === null || !reported.has(reason)) {
        throw reason;
    }
});

/** The resources registered before a failed `runOffline`. */
export function resourcesOf(error: unknown): RecordedResource[] {
    return (error as { resources?: RecordedResource[] }).resources ?? [];
}

function record(req: any, resp: any, preview: boolean): RecordedResource {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
        propertyDependencies[key] = deps.getUrnsList();
    });
    const sent = req.getObject() ? deserializeProperties(req.getObject()) : {};
    return {
        urn: resp.getUrn(),
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent(),
        id: resp.getId(),
        // What the analyzer receives: after a preview's Check, or (as before) what the program sent.
        inputs:
            preview && req.getCustom() ? providerCheck(req.getType(), req.getName(), sent) : sent,
        state: resp.getObject() ? deserializeProperties(resp.getObject()) : {},
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        options: recordedOptions(req),
    };
}

/** The options of a RegisterResourceRequest, as a record keeps them (unset flags are false). */
export function recordedOptions(req: any): RecordedResource["options"] {
    return {
        deleteBeforeReplace: req.getDeletebeforereplace(),
        replaceOnChanges: req.getReplaceonchangesList(),
        ignoreChanges: req.getIgnorechangesList(),
        retainOnDelete: req.hasRetainondelete() ? req.getRetainondelete() : false,
        protect: req.hasProtect() ? req.getProtect() : false,
        provider: req.getProvider(),
    };
}

/** Resolves Outputs and promises anywhere in a value (unknowns become undefined). */
export async function resolveDeep(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        return resolveDeep(
            await new Promise((resolve) => (value as pulumi.Output<unknown>).apply(resolve)),
        );
    }
    if (value instanceof Promise) {
        return resolveDeep(await value);
    }
    if (Array.isArray(value)) {
        return Promise.all(value.map(resolveDeep));
    }
    if (pulumi.Resource.isInstance(value)) {
        return value;
    }
    if (typeof value === "object" && value !== null) {
        const entries = await Promise.all(
            Object.entries(value).map(async ([k, v]) => [k, await resolveDeep(v)] as const),
        );
        return Object.fromEntries(entries);
    }
    return value;
}
