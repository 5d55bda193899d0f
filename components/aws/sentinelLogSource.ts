// A log source: the exports of one AWS account (management, GuardDuty administrator or member)
// writing into an organization hub's bucket.
import * as cloudtrail from "@pulumi/aws/cloudtrail";
import * as ec2 from "@pulumi/aws/ec2";
import * as guardduty from "@pulumi/aws/guardduty";
import * as pulumi from "@pulumi/pulumi";
import {
    FLOW_LOG_FILE_FORMAT,
    GUARDDUTY_PUBLISHING_FREQUENCY,
    LOG_DESTINATION_FORMAT,
    LOG_TYPES,
    LogType,
    OPT_IN_REGIONS,
    guardDutyServicePrincipal,
} from "../shared/catalog";
import { FieldPath, Problems, isPlainObject, show, throwIfInvalid } from "../shared/fields";
import { checkFields } from "../shared/fieldChecks";
import { CONTROL_TOWER_BUCKET_PATTERN } from "../shared/patterns";
import { mergeTags } from "../shared/tags";
import { AWS_CONNECTION_DEFAULTS as D } from "./awsSentinelConnectionArgs";
import { defaultTrailName } from "./awsSentinelConnectionPlan";
import { unusedDetectorProblems } from "./awsSentinelConnectionValidation";
import { LogDestinationArgs, SentinelLogSourceArgs } from "./sentinelLogSourceArgs";
import { SENTINEL_LOG_SOURCE_FIELDS } from "./sentinelLogSourceFields";

/** What a log source asks the hub for, by log type. */
function requested(args: Record<string, unknown>): LogType[] {
    return LOG_TYPES.filter((t) => args[t] !== undefined);
}

/**
 * The problems of a destination, as plain data (at construction when it is plain, when it
 * resolves when it is an Output): it must be an organization hub's, connecting what is asked.
 */
export function destinationProblems(
    destination: unknown,
    wanted: readonly LogType[],
    organizationTrail: boolean,
    guardDutyRegions: readonly string[] = [],
): Problems {
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
    const problems: Problems = [];
    if (destination.organizationId === undefined) {
        problems.push(
            `${at.code} is a hub of a single account: log sources write into an organization hub, whose policies admit every account of the organization. Give the hub \`organization: { organizationId }\`${organizationTrail ? " (an organization trail needs it)" : ""}.`,
        );
    }
    if (wanted.includes("guardDuty") && destination.keyArn === undefined) {
        problems.push(
            `${at.key("keyArn").code} is missing: GuardDuty exports only to a bucket with a KMS key (GuardDuty user guide, "Exporting generated findings"). Use the hub's \`logDestination\`, whose key the hub creates when it connects \`guardDuty\`.`,
        );
    }
    if (
        wanted.includes("cloudTrail") &&
        !organizationTrail &&
        Array.isArray(destination.cloudTrailAccountIds)
    ) {
        problems.push(
            `${FieldPath.root().key("cloudTrail").key("organizationTrail").code} is false, but the hub lists \`organization.accountIds\`: its CloudTrail notification then covers only the organization trail's folder of each listed account, and an account trail writes under \`AWSLogs/<account>/CloudTrail/\`, which no notification covers. Create the organization trail (\`organizationTrail: true\`), or leave \`accountIds\` out on the hub.`,
        );
    }
    const admitted = Array.isArray(destination.guardDutyOptInRegions)
        ? destination.guardDutyOptInRegions
        : [];
    for (const region of guardDutyRegions.filter(
        (r) => OPT_IN_REGIONS.includes(r) && !admitted.includes(r),
    )) {
        problems.push(
            `GuardDuty in ${show(region)} (${FieldPath.root().key("guardDuty").key("regions").code}) writes as ${guardDutyServicePrincipal(region)}, which the hub's bucket and key policies do not admit: add ${show(region)} to the hub's \`organization.regions\`.`,
        );
    }
    const prefixes = isPlainObject(destination.keyPrefixes) ? destination.keyPrefixes : {};
    for (const t of wanted.filter((t) => prefixes[t] === undefined)) {
        problems.push(
            `\`${t}\` is asked of a hub that does not connect it: add \`logTypes.${t}\` on the hub (it then makes the queue, notification and role grants for every account's ${t}).`,
        );
    }
    return problems;
}

