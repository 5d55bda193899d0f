// The doctor on the sources delivered by CloudWatch Logs subscriptions (CloudWatch Logs, EKS audit
// logs): the evaluators of a subscription, a stream, delivery errors and a cluster's audit logging,
// and the export checks against moto's server (subscription filters, Firehose, CloudWatch Logs and
// EKS as moto implements them).
import assert from "node:assert/strict";
import * as eks from "@aws-sdk/client-eks";
import * as firehose from "@aws-sdk/client-firehose";
import * as logs from "@aws-sdk/client-cloudwatch-logs";
import { AwsApi } from "../../cli/doctor/aws/api";
import { exportChecks } from "../../cli/doctor/aws/exports";
import { AwsFacts } from "../../cli/doctor/aws/facts";
import { resolveInput } from "../../cli/doctor/input";
import { DOCTOR_IAM_ACTIONS } from "../../cli/doctor/permissions";
import { evaluateAuditLogging } from "../../components/sources/eksAuditLogs/doctor";
import {
    evaluateDeliveryErrors,
    evaluateSubscription,
    evaluateSubscriptionStream,
} from "../../components/sources/writers/logsSubscriptionDoctor";
import { motoSuite } from "./moto";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const STREAM_ARN = `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/sentinel-cloudwatch-logs-1`;
const HINT = "`logTypes.cloudWatchLogs.adoptSubscriptionFilters`";
const PROCESSORS = [
    { Type: "Decompression" },
    { Type: "CloudWatchLogProcessing" },
    { Type: "AppendDelimiterToRecord" },
];

