// CloudFront standard logs: standard logging (v2) into `AWSCloudFront_AccessLog_CL` (CCF connection,
// custom table).
import type { SourceModule } from "../types";
import { DELIVERY_LOGS } from "../writers/deliveryLogs";
import type { VendedLogDeliveryOutputs } from "../writers/vendedLogs";
import { CLOUDFRONT_FACTS } from "./facts";
import { CLOUDFRONT_HUB, CloudFrontPlan } from "./hub";
import { CLOUDFRONT_LOG_SOURCE } from "./logSource";

/** CloudFront standard logs, the module. */
export const CLOUDFRONT_ACCESS_LOGS = {
    ...CLOUDFRONT_FACTS,
    writer: { family: DELIVERY_LOGS },
    doctor: async () => (await import("./doctor")).CLOUDFRONT_DOCTOR,
    hub: CLOUDFRONT_HUB,
    logSource: CLOUDFRONT_LOG_SOURCE,
} satisfies SourceModule<"cloudFrontAccessLogs", CloudFrontPlan, VendedLogDeliveryOutputs>;
