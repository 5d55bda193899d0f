// The doctor on CloudFront standard logs and ELB access logs: their writers' evaluators (a delivery's
// format, delimiter and fields; a load balancer's access-logging attributes), and the two export
// checks against moto's server (CloudWatch Logs deliveries in us-east-1, ELBv2 attributes).
import assert from "node:assert/strict";
import * as ec2 from "@aws-sdk/client-ec2";
import * as elbv2 from "@aws-sdk/client-elastic-load-balancing-v2";
import * as logs from "@aws-sdk/client-cloudwatch-logs";
import * as s3 from "@aws-sdk/client-s3";
import { AwsApi } from "../../cli/doctor/aws/api";
import { logBucketPolicy } from "../../components/aws/documents/bucket";
import { exportChecks } from "../../cli/doctor/aws/exports";
import { AwsFacts } from "../../cli/doctor/aws/facts";
import { evaluateDcr } from "../../cli/doctor/azure/dcr";
import { connectionScope, resolveInput } from "../../cli/doctor/input";
import { evaluateCloudFrontDelivery } from "../../components/sources/cloudFrontAccessLogs/doctor";
import { CLOUDFRONT_FIELDS } from "../../components/sources/cloudFrontAccessLogs/facts";
import { evaluateElbLogging } from "../../components/sources/elbAccessLogs/doctor";
import { motoSuite } from "./moto";

const BUCKET_NAME = "sentinel-logs";
const BUCKET_ARN = `arn:aws:s3:::${BUCKET_NAME}`;
const ALB =
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";

