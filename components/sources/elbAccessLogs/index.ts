// ELB access logs: Application and Network Load Balancers' access logs into `AWSALBAccessLogs` and
// `AWSNLBAccessLogs` (CCF connections, built-in tables).
import type { SourceModule } from "../types";
import { ELB_FACTS } from "./facts";
import { ELB_HUB, ElbOutputs, ElbPlan } from "./hub";
import { ELB_LOG_SOURCE } from "./logSource";
import { ELB_WRITER } from "./writer";

/** ELB access logs, the module. */
export const ELB_ACCESS_LOGS = {
    ...ELB_FACTS,
    writer: { family: ELB_WRITER },
    doctor: async () => (await import("./doctor")).ELB_DOCTOR,
    hub: ELB_HUB,
    logSource: ELB_LOG_SOURCE,
} satisfies SourceModule<"elbAccessLogs", ElbPlan, ElbOutputs>;
