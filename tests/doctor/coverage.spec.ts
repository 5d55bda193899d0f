// The doctor's check that an organization hub notifies every account writing files: the evaluator on
// its own, then against moto's S3 and SQS, with an organization trail's and an account trail's
// folders laid out as CloudTrail writes them (CloudTrail user guide, "Finding your CloudTrail log
// files": AWSLogs/<orgId>/<account>/CloudTrail/ and AWSLogs/<account>/CloudTrail/).
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import * as s3 from "@aws-sdk/client-s3";
import * as sqs from "@aws-sdk/client-sqs";
import { AwsApi } from "../../cli/doctor/aws/api";
import { coverageCheck, evaluateCoverage, organizationWide } from "../../cli/doctor/aws/coverage";
import { deliveryChecks, evaluateNotification } from "../../cli/doctor/aws/delivery";
import { AwsFacts, BucketNotification, topicsAdmitted } from "../../cli/doctor/aws/facts";
import { resolveInput } from "../../cli/doctor/input";
import { Moto, motoUnavailable, useMotoEnvironment } from "./moto";

const ORG = "o-a1b2c3d4e5";
const QUEUE = "arn:aws:sqs:eu-west-1:123456789012:cloudtrail";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:cloudtrail-fanout";
const PREFIX = "cloudtrail/AWSLogs/";
const folder = (account: string) => `${PREFIX}${ORG}/${account}/CloudTrail/`;
const notification = (
    prefix: string,
    destinationArn = QUEUE,
    kind: BucketNotification["kind"] = "queue",
): BucketNotification => ({
    kind,
    destinationArn,
    events: ["s3:ObjectCreated:*"],
    prefix,
    suffix: ".gz",
});

