// SQS policies: encryption, the AWS managed key, retention, dead-letter queues and queue policies.
import { RecordedResource } from "../../offline/mocks";
import {
    add,
    assertClean,
    assertNotApplicable,
    assertReports,
    check,
    compliantStack,
    doc,
    editDoc,
    find,
    mutate,
    resource,
} from "./fixtures";

const QUEUE = "aws:sqs/queue:Queue";
const QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";
const CT_QUEUE = "sentinel-cloudTrail-queue";
const CT_POLICY = "sentinel-cloudTrail-queue-policy";

let base: RecordedResource[];
before(async () => {
    base = await compliantStack();
});

/** The compliant stack with the CloudTrail queue's policy document changed. */
function queuePolicy(
    change: (document: { Version?: string; Statement: any[] }) => void,
): RecordedResource[] {
    return mutate(base, QUEUE_POLICY, CT_POLICY, (p) => editDoc(p, "policy", change));
}

describe("sqs-queue-encrypted", () => {
    const name = "sqs-queue-encrypted";

    it("passes SSE-SQS and customer-managed keys", async () => {
        assertClean(await check(base), name);
        const kms = mutate(base, QUEUE, CT_QUEUE, (p) => {
            delete p.sqsManagedSseEnabled;
            p.kmsMasterKeyId =
                "arn:aws:kms:us-east-1:123456789012:key/0000abcd-0000-4000-8000-000000000000";
        });
        assertClean(await check(kms), name);
    });

    it("rejects an unencrypted queue", async () => {
        const report = await check(
            mutate(base, QUEUE, CT_QUEUE, (p) => (p.sqsManagedSseEnabled = false)),
        );
        assertReports(report, name, [
            `Queue "${CT_QUEUE}" must be encrypted at rest (sqsManagedSseEnabled is false and no kmsMasterKeyId is set)`,
        ]);
    });

    it("notes, in AWS's terms, a queue that leaves its encryption to SQS's default (SSE-SQS)", async () => {
        const unset = await check(
            mutate(base, QUEUE, CT_QUEUE, (p) => delete p.sqsManagedSseEnabled),
        );
        assertReports(
            unset,
            name,
            [
                `Queue "${CT_QUEUE}" must declare its encryption at rest (neither sqsManagedSseEnabled nor kmsMasterKeyId is set): SQS applies SSE-SQS to new queues by default`,
            ],
            "advisory",
        );
    });
});

describe("sqs-queue-no-aws-managed-key", () => {
    const name = "sqs-queue-no-aws-managed-key";

    it("rejects alias/aws/sqs by alias or alias ARN", async () => {
        const stack = mutate(
            mutate(base, QUEUE, CT_QUEUE, (p) => (p.kmsMasterKeyId = "alias/aws/sqs")),
            QUEUE,
            "sentinel-guardDuty-queue",
            (p) => {
                p.kmsMasterKeyId = "arn:aws:kms:us-east-1:123456789012:alias/aws/sqs";
            },
        );
        assertReports(await check(stack), name, [
            `Queue "${CT_QUEUE}" must not use the AWS managed key "alias/aws/sqs", because S3 cannot encrypt notifications with it and they never arrive.`,
            'Queue "sentinel-guardDuty-queue" must not use the AWS managed key "arn:aws:kms:us-east-1:123456789012:alias/aws/sqs"',
        ]);
    });

    it("does not apply to queues without a KMS key", async () => {
        assertNotApplicable(
            await check(base),
            name,
            "The queue uses no KMS key.",
            find(base, QUEUE, CT_QUEUE).urn,
        );
    });
});

describe("sqs-queue-message-retention", () => {
    const name = "sqs-queue-message-retention";

    it("passes 14 days", async () => assertClean(await check(base), name));

    it("advises on shorter retention, including SQS's default", async () => {
        const stack = mutate(
            mutate(base, QUEUE, CT_QUEUE, (p) => (p.messageRetentionSeconds = 86400)),
            QUEUE,
            "sentinel-guardDuty-queue",
            (p) => {
                delete p.messageRetentionSeconds;
            },
        );
        assertReports(
            await check(stack),
            name,
            [
                `Queue "${CT_QUEUE}" must keep messages at least 1209600 seconds, not 86400.`,
                'Queue "sentinel-guardDuty-queue" must keep messages at least 1209600 seconds, not 345600 (the SQS default).',
            ],
            "advisory",
        );
    });

    it("takes the minimum from configuration", async () => {
        const stack = mutate(base, QUEUE, CT_QUEUE, (p) => (p.messageRetentionSeconds = 345600));
        assertClean(await check(stack, { [name]: { minMessageRetentionSeconds: 345600 } }), name);
    });
});

