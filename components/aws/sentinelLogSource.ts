// A log source: the exports of one AWS account (management, GuardDuty administrator or member)
// writing into an organization hub's bucket.
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import * as pulumi from "@pulumi/pulumi";
import { LOG_DESTINATION_FORMAT } from "../shared/connector";
import { FieldPath, Problems, isPlainObject, show, throwIfInvalid } from "../shared/fields";
import { checkFields } from "../shared/fieldChecks";
import { CONTROL_TOWER_BUCKET_PATTERN } from "../shared/patterns";
import { mergeTags } from "../shared/tags";
import { ALL_SOURCES, SourceOutputs, sourceOf } from "../sources";
import { LOG_TYPES, LogType } from "../sources/catalog";
import type { Destination, Raw } from "../sources/types";
import { resolvedExports } from "./awsSentinelConnection";
import { SentinelLogSourceArgs } from "./sentinelLogSourceArgs";
import { SENTINEL_LOG_SOURCE_FIELDS } from "./sentinelLogSourceFields";

/** What a log source asks the hub for, by log type. */
function requested(args: Raw): LogType[] {
    return LOG_TYPES.filter((t) => args[t] !== undefined);
}

/**
 * The problems of a destination, as plain data (at construction when it is plain, when it
 * resolves when it is an Output): it must be an organization hub's, connecting what is asked, and
 * admitting what each source's settings need.
 */
export function destinationProblems(destination: unknown, args: Raw): Problems {
    const at = FieldPath.root().key("destination");
    if (!isPlainObject(destination) || destination.format !== LOG_DESTINATION_FORMAT) {
        return [
            `${at.code} must be an AwsSentinelConnection hub's \`logDestination\` (the hub's output, or its stack's output through a StackReference); got ${show(destination)}.`,
        ];
    }
    if (
        typeof destination.bucketName === "string" &&
        CONTROL_TOWER_BUCKET_PATTERN.test(destination.bucketName)
    ) {
        // AWS Control Tower's mandatory controls deny changes to the log archive bucket's policy,
        // so it admits no writer but Control Tower's own trail and AWS Config.
        return [
            `${at.code} is Control Tower's log archive (${destination.bucketName}), whose bucket policy admits only Control Tower's own writers and cannot be changed: write into a hub bucket of your own (an AwsSentinelConnection hub with \`organization\` and no \`controlTower\`).`,
        ];
    }
    const wanted = requested(args);
    const problems: Problems = [];
    if (destination.organizationId === undefined) {
        const reasons = wanted.flatMap((t) => {
            const settings = args[t];
            const reason = isPlainObject(settings)
                ? sourceOf(t).logSource.organizationReason?.(settings)
                : undefined;
            return reason ? [reason] : [];
        });
        problems.push(
            `${at.code} is a hub of a single account: log sources write into an organization hub, whose policies admit every account of the organization. Give the hub \`organization: { organizationId }\`${reasons.length > 0 ? ` (${reasons.join("; ")})` : ""}.`,
        );
    }
    for (const t of wanted) {
        const settings = args[t];
        if (isPlainObject(settings)) {
            problems.push(
                ...(sourceOf(t).logSource.destinationProblems?.(
                    destination,
                    settings,
                    FieldPath.root().key(t),
                    at,
                ) ?? []),
            );
        }
    }
    const prefixes = isPlainObject(destination.keyPrefixes) ? destination.keyPrefixes : {};
    for (const t of wanted.filter((t) => prefixes[t] === undefined)) {
        problems.push(
            `\`${t}\` is asked of a hub that does not connect it: add \`logTypes.${t}\` on the hub (it then makes the queue, notification and role grants for every account's ${t}).`,
        );
    }
    return problems;
}

