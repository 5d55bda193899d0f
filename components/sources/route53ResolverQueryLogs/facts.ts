// Route 53 Resolver query logs, as Sentinel's CCF connector reads them: the log delivery service
// writes gzip JSON lines under `AWSLogs/<account>/vpcdnsquerylogs/<vpc>/YYYY/MM/DD/` (Athena user
// guide, "Create the table for Route 53 Resolver query logs"; Route 53 developer guide, "Values
// that appear in VPC Resolver query logs") into the built-in `AWSRoute53Resolver` table through
// Microsoft's "Amazon Web Services Route 53" solution (Azure-Sentinel `Solutions/Amazon Web
// Services Route 53/Data Connectors/AWSRoute53Resolver_CCP/`, 3.0.1 GA).
import { NOTIFICATION_SUFFIX } from "../../shared/connector";
import { ProjectedColumn, projectKql } from "../kql";
import type { ColumnFacts, SourceFacts } from "../types";
import { LOG_DELIVERY_SERVICE } from "../writers/services";

/** The stream the connection sends to its DCR (`AWSRoute53Resolver_PollingConfig.json`). */
export const ROUTE53_RESOLVER_STREAM = "Custom-AWSRoute53Resolver";

/**
 * The fields of a query-log record (Route 53 developer guide, "Values that appear in VPC Resolver
 * query logs"), declared as the file holds them: `query_timestamp` is ISO 8601 UTC, `answers` an
 * array and `srcids` an object, `srcport` a string in AWS's example record.
 */
export const ROUTE53_RESOLVER_COLUMNS: readonly ColumnFacts[] = [
    { name: "version", type: "string" },
    { name: "account_id", type: "string" },
    { name: "region", type: "string" },
    { name: "vpc_id", type: "string" },
    { name: "query_timestamp", type: "datetime" },
    { name: "query_name", type: "string" },
    { name: "query_type", type: "string" },
    { name: "query_class", type: "string" },
    { name: "rcode", type: "string" },
    { name: "answers", type: "dynamic" },
    { name: "srcaddr", type: "string" },
    { name: "srcport", type: "string" },
    { name: "transport", type: "string" },
    { name: "srcids", type: "dynamic" },
    { name: "firewall_rule_action", type: "string" },
    { name: "firewall_rule_group_id", type: "string" },
    { name: "firewall_domain_list_id", type: "string" },
];

/**
 * The `AWSRoute53Resolver` columns and how each comes from the record. `TimeGenerated` is the
 * query's own time (`query_timestamp`), never the ingestion time.
 */
export const ROUTE53_RESOLVER_PROJECTION: readonly ProjectedColumn[] = [
    ["Version", "tostring(version)"],
    ["AccountId", "tostring(account_id)"],
    ["Region", "tostring(region)"],
    ["VpcId", "tostring(vpc_id)"],
    ["TimeGenerated", "todatetime(query_timestamp)"],
    ["QueryName", "tostring(query_name)"],
    ["QueryType", "tostring(query_type)"],
    ["QueryClass", "tostring(query_class)"],
    ["Rcode", "tostring(rcode)"],
    ["Answers", "todynamic(answers)"],
    ["SrcAddr", "tostring(srcaddr)"],
    ["SrcPort", "tostring(srcport)"],
    ["Transport", "tostring(transport)"],
    ["SrcIds", "todynamic(srcids)"],
    ["FirewallRuleAction", "tostring(firewall_rule_action)"],
    ["FirewallRuleGroupId", "tostring(firewall_rule_group_id)"],
    ["FirewallDomainListId", "tostring(firewall_domain_list_id)"],
    ["LogType", '"ResolverQueryLogs"'],
];

/** Route 53 Resolver query logs' facts. */
export const ROUTE53_RESOLVER_FACTS = {
    key: "route53ResolverQueryLogs",
    title: "Route 53 Resolver query logs",
    connections: [
        {
            id: "route53ResolverQueryLogs",
            table: "AWSRoute53Resolver",
            pathSegment: "vpcdnsquerylogs",
            suffix: NOTIFICATION_SUFFIX,
            streamName: ROUTE53_RESOLVER_STREAM,
        },
    ],
    sentinel: {
        kind: "ccf",
        definitionName: "AWSRoute53ResolverCCPDefinition",
        definitionTitle: "Amazon Web Services S3 DNS Route53",
        // Solution "Amazon Web Services Route 53" (Data/Solution_AmazonWebServices.json), offer
        // azure-sentinel-solution-amazonwebservicesroute53 (SolutionMetadata.json).
        solution: {
            name: "Amazon Web Services Route 53",
            packageId: "azuresentinel.azure-sentinel-solution-amazonwebservicesroute53",
        },
        // The packaged connection (Package/mainTemplate.json @04a412a) is 2023-02-01-preview.
        apiVersion: "2023-02-01-preview",
        // AWSRoute53Resolver_PollingConfig.json @54c25f5.
        dataFormat: { Format: "Json", IsCompressed: true, compressType: "Gzip" },
        dcr: {
            streamDeclarations: { [ROUTE53_RESOLVER_STREAM]: ROUTE53_RESOLVER_COLUMNS },
            dataFlows: [
                {
                    streams: [ROUTE53_RESOLVER_STREAM],
                    transformKql: projectKql(ROUTE53_RESOLVER_PROJECTION),
                    outputStream: "Microsoft-AWSRoute53Resolver",
                },
            ],
        },
        customTables: [],
    },
    pack: { writerServices: [LOG_DELIVERY_SERVICE] },
    layout: { organizationFolder: "route53resolver/" },
    doctorOperations: [
        {
            service: "route53resolver",
            operation: "ListResolverQueryLogConfigs",
            action: "route53resolver:ListResolverQueryLogConfigs",
            purpose: "the query logging configurations writing to the bucket",
        },
        {
            service: "route53resolver",
            operation: "ListResolverQueryLogConfigAssociations",
            action: "route53resolver:ListResolverQueryLogConfigAssociations",
            purpose: "the VPCs each configuration logs, and their status",
        },
    ],
} as const satisfies SourceFacts<"route53ResolverQueryLogs">;
