// Turns what the offline engine recorded into what the Pulumi engine sends an analyzer over gRPC:
// property structs (unknowns as the unknown sentinel, secrets kept, resource references as their ID
// or URN), resource options and the provider resource.
import * as pulumi from "@pulumi/pulumi";
import { isUnknown as isUnknownOutput } from "@pulumi/pulumi/output";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { RecordedResource } from "./mocks";

/** A resource reference or output whose value must be awaited before it can be sent. */
class Pending {
    value: unknown = null;
    constructor(readonly promise: Promise<unknown>) {}
}

/**
 * Turns a recorded value into what the engine sends an analyzer: unknowns as the unknown sentinel,
 * secrets kept as secrets, resource references as their ID (custom) or URN, undefined dropped.
 */
function toWire(value: unknown, pending: Pending[]): unknown {
    if (
        value === undefined ||
        value === null ||
        typeof value === "boolean" ||
        typeof value === "string"
    ) {
        return value;
    }
    if (typeof value === "number") {
        return Number.isFinite(value) ? value : null;
    }
    if (isUnknownOutput(value)) {
        return unknownValue;
    }
    if (pulumi.Output.isInstance(value)) {
        const output = value as unknown as {
            isKnown: Promise<boolean>;
            promise(): Promise<unknown>;
        };
        const p = new Pending(
            (async () =>
                (await output.isKnown) ? toWireSettled(await output.promise()) : unknownValue)(),
        );
        pending.push(p);
        return p;
    }
    if (pulumi.Resource.isInstance(value)) {
        const p = new Pending(
            (async () => {
                const urn = await outputValue(value.urn);
                const id = pulumi.CustomResource.isInstance(value)
                    ? await outputValue(value.id)
                    : undefined;
                return id === undefined || id === "" ? urn : id;
            })(),
        );
        pending.push(p);
        return p;
    }
    if (Array.isArray(value)) {
        return value.map((v) => toWire(v, pending) ?? null);
    }
    if (typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const w = toWire(v, pending);
            if (w !== undefined) {
                out[k] = w;
            }
        }
        if (out[specialSigKey] !== undefined && out[specialSigKey] !== specialSecretSig) {
            return null; // assets and archives: no policy here reads them
        }
        return out;
    }
    return null;
}

async function toWireSettled(value: unknown): Promise<unknown> {
    const pending: Pending[] = [];
    const wire = toWire(value, pending);
    return pending.length === 0 ? wire : fill(wire, pending);
}

function outputValue(output: pulumi.Output<string>): Promise<string | undefined> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** Replaces pending values once they are settled. */
async function fill(wire: unknown, pending: Pending[]): Promise<unknown> {
    await Promise.all(pending.map(async (p) => (p.value = await p.promise)));
    const replace = (v: unknown): unknown => {
        if (v instanceof Pending) {
            return v.value;
        }
        if (Array.isArray(v)) {
            return v.map(replace);
        }
        if (typeof v === "object" && v !== null) {
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x)]));
        }
        return v;
    };
    return replace(wire);
}

export async function struct(value: Record<string, unknown>): Promise<Struct> {
    return Struct.fromJavaScript((await toWireSettled(value)) as Record<string, never>);
}

export function resourceOptions(r: RecordedResource): analyzerproto.AnalyzerResourceOptions {
    const opts = new analyzerproto.AnalyzerResourceOptions();
    opts.setProtect(r.options.protect);
    opts.setIgnorechangesList([...r.options.ignoreChanges]);
    opts.setDeletebeforereplace(r.options.deleteBeforeReplace);
    opts.setDeletebeforereplacedefined(r.options.deleteBeforeReplace);
    opts.setAdditionalsecretoutputsList([]);
    opts.setAliasesList([]);
    opts.setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts());
    opts.setParent(r.parent ?? "");
    return opts;
}

/** The provider resource a recorded provider reference (`<urn>::<id>`) names, if the stack recorded it. */
export async function providerOf(
    r: RecordedResource,
    byUrn: Map<string, RecordedResource>,
): Promise<analyzerproto.AnalyzerProviderResource | undefined> {
    const ref = r.options.provider;
    if (!ref) {
        return undefined;
    }
    const urn = ref.slice(0, ref.lastIndexOf("::"));
    const provider = byUrn.get(urn);
    if (!provider) {
        return undefined;
    }
    const p = new analyzerproto.AnalyzerProviderResource();
    p.setUrn(provider.urn);
    p.setType(provider.type);
    p.setName(provider.name);
    p.setProperties(await struct(provider.inputs));
    return p;
}
