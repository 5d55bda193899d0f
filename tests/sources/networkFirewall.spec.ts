// AWS Network Firewall logs, end to end: the logging configuration the hub or a log source creates,
// the log delivery writer shared with flow logs, one queue, notification and CCF connection per log
// type, one DCR with three streams, and the Sentinel side compared with Microsoft's templates.
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { validateAwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionValidation";
import { validateSentinelLogSourceArgs } from "../../components/aws/sentinelLogSource";
import { SOURCE_FACTS } from "../../components/sources/catalog";
import { projectedColumns as ownColumns } from "../../components/sources/kql";
import {
    NETWORK_FIREWALL_COLUMNS,
    NETWORK_FIREWALL_PROJECTIONS,
    NETWORK_FIREWALL_STREAMS,
} from "../../components/sources/networkFirewall/facts";
import { runOffline } from "../../offline/mocks";
import { WORKSPACE_ID, deployAws, doc, find, ofType, statement } from "../helpers";
import { ORG_ID } from "../organization/fixtures";
import { extendedColumns, microsoftTemplate } from "./microsoft";

const ACCOUNT = "123456789012";
const BUCKET_ARN = "arn:aws:s3:::sentinel-logs-xxxxxxx";
const LOGGING = "aws:networkfirewall/loggingConfiguration:LoggingConfiguration";
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const FIREWALL = `arn:aws:network-firewall:us-east-1:${ACCOUNT}:firewall/inspection`;
const OTHER = `arn:aws:network-firewall:us-east-1:${ACCOUNT}:firewall/egress`;

const firewall = (settings: object, more: Partial<AwsSentinelConnectionArgs> = {}) =>
    ({
        workspaceId: WORKSPACE_ID,
        logTypes: { networkFirewall: settings },
        ...more,
    }) as AwsSentinelConnectionArgs;

/** The S3 destinations of a logging configuration, as [log type, bucket, prefix]. */
const destinations = (logging: { inputs: Record<string, any> }) =>
    logging.inputs.loggingConfiguration.logDestinationConfigs.map((d: any) => {
        assert.equal(d.logDestinationType, "S3");
        return [d.logType, d.logDestination.bucketName, d.logDestination.prefix];
    });

describe("Network Firewall logs", () => {
    describe("in a single account", () => {
        let run: Awaited<ReturnType<typeof deployAws>>;
        before(async () => {
            run = await deployAws(
                firewall({ firewallArns: [FIREWALL, OTHER] }, { keyPrefix: "security" }),
            );
        });

        it("configures each firewall's logging: every log type to the bucket, under the key prefix", () => {
            const logging = ofType(run.resources, LOGGING);
            assert.deepEqual(
                logging.map((l) => [l.name, l.inputs.firewallArn]),
                [
                    ["sentinel-network-firewall-logging-us-east-1-inspection", FIREWALL],
                    ["sentinel-network-firewall-logging-us-east-1-egress", OTHER],
                ],
            );
            // Network Firewall API reference, LogDestinationConfig: one S3 destination per log
            // type, the prefix without slashes at either end.
            assert.deepEqual(destinations(logging[0]), [
                ["ALERT", "sentinel-logs-xxxxxxx", "security"],
                ["FLOW", "sentinel-logs-xxxxxxx", "security"],
                ["TLS", "sentinel-logs-xxxxxxx", "security"],
            ]);
            const policy = find(run.resources, BUCKET_POLICY, "sentinel-logs-policy");
            for (const l of logging) {
                assert.ok(l.dependencies.includes(policy.urn), `${l.name} waits for the policy`);
            }
        });

        it("admits the log delivery service of this account and region, the pair flow logs use", () => {
            const policy = doc(
                find(run.resources, BUCKET_POLICY, "sentinel-logs-policy").inputs.policy,
            );
            assert.equal(
                statement(policy, "AWSLogDeliveryWrite").Resource,
                `${BUCKET_ARN}/security/AWSLogs/${ACCOUNT}/*`,
            );
            assert.deepEqual(statement(policy, "AWSLogDeliveryWrite").Condition, {
                StringEquals: {
                    "s3:x-amz-acl": "bucket-owner-full-control",
                    "aws:SourceAccount": ACCOUNT,
                },
                ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` },
            });
            assert.equal(statement(policy, "AWSLogDeliveryAclCheck").Action, "s3:GetBucketAcl");
        });

        it("feeds one queue per log type, each its own folder's .gz files, and lets the role read only them", () => {
            const notification = find(run.resources, NOTIFICATION, "sentinel-notification");
            assert.deepEqual(
                notification.inputs.queues.map((q: any) => [q.id, q.filterPrefix, q.filterSuffix]),
                ["alert", "flow", "tls"].map((log) => [
                    `sentinel-networkFirewall${log[0].toUpperCase()}${log.slice(1)}`,
                    `security/AWSLogs/${ACCOUNT}/network-firewall/${log}/`,
                    ".gz",
                ]),
            );
            assert.deepEqual(
                run.result.connections.map((c) => [
                    c.logType,
                    c.destinationTable,
                    c.connectionId,
                    c.objectPrefix,
                ]),
                [
                    [
                        "networkFirewall",
                        "AWSNetworkFirewallAlert",
                        "networkFirewallAlert",
                        `security/AWSLogs/${ACCOUNT}/network-firewall/alert/`,
                    ],
                    [
                        "networkFirewall",
                        "AWSNetworkFirewallFlow",
                        "networkFirewallFlow",
                        `security/AWSLogs/${ACCOUNT}/network-firewall/flow/`,
                    ],
                    [
                        "networkFirewall",
                        "AWSNetworkFirewallTls",
                        "networkFirewallTls",
                        `security/AWSLogs/${ACCOUNT}/network-firewall/tls/`,
                    ],
                ],
            );
            const rolePolicy = doc(
                find(run.resources, ROLE_POLICY, "sentinel-role-policy").inputs.policy,
            );
            assert.deepEqual(statement(rolePolicy, "ReadLogObjects").Resource, [
                `${BUCKET_ARN}/security/AWSLogs/${ACCOUNT}/network-firewall/alert/*`,
                `${BUCKET_ARN}/security/AWSLogs/${ACCOUNT}/network-firewall/flow/*`,
                `${BUCKET_ARN}/security/AWSLogs/${ACCOUNT}/network-firewall/tls/*`,
            ]);
            // Nothing of Microsoft's template's extra grants (logging configuration, log
            // delivery, bucket policy) reaches the Sentinel role.
            assert.deepEqual(
                rolePolicy.Statement.flatMap((s) => s.Action),
                [
                    "sqs:ReceiveMessage",
                    "sqs:DeleteMessage",
                    "sqs:ChangeMessageVisibility",
                    "sqs:GetQueueUrl",
                    "sqs:GetQueueAttributes",
                    "s3:GetObject",
                ],
            );
        });
    });

    it("connects only the log types asked for, and logs only those", async () => {
        const run = await deployAws(firewall({ logs: ["alert"], firewallArns: [FIREWALL] }));
        assert.deepEqual(destinations(ofType(run.resources, LOGGING)[0]), [
            ["ALERT", "sentinel-logs-xxxxxxx", undefined],
        ]);
        assert.deepEqual(
            run.result.connections.map((c) => c.connectionId),
            ["networkFirewallAlert"],
        );
        assert.deepEqual(
            ofType(run.resources, "aws:sqs/queue:Queue")
                .map((q) => q.name)
                .sort(),
            ["sentinel-networkFirewallAlert-dlq", "sentinel-networkFirewallAlert-queue"],
        );
    });

    it("only connects, admitting the log delivery, when logging is configured elsewhere", async () => {
        const run = await deployAws(firewall({}));
        assert.deepEqual(ofType(run.resources, LOGGING), []);
        const policy = doc(
            find(run.resources, BUCKET_POLICY, "sentinel-logs-policy").inputs.policy,
        );
        assert.ok(policy.Statement.some((s) => s.Sid === "AWSLogDeliveryWrite"));
        assert.equal(run.result.connections.length, 3);
    });

    /** The hub's exports, which fail when a firewall cannot log to the hub. */
    const exportsOf = (args: AwsSentinelConnectionArgs) =>
        runOffline(async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            return { exports: new AwsSentinelConnection("sentinel", args).logExports };
        });

    it("refuses a firewall of another region than the hub's when the hub is deployed", async () => {
        await assert.rejects(
            exportsOf(
                firewall({
                    firewallArns: [
                        `arn:aws:network-firewall:eu-west-1:${ACCOUNT}:firewall/inspection`,
                    ],
                }),
            ),
            /`logTypes\.networkFirewall\.firewallArns\[0\]` lists "arn:aws:network-firewall:eu-west-1:123456789012:firewall\/inspection" in eu-west-1, but the hub is in us-east-1: a single account's bucket policy admits the log delivery of the hub's region only/,
        );
        await assert.rejects(
            exportsOf(
                firewall({
                    firewallArns: ["arn:aws:network-firewall:us-east-1:210987654321:firewall/x"],
                }),
            ),
            /of account 210987654321, but this runs in account 123456789012: a firewall's logging is configured from its own account/,
        );
    });

    it("gives each log type its own folder in an organization hub, admitted and read there", async () => {
        const run = await deployAws({
            workspaceId: WORKSPACE_ID,
            organization: { organizationId: ORG_ID },
            logTypes: { networkFirewall: { logs: ["alert", "flow"] } },
        });
        const policy = doc(
            find(run.resources, BUCKET_POLICY, "sentinel-logs-policy").inputs.policy,
        );
        assert.deepEqual(statement(policy, "AWSLogDeliveryWrite").Resource, [
            `${BUCKET_ARN}/networkfirewall/alert/AWSLogs/*`,
            `${BUCKET_ARN}/networkfirewall/flow/AWSLogs/*`,
        ]);
        assert.deepEqual(statement(policy, "AWSLogDeliveryWrite").Condition?.StringEquals, {
            "s3:x-amz-acl": "bucket-owner-full-control",
            "aws:SourceOrgID": ORG_ID,
        });
        const notification = find(run.resources, NOTIFICATION, "sentinel-notification");
        assert.deepEqual(
            notification.inputs.queues.map((q: any) => q.filterPrefix),
            ["networkfirewall/alert/AWSLogs/", "networkfirewall/flow/AWSLogs/"],
        );
        const rolePolicy = doc(
            find(run.resources, ROLE_POLICY, "sentinel-role-policy").inputs.policy,
        );
        assert.deepEqual(statement(rolePolicy, "ReadLogObjects").Resource, [
            `${BUCKET_ARN}/networkfirewall/alert/AWSLogs/*/network-firewall/alert/*`,
            `${BUCKET_ARN}/networkfirewall/flow/AWSLogs/*/network-firewall/flow/*`,
        ]);
    });

    it("from a log source: each firewall in its own region sends the hub's log types to their folders", async () => {
        const run = await runOffline(async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            const { SentinelLogSource } = await import("../../components/aws/sentinelLogSource");
            const hub = new AwsSentinelConnection("sentinel", {
                workspaceId: WORKSPACE_ID,
                organization: { organizationId: ORG_ID },
                logTypes: { networkFirewall: { logs: ["alert", "tls"] } },
            });
            const source = new SentinelLogSource("member", {
                destination: hub.logDestination,
                networkFirewall: {
                    firewallArns: [
                        FIREWALL,
                        `arn:aws:network-firewall:eu-west-1:${ACCOUNT}:firewall/inspection`,
                    ],
                },
            });
            return { exports: source.logExports, destination: hub.logDestination };
        });
        assert.deepEqual(run.result.destination.bindings, {
            networkFirewall: { logs: "alert,tls" },
        });
        const logging = ofType(run.resources, LOGGING);
        assert.deepEqual(
            logging.map((l) => [l.name, l.inputs.region]),
            [
                ["member-network-firewall-logging-us-east-1-inspection", "us-east-1"],
                ["member-network-firewall-logging-eu-west-1-inspection", "eu-west-1"],
            ],
        );
        assert.deepEqual(destinations(logging[1]), [
            ["ALERT", "sentinel-logs-xxxxxxx", "networkfirewall/alert"],
            ["TLS", "sentinel-logs-xxxxxxx", "networkfirewall/tls"],
        ]);
        assert.deepEqual(Object.keys(run.result.exports.networkFirewall).sort(), [
            `arn:aws:network-firewall:eu-west-1:${ACCOUNT}:firewall/inspection`,
            FIREWALL,
        ]);
    });

    it("refuses a log source's firewall of another account when the log source is deployed", async () => {
        await assert.rejects(
            runOffline(async () => {
                const { AwsSentinelConnection } =
                    await import("../../components/aws/awsSentinelConnection");
                const { SentinelLogSource } =
                    await import("../../components/aws/sentinelLogSource");
                const hub = new AwsSentinelConnection("sentinel", {
                    workspaceId: WORKSPACE_ID,
                    organization: { organizationId: ORG_ID },
                    logTypes: { networkFirewall: {} },
                });
                const source = new SentinelLogSource("member", {
                    destination: hub.logDestination,
                    networkFirewall: {
                        firewallArns: [
                            "arn:aws:network-firewall:us-east-1:210987654321:firewall/x",
                        ],
                    },
                });
                return { exports: source.logExports };
            }),
            /`networkFirewall\.firewallArns\[0\]` lists .* of account 210987654321, but this runs in account 123456789012/,
        );
    });

    it("refuses bad input, each problem with its fix", () => {
        const problems = validateAwsSentinelConnectionArgs(
            "sentinel",
            firewall({
                logs: ["alert", "dns"],
                firewallArns: [
                    `arn:aws:network-firewall:us-east-1:${ACCOUNT}:stateful-rulegroup/blocklist`,
                    "inspection",
                    FIREWALL,
                    FIREWALL,
                ],
            }),
        );
        assert.deepEqual(problems, [
            '`logTypes.networkFirewall.logs[1]` must be one of "alert", "flow", "tls"; got "dns".',
            `\`logTypes.networkFirewall.firewallArns[0]\` must be a firewall's ARN (…:firewall/<name>), not another Network Firewall resource's; got "arn:aws:network-firewall:us-east-1:${ACCOUNT}:stateful-rulegroup/blocklist".`,
            '`logTypes.networkFirewall.firewallArns[1]` must be a firewall ARN (arn:<partition>:network-firewall:<region>:<account>:firewall/<name>) such as "arn:aws:network-firewall:us-east-1:123456789012:firewall/inspection"; got "inspection".',
            `\`logTypes.networkFirewall.firewallArns\` lists "${FIREWALL}" more than once; list each once.`,
        ]);
        assert.deepEqual(
            validateAwsSentinelConnectionArgs(
                "sentinel",
                firewall({
                    firewallArns: [
                        FIREWALL,
                        `arn:aws:network-firewall:eu-west-1:${ACCOUNT}:firewall/x`,
                    ],
                }),
            ),
            [
                "`logTypes.networkFirewall.firewallArns` lists firewalls in us-east-1 and eu-west-1: a single account's hub admits the log delivery of its own region only (the bucket policy's aws:SourceArn). Keep the firewalls of the hub's region, or connect the others through an organization hub and log sources.",
            ],
        );
        assert.match(
            validateAwsSentinelConnectionArgs(
                "sentinel",
                firewall({}, { azureCloud: "AzureUSGovernment" }),
            )[0],
            /^`logTypes.networkFirewall` is read through Microsoft's Codeless Connector Framework, which is offered in AzureCloud only/,
        );
        assert.deepEqual(
            validateSentinelLogSourceArgs({
                destination: {
                    format: "sentinel-aws-s3/log-destination/v1",
                    organizationId: ORG_ID,
                    keyPrefixes: { networkFirewall: "networkfirewall/" },
                } as never,
                networkFirewall: { firewallArns: [FIREWALL] },
            }).filter((p) => p.includes("Network Firewall")),
            [
                "`destination` names no Network Firewall log type the hub connects: the hub's `logTypes.networkFirewall` decides them (its `logDestination.bindings.networkFirewall.logs`); update the hub, then this log source.",
            ],
        );
    });

    describe("on the Sentinel side, against Microsoft's templates", () => {
        const facts = SOURCE_FACTS.networkFirewall;
        const dcr = microsoftTemplate("networkfirewall.AWSNetworkFirewallLog_DCR.0293394.json");
        const poller = microsoftTemplate(
            "networkfirewall.AWSNetworkFirewallLog_PollingConfig.07c019e.json",
        );
        const flowOf = (stream: string) =>
            dcr.properties.dataFlows.find((f: any) => f.streams.includes(stream));

        it("names the definition, format and each connection's stream and table as Microsoft's connection does", () => {
            assert.equal(facts.sentinel.definitionName, poller.properties.connectorDefinitionName);
            assert.deepEqual(facts.sentinel.dataFormat, poller.properties.dataFormat);
            // The connection's destinationTable picks the table by stream (the reference's §2.4).
            const tableOf = (stream: string) =>
                stream === "Custom-AWSNetworkFirewall-AlertLog"
                    ? "AWSNetworkFirewallAlert"
                    : stream === "Custom-AWSNetworkFirewall-FlowLog"
                      ? "AWSNetworkFirewallFlow"
                      : "AWSNetworkFirewallTls";
            assert.match(poller.properties.destinationTable, /AWSNetworkFirewallAlert/);
            for (const c of facts.connections) {
                assert.ok(c.streamName in dcr.properties.streamDeclarations);
                assert.equal(c.table, tableOf(c.streamName));
                assert.equal(flowOf(c.streamName).outputStream, `Microsoft-${c.table}`);
            }
        });

        it("declares Microsoft's columns, with event_timestamp dynamic (AWS writes it as a string or a number)", () => {
            for (const stream of Object.values(NETWORK_FIREWALL_STREAMS)) {
                const theirs = dcr.properties.streamDeclarations[stream].columns;
                assert.deepEqual(
                    NETWORK_FIREWALL_COLUMNS.map((c) => c.name),
                    theirs.map((c: any) => c.name),
                );
                assert.deepEqual(
                    NETWORK_FIREWALL_COLUMNS.filter((c) => c.name !== "event_timestamp"),
                    theirs.filter((c: any) => c.name !== "event_timestamp"),
                );
            }
            assert.equal(
                NETWORK_FIREWALL_COLUMNS.find((c) => c.name === "event_timestamp")?.type,
                "dynamic",
            );
        });

        it("writes the columns Microsoft's transforms write, keeping the event's own time in TimeGenerated", () => {
            for (const log of ["alert", "flow", "tls"] as const) {
                const theirs = flowOf(NETWORK_FIREWALL_STREAMS[log]).transformKql as string;
                assert.deepEqual(
                    ownColumns(NETWORK_FIREWALL_PROJECTIONS[log]).sort(),
                    extendedColumns(theirs).sort(),
                    `${log} columns`,
                );
                // Microsoft's set the ingestion time; the event's is epoch seconds.
                assert.match(theirs, /TimeGenerated = now\(\)/);
                assert.deepEqual(NETWORK_FIREWALL_PROJECTIONS[log][0], [
                    "TimeGenerated",
                    "iff(isempty(tostring(event_timestamp)), now(), datetime(1970-01-01) + tolong(tostring(event_timestamp)) * 1sec)",
                ]);
            }
            const kql = facts.sentinel.dcr.dataFlows.map((f) => f.transformKql).join("\n");
            assert.match(kql, /where tostring\(event.event_type\) == "alert"/);
            assert.match(kql, /where tostring\(event.event_type\) == "netflow"/);
        });
    });
});
