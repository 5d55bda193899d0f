// CloudWatch Logs: a subscription filter per log group → Firehose → S3 into `AWSCloudWatch`
// (classic connection).
import type { SourceModule } from "../types";
import { FIREHOSE_WRITER } from "../writers/firehose";
import { CLOUDWATCH_LOGS_FACTS } from "./facts";
import { CLOUDWATCH_LOGS_HUB, CloudWatchLogsOutputs, CloudWatchLogsPlan } from "./hub";
import { CLOUDWATCH_LOGS_LOG_SOURCE } from "./logSource";

/** CloudWatch Logs, the module. */
export const CLOUDWATCH_LOGS = {
    ...CLOUDWATCH_LOGS_FACTS,
    writer: { family: FIREHOSE_WRITER },
    doctor: async () => (await import("./doctor")).CLOUDWATCH_LOGS_DOCTOR,
    hub: CLOUDWATCH_LOGS_HUB,
    logSource: CLOUDWATCH_LOGS_LOG_SOURCE,
} satisfies SourceModule<"cloudWatchLogs", CloudWatchLogsPlan, CloudWatchLogsOutputs>;
