// CloudFront standard logs, as Sentinel's CCF connector reads them: CloudFront standard logging (v2)
// delivers through the CloudWatch Logs delivery API, from us-east-1, plain-text files with
// tab-separated fields, gzip, under `AWSLogs/<account>/CloudFront/` of the destination, into the
// custom table `AWSCloudFront_AccessLog_CL` of Microsoft's "AWS CloudFront" solution (Azure-Sentinel
// `Solutions/AWS CloudFront/Data Connectors/AWSCloudFrontLog_CCF/`: PollingConfig @e5b36c8, DCR
// @b188254, Table @1b4ccf6; 3.0.0, "Added new CCF Data Connector 'AWSCloudFrontLog_CCF'").
import { NOTIFICATION_SUFFIX } from "../../shared/connector";
import { ProjectedColumn, projectKql } from "../kql";
import type { ColumnFacts, SourceFacts } from "../types";
import { BUCKET_POLICY_DOCTOR_OPERATION, LOG_DELIVERY_SERVICE } from "../writers/services";

/** The stream the connection sends to its DCR (`AWSCloudFrontLog_PollingConfig.json @e5b36c8`). */
export const CLOUDFRONT_STREAM = "Custom-AwsCloudfront-AccessLog";

/** The custom table the DCR writes. */
export const CLOUDFRONT_TABLE = "AWSCloudFront_AccessLog_CL";

/** The folder AWS writes CloudFront's files under, after `AWSLogs/<account>/` (Microsoft's prefix). */
export const CLOUDFRONT_SEGMENT = "CloudFront";

/**
 * CloudFront's delivery sources are made in us-east-1 (CloudFront is global; its v2 logging is
 * configured there, the console's and Microsoft's CloudFormation both): the deliveries, their
 * destination and the bucket policy's `aws:SourceArn` name that region, whatever the bucket's.
 */
export const CLOUDFRONT_DELIVERY_REGION = "us-east-1";

/** The delivery source's log type for CloudFront (CloudWatch Logs API reference, PutDeliverySource). */
export const CLOUDFRONT_LOG_TYPE = "ACCESS_LOGS";

/** Plain text, tab-separated: what Microsoft's connection reads (`csv`, `CsvDelimiter: "\t"`). */
export const CLOUDFRONT_OUTPUT_FORMAT = "plain";
export const CLOUDFRONT_FIELD_DELIMITER = "\t";

/**
 * Microsoft's DCR maps the file's fields by position: `Field<n>` is the n-th column of this list
 * (AWSCloudFrontLog_DCR.json @b188254, `<Column> = tostring(Field<n>)`).
 */
export const MICROSOFT_CLOUDFRONT_POSITIONS: readonly string[] = [
    "Date",
    "Time",
    "XEdgeLocation",
    "ScBytes",
    "CIp",
    "CsMethod",
    "CsHost",
    "CsUriStem",
    "ScStatus",
    "CsReferer",
    "CsUserAgent",
    "CsUriQuery",
    "CsCookie",
    "XEdgeResultType",
    "XEdgeRequestId",
    "XHostHeader",
    "CsProtocol",
    "CsBytes",
    "TimeTaken",
    "XForwardedFor",
    "SslProtocol",
    "SslCipher",
    "XEdgeResponseResultType",
    "CsProtocolVersion",
    "FleStatus",
    "FleEncryptedFields",
    "CPort",
    "TimeToFirstByte",
    "XEdgeDetailedResultType",
    "ScContentType",
    "ScContentLen",
    "ScRangeStart",
    "ScRangeEnd",
    "Timestamp",
    "DistributionId",
    "TimestampMs",
    "OriginFbl",
    "OriginLbl",
    "Asn",
    "CCountry",
    "CacheBehaviorPathPattern",
    "Distributionid",
    "DistributionTenantId",
];

