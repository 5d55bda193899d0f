// The Azure side of sources Sentinel reads through the Codeless Connector Framework (CCF): one data
// collection endpoint (DCE) per component, per source a data collection rule (DCR) after the custom
// tables it writes, and the source's connector definition (installed by its Content Hub solution,
// checked at preview, or created when asked). A source may have several connections, each sending
// its own stream to the source's one DCR, and a connection may be read through CCF where its source
// is otherwise read by the classic connector. Everything a source needs is in its facts
// (`sources/<source>/facts.ts`); nothing here names a source.
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as securityinsights from "@pulumi/azure-native/securityinsights";
import * as pulumi from "@pulumi/pulumi";
import { throwIfInvalid } from "../shared/fields";
import { CatalogConnection, LogType, sourceFacts } from "../sources/catalog";
import { readerOf } from "../sources/connections";
import type { CcfSentinel } from "../sources/types";

/** The name of the Log Analytics destination in every DCR (as in every Microsoft CCF DCR). */
export const DCR_DESTINATION = "clv2ws1";

/** The packaged templates' connection API version, used when a source gives none. */
export const CCF_DEFAULT_API_VERSION = "2023-02-01-preview";

/** What a source's CCF connections are wired with. */
export interface CcfWiring {
    readonly facts: CcfSentinel;
    /** The definition name, once the definition is known to exist (or is created). */
    readonly definitionName: pulumi.Output<string>;
    /** The DCE's logs-ingestion URL (`dcrConfig.dataCollectionEndpoint`). */
    readonly endpoint: pulumi.Output<string>;
    /** The DCR's immutable ID (`dcrConfig.dataCollectionRuleImmutableId`). */
    readonly immutableId: pulumi.Output<string>;
    /** What the connections wait for: the DCR (after its tables) and a created definition. */
    readonly dependsOn: readonly pulumi.Resource[];
}

/** Where the CCF resources go. */
export interface CcfContext {
    readonly name: string;
    readonly subject: string;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly workspaceName: pulumi.Input<string>;
    readonly existingDataCollectionEndpointId?: pulumi.Input<string>;
    readonly createConnectorDefinitions: boolean;
    readonly tags?: Record<string, string>;
    readonly parent: pulumi.Resource;
}

/** The CCF facts of a connection, or undefined for a classic one. */
export function ccfOf(connection: CatalogConnection): CcfSentinel | undefined {
    const sentinel = readerOf(connection);
    return sentinel.kind === "ccf" ? sentinel : undefined;
}

/** The message when a source's connector definition is not in the workspace. */
export function missingDefinitionProblem(
    ccf: CcfSentinel,
    workspaceName: string,
    reason: string,
): string {
    const missing = `the connector definition ${ccf.definitionName} is not in the workspace ${workspaceName}${reason ? ` (${reason})` : ""}`;
    return ccf.solution.unpublished
        ? `${missing}: the solution that installs it, "${ccf.solution.name}" (${ccf.solution.packageId}), is not offered in the Content hub yet (Microsoft's Solutions Analyzer lists it as unpublished). Set \`createConnectorDefinitions: true\` to create a minimal definition.`
        : `${missing}: install the Content Hub solution "${ccf.solution.name}" (${ccf.solution.packageId}): Microsoft Sentinel → Content hub → "${ccf.solution.name}" → Install. Or set \`createConnectorDefinitions: true\` to create a minimal definition (without the solution's workbooks and rules).`;
}

/**
 * Checks at preview that the sources' connector definitions exist in the workspace (their Content
 * Hub solutions install them), failing with one message that names every missing solution and how
 * to install it.
 */
function checkedDefinitions(
    ctx: CcfContext,
    sources: readonly CcfSentinel[],
): pulumi.Output<readonly string[]> {
    return pulumi
        .all([ctx.resourceGroupName, ctx.workspaceName])
        .apply(async ([resourceGroupName, workspaceName]) => {
            const problems = await Promise.all(
                sources.map(async (ccf) => {
                    try {
                        await securityinsights.getCustomizableConnectorDefinition(
                            {
                                resourceGroupName,
                                workspaceName,
                                dataConnectorDefinitionName: ccf.definitionName,
                            },
                            { parent: ctx.parent },
                        );
                        return undefined;
                    } catch (e) {
                        const reason = ((e as Error).message ?? "").split("\n")[0].trim();
                        return missingDefinitionProblem(ccf, workspaceName, reason);
                    }
                }),
            );
            throwIfInvalid(
                ctx.subject,
                problems.filter((p): p is string => p !== undefined),
            );
            return sources.map((s) => s.definitionName);
        });
}

/** A minimal definition of a source's connector, for workspaces without its solution. */
function createdDefinition(ctx: CcfContext, logType: LogType, ccf: CcfSentinel) {
    const tables = [...new Set(sourceFacts(logType).connections.map((c) => c.table))];
    return new securityinsights.CustomizableConnectorDefinition(
        `${ctx.name}-${logType}-definition`,
        {
            resourceGroupName: ctx.resourceGroupName,
            workspaceName: ctx.workspaceName,
            dataConnectorDefinitionName: ccf.definitionName,
            kind: "Customizable",
            connectorUiConfig: {
                id: ccf.definitionName,
                title: ccf.definitionTitle,
                publisher: "Microsoft",
                descriptionMarkdown: `${ccf.definitionTitle}, connected by sentinel-aws-s3. Install the Content Hub solution "${ccf.solution.name}" for its workbooks and analytics rules.`,
                graphQueries: tables.map((table) => ({
                    metricName: `Records received in ${table}`,
                    legend: table,
                    baseQuery: table,
                })),
                dataTypes: tables.map((table) => ({
                    name: table,
                    lastDataReceivedQuery: `${table}\n| summarize Time = max(TimeGenerated)\n| where isnotempty(Time)`,
                })),
                // The portal shows the connector as connected when a connection exists.
                connectivityCriteria: [{ type: "HasDataConnectors" }],
                permissions: {},
                instructionSteps: [
                    {
                        title: "Connected by sentinel-aws-s3",
                        description:
                            "The AWS side and this connection are managed by a Pulumi program.",
                    },
                ],
            },
        },
        { parent: ctx.parent },
    );
}

