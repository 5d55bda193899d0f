// The doctor on Network Firewall logs and VPC flow logs through CCF: the firewalls' logging
// configuration (evaluated, and against moto's server), flow logs in the format their connection
// reads, notifications with their own suffix and URL-encoded Hive prefixes, a CCF connection that
// sends no table, and each connection checked under its own ID.
import assert from "node:assert/strict";
import * as networkfirewall from "@aws-sdk/client-network-firewall";
import { AwsApi } from "../../cli/doctor/aws/api";
import { evaluateNotification, evaluateObjects } from "../../cli/doctor/aws/delivery";
import { exportChecks } from "../../cli/doctor/aws/exports";
import { AwsFacts } from "../../cli/doctor/aws/facts";
import { connectorTable, evaluateConnector } from "../../cli/doctor/azure/index";
import { resolveInput } from "../../cli/doctor/input";
import { connectionById } from "../../components/shared/catalog";
import { evaluateFirewallLogging } from "../../components/sources/networkFirewall/doctor";
import { evaluateFlowLog } from "../../components/sources/vpcFlowLogs/doctor";
import { motoSuite } from "./moto";

const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/OIDC_Sentinel`;
const FIREWALL = `arn:aws:network-firewall:eu-west-1:${ACCOUNT}:firewall/inspection`;
const url = (q: string) => `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/${q}`;

describe("doctor: Network Firewall logs and VPC flow logs through CCF", () => {
    it("names a firewall that does not log a connected type, logs it elsewhere, or under another prefix", () => {
        const s3Config = (LogType: string, prefix?: string) => ({
            LogType,
            LogDestinationType: "S3",
            LogDestination: { bucketName: "sentinel-logs", ...(prefix ? { prefix } : {}) },
        });
        const expected = [
            { log: "alert" as const, folder: "security/" },
            { log: "flow" as const, folder: "security/" },
        ];
        const args = { firewallArn: FIREWALL, bucketName: "sentinel-logs", expected };
        assert.equal(
            evaluateFirewallLogging({
                ...args,
                configs: [s3Config("ALERT", "security"), s3Config("FLOW", "security")],
            }).status,
            "pass",
        );
        const broken = evaluateFirewallLogging({
            ...args,
            configs: [
                s3Config("ALERT", "other"),
                {
                    LogType: "FLOW",
                    LogDestinationType: "CloudWatchLogs",
                    LogDestination: { logGroup: "nfw" },
                },
            ],
        });
        assert.equal(broken.status, "fail");
        assert.equal(
            broken.reason,
            'the firewall inspection: it writes alert logs under the prefix "other", not "security", where the connection reads; it sends flow logs to CloudWatchLogs nfw, not the bucket sentinel-logs.',
        );
        assert.match(
            evaluateFirewallLogging({ ...args, configs: [] }).reason,
            /it does not log alert; it does not log flow/,
        );
    });

    it("checks a flow log against the format its connection reads", () => {
        const flowLog = {
            FlowLogId: "fl-1",
            ResourceId: "vpc-1",
            FlowLogStatus: "ACTIVE",
            LogDestination: "arn:aws:s3:::sentinel-logs",
        };
        const parquet = {
            ...flowLog,
            DestinationOptions: { FileFormat: "parquet", HiveCompatiblePartitions: true },
        };
        assert.equal(evaluateFlowLog(parquet, "parquet").status, "pass");
        assert.match(
            evaluateFlowLog(parquet).reason,
            /writes parquet files, but the connection reads plain-text \(the classic connector reads no Parquet\)/,
        );
        assert.match(
            evaluateFlowLog(
                { ...parquet, DestinationOptions: { FileFormat: "parquet" } },
                "parquet",
            ).reason,
            /writes AWS's default folders, where the connection does not look/,
        );
        assert.equal(evaluateFlowLog(flowLog).status, "pass");
    });

    it("reads a Hive-compatible notification prefix URL-encoded, with the Parquet suffix", () => {
        const connection = connectionById("vpcFlowLogsParquet")!;
        const objectPrefix = `AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/`;
        const notification = {
            queueArn: "arn:aws:sqs:eu-west-1:123456789012:vpc",
            events: ["s3:ObjectCreated:*"],
            prefix: `AWSLogs/aws-account-id%3D${ACCOUNT}/aws-service%3Dvpcflowlogs/`,
            suffix: ".parquet",
        };
        const args = {
            notifications: [notification],
            queueArn: notification.queueArn,
            logType: "vpcFlowLogs" as const,
            accountId: ACCOUNT,
            connection,
        };
        assert.equal(
            evaluateNotification({ ...args, expectedPrefix: objectPrefix }).status,
            "pass",
        );
        assert.equal(evaluateNotification(args).status, "pass");
        const gz = evaluateNotification({
            ...args,
            notifications: [{ ...notification, suffix: ".gz" }],
        });
        assert.match(gz.reason, /suffix ".gz" instead of ".parquet"/);
        assert.match(
            evaluateObjects({
                logType: "vpcFlowLogs",
                prefix: objectPrefix,
                now: new Date(),
                suffix: ".parquet",
            }).reason,
            /no \.parquet file under/,
        );
    });

    it("takes a CCF connection's table from its stream when it sends none", () => {
        const connector = {
            name: "vpc",
            kind: "AmazonWebServicesS3",
            properties: {
                roleArn: ROLE,
                sqsUrls: [url("vpc")],
                destinationTable: undefined,
                dataTypes: { logs: { state: "enabled" } },
                dcrConfig: { streamName: "Custom-VPCFlowLogsParquet" },
            },
        };
        assert.equal(connectorTable(connector), "AWSVPCFlow");
        assert.equal(
            evaluateConnector({
                connector,
                table: "AWSVPCFlow",
                roleArn: ROLE,
                sqsUrl: url("vpc"),
            }).status,
            "pass",
        );
    });

    it("knows each connection by its ID, or a Hive-compatible prefix, and checks each under its own ID", () => {
        const input = resolveInput(
            {
                roleArn: ROLE,
                connections: [
                    {
                        destinationTable: "AWSVPCFlow",
                        sqsUrl: url("vpc"),
                        objectPrefix: `AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/`,
                    },
                    {
                        destinationTable: "AWSNetworkFirewallTls",
                        connectionId: "networkFirewallTls",
                        sqsUrl: url("tls"),
                    },
                    {
                        destinationTable: "AWSNetworkFirewallAlert",
                        connectionId: "networkFirewallAlert",
                        sqsUrl: url("alert"),
                    },
                ],
            },
            {},
        );
        assert.deepEqual(
            input.connections.map((c) => [c.destinationTable, c.connectionId]),
            [
                ["AWSVPCFlow", "vpcFlowLogsParquet"],
                ["AWSNetworkFirewallAlert", "networkFirewallAlert"],
                ["AWSNetworkFirewallTls", "networkFirewallTls"],
            ],
        );
        assert.throws(
            () =>
                resolveInput(
                    {
                        roleArn: ROLE,
                        connections: [
                            {
                                destinationTable: "AWSCloudTrail",
                                connectionId: "vpcFlowLogsCcf",
                                sqsUrl: url("trail"),
                            },
                        ],
                    },
                    {},
                ),
            /`connections\[0\]\.connectionId` "vpcFlowLogsCcf" is not a connection of "AWSCloudTrail"/,
        );
        const flags = resolveInput(undefined, {
            "role-arn": ROLE,
            "queue-url": [`networkFirewallFlow=${url("flow")}`, `vpcFlowLogsParquet=${url("vpc")}`],
        });
        assert.deepEqual(
            flags.connections.map((c) => c.connectionId),
            ["vpcFlowLogsParquet", "networkFirewallFlow"],
        );
    });
});

describe("doctor against moto: Network Firewall logging", function () {
    this.timeout(60_000);
    const REGION = "eu-west-1";
    const BUCKET_NAME = "sentinel-logs";

    motoSuite(REGION, [BUCKET_NAME]);

    const facts = (exports: Record<string, Record<string, string>> = {}) =>
        new AwsFacts(
            resolveInput(
                {
                    roleArn: ROLE,
                    bucketName: BUCKET_NAME,
                    region: REGION,
                    logExports: exports,
                    connections: ["Alert", "Flow"].map((log) => ({
                        logType: "networkFirewall",
                        destinationTable: `AWSNetworkFirewall${log}`,
                        connectionId: `networkFirewall${log}`,
                        sqsUrl: url(log.toLowerCase()),
                        objectPrefix: `AWSLogs/${ACCOUNT}/network-firewall/${log.toLowerCase()}/`,
                    })),
                },
                {},
            ),
            new AwsApi(REGION),
            undefined,
        );

    it("finds the firewalls logging to the bucket, and the log types each sends there", async () => {
        const [none] = await exportChecks(facts(), "networkFirewall");
        assert.equal(none[0], "aws.networkFirewall.export");
        assert.equal(none[2].status, "fail");
        assert.match(none[2].reason, /no firewall in eu-west-1 sends logs to sentinel-logs/);

        const client = new networkfirewall.NetworkFirewallClient({});
        const created = await client.send(
            new networkfirewall.CreateFirewallCommand({
                FirewallName: "inspection",
                FirewallPolicyArn: `arn:aws:network-firewall:${REGION}:${ACCOUNT}:firewall-policy/p`,
                VpcId: "vpc-0123456789abcdef0",
                SubnetMappings: [{ SubnetId: "subnet-0123456789abcdef0" }],
            }),
        );
        const arn = created.Firewall!.FirewallArn!;
        await client.send(
            new networkfirewall.UpdateLoggingConfigurationCommand({
                FirewallArn: arn,
                LoggingConfiguration: {
                    LogDestinationConfigs: [
                        {
                            LogType: "ALERT",
                            LogDestinationType: "S3",
                            LogDestination: { bucketName: BUCKET_NAME },
                        },
                    ],
                },
            }),
        );
        const [partial] = await exportChecks(facts(), "networkFirewall");
        assert.equal(partial[2].status, "fail");
        assert.match(partial[2].reason, /the firewall inspection: it does not log flow/);

        await client.send(
            new networkfirewall.UpdateLoggingConfigurationCommand({
                FirewallArn: arn,
                LoggingConfiguration: {
                    LogDestinationConfigs: (["ALERT", "FLOW"] as const).map((LogType) => ({
                        LogType,
                        LogDestinationType: "S3",
                        LogDestination: { bucketName: BUCKET_NAME },
                    })),
                },
            }),
        );
        // Found by listing, and read directly when the stack's exports name it.
        for (const f of [facts(), facts({ networkFirewall: { [arn]: arn } })]) {
            const [ok] = await exportChecks(f, "networkFirewall");
            assert.equal(ok[2].status, "pass", ok[2].reason);
            assert.equal(
                ok[2].reason,
                "the firewall inspection sends alert, flow logs to sentinel-logs.",
            );
        }
    });
});
