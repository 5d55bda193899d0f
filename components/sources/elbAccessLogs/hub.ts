// ELB access logs in a hub. Access logging is an attribute of the load balancer, part of the
// `aws.lb.LoadBalancer` its own program owns (pulumi-aws has no separate resource for a load
// balancer's attributes, and a second owner of the attribute would be undone by the first one's
// next update). So the hub makes the path ready (bucket policy for the region's writers, queues,
// notifications, connections) and hands off: it outputs, per load balancer given, the bucket and
// prefix to set in that load balancer's `accessLogs`, checks the ARNs before anything is created,
// and the doctor checks each load balancer's attributes.
import * as pulumi from "@pulumi/pulumi";
import { Problems, ValidationError, isPlainObject } from "../../shared/fields";
import type { HubPart, HubRuleContext, Raw } from "../types";
import { ELB_FIELDS, parseLoadBalancerArn } from "./args";
import { ELB_TYPES, accessLogsPrefix } from "./facts";
import type { ElbOrganizationWriter, ElbWriter } from "./writer";

/** What the hub connects. */
export type ElbLoggingPlan =
    | { readonly kind: "none" }
    /** Load balancers of the hub's account (given, or configured elsewhere): their writers admitted. */
    | {
          readonly kind: "own";
          readonly loadBalancerArns: readonly string[];
          readonly accountIds?: readonly string[];
      }
    /** An organization hub whose load balancers are the log sources'. */
    | { readonly kind: "organization"; readonly accountIds: readonly string[] };

/** ELB access logs' part of the hub's plan. */
export interface ElbPlan {
    readonly elbLogging: ElbLoggingPlan;
}

/**
 * The hand-off: the bucket, and per load balancer the `access_logs.s3.prefix` to set on it (its
 * type's folder), keyed by ARN.
 */
export type ElbOutputs = { readonly [name: string]: pulumi.Output<string> };

/** The ARNs of a list as given, the well-formed ones parsed. */
function parsed(arns: unknown) {
    return (Array.isArray(arns) ? arns : [])
        .filter((a): a is string => typeof a === "string")
        .flatMap((arn) => {
            const p = parseLoadBalancerArn(arn);
            return p ? [{ arn, ...p }] : [];
        });
}

/** Load balancers that span regions or accounts, which one bucket policy and folder cannot serve. */
export function spreadProblems(
    arns: unknown,
    field: string,
    where: { readonly accounts?: readonly string[] } = {},
): Problems {
    const lbs = parsed(arns);
    const problems: Problems = [];
    const regions = [...new Set(lbs.map((l) => l.region))];
    if (regions.length > 1) {
        problems.push(
            `${field} lists load balancers of ${regions.join(", ")}: ELB writes access logs only to a bucket of the load balancer's own region, so connect each region's load balancers to a hub in that region.`,
        );
    }
    const accounts = [...new Set(lbs.map((l) => l.accountId))];
    if (where.accounts === undefined && accounts.length > 1) {
        problems.push(
            `${field} lists load balancers of accounts ${accounts.join(", ")}: a single-account hub admits its own account's load balancers; connect the others through an organization hub and their accounts' log sources.`,
        );
    }
    const outside = accounts.filter((a) => where.accounts && !where.accounts.includes(a));
    if (outside.length > 0) {
        problems.push(
            `${field} lists load balancers of ${outside.join(", ")}, which \`accountIds\` does not list: add the account, or leave those load balancers out.`,
        );
    }
    return problems;
}

/**
 * Where the load balancers given are not where the bucket is: ELB writes only to a bucket of its
 * own region, and the hub admits its own account's (or the listed accounts') load balancers only.
 */
export function placementProblems(
    arns: readonly string[],
    field: string,
    at: {
        readonly region: string;
        readonly accountIds: readonly string[];
        readonly partition: string;
        readonly bucketUsesKey?: boolean;
    },
): Problems {
    return parsed(arns).flatMap((lb): Problems => {
        const problems: Problems = [];
        if (lb.region !== at.region) {
            problems.push(
                `${field} names ${lb.arn}, a load balancer of ${lb.region}, but the bucket is in ${at.region}: ELB writes access logs only to a bucket of its own region. Connect it to a hub in ${lb.region}.`,
            );
        }
        if (!at.accountIds.includes(lb.accountId)) {
            problems.push(
                `${field} names ${lb.arn}, a load balancer of account ${lb.accountId}, which the hub does not admit${at.accountIds.length > 0 ? ` (it admits ${at.accountIds.join(", ")})` : ""}: a single-account hub admits its own account's load balancers, an organization hub the accounts of its \`logTypes.elbAccessLogs.accountIds\`; connect each account's load balancers from that account.`,
            );
        }
        if (lb.partition !== at.partition) {
            problems.push(
                `${field} names ${lb.arn}, of the ${lb.partition} partition, but the bucket is in ${at.partition}.`,
            );
        }
        if (lb.type === "app" && at.bucketUsesKey) {
            problems.push(
                `${field} names ${lb.arn}, an Application Load Balancer, but the bucket encrypts with SSE-KMS: ALB writes access logs only to SSE-S3 buckets (ALB user guide, "Enable access logs"). Give the hub \`bucketEncryption: "s3"\`.`,
            );
        }
        return problems;
    });
}

/**
 * The hand-off outputs: the bucket, and per load balancer the prefix to set on it, each value
 * checked against where the bucket is once the engine knows it (a bad ARN fails the preview with
 * its fix, before anything is created).
 */