/** Checks `SentinelLogSourceArgs` and returns every problem found. */
export function validateSentinelLogSourceArgs(args: SentinelLogSourceArgs): Problems {
    const raw: unknown = args;
    if (!isPlainObject(raw)) {
        return [
            `the arguments must be an object with \`destination\` and at least one log type; got ${show(raw)}.`,
        ];
    }
    const at = FieldPath.root();
    const notAHubs =
        isPlainObject(raw.destination) &&
        !pulumi.Output.isInstance(raw.destination) &&
        raw.destination.format !== LOG_DESTINATION_FORMAT;
    // A destination that is no hub's gets one message saying what to pass, not one per member.
    const problems = checkFields(at, SENTINEL_LOG_SOURCE_FIELDS, raw).filter(
        (p) => !notAHubs || !p.startsWith("`destination."),
    );
    if (requested(raw).length === 0) {
        problems.push(
            `a log source must export at least one log type: set ${LOG_TYPES.map((t) => `\`${t}\``)
                .join(", ")
                .replace(
                    /, ([^,]*)$/,
                    " or $1",
                )} (for example \`guardDuty: { regions: ["eu-west-1"] }\`).`,
        );
    }
    for (const source of ALL_SOURCES) {
        const settings = raw[source.key];
        if (isPlainObject(settings)) {
            problems.push(...(source.logSource.rules?.(settings, at.key(source.key)) ?? []));
        }
    }
    if (isPlainObject(raw.destination) && !pulumi.Output.isInstance(raw.destination)) {
        // A destination written out here, or a hub of this program (its `format` is plain).
        if (typeof raw.destination.format === "string" || notAHubs) {
            problems.push(...destinationProblems(raw.destination, raw));
        }
    }
    return problems;
}

/**
 * The exports of one AWS account writing into an organization hub: an organization trail (from the
 * management account or CloudTrail's delegated administrator) or an account trail, flow logs of
 * VPCs in any region, and GuardDuty exports per region (from GuardDuty's delegated administrator,
 * whose export then carries every member's findings with `autoEnable`), among others its web ACLs'
 * WAF logging into the hub's WAF bucket and its buckets' access logging into a target bucket per
 * region, replicated into the hub's (every source of the registry). Created with the provider
 * of that account: `new SentinelLogSource(name, { destination: hub.logDestination, … }, { provider })`.
 *
 * @example
 * ```ts
 * new SentinelLogSource("security", {
 *     destination: hub.logDestination,
 *     guardDuty: { regions: ["eu-west-1", "us-east-1"], autoEnable: "ALL" },
 * }, { provider: securityAccount });
 * ```
 */
export class SentinelLogSource extends pulumi.ComponentResource {
    /** The component's type token. */
    static readonly TYPE = "sentinel-aws-s3:index:SentinelLogSource";

    /** The ARN of the trail it creates, when it creates one. */
    public readonly trailArn: pulumi.Output<string> | undefined;
    /** The GuardDuty detector IDs exporting to the hub, by region. */
    public readonly detectorIds: pulumi.Output<{ [region: string]: string }>;
    /** The flow logs' IDs by VPC ID. */
    public readonly flowLogIds: { [vpcId: string]: pulumi.Output<string> };
    /** What each source's exports gave, by log type (IDs and ARNs, as the hub's `logExports`). */
    public readonly logExports: pulumi.Output<{ [logType: string]: { [name: string]: string } }>;

    constructor(name: string, args: SentinelLogSourceArgs, opts?: pulumi.ComponentResourceOptions) {
        const subject = `SentinelLogSource "${name}"`;
        throwIfInvalid(subject, validateSentinelLogSourceArgs(args));
        super(SentinelLogSource.TYPE, name, {}, opts);
        const raw = args as unknown as Raw;
        const tags = mergeTags(args.tags);
        const kept = { parent: this, retainOnDelete: args.retainOnDelete ?? true };
        // A destination from another stack resolves later: its problems fail the deployment (or the
        // preview, when it is known then) with the same messages.
        const destination = pulumi.output(args.destination).apply((d) => {
            throwIfInvalid(subject, destinationProblems(d, raw));
            return d as unknown as Destination;
        });
        const wanted = requested(raw);
        const own = wanted.some((t) => sourceOf(t).logSource.needsOwnAccount)
            ? {
                  accountId: getCallerIdentityOutput({}, { parent: this }).accountId,
                  partition: getPartitionOutput({}, { parent: this }).partition,
              }
            : { accountId: pulumi.output(""), partition: pulumi.output("") };
        const exported = Object.fromEntries(
            wanted.map((t) => [
                t,
                sourceOf(t).logSource.create(raw[t], {
                    name,
                    ...own,
                    destination,
                    folder: destination.apply((d) => d.keyPrefixes[t] ?? ""),
                    tags,
                    parent: this,
                    kept,
                }),
            ]),
        ) as SourceOutputs;
        this.logExports = resolvedExports(exported);
        this.trailArn = exported.cloudTrail?.trailArn;
        this.flowLogIds = exported.vpcFlowLogs ?? {};
        this.detectorIds = exported.guardDuty ?? pulumi.output<Record<string, string>>({});

        this.registerOutputs({
            trailArn: this.trailArn,
            detectorIds: this.detectorIds,
            flowLogIds: this.flowLogIds,
            logExports: this.logExports,
        });
    }
}
