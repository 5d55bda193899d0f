// The Azure side of sources read through the Codeless Connector Framework: the DCE, a DCR per source
// matching its connection, the connector definition checked (or created), and the connection's body
// as Microsoft's templates send it; classic connections beside them unchanged.
import assert from "node:assert/strict";
import type { SentinelAwsS3DataConnectorsArgs } from "../../components/azure/sentinelAwsS3DataConnectorsArgs";
import { validateSentinelAwsS3DataConnectorsArgs } from "../../components/azure/sentinelAwsS3DataConnectorsValidation";
import { CONNECTIONS, LOG_TYPES, sourceFacts } from "../../components/shared/catalog";
import { readerOf } from "../../components/sources/connections";
import { RecordedResource, runOffline } from "../../offline/mocks";
import { find, ofType } from "../helpers";

const ROLE = "arn:aws:iam::123456789012:role/OIDC_MicrosoftSentinel";
const url = (q: string) => `https://sqs.us-east-1.amazonaws.com/123456789012/${q}`;
const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const WORKSPACE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-sentinel/providers/Microsoft.OperationalInsights/workspaces/law-sentinel`;
const ARGS: SentinelAwsS3DataConnectorsArgs = {
    resourceGroupName: "rg-sentinel",
    workspaceName: "law-sentinel",
    roleArn: ROLE,
    connections: [
        { destinationTable: "AWSCloudTrail", sqsUrl: url("trail") },
        { destinationTable: "AWSRoute53Resolver", sqsUrl: url("dns") },
        { destinationTable: "AWSSecurityHubFindings", sqsUrl: url("findings") },
    ],
};
const DCR = "azure-native:monitor:DataCollectionRule";
const DCE = "azure-native:monitor:DataCollectionEndpoint";
const CONNECTOR = "azure-native:resources:Resource";

function deploy(args: Partial<SentinelAwsS3DataConnectorsArgs>, calls = {}) {
    return runOffline(
        async () => {
            const { SentinelAwsS3DataConnectors } =
                await import("../../components/azure/sentinelAwsS3DataConnectors");
            const c = new SentinelAwsS3DataConnectors("sentinel", { ...ARGS, ...args });
            return { connectorIds: c.connectorIds };
        },
        { calls },
    );
}

describe("SentinelAwsS3DataConnectors with CCF sources", () => {
    let run: Awaited<ReturnType<typeof deploy>>;
    let dce: RecordedResource;
    before(async () => {
        run = await deploy({});
        dce = find(run.resources, DCE, "sentinel-dce");
    });

    it("creates one data collection endpoint in the workspace's resource group and region", () => {
        assert.equal(ofType(run.resources, DCE).length, 1);
        assert.equal(dce.inputs.resourceGroupName, "rg-sentinel");
        assert.equal(dce.inputs.location, "westeurope");
        assert.deepEqual(dce.inputs.networkAcls, { publicNetworkAccess: "Enabled" });
    });

    it("creates a DCR per CCF source, writing to the workspace through the DCE", () => {
        assert.deepEqual(
            ofType(run.resources, DCR)
                .map((r) => r.name)
                .sort(),
            ["sentinel-route53ResolverQueryLogs-dcr", "sentinel-securityHubFindings-dcr"],
        );
        const dcr = find(run.resources, DCR, "sentinel-route53ResolverQueryLogs-dcr");
        assert.equal(dcr.inputs.location, "westeurope");
        assert.equal(dcr.inputs.dataCollectionEndpointId, dce.state.id ?? dce.id);
        assert.deepEqual(dcr.inputs.destinations, {
            logAnalytics: [{ name: "clv2ws1", workspaceResourceId: WORKSPACE }],
        });
        assert.ok(dcr.dependencies.includes(dce.urn));
    });

    it("gives each CCF connection its definition, stream, DCE, DCR and format, at its packaged API version", () => {
        const connector = find(run.resources, CONNECTOR, "sentinel-AWSRoute53Resolver");
        const dcr = find(run.resources, DCR, "sentinel-route53ResolverQueryLogs-dcr");
        assert.equal(connector.inputs.kind, "AmazonWebServicesS3");
        assert.equal(connector.inputs.apiVersion, "2023-02-01-preview");
        assert.deepEqual(connector.inputs.properties, {
            connectorDefinitionName: "AWSRoute53ResolverCCPDefinition",
            dataTypes: { logs: { state: "enabled" } },
            dcrConfig: {
                streamName: "Custom-AWSRoute53Resolver",
                dataCollectionEndpoint: dce.state.logsIngestion.endpoint,
                dataCollectionRuleImmutableId: dcr.state.immutableId,
            },
            destinationTable: "AWSRoute53Resolver",
            dataFormat: { Format: "Json", IsCompressed: true, compressType: "Gzip" },
            roleArn: ROLE,
            sqsUrls: [url("dns")],
        });
        assert.ok(connector.dependencies.includes(dcr.urn), "the connection waits for its DCR");
    });

    it("leaves the classic connections as they were", () => {
        const classic = find(run.resources, CONNECTOR, "sentinel-AWSCloudTrail");
        assert.equal(classic.inputs.apiVersion, "2025-10-01-preview");
        assert.deepEqual(classic.inputs.properties, {
            roleArn: ROLE,
            sqsUrls: [url("trail")],
            destinationTable: "AWSCloudTrail",
            dataTypes: { logs: { state: "Enabled" } },
        });
    });

    it("has, for every CCF source, a DCR declaring each connection's stream and writing its table", () => {
        for (const c of CONNECTIONS) {
            const sentinel = sourceFacts(c.logType).sentinel;
            if (sentinel.kind !== "ccf") {
                continue;
            }
            assert.ok(c.streamName, `${c.id} names its stream`);
            if (c.streamName.startsWith("SENTINEL_")) {
                // An alias Sentinel parses itself: a pass-through flow from the table's own stream.
                assert.deepEqual(sentinel.dcr.streamDeclarations, {}, `${c.id} declares nothing`);
                const flow = sentinel.dcr.dataFlows.find((f) =>
                    f.streams.includes(`Microsoft-${c.table}`),
                );
                assert.ok(flow, `${c.id}: a flow reads Microsoft-${c.table}`);
                assert.equal(flow.transformKql, undefined, `${c.id}: no transform`);
                continue;
            }
            const declared = sentinel.dcr.streamDeclarations[c.streamName];
            const flow = sentinel.dcr.dataFlows.find((f) => f.streams.includes(c.streamName!));
            assert.ok(declared && declared.length > 0, `${c.id}: the DCR declares ${c.streamName}`);
            assert.ok(flow, `${c.id}: a data flow reads ${c.streamName}`);
            const custom = sentinel.customTables.some((t) => t.name === c.table);
            assert.equal(
                flow.outputStream,
                custom ? `Custom-${c.table}` : `Microsoft-${c.table}`,
                `${c.id}: the flow writes ${c.table}`,
            );
            assert.match(flow.transformKql ?? "", /TimeGenerated = /, `${c.id} sets TimeGenerated`);
            assert.doesNotMatch(flow.transformKql ?? "", /TimeGenerated = now\(\)/);
        }
    });

    it("uses the API version given for a source", async () => {
        const r = await deploy({ ccfApiVersions: { securityHubFindings: "2024-09-01" } });
        assert.equal(
            find(r.resources, CONNECTOR, "sentinel-AWSSecurityHubFindings").inputs.apiVersion,
            "2024-09-01",
        );
        assert.equal(
            find(r.resources, CONNECTOR, "sentinel-AWSRoute53Resolver").inputs.apiVersion,
            "2023-02-01-preview",
        );
    });

    it("uses an existing DCE instead of creating one", async () => {
        const id = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-monitor/providers/Microsoft.Insights/dataCollectionEndpoints/dce-shared`;
        const r = await deploy({ existingDataCollectionEndpointId: id });
        assert.deepEqual(ofType(r.resources, DCE), []);
        const connector = find(r.resources, CONNECTOR, "sentinel-AWSRoute53Resolver");
        assert.match(
            connector.inputs.properties.dcrConfig.dataCollectionEndpoint,
            /^https:\/\/dce-shared-[0-9a-f]{4}\.westeurope-1\.ingest\.monitor\.azure\.com$/,
        );
        assert.equal(
            find(r.resources, DCR, "sentinel-route53ResolverQueryLogs-dcr").inputs
                .dataCollectionEndpointId,
            id,
        );
    });

    it("creates minimal connector definitions when asked, before the connections", async () => {
        const r = await deploy({ createConnectorDefinitions: true });
        const definitions = ofType(
            r.resources,
            "azure-native:securityinsights:CustomizableConnectorDefinition",
        );
        assert.deepEqual(
            definitions.map((d) => d.inputs.dataConnectorDefinitionName),
            ["AWSRoute53ResolverCCPDefinition", "AwsSecurityHubFindingsCcpDefinition"],
        );
        assert.equal(definitions[0].inputs.kind, "Customizable");
        const connector = find(r.resources, CONNECTOR, "sentinel-AWSRoute53Resolver");
        assert.ok(connector.dependencies.includes(definitions[0].urn));
    });

    it("stops at preview when a source's solution is not installed, naming it and how to install it", async () => {
        await assert.rejects(
            deploy(
                {},
                {
                    "azure-native:securityinsights:getCustomizableConnectorDefinition": () => {
                        throw new Error(
                            "ResourceNotFound: the data connector definition was not found",
                        );
                    },
                },
            ),
            (error: Error) => {
                assert.match(
                    error.message,
                    /the connector definition AWSRoute53ResolverCCPDefinition is not in the workspace law-sentinel: install the Content Hub solution "Amazon Web Services Route 53" \(azuresentinel\.azure-sentinel-solution-amazonwebservicesroute53\): Microsoft Sentinel → Content hub → "Amazon Web Services Route 53" → Install\. Or set `createConnectorDefinitions: true`/,
                );
                return true;
            },
        );
    });

    it("refuses CCF settings that would do nothing", () => {
        const classicOnly = {
            ...ARGS,
            connections: [{ destinationTable: "AWSCloudTrail", sqsUrl: url("trail") }],
        } as SentinelAwsS3DataConnectorsArgs;
        assert.deepEqual(
            validateSentinelAwsS3DataConnectorsArgs({
                ...classicOnly,
                createConnectorDefinitions: true,
                ccfApiVersions: { route53ResolverQueryLogs: "2024-09-01" },
            }),
            [
                `\`createConnectorDefinitions\` does nothing: no connection is of a source read through the Codeless Connector Framework (${LOG_TYPES.filter(
                    (t) => CONNECTIONS.some((c) => c.logType === t && readerOf(c).kind === "ccf"),
                )
                    .map((t) => sourceFacts(t).title)
                    .join(", ")}). Remove it.`,
                '`ccfApiVersions.route53ResolverQueryLogs` does nothing: no connection is of "route53ResolverQueryLogs". Remove it, or connect that log type.',
            ],
        );
        assert.match(
            validateSentinelAwsS3DataConnectorsArgs({
                ...ARGS,
                ccfApiVersions: { cloudTrail: "2024-09-01" },
            })[0],
            /`ccfApiVersions.cloudTrail` is not a known setting/,
        );
    });
});

