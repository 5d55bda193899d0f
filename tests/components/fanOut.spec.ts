// Living beside another consumer of the same files: S3 sends an event to one destination of
// overlapping filters only (S3 user guide, "Configuring event notifications using object key name
// filtering"), so with fan-out the bucket notifies one SNS topic per connection and the connector's
// queue, like any other consumer, subscribes with raw message delivery (Amazon SNS developer guide,
// "Amazon SNS raw message delivery"; Learn, "Connect a Microsoft Sentinel connected AWS account to
// Defender for Cloud": "an Amazon SNS fan-out pattern").
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { validateAwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionValidation";
import { PLACEHOLDER_CLOUD } from "../../offline/mocks";
import { WORKSPACE_ID, deployAws, doc, find, ofType, statement } from "../helpers";

const ACCOUNT = PLACEHOLDER_CLOUD.accountId;
const BUCKET = "corp-logs";
const SIEM = `arn:aws:sqs:us-east-1:${ACCOUNT}:siem-cloudtrail`;
const TYPES = {
    cloudTrail: {
        createTrail: false,
        trailArn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org`,
    },
    guardDuty: {},
};

/** An existing bucket whose notification already sends CloudTrail's files to a SIEM's queue. */
const WITH_SIEM: AwsSentinelConnectionArgs = {
    workspaceId: WORKSPACE_ID,
    existingBucketName: BUCKET,
    manageBucketPolicy: true,
    logTypes: TYPES,
    existingBucketNotifications: {
        queues: [
            {
                id: "siem",
                arn: SIEM,
                events: ["s3:ObjectCreated:*"],
                filterPrefix: `AWSLogs/${ACCOUNT}/CloudTrail/`,
                filterSuffix: ".gz",
            },
            {
                id: "exports",
                arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:exports`,
                events: ["s3:ObjectCreated:*"],
                filterPrefix: "exports/",
            },
        ],
    },
};

async function captureWarnings<T>(
    run: () => Promise<T>,
): Promise<{ result: T; warnings: string[] }> {
    const warnings: string[] = [];
    const { log } = await import("@pulumi/pulumi");
    const warn = log.warn;
    log.warn = async (message: string) => {
        warnings.push(message);
    };
    try {
        return { result: await run(), warnings };
    } finally {
        log.warn = warn;
    }
}

