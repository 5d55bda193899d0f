// Route 53 Resolver query logs in a hub: a query logging configuration writing to the bucket, and
// its association with each VPC given; or only the connection, for a configuration made elsewhere.
import * as route53 from "@pulumi/aws/route53";
import * as pulumi from "@pulumi/pulumi";
import type { HubPart, HubWiring } from "../types";
import { ROUTE53_RESOLVER_FIELDS } from "./args";

/** The query logging the hub creates, when it creates one. */
export type QueryLoggingPlan =
    | { readonly kind: "create"; readonly vpcIds: readonly string[] }
    /** A configuration made elsewhere writes to the bucket: only the connection, and its writer admitted. */
    | { readonly kind: "external" }
    | { readonly kind: "none" };

/** Route 53 Resolver query logs' part of the hub's plan. */
export interface Route53ResolverPlan {
    readonly resolverQueryLogging: QueryLoggingPlan;
}

/** What the query logging gives: the configuration's ID, and each VPC's association ID by VPC ID. */
export type Route53ResolverOutputs = { readonly [name: string]: pulumi.Output<string> };

/**
 * A configuration's name: 1-64 letters, digits, `-`, `_` and spaces (CloudFormation
 * AWS::Route53Resolver::ResolverQueryLoggingConfig `Name`; the API requires one).
 */
export function queryLogConfigName(base: string): string {
    return `${base}-resolver-query-logs`.replace(/[^A-Za-z0-9_ -]/g, "-").slice(0, 64);
}

/**
 * The destination of a configuration writing into `folder` of the bucket: the bucket ARN, or the
 * bucket ARN with the folder appended (Route 53 API reference, CreateResolverQueryLogConfig
 * DestinationArn: "You can optionally append a file prefix to the end of the ARN",
 * `arn:aws:s3:::amzn-s3-demo-bucket/development/`); Resolver writes `<folder>AWSLogs/<account>/…`.
 */
export function queryLogDestination(
    bucketArn: pulumi.Input<string>,
    folder: pulumi.Input<string>,
): pulumi.Output<string> {
    return pulumi.all([bucketArn, folder]).apply(([arn, f]) => (f === "" ? arn : `${arn}/${f}`));
}

/**
 * Creates a query logging configuration writing to the bucket and associates each VPC (the VPCs
 * and the configuration must be in the same region: Route 53 developer guide, "Managing Resolver
 * query logging configurations").
 */
export function createQueryLogging(
    name: string,
    args: {
        readonly vpcIds: readonly string[];
        readonly destinationArn: pulumi.Input<string>;
        readonly region?: string;
        readonly tags: Record<string, string>;
        readonly opts: pulumi.CustomResourceOptions;
    },
): Route53ResolverOutputs {
    const suffix = args.region === undefined ? "" : `-${args.region}`;
    const config = new route53.ResolverQueryLogConfig(
        `${name}-resolver-query-logs${suffix}`,
        {
            name: queryLogConfigName(`${name}${suffix}`),
            destinationArn: args.destinationArn,
            region: args.region,
            tags: args.tags,
        },
        args.opts,
    );
    return {
        [args.region === undefined ? "queryLogConfigId" : `queryLogConfigId-${args.region}`]:
            config.id,
        ...Object.fromEntries(
            args.vpcIds.map((vpcId) => [
                vpcId,
                new route53.ResolverQueryLogConfigAssociation(
                    `${name}-resolver-query-logs-${vpcId}`,
                    {
                        resolverQueryLogConfigId: config.id,
                        resourceId: vpcId,
                        region: args.region,
                    },
                    args.opts,
                ).id,
            ]),
        ),
    };
}

/** Route 53 Resolver query logs' part in `AwsSentinelConnection`. */
export const ROUTE53_RESOLVER_HUB: HubPart<Route53ResolverPlan, Route53ResolverOutputs> = {
    fields: ROUTE53_RESOLVER_FIELDS,
    rules: () => [],
    // The hub's log delivery is admitted for a configuration of its own or one made elsewhere
    // that writes to the bucket (bound to the account and region, as for flow logs).
    createsExport: (settings, ctx) =>
        settings !== undefined && (!ctx.organization || settings.vpcIds !== undefined),
    plan: (settings, ctx) => ({
        resolverQueryLogging:
            settings === undefined
                ? { kind: "none" }
                : Array.isArray(settings.vpcIds)
                  ? { kind: "create", vpcIds: [...(settings.vpcIds as string[])] }
                  : ctx.organization
                    ? { kind: "none" }
                    : { kind: "external" },
    }),
    admitsWriter: (p) => p.resolverQueryLogging.kind !== "none",
    wire(p, hub: HubWiring) {
        const logging = p.resolverQueryLogging;
        return {
            writer: logging.kind !== "none" ? {} : undefined,
            organizationWriter: hub.organization && { folder: hub.folder },
            exports(wiring): Route53ResolverOutputs {
                if (logging.kind !== "create") {
                    return {};
                }
                return createQueryLogging(hub.name, {
                    vpcIds: logging.vpcIds,
                    destinationArn: queryLogDestination(wiring.bucketArn, hub.folder),
                    tags: hub.tags,
                    opts: { parent: hub.parent, dependsOn: [...wiring.dependsOn] },
                });
            },
        };
    },
};
