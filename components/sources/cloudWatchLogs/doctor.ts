// CloudWatch Logs in `sentinel-aws-s3 doctor`: the hub's stream, each log group's subscription to it
// (or CloudWatch Logs' two filters already taken), and the delivery errors the stream logged. Rows
// in `AWSCloudWatch` are the Azure side's check.
import type { SourceDoctor } from "../types";
import { subscriptionChecks } from "../writers/logsSubscriptionDoctor";

/** CloudWatch Logs' checks. */
export const CLOUDWATCH_LOGS_DOCTOR: SourceDoctor = {
    exportChecks: (facts, title) =>
        subscriptionChecks(facts, title, {
            logType: "cloudWatchLogs",
            // The hub's exports are keyed by the log group's name.
            logGroupOf: (key) => key,
            adoptHint: "`logTypes.cloudWatchLogs.adoptSubscriptionFilters`",
        }),
};