describe("doctor: the CloudFront and ELB writers' evaluators", () => {
    it("names a CloudFront delivery whose output, delimiter or fields the connection does not read", () => {
        const delivery = {
            id: "d1",
            recordFields: [...CLOUDFRONT_FIELDS],
            fieldDelimiter: "\t",
        };
        const source = {
            name: "s",
            service: "cloudfront",
            resourceArns: ["arn:aws:cloudfront::123456789012:distribution/E1U5RQF7T870K0"],
        };
        const destination = {
            outputFormat: "plain",
            deliveryDestinationConfiguration: { destinationResourceArn: BUCKET_ARN },
        };
        assert.equal(evaluateCloudFrontDelivery(delivery, source, destination).status, "pass");
        assert.match(
            evaluateCloudFrontDelivery(delivery, source, { ...destination, outputFormat: "w3c" })
                .reason,
            /the delivery d1 of distribution E1U5RQF7T870K0 writes w3c output, but the connection reads plain text/,
        );
        assert.match(
            evaluateCloudFrontDelivery({ ...delivery, fieldDelimiter: " " }, source, destination)
                .reason,
            /separates fields with " ", but the connection splits on a tab/,
        );
        const swapped = [...CLOUDFRONT_FIELDS];
        [swapped[4], swapped[5]] = [swapped[5], swapped[4]];
        assert.match(
            evaluateCloudFrontDelivery({ ...delivery, recordFields: swapped }, source, destination)
                .reason,
            /sends 34 fields, and field 5 is "cs-method" where the connection's column 5 expects "c-ip"/,
        );
        assert.match(
            evaluateCloudFrontDelivery(
                { ...delivery, recordFields: CLOUDFRONT_FIELDS.slice(0, 33) },
                source,
                destination,
            ).reason,
            /sends 33 fields, and field 34 is "none" where the connection's column 34 expects "timestamp"/,
        );
    });

    it("names a load balancer that does not log, logs elsewhere, or under a prefix no connection reads", () => {
        const on = {
            "access_logs.s3.enabled": "true",
            "access_logs.s3.bucket": BUCKET_NAME,
            "access_logs.s3.prefix": "ALBLogs",
        };
        const args = { arn: ALB, attributes: on, bucketName: BUCKET_NAME };
        assert.equal(evaluateElbLogging(args).status, "pass");
        assert.equal(evaluateElbLogging({ ...args, expectedPrefix: "ALBLogs" }).status, "pass");
        const off = evaluateElbLogging({
            ...args,
            attributes: { ...on, "access_logs.s3.enabled": "false" },
        });
        assert.match(
            off.reason,
            /the load balancer app\/web\/50dc6c495c0c9188 does not write access logs/,
        );
        assert.match(
            off.fix!,
            /accessLogs: \{ enabled: true, bucket: "sentinel-logs", prefix: "ALBLogs" \}/,
        );
        assert.match(
            evaluateElbLogging({ ...args, attributes: { ...on, "access_logs.s3.bucket": "other" } })
                .reason,
            /writes its access logs to other, not sentinel-logs/,
        );
        assert.match(
            evaluateElbLogging({ ...args, expectedPrefix: "security/ALBLogs" }).reason,
            /writes under "ALBLogs", where no connection reads \(its type's folder is "security\/ALBLogs"\)/,
        );
        assert.match(
            evaluateElbLogging({
                ...args,
                attributes: { ...on, "access_logs.s3.prefix": "NLBAccessLogs" },
            }).reason,
            /its type's folder is "…ALBLogs"/,
        );
    });
});

describe("doctor: the ELB connections' shared DCR", () => {
    it("names each ELB connection's checks by its connection, and a single connection's by its log type", () => {
        const queue = "https://sqs.eu-west-1.amazonaws.com/123456789012/q";
        assert.deepEqual(
            connectionScope({
                logType: "elbAccessLogs",
                destinationTable: "AWSNLBAccessLogs",
                connectionId: "nlbAccessLogs",
                sqsUrl: queue,
            }),
            { id: "nlbAccessLogs", title: "ELB access logs, Network Load Balancers" },
        );
        assert.deepEqual(
            connectionScope({
                logType: "cloudFrontAccessLogs",
                destinationTable: "AWSCloudFront_AccessLog_CL",
                connectionId: "cloudFrontAccessLogs",
                sqsUrl: queue,
            }),
            { id: "cloudFrontAccessLogs", title: "CloudFront standard logs" },
        );
    });

    it("checks each SENTINEL_ stream against its own table's flow", () => {
        const workspace =
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law";
        const dcr = {
            name: "elb-dcr",
            properties: {
                immutableId: "dcr-1",
                streamDeclarations: {},
                destinations: {
                    logAnalytics: [{ name: "clv2ws1", workspaceResourceId: workspace }],
                },
                dataFlows: ["AWSALBAccessLogs", "AWSNLBAccessLogs"].map((t) => ({
                    streams: [`Microsoft-${t}`],
                    destinations: ["clv2ws1"],
                    outputStream: `Microsoft-${t}`,
                })),
            },
        };
        for (const [streamName, table] of [
            ["SENTINEL_AWSALBACCESSLOGS", "AWSALBAccessLogs"],
            ["SENTINEL_AWSNLBACCESSLOGS", "AWSNLBAccessLogs"],
        ]) {
            const f = evaluateDcr({
                immutableId: "dcr-1",
                streamName,
                table,
                workspacePath: workspace,
                dcrs: [dcr],
            });
            assert.equal(f.status, "pass", f.reason);
        }
    });
});

describe("doctor against moto: the CloudFront and ELB writers", function () {
    this.timeout(60_000);
    const REGION = "eu-west-1";

    motoSuite(REGION, [BUCKET_NAME]);

    const facts = (logExports: Record<string, Record<string, string>> = {}) =>
        new AwsFacts(
            resolveInput(
                {
                    roleArn: "arn:aws:iam::123456789012:role/OIDC_Sentinel",
                    bucketName: BUCKET_NAME,
                    region: REGION,
                    logExports,
                    connections: [
                        {
                            logType: "cloudFrontAccessLogs",
                            destinationTable: "AWSCloudFront_AccessLog_CL",
                            sqsUrl: `https://sqs.${REGION}.amazonaws.com/123456789012/cf`,
                        },
                    ],
                },
                {},
            ),
            new AwsApi(REGION),
            undefined,
        );

    it("finds CloudFront's deliveries to the bucket in us-east-1, and the distributions the stack connects without one", async () => {
        const [none] = await exportChecks(facts(), "cloudFrontAccessLogs");
        assert.equal(none[2].status, "fail");
        assert.match(
            none[2].reason,
            /no CloudFront delivery in us-east-1 writes to arn:aws:s3:::sentinel-logs/,
        );

        const east = new logs.CloudWatchLogsClient({ region: "us-east-1" });
        await east.send(
            new logs.PutDeliverySourceCommand({
                name: "cf-a",
                resourceArn: "arn:aws:cloudfront::123456789012:distribution/E1U5RQF7T870K0",
                logType: "ACCESS_LOGS",
            }),
        );
        const destination = await east.send(
            new logs.PutDeliveryDestinationCommand({
                name: "bucket",
                outputFormat: "plain",
                deliveryDestinationConfiguration: { destinationResourceArn: BUCKET_ARN },
            }),
        );
        await east.send(
            new logs.CreateDeliveryCommand({
                deliverySourceName: "cf-a",
                deliveryDestinationArn: destination.deliveryDestination!.arn!,
                recordFields: [...CLOUDFRONT_FIELDS],
                fieldDelimiter: "\t",
            }),
        );
        const [found] = await exportChecks(facts(), "cloudFrontAccessLogs");
        assert.equal(found[2].status, "pass", found[2].reason);
        assert.match(
            found[2].reason,
            /distribution E1U5RQF7T870K0 writes plain text, tab-separated, 34 fields/,
        );

        const [missing] = await exportChecks(
            facts({
                cloudFrontAccessLogs: {
                    E1U5RQF7T870K0: "d-1",
                    EDFDVBD6EXAMPLE: "d-2",
                    deliveryDestinationArn: destination.deliveryDestination!.arn!,
                },
            }),
            "cloudFrontAccessLogs",
        );
        assert.equal(missing[2].status, "fail");
        assert.match(
            missing[2].reason,
            /no delivery in us-east-1 sends the standard logs of EDFDVBD6EXAMPLE/,
        );
    });

    it("reads each load balancer's access logging, and an SSE-KMS bucket ALBs cannot write to", async () => {
        const ec2Client = new ec2.EC2Client({});
        const vpc = await ec2Client.send(new ec2.CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
        const subnets = await Promise.all(
            ["a", "b"].map((az, i) =>
                ec2Client.send(
                    new ec2.CreateSubnetCommand({
                        VpcId: vpc.Vpc!.VpcId!,
                        CidrBlock: `10.0.${i}.0/24`,
                        AvailabilityZone: `${REGION}${az}`,
                    }),
                ),
            ),
        );
        const elb = new elbv2.ElasticLoadBalancingV2Client({});
        const lb = await elb.send(
            new elbv2.CreateLoadBalancerCommand({
                Name: "web",
                Type: "application",
                Subnets: subnets.map((s) => s.Subnet!.SubnetId!),
            }),
        );
        const arn = lb.LoadBalancers![0].LoadBalancerArn!;
        const handedOff = { elbAccessLogs: { accessLogsBucket: BUCKET_NAME, [arn]: "ALBLogs" } };
        const [off] = await exportChecks(facts(handedOff), "elbAccessLogs");
        assert.equal(off[2].status, "fail");
        assert.match(off[2].reason, /does not write access logs/);

        await elb.send(
            new elbv2.ModifyLoadBalancerAttributesCommand({
                LoadBalancerArn: arn,
                Attributes: [
                    { Key: "access_logs.s3.enabled", Value: "true" },
                    { Key: "access_logs.s3.bucket", Value: BUCKET_NAME },
                    { Key: "access_logs.s3.prefix", Value: "ALBLogs" },
                ],
            }),
        );
        const [on] = await exportChecks(facts(handedOff), "elbAccessLogs");
        assert.equal(on[2].status, "pass", on[2].reason);
        // Without ARNs in the stack, the load balancers logging to the bucket are found.
        const [found] = await exportChecks(facts(), "elbAccessLogs");
        assert.equal(found[2].status, "pass", found[2].reason);

        await new s3.S3Client({}).send(
            new s3.PutBucketEncryptionCommand({
                Bucket: BUCKET_NAME,
                ServerSideEncryptionConfiguration: {
                    Rules: [
                        {
                            ApplyServerSideEncryptionByDefault: {
                                SSEAlgorithm: "aws:kms",
                                KMSMasterKeyID: "arn:aws:kms:eu-west-1:123456789012:key/k",
                            },
                        },
                    ],
                },
            }),
        );
        const [kms] = await exportChecks(facts(handedOff), "elbAccessLogs");
        assert.equal(kms[2].status, "fail");
        assert.match(
            kms[2].reason,
            /Application Load Balancers write only to SSE-S3 buckets: 1 load balancer\(s\) cannot deliver/,
        );
    });

    /** The bucket policy the hub writes for the writers given, in the moto account and region. */
    const putPolicy = (writers: object) =>
        new s3.S3Client({}).send(
            new s3.PutBucketPolicyCommand({
                Bucket: BUCKET_NAME,
                Policy: JSON.stringify(
                    logBucketPolicy({
                        bucketArn: BUCKET_ARN,
                        partition: "aws",
                        region: REGION,
                        accountId: "123456789012",
                        writers,
                    }),
                ),
            }),
        );

    it("tells whether the bucket policy lets CloudFront's deliveries from us-east-1 write", async () => {
        const [, none] = await exportChecks(facts(), "cloudFrontAccessLogs");
        assert.equal(none[0], "aws.cloudFrontAccessLogs.writer");
        assert.equal(none[2].status, "fail");
        assert.match(none[2].reason, /the bucket has no policy/);
        // The log delivery family of the bucket's own region only: bound to eu-west-1.
        await putPolicy({ route53ResolverQueryLogs: {} });
        const [, regional] = await exportChecks(facts(), "cloudFrontAccessLogs");
        assert.equal(regional[2].status, "fail");
        assert.match(
            regional[2].reason,
            /does not let CloudFront's deliveries \(delivery\.logs\.amazonaws\.com from us-east-1\) write sentinel-logs\/AWSLogs\/123456789012\/CloudFront\//,
        );
        await putPolicy({ cloudFrontAccessLogs: { regions: ["us-east-1"] } });
        const [, admitted] = await exportChecks(facts(), "cloudFrontAccessLogs");
        assert.equal(admitted[2].status, "pass", admitted[2].reason);
    });

    it("tells whether the bucket policy lets the region's ALB writer and NLB's log delivery write their folders", async () => {
        const elbFacts = () =>
            new AwsFacts(
                resolveInput(
                    {
                        roleArn: "arn:aws:iam::123456789012:role/OIDC_Sentinel",
                        bucketName: BUCKET_NAME,
                        region: REGION,
                        connections: ["AWSALBAccessLogs", "AWSNLBAccessLogs"].map((t) => ({
                            logType: "elbAccessLogs",
                            destinationTable: t,
                            sqsUrl: `https://sqs.${REGION}.amazonaws.com/123456789012/${t}`,
                        })),
                    },
                    {},
                ),
                new AwsApi(REGION),
                undefined,
            );
        await putPolicy({ route53ResolverQueryLogs: {} });
        const [, refused] = await exportChecks(elbFacts(), "elbAccessLogs");
        assert.equal(refused[0], "aws.elbAccessLogs.writers");
        assert.match(
            refused[2].reason,
            /does not let Application Load Balancers write sentinel-logs\/ALBLogs\/AWSLogs\/123456789012\/elasticloadbalancing\/eu-west-1\/.*, nor Network Load Balancers write sentinel-logs\/NLBAccessLogs\//,
        );
        await putPolicy({ elbAccessLogs: {} });
        const [, admitted] = await exportChecks(elbFacts(), "elbAccessLogs");
        assert.equal(admitted[2].status, "pass", admitted[2].reason);
    });
});
