// EKS audit logs, end to end: each cluster's audit logging checked at preview, its log group
// subscribed (audit events only) to a Firehose stream that writes one audit event per line, the
// custom table before its DCR, the CCF connection, organizations and bad input; the Sentinel side
// compared with Microsoft's templates.
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { validateAwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionValidation";
import { validateSentinelLogSourceArgs } from "../../components/aws/sentinelLogSource";
import { SOURCE_FACTS } from "../../components/sources/catalog";
import {
    EKS_EVENT_COLUMNS,
    EKS_PROJECTION,
    EKS_TABLE_COLUMNS,
} from "../../components/sources/eksAuditLogs/facts";
import { projectedColumns as ownColumns } from "../../components/sources/kql";
import { RecordedResource, runOffline } from "../../offline/mocks";
import { WORKSPACE_ID, deployAws, doc, find, ofType, statement } from "../helpers";
import { ORG_ID } from "../organization/fixtures";
import { MEMBER, runHubWithLogSource } from "./logSourceRun";
import { microsoftTemplate, projectedColumns } from "./microsoft";

const ACCOUNT = "123456789012";
const BUCKET_ARN = "arn:aws:s3:::sentinel-logs-xxxxxxx";
const STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const FILTER = "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter";
const GET_CLUSTER = "aws:eks/getCluster:getCluster";
const AUDIT_PATTERN = '{ ($.kind = "Event") && ($.apiVersion = "audit.k8s.io/v1") }';

const hub = (settings: object, more: Partial<AwsSentinelConnectionArgs> = {}) =>
    ({
        workspaceId: WORKSPACE_ID,
        logTypes: { eksAuditLogs: settings },
        ...more,
    }) as AwsSentinelConnectionArgs;

/** Clusters as DescribeCluster would answer, with the log types each has on. */
const clusters =
    (types: Record<string, string[]>) =>
    (inputs: Record<string, any>): Record<string, any> => {
        if (!(inputs.name in types)) {
            throw new Error(`couldn't find resource: cluster ${inputs.name}`);
        }
        return { name: inputs.name, enabledClusterLogTypes: types[inputs.name] };
    };

const deployHub = (args: AwsSentinelConnectionArgs, calls = {}) =>
    runOffline(
        async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            return { exports: new AwsSentinelConnection("sentinel", args).logExports };
        },
        { calls },
    );