/** The GuardDuty regions asked for, where they are a list of strings. */
function gdRegions(raw: Record<string, unknown>): string[] {
    const regions = isPlainObject(raw.guardDuty) ? raw.guardDuty.regions : undefined;
    return Array.isArray(regions) ? regions.filter((r) => typeof r === "string") : [];
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
    const wanted = requested(raw);
    if (wanted.length === 0) {
        problems.push(
            'a log source must export at least one log type: set `cloudTrail`, `vpcFlowLogs` or `guardDuty` (for example `guardDuty: { regions: ["eu-west-1"] }`).',
        );
    }
    const vpcs =
        isPlainObject(raw.vpcFlowLogs) && Array.isArray(raw.vpcFlowLogs.vpcs)
            ? raw.vpcFlowLogs.vpcs
            : [];
    const ids = vpcs
        .map((v) => (isPlainObject(v) ? v.vpcId : undefined))
        .filter((v) => typeof v === "string");
    for (const id of [...new Set(ids.filter((v, i) => ids.indexOf(v) !== i))]) {
        problems.push(
            `${at.key("vpcFlowLogs").key("vpcs").code} lists ${show(id)} more than once; list each VPC once.`,
        );
    }
    if (isPlainObject(raw.guardDuty)) {
        problems.push(...unusedDetectorProblems(raw.guardDuty, at.key("guardDuty")));
    }
    const organizationTrail =
        isPlainObject(raw.cloudTrail) && raw.cloudTrail.organizationTrail === true;
    if (isPlainObject(raw.destination) && !pulumi.Output.isInstance(raw.destination)) {
        // A destination written out here, or a hub of this program (its `format` is plain).
        if (typeof raw.destination.format === "string" || notAHubs) {
            problems.push(
                ...destinationProblems(raw.destination, wanted, organizationTrail, gdRegions(raw)),
            );
        }
    }
    return problems;
}

