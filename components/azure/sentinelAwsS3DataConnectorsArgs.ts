// The arguments and outputs of `SentinelAwsS3DataConnectors`, inside what Pulumi's component schema
// can describe. The description of each field is in `sentinelAwsS3DataConnectorsFields.ts`.
import * as pulumi from "@pulumi/pulumi";
import type { SentinelConnection } from "../aws/awsSentinelConnectionArgs";
import { DestinationTable } from "../shared/catalog";
import { ConnectionId } from "../sources/connections";

/** One connection: a destination table and the queue that carries its notifications. */
export interface SentinelConnectionInput {
    /** The Log Analytics table the connector writes to; one connector per table. */
    readonly destinationTable: DestinationTable;
    /**
     * The connection's ID in the package's catalog (`AwsSentinelConnection.connections[].connectionId`),
     * which says how Sentinel reads the queue where a table is read more than one way (`AWSVPCFlow`:
     * `vpcFlowLogs` classic, `vpcFlowLogsCcf` or `vpcFlowLogsParquet` through CCF).
     * @default the table's classic (or only) connection
     */
    readonly connectionId?: ConnectionId;
    /** The URL of the SQS queue the connector polls. */
    readonly sqsUrl: pulumi.Input<string>;
}

/**
 * The AWS side a set of connectors reads: an `AwsSentinelConnection` fits as is (and the connectors
 * then also wait for its prerequisites), or any object with a role ARN and connections.
 */
export interface AwsConnectionInput {
    /** The ARN of the role Sentinel assumes. */
    readonly roleArn: pulumi.Input<string>;
    /** The connections, one connector each. */
    readonly connections: SentinelConnectionInput[];
}

/**
 * Resource names of existing connectors, by destination table (to adopt connectors created in the
 * portal), such as `{ AWSCloudTrail: "6f1c0c8e-…" }`.
 */
export type ConnectorNames = { readonly [table: string]: string };

/** The wait before connectors are created, so a new IAM role can be assumed. */
export const DEFAULT_IAM_PROPAGATION_DELAY = "30s";

/** Arguments of `SentinelAwsS3DataConnectors`. */
export interface SentinelAwsS3DataConnectorsArgs {
    /** The resource group of the Log Analytics workspace Sentinel uses. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** The name of that Log Analytics workspace. */
    readonly workspaceName: pulumi.Input<string>;
    /**
     * The AWS side: an `AwsSentinelConnection` gives the role ARN, the connections and the
     * resources the connectors must wait for. Or give `roleArn` and `connections` instead (for an
     * AWS side in another stack), or, from another Pulumi language, `roleArn`, `destinationTables`
     * and `connectionsOutput`.
     */
    readonly awsConnection?: AwsConnectionInput;
    /** The ARN of the AWS role Sentinel assumes (without `awsConnection`); its name starts with `OIDC_`. */
    readonly roleArn?: pulumi.Input<string>;
    /**
     * The connections, one connector each (without `awsConnection`). A plain list: the number of
     * connectors follows it.
     */
    readonly connections?: SentinelConnectionInput[];
    /**
     * The tables to connect, one connector each, when the connections arrive as one Output
     * (`connectionsOutput`). A plain list: the number of connectors follows it.
     */
    readonly destinationTables?: DestinationTable[];
    /**
     * With `destinationTables` and `connectionsOutput`: the connections, by ID, of the tables read
     * another way than by default (`vpcFlowLogsCcf` or `vpcFlowLogsParquet` for `AWSVPCFlow` read
     * through CCF), as the AWS side's `connections[].connectionId` says. A plain list: it decides
     * which resources the connectors need (a DCR for a CCF connection).
     * @default each table's classic (or only) connection
     */
    readonly connectionIds?: ConnectionId[];
    /**
     * The AWS side's `connections` as one Output, as a program in another Pulumi language holds them
     * (`${aws.connections}` in YAML, `aws.connections` in Python) or a StackReference returns them:
     * each table of `destinationTables` takes its queue URL from the connection with that table.
     * Every listed table needs a connection and every connection a listed table. Goes with `roleArn`
     * and `destinationTables`, instead of `awsConnection` or `connections`.
     */
    readonly connectionsOutput?: pulumi.Input<pulumi.Input<SentinelConnection>[]>;
    /**
     * Onboards the workspace to Microsoft Sentinel (`SentinelOnboardingState` "default") first.
     * Leave off when Sentinel is already enabled on the workspace. The onboarding is retained when
     * removed from the stack: offboarding would delete every Sentinel setting of the workspace.
     * @default false
     */
    readonly onboardWorkspace?: boolean;
    /** The SecurityInsights API version; the connector kind exists only in preview versions. @default "2025-10-01-preview" */
    readonly apiVersion?: string;
    /**
     * Resource names of existing connectors by table, to adopt connectors created in the portal
     * (`pulumi import`). @default a UUID derived from the role ARN and the table
     */
    readonly connectorNames?: ConnectorNames;
    /**
     * How long to wait after the role (or its ARN) changes before creating connectors, for IAM to
     * propagate: a duration like "30s", or "0s" for none.
     * @default "30s"
     */
    readonly iamPropagationDelay?: string;
    /**
     * For Codeless Connector Framework (CCF) sources: the ARM ID of an existing data collection
     * endpoint (DCE) the sources' data collection rules and connections use, instead of the one the
     * component creates in the workspace's resource group and region.
     * @default a DCE is created in the workspace's resource group and region
     */
    readonly existingDataCollectionEndpointId?: pulumi.Input<string>;
    /**
     * For CCF sources: creates a minimal connector definition for each source instead of requiring
     * its Content Hub solution. By default the component checks, at preview, that the solution
     * that installs the definition is installed, and stops with its name if it is not; the
     * solution's definition also brings the connector page, workbooks and analytics rules.
     * @default false
     */
    readonly createConnectorDefinitions?: boolean;
    /**
     * For CCF sources: the SecurityInsights API version of each source's connection, by log type.
     * The connection's CCF fields are in no published API description, so each source uses the
     * version of Microsoft's packaged template unless given here.
     * @default each source's packaged template's version
     */
    readonly ccfApiVersions?: { [logType: string]: string };
}

/** A connector the component created. */
export interface SentinelDataConnector {
    /** The table it writes to. */
    readonly destinationTable: DestinationTable;
    /** The connector's ARM ID. */
    readonly id: pulumi.Output<string>;
    /** The connector's resource name. */
    readonly name: pulumi.Output<string>;
}
