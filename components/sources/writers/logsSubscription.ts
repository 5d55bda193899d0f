// The CloudWatch Logs subscription writer: one subscription filter per log group into a Firehose
// stream the package owns, which decompresses the subscription's records, keeps their messages and
// writes them one per line as gzip objects under a source's folder of the bucket. Shared by the
// sources whose logs live in CloudWatch Logs (CloudWatch Logs itself, EKS audit logs): the
// delivering service is CloudWatch Logs with a role, then Firehose with its own.
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, Text, document, documentJson, join } from "../../aws/documents/common";
import type { HubWiring, LogSourceWiring, WiredSource } from "../types";
import {
    FirehoseOrganizationWriter,
    FirehoseToS3Args,
    FirehoseWriter,
    WRITER_ROLE_PATH,
    createFirehoseRole,
    createFirehoseToS3,
    writerName,
    writerRoleArn,
} from "./firehose";
import { LOGS_SUBSCRIPTION_PROCESSORS, SUBSCRIPTION_ROLE_ACTIONS } from "./logsSubscriptionFacts";

export * from "./logsSubscriptionFacts";

/**
 * The trust of the role CloudWatch Logs assumes to put a subscription's records into Firehose: the
 * regional CloudWatch Logs principal (CloudWatch Logs user guide, "Subscription filters with Amazon
 * Data Firehose"), bound to the log groups of the account and region by `aws:SourceArn` (CloudWatch
 * Logs user guide, "Confused deputy prevention": "We recommend using the aws:SourceArn or
 * aws:SourceAccount global condition context keys"; its Firehose example's form `StringLike`
 * `arn:aws:logs:region:accountId:*`).
 */
export function subscriptionTrustPolicy<T extends Text>(args: {
    readonly partition: T;
    readonly region: T;
    readonly accountId: T;
}): PolicyDocument<T | string> {
    return document<T>([
        {
            Effect: "Allow",
            Principal: { Service: join<T>("logs.", args.region, ".amazonaws.com") },
            Action: "sts:AssumeRole",
            Condition: {
                StringLike: {
                    "aws:SourceArn": join<T>(
                        "arn:",
                        args.partition,
                        ":logs:",
                        args.region,
                        ":",
                        args.accountId,
                        ":*",
                    ),
                },
            },
        },
    ]);
}

/** The policy of a subscription's role: put records into its one stream, nothing else. */
export function subscriptionRolePolicy<T extends Text>(streamArn: T): PolicyDocument<T | string> {
    return document<T>([
        {
            Sid: "PutIntoTheStream",
            Effect: "Allow",
            Action: [...SUBSCRIPTION_ROLE_ACTIONS],
            Resource: streamArn,
        },
    ]);
}

/** One log group's subscription. */
export interface LogGroupSubscription {
    /** Names the filter resource (stable: the log group's name, or a cluster's). */
    readonly key: string;
    /** The log group (an Output when it is known only after a check, such as a cluster's). */
    readonly logGroupName: pulumi.Input<string>;
    /** The filter's name: the package's own, or an existing filter taken over knowingly. */
    readonly filterName: string;
}

/** Where a subscription-fed pipeline writes, what it subscribes, and who it runs as. */
export interface LogsPipelineArgs extends Omit<
    FirehoseToS3Args,
    "streamName" | "prefix" | "errorPrefix" | "processors"
> {
    readonly streamName: string;
    /** The subscription role's name. */
    readonly subscriptionRoleName: string;
    /** The folder in front of `AWSLogs/`. */
    readonly folder: pulumi.Input<string>;
    /** The folder Firehose writes under, after `AWSLogs/<account>/`. */
    readonly segment: string;
    /** The folder of records Firehose could not deliver, beside `segment` (outside its notification). */
    readonly errorSegment: string;
    /** Which events leave each log group (CloudWatch Logs filter pattern syntax; `""`: all). */
    readonly filterPattern: pulumi.Input<string>;
    readonly subscriptions: readonly LogGroupSubscription[];
}

/** What a pipeline gives: its stream's ARN and each subscription's filter name, by key. */
export interface LogsPipeline {
    readonly deliveryStreamArn: pulumi.Output<string>;
    readonly filterNames: { readonly [key: string]: pulumi.Output<string> };
}

/**
 * Creates the pipeline: the Firehose stream (`createFirehoseToS3` with the subscription
 * processors) writing `<folder>AWSLogs/<account>/<segment>/` (Firehose then adds `YYYY/MM/dd/HH/`),
 * the role CloudWatch Logs puts records with, and one subscription filter per log group.
 */
