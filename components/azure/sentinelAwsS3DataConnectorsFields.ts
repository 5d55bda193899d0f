// The description of every argument of `SentinelAwsS3DataConnectors`: type, default, check and
// documentation, in one place (the validator, the stack-configuration reader and the README's
// table read it; `FieldsOf<…>` makes the compiler check it lists exactly the interface's fields).
import type { SentinelConnection } from "../aws/awsSentinelConnectionArgs";
import {
    CONNECTIONS,
    DEFAULT_SENTINEL_API_VERSION,
    DESTINATION_TABLES,
    LOG_TYPES,
} from "../shared/catalog";
import { readerOf } from "../sources/connections";
import { Field, FieldsOf, StringFormat, objectOf } from "../shared/fields";
import * as f from "../shared/formats";
import { IAM_ROLE_ARN_PATTERN as ROLE_ARN_PATTERN } from "../shared/patterns";
import {
    AwsConnectionInput,
    DEFAULT_IAM_PROPAGATION_DELAY,
    SentinelAwsS3DataConnectorsArgs,
    SentinelConnectionInput,
} from "./sentinelAwsS3DataConnectorsArgs";

/** Resource group names (Azure naming rules for Microsoft.Resources/resourceGroups). */
const RESOURCE_GROUP: StringFormat = {
    what: "a resource group name: 1-90 letters, digits, and -_.() characters, not ending in a period",
    example: "rg-sentinel",
    test: /^[-\w._()]{0,89}[-\w_()]$/,
};

/** Log Analytics workspace names (Azure naming rules for Microsoft.OperationalInsights/workspaces). */
const WORKSPACE_NAME: StringFormat = {
    what: "a Log Analytics workspace name (not its ID): 4-63 letters, digits and hyphens, starting and ending with a letter or digit",
    example: "law-sentinel",
    test: /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/,
};

/** A preview SecurityInsights API version: the AmazonWebServicesS3 kind is absent from stable ones. */
const API_VERSION: StringFormat = {
    what: 'an API version like "2025-10-01-preview"',
    test: (value) => (/^\d{4}-\d{2}-\d{2}-preview$/.test(value) ? undefined : ""),
    problem: (at, value) =>
        /^\d{4}-\d{2}-\d{2}$/.test(value)
            ? `${at.code} must be a preview version (such as "${DEFAULT_SENTINEL_API_VERSION}"): the AmazonWebServicesS3 kind is absent from stable SecurityInsights API versions; got ${JSON.stringify(value)}.`
            : undefined,
};

/** A duration for the wait (the time provider's `createDuration`: `30s`, `2m`, `1h30m`). */
const DURATION: StringFormat = {
    what: 'a duration such as "30s", "2m" or "0s"',
    example: "30s",
    test: /^(?:\d+(?:ms|s|m|h)|0|(?:\d+h)?(?:\d+m)?(?:\d+s)?)$/,
};

/** A SecurityInsights API version, stable or preview (the CCF connections' versions). */
const ANY_API_VERSION: StringFormat = {
    what: 'an API version like "2023-02-01-preview" or "2024-09-01"',
    test: /^\d{4}-\d{2}-\d{2}(?:-preview)?$/,
};

/** A data collection endpoint's ARM ID (Microsoft.Insights/dataCollectionEndpoints). */
const DCE_ID: StringFormat = {
    what: "a data collection endpoint's resource ID",
    example:
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-sentinel/providers/Microsoft.Insights/dataCollectionEndpoints/dce-sentinel",
    test: /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Insights\/dataCollectionEndpoints\/[^/]+$/i,
};

/** The log types some of whose connections Sentinel reads through the Codeless Connector Framework. */
const CCF_LOG_TYPES = LOG_TYPES.filter((t) =>
    CONNECTIONS.some((c) => c.logType === t && readerOf(c).kind === "ccf"),
);

/** The connections of the catalog, by ID. */
const CONNECTION_ID: Field = {
    kind: "enum",
    doc: "A connection of the package's catalog.",
    values: CONNECTIONS.map((c) => c.id),
};