/**
 * The record fields the delivery sends, in order, each with the column Microsoft's DCR gives its
 * position. The first 33 are the standard log fields in AWS's order (CloudFront developer guide,
 * "Standard logging reference", "Log file fields": "applies to both standard logging (v2) and
 * standard logging (legacy)"); the 34th, `timestamp`, is in AWS's v2 field list for CloudFront
 * `ACCESS_LOGS` (the `TIMESTAMP` record field of the AWS CDK's generated
 * `CfnDistributionAccessLogsRecordFields`). Microsoft's 35th position is `DistributionId`, which
 * that list does not offer: selecting the later fields (`timestamp(ms)`, `origin-fbl`, …) would
 * shift each into the wrong column, so the selection stops here and Microsoft's last nine columns
 * stay empty.
 */
export const CLOUDFRONT_RECORD_FIELDS: readonly (readonly [field: string, column: string])[] = [
    ["date", "Date"],
    ["time", "Time"],
    ["x-edge-location", "XEdgeLocation"],
    ["sc-bytes", "ScBytes"],
    ["c-ip", "CIp"],
    ["cs-method", "CsMethod"],
    ["cs(Host)", "CsHost"],
    ["cs-uri-stem", "CsUriStem"],
    ["sc-status", "ScStatus"],
    ["cs(Referer)", "CsReferer"],
    ["cs(User-Agent)", "CsUserAgent"],
    ["cs-uri-query", "CsUriQuery"],
    ["cs(Cookie)", "CsCookie"],
    ["x-edge-result-type", "XEdgeResultType"],
    ["x-edge-request-id", "XEdgeRequestId"],
    ["x-host-header", "XHostHeader"],
    ["cs-protocol", "CsProtocol"],
    ["cs-bytes", "CsBytes"],
    ["time-taken", "TimeTaken"],
    ["x-forwarded-for", "XForwardedFor"],
    ["ssl-protocol", "SslProtocol"],
    ["ssl-cipher", "SslCipher"],
    ["x-edge-response-result-type", "XEdgeResponseResultType"],
    ["cs-protocol-version", "CsProtocolVersion"],
    ["fle-status", "FleStatus"],
    ["fle-encrypted-fields", "FleEncryptedFields"],
    ["c-port", "CPort"],
    ["time-to-first-byte", "TimeToFirstByte"],
    ["x-edge-detailed-result-type", "XEdgeDetailedResultType"],
    ["sc-content-type", "ScContentType"],
    ["sc-content-len", "ScContentLen"],
    ["sc-range-start", "ScRangeStart"],
    ["sc-range-end", "ScRangeEnd"],
    ["timestamp", "Timestamp"],
];

/** The record fields alone, as the delivery's `recordFields`. */
export const CLOUDFRONT_FIELDS: readonly string[] = CLOUDFRONT_RECORD_FIELDS.map(([f]) => f);

/** The input stream: one string column per field the file holds, named by position. */
export const CLOUDFRONT_STREAM_COLUMNS: readonly ColumnFacts[] = CLOUDFRONT_RECORD_FIELDS.map(
    (_, i) => ({ name: `Field${i + 1}`, type: "string" }),
);

/**
 * The columns and how each comes from the line: Microsoft's mapping (each `tostring(Field<n>)`),
 * and `TimeGenerated` from the request's own date and time (UTC, `date` and `time`), never the
 * ingestion time (Microsoft's DCR sets `now()`; its earlier `AWSCloudFront_DCR.json @00e099b` built
 * it as `todatetime(strcat(date, 'T', time))`).
 */
export const CLOUDFRONT_PROJECTION: readonly ProjectedColumn[] = [
    ...CLOUDFRONT_RECORD_FIELDS.map(([, column], i): ProjectedColumn => [
        column,
        `tostring(Field${i + 1})`,
    ]),
    ["TimeGenerated", 'todatetime(strcat(Field1, "T", Field2))'],
];

/**
 * `AWSCloudFront_AccessLog_CL`, as Microsoft's solution creates it (AWSCloudFrontLog_Table.json
 * @1b4ccf6): every column a string but `TimeGenerated`, with Microsoft's descriptions.
 */
