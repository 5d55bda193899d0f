// AWS WAF logs, as Sentinel's CCF connector reads them: WAF's log delivery writes gzip JSON lines
// under `AWSLogs/<account>/WAFLogs/<region>/<web ACL>/YYYY/MM/dd/HH/mm/` of a bucket whose name
// starts with `aws-waf-logs-` (WAF developer guide, "Sending web ACL traffic logs to an Amazon
// Simple Storage Service bucket") into the built-in `AWSWAF` table through Microsoft's "Amazon Web
// Services" solution (Azure-Sentinel `Solutions/Amazon Web Services/Data Connectors/AWS_WAF_CCP/`,
// preview). The connection names the `SENTINEL_AWSWAF` stream, which Sentinel parses itself: the
// DCR only passes `Microsoft-AWSWAF` through.
import { NOTIFICATION_SUFFIX } from "../../shared/connector";
import type { SourceFacts } from "../types";
import { LOG_DELIVERY_SERVICE } from "../writers/services";

/** The prefix WAF requires of a logging bucket's name (WAF API reference, `LoggingConfiguration`). */
export const WAF_BUCKET_PREFIX = "aws-waf-logs-";

/** The stream the connection sends (`AwsS3_WAF_PollingConfig.json @3216983`). */
export const WAF_STREAM = "SENTINEL_AWSWAF";

/** The region of every CloudFront (global) web ACL and of its logging (WAF developer guide). */
export const CLOUDFRONT_WEB_ACL_REGION = "us-east-1";

/**
 * A web ACL's ARN: `arn:<partition>:wafv2:<region>:<account>:<global|regional>/webacl/<name>/<id>`
 * (WAF developer guide, "How AWS WAF works with IAM": resource ARNs; names `^[\w\-]+$`, 1-128
 * characters, IDs a UUID, WAFV2 API reference `WebACL`).
 */
export const WEB_ACL_ARN_PATTERN =
    /^arn:(aws[a-z-]*):wafv2:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):(global|regional)\/webacl\/([\w-]{1,128})\/([0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12})$/;

/** A web ACL's ARN, read. */
export interface WebAclArn {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly scope: "global" | "regional";
    readonly name: string;
}

/** The parts of a web ACL ARN, or undefined when it is not one. */
export function parseWebAclArn(arn: string): WebAclArn | undefined {
    const m = WEB_ACL_ARN_PATTERN.exec(arn);
    return m
        ? {
              partition: m[1],
              region: m[2],
              accountId: m[3],
              scope: m[4] as "global" | "regional",
              name: m[5],
          }
        : undefined;
}

/**
 * What is wrong with a web ACL ARN, or undefined: a CloudFront (global) web ACL lives in
 * `us-east-1` ("you must use the Region US East (N. Virginia) to create your web ACL", WAF developer
 * guide, "Resources that you can protect"), so a global ARN of another region names no web ACL.
 */
export function webAclArnProblem(arn: string): string | undefined {
    const parsed = parseWebAclArn(arn);
    if (parsed === undefined) {
        return "is not a web ACL ARN: use arn:aws:wafv2:<region>:<account>:<regional|global>/webacl/<name>/<id> (`aws wafv2 list-web-acls`)";
    }
    if (parsed.scope === "global" && parsed.region !== CLOUDFRONT_WEB_ACL_REGION) {
        return `is a CloudFront (global) web ACL in ${parsed.region}, but CloudFront web ACLs and their logging are in ${CLOUDFRONT_WEB_ACL_REGION}: use the ARN \`aws wafv2 list-web-acls --scope CLOUDFRONT --region us-east-1\` prints`;
    }
    return undefined;
}

/** AWS WAF logs' facts. */
export const WAF_FACTS = {
    key: "waf",
    title: "AWS WAF logs",
    exampleSettings: {
        webAclArns: [
            "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/app/0f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b",
        ],
    },
    connections: [
        {
            id: "waf",
            table: "AWSWAF",
            pathSegment: "WAFLogs",
            suffix: NOTIFICATION_SUFFIX,
            streamName: WAF_STREAM,
            // The poller sends an empty table: the SENTINEL_AWSWAF stream names it.
            connectorTable: "",
        },
    ],
    sentinel: {
        kind: "ccf",
        definitionName: "AwsS3WafCcpDefinition",
        definitionTitle: "Amazon Web Services S3 WAF",
        // The connector ships in the "Amazon Web Services" solution (Learn, "Connect Microsoft
        // Sentinel to Amazon Web Services to ingest AWS WAF logs"), offer
        // azure-sentinel-solution-amazonwebservices (SolutionMetadata.json @84ca86a).
        solution: {
            name: "Amazon Web Services",
            packageId: "azuresentinel.azure-sentinel-solution-amazonwebservices",
        },
        // The poller file says 2022-12-01-preview; every packaged CCF connection read is
        // 2023-02-01-preview (reference §2.8), which `ccfApiVersions.waf` can change.
        apiVersion: "2023-02-01-preview",
        // AwsS3_WAF_PollingConfig.json @3216983.
        dataFormat: { Format: "Json", IsCompressed: true, compressType: "Gzip" },
        // AwsS3_WAF_DCR.json @b188254: no declaration, no transform, one flow from the table's
        // own stream.
        dcr: { streamDeclarations: {}, dataFlows: [{ streams: ["Microsoft-AWSWAF"] }] },
        customTables: [],
    },
    pack: { writerServices: [LOG_DELIVERY_SERVICE] },
    // The WAF bucket holds WAF's files only, under AWSLogs/ from its root: WAF is given the bucket
    // ARN alone (no key prefix), in a single account and in an organization.
    layout: { organizationFolder: "", folder: () => "" },
    ownBucket: {
        id: "waf",
        namePrefix: WAF_BUCKET_PREFIX,
        encryption: "logBucket",
        accessLogs: true,
        reason: `WAF logs only to a bucket whose name starts with "${WAF_BUCKET_PREFIX}"`,
    },
    doctorOperations: [
        {
            service: "wafv2",
            operation: "GetLoggingConfiguration",
            action: "wafv2:GetLoggingConfiguration",
            purpose: "each web ACL's logging configuration and its destination",
        },
        {
            service: "wafv2",
            operation: "ListLoggingConfigurations",
            action: "wafv2:ListLoggingConfigurations",
            purpose: "the logging configurations writing to the WAF bucket",
        },
    ],
} as const satisfies SourceFacts<"waf">;
