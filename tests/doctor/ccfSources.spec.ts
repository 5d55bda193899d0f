// The doctor on the Route 53 Resolver and Security Hub sources: their writers' evaluators, the CCF
// connection's data collection rule, and the two export checks against moto's server.
import assert from "node:assert/strict";
import * as ec2 from "@aws-sdk/client-ec2";
import * as firehose from "@aws-sdk/client-firehose";
import * as route53resolver from "@aws-sdk/client-route53resolver";
import { AwsApi } from "../../cli/doctor/aws/api";
import { exportChecks } from "../../cli/doctor/aws/exports";
import { AwsFacts } from "../../cli/doctor/aws/facts";
import { evaluateDcr } from "../../cli/doctor/azure/dcr";
import { resolveInput } from "../../cli/doctor/input";
import { evaluateQueryLogging } from "../../components/sources/route53ResolverQueryLogs/doctor";
import { evaluateDeliveryStream } from "../../components/sources/securityHubFindings/doctor";
import { motoSuite } from "./moto";

const BUCKET = "arn:aws:s3:::sentinel-logs";
const WORKSPACE =
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law";

describe("doctor: the CCF sources' evaluators", () => {
    it("names a query logging configuration that failed, logs no VPC, or cannot write", () => {
        const config = { Id: "rqlc-1", Name: "dns", Status: "CREATED", DestinationArn: BUCKET };
        assert.equal(
            evaluateQueryLogging(config, [{ ResourceId: "vpc-1", Status: "ACTIVE" }]).status,
            "pass",
        );
        assert.match(evaluateQueryLogging(config, []).reason, /logs no VPC, so it writes nothing/);
        const denied = evaluateQueryLogging(config, [
            { ResourceId: "vpc-1", Status: "ACTION_NEEDED", Error: "ACCESS_DENIED" },
        ]);
        assert.equal(denied.status, "fail");
        assert.match(denied.reason, /cannot log vpc-1: ACTION_NEEDED \(ACCESS_DENIED\)/);
        assert.match(denied.fix!, /delivery\.logs\.amazonaws\.com/);
        assert.match(evaluateQueryLogging({ ...config, Status: "FAILED" }, []).reason, /is FAILED/);
    });

    it("names a Firehose stream that is not active, reports a failure, or writes other than gzip", () => {
        const stream = {
            DeliveryStreamName: "findings",
            DeliveryStreamStatus: "ACTIVE",
            Destinations: [
                {
                    ExtendedS3DestinationDescription: {
                        BucketARN: BUCKET,
                        Prefix: "AWSLogs/1/SecurityHubFindings/",
                        CompressionFormat: "GZIP",
                    },
                },
            ],
        };
        assert.equal(evaluateDeliveryStream(stream).status, "pass");
        assert.match(
            evaluateDeliveryStream({
                ...stream,
                FailureDescription: { Type: "KMS_ACCESS_DENIED", Details: "no key grant" },
            }).reason,
            /reports a failure: KMS_ACCESS_DENIED \(no key grant\)/,
        );
        assert.match(
            evaluateDeliveryStream({ ...stream, DeliveryStreamStatus: "CREATING_FAILED" }).reason,
            /is CREATING_FAILED/,
        );
        assert.match(
            evaluateDeliveryStream({
                ...stream,
                Destinations: [
                    {
                        ExtendedS3DestinationDescription: {
                            ...stream.Destinations[0].ExtendedS3DestinationDescription,
                            CompressionFormat: "UNCOMPRESSED",
                        },
                    },
                ],
            }).reason,
            /writes UNCOMPRESSED objects, but the connection reads gzip/,
        );
    });

    it("checks the connection's DCR: its immutable ID, its stream, its table and its workspace", () => {
        const dcr = {
            name: "dns-dcr",
            properties: {
                immutableId: "dcr-1",
                streamDeclarations: { "Custom-AWSRoute53Resolver": {} },
                destinations: {
                    logAnalytics: [{ name: "clv2ws1", workspaceResourceId: WORKSPACE }],
                },
                dataFlows: [
                    {
                        streams: ["Custom-AWSRoute53Resolver"],
                        destinations: ["clv2ws1"],
                        outputStream: "Microsoft-AWSRoute53Resolver",
                    },
                ],
            },
        };
        const args = {
            immutableId: "dcr-1",
            streamName: "Custom-AWSRoute53Resolver",
            table: "AWSRoute53Resolver",
            workspacePath: WORKSPACE,
            dcrs: [dcr],
        };
        assert.equal(evaluateDcr(args).status, "pass");
        assert.match(
            evaluateDcr({ ...args, immutableId: "dcr-2" }).reason,
            /no data collection rule .* has the immutable ID dcr-2/,
        );
        assert.match(
            evaluateDcr({ ...args, streamName: "Custom-Other" }).reason,
            /does not declare the stream Custom-Other; no data flow reads Custom-Other/,
        );
        assert.match(
            evaluateDcr({ ...args, workspacePath: `${WORKSPACE}-other` }).reason,
            /not the connectors' workspace/,
        );
    });
});

