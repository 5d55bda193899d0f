// Route 53 Resolver query logs in `sentinel-aws-s3 doctor`: does a query logging configuration
// write to the bucket, and does it log at least one VPC (ListResolverQueryLogConfigs,
// ListResolverQueryLogConfigAssociations)?
import { unknownReason } from "../../../cli/doctor/aws/api";
import { AwsFacts, isBucketDestination } from "../../../cli/doctor/aws/facts";
import { Finding, combine, fail, noBucket, pass, unknown } from "../../../cli/doctor/finding";
import type { SourceDoctor } from "../types";

/** A query logging configuration, in the fields the doctor reads. */
export interface QueryLogConfig {
    readonly Id?: string;
    readonly Name?: string;
    readonly Status?: string;
    readonly DestinationArn?: string;
    readonly AssociationCount?: number;
}

/** A configuration's association with a VPC, in the fields the doctor reads. */
export interface QueryLogAssociation {
    readonly ResourceId?: string;
    readonly Status?: string;
    readonly Error?: string;
    readonly ErrorMessage?: string;
}

/**
 * Does a configuration deliver for its VPCs? Statuses: Route 53 API reference,
 * ResolverQueryLogConfig `Status` (CREATING, CREATED, DELETING, FAILED) and
 * ResolverQueryLogConfigAssociation `Status` (CREATING, ACTIVE, ACTION_NEEDED, DELETING, FAILED) with
 * `Error` (DESTINATION_NOT_FOUND, ACCESS_DENIED, INTERNAL_SERVICE_ERROR).
 */
export function evaluateQueryLogging(
    config: QueryLogConfig,
    associations: readonly QueryLogAssociation[],
): Finding {
    const what = `the query logging configuration ${config.Name ?? config.Id}`;
    if (config.Status === "FAILED" || config.Status === "DELETING") {
        return fail(
            `${what} is ${config.Status}.`,
            "Recreate it (`pulumi up`); the bucket policy must let delivery.logs.amazonaws.com write.",
        );
    }
    if (associations.length === 0) {
        return fail(
            `${what} logs no VPC, so it writes nothing.`,
            "Associate the VPCs to log (`route53ResolverQueryLogs.vpcIds`).",
        );
    }
    const broken = associations.filter(
        (a) => a.Status === "FAILED" || a.Status === "ACTION_NEEDED",
    );
    if (broken.length > 0) {
        const a = broken[0];
        return fail(
            `${what} cannot log ${a.ResourceId}: ${a.Status}${a.Error ? ` (${a.Error}${a.ErrorMessage ? `: ${a.ErrorMessage}` : ""})` : ""}.`,
            a.Error === "ACCESS_DENIED"
                ? "The bucket policy must let delivery.logs.amazonaws.com write (aws:SourceAccount, aws:SourceArn) and the key policy let it encrypt; `pulumi up` restores both."
                : "Recreate the association (`pulumi up`).",
        );
    }
    return pass(
        `${what} logs ${associations.map((a) => a.ResourceId).join(", ")} to ${config.DestinationArn}.`,
    );
}

async function queryLogging(facts: AwsFacts): Promise<Finding> {
    if (!facts.bucketArn) {
        return noBucket;
    }
    const configs = await facts.api.call<
        { ResolverQueryLogConfigs?: QueryLogConfig[] },
        "route53resolver"
    >("route53resolver", (m) => new m.ListResolverQueryLogConfigsCommand({}));
    if (!configs.ok) {
        return unknown(unknownReason(configs));
    }
    const mine = (configs.value.ResolverQueryLogConfigs ?? []).filter(
        (c) =>
            c.DestinationArn &&
            isBucketDestination(c.DestinationArn.replace(/\/$/, ""), facts.bucketArn!),
    );
    if (mine.length === 0) {
        return fail(
            `no Resolver query logging configuration in ${facts.region ?? "this region"} writes to ${facts.bucketArn}.`,
            "Create one with the VPCs to log (`route53ResolverQueryLogs.vpcIds`), or point an existing one at the bucket.",
        );
    }
    const findings: Finding[] = [];
    for (const config of mine) {
        const a = await facts.api.call<
            { ResolverQueryLogConfigAssociations?: QueryLogAssociation[] },
            "route53resolver"
        >(
            "route53resolver",
            (m) =>
                new m.ListResolverQueryLogConfigAssociationsCommand({
                    Filters: [{ Name: "ResolverQueryLogConfigId", Values: [config.Id!] }],
                }),
        );
        findings.push(
            a.ok
                ? evaluateQueryLogging(config, a.value.ResolverQueryLogConfigAssociations ?? [])
                : unknown(unknownReason(a)),
        );
    }
    return findings.find((f) => f.status === "pass") ?? combine(findings);
}

/** Route 53 Resolver query logs' checks. */
export const ROUTE53_RESOLVER_DOCTOR: SourceDoctor = {
    exportChecks: async (facts, title) => [
        [
            "aws.route53ResolverQueryLogs.export",
            `${title}: query logging`,
            await queryLogging(facts),
        ],
    ],
};
