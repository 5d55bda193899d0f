// ELB access logs, end to end: the writers each ELB guide admits (the region's ELB account or
// service principal for ALBs, the log delivery service for NLBs), the two connections with their
// folders, queues and notifications, the hand-off of each load balancer's bucket and prefix, the
// organization's log sources, and the CCF side compared with Microsoft's current "AWS ELB" solution.
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { validateAwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionValidation";
import { validateSentinelLogSourceArgs } from "../../components/aws/sentinelLogSource";
import { SOURCE_FACTS } from "../../components/sources/catalog";
import type { CcfSentinel, SourceFacts } from "../../components/sources/types";
import {
    ELB_REGIONAL_ACCOUNTS,
    elbWriterPrincipal,
} from "../../components/sources/elbAccessLogs/accounts";
import { FakeCloud, PLACEHOLDER_CLOUD, runOffline } from "../../offline/mocks";
import { WORKSPACE_ID, doc, find, statement } from "../helpers";
import { ORG_ID } from "../organization/fixtures";
import { microsoftTemplate, shared, microsoftTemplates } from "./microsoft";

const ACCOUNT = "123456789012";
const MEMBER = "210987654321";
const BUCKET_ARN = "arn:aws:s3:::sentinel-logs-xxxxxxx";
const ALB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188`;
const NLB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/net/tls/0123456789abcdef`;
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";

const elb = (settings: object, more: Partial<AwsSentinelConnectionArgs> = {}) =>
    ({
        workspaceId: WORKSPACE_ID,
        bucketEncryption: "s3",
        logTypes: { elbAccessLogs: settings },
        ...more,
    }) as AwsSentinelConnectionArgs;

/** A hub, with what its exports hand off. */
function hub(args: AwsSentinelConnectionArgs, cloud: FakeCloud = PLACEHOLDER_CLOUD) {
    return runOffline(
        async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            const h = new AwsSentinelConnection("sentinel", args);
            return { exports: h.logExports, connections: h.connections };
        },
        { cloud },
    );
}