describe("sqs-connector-queue-message-retention", () => {
    const name = "sqs-connector-queue-message-retention";
    const retention = "sqs-queue-message-retention";

    it("passes the component's 14 days and SQS's default of 4 days", async () => {
        assertClean(await check(base), name);
        const unset = mutate(base, QUEUE, CT_QUEUE, (p) => delete p.messageRetentionSeconds);
        assertClean(await check(unset), name);
    });

    it("rejects a connector queue keeping messages 300 s, and only advises on a plain queue", async () => {
        const plain = resource(QUEUE, "plain-queue", {
            sqsManagedSseEnabled: true,
            messageRetentionSeconds: 300,
            redrivePolicy: "{}",
        });
        const report = await check(
            add(
                mutate(base, QUEUE, CT_QUEUE, (p) => (p.messageRetentionSeconds = 300)),
                plain,
            ),
        );
        // SQS Developer Guide, "Amazon SQS message quotas": retention defaults to 4 days.
        assertReports(report, name, [
            `Queue "${CT_QUEUE}" feeds a Sentinel connector, so it must keep messages at least 345600 seconds (SQS's default of 4 days), not 300: shorter, an outage of the connector loses the logs it has not read.`,
        ]);
        assertReports(
            report,
            retention,
            [
                `Queue "${CT_QUEUE}" must keep messages at least 1209600 seconds, not 300.`,
                'Queue "plain-queue" must keep messages at least 1209600 seconds, not 300.',
            ],
            "advisory",
        );
    });

    it("finds the connector queue through the queue policy that lets a Sentinel role receive", async () => {
        // Microsoft's templates grant the role its SQS access in the queue policy.
        const queue = resource(QUEUE, "template-queue", {
            sqsManagedSseEnabled: true,
            messageRetentionSeconds: 3600,
            redrivePolicy: "{}",
            arn: "arn:aws:sqs:us-east-1:123456789012:template-queue",
            url: "https://sqs.us-east-1.amazonaws.com/123456789012/template-queue",
        });
        const policy = resource(QUEUE_POLICY, "template-queue-policy", {
            queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/template-queue",
            policy: doc({
                Sid: "SentinelReads",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::123456789012:role/OIDC_MicrosoftSentinelRole" },
                Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
                Resource: "arn:aws:sqs:us-east-1:123456789012:template-queue",
            }),
        });
        assertReports(await check([queue, policy]), name, [
            'Queue "template-queue" feeds a Sentinel connector, so it must keep messages at least 345600 seconds',
        ]);
    });

    it("does not apply to a stack without connector queues", async () => {
        const plain = resource(QUEUE, "plain-queue", { messageRetentionSeconds: 300 });
        assertNotApplicable(await check([plain]), name, "The stack has no connector queue.");
    });
});

describe("sqs-queue-dead-letter-queue", () => {
    const name = "sqs-queue-dead-letter-queue";

    it("passes queues with a redrive policy and exempts their dead-letter queues", async () =>
        assertClean(await check(base), name));

    it("advises on a queue without a dead-letter queue", async () => {
        const stack = mutate(base, QUEUE, CT_QUEUE, (p) => delete p.redrivePolicy);
        // Its dead-letter queue is no longer anyone's target either.
        assertReports(
            await check(stack),
            name,
            [
                `Queue "${CT_QUEUE}" must have a redrive policy with a dead-letter queue`,
                'Queue "sentinel-cloudTrail-dlq" must have a redrive policy',
            ],
            "advisory",
        );
    });

    it("reads a separate RedrivePolicy resource", async () => {
        const queue = find(base, QUEUE, CT_QUEUE);
        const dlq = find(base, QUEUE, "sentinel-cloudTrail-dlq");
        const stack = add(
            mutate(base, QUEUE, CT_QUEUE, (p) => delete p.redrivePolicy),
            resource("aws:sqs/redrivePolicy:RedrivePolicy", "redrive", {
                queueUrl: queue.state.url,
                redrivePolicy: JSON.stringify({
                    deadLetterTargetArn: dlq.state.arn,
                    maxReceiveCount: 10,
                }),
            }),
        );
        assertClean(await check(stack), name);
    });

    it("does not apply to a stack without queues", async () => {
        assertNotApplicable(
            await check([find(base, "aws:iam/role:Role", "sentinel-role")]),
            name,
            "The stack creates no SQS queue.",
        );
    });
});

