// Security Hub findings, as Sentinel's CCF connector reads them: EventBridge's "Security Hub
// Findings - Imported" events (one finding each), written by a Firehose stream as gzip JSON lines
// under `AWSLogs/<account>/SecurityHubFindings/` (Microsoft's `SecurityHubResourcesAndConfig.json`
// prefix) into the built-in `AWSSecurityHubFindings` table through Microsoft's "AWS Security Hub"
// solution (Azure-Sentinel `Solutions/AWS Security Hub/Data Connectors/AWSSecurityHubFindings_CCP/`,
// GA since 3.0.1).
import { NOTIFICATION_SUFFIX } from "../../shared/connector";
import { ProjectedColumn, projectKql } from "../kql";
import type { SourceFacts } from "../types";

/** The stream the connection sends to its DCR (`AWSSecurityHubFindings_PollingConfig.json @074133a`). */
export const SECURITY_HUB_STREAM = "Custom-AWSSecurityHubFindings";

/** The folder Firehose writes the findings under, after `AWSLogs/<account>/`. */
export const SECURITY_HUB_SEGMENT = "SecurityHubFindings";

/**
 * The folder of records Firehose could not deliver, beside the findings' folder so the connector's
 * notification (which ends `SecurityHubFindings/`) never sends them to the queue.
 */
export const SECURITY_HUB_ERROR_SEGMENT = "SecurityHubFindings-errors";

/** The EventBridge events of imported findings (Security Hub user guide, "EventBridge event formats"). */
export const SECURITY_HUB_EVENT_PATTERN = {
    source: ["aws.securityhub"],
    "detail-type": ["Security Hub Findings - Imported"],
} as const;

/** The name prefix of the Firehose roles of this source, which an organization hub admits by it. */
export const SECURITY_HUB_ROLE_PREFIX = "SecurityHubFindingsFirehose";

/**
 * The `AWSSecurityHubFindings` columns and how each comes from an EventBridge event (`time`, and
 * `detail.findings[0]`: "Each event sends a single finding", Security Hub user guide, "EventBridge
 * event formats"; ASFF field names). `TimeGenerated` is the event's own time.
 */
export const SECURITY_HUB_PROJECTION: readonly ProjectedColumn[] = [
    ["TimeGenerated", "todatetime(['time'])"],
    ["AwsRegion", "tostring(_finding.Region)"],
    ["AwsAccountId", "tostring(_finding.AwsAccountId)"],
    ["ComplianceStatus", "tostring(_finding.Compliance.Status)"],
    ["ComplianceStatusReasons", "todynamic(_finding.Compliance.StatusReasons)"],
    ["ComplianceSecurityControlId", "tostring(_finding.Compliance.SecurityControlId)"],
    [
        "ComplianceSecurityControlParameters",
        "todynamic(_finding.Compliance.SecurityControlParameters)",
    ],
    ["ComplianceRelatedRequirements", "todynamic(_finding.Compliance.RelatedRequirements)"],
    ["ComplianceAssociatedStandards", "todynamic(_finding.Compliance.AssociatedStandards)"],
    ["AwsSecurityFindingTitle", "tostring(_finding.Title)"],
    ["AwsSecurityFindingId", "tostring(_finding.Id)"],
    ["AwsSecurityFindingDescription", "tostring(_finding.Description)"],
    ["AwsSecurityFindingTypes", "todynamic(_finding.Types)"],
    ["AwsSecurityFindingCreatedAt", "todatetime(_finding.CreatedAt)"],
    ["AwsSecurityFindingFirstObservedAt", "todatetime(_finding.FirstObservedAt)"],
    ["AwsSecurityFindingUpdatedAt", "todatetime(_finding.UpdatedAt)"],
    ["AwsSecurityFindingLastObservedAt", "todatetime(_finding.LastObservedAt)"],
    ["AwsSecurityFindingProcessedAt", "todatetime(_finding.ProcessedAt)"],
    ["AwsSecurityFindingGeneratorId", "tostring(_finding.GeneratorId)"],
    ["AwsSecurityFindingProductArn", "tostring(_finding.ProductArn)"],
    ["AwsSecurityFindingProductName", "tostring(_finding.ProductName)"],
    ["AwsSecurityFindingProductFields", "todynamic(_finding.ProductFields)"],
    ["AwsSecurityFindingSeverity", "todynamic(_finding.FindingProviderFields.Severity)"],
    ["Remediation", "todynamic(_finding.Remediation)"],
    ["SchemaVersion", "tostring(_finding.SchemaVersion)"],
    ["Resources", "todynamic(_finding.Resources)"],
    ["RecordState", "tostring(_finding.RecordState)"],
    ["WorkflowState", "tostring(_finding.WorkflowState)"],
    ["RawData", "todynamic(detail)"],
];

/** Security Hub findings' facts. */
export const SECURITY_HUB_FACTS = {
    key: "securityHubFindings",
    title: "Security Hub findings",
    connections: [
        {
            id: "securityHubFindings",
            table: "AWSSecurityHubFindings",
            pathSegment: SECURITY_HUB_SEGMENT,
            suffix: NOTIFICATION_SUFFIX,
            streamName: SECURITY_HUB_STREAM,
        },
    ],
    sentinel: {
        kind: "ccf",
        definitionName: "AwsSecurityHubFindingsCcpDefinition",
        definitionTitle: "AWS Security Hub Findings",
        // Solution "AWS Security Hub" (Data/Solution_AWSSecurityHub.json), offer
        // azuresentinel.azure-sentinel-solution-awssecurityhub (Package/mainTemplate.json @074133a).
        solution: {
            name: "AWS Security Hub",
            packageId: "azuresentinel.azure-sentinel-solution-awssecurityhub",
        },
        apiVersion: "2023-02-01-preview",
        // `JsonLine` as both of Microsoft's connection files say; compressed, as the objects are
        // (Firehose GZIP): the later file (@9f1e734) says `IsCompressed: true`, the first (3.0.0)
        // `false` for the same gzip objects.
        dataFormat: { Format: "JsonLine", IsCompressed: true, compressType: "Gzip" },
        dcr: {
            // The whole EventBridge event arrives; the DCR reads its time and its finding
            // (AWSSecurityHubFindings_DCR.json @2e4cf34 declares the same two columns).
            streamDeclarations: {
                [SECURITY_HUB_STREAM]: [
                    { name: "time", type: "datetime" },
                    { name: "detail", type: "dynamic" },
                ],
            },
            dataFlows: [
                {
                    streams: [SECURITY_HUB_STREAM],
                    transformKql: projectKql(SECURITY_HUB_PROJECTION, [
                        "extend _finding = parse_json(detail).findings[0]",
                    ]),
                    outputStream: "Microsoft-AWSSecurityHubFindings",
                },
            ],
        },
        customTables: [],
    },
    // The writer is a Firehose role the package creates, not a service principal in the bucket policy.
    pack: { writerServices: [] },
    eventDriven: true,
    layout: { organizationFolder: "securityhub/" },
    doctorOperations: [
        {
            service: "firehose",
            operation: "ListDeliveryStreams",
            action: "firehose:ListDeliveryStreams",
            purpose: "the Firehose streams, to find the one writing findings to the bucket",
        },
        {
            service: "firehose",
            operation: "DescribeDeliveryStream",
            action: "firehose:DescribeDeliveryStream",
            purpose: "the findings stream's status, destination and delivery failures",
        },
    ],
} as const satisfies SourceFacts<"securityHubFindings">;