describe("ELB access logs", () => {
    describe("in a single account in us-east-1", () => {
        let run: Awaited<ReturnType<typeof hub>>;
        before(async () => {
            run = await hub(elb({ loadBalancerArns: [ALB, NLB] }, { keyPrefix: "security" }));
        });

        it("admits ALBs through the region's ELB account and NLBs through the log delivery service, each under its folder", () => {
            const policy = doc(
                find(run.resources, BUCKET_POLICY, "sentinel-logs-policy").inputs.policy,
            );
            // ALB user guide, step 2, regions available before August 2022: us-east-1's ELB account.
            assert.deepEqual(statement(policy, "ElbAlbAccessLogsWrite"), {
                Sid: "ElbAlbAccessLogsWrite",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::127311923021:root" },
                Action: "s3:PutObject",
                Resource: `${BUCKET_ARN}/security/ALBLogs/AWSLogs/${ACCOUNT}/*`,
            });
            // NLB user guide, "Enable access logs": the log delivery pair, bound to the account.
            assert.deepEqual(statement(policy, "ElbNlbLogDeliveryWrite"), {
                Sid: "ElbNlbLogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${BUCKET_ARN}/security/NLBAccessLogs/AWSLogs/${ACCOUNT}/*`,
                Condition: {
                    StringEquals: {
                        "s3:x-amz-acl": "bucket-owner-full-control",
                        "aws:SourceAccount": ACCOUNT,
                    },
                    ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` },
                },
            });
            assert.equal(statement(policy, "ElbNlbLogDeliveryAclCheck").Action, "s3:GetBucketAcl");
        });

        it("feeds one queue per load balancer type from its folder's .gz files, into its own table, and lets the role read only them", () => {
            const notification = find(run.resources, NOTIFICATION, "sentinel-notification");
            assert.deepEqual(
                notification.inputs.queues.map((q: any) => [q.id, q.filterPrefix, q.filterSuffix]),
                [
                    [
                        "sentinel-albAccessLogs",
                        `security/ALBLogs/AWSLogs/${ACCOUNT}/elasticloadbalancing/`,
                        ".gz",
                    ],
                    [
                        "sentinel-nlbAccessLogs",
                        `security/NLBAccessLogs/AWSLogs/${ACCOUNT}/elasticloadbalancing/`,
                        ".gz",
                    ],
                ],
            );
            assert.deepEqual(
                run.result.connections.map((c) => [c.destinationTable, c.objectPrefix]),
                [
                    [
                        "AWSALBAccessLogs",
                        `security/ALBLogs/AWSLogs/${ACCOUNT}/elasticloadbalancing/`,
                    ],
                    [
                        "AWSNLBAccessLogs",
                        `security/NLBAccessLogs/AWSLogs/${ACCOUNT}/elasticloadbalancing/`,
                    ],
                ],
            );
            const rolePolicy = doc(
                find(run.resources, "aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy").inputs
                    .policy,
            );
            assert.deepEqual(statement(rolePolicy, "ReadLogObjects").Resource, [
                `${BUCKET_ARN}/security/ALBLogs/AWSLogs/${ACCOUNT}/elasticloadbalancing/*`,
                `${BUCKET_ARN}/security/NLBAccessLogs/AWSLogs/${ACCOUNT}/elasticloadbalancing/*`,
            ]);
        });

        it("hands off, per load balancer, the bucket and prefix to set on it, and creates nothing on the load balancers", () => {
            assert.deepEqual(run.result.exports.elbAccessLogs, {
                accessLogsBucket: "sentinel-logs-xxxxxxx",
                albAccessLogsPrefix: "security/ALBLogs",
                nlbAccessLogsPrefix: "security/NLBAccessLogs",
                [ALB]: "security/ALBLogs",
                [NLB]: "security/NLBAccessLogs",
            });
            assert.deepEqual(
                run.resources.filter((r) => r.type.startsWith("aws:lb/")),
                [],
            );
        });
    });

    it("admits logdelivery.elasticloadbalancing where a region has no ELB account, and without ARNs hands off only the bucket and prefixes", async () => {
        const cloud = { ...PLACEHOLDER_CLOUD, region: "ap-southeast-4" };
        const run = await hub(elb({}), cloud);
        const policy = doc(
            find(run.resources, BUCKET_POLICY, "sentinel-logs-policy").inputs.policy,
        );
        assert.deepEqual(statement(policy, "ElbAlbAccessLogsWrite").Principal, {
            Service: "logdelivery.elasticloadbalancing.amazonaws.com",
        });
        // The bucket and prefixes to set, for load balancers configured elsewhere.
        assert.deepEqual(run.result.exports.elbAccessLogs, {
            accessLogsBucket: "sentinel-logs-xxxxxxx",
            albAccessLogsPrefix: "ALBLogs",
            nlbAccessLogsPrefix: "NLBAccessLogs",
        });
        assert.equal(run.result.connections.length, 2);
    });

    it("keeps ELB's regional accounts as the ELB guide gives them, the service principal elsewhere", () => {
        const microsoft = [
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
            "af-south-1",
            "ap-east-1",
            "ap-southeast-3",
            "ap-south-1",
            "ap-northeast-3",
            "ap-northeast-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-northeast-1",
            "ca-central-1",
            "eu-central-1",
            "eu-west-1",
            "eu-west-2",
            "eu-south-1",
            "eu-west-3",
            "eu-north-1",
            "me-south-1",
            "sa-east-1",
        ];
        // Microsoft's AWSS3ELB.json maps the same 22 commercial regions; GovCloud and China add 4.
        assert.deepEqual(
            Object.keys(ELB_REGIONAL_ACCOUNTS)
                .filter((r) => !/^(us-gov|cn)-/.test(r))
                .sort(),
            [...microsoft].sort(),
        );
        assert.equal(ELB_REGIONAL_ACCOUNTS["eu-west-1"], "156460612806");
        assert.deepEqual(elbWriterPrincipal("aws-us-gov", "us-gov-west-1"), {
            AWS: "arn:aws-us-gov:iam::048591011584:root",
        });
        assert.deepEqual(elbWriterPrincipal("aws", "me-central-1"), {
            Service: "logdelivery.elasticloadbalancing.amazonaws.com",
        });
    });

    it("refuses an SSE-KMS bucket where ALBs write, and admits NLBs' key use where only NLBs do", async () => {
        const problems = validateAwsSentinelConnectionArgs(
            "sentinel",
            elb({ loadBalancerArns: [ALB] }, { bucketEncryption: "kms" }),
        );
        assert.deepEqual(problems, [
            '`bucketEncryption` must be "s3" with `logTypes.elbAccessLogs`: Application Load Balancers write access logs only to SSE-S3 buckets (ALB user guide, "Enable access logs": "The only server-side encryption option that\'s supported is Amazon S3-managed keys (SSE-S3)"), and the created bucket would use "kms". Set `bucketEncryption: "s3"`.',
        ]);
        assert.match(
            validateAwsSentinelConnectionArgs(
                "sentinel",
                elb({}, { bucketEncryption: undefined }),
            )[0],
            /or list only Network Load Balancers in `loadBalancerArns`/,
        );
        const run = await hub(elb({ loadBalancerArns: [NLB] }, { bucketEncryption: "kms" }));
        const key = doc(find(run.resources, "aws:kms/key:Key", "sentinel-logs-key").inputs.policy);
        assert.deepEqual(statement(key, "ElbNlbLogDeliveryEncryptsLogs").Condition, {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` },
        });
    });

    it("refuses a Classic or Gateway Load Balancer, a target group, a malformed ARN, and load balancers of two regions or accounts, each with the fix", () => {
        const classic = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/legacy-web`;
        const gateway = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/gwy/inspect/0123456789abcdef`;
        const group = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/web/0123456789abcdef`;
        const at = "`logTypes.elbAccessLogs.loadBalancerArns";
        const problems = validateAwsSentinelConnectionArgs(
            "sentinel",
            elb({ loadBalancerArns: [classic, gateway, group, "web-alb"] }),
        );
        assert.equal(problems.length, 4, problems.join("\n"));
        assert.ok(problems[0].startsWith(`${at}[0]\` is a Classic Load Balancer`), problems[0]);
        assert.match(problems[0], /Microsoft's ELB connector does not read/);
        assert.ok(problems[1].startsWith(`${at}[1]\` is a Gateway Load Balancer`), problems[1]);
        assert.ok(problems[2].startsWith(`${at}[2]\` is a target group's ARN`), problems[2]);
        assert.match(
            problems[3],
            /loadBalancerArns\[3\]` must be an Application or Network Load Balancer's ARN/,
        );
        const spread = validateAwsSentinelConnectionArgs(
            "sentinel",
            elb({
                loadBalancerArns: [
                    ALB,
                    NLB.replace("us-east-1", "eu-west-1"),
                    ALB.replace(ACCOUNT, MEMBER).replace("/web/", "/api/"),
                ],
            }),
        );
        assert.deepEqual(spread, [
            `${at}\` lists load balancers of us-east-1, eu-west-1: ELB writes access logs only to a bucket of the load balancer's own region, so connect each region's load balancers to a hub in that region.`,
            `${at}\` lists load balancers of accounts ${ACCOUNT}, ${MEMBER}: a single-account hub admits its own account's load balancers; connect the others through an organization hub and their accounts' log sources.`,
        ]);
    });

    it("stops before anything is created when the load balancers are not in the bucket's region or account", async () => {
        await assert.rejects(
            hub(elb({ loadBalancerArns: [ALB] }), { ...PLACEHOLDER_CLOUD, region: "eu-west-1" }),
            /names arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/web\/50dc6c495c0c9188, a load balancer of us-east-1, but the bucket is in eu-west-1: ELB writes access logs only to a bucket of its own region/,
        );
        await assert.rejects(
            hub(elb({ loadBalancerArns: [ALB.replace(ACCOUNT, MEMBER)] })),
            /a load balancer of account 210987654321, which the hub does not admit \(it admits 123456789012\)/,
        );
    });

    describe("in an organization", () => {
        it("requires the accounts whose ALBs write, and admits exactly their folders", async () => {
            const org = { organization: { organizationId: ORG_ID } };
            assert.deepEqual(
                validateAwsSentinelConnectionArgs("sentinel", elb({}, org)).filter((p) =>
                    p.includes("accountIds"),
                ),
                [
                    "`logTypes.elbAccessLogs.accountIds` is required in an organization hub: an Application Load Balancer writes with its region's ELB account (or logdelivery.elasticloadbalancing.amazonaws.com), which the ALB guide binds only by the account folders it may write, so the hub admits the accounts listed. List the accounts whose load balancers write into the hub.",
                ],
            );
            assert.deepEqual(
                validateAwsSentinelConnectionArgs("sentinel", elb({ accountIds: [MEMBER] })),
                [
                    "`logTypes.elbAccessLogs.accountIds` does nothing for a single account: the hub admits its own account's load balancers. Remove it.",
                ],
            );
            const run = await runOffline(async () => {
                const { AwsSentinelConnection } =
                    await import("../../components/aws/awsSentinelConnection");
                const { SentinelLogSource } =
                    await import("../../components/aws/sentinelLogSource");
                const h = new AwsSentinelConnection(
                    "sentinel",
                    elb({ accountIds: [ACCOUNT, MEMBER] }, org),
                );
                const source = new SentinelLogSource("member", {
                    destination: h.logDestination,
                    elbAccessLogs: { loadBalancerArns: [ALB, NLB] },
                });
                return { exports: source.logExports, destination: h.logDestination };
            });
            const policy = doc(
                find(run.resources, BUCKET_POLICY, "sentinel-logs-policy").inputs.policy,
            );
            assert.deepEqual(statement(policy, "ElbAlbAccessLogsWrite").Resource, [
                `${BUCKET_ARN}/elb/ALBLogs/AWSLogs/${ACCOUNT}/*`,
                `${BUCKET_ARN}/elb/ALBLogs/AWSLogs/${MEMBER}/*`,
            ]);
            assert.deepEqual(statement(policy, "ElbNlbLogDeliveryWrite").Condition, {
                StringEquals: {
                    "s3:x-amz-acl": "bucket-owner-full-control",
                    "aws:SourceOrgID": ORG_ID,
                },
                ArnLike: { "aws:SourceArn": "arn:aws:logs:*:*:*" },
            });
            assert.deepEqual(
                find(run.resources, NOTIFICATION, "sentinel-notification").inputs.queues.map(
                    (q: any) => q.filterPrefix,
                ),
                ["elb/ALBLogs/AWSLogs/", "elb/NLBAccessLogs/AWSLogs/"],
            );
            assert.deepEqual(run.result.destination.bindings?.elbAccessLogs, {
                accountIds: `${ACCOUNT},${MEMBER}`,
            });
            assert.deepEqual(run.result.exports.elbAccessLogs, {
                accessLogsBucket: "sentinel-logs-xxxxxxx",
                albAccessLogsPrefix: "elb/ALBLogs",
                nlbAccessLogsPrefix: "elb/NLBAccessLogs",
                [ALB]: "elb/ALBLogs",
                [NLB]: "elb/NLBAccessLogs",
            });
        });

        it("refuses a log source's load balancers of an account the hub does not admit", async () => {
            await assert.rejects(
                runOffline(async () => {
                    const { AwsSentinelConnection } =
                        await import("../../components/aws/awsSentinelConnection");
                    const { SentinelLogSource } =
                        await import("../../components/aws/sentinelLogSource");
                    const h = new AwsSentinelConnection(
                        "sentinel",
                        elb({ accountIds: [MEMBER] }, { organization: { organizationId: ORG_ID } }),
                    );
                    const source = new SentinelLogSource("member", {
                        destination: h.logDestination,
                        elbAccessLogs: { loadBalancerArns: [ALB] },
                    });
                    return { exports: source.logExports };
                }),
                /`elbAccessLogs.loadBalancerArns` names .*, a load balancer of account 123456789012, which the hub does not admit/,
            );
            assert.match(
                validateSentinelLogSourceArgs({
                    destination: { format: "x" } as never,
                    elbAccessLogs: {
                        loadBalancerArns: [ALB, NLB.replace("us-east-1", "eu-west-1")],
                    },
                }).join("\n"),
                /`elbAccessLogs.loadBalancerArns` lists load balancers of us-east-1, eu-west-1/,
            );
        });
    });

    describe("on the Sentinel side, against Microsoft's current AWS ELB solution", () => {
        const facts: SourceFacts = SOURCE_FACTS.elbAccessLogs;
        const sentinel = facts.sentinel as CcfSentinel;
        const pollers = microsoftTemplates("elb.AWSELBConnector_PollingConfig.2f83567.json");
        const dcr = microsoftTemplate("elb.AWSELBConnector_DCR.1d31ea5.json");

        it("names each connection's definition, stream, table, format and data type as Microsoft's connection of its type does", () => {
            for (const connection of facts.connections) {
                const poller = pollers.find(
                    (p) => p.properties.destinationTable === connection.table,
                );
                assert.ok(poller, `Microsoft connects ${connection.table}`);
                assert.equal(sentinel.definitionName, poller.properties.connectorDefinitionName);
                assert.equal(connection.streamName, poller.properties.dcrConfig.streamName);
                assert.deepEqual(sentinel.dataFormat, poller.properties.dataFormat);
                assert.deepEqual(connection.properties, { dataType: poller.properties.dataType });
                assert.equal(sentinel.apiVersion, poller.apiVersion);
            }
        });

        it("passes each table's stream through, as Microsoft's DCR does, with no custom table", () => {
            assert.deepEqual(sentinel.customTables, []);
            assert.deepEqual(sentinel.dcr.streamDeclarations, {});
            for (const flow of sentinel.dcr.dataFlows) {
                assert.ok(
                    dcr.properties.dataFlows.some((f: any) =>
                        f.streams.every((s: string) => flow.streams.includes(s)),
                    ),
                    `Microsoft's DCR has the flow of ${flow.streams}`,
                );
                assert.equal(flow.transformKql, undefined);
            }
        });
    });

    it("in SentinelAwsS3DataConnectors: one connection per type, with Microsoft's data type, through a pass-through DCR", async () => {
        const run = await runOffline(async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            const { SentinelAwsS3DataConnectors } =
                await import("../../components/azure/sentinelAwsS3DataConnectors");
            const aws = new AwsSentinelConnection(
                "sentinel",
                elb({ loadBalancerArns: [ALB, NLB] }),
            );
            new SentinelAwsS3DataConnectors("sentinel", {
                resourceGroupName: "rg-sentinel",
                workspaceName: "law-sentinel",
                awsConnection: aws,
            });
        });
        const pollers = microsoftTemplates("elb.AWSELBConnector_PollingConfig.2f83567.json");
        for (const table of ["AWSALBAccessLogs", "AWSNLBAccessLogs"]) {
            const connector = find(
                run.resources,
                "azure-native:resources:Resource",
                `sentinel-${table}`,
            );
            const poller = pollers.find((p) => p.properties.destinationTable === table);
            const { dcrConfig, ...rest } = shared(connector.inputs.properties);
            const { dcrConfig: theirs, ...microsoft } = shared(poller.properties);
            assert.deepEqual(rest, microsoft);
            assert.equal(dcrConfig.streamName, theirs.streamName);
            assert.equal(connector.inputs.apiVersion, poller.apiVersion);
        }
        const dcr = find(
            run.resources,
            "azure-native:monitor:DataCollectionRule",
            "sentinel-elbAccessLogs-dcr",
        );
        assert.deepEqual(dcr.inputs.streamDeclarations ?? {}, {});
        assert.deepEqual(
            dcr.inputs.dataFlows.map((f: any) => f.streams),
            [["Microsoft-AWSALBAccessLogs"], ["Microsoft-AWSNLBAccessLogs"]],
        );
        assert.deepEqual(
            run.resources.filter((r) => r.type === "azure-native:operationalinsights:Table"),
            [],
        );
    });
});
