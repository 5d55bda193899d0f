// CloudWatch Logs, as Sentinel's classic "Amazon Web Services S3" connector reads them into the
// built-in `AWSCloudWatch` table (a data type of the classic connector since the "Amazon Web
// Services" solution 3.0.2: Azure-Sentinel `Solutions/Amazon Web Services/ReleaseNotes.md`). No CCF
// connector exists for it.
//
// Microsoft's exporter polls GetLogEvents from a scheduled Lambda (Azure-Sentinel
// `DataConnectors/AWS-S3/CloudFormation/CloudWatch/template_3_…json`) and misses events that arrive
// late. The package subscribes each log group instead (CloudWatch Logs user guide, "Real-time
// processing of log data with subscriptions": events reach the destination "usually less than three
// minutes" after ingestion) into a Firehose stream with no buffering.
//
// The file format, decided from the strongest source: gzip text, no header, one event per line.
// Learn's "Connect Microsoft Sentinel to Amazon Web Services" lists for CloudWatch ".csv file in a
// GZIP format without a header"; Microsoft's subscription-fed exporter
// (`CloudWatchPushBasedLambdaFunction.py`) writes each event's message alone on its line, and
// Azure-Sentinel PR #13104 reports those single-column files "successfully ingested … into Cloud
// Watch table"; the table's `TimeGenerated` "equals to 'ExtractedTime' when included in message"
// and is the ingestion time otherwise (Azure Monitor table reference, AWSCloudWatch). Microsoft's
// newest exporter (Template 3) writes JSON lines instead, but no Microsoft text says the classic
// parser reads JSON for this table, so the package does not. Firehose's message extraction writes
// exactly the message-per-line form. How the parser treats commas and a leading timestamp inside a
// message is the first thing a live deployment must confirm.
import { NOTIFICATION_SUFFIX } from "../../shared/connector";
import type { SourceFacts } from "../types";
import type { SubscriptionSourceFacts } from "../writers/logsSubscription";
import { LOGS_PIPELINE_DOCTOR_OPERATIONS } from "../writers/logsSubscriptionFacts";

/**
 * The folder Firehose writes the events under, after `AWSLogs/<account>/`: Microsoft's exporter's
 * (Template 3 writes `AWSLogs/<account>/CloudWatch/…`).
 */
export const CLOUDWATCH_SEGMENT = "CloudWatch";

/** The folder of records Firehose could not deliver, beside the events' folder (no notification covers it). */
export const CLOUDWATCH_ERROR_SEGMENT = "CloudWatch-errors";

/** The name prefix of this source's Firehose roles, which an organization hub admits by it. */
export const CLOUDWATCH_ROLE_PREFIX = "CloudWatchLogsFirehose";

/** How the pipelines of this source are named and where they write. */
export const CLOUDWATCH_SUBSCRIBED: SubscriptionSourceFacts = {
    resourceName: "cloudwatch-logs",
    rolePrefix: CLOUDWATCH_ROLE_PREFIX,
    subscriptionRolePrefix: "CloudWatchLogsSubscription",
    segment: CLOUDWATCH_SEGMENT,
    errorSegment: CLOUDWATCH_ERROR_SEGMENT,
};

/** CloudWatch Logs' facts. */
export const CLOUDWATCH_LOGS_FACTS = {
    key: "cloudWatchLogs",
    title: "CloudWatch Logs",
    connections: [
        {
            id: "cloudWatchLogs",
            table: "AWSCloudWatch",
            pathSegment: CLOUDWATCH_SEGMENT,
            // Firehose's GZIP objects end `.gz` (the stream's file extension); Microsoft's
            // Template 2 notifies on the same suffix.
            suffix: NOTIFICATION_SUFFIX,
        },
    ],
    sentinel: { kind: "classic" },
    // The writer is a Firehose role the package creates, not a service principal in the bucket policy.
    pack: { writerServices: [] },
    layout: { organizationFolder: "cloudwatch/" },
    // A log group with nothing logged writes nothing: hours without a file are no fault.
    eventDriven: true,
    doctorOperations: LOGS_PIPELINE_DOCTOR_OPERATIONS,
    exampleSettings: { logGroupNames: ["/aws/lambda/checkout"] },
} as const satisfies SourceFacts<"cloudWatchLogs">;
