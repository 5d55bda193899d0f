// VPC flow logs read through Microsoft's Codeless Connector Framework into `AWSVPCFlow`, beside the
// classic connector: the flow logs in the format the connection reads (Parquet on Hive-compatible
// paths), the queue handed over when switching, the CCF connection and DCR compared with
// Microsoft's templates, and no double ingestion from two flow logs or two connections.
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { validateAwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionValidation";
import type { SentinelAwsS3DataConnectorsArgs } from "../../components/azure/sentinelAwsS3DataConnectorsArgs";
import {
    connectionsOutputProblems,
    validateSentinelAwsS3DataConnectorsArgs,
} from "../../components/azure/sentinelAwsS3DataConnectorsValidation";
import { SOURCE_FACTS } from "../../components/sources/catalog";
import { projectedColumns as ownColumns } from "../../components/sources/kql";
import {
    VPC_CCF_PARQUET,
    VPC_CCF_TEXT,
    VPC_FLOW_COLUMNS,
    VPC_FLOW_PROJECTION,
} from "../../components/sources/vpcFlowLogs/facts";
import { RecordedResource, runOffline } from "../../offline/mocks";
import { VPC_A, VPC_B, WORKSPACE_ID, doc, find, ofType, statement } from "../helpers";
import { ORG_ID } from "../organization/fixtures";
import { microsoftTemplate, projectedColumns } from "./microsoft";

const ACCOUNT = "123456789012";
const BUCKET_ARN = "arn:aws:s3:::sentinel-logs-xxxxxxx";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
const CONNECTOR = "azure-native:resources:Resource";
const DCR = "azure-native:monitor:DataCollectionRule";

const flow = (settings: object, more: Partial<AwsSentinelConnectionArgs> = {}) =>
    ({
        workspaceId: WORKSPACE_ID,
        logTypes: { vpcFlowLogs: { vpcIds: [VPC_A], ...settings } },
        ...more,
    }) as AwsSentinelConnectionArgs;

/** Both sides: the AWS component and the Sentinel connections reading it. */
function bothSides(settings: { connector?: string; fileFormat?: string }) {
    return runOffline(async () => {
        const { AwsSentinelConnection } =
            await import("../../components/aws/awsSentinelConnection");
        const { SentinelAwsS3DataConnectors } =
            await import("../../components/azure/sentinelAwsS3DataConnectors");
        const aws = new AwsSentinelConnection("sentinel", flow(settings));
        new SentinelAwsS3DataConnectors("sentinel", {
            resourceGroupName: "rg-sentinel",
            workspaceName: "law-sentinel",
            awsConnection: aws,
            // The AWS VPC Flow Logs solution is not in the Content hub yet.
            ...(settings.connector === "ccf" ? { createConnectorDefinitions: true } : {}),
        });
    });
}

/** The AWS resources a hub creates, by type and name, with their inputs. */
const awsSide = (resources: readonly RecordedResource[]) =>
    resources
        .filter((r) => r.custom && r.type.startsWith("aws:") && r.type !== FLOW_LOG)
        .map((r) => `${r.type} ${r.name} ${JSON.stringify(r.inputs)}`)
        .sort();

describe("VPC flow logs through CCF", () => {
    describe("in Parquet", () => {
        let run: Awaited<ReturnType<typeof bothSides>>;
        before(async () => {
            run = await bothSides({ connector: "ccf", fileFormat: "parquet" });
        });

        it("writes Parquet on Hive-compatible paths, replacing a flow log only after deleting the old one", () => {
            const log = find(run.resources, FLOW_LOG, `sentinel-flow-log-${VPC_A}`);
            assert.deepEqual(log.inputs.destinationOptions, {
                fileFormat: "parquet",
                hiveCompatiblePartitions: true,
                perHourPartition: false,
            });
            assert.equal(log.options.deleteBeforeReplace, true);
        });

        it("admits the log delivery to the Hive-compatible folder, as the VPC user guide's policy does", () => {
            const policy = doc(
                find(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy")
                    .inputs.policy,
            );
            assert.equal(
                statement(policy, "AWSLogDeliveryWrite").Resource,
                `${BUCKET_ARN}/AWSLogs/aws-account-id=${ACCOUNT}/*`,
            );
        });

        it("feeds its own queue the .parquet files, the filter URL-encoded as S3 requires, and lets the role read only them", () => {
            const notification = find(run.resources, NOTIFICATION, "sentinel-notification");
            assert.deepEqual(
                notification.inputs.queues.map((q: any) => [q.id, q.filterPrefix, q.filterSuffix]),
                [
                    [
                        "sentinel-vpcFlowLogsParquet",
                        `AWSLogs/aws-account-id%3D${ACCOUNT}/aws-service%3Dvpcflowlogs/`,
                        ".parquet",
                    ],
                ],
            );
            const rolePolicy = doc(
                find(run.resources, "aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy").inputs
                    .policy,
            );
            assert.deepEqual(statement(rolePolicy, "ReadLogObjects").Resource, [
                `${BUCKET_ARN}/AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/*`,
            ]);
        });

        it("connects through Microsoft's CCF definition, stream and Parquet format, sending a null table", () => {
            const connector = find(run.resources, CONNECTOR, "sentinel-AWSVPCFlow");
            const dcr = find(run.resources, DCR, "sentinel-vpcFlowLogs-dcr");
            assert.equal(connector.inputs.apiVersion, "2023-02-01-preview");
            assert.deepEqual(connector.inputs.properties.dataFormat, {
                Format: "Parquet",
                IsCompressed: false,
                compressType: "Gzip",
            });
            assert.equal(connector.inputs.properties.destinationTable, null);
            assert.equal(
                connector.inputs.properties.connectorDefinitionName,
                "AWSS3VPCFlowLogsParquetDefinition",
            );
            assert.equal(
                connector.inputs.properties.dcrConfig.streamName,
                "Custom-VPCFlowLogsParquet",
            );
            assert.deepEqual(Object.keys(dcr.inputs.streamDeclarations), [
                "Custom-VPCFlowLogsParquet",
            ]);
            assert.equal(dcr.inputs.dataFlows[0].outputStream, "Microsoft-AWSVPCFlow");
        });
    });

    it("switches from the classic connector to CCF in plain text keeping the flow logs and the queue", async () => {
        const classic = await bothSides({});
        const ccf = await bothSides({ connector: "ccf" });
        // Every AWS resource the same (queue, notification, flow log): what waits in the queue is
        // read by the new connection, and no flow log is added.
        assert.deepEqual(awsSide(ccf.resources), awsSide(classic.resources));
        assert.deepEqual(
            ofType(ccf.resources, FLOW_LOG).map((f) => f.inputs),
            ofType(classic.resources, FLOW_LOG).map((f) => f.inputs),
        );
        const before = find(classic.resources, CONNECTOR, "sentinel-AWSVPCFlow");
        const after = find(ccf.resources, CONNECTOR, "sentinel-AWSVPCFlow");
        assert.deepEqual(after.inputs.properties.sqsUrls, before.inputs.properties.sqsUrls);
        assert.equal(before.inputs.properties.connectorDefinitionName, undefined);
        assert.equal(
            after.inputs.properties.connectorDefinitionName,
            "AWSS3VPCFlowLogsParquetDefinition",
        );
        // The connector is replaced, the old one deleted first: never two reading the queue.
        assert.ok(after.options.replaceOnChanges.includes("properties.connectorDefinitionName"));
        assert.equal(after.options.deleteBeforeReplace, true);
        assert.deepEqual(after.inputs.properties.dataFormat, {
            Format: "Csv",
            CsvDelimiter: " ",
            IsCompressed: true,
            compressType: "Gzip",
            HasCsvHeader: true,
        });
    });

    it("refuses Parquet for the classic connector, which reads plain text only", () => {
        assert.deepEqual(
            validateAwsSentinelConnectionArgs("sentinel", flow({ fileFormat: "parquet" })),
            [
                '`logTypes.vpcFlowLogs.fileFormat` "parquet" needs `logTypes.vpcFlowLogs.connector` "ccf": the classic connector reads plain text only. Set `connector: "ccf"`, or remove `fileFormat`.',
            ],
        );
        assert.match(
            validateAwsSentinelConnectionArgs("sentinel", flow({ connector: "codeless" }))[0],
            /^`logTypes.vpcFlowLogs.connector` must be one of "classic", "ccf"; got "codeless"/,
        );
    });

    it("has log sources of an organization hub write the hub's format", async () => {
        const run = await runOffline(async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            const { SentinelLogSource } = await import("../../components/aws/sentinelLogSource");
            const hub = new AwsSentinelConnection("sentinel", {
                workspaceId: WORKSPACE_ID,
                organization: { organizationId: ORG_ID },
                logTypes: { vpcFlowLogs: { connector: "ccf", fileFormat: "parquet" } },
            });
            new SentinelLogSource("member", {
                destination: hub.logDestination,
                vpcFlowLogs: { vpcs: [{ vpcId: VPC_B, region: "eu-west-1" }] },
            });
            return { destination: hub.logDestination };
        });
        assert.deepEqual(run.result.destination.bindings, {
            vpcFlowLogs: { fileFormat: "parquet" },
        });
        const log = find(run.resources, FLOW_LOG, `member-flow-log-${VPC_B}`);
        assert.equal(log.inputs.logDestination, `${BUCKET_ARN}/vpcflowlogs/`);
        assert.deepEqual(log.inputs.destinationOptions, {
            fileFormat: "parquet",
            hiveCompatiblePartitions: true,
            perHourPartition: false,
        });
        const notification = find(run.resources, NOTIFICATION, "sentinel-notification");
        assert.deepEqual(
            notification.inputs.queues.map((q: any) => [q.filterPrefix, q.filterSuffix]),
            [["vpcflowlogs/AWSLogs/", ".parquet"]],
        );
        const rolePolicy = doc(
            find(run.resources, "aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy").inputs
                .policy,
        );
        assert.deepEqual(statement(rolePolicy, "ReadLogObjects").Resource, [
            `${BUCKET_ARN}/vpcflowlogs/AWSLogs/aws-account-id=*/aws-service=vpcflowlogs/*`,
        ]);
    });

    describe("never ingested twice", () => {
        it("refuses a VPC another component of the program already logs into Sentinel", async () => {
            await assert.rejects(
                runOffline(async () => {
                    const { AwsSentinelConnection } =
                        await import("../../components/aws/awsSentinelConnection");
                    const { SentinelLogSource } =
                        await import("../../components/aws/sentinelLogSource");
                    const hub = new AwsSentinelConnection("sentinel", {
                        workspaceId: WORKSPACE_ID,
                        organization: { organizationId: ORG_ID },
                        logTypes: { vpcFlowLogs: { vpcIds: [VPC_A] } },
                    });
                    new SentinelLogSource("member", {
                        destination: hub.logDestination,
                        vpcFlowLogs: { vpcs: [{ vpcId: VPC_A }] },
                    });
                }),
                new RegExp(
                    `\`vpcFlowLogs.vpcs\` lists ${VPC_A}, which AwsSentinelConnection "sentinel" of this program already logs into Sentinel: two flow logs on one VPC send its traffic to AWSVPCFlow twice`,
                ),
            );
        });

        it("refuses a classic and a CCF connection reading one prefix of an existing bucket", async () => {
            await assert.rejects(
                runOffline(async () => {
                    const { AwsSentinelConnection } =
                        await import("../../components/aws/awsSentinelConnection");
                    const shared = {
                        existingBucketName: "central-logs",
                        manageBucketPolicy: true,
                    };
                    new AwsSentinelConnection("classic", {
                        ...flow({}),
                        ...shared,
                        logTypes: { vpcFlowLogs: { vpcIds: [VPC_A] } },
                    });
                    new AwsSentinelConnection("ccf", {
                        ...flow({}),
                        ...shared,
                        existingOidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/`,
                        logTypes: { vpcFlowLogs: { vpcIds: [VPC_B], connector: "ccf" } },
                    });
                }),
                /the connection vpcFlowLogsCcf reads AWSVPCFlow from central-logs\/AWSLogs\/<account>\/vpcflowlogs\/, which AwsSentinelConnection "classic" of this program already reads into AWSVPCFlow \(vpcFlowLogs, central-logs\/AWSLogs\/<account>\/vpcflowlogs\/\): the same files would be ingested twice/,
            );
        });

        it("refuses a classic and a CCF connection of one table in the Sentinel component", () => {
            const url = (q: string) => `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/${q}`;
            const args: SentinelAwsS3DataConnectorsArgs = {
                resourceGroupName: "rg-sentinel",
                workspaceName: "law-sentinel",
                roleArn: `arn:aws:iam::${ACCOUNT}:role/OIDC_MicrosoftSentinel`,
                connections: [
                    { destinationTable: "AWSVPCFlow", sqsUrl: url("classic") },
                    {
                        destinationTable: "AWSVPCFlow",
                        connectionId: "vpcFlowLogsParquet",
                        sqsUrl: url("parquet"),
                    },
                    {
                        destinationTable: "AWSCloudTrail",
                        connectionId: "vpcFlowLogsCcf",
                        sqsUrl: url("trail"),
                    },
                ],
            };
            assert.deepEqual(validateSentinelAwsS3DataConnectorsArgs(args), [
                '`connections[1].destinationTable` "AWSVPCFlow" appears twice (a classic and a ccf connection of one table ingest the same logs twice): one queue and one connector per table; remove the duplicate.',
                '`connections[2].connectionId` "vpcFlowLogsCcf" is a connection of AWSVPCFlow, not of "AWSCloudTrail"; give the connection\'s own ID (`AwsSentinelConnection.connections[].connectionId`).',
            ]);
        });
    });

    describe("from another Pulumi language (connectionsOutput)", () => {
        const roleArn = `arn:aws:iam::${ACCOUNT}:role/OIDC_MicrosoftSentinel`;
        const sqsUrl = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/vpc`;

        it("plans the CCF connection from `connectionIds`, and checks the AWS side made it", async () => {
            const run = await runOffline(async () => {
                const { SentinelAwsS3DataConnectors } =
                    await import("../../components/azure/sentinelAwsS3DataConnectors");
                new SentinelAwsS3DataConnectors("sentinel", {
                    resourceGroupName: "rg-sentinel",
                    workspaceName: "law-sentinel",
                    roleArn,
                    destinationTables: ["AWSVPCFlow"],
                    connectionIds: ["vpcFlowLogsParquet"],
                    connectionsOutput: [
                        {
                            destinationTable: "AWSVPCFlow",
                            connectionId: "vpcFlowLogsParquet",
                            sqsUrl,
                        } as never,
                    ],
                    createConnectorDefinitions: true,
                });
            });
            const connector = find(run.resources, CONNECTOR, "sentinel-AWSVPCFlow");
            assert.equal(connector.inputs.properties.dataFormat.Format, "Parquet");
            assert.equal(ofType(run.resources, DCR).length, 1);
            assert.deepEqual(
                connectionsOutputProblems(
                    [
                        {
                            destinationTable: "AWSVPCFlow",
                            connectionId: "vpcFlowLogsParquet",
                            sqsUrl,
                        },
                    ],
                    ["AWSVPCFlow"],
                ),
                [
                    '`connectionsOutput[0].connectionId` is "vpcFlowLogsParquet", but the connector of AWSVPCFlow was planned for "vpcFlowLogs": list "vpcFlowLogsParquet" in `connectionIds`.',
                ],
            );
            assert.deepEqual(
                validateSentinelAwsS3DataConnectorsArgs({
                    resourceGroupName: "rg-sentinel",
                    workspaceName: "law-sentinel",
                    roleArn,
                    destinationTables: ["AWSCloudTrail"],
                    connectionIds: ["vpcFlowLogsParquet"],
                    connectionsOutput: [],
                }),
                [
                    '`connectionIds[0]` "vpcFlowLogsParquet" is a connection of AWSVPCFlow, which `destinationTables` does not list; add the table or remove the ID.',
                ],
            );
        });
    });

    describe("on the Sentinel side, against Microsoft's templates", () => {
        const dcr = microsoftTemplate("vpc.AWSVPCFlowLogs_DCR.b188254.json");
        const poller = microsoftTemplate("vpc.AWSVPCFlowLogs_PollingConfig.b188254.json");
        const connections = SOURCE_FACTS.vpcFlowLogs.connections.filter((c) => "sentinel" in c);

        it("names Microsoft's definition and stream, sends a null table, and its format for Parquet", () => {
            for (const c of connections) {
                assert.equal(c.sentinel.definitionName, poller.properties.connectorDefinitionName);
                assert.equal(c.streamName, poller.properties.dcrConfig.streamName);
                assert.equal(c.connectorTable, null);
                assert.equal(poller.properties.destinationTable, null);
            }
            // `Format` is the chosen file format; `IsCompressed` is not(Format == 'Parquet').
            assert.equal(poller.properties.dataFormat.compressType, "Gzip");
            assert.match(
                poller.properties.dataFormat.IsCompressed,
                /not\(equals\(parameters\('fileFormat'\)\[0\], 'Parquet'\)\)/,
            );
            assert.deepEqual(VPC_CCF_PARQUET.dataFormat, {
                Format: "Parquet",
                IsCompressed: false,
                compressType: "Gzip",
            });
            assert.equal(VPC_CCF_TEXT.dataFormat.IsCompressed, true);
        });

        it("declares Microsoft's columns and writes the columns Microsoft's transform writes", () => {
            const theirs = dcr.properties.streamDeclarations["Custom-VPCFlowLogsParquet"].columns;
            const byName = (list: readonly { name: string; type: string }[]) =>
                Object.fromEntries(list.map((c) => [c.name, c.type]));
            assert.deepEqual(byName(VPC_FLOW_COLUMNS), byName(theirs));
            assert.deepEqual(
                ownColumns(VPC_FLOW_PROJECTION),
                projectedColumns(dcr.properties.dataFlows[0].transformKql),
            );
            assert.equal(dcr.properties.dataFlows[0].outputStream, "Microsoft-AWSVPCFlow");
        });
    });
});