describe("sqs-queue-policy-no-public-access", () => {
    const name = "sqs-queue-policy-no-public-access";

    it("passes the component's queue policies", async () => assertClean(await check(base), name));

    it("rejects * without a binding condition, and accepts it with one", async () => {
        const open = queuePolicy((d) => {
            d.Statement[0].Principal = "*";
            delete d.Statement[0].Condition;
        });
        assertReports(await check(open), name, [
            `QueuePolicy "${CT_POLICY}" statement "AllowS3BucketNotifications" must not allow every principal ("*") ["sqs:SendMessage"] without a condition on the source or caller.`,
        ]);
        const bound = queuePolicy((d) => (d.Statement[0].Principal = { AWS: "*" }));
        assertClean(await check(bound), name);
    });

    it("reads a queue's inline policy", async () => {
        const stack = mutate(
            base,
            QUEUE,
            CT_QUEUE,
            (p) =>
                (p.policy = doc({
                    Effect: "Allow",
                    Principal: "*",
                    Action: "sqs:*",
                    Resource: "*",
                })),
        );
        assertReports(await check(stack), name, [
            `Queue "${CT_QUEUE}" statement #1 must not allow every principal ("*")`,
        ]);
    });

    it("does not apply to queues without an inline policy", async () => {
        assertNotApplicable(
            await check(base),
            name,
            "The resource sets no queue policy.",
            find(base, QUEUE, CT_QUEUE).urn,
        );
    });
});

describe("sqs-queue-policy-no-wildcard-actions", () => {
    const name = "sqs-queue-policy-no-wildcard-actions";

    it("passes a TLS deny on sqs:*", async () => assertClean(await check(base), name));

    it("rejects allowing sqs:*", async () => {
        assertReports(await check(queuePolicy((d) => (d.Statement[0].Action = "sqs:*"))), name, [
            `QueuePolicy "${CT_POLICY}" statement "AllowS3BucketNotifications" must not allow the wildcard action "sqs:*"; allow only sqs:SendMessage for S3.`,
        ]);
    });
});

describe("sqs-queue-policy-s3-source-conditions", () => {
    const name = "sqs-queue-policy-s3-source-conditions";
    const at = `QueuePolicy "${CT_POLICY}" statement "AllowS3BucketNotifications"`;

    it("passes the component's conditions", async () => assertClean(await check(base), name));

    it("requires both the source ARN and the source account", async () => {
        assertReports(
            await check(queuePolicy((d) => delete d.Statement[0].Condition.StringEquals)),
            name,
            [
                `${at} must condition s3.amazonaws.com's sqs:SendMessage on aws:SourceAccount (the bucket ARN and its owner account).`,
            ],
        );
        assertReports(await check(queuePolicy((d) => delete d.Statement[0].Condition)), name, [
            `${at} must condition s3.amazonaws.com's sqs:SendMessage on aws:SourceArn and aws:SourceAccount`,
        ]);
        assertReports(
            await check(
                queuePolicy((d) => (d.Statement[0].Condition.ArnEquals["aws:SourceArn"] = "*")),
            ),
            name,
            [`on aws:SourceArn (the bucket ARN`],
        );
    });

    it("does not apply to policies that admit no S3 sender", async () => {
        const dlqPolicy = find(base, QUEUE_POLICY, "sentinel-cloudTrail-dlq-policy");
        assertNotApplicable(
            await check(base),
            name,
            "No statement lets s3.amazonaws.com send messages.",
            dlqPolicy.urn,
        );
    });
});

describe("sqs-queue-policy-tls-only", () => {
    const name = "sqs-queue-policy-tls-only";

    it("passes the component's TLS deny", async () => assertClean(await check(base), name));

    it("rejects a policy without it, or with the condition reversed", async () => {
        const expected = `QueuePolicy "${CT_POLICY}" must deny every principal "sqs:*" when "aws:SecureTransport" is "false"`;
        assertReports(await check(queuePolicy((d) => d.Statement.pop())), name, [
            `${expected} (no such statement among 1).`,
        ]);
        assertReports(
            await check(
                queuePolicy((d) => (d.Statement[1].Condition.Bool["aws:SecureTransport"] = "true")),
            ),
            name,
            [expected],
        );
    });
});

describe("sqs-queue-policy-version", () => {
    const name = "sqs-queue-policy-version";

    it("passes 2012-10-17", async () => assertClean(await check(base), name));

    it("rejects 2008-10-17 and a missing version", async () => {
        assertReports(await check(queuePolicy((d) => (d.Version = "2008-10-17"))), name, [
            `QueuePolicy "${CT_POLICY}" must use policy Version "2012-10-17", not "2008-10-17".`,
        ]);
        assertReports(await check(queuePolicy((d) => delete d.Version)), name, [
            "not none (which means 2008-10-17)",
        ]);
    });
});