const CONNECTOR_NAME: StringFormat = {
    what: "a connector resource name (letters, digits, _.-), such as the GUID shown in the connector's resource ID",
    example: "6f1c0c8e-4b0a-4e2f-9b1d-2c3d4e5f6a7b",
    test: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/,
};

const connection = objectOf<SentinelConnectionInput>(
    "SentinelConnectionInput",
    {
        destinationTable: {
            kind: "enum",
            required: true,
            doc: "The Log Analytics table the connector writes to; one connector per table.",
            values: DESTINATION_TABLES,
        },
        connectionId: {
            ...CONNECTION_ID,
            doc: "The connection's ID in the package's catalog (`AwsSentinelConnection.connections[].connectionId`): how Sentinel reads the queue where a table is read more than one way (`AWSVPCFlow`: `vpcFlowLogs`, `vpcFlowLogsCcf`, `vpcFlowLogsParquet`).",
            default: { text: "the table's classic (or only) connection" },
        },
        sqsUrl: {
            kind: "string",
            input: true,
            required: true,
            doc: "The URL of the queue carrying this log type's notifications.",
            format: f.SQS_URL,
        },
    },
    { doc: "A connection.", open: true },
);

const connections: Field = {
    kind: "list",
    minItems: 1,
    itemName: "connection ({ destinationTable, sqsUrl })",
    doc: "The connections ({ destinationTable, sqsUrl }), one connector each; `AwsSentinelConnection.connections` fits.",
    items: connection,
};

const destinationTables: Field = {
    kind: "list",
    minItems: 1,
    unique: true,
    itemName: "destination table",
    doc: "The tables to connect, one connector each, with `connectionsOutput` (a plain list: it decides how many connectors exist).",
    items: {
        kind: "enum",
        doc: "A Log Analytics table the connector writes to.",
        values: DESTINATION_TABLES,
    },
};

/**
 * One of the AWS side's connections (`AwsSentinelConnection.connections`), as `connectionsOutput`
 * takes it: the connectors read the table and the queue URL; the rest may be there.
 */
const awsConnection = objectOf<SentinelConnection>(
    "SentinelConnection",
    {
        logType: { kind: "enum", doc: "The log type.", values: LOG_TYPES },
        destinationTable: { ...connection.fields.destinationTable, required: true },
        connectionId: { ...CONNECTION_ID, doc: "The connection's ID in the package's catalog." },
        sqsUrl: { ...connection.fields.sqsUrl, required: true },
        queueArn: { kind: "string", doc: "The ARN of that queue." },
        deadLetterQueueUrl: { kind: "string", doc: "The URL of its dead-letter queue." },
        deadLetterQueueArn: { kind: "string", doc: "The ARN of its dead-letter queue." },
        objectPrefix: { kind: "string", doc: "The key prefix the bucket notification filters on." },
        bucketName: {
            kind: "string",
            doc: "The bucket whose notification feeds the queue: the log bucket, or the log type's own.",
        },
    },
    { doc: "A connection of the AWS side.", open: true },
);

const connectionIds: Field = {
    kind: "list",
    minItems: 1,
    unique: true,
    itemName: "connection ID",
    doc: "With `destinationTables` and `connectionsOutput`: the connections of the tables read another way than by default (`vpcFlowLogsCcf` or `vpcFlowLogsParquet` for `AWSVPCFlow` through CCF), as the AWS side's `connections[].connectionId` says (a plain list: it decides the resources).",
    default: { text: "each table's classic (or only) connection" },
    items: CONNECTION_ID,
};

const connectionsOutput: Field = {
    kind: "list",
    input: true,
    doc: "The AWS side's `connections` as one Output (another Pulumi language, a StackReference); each of `destinationTables` takes its queue URL from the connection with that table.",
    items: awsConnection,
};