export function createLogsPipeline(name: string, a: LogsPipelineArgs): LogsPipeline {
    const prefix = pulumi.interpolate`${a.folder}AWSLogs/${a.accountId}/${a.segment}/`;
    const errorPrefix = pulumi.interpolate`${a.folder}AWSLogs/${a.accountId}/${a.errorSegment}/!{firehose:error-output-type}/`;
    const firehose = createFirehoseToS3(name, {
        ...a,
        prefix,
        errorPrefix,
        processors: LOGS_SUBSCRIPTION_PROCESSORS,
    });
    const role = new iam.Role(
        `${name}-subscription-role`,
        {
            name: a.subscriptionRoleName,
            path: WRITER_ROLE_PATH,
            description:
                "Lets CloudWatch Logs put subscribed log events into their Firehose stream, for Microsoft Sentinel.",
            assumeRolePolicy: documentJson(
                subscriptionTrustPolicy({
                    partition: pulumi.output(a.partition),
                    region: pulumi.output(a.streamRegion),
                    accountId: pulumi.output(a.accountId),
                }),
            ),
            tags: a.tags,
        },
        { parent: a.parent },
    );
    // "To perform a PutSubscriptionFilter operation for any destination except a Lambda function,
    // you must also have the iam:PassRole permission" (CloudWatch Logs API reference): the role is
    // passed with its policy in place, so CloudWatch Logs' test record reaches the stream.
    const policy = new iam.RolePolicy(
        `${name}-subscription-role-policy`,
        {
            role: role.name,
            name: "PutIntoTheStream",
            policy: documentJson(subscriptionRolePolicy(firehose.streamArn)),
        },
        { parent: a.parent },
    );
    const filterNames = Object.fromEntries(
        a.subscriptions.map((s) => {
            const filter = new cloudwatch.LogSubscriptionFilter(
                `${name}-subscription-${s.key}`,
                {
                    name: s.filterName,
                    logGroup: s.logGroupName,
                    filterPattern: a.filterPattern,
                    // The stream's ARN from its name, known before it exists (a preview's
                    // policy checks compare it with the role's grant); created after it.
                    destinationArn: firehose.streamArn,
                    roleArn: role.arn,
                    region: a.region,
                },
                { parent: a.parent, dependsOn: [policy, firehose.stream] },
            );
            return [s.key, filter.name];
        }),
    );
    return { deliveryStreamArn: firehose.stream.arn.apply((arn) => arn), filterNames };
}

/** What a source delivered by subscription fixes about its pipelines. */
export interface SubscriptionSourceFacts {
    /** Names its resources (`<name>-<resourceName>-…`). */
    readonly resourceName: string;
    /** The name prefix of its Firehose roles, which an organization hub admits by it. */
    readonly rolePrefix: string;
    /** The name prefix of the roles CloudWatch Logs puts records with. */
    readonly subscriptionRolePrefix: string;
    readonly segment: string;
    readonly errorSegment: string;
}

/** A log group to subscribe, keyed stably, with the filter to take over if any. */
export interface PlannedLogGroup {
    /** Names the filter resource and its `logExports` entry. */
    readonly key: string;
    readonly logGroupName: string;
    /** An existing filter taken over knowingly; otherwise the package's own. */
    readonly adopted?: string;
}

/** The base of the package's own filter names (unique per project, stack and component). */
export const PACKAGE_FILTER_NAME = "sentinel-aws-s3";

/** Names a pipeline's resources: unique per project, stack, component and region. */
function names(source: SubscriptionSourceFacts, scope: string, region: string | undefined) {
    const suffix = region === undefined ? "" : `-${region}`;
    return {
        suffix,
        streamName: (name: string) => writerName(`${name}-${source.resourceName}${suffix}`, scope),
        firehoseRole: writerName(`${source.rolePrefix}${suffix}`, scope),
        subscriptionRole: writerName(`${source.subscriptionRolePrefix}${suffix}`, scope),
        filter: writerName(PACKAGE_FILTER_NAME, scope, 512),
    };
}

