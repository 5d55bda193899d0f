// Route 53 Resolver query logs, end to end: the query logging the hub or a log source creates, the
// log delivery writer shared with flow logs, the queue and notification, and the CCF side compared
// with Microsoft's templates.
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { validateAwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionValidation";
import { validateSentinelLogSourceArgs } from "../../components/aws/sentinelLogSource";
import { SOURCE_FACTS } from "../../components/sources/catalog";
import { projectedColumns as ownColumns } from "../../components/sources/kql";
import { ROUTE53_RESOLVER_PROJECTION } from "../../components/sources/route53ResolverQueryLogs/facts";
import { runOffline } from "../../offline/mocks";
import { VPC_A, VPC_B, WORKSPACE_ID, deployAws, doc, find, ofType, statement } from "../helpers";
import { ORG_ID } from "../organization/fixtures";
import { microsoftTemplate, projectedColumns } from "./microsoft";

const ACCOUNT = "123456789012";
const BUCKET_ARN = "arn:aws:s3:::sentinel-logs-xxxxxxx";
const CONFIG = "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig";
const ASSOCIATION =
    "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation";
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

const route53 = (settings: object, more: Partial<AwsSentinelConnectionArgs> = {}) =>
    ({
        workspaceId: WORKSPACE_ID,
        logTypes: { route53ResolverQueryLogs: settings },
        ...more,
    }) as AwsSentinelConnectionArgs;

describe("Route 53 Resolver query logs", () => {
    describe("in a single account", () => {
        let run: Awaited<ReturnType<typeof deployAws>>;
        before(async () => {
            run = await deployAws(route53({ vpcIds: [VPC_A, VPC_B] }, { keyPrefix: "security" }));
        });

        it("creates a query logging configuration writing to the bucket's folder, and associates each VPC", () => {
            const config = find(run.resources, CONFIG, "sentinel-resolver-query-logs");
            // Route 53 API reference, CreateResolverQueryLogConfig DestinationArn: a file prefix
            // may be appended to the bucket's ARN.
            assert.equal(config.inputs.destinationArn, `${BUCKET_ARN}/security/`);
            assert.equal(config.inputs.name, "sentinel-resolver-query-logs");
            assert.deepEqual(
                ofType(run.resources, ASSOCIATION).map((a) => [a.name, a.inputs.resourceId]),
                [
                    [`sentinel-resolver-query-logs-${VPC_A}`, VPC_A],
                    [`sentinel-resolver-query-logs-${VPC_B}`, VPC_B],
                ],
            );
            const policy = find(run.resources, BUCKET_POLICY, "sentinel-logs-policy");
            for (const r of [config, ...ofType(run.resources, ASSOCIATION)]) {
                assert.ok(
                    r.dependencies.includes(policy.urn),
                    `${r.name} waits for the bucket policy`,
                );
            }
        });

        it("admits the log delivery service for this account and region, as the CloudWatch Logs guide shows", () => {
            const policy = doc(
                find(run.resources, BUCKET_POLICY, "sentinel-logs-policy").inputs.policy,
            );
            assert.deepEqual(statement(policy, "AWSLogDeliveryWrite"), {
                Sid: "AWSLogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${BUCKET_ARN}/security/AWSLogs/${ACCOUNT}/*`,
                Condition: {
                    StringEquals: {
                        "s3:x-amz-acl": "bucket-owner-full-control",
                        "aws:SourceAccount": ACCOUNT,
                    },
                    ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` },
                },
            });
            assert.equal(statement(policy, "AWSLogDeliveryAclCheck").Action, "s3:GetBucketAcl");
        });

        it("feeds its own queue with the query logs' .gz files, and lets the role read only them", () => {
            const notification = find(run.resources, NOTIFICATION, "sentinel-notification");
            assert.deepEqual(
                notification.inputs.queues.map((q: any) => [q.id, q.filterPrefix, q.filterSuffix]),
                [
                    [
                        "sentinel-route53ResolverQueryLogs",
                        `security/AWSLogs/${ACCOUNT}/vpcdnsquerylogs/`,
                        ".gz",
                    ],
                ],
            );
            const connection = run.result.connections[0];
            assert.equal(connection.logType, "route53ResolverQueryLogs");
            assert.equal(connection.destinationTable, "AWSRoute53Resolver");
            assert.equal(connection.objectPrefix, `security/AWSLogs/${ACCOUNT}/vpcdnsquerylogs/`);
            const rolePolicy = doc(
                find(run.resources, "aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy").inputs
                    .policy,
            );
            assert.deepEqual(statement(rolePolicy, "ReadLogObjects").Resource, [
                `${BUCKET_ARN}/security/AWSLogs/${ACCOUNT}/vpcdnsquerylogs/*`,
            ]);
        });
    });

    it("shares one pair of log delivery statements with flow logs", async () => {
        const run = await deployAws(
            route53(
                { vpcIds: [VPC_A] },
                {
                    logTypes: {
                        vpcFlowLogs: { vpcIds: [VPC_B] },
                        route53ResolverQueryLogs: { vpcIds: [VPC_A] },
                    },
                },
            ),
        );
        const policy = doc(
            find(run.resources, BUCKET_POLICY, "sentinel-logs-policy").inputs.policy,
        );
        assert.deepEqual(
            policy.Statement.map((s) => s.Sid),
            ["DenyInsecureTransport", "AWSLogDeliveryAclCheck", "AWSLogDeliveryWrite"],
        );
    });

    it("only connects, admitting the log delivery, when the configuration is made elsewhere", async () => {
        const run = await deployAws(route53({}));
        assert.deepEqual(ofType(run.resources, CONFIG), []);
        const policy = doc(
            find(run.resources, BUCKET_POLICY, "sentinel-logs-policy").inputs.policy,
        );
        assert.ok(policy.Statement.some((s) => s.Sid === "AWSLogDeliveryWrite"));
        assert.equal(run.result.connections[0].destinationTable, "AWSRoute53Resolver");
    });

    it("writes under its own folder in an organization hub, admitted with flow logs' folder", async () => {
        const run = await deployAws({
            workspaceId: WORKSPACE_ID,
            organization: { organizationId: ORG_ID },
            logTypes: { vpcFlowLogs: {}, route53ResolverQueryLogs: {} },
        });
        const policy = doc(
            find(run.resources, BUCKET_POLICY, "sentinel-logs-policy").inputs.policy,
        );
        assert.deepEqual(statement(policy, "AWSLogDeliveryWrite").Resource, [
            `${BUCKET_ARN}/vpcflowlogs/AWSLogs/*`,
            `${BUCKET_ARN}/route53resolver/AWSLogs/*`,
        ]);
        const notification = find(run.resources, NOTIFICATION, "sentinel-notification");
        assert.deepEqual(
            notification.inputs.queues.map((q: any) => q.filterPrefix),
            ["vpcflowlogs/AWSLogs/", "route53resolver/AWSLogs/"],
        );
        const rolePolicy = doc(
            find(run.resources, "aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy").inputs
                .policy,
        );
        assert.deepEqual(statement(rolePolicy, "ReadLogObjects").Resource, [
            `${BUCKET_ARN}/vpcflowlogs/AWSLogs/*/vpcflowlogs/*`,
            `${BUCKET_ARN}/route53resolver/AWSLogs/*/vpcdnsquerylogs/*`,
        ]);
    });

    it("from a log source: one configuration per region of its VPCs, into the hub's folder", async () => {
        const run = await runOffline(async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            const { SentinelLogSource } = await import("../../components/aws/sentinelLogSource");
            const hub = new AwsSentinelConnection("sentinel", {
                workspaceId: WORKSPACE_ID,
                organization: { organizationId: ORG_ID },
                logTypes: { route53ResolverQueryLogs: {} },
            });
            const source = new SentinelLogSource("member", {
                destination: hub.logDestination,
                route53ResolverQueryLogs: {
                    vpcs: [{ vpcId: VPC_A }, { vpcId: VPC_B, region: "eu-west-1" }],
                },
            });
            return { exports: source.logExports };
        });
        const configs = ofType(run.resources, CONFIG);
        assert.deepEqual(
            configs.map((c) => [c.name, c.inputs.region, c.inputs.destinationArn]),
            [
                ["member-resolver-query-logs", undefined, `${BUCKET_ARN}/route53resolver/`],
                [
                    "member-resolver-query-logs-eu-west-1",
                    "eu-west-1",
                    `${BUCKET_ARN}/route53resolver/`,
                ],
            ],
        );
        assert.deepEqual(
            ofType(run.resources, ASSOCIATION).map((a) => [a.inputs.resourceId, a.inputs.region]),
            [
                [VPC_A, undefined],
                [VPC_B, "eu-west-1"],
            ],
        );
        assert.deepEqual(Object.keys(run.result.exports.route53ResolverQueryLogs).sort(), [
            "queryLogConfigId",
            "queryLogConfigId-eu-west-1",
            VPC_A,
            VPC_B,
        ]);
    });

    it("is refused outside AzureCloud and with a VPC listed twice, each with the fix", () => {
        const problems = validateAwsSentinelConnectionArgs(
            "sentinel",
            route53({ vpcIds: [VPC_A] }, { azureCloud: "AzureUSGovernment" }),
        );
        assert.equal(problems.length, 1, problems.join("\n"));
        assert.match(
            problems[0],
            /^`logTypes.route53ResolverQueryLogs` is read through Microsoft's Codeless Connector Framework, which is offered in AzureCloud only/,
        );
        assert.deepEqual(
            validateSentinelLogSourceArgs({
                destination: { format: "x" } as never,
                route53ResolverQueryLogs: { vpcs: [{ vpcId: VPC_A }, { vpcId: VPC_A }] },
            }).filter((p) => p.includes("more than once")),
            [
                `\`route53ResolverQueryLogs.vpcs\` lists "${VPC_A}" more than once; list each VPC once.`,
            ],
        );
        assert.match(
            validateAwsSentinelConnectionArgs("sentinel", {
                workspaceId: WORKSPACE_ID,
                logTypes: { route53ResolverQueryLog: {} } as never,
            })[0],
            /`logTypes.route53ResolverQueryLog` is not a known setting; did you mean `route53ResolverQueryLogs`\?/,
        );
    });

    describe("on the Sentinel side, against Microsoft's templates", () => {
        const facts = SOURCE_FACTS.route53ResolverQueryLogs;
        const connection = facts.connections[0];
        const dcr = microsoftTemplate("route53.AWSRoute53Resolver_DCR.c112bc7.json");
        const poller = microsoftTemplate("route53.AWSRoute53Resolver_PollingConfig.54c25f5.json");

        it("names the connection's definition, stream, table and format as Microsoft's connection does", () => {
            assert.equal(facts.sentinel.definitionName, poller.properties.connectorDefinitionName);
            assert.equal(connection.streamName, poller.properties.dcrConfig.streamName);
            assert.equal(connection.table, poller.properties.destinationTable);
            assert.deepEqual(facts.sentinel.dataFormat, poller.properties.dataFormat);
        });

        it("declares the connection's stream with Microsoft's columns and writes the table's columns", () => {
            const own = facts.sentinel.dcr;
            assert.deepEqual(Object.keys(own.streamDeclarations), [connection.streamName]);
            assert.deepEqual(
                own.streamDeclarations[connection.streamName],
                dcr.properties.streamDeclarations[connection.streamName].columns,
            );
            const [flow] = own.dataFlows;
            assert.deepEqual(flow.streams, [connection.streamName]);
            assert.equal(flow.outputStream, `Microsoft-${connection.table}`);
            assert.equal(flow.outputStream, dcr.properties.dataFlows[0].outputStream);
            assert.deepEqual(
                ownColumns(ROUTE53_RESOLVER_PROJECTION),
                projectedColumns(dcr.properties.dataFlows[0].transformKql),
            );
        });

        it("takes TimeGenerated from the query's own time", () => {
            assert.match(
                facts.sentinel.dcr.dataFlows[0].transformKql ?? "",
                /TimeGenerated = todatetime\(query_timestamp\)/,
            );
        });
    });
});