describe("The doctor's organization coverage", () => {
    describe("evaluateCoverage", () => {
        const base = {
            title: "CloudTrail",
            prefix: PREFIX,
            suffix: ".gz",
            destinations: [QUEUE],
        };

        it("passes when every account writing files is notified", () => {
            const f = evaluateCoverage({
                ...base,
                folders: [
                    { account: "111111111111", folder: folder("111111111111") },
                    { account: "222222222222", folder: folder("222222222222") },
                ],
                notifications: [
                    notification(folder("111111111111")),
                    notification(folder("222222222222")),
                ],
            });
            assert.equal(f.status, "pass", f.reason);
            assert.match(f.reason, /\(2: 111111111111, 222222222222\)/);
        });

        it("names the accounts writing files no notification sends to the queue, and the fix", () => {
            const f = evaluateCoverage({
                ...base,
                folders: [
                    { account: "111111111111", folder: folder("111111111111") },
                    { account: "999999999999", folder: folder("999999999999") },
                ],
                notifications: [
                    notification(folder("111111111111")),
                    // Another consumer's notification does not reach Sentinel.
                    notification(PREFIX, "arn:aws:sqs:eu-west-1:123456789012:siem"),
                ],
            });
            assert.equal(f.status, "fail");
            assert.equal(
                f.reason,
                `1 account writes CloudTrail files that no notification sends to the queue, so they never reach Sentinel: 999999999999 (${folder("999999999999")}).`,
            );
            assert.match(f.fix!, /add 999999999999 to `organization\.accountIds`/);
        });

        it("counts a notification to a topic that delivers to the queue", () => {
            const f = evaluateCoverage({
                ...base,
                destinations: [QUEUE, TOPIC],
                folders: [{ account: "111111111111", folder: folder("111111111111") }],
                notifications: [notification(PREFIX, TOPIC, "topic")],
            });
            assert.equal(f.status, "pass", f.reason);
        });

        it("is unknown when no account has written yet", () => {
            assert.equal(
                evaluateCoverage({ ...base, folders: [], notifications: [] }).status,
                "unknown",
            );
        });

        it("applies to an organization hub's folders only", () => {
            assert.equal(organizationWide("cloudtrail/AWSLogs/"), true);
            assert.equal(organizationWide(`${ORG}/AWSLogs/${ORG}/`), true);
            assert.equal(organizationWide("AWSLogs/123456789012/CloudTrail/"), false);
            assert.equal(organizationWide(undefined), false);
        });

        it("reads the topics a queue policy admits", () => {
            assert.deepEqual(
                topicsAdmitted(
                    JSON.stringify({
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { Service: "sns.amazonaws.com" },
                                Action: "sqs:SendMessage",
                                Condition: { ArnEquals: { "aws:SourceArn": TOPIC } },
                            },
                            {
                                Effect: "Allow",
                                Principal: { Service: "s3.amazonaws.com" },
                                Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:s3:::b" } },
                            },
                        ],
                    }),
                ),
                [TOPIC],
            );
        });
    });

    describe("evaluateNotification in an organization hub", () => {
        const base = {
            queueArn: QUEUE,
            logType: "cloudTrail" as const,
            accountId: "123456789012",
            expectedPrefix: PREFIX,
        };
        const n = (prefix: string, queueArn = QUEUE) => ({
            queueArn,
            events: ["s3:ObjectCreated:*"],
            prefix,
            suffix: ".gz",
        });

        it("accepts per-account prefixes under the hub's folder", () => {
            const f = evaluateNotification({
                ...base,
                notifications: [n(folder("111111111111"))],
            });
            assert.equal(f.status, "pass", f.reason);
        });

        it("accepts the notification to a topic that delivers to the queue, saying so", () => {
            const f = evaluateNotification({
                ...base,
                notifications: [n(PREFIX, TOPIC)],
                topics: [TOPIC],
            });
            assert.equal(f.status, "pass", f.reason);
            assert.match(f.reason, /to the queue through cloudtrail-fanout\.$/);
        });

        it("still refuses a prefix outside the hub's folder", () => {
            const f = evaluateNotification({ ...base, notifications: [n("AWSLogs/")] });
            assert.equal(f.status, "fail");
        });
    });

    describe("against moto", function () {
        this.timeout(60_000);
        const REGION = "eu-west-1";
        const BUCKET = "org-hub-logs";
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

        beforeEach(() => moto.reset());

        it("lists the accounts writing CloudTrail files that no notification covers, then none once they are covered", async () => {
            const bucket = new s3.S3Client({});
            const queues = new sqs.SQSClient({});
            await bucket.send(
                new s3.CreateBucketCommand({
                    Bucket: BUCKET,
                    CreateBucketConfiguration: { LocationConstraint: REGION },
                }),
            );
            const queue = await queues.send(
                new sqs.CreateQueueCommand({ QueueName: "cloudtrail" }),
            );
            const queueArn = `arn:aws:sqs:${REGION}:123456789012:cloudtrail`;
            const put = (key: string) =>
                bucket.send(
                    new s3.PutObjectCommand({
                        Bucket: BUCKET,
                        Key: key,
                        Body: gzipSync(JSON.stringify({ Records: [] })),
                    }),
                );
            // The organization trail's files of two accounts, a member's own trail, and an
            // account with only digest files (not CloudTrail log files).
            await put(
                `${folder("111111111111")}eu-west-1/2025/01/31/111111111111_CloudTrail_eu-west-1_20250131T0000Z_a.json.gz`,
            );
            await put(
                `${folder("222222222222")}eu-west-1/2025/01/31/222222222222_CloudTrail_eu-west-1_20250131T0000Z_a.json.gz`,
            );
            await put(
                `${PREFIX}333333333333/CloudTrail/eu-west-1/2025/01/31/333333333333_CloudTrail_eu-west-1_20250131T0000Z_a.json.gz`,
            );
            await put(
                `${PREFIX}${ORG}/444444444444/CloudTrail-Digest/eu-west-1/2025/01/31/444444444444_CloudTrail-Digest_eu-west-1_org_us-east-1_20250131T000000Z.json.gz`,
            );
            const notify = (prefixes: string[]) =>
                bucket.send(
                    new s3.PutBucketNotificationConfigurationCommand({
                        Bucket: BUCKET,
                        NotificationConfiguration: {
                            QueueConfigurations: prefixes.map((prefix, i) => ({
                                Id: `sentinel-cloudTrail-${i}`,
                                QueueArn: queueArn,
                                Events: ["s3:ObjectCreated:*"],
                                Filter: {
                                    Key: {
                                        FilterRules: [
                                            { Name: "prefix", Value: prefix },
                                            { Name: "suffix", Value: ".gz" },
                                        ],
                                    },
                                },
                            })),
                        },
                    }),
                );
            await notify([folder("111111111111")]);
            const input = resolveInput(
                {
                    roleArn: "arn:aws:iam::123456789012:role/OIDC_Sentinel",
                    bucketName: BUCKET,
                    region: REGION,
                    connections: [
                        {
                            logType: "cloudTrail",
                            destinationTable: "AWSCloudTrail",
                            sqsUrl: queue.QueueUrl,
                            queueArn,
                            objectPrefix: PREFIX,
                        },
                    ],
                },
                {},
            );
            const facts = () => new AwsFacts(input, new AwsApi(REGION), undefined);
            const missing = await coverageCheck(facts(), input.connections[0]);
            assert.equal(missing.status, "fail", missing.reason);
            assert.match(
                missing.reason,
                /^2 accounts write CloudTrail files that no notification sends to the queue, so they never reach Sentinel: 222222222222 \(cloudtrail\/AWSLogs\/o-a1b2c3d4e5\/222222222222\/CloudTrail\/\), 333333333333 \(cloudtrail\/AWSLogs\/333333333333\/CloudTrail\/\)\.$/,
            );
            // The check sits in the connection's checklist, right after its notification.
            const ids = (await deliveryChecks(facts(), input.connections[0])).map(([id]) => id);
            assert.deepEqual(ids.slice(0, 3), [
                "aws.cloudTrail.objects",
                "aws.cloudTrail.notification",
                "aws.cloudTrail.coverage",
            ]);

            await notify([
                folder("111111111111"),
                folder("222222222222"),
                `${PREFIX}333333333333/CloudTrail/`,
            ]);
            const covered = await coverageCheck(facts(), input.connections[0]);
            assert.equal(covered.status, "pass", covered.reason);
            assert.match(covered.reason, /\(3: 111111111111, 222222222222, 333333333333\)/);
        });
    });
});