export const CLOUDFRONT_TABLE_COLUMNS: readonly ColumnFacts[] = [
    {
        name: "Date",
        type: "string",
        description: "The date when the request was received by CloudFront.",
    },
    {
        name: "Time",
        type: "string",
        description: "The time when the request was received by CloudFront.",
    },
    { name: "TimeGenerated", type: "datetime", description: "The timeGenerated." },
    {
        name: "XEdgeLocation",
        type: "string",
        description: "The edge location that served the request.",
    },
    {
        name: "ScBytes",
        type: "string",
        description: "The number of bytes returned by CloudFront to the viewer.",
    },
    {
        name: "CIp",
        type: "string",
        description: "The IP address of the viewer that made the request.",
    },
    { name: "CsMethod", type: "string", description: "The HTTP method of the viewer request." },
    {
        name: "CsHost",
        type: "string",
        description: "The domain name of the CloudFront distribution.",
    },
    {
        name: "CsUriStem",
        type: "string",
        description: "The URI stem of the request (domain to query string).",
    },
    {
        name: "ScStatus",
        type: "string",
        description: "The HTTP status code returned to the viewer.",
    },
    { name: "CsReferer", type: "string", description: "The value of the HTTP referer header." },
    { name: "CsUserAgent", type: "string", description: "The user-agent header of the request." },
    {
        name: "CsUriQuery",
        type: "string",
        description: "The query string portion of the URI, if any.",
    },
    { name: "CsCookie", type: "string", description: "The cookie header of the request." },
    {
        name: "XEdgeResultType",
        type: "string",
        description: "The result type of the request at the edge location.",
    },
    {
        name: "XEdgeRequestId",
        type: "string",
        description: "A unique ID assigned to the request by CloudFront.",
    },
    {
        name: "XHostHeader",
        type: "string",
        description: "The host header value received in the request.",
    },
    {
        name: "CsProtocol",
        type: "string",
        description: "The protocol used by the viewer (HTTP or HTTPS).",
    },
    {
        name: "CsBytes",
        type: "string",
        description: "The number of bytes received from the viewer by CloudFront.",
    },
    {
        name: "TimeTaken",
        type: "string",
        description: "Total time in seconds CloudFront took to process the request.",
    },
    {
        name: "XForwardedFor",
        type: "string",
        description: "The X-Forwarded-For header value, if present.",
    },
    {
        name: "SslProtocol",
        type: "string",
        description: "The SSL/TLS protocol version used for the request.",
    },
    {
        name: "SslCipher",
        type: "string",
        description: "The SSL/TLS cipher used for the request.",
    },
    {
        name: "XEdgeResponseResultType",
        type: "string",
        description: "The result type of the response from CloudFront.",
    },
    {
        name: "CsProtocolVersion",
        type: "string",
        description: "The HTTP version used in the request (e.g., HTTP/2.0).",
    },
    {
        name: "FleStatus",
        type: "string",
        description: "Field-Level Encryption status, if enabled.",
    },
    {
        name: "FleEncryptedFields",
        type: "string",
        description: "Encrypted fields, if Field-Level Encryption is enabled.",
    },
    {
        name: "CPort",
        type: "string",
        description: "The port number of the client making the request.",
    },
    {
        name: "TimeToFirstByte",
        type: "string",
        description: "Time (in seconds) to start sending the response.",
    },
    {
        name: "XEdgeDetailedResultType",
        type: "string",
        description: "More detailed result type for the request.",
    },
    { name: "ScContentType", type: "string", description: "The content type of the response." },
    { name: "ScContentLen", type: "string", description: "The length of the response content." },
    {
        name: "ScRangeStart",
        type: "string",
        description: "Start of the byte range requested, if any.",
    },
    { name: "ScRangeEnd", type: "string", description: "End of the byte range requested, if any." },
    { name: "Timestamp", type: "string", description: "Timestamp when request was logged." },
    {
        name: "DistributionId",
        type: "string",
        description: "The distribution ID serving the request.",
    },
    { name: "TimestampMs", type: "string", description: "Timestamp in milliseconds." },
    { name: "OriginFbl", type: "string", description: "First-byte latency at origin." },
    { name: "OriginLbl", type: "string", description: "Last-byte latency at origin." },
    { name: "Asn", type: "string", description: "Autonomous System Number of the client." },
    { name: "CCountry", type: "string", description: "Client country." },
    {
        name: "CacheBehaviorPathPattern",
        type: "string",
        description: "Cache behavior path pattern matched.",
    },
    {
        name: "Distributionid",
        type: "string",
        description: "Distribution ID (lowercased or alternate form).",
    },
    {
        name: "DistributionTenantId",
        type: "string",
        description: "Tenant identifier for multi-tenant use.",
    },
];

