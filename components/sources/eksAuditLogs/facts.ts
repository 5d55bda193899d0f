// EKS audit logs, as Sentinel's CCF connector reads them into the custom table `AWSEKSLogs_CL`
// through Microsoft's "AWS EKS" solution (Azure-Sentinel `Solutions/AWS EKS/Data Connectors/`:
// `AWSEKS_PollingConfig.json @07c019e`, `AWSEKS_DCR.json @cd542d1`, `AWSEKS_Table.json @4d935df`).
//
// EKS sends a cluster's audit log to the CloudWatch Logs group `/aws/eks/<cluster>/cluster` once
// audit logging is on (EKS user guide, "Send control plane logs to CloudWatch Logs"). Microsoft's
// template subscribes it to a Firehose stream whose Lambda decodes the subscription's records and
// writes one table-shaped JSON object per event (`AWS_EKS_Resources_Deployment.json @23f1e11`). The
// package uses Firehose's own decompression and message extraction instead, so each line of the
// objects is the audit event itself (Kubernetes `audit.k8s.io/v1` Event, as the API server logs it),
// and does in the DCR what Microsoft's Lambda does in Python: the same thirteen columns, derived
// the same way, except that `TimeGenerated` is the event's `requestReceivedTimestamp` (Microsoft's
// DCR overwrites it with `now()`) and `RawEvent` keeps the event's fields instead of four of them.
// Why no Lambda: nothing to run, patch or grant, and no response-size limit (6 MB per Lambda
// invocation) between a burst of audit events and the bucket.
import { NOTIFICATION_SUFFIX } from "../../shared/connector";
import { ProjectedColumn, projectKql } from "../kql";
import type { ColumnFacts, SourceFacts } from "../types";
import type { SubscriptionSourceFacts } from "../writers/logsSubscription";
import { LOGS_PIPELINE_DOCTOR_OPERATIONS } from "../writers/logsSubscriptionFacts";

/** The custom table Microsoft's connector writes (`AWSEKS_PollingConfig.json` `destinationTable`). */
export const EKS_TABLE = "AWSEKSLogs_CL";

/**
 * The stream the connection sends to the DCR. The package's own name: the lines are audit events,
 * not rows of the table, so the input stream is declared apart from the table's `Custom-AWSEKSLogs_CL`
 * (Azure Monitor, "Structure of a data collection rule": `streamDeclarations` declare the incoming
 * data's shape; `outputStream` names the table).
 */
export const EKS_STREAM = "Custom-AWSEKSAuditEvents";

/** The folder Firehose writes the audit events under, after `AWSLogs/<account>/` (Microsoft's `eks-audit-logs/`). */
export const EKS_SEGMENT = "eks-audit-logs";

/** The folder of records Firehose could not deliver, beside the events' folder. */
export const EKS_ERROR_SEGMENT = "eks-audit-logs-errors";

/** The name prefix of this source's Firehose roles, which an organization hub admits by it. */
export const EKS_ROLE_PREFIX = "EksAuditLogsFirehose";

/** A cluster's control-plane log group (EKS user guide: "The log group name format is /aws/eks/my-cluster/cluster"). */
export function clusterLogGroup(clusterName: string): string {
    return `/aws/eks/${clusterName}/cluster`;
}

/** The control-plane log type that carries the audit log (EKS user guide: "Audit (audit)"). */
export const AUDIT_LOG_TYPE = "audit";

/**
 * The events that leave the cluster's log group: audit events only (the group also holds every
 * other control-plane log type turned on). Kubernetes audit events are `"kind": "Event"` of
 * `"apiVersion": "audit.k8s.io/v1"` (Kubernetes API reference, "Kube-apiserver Audit Configuration
 * (v1)"); CloudWatch Logs' JSON filter pattern syntax ("Filter pattern syntax …": `{ ($.a = "x") &&
 * ($.b = "y") }`).
 */
export const EKS_AUDIT_FILTER_PATTERN =
    '{ ($.kind = "Event") && ($.apiVersion = "audit.k8s.io/v1") }';

