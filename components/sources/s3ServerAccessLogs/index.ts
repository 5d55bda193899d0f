// S3 server access logs: each source bucket's access logging into a bucket of their own (replicated
// from log sources in an organization), read into `AWSS3ServerAccess` (CCF connection).
import type { SourceModule } from "../types";
import { S3_SERVER_ACCESS_FACTS } from "./facts";
import { S3_SERVER_ACCESS_HUB, S3ServerAccessOutputs, S3ServerAccessPlan } from "./hub";
import { S3_SERVER_ACCESS_LOG_SOURCE } from "./logSource";
import { S3_ACCESS_LOGGING } from "./writer";

/** S3 server access logs, the module. */
export const S3_SERVER_ACCESS_LOGS = {
    ...S3_SERVER_ACCESS_FACTS,
    writer: { family: S3_ACCESS_LOGGING },
    doctor: async () => (await import("./doctor")).S3_SERVER_ACCESS_DOCTOR,
    hub: S3_SERVER_ACCESS_HUB,
    logSource: S3_SERVER_ACCESS_LOG_SOURCE,
} satisfies SourceModule<"s3ServerAccessLogs", S3ServerAccessPlan, S3ServerAccessOutputs>;