/** The component's scope, which its writers' names derive from. */
export function writerScope(name: string): string {
    return `${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
}

/**
 * The log group a subscription names, once what the source checks of it holds (a cluster must log
 * its audit events there); the log group's name as given when the source checks nothing.
 */
export type LogGroupCheck = (
    group: PlannedRegionalLogGroup,
    parent: pulumi.Resource,
) => pulumi.Input<string>;

/**
 * A hub's own subscriptions, wired: its Firehose role created before the key policy that grants it
 * (a single-account hub), and, in an organization hub, every account's roles of the source admitted;
 * the pipeline created after the bucket policy and key.
 */
export function wireHubSubscriptions(
    source: SubscriptionSourceFacts,
    planned:
        | { readonly logGroups: readonly PlannedLogGroup[]; readonly filterPattern: string }
        | undefined,
    hub: HubWiring,
    check: LogGroupCheck = (g) => g.logGroupName,
): WiredSource<{ [name: string]: pulumi.Output<string> }> {
    const scope = writerScope(hub.name);
    const n = names(source, scope, undefined);
    const organizationWriter: FirehoseOrganizationWriter | undefined = hub.organization && {
        folder: hub.folder,
        rolePrefix: source.rolePrefix,
    };
    const role = planned
        ? createFirehoseRole(`${hub.name}-${source.resourceName}`, {
              roleName: n.firehoseRole,
              accountId: hub.accountId,
              tags: hub.tags,
              parent: hub.parent,
          })
        : undefined;
    const writer: FirehoseWriter | undefined = role && {
        roleArn: writerRoleArn(hub.partition, hub.accountId, role),
        sid: `${source.rolePrefix}Encrypts`,
    };
    return {
        writer,
        organizationWriter,
        exports(wiring) {
            if (!planned || !role) {
                return {};
            }
            const pipeline = createLogsPipeline(`${hub.name}-${source.resourceName}`, {
                streamName: n.streamName(hub.name),
                subscriptionRoleName: n.subscriptionRole,
                role,
                bucketArn: wiring.bucketArn,
                folder: hub.folder,
                segment: source.segment,
                errorSegment: source.errorSegment,
                accountId: hub.accountId,
                partition: hub.partition,
                streamRegion: hub.region,
                bucketRegion: hub.region,
                crossAccount: false,
                filterPattern: planned.filterPattern,
                subscriptions: planned.logGroups.map((g) => ({
                    key: g.key,
                    logGroupName: check(g, hub.parent),
                    filterName: g.adopted ?? n.filter,
                })),
                tags: hub.tags,
                parent: hub.parent,
                dependsOn: wiring.dependsOn,
            });
            return { deliveryStreamArn: pipeline.deliveryStreamArn, ...pipeline.filterNames };
        },
    };
}

/** A log source's log group, in its region (undefined: the provider's). */
export interface PlannedRegionalLogGroup extends PlannedLogGroup {
    readonly region?: string;
}

/**
 * A log source's subscriptions: per region a Firehose stream writing into the hub's folder of the
 * source (across accounts: `s3:PutObjectAcl`, and the hub's key granted by the role's own policy
 * too), its roles, and each of the region's log groups subscribed. Outputs: `deliveryStreamArn`
 * (`deliveryStreamArn-<region>` for an explicit region) and each log group's filter name by key.
 */
export function createLogSourceSubscriptions(
    source: SubscriptionSourceFacts,
    logGroups: readonly PlannedRegionalLogGroup[],
    filterPattern: string,
    w: LogSourceWiring,
    check: LogGroupCheck = (g) => g.logGroupName,
): { [name: string]: pulumi.Output<string> } {
    const scope = writerScope(w.name);
    const byRegion = new Map<string | undefined, PlannedRegionalLogGroup[]>();
    for (const g of logGroups) {
        byRegion.set(g.region, [...(byRegion.get(g.region) ?? []), g]);
    }
    const providerRegion = [...byRegion.keys()].includes(undefined)
        ? getRegionOutput({}, { parent: w.parent }).region
        : undefined;
    const outputs: { [name: string]: pulumi.Output<string> } = {};
    for (const [region, groups] of byRegion) {
        const n = names(source, scope, region);
        const base = `${w.name}-${source.resourceName}${n.suffix}`;
        const role = createFirehoseRole(base, {
            roleName: n.firehoseRole,
            accountId: w.accountId,
            tags: w.tags,
            parent: w.parent,
        });
        const pipeline = createLogsPipeline(base, {
            streamName: n.streamName(w.name),
            subscriptionRoleName: n.subscriptionRole,
            role,
            bucketArn: w.destination.bucketArn,
            folder: w.folder,
            segment: source.segment,
            errorSegment: source.errorSegment,
            accountId: w.accountId,
            partition: w.partition,
            region,
            streamRegion: region ?? (providerRegion as pulumi.Output<string>),
            bucketRegion: w.destination.region,
            bucketKeyArn: w.destination.apply((d) => d.keyArn ?? ""),
            bucketUsesKey: w.destination.apply((d) => d.bucketUsesKey && d.keyArn !== undefined),
            crossAccount: true,
            filterPattern,
            subscriptions: groups.map((g) => ({
                key: g.key,
                logGroupName: check(g, w.parent),
                filterName: g.adopted ?? n.filter,
            })),
            tags: w.tags,
            parent: w.parent,
            dependsOn: [],
        });
        outputs[`deliveryStreamArn${n.suffix}`] = pipeline.deliveryStreamArn;
        Object.assign(outputs, pipeline.filterNames);
    }
    return outputs;
}