describe("doctor against moto: the CCF sources' writers", function () {
    this.timeout(60_000);
    const REGION = "eu-west-1";
    const BUCKET_NAME = "sentinel-logs";

    motoSuite(REGION, [BUCKET_NAME]);

    const facts = () =>
        new AwsFacts(
            resolveInput(
                {
                    roleArn: "arn:aws:iam::123456789012:role/OIDC_Sentinel",
                    bucketName: BUCKET_NAME,
                    region: REGION,
                    connections: [
                        {
                            logType: "route53ResolverQueryLogs",
                            destinationTable: "AWSRoute53Resolver",
                            sqsUrl: `https://sqs.${REGION}.amazonaws.com/123456789012/dns`,
                        },
                    ],
                },
                {},
            ),
            new AwsApi(REGION),
            undefined,
        );

    it("finds Route 53 Resolver's configuration writing to the bucket, and the VPC it logs", async () => {
        const [before] = await exportChecks(facts(), "route53ResolverQueryLogs");
        assert.equal(before[2].status, "fail");
        assert.match(
            before[2].reason,
            /no Resolver query logging configuration in eu-west-1 writes to/,
        );

        const resolver = new route53resolver.Route53ResolverClient({});
        const config = await resolver.send(
            new route53resolver.CreateResolverQueryLogConfigCommand({
                Name: "dns",
                DestinationArn: `arn:aws:s3:::${BUCKET_NAME}/route53resolver/`,
                CreatorRequestId: "1",
            }),
        );
        const vpc = await new ec2.EC2Client({}).send(
            new ec2.CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }),
        );
        const [lonely] = await exportChecks(facts(), "route53ResolverQueryLogs");
        assert.match(lonely[2].reason, /logs no VPC/);
        await resolver.send(
            new route53resolver.AssociateResolverQueryLogConfigCommand({
                ResolverQueryLogConfigId: config.ResolverQueryLogConfig!.Id!,
                ResourceId: vpc.Vpc!.VpcId!,
            }),
        );
        const [ok] = await exportChecks(facts(), "route53ResolverQueryLogs");
        assert.equal(ok[2].status, "pass", ok[2].reason);
    });

    it("finds the Firehose stream writing findings to the bucket", async () => {
        const [none] = await exportChecks(facts(), "securityHubFindings");
        assert.match(
            none[2].reason,
            /no Firehose stream in eu-west-1 writes Security Hub findings/,
        );
        await new firehose.FirehoseClient({}).send(
            new firehose.CreateDeliveryStreamCommand({
                DeliveryStreamName: "findings",
                DeliveryStreamType: "DirectPut",
                ExtendedS3DestinationConfiguration: {
                    RoleARN:
                        "arn:aws:iam::123456789012:role/sentinel-aws-s3/SecurityHubFindingsFirehose-1",
                    BucketARN: `arn:aws:s3:::${BUCKET_NAME}`,
                    Prefix: "AWSLogs/123456789012/SecurityHubFindings/",
                    CompressionFormat: "GZIP",
                },
            }),
        );
        const [found] = await exportChecks(facts(), "securityHubFindings");
        assert.equal(found[2].status, "pass", found[2].reason);
    });
});