describe("SentinelAwsS3DataConnectors with sources Sentinel parses itself (WAF, S3 server access logs)", () => {
    let run: Awaited<ReturnType<typeof deploy>>;
    before(async () => {
        run = await deploy({
            connections: [
                { destinationTable: "AWSWAF", sqsUrl: url("waf") },
                { destinationTable: "AWSS3ServerAccess", sqsUrl: url("access") },
            ],
        });
    });

    it("sends each connection's SENTINEL_ stream, format and table as Microsoft's connection does (WAF's table empty)", () => {
        const body = (table: string) => find(run.resources, CONNECTOR, `sentinel-${table}`).inputs;
        const waf = body("AWSWAF");
        assert.equal(waf.apiVersion, "2023-02-01-preview");
        assert.equal(waf.properties.connectorDefinitionName, "AwsS3WafCcpDefinition");
        assert.equal(waf.properties.destinationTable, "");
        assert.equal(waf.properties.dcrConfig.streamName, "SENTINEL_AWSWAF");
        assert.deepEqual(waf.properties.dataFormat, {
            Format: "Json",
            IsCompressed: true,
            compressType: "Gzip",
        });
        const access = body("AWSS3ServerAccess");
        assert.equal(access.properties.connectorDefinitionName, "AwsS3ServerAccessLogsDefinition");
        assert.equal(access.properties.destinationTable, "AWSS3ServerAccess");
        assert.equal(access.properties.dcrConfig.streamName, "SENTINEL_AWSS3SERVERACCESS");
        assert.deepEqual(access.properties.dataFormat, {
            Format: "csv",
            CsvDelimiter: " ",
            IsCompressed: false,
            compressType: "None",
            HasCsvHeader: false,
        });
        assert.deepEqual(access.properties.sqsUrls, [url("access")]);
    });

    it("gives each a DCR that passes the table's own stream through: no declaration, no transform", () => {
        const dcr = (logType: string) => find(run.resources, DCR, `sentinel-${logType}-dcr`).inputs;
        for (const [logType, stream] of [
            ["waf", "Microsoft-AWSWAF"],
            ["s3ServerAccessLogs", "Microsoft-AWSS3ServerAccess"],
        ]) {
            const inputs = dcr(logType);
            assert.deepEqual(inputs.streamDeclarations ?? {}, {});
            assert.deepEqual(inputs.dataFlows, [{ streams: [stream], destinations: ["clv2ws1"] }]);
            assert.deepEqual(inputs.destinations, {
                logAnalytics: [{ name: "clv2ws1", workspaceResourceId: WORKSPACE }],
            });
        }
    });
});