describe("doctor: the subscription-fed sources' evaluators", () => {
    it("finds the log group's filter to the stream, or says the two filters CloudWatch Logs allows are taken", () => {
        assert.equal(
            evaluateSubscription(
                "payments",
                [{ filterName: "sentinel-aws-s3-1", destinationArn: STREAM_ARN }],
                STREAM_ARN,
                HINT,
            ).status,
            "pass",
        );
        const full = evaluateSubscription(
            "payments",
            [
                { filterName: "to-splunk", destinationArn: "arn:aws:lambda:x" },
                { filterName: "to-datadog", destinationArn: "arn:aws:firehose:y" },
            ],
            STREAM_ARN,
            HINT,
        );
        assert.equal(full.status, "fail");
        assert.match(
            full.reason,
            /holds CloudWatch Logs' 2 subscription filters already \(to-splunk, to-datadog\), so none can be added/,
        );
        assert.match(
            full.fix!,
            /take one over knowingly with `logTypes.cloudWatchLogs.adoptSubscriptionFilters`/,
        );
        assert.match(
            evaluateSubscription("payments", [], STREAM_ARN, HINT).reason,
            /payments has no subscription to .*: its events do not reach the bucket/,
        );
    });

    it("refuses a stream that does not decompress and extract the subscription's records", () => {
        const stream = {
            DeliveryStreamName: "s",
            DeliveryStreamStatus: "ACTIVE",
            Destinations: [
                {
                    ExtendedS3DestinationDescription: {
                        BucketARN: "arn:aws:s3:::b",
                        Prefix: "AWSLogs/1/CloudWatch/",
                        CompressionFormat: "GZIP",
                        ProcessingConfiguration: { Processors: PROCESSORS },
                    },
                },
            ],
        };
        assert.equal(evaluateSubscriptionStream(stream).status, "pass");
        const plain = evaluateSubscriptionStream({
            ...stream,
            Destinations: [
                {
                    ExtendedS3DestinationDescription: {
                        ...stream.Destinations[0].ExtendedS3DestinationDescription,
                        ProcessingConfiguration: {
                            Processors: [{ Type: "AppendDelimiterToRecord" }],
                        },
                    },
                },
            ],
        });
        assert.match(
            plain.reason,
            /lacks the record processors Decompression, CloudWatchLogProcessing: it writes CloudWatch Logs' compressed envelopes/,
        );
    });

    it("reports the newest delivery error of the last day, with the fix its cause calls for", () => {
        const now = new Date("2026-12-07T12:00:00Z");
        assert.equal(evaluateDeliveryErrors("s", [], now).status, "pass");
        const denied = evaluateDeliveryErrors(
            "s",
            [
                { timestamp: now.getTime() - 3_600_000, message: "older" },
                {
                    timestamp: now.getTime() - 600_000,
                    message: "S3.KMS.AccessDeniedException: the role cannot use the key",
                },
            ],
            now,
        );
        assert.match(
            denied.reason,
            /logged 2 delivery errors in the last day \(newest 10 min ago\): S3\.KMS\.AccessDeniedException/,
        );
        assert.match(denied.fix!, /use the bucket's key/);
    });

    it("says whether a cluster sends its audit log, and how to turn it on", () => {
        assert.equal(
            evaluateAuditLogging("prod", {
                clusterLogging: [{ types: ["api", "audit"], enabled: true }],
            }).status,
            "pass",
        );
        const off = evaluateAuditLogging("prod", {
            clusterLogging: [
                { types: ["api"], enabled: true },
                { types: ["audit"], enabled: false },
            ],
        });
        assert.equal(off.status, "fail");
        assert.match(
            off.reason,
            /does not send its audit log to CloudWatch Logs \(control-plane logging: api\)/,
        );
        assert.match(off.fix!, /aws eks update-cluster-config --name prod --logging/);
    });

    it("lists the reads in the auditor policy", () => {
        for (const action of [
            "logs:DescribeSubscriptionFilters",
            "logs:GetLogEvents",
            "firehose:DescribeDeliveryStream",
            "eks:DescribeCluster",
        ]) {
            assert.ok(DOCTOR_IAM_ACTIONS.includes(action), action);
        }
    });
});

describe("doctor against moto: the subscription-fed sources", function () {
    this.timeout(60_000);
    const BUCKET_NAME = "sentinel-logs";
    const ERRORS = "/aws/kinesisfirehose/sentinel-cloudwatch-logs-1";

    motoSuite(REGION, [BUCKET_NAME]);

    const facts = (logType: "cloudWatchLogs" | "eksAuditLogs", exports: Record<string, string>) =>
        new AwsFacts(
            resolveInput(
                {
                    roleArn: `arn:aws:iam::${ACCOUNT}:role/OIDC_Sentinel`,
                    bucketName: BUCKET_NAME,
                    region: REGION,
                    connections: [
                        {
                            logType,
                            destinationTable:
                                logType === "cloudWatchLogs" ? "AWSCloudWatch" : "AWSEKSLogs_CL",
                            sqsUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/q`,
                        },
                    ],
                    logExports: { [logType]: exports },
                },
                {},
            ),
            new AwsApi(REGION),
            undefined,
        );

    /** The stream as the component creates it: its processors and its error logging. */
    const createStream = (name: string) =>
        new firehose.FirehoseClient({}).send(
            new firehose.CreateDeliveryStreamCommand({
                DeliveryStreamName: name,
                DeliveryStreamType: "DirectPut",
                ExtendedS3DestinationConfiguration: {
                    RoleARN: `arn:aws:iam::${ACCOUNT}:role/sentinel-aws-s3/CloudWatchLogsFirehose-1`,
                    BucketARN: `arn:aws:s3:::${BUCKET_NAME}`,
                    Prefix: `AWSLogs/${ACCOUNT}/CloudWatch/`,
                    CompressionFormat: "GZIP",
                    ProcessingConfiguration: {
                        Enabled: true,
                        Processors: PROCESSORS.map((p) => ({ Type: p.Type as never })),
                    },
                    CloudWatchLoggingOptions: {
                        Enabled: true,
                        LogGroupName: ERRORS,
                        LogStreamName: "DestinationDelivery",
                    },
                },
            }),
        );

    it("finds the stream, each log group's subscription to it, and the errors it logged", async () => {
        const cwl = new logs.CloudWatchLogsClient({});
        const exports = { deliveryStreamArn: STREAM_ARN, payments: "sentinel-aws-s3-1" };

        const [missing] = await exportChecks(facts("cloudWatchLogs", exports), "cloudWatchLogs");
        assert.equal(missing[2].status, "fail");
        assert.match(
            missing[2].reason,
            /the Firehose stream sentinel-cloudwatch-logs-1 does not exist/,
        );

        await createStream("sentinel-cloudwatch-logs-1");
        await cwl.send(new logs.CreateLogGroupCommand({ logGroupName: ERRORS }));
        await cwl.send(
            new logs.CreateLogStreamCommand({
                logGroupName: ERRORS,
                logStreamName: "DestinationDelivery",
            }),
        );
        await cwl.send(new logs.CreateLogGroupCommand({ logGroupName: "payments" }));
        const [stream, unsubscribed, clean] = await exportChecks(
            facts("cloudWatchLogs", exports),
            "cloudWatchLogs",
        );
        assert.equal(stream[2].status, "pass", stream[2].reason);
        assert.match(unsubscribed[2].reason, /payments has no subscription to/);
        assert.equal(clean[2].status, "pass", clean[2].reason);

        // Two filters of others already: CloudWatch Logs refuses a third (moto too).
        await createStream("elsewhere");
        const elsewhere = STREAM_ARN.replace(/[^/]+$/, "elsewhere");
        const subscribe = (filterName: string, destinationArn: string) =>
            cwl.send(
                new logs.PutSubscriptionFilterCommand({
                    logGroupName: "payments",
                    filterName,
                    filterPattern: "",
                    destinationArn,
                    roleArn: `arn:aws:iam::${ACCOUNT}:role/sentinel-aws-s3/sub`,
                }),
            );
        for (const name of ["to-splunk", "to-datadog"]) {
            await subscribe(name, elsewhere);
        }
        const [, full] = await exportChecks(facts("cloudWatchLogs", exports), "cloudWatchLogs");
        assert.match(
            full[2].reason,
            /holds CloudWatch Logs' 2 subscription filters already \(to-splunk, to-datadog\)/,
        );
        await assert.rejects(subscribe("sentinel-aws-s3-1", STREAM_ARN), /LimitExceeded/);
        await cwl.send(
            new logs.DeleteSubscriptionFilterCommand({
                logGroupName: "payments",
                filterName: "to-datadog",
            }),
        );
        await subscribe("sentinel-aws-s3-1", STREAM_ARN);
        await cwl.send(
            new logs.PutLogEventsCommand({
                logGroupName: ERRORS,
                logStreamName: "DestinationDelivery",
                logEvents: [
                    {
                        timestamp: Date.now() - 60_000,
                        message: "S3.AccessDenied: Access was denied",
                    },
                ],
            }),
        );
        const [, subscribed, errors] = await exportChecks(
            facts("cloudWatchLogs", exports),
            "cloudWatchLogs",
        );
        assert.equal(subscribed[2].status, "pass", subscribed[2].reason);
        assert.match(
            subscribed[2].reason,
            /payments is subscribed to the stream \(filter sentinel-aws-s3-1\)/,
        );
        assert.equal(errors[2].status, "fail");
        assert.match(
            errors[2].reason,
            /logged 1 delivery error in the last day .*S3\.AccessDenied/,
        );
    });

    it("says a log group that does not exist has nothing subscribed", async () => {
        await createStream("sentinel-cloudwatch-logs-1");
        const [, subscriptions] = await exportChecks(
            facts("cloudWatchLogs", { deliveryStreamArn: STREAM_ARN, orders: "x" }),
            "cloudWatchLogs",
        );
        assert.match(subscriptions[2].reason, /the log group orders does not exist/);
    });

    it("checks each EKS cluster's audit logging, then its log group's subscription", async () => {
        const client = new eks.EKSClient({});
        const cluster = (name: string, audit: boolean) =>
            client.send(
                new eks.CreateClusterCommand({
                    name,
                    roleArn: `arn:aws:iam::${ACCOUNT}:role/eks`,
                    resourcesVpcConfig: { subnetIds: [] },
                    logging: { clusterLogging: [{ types: ["audit"], enabled: audit }] },
                }),
            );
        await cluster("production", true);
        await cluster("staging", false);
        const streamArn = `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/sentinel-eks-audit-logs-1`;
        const cwl = new logs.CloudWatchLogsClient({});
        await cwl.send(
            new logs.CreateLogGroupCommand({ logGroupName: "/aws/eks/production/cluster" }),
        );

        const checks = await exportChecks(
            facts("eksAuditLogs", { deliveryStreamArn: streamArn, production: "f", staging: "f" }),
            "eksAuditLogs",
        );
        assert.deepEqual(
            checks.map((c) => c[0]),
            [
                "aws.eksAuditLogs.auditLogging",
                "aws.eksAuditLogs.stream",
                "aws.eksAuditLogs.subscriptions",
                "aws.eksAuditLogs.deliveryErrors",
            ],
        );
        assert.equal(checks[0][2].status, "fail");
        assert.match(checks[0][2].reason, /the EKS cluster "staging" does not send its audit log/);

        const [onlyProduction] = await exportChecks(
            facts("eksAuditLogs", { deliveryStreamArn: streamArn, production: "f" }),
            "eksAuditLogs",
        );
        assert.equal(onlyProduction[2].status, "pass", onlyProduction[2].reason);
    });
});
