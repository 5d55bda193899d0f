// AWS WAF logs in a hub: a logging configuration for each web ACL given, writing to the WAF bucket
// (the source's own bucket, named `aws-waf-logs-…`), or only the connection, for logging configured
// elsewhere.
import * as wafv2 from "@pulumi/aws/wafv2";
import * as pulumi from "@pulumi/pulumi";
import { Problems, ValidationError } from "../../shared/fields";
import type { HubPart } from "../types";
import type { DeliveryLogsMember } from "../writers/deliveryLogs";
import { WAF_FIELDS } from "./args";
import { parseWebAclArn } from "./facts";

/** The WAF logging the hub creates. */
export type WafLoggingPlan =
    { readonly kind: "create"; readonly webAclArns: readonly string[] } | { readonly kind: "none" };

/** AWS WAF logs' part of the hub's plan. */
export interface WafPlan {
    readonly wafLogging: WafLoggingPlan;
    /** A single-account hub admits WAF's log delivery into the WAF bucket. */
    readonly wafWriter: boolean;
}

/** What the logging gives: the web ACLs whose logging the component configures, by ARN. */
export type WafOutputs = { readonly [webAclArn: string]: pulumi.Output<string> };

/** The regions web ACLs log from (each logging configuration is in its web ACL's region). */
export function webAclRegions(webAclArns: readonly string[]): string[] {
    return [...new Set(webAclArns.map((arn) => parseWebAclArn(arn)?.region ?? ""))].filter(
        (r) => r !== "",
    );
}

/**
 * Creates a logging configuration per web ACL, writing to the WAF bucket (WAF developer guide,
 * "Sending web ACL traffic logs to an Amazon S3 bucket": the destination is the bucket's ARN), in
 * the web ACL's region: a resource's `region`, so one provider serves regional and CloudFront web
 * ACLs. Each web ACL must be of the account the component runs in (WAF logs to a bucket "from the
 * same account as you use to manage the web ACL", or one whose owner admits that account), checked
 * when the account is known.
 */
export function createWafLogging(
    name: string,
    args: {
        readonly subject: string;
        readonly field: string;
        readonly webAclArns: readonly string[];
        readonly bucketArn: pulumi.Input<string>;
        readonly accountId: pulumi.Output<string>;
        readonly partition: pulumi.Output<string>;
        readonly opts: pulumi.CustomResourceOptions;
    },
): WafOutputs {
    return Object.fromEntries(
        args.webAclArns.map((arn) => {
            const acl = parseWebAclArn(arn)!;
            const resourceArn = pulumi
                .all([args.accountId, args.partition])
                .apply(([account, partition]) => {
                    const problems = [
                        ...(acl.accountId === account
                            ? []
                            : [
                                  `${args.field} lists ${arn}, a web ACL of account ${acl.accountId}, but this component runs in account ${account}: WAF logging is configured by the web ACL's own account. List only this account's web ACLs (a SentinelLogSource in the other account logs its own).`,
                              ]),
                        ...(acl.partition === partition
                            ? []
                            : [
                                  `${args.field} lists ${arn}, of partition ${acl.partition}, but this component runs in ${partition}.`,
                              ]),
                    ];
                    if (problems.length > 0) {
                        throw new ValidationError(args.subject, problems);
                    }
                    return arn;
                });
            new wafv2.WebAclLoggingConfiguration(
                `${name}-waf-logging-${acl.scope}-${acl.region}-${acl.name}`,
                {
                    resourceArn,
                    logDestinationConfigs: [args.bucketArn],
                    region: acl.region,
                },
                args.opts,
            );
            // The configuration's ID is the web ACL's ARN (the provider's import ID): the checked
            // ARN, so a refused web ACL also fails the outputs that list it.
            return [arn, resourceArn];
        }),
    );
}

/** AWS WAF logs' part in `AwsSentinelConnection`. */
export const WAF_HUB: HubPart<WafPlan, WafOutputs> = {
    fields: WAF_FIELDS,
    rules(settings, ctx): Problems {
        // A bucket the component creates in a single account receives nothing unless it configures
        // the logging (an organization's log sources write theirs; an existing bucket may already
        // receive WAF's logs).
        return !ctx.organization &&
            settings.webAclArns === undefined &&
            settings.existingBucketName === undefined
            ? [
                  `${ctx.at.key("webAclArns").code} must list the web ACLs to log: the WAF bucket the component creates receives nothing otherwise. Or give ${ctx.at.key("existingBucketName").code}, the \`aws-waf-logs-…\` bucket your web ACLs already log to.`,
              ]
            : [];
    },
    createsExport: (settings, ctx) =>
        settings !== undefined && (!ctx.organization || settings.webAclArns !== undefined),
    plan: (settings, ctx) => ({
        wafLogging: Array.isArray(settings?.webAclArns)
            ? { kind: "create", webAclArns: [...(settings.webAclArns as string[])] }
            : { kind: "none" },
        wafWriter: settings !== undefined && ctx.organization === undefined,
    }),
    admitsWriter: (p) => p.wafWriter,
    wire(p, hub) {
        const logging = p.wafLogging;
        const writer: DeliveryLogsMember | undefined = p.wafWriter
            ? logging.kind === "create"
                ? { regions: webAclRegions(logging.webAclArns) }
                : {}
            : undefined;
        return {
            writer,
            organizationWriter: hub.organization && { folder: hub.folder },
            exports(wiring): WafOutputs {
                if (logging.kind !== "create") {
                    return {};
                }
                return createWafLogging(hub.name, {
                    subject: `AwsSentinelConnection "${hub.name}"`,
                    field: "`logTypes.waf.webAclArns`",
                    webAclArns: logging.webAclArns,
                    bucketArn: wiring.bucketArn,
                    accountId: hub.accountId,
                    partition: hub.partition,
                    opts: { parent: hub.parent, dependsOn: [...wiring.dependsOn] },
                });
            },
        };
    },
};