const roleArn: Field = {
    kind: "string",
    input: true,
    doc: "The ARN of the role Sentinel assumes (`AwsSentinelConnection.roleArn`); its name starts with `OIDC_`.",
    format: {
        what: "an IAM role ARN",
        example: "arn:aws:iam::123456789012:role/OIDC_MicrosoftSentinel",
        test: (value) => (ROLE_ARN_PATTERN.exec(value)?.[1].startsWith("OIDC_") ? undefined : ""),
        problem: (at, value) =>
            ROLE_ARN_PATTERN.test(value)
                ? `${at.code} must name a role starting with "OIDC_", or the connector cannot use it; got ${JSON.stringify(value)}.`
                : undefined,
    },
};

const connectorName: Field = {
    kind: "string",
    doc: "A connector's resource name.",
    format: CONNECTOR_NAME,
};

/** The description of every field of `SentinelAwsS3DataConnectorsArgs`. */
export const SENTINEL_CONNECTORS_FIELDS = {
    resourceGroupName: {
        kind: "string",
        input: true,
        required: true,
        doc: "The resource group of the Log Analytics workspace Sentinel uses.",
        format: RESOURCE_GROUP,
    },
    workspaceName: {
        kind: "string",
        input: true,
        required: true,
        doc: "The name (not the ID) of the Log Analytics workspace Sentinel uses.",
        format: WORKSPACE_NAME,
    },
    awsConnection: objectOf<AwsConnectionInput>(
        "AwsConnectionInput",
        {
            roleArn: { ...roleArn, required: true },
            connections: { ...connections, required: true },
        },
        {
            doc: "The AWS side: an `AwsSentinelConnection` (its role, connections and prerequisites), or `roleArn` and `connections`.",
            open: true,
        },
    ),
    roleArn,
    connections,
    destinationTables,
    connectionIds,
    connectionsOutput,
    onboardWorkspace: {
        kind: "boolean",
        doc: 'Creates `SentinelOnboardingState` "default" first (retained on delete: offboarding would wipe the workspace\'s Sentinel settings).',
        default: { value: false },
    },
    apiVersion: {
        kind: "string",
        doc: "The SecurityInsights API version; must be a preview version.",
        default: { value: DEFAULT_SENTINEL_API_VERSION },
        format: API_VERSION,
    },
    connectorNames: {
        kind: "map",
        doc: "Names of connectors created earlier (in the portal), by table, to adopt them.",
        default: { text: "a UUID derived from the role ARN and the table" },
        knownKeys: DESTINATION_TABLES,
        values: connectorName,
    },
    iamPropagationDelay: {
        kind: "string",
        doc: "Wait after the role changes before creating connectors; `0s` for none.",
        default: { value: DEFAULT_IAM_PROPAGATION_DELAY },
        format: DURATION,
    },
    existingDataCollectionEndpointId: {
        kind: "string",
        input: true,
        doc: "CCF sources: an existing data collection endpoint's ARM ID, used instead of the one the component creates.",
        default: { text: "a DCE is created in the workspace's resource group and region" },
        format: DCE_ID,
    },
    createConnectorDefinitions: {
        kind: "boolean",
        doc: "CCF sources: creates a minimal connector definition per source instead of requiring its Content Hub solution (checked at preview).",
        default: { value: false },
    },
    ccfApiVersions: {
        kind: "map",
        doc: "CCF sources: the SecurityInsights API version of each source's connection, by log type.",
        default: { text: "each source's packaged template's version" },
        knownKeys: CCF_LOG_TYPES,
        values: { kind: "string", doc: "An API version.", format: ANY_API_VERSION },
    },
} as const satisfies FieldsOf<SentinelAwsS3DataConnectorsArgs>;

/** The workspace-level fields (everything but the AWS side), as the stack configuration holds them. */
export const SENTINEL_WORKSPACE_FIELDS = (({
    awsConnection: _a,
    roleArn: _r,
    connections: _c,
    destinationTables: _t,
    connectionIds: _i,
    connectionsOutput: _o,
    ...rest
}) => rest)(SENTINEL_CONNECTORS_FIELDS);
