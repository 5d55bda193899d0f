// CloudTrail: trails into `AWSCloudTrail` (classic connection).
import type { SourceModule } from "../types";
import { CLOUD_TRAIL_WRITER } from "./writer";
import { CLOUD_TRAIL_DEFAULTS } from "./args";
import { CLOUD_TRAIL_FACTS } from "./facts";
import { CLOUD_TRAIL_HUB, CloudTrailOutputs, CloudTrailPlan } from "./hub";
import { CLOUD_TRAIL_LOG_SOURCE } from "./logSource";

/** CloudTrail, the module. */
export const CLOUD_TRAIL = {
    ...CLOUD_TRAIL_FACTS,
    writer: { family: CLOUD_TRAIL_WRITER },
    defaults: CLOUD_TRAIL_DEFAULTS,
    doctor: async () => (await import("./doctor")).CLOUD_TRAIL_DOCTOR,
    hub: CLOUD_TRAIL_HUB,
    logSource: CLOUD_TRAIL_LOG_SOURCE,
} satisfies SourceModule<"cloudTrail", CloudTrailPlan, CloudTrailOutputs>;
