import { Resource } from "@pulumi/azure-native/resources/resource";
import { SentinelOnboardingState } from "@pulumi/azure-native/securityinsights/sentinelOnboardingState";
import * as pulumi from "@pulumi/pulumi";
import { Sleep } from "@pulumiverse/time/sleep";
import {
    CONNECTOR_KIND,
    CatalogConnection,
    DEFAULT_SENTINEL_API_VERSION,
    connectionBodyTable,
} from "../shared/catalog";
import { throwIfInvalid } from "../shared/fields";
import { CcfWiring, ccfOf, createCcfSide } from "./ccf";
import { awsS3CcfConnectorBody, awsS3ConnectorBody, connectorResourceName } from "./connectorBody";
import {
    AwsConnectionInput,
    DEFAULT_IAM_PROPAGATION_DELAY,
    SentinelAwsS3DataConnectorsArgs,
    SentinelConnectionInput,
    SentinelDataConnector,
} from "./sentinelAwsS3DataConnectorsArgs";
import {
    connectionsOutputProblems,
    plannedConnection,
    validateSentinelAwsS3DataConnectorsArgs,
} from "./sentinelAwsS3DataConnectorsValidation";

/**
 * The Azure side of Microsoft Sentinel's "Amazon Web Services S3" connector: one data connector of kind
 * `AmazonWebServicesS3` per connection, on a Log Analytics workspace.
 *
 * Creates: optionally the workspace's Sentinel onboarding; a short wait for IAM propagation; per
 * connection a `Microsoft.SecurityInsights/dataConnectors` resource (through the generic ARM resource,
 * since `@pulumi/azure-native` 3.x has no typed class for this preview-only kind) with a stable name,
 * replaced (deleted first) whenever its queue URL or role ARN changes. The connectors wait for the
 * AWS side's prerequisites (with `awsConnection`) and for any `dependsOn` given to the component.
 * From another Pulumi language, pass the AWS side's `roleArn` and `connections` outputs as `roleArn`
 * and `connectionsOutput`, with the plain list of `destinationTables` to connect.
 *
 * @example
 * ```ts
 * const connectors = new SentinelAwsS3DataConnectors("sentinel", {
 *     resourceGroupName: "rg-sentinel",
 *     workspaceName: "law-sentinel",
 *     awsConnection: aws, // an AwsSentinelConnection: its role, queues, and what to wait for
 * });
 * ```
 */
export class SentinelAwsS3DataConnectors extends pulumi.ComponentResource {
    /** The component's type token. */
    static readonly TYPE = "sentinel-aws-s3:index:SentinelAwsS3DataConnectors";

    /** The connectors, in the order of `connections` (or `destinationTables`). */
    public readonly connectors: SentinelDataConnector[];
    /** The connectors' ARM IDs by destination table. */
    public readonly connectorIds: { [table: string]: pulumi.Output<string> };

