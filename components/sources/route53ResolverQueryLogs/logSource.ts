// Route 53 Resolver query logs from a log source: a query logging configuration per region of the
// VPCs given, writing into the hub's Route 53 folder, each VPC associated.
import { Problems, isPlainObject, show } from "../../shared/fields";
import type { LogSourcePart } from "../types";
import { LOG_SOURCE_ROUTE53_RESOLVER_FIELDS, LogSourceRoute53ResolverArgs } from "./args";
import { createQueryLogging, queryLogDestination } from "./hub";

/** Route 53 Resolver query logs' part in `SentinelLogSource`. */
export const ROUTE53_RESOLVER_LOG_SOURCE: LogSourcePart<LogSourceRoute53ResolverArgs> = {
    fields: LOG_SOURCE_ROUTE53_RESOLVER_FIELDS,
    rules(settings, at): Problems {
        const vpcs = Array.isArray(settings.vpcs) ? settings.vpcs : [];
        const ids = vpcs
            .map((v) => (isPlainObject(v) ? v.vpcId : undefined))
            .filter((v) => typeof v === "string");
        return [...new Set(ids.filter((v, i) => ids.indexOf(v) !== i))].map(
            (id) => `${at.key("vpcs").code} lists ${show(id)} more than once; list each VPC once.`,
        );
    },
    create(settings, w) {
        // A configuration logs only VPCs of its own region (Route 53 developer guide, "Managing
        // Resolver query logging configurations"): one per region, each VPC associated with it.
        const byRegion = new Map<string | undefined, string[]>();
        for (const vpc of settings.vpcs) {
            byRegion.set(vpc.region, [...(byRegion.get(vpc.region) ?? []), vpc.vpcId]);
        }
        return Object.assign(
            {},
            ...[...byRegion].map(([region, vpcIds]) =>
                createQueryLogging(w.name, {
                    vpcIds,
                    region,
                    destinationArn: queryLogDestination(w.destination.bucketArn, w.folder),
                    tags: w.tags,
                    opts: { parent: w.parent },
                }),
            ),
        );
    },
};