/**
 * Creates the CCF side of the connections given (classic ones are left out): the DCE (or uses the
 * existing one), per source its custom tables, its DCR and its definition (checked or created).
 * Every CCF connection of one source shares its DCR and definition, so the first one's facts stand
 * for the source; each connection keeps its own stream and `dataFormat`.
 */
export function createCcfSide(
    ctx: CcfContext,
    connections: readonly CatalogConnection[],
): Map<LogType, CcfWiring> {
    const bySource = new Map<LogType, CcfSentinel>();
    for (const c of connections) {
        const ccf = ccfOf(c);
        if (ccf && !bySource.has(c.logType)) {
            bySource.set(c.logType, ccf);
        }
    }
    const sources = [...bySource];
    const out = new Map<LogType, CcfWiring>();
    if (sources.length === 0) {
        return out;
    }
    const parent = { parent: ctx.parent };
    // The DCR goes in the workspace's region and names the workspace's resource ID.
    const workspace = operationalinsights.getWorkspaceOutput(
        { resourceGroupName: ctx.resourceGroupName, workspaceName: ctx.workspaceName },
        parent,
    );
    const dce =
        ctx.existingDataCollectionEndpointId === undefined
            ? new monitor.DataCollectionEndpoint(
                  `${ctx.name}-dce`,
                  {
                      resourceGroupName: ctx.resourceGroupName,
                      location: workspace.location,
                      description:
                          "Ingestion endpoint of the Microsoft Sentinel AWS S3 (CCF) connections.",
                      // Sentinel's service posts over the public endpoint.
                      networkAcls: { publicNetworkAccess: "Enabled" },
                      tags: ctx.tags,
                  },
                  parent,
              )
            : undefined;
    const dceId = dce ? dce.id : pulumi.output(ctx.existingDataCollectionEndpointId!);
    const endpoint = dce
        ? dce.logsIngestion.apply((l) => l?.endpoint ?? "")
        : pulumi.output(ctx.existingDataCollectionEndpointId!).apply(async (id) => {
              const [, resourceGroupName, dataCollectionEndpointName] =
                  /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Insights\/dataCollectionEndpoints\/([^/]+)$/i.exec(
                      id,
                  ) ?? [];
              const found = await monitor.getDataCollectionEndpoint(
                  { resourceGroupName, dataCollectionEndpointName },
                  parent,
              );
              return found.logsIngestion?.endpoint ?? "";
          });

    const checked = ctx.createConnectorDefinitions
        ? undefined
        : checkedDefinitions(
              ctx,
              sources.map(([, ccf]) => ccf),
          );
    for (const [logType, ccf] of sources) {
        const tables = ccf.customTables.map(
            (table) =>
                new operationalinsights.Table(
                    `${ctx.name}-${table.name}`,
                    {
                        resourceGroupName: ctx.resourceGroupName,
                        workspaceName: ctx.workspaceName,
                        tableName: table.name,
                        schema: {
                            name: table.name,
                            columns: table.columns.map((c) => ({
                                name: c.name,
                                type: c.type,
                                description: c.description,
                            })),
                        },
                    },
                    parent,
                ),
        );
        const dcr = new monitor.DataCollectionRule(
            `${ctx.name}-${logType}-dcr`,
            {
                resourceGroupName: ctx.resourceGroupName,
                location: workspace.location,
                description: `Ingests ${sourceFacts(logType).title} from the Microsoft Sentinel AWS S3 connection.`,
                dataCollectionEndpointId: dceId,
                streamDeclarations: Object.fromEntries(
                    Object.entries(ccf.dcr.streamDeclarations).map(([stream, columns]) => [
                        stream,
                        { columns: columns.map((c) => ({ name: c.name, type: c.type })) },
                    ]),
                ),
                destinations: {
                    logAnalytics: [{ name: DCR_DESTINATION, workspaceResourceId: workspace.id }],
                },
                dataFlows: ccf.dcr.dataFlows.map((flow) => ({
                    streams: [...flow.streams],
                    destinations: [DCR_DESTINATION],
                    transformKql: flow.transformKql,
                    outputStream: flow.outputStream,
                })),
                tags: ctx.tags,
            },
            { parent: ctx.parent, dependsOn: tables },
        );
        const definition = ctx.createConnectorDefinitions
            ? createdDefinition(ctx, logType, ccf)
            : undefined;
        out.set(logType, {
            facts: ccf,
            definitionName: definition
                ? definition.name.apply(() => ccf.definitionName)
                : checked!.apply(() => ccf.definitionName),
            endpoint,
            immutableId: dcr.immutableId,
            dependsOn: [dcr, ...(definition ? [definition] : [])],
        });
    }
    return out;
}