    constructor(
        name: string,
        args: SentinelAwsS3DataConnectorsArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        const subject = `SentinelAwsS3DataConnectors "${name}"`;
        throwIfInvalid(subject, validateSentinelAwsS3DataConnectorsArgs(args));
        super(SentinelAwsS3DataConnectors.TYPE, name, {}, opts);

        const apiVersion = args.apiVersion ?? DEFAULT_SENTINEL_API_VERSION;
        const side = awsSide(subject, args);
        const roleArn = pulumi.output(side.roleArn);
        // An AwsSentinelConnection also says what the connectors must wait for.
        const prerequisites = awsPrerequisites(args.awsConnection);
        const given = pulumi
            .output(opts?.dependsOn ?? [])
            .apply((d) => [...(Array.isArray(d) ? d : [d]), ...prerequisites]);
        const before: pulumi.Resource[] = [];
        if (args.onboardWorkspace ?? false) {
            before.push(
                new SentinelOnboardingState(
                    `${name}-onboarding`,
                    {
                        resourceGroupName: args.resourceGroupName,
                        workspaceName: args.workspaceName,
                        sentinelOnboardingStateName: "default",
                    },
                    { parent: this, retainOnDelete: true },
                ),
            );
        }
        const delay = args.iamPropagationDelay ?? DEFAULT_IAM_PROPAGATION_DELAY;
        if (durationMs(delay) > 0) {
            before.push(
                new Sleep(
                    `${name}-iam-propagation`,
                    { createDuration: delay, triggers: { roleArn } },
                    {
                        parent: this,
                        dependsOn: given as pulumi.Input<pulumi.Input<pulumi.Resource>[]>,
                    },
                ),
            );
        }
        // Each connector's catalog connection: how Sentinel reads it (classic or CCF).
        const planned = side.connections.map(
            (c) => plannedConnection(c.destinationTable, c.connectionId) as CatalogConnection,
        );
        // Sources read through the Codeless Connector Framework also need a DCE, a DCR per source
        // (after its custom tables) and their connector definitions.
        const ccf = createCcfSide(
            {
                name,
                subject,
                resourceGroupName: args.resourceGroupName,
                workspaceName: args.workspaceName,
                existingDataCollectionEndpointId: args.existingDataCollectionEndpointId,
                createConnectorDefinitions: args.createConnectorDefinitions ?? false,
                parent: this,
            },
            planned,
        );
        const dependsOnWith = (more: readonly pulumi.Resource[]) =>
            given.apply((d) => [...d, ...before, ...more]) as pulumi.Input<
                pulumi.Input<pulumi.Resource>[]
            >;

        this.connectors = side.connections.map((connection: SentinelConnectionInput, i) => {
            const table = connection.destinationTable;
            const catalogConnection = planned[i];
            const reader = ccfOf(catalogConnection);
            const wiring: CcfWiring | undefined = reader
                ? ccf.get(catalogConnection.logType)
                : undefined;
            const resourceName =
                args.connectorNames?.[table] ??
                roleArn.apply((arn) => connectorResourceName(arn, table));
            // The body as an object of its values (not one computed value), so what is known
            // during a preview stays known.
            const properties = wiring
                ? awsS3CcfConnectorBody({
                      roleArn,
                      sqsUrls: [pulumi.output(connection.sqsUrl)],
                      // As Microsoft's connection sends it (WAF's is empty: its stream names the table).
                      destinationTable: connectionBodyTable(catalogConnection!),
                      connectorDefinitionName: wiring.definitionName,
                      streamName: catalogConnection.streamName ?? "",
                      dataCollectionEndpoint: wiring.endpoint,
                      dataCollectionRuleImmutableId: wiring.immutableId,
                      dataFormat: reader!.dataFormat,
                      properties: catalogConnection!.properties,
                  }).properties
                : awsS3ConnectorBody({
                      roleArn,
                      sqsUrls: [connection.sqsUrl],
                      destinationTable: table,
                  }).properties;
            const connector = new Resource(
                `${name}-${table}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    resourceProviderNamespace: "Microsoft.OperationalInsights",
                    parentResourcePath: pulumi.interpolate`workspaces/${args.workspaceName}/providers/Microsoft.SecurityInsights`,
                    resourceType: "dataConnectors",
                    resourceName,
                    apiVersion: wiring
                        ? (args.ccfApiVersions?.[catalogConnection.logType] ?? reader!.apiVersion)
                        : apiVersion,
                    kind: CONNECTOR_KIND,
                    properties,
                },
                {
                    parent: this,
                    dependsOn: dependsOnWith(wiring?.dependsOn ?? []),
                    deleteBeforeReplace: true,
                    // A connection changing between the classic connector and CCF is replaced,
                    // not changed in place (the connector's kind of reading is not an update).
                    replaceOnChanges: [
                        "properties.roleArn",
                        "properties.sqsUrls",
                        "properties.connectorDefinitionName",
                        "resourceName",
                    ],
                },
            );
            return { destinationTable: table, id: connector.id, name: pulumi.output(resourceName) };
        });
        this.connectorIds = Object.fromEntries(
            this.connectors.map((c) => [c.destinationTable, c.id]),
        );

        this.registerOutputs({ connectors: this.connectors, connectorIds: this.connectorIds });
    }
}

/**
 * The role ARN and one connection per connector, from whichever way the arguments give them
 * (validation made sure exactly one is complete): `awsConnection`, `roleArn` with `connections`, or
 * `roleArn` with `destinationTables` and `connectionsOutput`. In the last, the plain table list
 * decides the connectors and each takes its queue URL from the Output once it resolves, after the
 * resolved connections pass `connectionsOutputProblems` (a bad value fails the deployment with the
 * same kind of message a plain value gets).
 */
function awsSide(subject: string, args: SentinelAwsS3DataConnectorsArgs): AwsConnectionInput {
    if (args.awsConnection !== undefined) {
        return args.awsConnection;
    }
    const roleArn = args.roleArn ?? "";
    if (args.connectionsOutput === undefined) {
        return { roleArn, connections: args.connections ?? [] };
    }
    const tables = args.destinationTables ?? [];
    const ids = args.connectionIds ?? [];
    const connections = pulumi.output(args.connectionsOutput).apply((resolved) => {
        throwIfInvalid(subject, connectionsOutputProblems(resolved, tables, undefined, ids));
        return resolved;
    });
    return {
        roleArn,
        connections: tables.map((table) => ({
            destinationTable: table,
            connectionId: ids.find((id) => plannedConnection(undefined, id)?.table === table),
            sqsUrl: connections.apply(
                (list) => list.find((c) => c.destinationTable === table)?.sqsUrl ?? "",
            ),
        })),
    };
}

/** The resources an `AwsSentinelConnection` says its connectors must wait for (none for a plain object). */
function awsPrerequisites(side: unknown): pulumi.Resource[] {
    const prerequisites = (side as { connectorPrerequisites?: unknown } | undefined)
        ?.connectorPrerequisites;
    return Array.isArray(prerequisites)
        ? prerequisites.filter((r) => pulumi.Resource.isInstance(r))
        : [];
}

/** The milliseconds of a duration such as "30s", "2m", "1h30m", "500ms" or "0s". */
export function durationMs(duration: string): number {
    const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
    let total = 0;
    for (const [, amount, unit] of duration.matchAll(/(\d+)(ms|s|m|h)?/g)) {
        total += Number(amount) * units[unit ?? "s"];
    }
    return total;
}