/** CloudFront standard logs' facts. */
export const CLOUDFRONT_FACTS = {
    key: "cloudFrontAccessLogs",
    title: "CloudFront standard logs",
    exampleSettings: { distributionIds: ["E1U5RQF7T870K0"] },
    connections: [
        {
            id: "cloudFrontAccessLogs",
            table: CLOUDFRONT_TABLE,
            pathSegment: CLOUDFRONT_SEGMENT,
            // Gzip files ending `.gz` (CloudFront developer guide, "Standard logging reference").
            suffix: NOTIFICATION_SUFFIX,
            streamName: CLOUDFRONT_STREAM,
        },
    ],
    sentinel: {
        kind: "ccf",
        definitionName: "AwsCloudfrontCcpDefinition",
        definitionTitle: "Amazon Web Services CloudFront",
        // Solution "AWS CloudFront", offer azuresentinel.azure-sentinel-solution-aws-cloudfront
        // (Package/mainTemplate.json @00e099b).
        solution: {
            name: "AWS CloudFront",
            packageId: "azuresentinel.azure-sentinel-solution-aws-cloudfront",
        },
        // The packaged connection (Package/mainTemplate.json @1b4ccf6) is 2023-02-01-preview.
        apiVersion: "2023-02-01-preview",
        // AWSCloudFrontLog_PollingConfig.json @e5b36c8, key for key.
        dataFormat: {
            Format: "csv",
            CsvDelimiter: CLOUDFRONT_FIELD_DELIMITER,
            HasCsvHeader: false,
            IsCompressed: true,
            compressType: "Gz",
        },
        dcr: {
            streamDeclarations: { [CLOUDFRONT_STREAM]: CLOUDFRONT_STREAM_COLUMNS },
            dataFlows: [
                {
                    streams: [CLOUDFRONT_STREAM],
                    // Microsoft's filter of a header line, kept.
                    transformKql: projectKql(CLOUDFRONT_PROJECTION, ['where Field1 != "date"']),
                    outputStream: `Custom-${CLOUDFRONT_TABLE}`,
                },
            ],
        },
        customTables: [{ name: CLOUDFRONT_TABLE, columns: CLOUDFRONT_TABLE_COLUMNS }],
    },
    pack: { writerServices: [LOG_DELIVERY_SERVICE] },
    // "If no users request your objects during the time period, you don't receive any log files
    // for that period" (CloudFront developer guide, "Standard logging reference").
    eventDriven: true,
    layout: { organizationFolder: "cloudfront/" },
    doctorOperations: [
        {
            service: "logs",
            operation: "DescribeDeliveries",
            action: "logs:DescribeDeliveries",
            purpose: "the log deliveries of us-east-1, to find CloudFront's writing to the bucket",
        },
        {
            service: "logs",
            operation: "DescribeDeliverySources",
            action: "logs:DescribeDeliverySources",
            purpose: "the delivery sources, to tell CloudFront distributions' from others",
        },
        {
            service: "logs",
            operation: "DescribeDeliveryDestinations",
            action: "logs:DescribeDeliveryDestinations",
            purpose: "the delivery destinations, their bucket and output format",
        },
        BUCKET_POLICY_DOCTOR_OPERATION,
    ],
} as const satisfies SourceFacts<"cloudFrontAccessLogs">;
