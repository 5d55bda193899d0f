// The doctor on a connection behind an SNS topic (fan-out): the bucket notifies the topic, the
// queue's policy admits SNS from it (Amazon SNS developer guide, "Subscribing an Amazon SQS queue to
// an Amazon SNS topic"). The notification and queue-policy checks follow the hop instead of
// reporting the queue as never notified. Against moto's S3 and SQS (this repository has no SNS
// client, so the subscription itself and its raw delivery are not read: see docs/live-checks.md).
import assert from "node:assert/strict";
import * as s3 from "@aws-sdk/client-s3";
import * as sqs from "@aws-sdk/client-sqs";
import { AwsApi } from "../../cli/doctor/aws/api";
import { deliveryChecks, evaluateTopicQueuePolicy } from "../../cli/doctor/aws/delivery";
import { AwsFacts } from "../../cli/doctor/aws/facts";
import { resolveInput } from "../../cli/doctor/input";
import { connectorQueueTopicPolicy } from "../../components/aws/policyDocuments";
import { Moto, motoUnavailable, useMotoEnvironment } from "./moto";

const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const BUCKET = "fan-out-logs";
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:cloudtrail`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:cloudtrail-topic`;

describe("The doctor on a fan-out connection", () => {
    it("evaluates the queue policy for SNS from the topic", () => {
        const policy = connectorQueueTopicPolicy({ queueArn: QUEUE_ARN, topicArn: TOPIC });
        assert.equal(
            evaluateTopicQueuePolicy({ policy, queueArn: QUEUE_ARN, topicArn: TOPIC }).status,
            "pass",
        );
        const other = evaluateTopicQueuePolicy({
            policy,
            queueArn: QUEUE_ARN,
            topicArn: `${TOPIC}-other`,
        });
        assert.equal(other.status, "fail");
        assert.match(other.reason, /does not let sns\.amazonaws\.com send messages from/);
    });

    describe("against moto", function () {
        this.timeout(60_000);
        let moto: Moto;
        let restoreEnv: () => void;

        before(async function () {
            const why = motoUnavailable();
            if (why) {
                console.log(`      (skipped: ${why})`);
                this.skip();
            }
            moto = await Moto.start();
            restoreEnv = useMotoEnvironment(moto.endpoint, REGION);
        });

        after(async () => {
            restoreEnv?.();
            await moto?.stop();
        });

        it("follows the bucket's notification to the topic and SNS's grant on the queue", async () => {
            const bucket = new s3.S3Client({});
            await bucket.send(
                new s3.CreateBucketCommand({
                    Bucket: BUCKET,
                    CreateBucketConfiguration: { LocationConstraint: REGION },
                }),
            );
            const queue = await new sqs.SQSClient({}).send(
                new sqs.CreateQueueCommand({
                    QueueName: "cloudtrail",
                    Attributes: {
                        Policy: JSON.stringify(
                            connectorQueueTopicPolicy({ queueArn: QUEUE_ARN, topicArn: TOPIC }),
                        ),
                    },
                }),
            );
            const prefix = `AWSLogs/${ACCOUNT}/CloudTrail/`;
            await bucket.send(
                new s3.PutBucketNotificationConfigurationCommand({
                    Bucket: BUCKET,
                    NotificationConfiguration: {
                        TopicConfigurations: [
                            {
                                Id: "sentinel-cloudTrail",
                                TopicArn: TOPIC,
                                Events: ["s3:ObjectCreated:*"],
                                Filter: {
                                    Key: {
                                        FilterRules: [
                                            { Name: "prefix", Value: prefix },
                                            { Name: "suffix", Value: ".gz" },
                                        ],
                                    },
                                },
                            },
                        ],
                    },
                }),
            );
            const input = resolveInput(
                {
                    roleArn: `arn:aws:iam::${ACCOUNT}:role/OIDC_Sentinel`,
                    bucketName: BUCKET,
                    region: REGION,
                    connections: [
                        {
                            logType: "cloudTrail",
                            destinationTable: "AWSCloudTrail",
                            sqsUrl: queue.QueueUrl,
                            queueArn: QUEUE_ARN,
                            objectPrefix: prefix,
                        },
                    ],
                },
                {},
            );
            const checks = new Map(
                (
                    await deliveryChecks(
                        new AwsFacts(input, new AwsApi(REGION), undefined),
                        input.connections[0],
                    )
                ).map(([id, , f]) => [id, f]),
            );
            const notification = checks.get("aws.cloudTrail.notification")!;
            assert.equal(notification.status, "pass", notification.reason);
            assert.match(notification.reason, /through cloudtrail-topic\.$/);
            const policy = checks.get("aws.cloudTrail.queuePolicy")!;
            assert.equal(policy.status, "pass", policy.reason);
            assert.match(policy.reason, /sns\.amazonaws\.com .* \(fan-out\)/);
        });
    });
});
