// Security Hub findings: EventBridge → Firehose → S3 into `AWSSecurityHubFindings` (CCF connection).
import type { SourceModule } from "../types";
import { FIREHOSE_WRITER } from "../writers/firehose";
import { SECURITY_HUB_FACTS } from "./facts";
import { SECURITY_HUB_HUB, SecurityHubPlan } from "./hub";
import { SECURITY_HUB_LOG_SOURCE } from "./logSource";
import type { PipelineOutputs } from "./pipeline";

/** Security Hub findings, the module. */
export const SECURITY_HUB_FINDINGS = {
    ...SECURITY_HUB_FACTS,
    writer: { family: FIREHOSE_WRITER },
    doctor: async () => (await import("./doctor")).SECURITY_HUB_DOCTOR,
    hub: SECURITY_HUB_HUB,
    logSource: SECURITY_HUB_LOG_SOURCE,
} satisfies SourceModule<
    "securityHubFindings",
    SecurityHubPlan,
    PipelineOutputs | Record<string, never>
>;
