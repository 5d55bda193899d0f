// EKS audit logs: each cluster's log group → subscription filter → Firehose → S3 into
// `AWSEKSLogs_CL` (CCF connection, custom table).
import type { SourceModule } from "../types";
import { FIREHOSE_WRITER } from "../writers/firehose";
import { EKS_AUDIT_LOGS_FACTS } from "./facts";
import { EKS_AUDIT_LOGS_HUB, EksAuditLogsOutputs, EksAuditLogsPlan } from "./hub";
import { EKS_AUDIT_LOGS_LOG_SOURCE } from "./logSource";

/** EKS audit logs, the module. */
export const EKS_AUDIT_LOGS = {
    ...EKS_AUDIT_LOGS_FACTS,
    writer: { family: FIREHOSE_WRITER },
    doctor: async () => (await import("./doctor")).EKS_AUDIT_LOGS_DOCTOR,
    hub: EKS_AUDIT_LOGS_HUB,
    logSource: EKS_AUDIT_LOGS_LOG_SOURCE,
} satisfies SourceModule<"eksAuditLogs", EksAuditLogsPlan, EksAuditLogsOutputs>;