describe("EKS audit logs", () => {
    describe("in a single account", () => {
        let run: Awaited<ReturnType<typeof deployAws>>;
        let stream: RecordedResource;
        before(async () => {
            run = await deployAws(hub({ clusterNames: ["production", "staging"] }));
            stream = ofType(run.resources, STREAM)[0];
        });

        it("subscribes each cluster's control-plane log group, audit events only, to one stream", () => {
            assert.equal(ofType(run.resources, STREAM).length, 1);
            assert.deepEqual(
                ofType(run.resources, FILTER).map((f) => [
                    f.name,
                    f.inputs.logGroup,
                    f.inputs.filterPattern,
                    f.inputs.destinationArn,
                ]),
                ["production", "staging"].map((c) => [
                    `sentinel-eks-audit-logs-subscription-${c}`,
                    `/aws/eks/${c}/cluster`,
                    AUDIT_PATTERN,
                    stream.state.arn,
                ]),
            );
        });

        it("writes one audit event per line, gzip, under the eks-audit-logs folder, with no Lambda", () => {
            const s3 = stream.inputs.extendedS3Configuration;
            assert.equal(s3.prefix, `AWSLogs/${ACCOUNT}/eks-audit-logs/`);
            assert.equal(
                s3.errorOutputPrefix,
                `AWSLogs/${ACCOUNT}/eks-audit-logs-errors/!{firehose:error-output-type}/`,
            );
            assert.deepEqual([s3.bufferingInterval, s3.bufferingSize], [0, 1]);
            assert.deepEqual(
                s3.processingConfiguration.processors.map((p: { type: string }) => p.type),
                ["Decompression", "CloudWatchLogProcessing", "AppendDelimiterToRecord"],
            );
            // (The one function is the hub's, adding Sentinel's audience to the account's OIDC provider.)
            assert.deepEqual(
                ofType(run.resources, "aws:lambda/function:Function")
                    .map((f) => f.name)
                    .filter((n) => !n.endsWith("-oidc-audience")),
                [],
            );
            const policy = doc(
                find(
                    run.resources,
                    "aws:iam/rolePolicy:RolePolicy",
                    "sentinel-eks-audit-logs-firehose-role-policy",
                ).inputs.policy,
            );
            assert.deepEqual(statement(policy, "WriteObjects").Resource, [
                `${BUCKET_ARN}/AWSLogs/${ACCOUNT}/eks-audit-logs/*`,
                `${BUCKET_ARN}/AWSLogs/${ACCOUNT}/eks-audit-logs-errors/*`,
            ]);
        });

        it("feeds its queue from the folder's .gz objects, connected to AWSEKSLogs_CL", () => {
            const notification = find(
                run.resources,
                "aws:s3/bucketNotification:BucketNotification",
                "sentinel-notification",
            );
            assert.deepEqual(
                notification.inputs.queues.map((q: any) => [q.filterPrefix, q.filterSuffix]),
                [[`AWSLogs/${ACCOUNT}/eks-audit-logs/`, ".gz"]],
            );
            assert.equal(run.result.connections[0].destinationTable, "AWSEKSLogs_CL");
        });
    });

    it("gives the stream's ARN and each cluster's filter in logExports", async () => {
        const run = await deployHub(hub({ clusterNames: ["production"] }));
        assert.deepEqual(Object.keys(run.result.exports.eksAuditLogs).sort(), [
            "deliveryStreamArn",
            "production",
        ]);
    });

    describe("audit logging, checked at preview", () => {
        it("stops at a cluster whose audit log is off, saying how to turn it on and why the component does not", async () => {
            await assert.rejects(
                deployHub(hub({ clusterNames: ["production", "staging"] }), {
                    [GET_CLUSTER]: clusters({
                        production: ["api", "audit"],
                        staging: ["api", "authenticator"],
                    }),
                }),
                (e: Error) => {
                    assert.match(
                        e.message,
                        /AwsSentinelConnection "sentinel" has an invalid value:\n {2}- the EKS cluster "staging" does not send its audit log to CloudWatch Logs \(control-plane logging: api, authenticator\), so there is nothing to deliver\. Turn audit logging on where the cluster is managed: `enabledClusterLogTypes: \["audit", …\]` on its `aws\.eks\.Cluster`, or `aws eks update-cluster-config --name staging --logging '\{"clusterLogging":\[\{"types":\["audit"\],"enabled":true\}\]\}'`; this component cannot/,
                    );
                    return true;
                },
            );
        });

        it("stops in a preview too, before the subscription is planned", async () => {
            await assert.rejects(
                runOffline(
                    async () => {
                        const { AwsSentinelConnection } =
                            await import("../../components/aws/awsSentinelConnection");
                        return new AwsSentinelConnection(
                            "sentinel",
                            hub({ clusterNames: ["staging"] }),
                        ).logExports;
                    },
                    { preview: true, calls: { [GET_CLUSTER]: clusters({ staging: [] }) } },
                ),
                /the EKS cluster "staging" does not send its audit log to CloudWatch Logs \(control-plane logging: none\)/,
            );
        });

        it("stops at a cluster that does not exist, asking for its exact name", async () => {
            await assert.rejects(
                deployHub(hub({ clusterNames: ["prod"] }), {
                    [GET_CLUSTER]: clusters({ production: ["audit"] }),
                }),
                /the EKS cluster "prod" could not be read( \(.*\))?: give the name of a cluster of this account and the provider's region, as `aws eks list-clusters` lists it\./,
            );
        });
    });

    describe("in an organization", () => {
        it("admits every account's EKS Firehose roles under the eks folder; a log source subscribes its clusters per region", async () => {
            const run = await runHubWithLogSource(
                { eksAuditLogs: {} },
                {
                    eksAuditLogs: {
                        clusters: [{ clusterName: "production", region: "eu-west-1" }],
                    },
                },
            );
            const policy = doc(
                find(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy")
                    .inputs.policy,
            );
            assert.equal(
                statement(policy, "EksAuditLogsFirehoseWrite").Resource,
                `${BUCKET_ARN}/eks/AWSLogs/*`,
            );
            assert.deepEqual(statement(policy, "EksAuditLogsFirehoseWrite").Condition, {
                StringEquals: { "aws:PrincipalOrgID": ORG_ID },
                ArnLike: {
                    "aws:PrincipalArn": "arn:aws:iam::*:role/sentinel-aws-s3/EksAuditLogsFirehose*",
                },
            });
            const stream = ofType(run.resources, STREAM)[0];
            assert.deepEqual(
                [stream.inputs.region, stream.inputs.extendedS3Configuration.prefix],
                ["eu-west-1", `eks/AWSLogs/${MEMBER}/eks-audit-logs/`],
            );
            const filter = ofType(run.resources, FILTER)[0];
            assert.deepEqual(
                [filter.inputs.logGroup, filter.inputs.region],
                ["/aws/eks/production/cluster", "eu-west-1"],
            );
        });

        it("stops a log source at a cluster whose audit log is off", async () => {
            await assert.rejects(
                runHubWithLogSource(
                    { eksAuditLogs: {} },
                    { eksAuditLogs: { clusters: [{ clusterName: "dev", region: "eu-west-1" }] } },
                    { [GET_CLUSTER]: clusters({ dev: ["api"] }) },
                ),
                /SentinelLogSource "member" has an invalid value:\n {2}- the EKS cluster "dev" in eu-west-1 does not send its audit log .* --region eu-west-1 --logging/,
            );
        });
    });

    describe("refuses bad input before anything is created, naming the field and the fix", () => {
        const problems = (args: AwsSentinelConnectionArgs) =>
            validateAwsSentinelConnectionArgs("sentinel", args);

        it("a cluster name of the wrong form (an ARN, a leading hyphen)", () => {
            const found = problems(
                hub({
                    clusterNames: ["arn:aws:eks:us-east-1:123456789012:cluster/production", "-x"],
                }),
            );
            assert.equal(found.length, 2, found.join("\n"));
            for (const [i, p] of found.entries()) {
                assert.match(
                    p,
                    new RegExp(
                        `^\`logTypes.eksAuditLogs.clusterNames\\[${i}\\]\` must be an EKS cluster name: 1-100 letters, digits, \`-\` and \`_\`, starting with a letter or digit \\(the name, not the ARN\\)`,
                    ),
                );
            }
        });

        it("a cluster's log group also subscribed as a plain log group (both of its filters, every event twice)", () => {
            assert.deepEqual(
                problems({
                    workspaceId: WORKSPACE_ID,
                    logTypes: {
                        cloudWatchLogs: { logGroupNames: ["/aws/eks/production/cluster"] },
                        eksAuditLogs: { clusterNames: ["production"] },
                    },
                }),
                [
                    '`logTypes.eksAuditLogs.clusterNames[0]` and `logTypes.cloudWatchLogs.logGroupNames[0]` subscribe the log group "/aws/eks/production/cluster" 2 times: every event would be delivered 2 times, and CloudWatch Logs allows 2 subscription filters per log group. Subscribe it once.',
                ],
            );
        });

        it("a filter taken over of a cluster not listed, or without clusters", () => {
            assert.match(
                problems(
                    hub({
                        clusterNames: ["production"],
                        adoptSubscriptionFilters: { staging: "x" },
                    }),
                )[0],
                /^`logTypes.eksAuditLogs.adoptSubscriptionFilters.staging` names the cluster "staging", which `logTypes.eksAuditLogs.clusterNames` does not list/,
            );
            assert.match(
                problems(hub({ adoptSubscriptionFilters: { staging: "x" } }))[0],
                /^`logTypes.eksAuditLogs.adoptSubscriptionFilters` does nothing without `logTypes.eksAuditLogs.clusterNames`/,
            );
        });

        it("a log source's cluster listed twice in one region, or outside AzureCloud", () => {
            assert.deepEqual(
                validateSentinelLogSourceArgs({
                    destination: { format: "x" } as never,
                    eksAuditLogs: {
                        clusters: [{ clusterName: "production" }, { clusterName: "production" }],
                    },
                }).filter((p) => p.includes("times")),
                [
                    '`eksAuditLogs.clusters[0]` and `eksAuditLogs.clusters[1]` subscribe the log group "/aws/eks/production/cluster" 2 times: every event would be delivered 2 times, and CloudWatch Logs allows 2 subscription filters per log group. Subscribe it once.',
                ],
            );
            assert.match(
                problems(
                    hub({ clusterNames: ["production"] }, { azureCloud: "AzureUSGovernment" }),
                )[0],
                /^`logTypes.eksAuditLogs` is read through Microsoft's Codeless Connector Framework, which is offered in AzureCloud only/,
            );
        });
    });

    describe("on the Sentinel side, against Microsoft's templates", () => {
        const facts = SOURCE_FACTS.eksAuditLogs;
        const connection = facts.connections[0];
        const poller = microsoftTemplate("eks.AWSEKS_PollingConfig.07c019e.json");
        const dcr = microsoftTemplate("eks.AWSEKS_DCR.cd542d1.json");
        const table = microsoftTemplate("eks.AWSEKS_Table.4d935df.json");

        it("names Microsoft's definition, table and data format", () => {
            assert.equal(facts.sentinel.definitionName, poller.properties.connectorDefinitionName);
            assert.equal(connection.table, poller.properties.destinationTable);
            assert.deepEqual(facts.sentinel.dataFormat, poller.properties.dataFormat);
        });

        it("creates Microsoft's table, with its columns' names and types", () => {
            assert.deepEqual(
                facts.sentinel.customTables.map((t) => t.name),
                [table.name],
            );
            assert.deepEqual(
                EKS_TABLE_COLUMNS.map((c) => [c.name, c.type]),
                table.properties.schema.columns.map((c: any) => [c.name, c.type]),
            );
        });

        it("reads the audit events under a stream of its own and writes the table's columns, as Microsoft's flow does", () => {
            const flow = facts.sentinel.dcr.dataFlows[0];
            // Microsoft's stream is named after the table because its Lambda writes table rows; these
            // lines are audit events, so they are declared apart from the table's own stream.
            assert.notEqual(connection.streamName, poller.properties.dcrConfig.streamName);
            assert.deepEqual(flow.streams, [connection.streamName]);
            assert.equal(flow.outputStream, dcr.properties.dataFlows[0].outputStream);
            assert.deepEqual(
                ownColumns(EKS_PROJECTION),
                projectedColumns(dcr.properties.dataFlows[0].transformKql),
            );
        });

        it("takes TimeGenerated from requestReceivedTimestamp, where Microsoft's DCR uses the ingestion time", () => {
            const kql = facts.sentinel.dcr.dataFlows[0].transformKql ?? "";
            assert.match(kql, /TimeGenerated = todatetime\(requestReceivedTimestamp\)/);
            assert.match(dcr.properties.dataFlows[0].transformKql, /TimeGenerated = now\(\)/);
        });

        it("declares every audit event field the transform reads", () => {
            const declared = EKS_EVENT_COLUMNS.map((c) => c.name);
            const kql = facts.sentinel.dcr.dataFlows[0].transformKql ?? "";
            for (const field of [
                "requestReceivedTimestamp",
                "annotations",
                "verb",
                "user",
                "sourceIPs",
                "userAgent",
                "objectRef",
                "responseStatus",
                "stage",
            ]) {
                assert.ok(declared.includes(field), `${field} is declared`);
                assert.match(kql, new RegExp(`\\b${field}\\b`), `${field} is read`);
            }
        });

        it("creates the table before its DCR, and the connection on its own stream", async () => {
            const run = await runOffline(async () => {
                const { AwsSentinelConnection } =
                    await import("../../components/aws/awsSentinelConnection");
                const { SentinelAwsS3DataConnectors } =
                    await import("../../components/azure/sentinelAwsS3DataConnectors");
                new SentinelAwsS3DataConnectors("sentinel", {
                    resourceGroupName: "rg-sentinel",
                    workspaceName: "law-sentinel",
                    awsConnection: new AwsSentinelConnection(
                        "sentinel",
                        hub({ clusterNames: ["production"] }),
                    ),
                });
            });
            const created = find(
                run.resources,
                "azure-native:operationalinsights:Table",
                "sentinel-AWSEKSLogs_CL",
            );
            const rule = find(
                run.resources,
                "azure-native:monitor:DataCollectionRule",
                "sentinel-eksAuditLogs-dcr",
            );
            assert.ok(rule.dependencies.includes(created.urn), "the DCR waits for its table");
            assert.deepEqual(
                created.inputs.schema.columns.map((c: any) => c.name),
                EKS_TABLE_COLUMNS.map((c) => c.name),
            );
            const connector = find(
                run.resources,
                "azure-native:resources:Resource",
                "sentinel-AWSEKSLogs_CL",
            );
            assert.equal(connector.inputs.properties.connectorDefinitionName, "AWSEKSDefinition");
            assert.equal(
                connector.inputs.properties.dcrConfig.streamName,
                "Custom-AWSEKSAuditEvents",
            );
            assert.equal(connector.inputs.properties.destinationTable, "AWSEKSLogs_CL");
            assert.deepEqual(Object.keys(rule.inputs.streamDeclarations), [
                "Custom-AWSEKSAuditEvents",
            ]);
        });
    });
});