describe("Fan-out through SNS", () => {
    describe("asked for (`notificationFanOut: true`)", () => {
        let run: Awaited<ReturnType<typeof deployAws>>;
        before(async () => {
            run = await deployAws({
                workspaceId: WORKSPACE_ID,
                notificationFanOut: true,
                logTypes: { cloudTrail: {}, guardDuty: {} },
            });
        });

        it("creates one topic per connection, encrypted with the queue key", () => {
            const topics = ofType(run.resources, "aws:sns/topic:Topic");
            assert.deepEqual(
                topics.map((t) => t.name),
                ["sentinel-cloudTrail-topic", "sentinel-guardDuty-topic"],
            );
            for (const t of topics) {
                assert.equal(t.inputs.kmsMasterKeyId, run.result.queueKeyArn);
            }
            // The queues keep SSE-SQS: the key is for the topics (S3 cannot use alias/aws/sns).
            for (const q of ofType(run.resources, "aws:sqs/queue:Queue")) {
                assert.equal(q.inputs.sqsManagedSseEnabled, true, q.name);
                assert.equal(q.inputs.kmsMasterKeyId, undefined, q.name);
            }
        });

        it("binds each topic's policy to the bucket and its owner's account", () => {
            // S3 user guide, "Granting permissions to publish event notification messages to a
            // destination": SNS:Publish with aws:SourceArn and aws:SourceAccount.
            const topic = find(run.resources, "aws:sns/topic:Topic", "sentinel-cloudTrail-topic");
            const policy = doc(
                find(
                    run.resources,
                    "aws:sns/topicPolicy:TopicPolicy",
                    "sentinel-cloudTrail-topic-policy",
                ).inputs.policy,
            );
            assert.deepEqual(policy.Statement, [
                {
                    Sid: "AllowS3BucketNotifications",
                    Effect: "Allow",
                    Principal: { Service: "s3.amazonaws.com" },
                    Action: "SNS:Publish",
                    Resource: topic.state.arn,
                    Condition: {
                        ArnLike: { "aws:SourceArn": `arn:aws:s3:::${run.result.bucketName}` },
                        StringEquals: { "aws:SourceAccount": ACCOUNT },
                    },
                },
            ]);
        });

        it("notifies the topics with the connector's filters, and no queue directly", () => {
            const n = find(
                run.resources,
                "aws:s3/bucketNotification:BucketNotification",
                "sentinel-notification",
            ).inputs;
            assert.deepEqual(n.queues, []);
            assert.deepEqual(
                n.topics.map((t: Record<string, unknown>) => [
                    t.id,
                    t.filterPrefix,
                    t.filterSuffix,
                    t.topicArn,
                ]),
                [
                    [
                        "sentinel-cloudTrail",
                        `AWSLogs/${ACCOUNT}/CloudTrail/`,
                        ".gz",
                        find(run.resources, "aws:sns/topic:Topic", "sentinel-cloudTrail-topic")
                            .state.arn,
                    ],
                    [
                        "sentinel-guardDuty",
                        `AWSLogs/${ACCOUNT}/GuardDuty/`,
                        ".gz",
                        find(run.resources, "aws:sns/topic:Topic", "sentinel-guardDuty-topic").state
                            .arn,
                    ],
                ],
            );
        });

        it("subscribes each connector queue with raw message delivery, so Sentinel reads the S3 event unchanged", () => {
            for (const id of ["cloudTrail", "guardDuty"]) {
                const sub = find(
                    run.resources,
                    "aws:sns/topicSubscription:TopicSubscription",
                    `sentinel-${id}-subscription`,
                );
                assert.deepEqual(
                    [sub.inputs.protocol, sub.inputs.endpoint, sub.inputs.rawMessageDelivery],
                    ["sqs", run.result.queueArns[id], true],
                );
            }
        });

        it("lets only SNS, from the connection's topic, send to its queue", () => {
            // Amazon SNS developer guide, "Subscribing an Amazon SQS queue to an Amazon SNS topic".
            const policy = doc(
                find(
                    run.resources,
                    "aws:sqs/queuePolicy:QueuePolicy",
                    "sentinel-cloudTrail-queue-policy",
                ).inputs.policy,
            );
            assert.deepEqual(statement(policy, "AllowSnsFanOut"), {
                Sid: "AllowSnsFanOut",
                Effect: "Allow",
                Principal: { Service: "sns.amazonaws.com" },
                Action: "sqs:SendMessage",
                Resource: run.result.queueArns.cloudTrail,
                Condition: {
                    ArnEquals: {
                        "aws:SourceArn": find(
                            run.resources,
                            "aws:sns/topic:Topic",
                            "sentinel-cloudTrail-topic",
                        ).state.arn,
                    },
                },
            });
            assert.equal(
                policy.Statement.some((s) => s.Sid === "AllowS3BucketNotifications"),
                false,
            );
        });

        it("lets S3 encrypt and SNS deliver with the queue key", () => {
            // Amazon SQS developer guide, "Configure KMS permissions for AWS services".
            const policy = doc(
                find(run.resources, "aws:kms/key:Key", "sentinel-queue-key").inputs.policy,
            );
            assert.deepEqual(statement(policy, "SnsDeliversNotifications"), {
                Sid: "SnsDeliversNotifications",
                Effect: "Allow",
                Principal: { Service: "sns.amazonaws.com" },
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: "*",
            });
            assert.ok(policy.Statement.some((s) => s.Sid === "S3EncryptsNotifications"));
        });

        it("makes the connectors wait for the topic policies and subscriptions", () => {
            const prerequisites = run.result.prerequisites.join("\n");
            assert.match(prerequisites, /sentinel-cloudTrail-topic-policy/);
            assert.match(prerequisites, /sentinel-cloudTrail-subscription/);
        });
    });

    describe("chosen because a kept notification overlaps the connector's", () => {
        it("moves the overlapping queue to a raw subscription of the connection's topic, keeps the others, and says what its owner must allow", async () => {
            const { result: run, warnings } = await captureWarnings(() => deployAws(WITH_SIEM));
            const n = find(
                run.resources,
                "aws:s3/bucketNotification:BucketNotification",
                "sentinel-notification",
            ).inputs;
            // The other consumer's queue outside the connector's prefixes stays a bucket notification.
            assert.deepEqual(
                n.queues.map((q: Record<string, unknown>) => q.id),
                ["exports"],
            );
            assert.deepEqual(
                n.topics.map((t: Record<string, unknown>) => t.id),
                ["sentinel-cloudTrail", "sentinel-guardDuty"],
            );
            const moved = find(
                run.resources,
                "aws:sns/topicSubscription:TopicSubscription",
                "sentinel-cloudTrail-kept-queue-0",
            );
            assert.deepEqual(
                [moved.inputs.protocol, moved.inputs.endpoint, moved.inputs.rawMessageDelivery],
                ["sqs", SIEM, true],
            );
            assert.equal(
                warnings.filter((w) =>
                    w.startsWith(
                        "`existingBucketNotifications.queues[0]` overlapped the connector's notifications, so it now subscribes",
                    ),
                ).length,
                1,
                warnings.join("\n"),
            );
        });

        it("keeps direct notifications when nothing overlaps", async () => {
            const run = await deployAws({
                ...WITH_SIEM,
                existingBucketNotifications: {
                    queues: [WITH_SIEM.existingBucketNotifications!.queues![1]],
                },
            });
            assert.equal(ofType(run.resources, "aws:sns/topic:Topic").length, 0);
            const n = find(
                run.resources,
                "aws:s3/bucketNotification:BucketNotification",
                "sentinel-notification",
            ).inputs;
            assert.deepEqual(
                n.queues.map((q: Record<string, unknown>) => q.id),
                ["sentinel-cloudTrail", "sentinel-guardDuty", "exports"],
            );
        });
    });

    describe("what fan-out cannot carry", () => {
        const problems = (args: Partial<AwsSentinelConnectionArgs>) =>
            validateAwsSentinelConnectionArgs("sentinel", { ...WITH_SIEM, ...args });

        it("refuses an overlap when fan-out is turned off, naming the setting", () => {
            assert.deepEqual(problems({ notificationFanOut: false }), [
                `\`existingBucketNotifications.queues[0]\` (prefix "AWSLogs/${ACCOUNT}/CloudTrail/", suffix ".gz") overlaps the connector's notifications under "AWSLogs/…" with ".gz"; S3 rejects overlapping filters: give it a prefix outside "AWSLogs/" or a suffix that cannot end in ".gz", or let both read one SNS topic per log type (\`notificationFanOut: true\`).`,
            ]);
        });

        it("refuses a queue notified of more than the connector's files, which fan-out would lose", () => {
            const [problem] = problems({
                existingBucketNotifications: {
                    queues: [
                        { arn: SIEM, events: ["s3:ObjectCreated:*"], filterPrefix: "AWSLogs/" },
                    ],
                },
            });
            assert.match(
                problem,
                /overlaps the connector's notifications under "AWSLogs\/…" with "\.gz" and also covers other files: moved to the connector's topic \(fan-out, `notificationFanOut`\) it would receive only the connector's files and lose the rest/,
            );
        });

        it("refuses fan-out where no log type writes into the log bucket, and offers none for a source's own bucket", () => {
            assert.deepEqual(
                validateAwsSentinelConnectionArgs("sentinel", {
                    workspaceId: WORKSPACE_ID,
                    notificationFanOut: true,
                    logTypes: { s3ServerAccessLogs: { sourceBucketNames: ["shop-assets"] } },
                }),
                [
                    "`notificationFanOut` does nothing: `logTypes.s3ServerAccessLogs` write into buckets of their own, which notify their queues directly, and no log type writes into the log bucket. Remove it.",
                ],
            );
            const [overlap] = validateAwsSentinelConnectionArgs("sentinel", {
                workspaceId: WORKSPACE_ID,
                logTypes: {
                    waf: {
                        existingBucketName: "aws-waf-logs-shop",
                        existingBucketNotifications: {
                            queues: [
                                {
                                    arn: SIEM,
                                    events: ["s3:ObjectCreated:*"],
                                    filterPrefix: "AWSLogs/",
                                },
                            ],
                        },
                    },
                },
            });
            assert.match(overlap, /S3 rejects overlapping filters: give it a prefix outside/);
            assert.doesNotMatch(overlap, /notificationFanOut/);
        });

        it("refuses an overlapping topic, which cannot subscribe to a topic", () => {
            const [problem] = problems({
                existingBucketNotifications: {
                    topics: [
                        {
                            arn: `arn:aws:sns:us-east-1:${ACCOUNT}:defender`,
                            events: ["s3:ObjectCreated:*"],
                            filterPrefix: `AWSLogs/${ACCOUNT}/CloudTrail/`,
                        },
                    ],
                },
            });
            assert.match(problem, /an SNS topic cannot subscribe to another topic/);
            assert.match(
                problem,
                /subscribe that topic's consumers to the connector's topics \(`notificationTopicArns`/,
            );
        });
    });

    it("encrypts queues and topics with the one queue key when the queues use KMS", async () => {
        const run = await deployAws({
            workspaceId: WORKSPACE_ID,
            notificationFanOut: true,
            queueEncryption: "kms",
            logTypes: { guardDuty: {} },
        });
        const key = run.result.queueKeyArn;
        assert.equal(
            find(run.resources, "aws:sns/topic:Topic", "sentinel-guardDuty-topic").inputs
                .kmsMasterKeyId,
            key,
        );
        assert.equal(
            find(run.resources, "aws:sqs/queue:Queue", "sentinel-guardDuty-queue").inputs
                .kmsMasterKeyId,
            key,
        );
    });
});
