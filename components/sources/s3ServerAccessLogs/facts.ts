// S3 server access logs, as Sentinel's CCF connector reads them: S3's logging service
// (`logging.s3.amazonaws.com`) writes uncompressed, space-delimited records without a file
// extension (S3 user guide, "Logging requests with server access logging", "Amazon S3 server access
// log format") into a target bucket of the source bucket's own account and region, read into the
// built-in `AWSS3ServerAccess` table through Microsoft's "AWS_AccessLogs" solution (Azure-Sentinel
// `Solutions/AWS_AccessLogs/Data Connectors/AwsS3ServerAccessLogsDefinition_CCP/`). The
// `SENTINEL_AWSS3SERVERACCESS` stream is parsed by Sentinel itself; the DCR passes it through.
import type { LayoutFacts, SourceFacts } from "../types";

/** The service principal that writes access logs (S3 user guide, "Enabling Amazon S3 server access logging"). */
export const S3_LOGGING_SERVICE = "logging.s3.amazonaws.com";

/** The stream the connection sends (`AWSS3ServerAccessLogs_PollingConfig.json @1b4ccf6`). */
export const S3_ACCESS_STREAM = "SENTINEL_AWSS3SERVERACCESS";

/**
 * The folder access logs go under in their bucket (after the hub's key prefix): the
 * `TargetPrefix` of every source bucket's logging.
 */
export const S3_ACCESS_SEGMENT = "S3AccessLogs";

/**
 * How S3 names the access-log objects: the partitioned format, `[TargetPrefix][SourceAccountId]/
 * [SourceRegion]/[SourceBucket]/[YYYY]/[MM]/[DD]/[YYYY]-[MM]-[DD]-[hh]-[mm]-[ss]-[UniqueString]`
 * (S3 API reference, `PartitionedPrefix`; S3 user guide, "Log object key format"), dated by the
 * delivery: every key names its account, region and bucket, and the newest files are in the newest
 * date folder. The simple format puts every file of a bucket in one folder, in time order.
 */
export const S3_ACCESS_KEY_FORMAT = {
    partitionedPrefix: { partitionDateSource: "DeliveryTime" },
} as const;

/** The `TargetPrefix` of every source bucket's logging: the access-log folder. */
export function accessLogTargetPrefix(folder: string): string {
    return `${folder}${S3_ACCESS_SEGMENT}/`;
}

/**
 * The access logs' layout in their own bucket: `<folder>S3AccessLogs/<account>/…`, S3's partitioned
 * format after the package's target prefix. A single account's connection reads its account's
 * folder; an organization hub's reads the whole access-log folder, every account's (the bucket holds
 * nothing else, so it needs no folder of the organization's in front).
 */
const S3_ACCESS_LAYOUT = {
    organizationFolder: "",
    folder: (ctx) => ctx.keyPrefix,
    connectionPrefix: (_connection, ctx) =>
        ctx.organization
            ? accessLogTargetPrefix(ctx.keyPrefix)
            : `${accessLogTargetPrefix(ctx.keyPrefix)}${ctx.hubAccountId}/`,
    prefixes: (connection, ctx) => [
        {
            id: `sentinel-${connection.id}`,
            prefix: ctx.organization
                ? accessLogTargetPrefix(ctx.keyPrefix)
                : `${accessLogTargetPrefix(ctx.keyPrefix)}${ctx.hubAccountId}/`,
            stablePrefix: accessLogTargetPrefix(ctx.keyPrefix),
        },
    ],
    readablePattern: (_connection, ctx) =>
        ctx.organization
            ? `${accessLogTargetPrefix(ctx.keyPrefix)}*`
            : `${accessLogTargetPrefix(ctx.keyPrefix)}${ctx.hubAccountId}/*`,
} as const satisfies LayoutFacts;

/** S3 server access logs' facts. */
export const S3_SERVER_ACCESS_FACTS = {
    key: "s3ServerAccessLogs",
    title: "S3 server access logs",
    exampleSettings: { sourceBucketNames: ["app-data"] },
    connections: [
        {
            id: "s3ServerAccessLogs",
            table: "AWSS3ServerAccess",
            pathSegment: S3_ACCESS_SEGMENT,
            // Access-log objects have no extension: the notification is scoped by its prefix alone.
            suffix: "",
            streamName: S3_ACCESS_STREAM,
        },
    ],
    sentinel: {
        kind: "ccf",
        definitionName: "AwsS3ServerAccessLogsDefinition",
        definitionTitle: "AWS S3 Server Access Logs",
        // Solution "AWS_AccessLogs", offer azure-sentinel-solution-awsaccesslogs
        // (SolutionMetadata.json @5776b78).
        solution: {
            name: "AWS_AccessLogs",
            packageId: "azuresentinel.azure-sentinel-solution-awsaccesslogs",
        },
        // The packaged connection (Package/mainTemplate.json @09f975c) is 2023-02-01-preview.
        apiVersion: "2023-02-01-preview",
        // AWSS3ServerAccessLogs_PollingConfig.json @1b4ccf6: space-delimited, uncompressed, no header.
        dataFormat: {
            Format: "csv",
            CsvDelimiter: " ",
            IsCompressed: false,
            compressType: "None",
            HasCsvHeader: false,
        },
        // AWSS3ServerAccessLogs_DCR.json @776da5b: no declaration, no transform.
        dcr: { streamDeclarations: {}, dataFlows: [{ streams: ["Microsoft-AWSS3ServerAccess"] }] },
        customTables: [],
    },
    pack: { writerServices: [S3_LOGGING_SERVICE] },
    layout: S3_ACCESS_LAYOUT,
    ownBucket: {
        id: "s3-access",
        encryption: "sseS3",
        accessLogs: false,
        reason: 'S3 delivers access logs only to a bucket with SSE-S3 default encryption and no access logging of its own (S3 user guide, "Enabling Amazon S3 server access logging")',
    },
    doctorOperations: [
        {
            service: "s3",
            operation: "GetBucketLogging",
            action: "s3:GetBucketLogging",
            purpose: "each source bucket's access logging and its target",
        },
    ],
} as const satisfies SourceFacts<"s3ServerAccessLogs">;
