// Route 53 Resolver query logs: Resolver query logging into `AWSRoute53Resolver` (CCF connection).
import type { SourceModule } from "../types";
import { DELIVERY_LOGS } from "../writers/deliveryLogs";
import { ROUTE53_RESOLVER_FACTS } from "./facts";
import { ROUTE53_RESOLVER_HUB, Route53ResolverOutputs, Route53ResolverPlan } from "./hub";
import { ROUTE53_RESOLVER_LOG_SOURCE } from "./logSource";

/** Route 53 Resolver query logs, the module. */
export const ROUTE53_RESOLVER_QUERY_LOGS = {
    ...ROUTE53_RESOLVER_FACTS,
    writer: { family: DELIVERY_LOGS },
    doctor: async () => (await import("./doctor")).ROUTE53_RESOLVER_DOCTOR,
    hub: ROUTE53_RESOLVER_HUB,
    logSource: ROUTE53_RESOLVER_LOG_SOURCE,
} satisfies SourceModule<"route53ResolverQueryLogs", Route53ResolverPlan, Route53ResolverOutputs>;