export function handOff(
    subject: string,
    field: string,
    arns: readonly string[],
    folder: pulumi.Input<string>,
    bucketName: pulumi.Input<string>,
    placement: pulumi.Input<{
        readonly region: string;
        readonly accountIds: readonly string[];
        readonly partition: string;
        readonly bucketUsesKey?: boolean;
    }>,
): ElbOutputs {
    const checked = pulumi.all([pulumi.output(placement), folder]).apply(([at, f]) => {
        const problems = placementProblems(arns, field, at);
        if (problems.length > 0) {
            throw new ValidationError(subject, problems);
        }
        return f;
    });
    return {
        accessLogsBucket: pulumi.output(bucketName),
        ...Object.fromEntries(
            Object.entries(ELB_TYPES).map(([, id]) => [
                `${id}Prefix`,
                checked.apply((f) => accessLogsPrefix(f, id)),
            ]),
        ),
        ...Object.fromEntries(
            parsed(arns).map((lb) => [
                lb.arn,
                checked.apply((f) => accessLogsPrefix(f, ELB_TYPES[lb.type])),
            ]),
        ),
    };
}

/** The settings of `logTypes.elbAccessLogs` as given. */
function elbSettings(ctx: HubRuleContext): Raw | undefined {
    const logTypes = ctx.args.logTypes;
    const own = isPlainObject(logTypes) ? logTypes.elbAccessLogs : undefined;
    return isPlainObject(own) && own.enabled !== false ? own : undefined;
}

/** ELB access logs' part in `AwsSentinelConnection`. */
export const ELB_HUB: HubPart<ElbPlan, ElbOutputs> = {
    fields: ELB_FIELDS,
    rules(settings, ctx): Problems {
        const at = ctx.at;
        const problems: Problems = [];
        if (!ctx.organization && settings.accountIds !== undefined) {
            problems.push(
                `${at.key("accountIds").code} does nothing for a single account: the hub admits its own account's load balancers. Remove it.`,
            );
        }
        if (ctx.organization && settings.accountIds === undefined) {
            problems.push(
                `${at.key("accountIds").code} is required in an organization hub: an Application Load Balancer writes with its region's ELB account (or logdelivery.elasticloadbalancing.amazonaws.com), which the ALB guide binds only by the account folders it may write, so the hub admits the accounts listed. List the accounts whose load balancers write into the hub.`,
            );
        }
        problems.push(
            ...spreadProblems(settings.loadBalancerArns, at.key("loadBalancerArns").code, {
                accounts:
                    ctx.organization && Array.isArray(settings.accountIds)
                        ? (settings.accountIds as string[])
                        : undefined,
            }),
        );
        return problems;
    },
    hubRules(connected, ctx): Problems {
        const settings = elbSettings(ctx);
        if (!connected || settings === undefined || ctx.args.existingBucketName !== undefined) {
            return [];
        }
        const lbs = parsed(settings.loadBalancerArns);
        const albs = settings.loadBalancerArns === undefined || lbs.some((l) => l.type === "app");
        const encryption = ctx.args.bucketEncryption ?? "kms";
        return albs && encryption !== "s3"
            ? [
                  `${ctx.root.key("bucketEncryption").code} must be "s3" with ${ctx.at.code}: Application Load Balancers write access logs only to SSE-S3 buckets (ALB user guide, "Enable access logs": "The only server-side encryption option that's supported is Amazon S3-managed keys (SSE-S3)"), and the created bucket would use ${JSON.stringify(encryption)}. Set \`bucketEncryption: "s3"\`${settings.loadBalancerArns === undefined ? ", or list only Network Load Balancers in `loadBalancerArns`" : ""}.`,
              ]
            : [];
    },
    createsExport: (settings, ctx) =>
        settings !== undefined && (!ctx.organization || settings.loadBalancerArns !== undefined),
    plan: (settings, ctx) => {
        if (settings === undefined) {
            return { elbLogging: { kind: "none" } };
        }
        const arns = (settings.loadBalancerArns as string[] | undefined) ?? [];
        const accountIds = settings.accountIds as string[] | undefined;
        return {
            elbLogging:
                ctx.organization && settings.loadBalancerArns === undefined
                    ? { kind: "organization", accountIds: accountIds ?? [] }
                    : { kind: "own", loadBalancerArns: [...arns], accountIds },
        };
    },
    admitsWriter: (p) => p.elbLogging.kind === "own",
    destinationBinding: (p) =>
        p.elbLogging.kind !== "none" && p.elbLogging.accountIds !== undefined
            ? { accountIds: p.elbLogging.accountIds.join(",") }
            : undefined,
    wire(p, hub) {
        const logging = p.elbLogging;
        const writer: ElbWriter | undefined =
            logging.kind === "own" && !hub.organization ? {} : undefined;
        const organizationWriter: ElbOrganizationWriter | undefined =
            hub.organization && logging.kind !== "none"
                ? { folder: hub.folder, accountIds: logging.accountIds ?? [], region: hub.region }
                : undefined;
        return {
            writer,
            organizationWriter,
            exports(wiring): ElbOutputs {
                if (logging.kind !== "own") {
                    return {};
                }
                return handOff(
                    `AwsSentinelConnection "${hub.name}"`,
                    "`logTypes.elbAccessLogs.loadBalancerArns`",
                    logging.loadBalancerArns,
                    hub.folder,
                    wiring.bucketName,
                    pulumi
                        .all([hub.region, hub.accountId, hub.partition])
                        .apply(([region, account, partition]) => ({
                            region,
                            accountIds: logging.accountIds ? [...logging.accountIds] : [account],
                            partition,
                            bucketUsesKey: wiring.bucketKeyArn !== undefined,
                        })),
                );
            },
        };
    },
};
