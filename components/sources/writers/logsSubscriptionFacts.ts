// CloudWatch Logs subscriptions into a Firehose stream the package owns, as plain facts shared by
// the sources delivered that way (CloudWatch Logs, EKS audit logs): what the stream does with the
// subscription's records, CloudWatch Logs' limits and the doctor's reads. Pure: the policy pack and
// the doctor read it.
import type { DoctorOperationFacts } from "../types";

/**
 * The Firehose record processors of a stream fed by subscription filters, in order:
 * - `Decompression` (`CompressionFormat` `GZIP`): "CloudWatch Logs events are sent to Firehose in
 *   compressed gzip format. If you want to deliver decompressed log events to Firehose
 *   destinations, you can use the decompression feature in Firehose" (Firehose developer guide,
 *   "Writing to Amazon Data Firehose Using CloudWatch Logs"); parameter names as the AWS CDK's
 *   `DecompressionProcessor` sends them;
 * - `CloudWatchLogProcessing` (`DataMessageExtraction` `true`): "Firehose filters out all metadata
 *   such as owner, log group and log stream … and delivers only the content inside the message
 *   fields" (Firehose developer guide, "Message extraction"; the CDK's `CloudWatchLogProcessor`:
 *   "This processor must used with DecompressionProcessor");
 * - `AppendDelimiterToRecord`: one message per line (Firehose API reference, `Processor`).
 * No Lambda: Firehose does the decoding itself, so there is no function to run, patch or grant.
 */
export const LOGS_SUBSCRIPTION_PROCESSORS = [
    {
        type: "Decompression",
        parameters: [{ parameterName: "CompressionFormat", parameterValue: "GZIP" }],
    },
    {
        type: "CloudWatchLogProcessing",
        parameters: [{ parameterName: "DataMessageExtraction", parameterValue: "true" }],
    },
    { type: "AppendDelimiterToRecord" },
] as const;

/**
 * "Each log group can have up to two subscription filters associated with it" (CloudWatch Logs user
 * guide, "Real-time processing of log data with subscriptions"; PutSubscriptionFilter fails with
 * LimitExceededException beyond it).
 */
export const SUBSCRIPTION_FILTERS_PER_LOG_GROUP = 2;

/**
 * The service principal CloudWatch Logs assumes a subscription's role with, in a region
 * (CloudWatch Logs user guide, "Subscription filters with Amazon Data Firehose": `"Principal": {
 * "Service": "logs.region.amazonaws.com" }`).
 */
export function logsServicePrincipal(region: string): string {
    return `logs.${region}.amazonaws.com`;
}

/** The actions a subscription's role needs on its stream (Microsoft's `AWS_EKS_Resources_Deployment.json` CloudWatchLogsRole). */
export const SUBSCRIPTION_ROLE_ACTIONS: readonly string[] = [
    "firehose:PutRecord",
    "firehose:PutRecordBatch",
];

/**
 * Log group names (CloudWatch Logs API reference, CreateLogGroup and PutSubscriptionFilter
 * `logGroupName`: 1-512 characters, pattern `[\.\-_/#A-Za-z0-9]+`).
 */
export const LOG_GROUP_NAME_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/**
 * The log groups of the package's own Firehose streams (`/aws/kinesisfirehose/<stream>`, each
 * stream named `<name>-<8 hex digits>`): their delivery errors. Subscribing one to a stream feeds
 * the stream's own failures back into it, the loop the CloudWatch Logs user guide warns of ("Log
 * recursion prevention": "we recommend that you don't apply subscription filters to log groups that
 * are a part of your subscription delivery workflow").
 */
export const PACKAGE_LOG_GROUP_PATTERN = /^\/aws\/kinesisfirehose\/.+-[0-9a-f]{8}$/;

/**
 * The doctor's reads of a subscription-fed pipeline: the filters of each log group
 * (DescribeSubscriptionFilters), the stream (DescribeDeliveryStream) and the delivery errors it
 * logs (GetLogEvents on its error log stream).
 */
export const LOGS_PIPELINE_DOCTOR_OPERATIONS: readonly DoctorOperationFacts[] = [
    {
        service: "logs",
        operation: "DescribeSubscriptionFilters",
        action: "logs:DescribeSubscriptionFilters",
        purpose: "each log group's subscription filters, to find the one feeding the stream",
    },
    {
        service: "firehose",
        operation: "DescribeDeliveryStream",
        action: "firehose:DescribeDeliveryStream",
        purpose: "the stream's status, destination and delivery failures",
    },
    {
        service: "logs",
        operation: "GetLogEvents",
        action: "logs:GetLogEvents",
        purpose: "the delivery errors the stream logged in the last day",
    },
];
