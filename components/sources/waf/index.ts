// AWS WAF logs: each web ACL's logging into a bucket of their own, read into `AWSWAF` (CCF connection).
import type { SourceModule } from "../types";
import { DELIVERY_LOGS } from "../writers/deliveryLogs";
import { WAF_FACTS } from "./facts";
import { WAF_HUB, WafOutputs, WafPlan } from "./hub";
import { WAF_LOG_SOURCE } from "./logSource";

/** AWS WAF logs, the module. */
export const WAF = {
    ...WAF_FACTS,
    writer: { family: DELIVERY_LOGS },
    doctor: async () => (await import("./doctor")).WAF_DOCTOR,
    hub: WAF_HUB,
    logSource: WAF_LOG_SOURCE,
} satisfies SourceModule<"waf", WafPlan, WafOutputs>;
