// The data collection rule of a Codeless Connector Framework connection: it must exist with the
// immutable ID the connection names, declare and read the connection's stream, and write the
// connection's table in its workspace (the Azure Monitor DCR structure; Microsoft's CCF templates).
import { Finding, fail, pass } from "../finding";

/** A data collection rule as ARM returns it (Microsoft.Insights/dataCollectionRules). */
export interface DataCollectionRule {
    readonly id?: string;
    readonly name?: string;
    readonly properties?: {
        readonly immutableId?: string;
        readonly streamDeclarations?: Readonly<Record<string, unknown>>;
        readonly destinations?: {
            readonly logAnalytics?: readonly { name?: string; workspaceResourceId?: string }[];
        };
        readonly dataFlows?: readonly {
            streams?: readonly string[];
            destinations?: readonly string[];
            outputStream?: string;
        }[];
    };
}

/** The Azure Monitor API version the doctor reads DCRs with (stable). */
export const DCR_API_VERSION = "2022-06-01";

/**
 * Is the connection's DCR there, taking its stream and writing its table in its workspace? A
 * `SENTINEL_…` stream is an alias the service maps to the table's `Microsoft-` stream.
 */
export function evaluateDcr(args: {
    immutableId?: string;
    streamName?: string;
    table: string;
    workspacePath?: string;
    dcrs: readonly DataCollectionRule[];
}): Finding {
    const fix =
        "Run `pulumi up`: the connector component creates the source's DCR and points the connection at it.";
    if (!args.immutableId) {
        return fail("the connection names no data collection rule (`dcrConfig`).", fix);
    }
    const dcr = args.dcrs.find((d) => d.properties?.immutableId === args.immutableId);
    if (!dcr) {
        return fail(
            `no data collection rule in the workspace's subscription has the immutable ID ${args.immutableId} the connection sends to, so the service drops what it reads.`,
            fix,
        );
    }
    const p = dcr.properties ?? {};
    const stream = args.streamName ?? "";
    const flows = p.dataFlows ?? [];
    // An alias reads the table's own stream: of a DCR serving several tables, that table's flow.
    const flow = stream.startsWith("SENTINEL_")
        ? (flows.find((f) => (f.streams ?? []).includes(`Microsoft-${args.table}`)) ??
          flows.find((f) => (f.streams ?? []).some((s) => s.startsWith("Microsoft-"))))
        : flows.find((f) => (f.streams ?? []).includes(stream));
    const problems = [
        stream.startsWith("Custom-") && !(stream in (p.streamDeclarations ?? {}))
            ? `it does not declare the stream ${stream}`
            : undefined,
        !flow ? `no data flow reads ${stream || "the connection's stream"}` : undefined,
        flow &&
        flow.outputStream !== undefined &&
        !flow.outputStream.endsWith(args.table) &&
        flow.outputStream !== `Custom-${args.table}`
            ? `its flow writes ${flow.outputStream}, not ${args.table}`
            : undefined,
        args.workspacePath &&
        !(p.destinations?.logAnalytics ?? []).some(
            (d) => d.workspaceResourceId?.toLowerCase() === args.workspacePath!.toLowerCase(),
        )
            ? `it writes to ${(p.destinations?.logAnalytics ?? []).map((d) => d.workspaceResourceId).join(", ") || "no workspace"}, not the connectors' workspace`
            : undefined,
    ].filter((x): x is string => x !== undefined);
    return problems.length > 0
        ? fail(`the data collection rule ${dcr.name}: ${problems.join("; ")}.`, fix)
        : pass(`${dcr.name} takes ${stream} into ${args.table}.`);
}
