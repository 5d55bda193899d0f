// What the components of one program have claimed, so two of them cannot feed Sentinel the same
// logs twice: a VPC's flow log, a table's prefix in a bucket. Kept per stack, beside the components
// rather than in them (they are not outputs).
import * as pulumi from "@pulumi/pulumi";
import { getStackResource } from "@pulumi/pulumi/runtime/stack";

const CLAIMS = new WeakMap<object, Map<string, unknown[]>>();
const PROVIDERS = new WeakMap<object, number>();
let providers = 0;

/**
 * The claims of one kind made so far in this program's stack, to which the caller adds its own.
 * Served as a plugin there is no stack resource, and one process may serve several deployments:
 * nothing is shared then (the policy pack checks the stack instead).
 */
export function claims<T>(kind: string): T[] {
    const stack = getStackResource();
    if (stack === undefined) {
        return [];
    }
    const kinds = CLAIMS.get(stack) ?? new Map<string, unknown[]>();
    CLAIMS.set(stack, kinds);
    const list = kinds.get(kind) ?? [];
    kinds.set(kind, list);
    return list as T[];
}

/** A key for the provider a resource of a type would use under a parent (`default` for none). */
export function providerKey(parent: pulumi.Resource, token: string): string {
    const provider = parent.getProvider(token);
    if (provider === undefined) {
        return "default";
    }
    let id = PROVIDERS.get(provider);
    if (id === undefined) {
        id = ++providers;
        PROVIDERS.set(provider, id);
    }
    return `provider-${id}`;
}

/** One VPC's flow log into Sentinel, claimed by a component. */
interface FlowLogClaim {
    readonly key: string;
    readonly owner: string;
}

/**
 * Claims the flow logs of VPCs for a component, refusing a VPC another component of this program
 * already logs with the same AWS provider and region: two flow logs on one VPC that both feed
 * Sentinel record its traffic twice in `AWSVPCFlow`. Returns the problems (none when the VPCs are
 * free).
 */
export function claimFlowLogs(args: {
    readonly owner: string;
    readonly parent: pulumi.Resource;
    readonly vpcs: readonly { readonly vpcId: string; readonly region?: string }[];
    readonly field: string;
}): string[] {
    const taken = claims<FlowLogClaim>("flowLog");
    const provider = providerKey(args.parent, "aws:ec2/flowLog:FlowLog");
    const problems: string[] = [];
    for (const vpc of args.vpcs) {
        const key = `${provider}|${vpc.region ?? ""}|${vpc.vpcId}`;
        const other = taken.find((c) => c.key === key && c.owner !== args.owner);
        if (other) {
            problems.push(
                `\`${args.field}\` lists ${vpc.vpcId}, which ${other.owner} of this program already logs into Sentinel: two flow logs on one VPC send its traffic to AWSVPCFlow twice. Keep the VPC in one of them.`,
            );
        } else {
            taken.push({ key, owner: args.owner });
        }
    }
    return problems;
}

/** A table read from a prefix of an existing bucket, claimed by a hub. */
interface PrefixClaim {
    readonly bucket: string;
    readonly table: string;
    readonly prefix: string;
    readonly connection: string;
    readonly owner: string;
}

/**
 * Claims the prefixes a hub reads from an existing bucket, refusing a table another hub of this
 * program already reads from an overlapping prefix of the same bucket (a classic and a CCF
 * connection of the same flow logs, or two of one kind): the same objects would reach the table
 * twice. Returns the problems.
 */
export function claimPrefixes(args: {
    readonly owner: string;
    readonly bucket: string;
    readonly reads: readonly { table: string; prefix: string; connection: string }[];
}): string[] {
    const taken = claims<PrefixClaim>("prefix");
    const problems: string[] = [];
    for (const read of args.reads) {
        const other = taken.find(
            (c) =>
                c.owner !== args.owner &&
                c.bucket === args.bucket &&
                c.table === read.table &&
                (c.prefix.startsWith(read.prefix) || read.prefix.startsWith(c.prefix)),
        );
        if (other) {
            problems.push(
                `the connection ${read.connection} reads ${read.table} from ${args.bucket}/${read.prefix}, which ${other.owner} of this program already reads into ${read.table} (${other.connection}, ${other.bucket}/${other.prefix}): the same files would be ingested twice. Connect the table from one hub.`,
            );
        } else {
            taken.push({ ...read, bucket: args.bucket, owner: args.owner });
        }
    }
    return problems;
}