/**
 * The exports of one AWS account writing into an organization hub: an organization trail (from the
 * management account or CloudTrail's delegated administrator) or an account trail, flow logs of
 * VPCs in any region, and GuardDuty exports per region (from GuardDuty's delegated administrator,
 * whose export then carries every member's findings with `autoEnable`). Created with the provider
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

    constructor(name: string, args: SentinelLogSourceArgs, opts?: pulumi.ComponentResourceOptions) {
        const subject = `SentinelLogSource "${name}"`;
        throwIfInvalid(subject, validateSentinelLogSourceArgs(args));
        super(SentinelLogSource.TYPE, name, {}, opts);
        const tags = mergeTags(args.tags);
        const parent = { parent: this };
        const kept = { parent: this, retainOnDelete: args.retainOnDelete ?? true };
        const wanted = requested(args as unknown as Record<string, unknown>);
        // A destination from another stack resolves later: its problems fail the deployment (or the
        // preview, when it is known then) with the same messages.
        const destination = pulumi.output(args.destination).apply((d) => {
            throwIfInvalid(
                subject,
                destinationProblems(
                    d,
                    wanted,
                    args.cloudTrail?.organizationTrail === true,
                    args.guardDuty?.regions ?? [],
                ),
            );
            return d as pulumi.Unwrap<LogDestinationArgs>;
        });
        const folder = (t: LogType) => destination.apply((d) => d.keyPrefixes[t] ?? "");

        const trail = args.cloudTrail;
        this.trailArn = trail
            ? new cloudtrail.Trail(
                  `${name}-trail`,
                  {
                      name: trail.trailName ?? defaultTrailName(name, pulumi.getStack()),
                      s3BucketName: destination.bucketName,
                      // CloudTrail takes the folder without its trailing slash (CreateTrail S3KeyPrefix).
                      s3KeyPrefix: folder("cloudTrail").apply(
                          (p) => p.replace(/\/$/, "") || undefined,
                      ),
                      isOrganizationTrail: trail.organizationTrail ?? false,
                      isMultiRegionTrail: true,
                      includeGlobalServiceEvents:
                          trail.includeGlobalServiceEvents ?? D.includeGlobalServiceEvents,
                      enableLogFileValidation: true,
                      enableLogging: true,
                      kmsKeyId: destination.apply((d) => (d.bucketUsesKey ? d.keyArn : undefined)),
                      eventSelectors: [
                          {
                              readWriteType: trail.managementEvents ?? D.managementEvents,
                              includeManagementEvents: true,
                          },
                      ],
                      tags,
                  },
                  parent,
              ).arn
            : undefined;

        const flow = args.vpcFlowLogs;
        this.flowLogIds = Object.fromEntries(
            (flow?.vpcs ?? []).map((vpc) => [
                vpc.vpcId,
                new ec2.FlowLog(
                    `${name}-flow-log-${vpc.vpcId}`,
                    {
                        vpcId: vpc.vpcId,
                        region: vpc.region,
                        trafficType: flow?.trafficType ?? D.flowLogTrafficType,
                        logDestinationType: "s3",
                        // VPC user guide, "Create a flow log that publishes to Amazon S3":
                        // arn:aws:s3:::bucket/folder/ (the folder with its trailing slash).
                        logDestination: pulumi.interpolate`${destination.bucketArn}/${folder("vpcFlowLogs")}`,
                        logFormat: flow?.logFormat,
                        maxAggregationInterval:
                            flow?.maxAggregationInterval ?? D.flowLogAggregationSeconds,
                        destinationOptions: {
                            fileFormat: FLOW_LOG_FILE_FORMAT,
                            hiveCompatiblePartitions: false,
                            perHourPartition: false,
                        },
                        tags: { ...tags, Name: `${name}-${vpc.vpcId}` },
                    },
                    parent,
                ).id,
            ]),
        );

        const gd = args.guardDuty;
        const detectors = (gd?.regions ?? []).map((region) => {
            const existing = gd?.existingDetectorIds?.[region];
            const id =
                existing !== undefined
                    ? pulumi.output(existing)
                    : new guardduty.Detector(
                          `${name}-guardduty-detector-${region}`,
                          {
                              enable: true,
                              findingPublishingFrequency: GUARDDUTY_PUBLISHING_FREQUENCY,
                              region,
                              tags,
                          },
                          kept,
                      ).id;
            // The hub writes the folder object GuardDuty checks for; the destination ends in "/".
            new guardduty.PublishingDestination(
                `${name}-guardduty-export-${region}`,
                {
                    detectorId: id,
                    destinationType: "S3",
                    destinationArn: pulumi.interpolate`${destination.bucketArn}/${folder("guardDuty")}`,
                    kmsKeyArn: destination.apply((d) => d.keyArn ?? ""),
                    region,
                },
                parent,
            );
            if (gd?.autoEnable !== undefined) {
                // GuardDuty API reference, UpdateOrganizationConfiguration: in the delegated
                // administrator, which members are enabled automatically in this region.
                new guardduty.OrganizationConfiguration(
                    `${name}-guardduty-organization-${region}`,
                    { detectorId: id, autoEnableOrganizationMembers: gd.autoEnable, region },
                    parent,
                );
            }
            return { region, id };
        });
        this.detectorIds = pulumi
            .all(detectors.map((d) => d.id))
            .apply((ids) => Object.fromEntries(detectors.map((d, i) => [d.region, ids[i]])));

        this.registerOutputs({
            trailArn: this.trailArn,
            detectorIds: this.detectorIds,
            flowLogIds: this.flowLogIds,
        });
    }
}