/**
 * The audit event's fields the DCR reads (Kubernetes `audit.k8s.io/v1` Event), declared as the
 * file holds them: objects and lists as dynamic, the two MicroTime stamps as datetime.
 */
export const EKS_EVENT_COLUMNS: readonly ColumnFacts[] = [
    { name: "kind", type: "string" },
    { name: "apiVersion", type: "string" },
    { name: "level", type: "string" },
    { name: "auditID", type: "string" },
    { name: "stage", type: "string" },
    { name: "requestURI", type: "string" },
    { name: "verb", type: "string" },
    { name: "user", type: "dynamic" },
    { name: "impersonatedUser", type: "dynamic" },
    { name: "sourceIPs", type: "dynamic" },
    { name: "userAgent", type: "string" },
    { name: "objectRef", type: "dynamic" },
    { name: "responseStatus", type: "dynamic" },
    { name: "requestObject", type: "dynamic" },
    { name: "responseObject", type: "dynamic" },
    { name: "requestReceivedTimestamp", type: "datetime" },
    { name: "stageTimestamp", type: "datetime" },
    { name: "annotations", type: "dynamic" },
];

/**
 * The columns of `AWSEKSLogs_CL`, as Microsoft's table declares them (`AWSEKS_Table.json
 * @4d935df`, names and types), described from the audit event fields they hold.
 */
export const EKS_TABLE_COLUMNS: readonly ColumnFacts[] = [
    {
        name: "TimeGenerated",
        type: "datetime",
        description: "When the API server received the request (requestReceivedTimestamp).",
    },
    {
        name: "AwsAccountId",
        type: "string",
        description: "The audit event's aws.amazon.com/account-id annotation, when present.",
    },
    {
        name: "Region",
        type: "string",
        description: "The audit event's aws.amazon.com/region annotation, when present.",
    },
    {
        name: "ClusterName",
        type: "string",
        description: "The audit event's aws.amazon.com/cluster-name annotation, when present.",
    },
    { name: "Verb", type: "string", description: "The Kubernetes verb of the request." },
    { name: "User", type: "string", description: "The authenticated user's name." },
    { name: "SourceIPs", type: "dynamic", description: "The source IPs of the request." },
    { name: "UserAgent", type: "string", description: "The user agent the client reported." },
    {
        name: "ObjectRef",
        type: "string",
        description: "The object the request concerns: namespace/resource/name.",
    },
    { name: "ResponseCode", type: "int", description: "The HTTP status code of the response." },
    {
        name: "Stage",
        type: "string",
        description:
            "The stage of the request (RequestReceived, ResponseStarted, ResponseComplete, Panic).",
    },
    {
        name: "AuthDecision",
        type: "string",
        description: "The authorizer's decision (authorization.k8s.io/decision annotation).",
    },
    { name: "RawEvent", type: "dynamic", description: "The audit event's fields." },
];

/**
 * How each column comes from the event: Microsoft's Lambda's derivations (`transform_eks_to_la_format`
 * in `AWS_EKS_Resources_Deployment.json @23f1e11`), written in KQL, with `TimeGenerated` the
 * event's own time. `strlen` stands in for the Lambda's truthiness tests (an absent field's
 * `tostring` is empty), and only functions Azure Monitor transformations support are used
 * (Azure Monitor, "Supported KQL features in Azure Monitor transformations").
 */
