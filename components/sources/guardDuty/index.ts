// GuardDuty: findings exports into `AWSGuardDuty` (classic connection).
import type * as pulumi from "@pulumi/pulumi";
import type { SourceModule } from "../types";
import { GUARD_DUTY_WRITER } from "./writer";
import { GUARD_DUTY_FACTS } from "./facts";
import { GUARD_DUTY_HUB, GuardDutyPlan } from "./hub";
import { GUARD_DUTY_LOG_SOURCE } from "./logSource";

/** GuardDuty, the module. */
export const GUARD_DUTY = {
    ...GUARD_DUTY_FACTS,
    writer: { family: GUARD_DUTY_WRITER },
    doctor: async () => (await import("./doctor")).GUARD_DUTY_DOCTOR,
    hub: GUARD_DUTY_HUB,
    logSource: GUARD_DUTY_LOG_SOURCE,
} satisfies SourceModule<"guardDuty", GuardDutyPlan, pulumi.Output<Record<string, string>>>;