export const EKS_PROJECTION: readonly ProjectedColumn[] = [
    ["TimeGenerated", "todatetime(requestReceivedTimestamp)"],
    ["AwsAccountId", "tostring(annotations['aws.amazon.com/account-id'])"],
    ["Region", "tostring(annotations['aws.amazon.com/region'])"],
    ["ClusterName", "tostring(annotations['aws.amazon.com/cluster-name'])"],
    ["Verb", "tostring(verb)"],
    ["User", "tostring(user.username)"],
    ["SourceIPs", "todynamic(sourceIPs)"],
    ["UserAgent", "tostring(userAgent)"],
    [
        "ObjectRef",
        "case(strlen(_ns) > 0 and strlen(_resource) > 0 and strlen(_name) > 0, strcat(_ns, '/', _resource, '/', _name), strlen(_resource) > 0 and strlen(_name) > 0, strcat(_resource, '/', _name), _name)",
    ],
    ["ResponseCode", "toint(responseStatus.code)"],
    ["Stage", "tostring(stage)"],
    ["AuthDecision", "tostring(annotations['authorization.k8s.io/decision'])"],
    [
        "RawEvent",
        "pack('kind', kind, 'apiVersion', apiVersion, 'level', level, 'auditID', auditID, 'stage', stage, 'requestURI', requestURI, 'verb', verb, 'user', user, 'impersonatedUser', impersonatedUser, 'sourceIPs', sourceIPs, 'userAgent', userAgent, 'objectRef', objectRef, 'responseStatus', responseStatus, 'requestObject', requestObject, 'responseObject', responseObject, 'requestReceivedTimestamp', requestReceivedTimestamp, 'stageTimestamp', stageTimestamp, 'annotations', annotations)",
    ],
];

/** How the pipelines of this source are named and where they write. */
export const EKS_SUBSCRIBED: SubscriptionSourceFacts = {
    resourceName: "eks-audit-logs",
    rolePrefix: EKS_ROLE_PREFIX,
    subscriptionRolePrefix: "EksAuditLogsSubscription",
    segment: EKS_SEGMENT,
    errorSegment: EKS_ERROR_SEGMENT,
};

/** EKS audit logs' facts. */
export const EKS_AUDIT_LOGS_FACTS = {
    key: "eksAuditLogs",
    title: "EKS audit logs",
    connections: [
        {
            id: "eksAuditLogs",
            table: EKS_TABLE,
            pathSegment: EKS_SEGMENT,
            // Firehose's GZIP objects end `.gz` (Microsoft's notification has no suffix: its
            // folder holds nothing else; this one's error folder is beside it, not under it).
            suffix: NOTIFICATION_SUFFIX,
            streamName: EKS_STREAM,
        },
    ],
    sentinel: {
        kind: "ccf",
        definitionName: "AWSEKSDefinition",
        definitionTitle: "AWS EKS",
        // Solution "AWS EKS" (Data/Solution_AWSEKS.json), offer azure-sentinel-solution-awseks
        // (SolutionMetadata.json @1d31ea5).
        solution: {
            name: "AWS EKS",
            packageId: "azuresentinel.azure-sentinel-solution-awseks",
        },
        // Every packaged AWS connection Microsoft ships is 2023-02-01-preview (the EKS source file
        // says 2022-10-01-preview; no packaged EKS connection was read): `ccfApiVersions` overrides.
        apiVersion: "2023-02-01-preview",
        // AWSEKS_PollingConfig.json @07c019e.
        dataFormat: { Format: "Json", IsCompressed: true, compressType: "Gzip" },
        dcr: {
            streamDeclarations: { [EKS_STREAM]: EKS_EVENT_COLUMNS },
            dataFlows: [
                {
                    streams: [EKS_STREAM],
                    transformKql: projectKql(EKS_PROJECTION, [
                        "extend _ns = tostring(objectRef.namespace), _resource = tostring(objectRef.resource), _name = tostring(objectRef.name)",
                    ]),
                    outputStream: `Custom-${EKS_TABLE}`,
                },
            ],
        },
        customTables: [{ name: EKS_TABLE, columns: EKS_TABLE_COLUMNS }],
    },
    // The writer is a Firehose role the package creates, not a service principal in the bucket policy.
    pack: { writerServices: [] },
    layout: { organizationFolder: "eks/" },
    exampleSettings: { clusterNames: ["production"] },
    doctorOperations: [
        ...LOGS_PIPELINE_DOCTOR_OPERATIONS,
        {
            service: "eks",
            operation: "DescribeCluster",
            action: "eks:DescribeCluster",
            purpose: "whether each cluster sends its audit log to CloudWatch Logs",
        },
    ],
} as const satisfies SourceFacts<"eksAuditLogs">;
