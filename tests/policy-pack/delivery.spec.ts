// The pack on stacks that deploy, show "connected" and deliver nothing: the components' own stack
// (every source of the registry, classic and CCF, both sides) is clean at a preview and after, and
// regressing it one setting at a time, as a preview sees it, is refused (or warned) by the rule for
// that link of the chain. Each rule also has its not-applicable case.
import * as assert from "assert";
import { evaluateTrust, providerArnFor } from "../../cli/doctor/aws/identity";
import { SENTINEL_CLOUDS } from "../../components/shared/catalog";
import { RecordedResource, runOffline } from "../../offline/mocks";
import {
    ACCOUNT,
    WORKSPACE_ID,
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
    of,
    resource,
    without,
} from "./fixtures";

const CONNECTOR = "azure-native:resources:Resource";
const QUEUE = "aws:sqs/queue:Queue";
const ROLE = "aws:iam/role:Role";
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
const REGION = "us-east-1";
const BUCKET = "sentinel-logs-xxxxxxx";

/** The delivery rules of the pack. */
const DELIVERY_POLICIES = [
    "sentinel-connector-queue-fed",
    "sns-connector-subscription-raw-delivery",
    "sqs-connector-queue-policy-admits-notifications",
    "sqs-connector-queue-standard",
    "sqs-connector-dead-letter-retention",
    "s3-bucket-lifecycle-outlasts-connector-queue",
    "iam-sentinel-role-trust-admits-sentinel",
    "iam-oidc-provider-admits-sentinel",
    "iam-sentinel-role-reads-connector-queues",
    "kms-connector-keys-usable",
    "sentinel-connector-table-matches-folder",
    "sentinel-connector-logs-enabled",
    "sentinel-connector-ccf-dcr-output-table",
    "s3-export-destination-notified",
    "sqs-connector-queue-single-consumer",
];

const stacks = new Map<string, Promise<RecordedResource[]>>();

/**
 * Both components with every source of the registry, as a preview of a new stack sees them
 * (`preview`), or after they are created; `queueEncryption: "kms"` for a customer-managed queue key.
 */
function deliveryStack(preview: boolean, queueEncryption: "sqs" | "kms" = "sqs") {
    const key = `${preview}:${queueEncryption}`;
    if (!stacks.has(key)) {
        stacks.set(
            key,
            runOffline(
                async () => {
                    const { AwsSentinelConnection } =
                        await import("../../components/aws/awsSentinelConnection");
                    const { SentinelAwsS3DataConnectors } =
                        await import("../../components/azure/sentinelAwsS3DataConnectors");
                    const aws = new AwsSentinelConnection("sentinel", {
                        workspaceId: WORKSPACE_ID,
                        queueEncryption,
                        logTypes: {
                            cloudTrail: {},
                            vpcFlowLogs: { vpcIds: ["vpc-0123456789abcdef0"] },
                            guardDuty: {},
                            route53ResolverQueryLogs: { vpcIds: ["vpc-0123456789abcdef0"] },
                            securityHubFindings: {},
                        },
                    });
                    new SentinelAwsS3DataConnectors("sentinel", {
                        resourceGroupName: "rg-sentinel",
                        workspaceName: "law-sentinel",
                        awsConnection: aws,
                    });
                },
                { preview },
            ).then((run) => run.resources),
        );
    }
    return stacks.get(key)!;
}

/** The preview of the components' stack with one change (to inputs and state alike). */
async function regressed(
    type: string,
    name: string,
    change: (props: Record<string, any>) => void,
    queueEncryption: "sqs" | "kms" = "sqs",
) {
    return check(mutate(await deliveryStack(true, queueEncryption), type, name, change));
}

/** A queue URL and ARN of the stack, as the components build them from the queue's name. */
const queueUrl = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}-xxxxxxx`;
const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}-xxxxxxx`;

describe("The delivery rules on the components' own stack", () => {
    for (const preview of [true, false]) {
        it(`report nothing ${preview ? "at a preview of a new stack, and decide there" : "once the stack exists"}`, async () => {
            const report = await check(await deliveryStack(preview));
            for (const policy of DELIVERY_POLICIES) {
                assertClean(report, policy);
            }
            assert.deepStrictEqual(
                report.decisions.undecided.filter((u) => DELIVERY_POLICIES.includes(u.policyName)),
                [],
            );
        });
    }

    it("report nothing with a customer-managed queue key either", async () => {
        const report = await check(await deliveryStack(true, "kms"));
        for (const policy of DELIVERY_POLICIES) {
            assertClean(report, policy);
        }
    });

    it("apply to it: each checks the links it covers", async () => {
        const report = await check(await deliveryStack(true));
        const skipped = (report.notApplicable ?? [])
            .filter((n) => DELIVERY_POLICIES.includes(n.policyName) && n.urn === undefined)
            .map((n) => n.policyName);
        // Only the SNS, other-consumer and provider rules have nothing to check: the components
        // notify the queues directly, nothing but the connector reads them, and the hub adds its
        // audience to the account's OIDC provider (a function) rather than declaring the provider.
        assert.deepStrictEqual(skipped.sort(), [
            "iam-oidc-provider-admits-sentinel",
            "sns-connector-subscription-raw-delivery",
            "sqs-connector-queue-single-consumer",
        ]);
    });
});

describe("sentinel-connector-queue-fed", () => {
    it("refuses a connector reading the dead-letter queue", async () => {
        const report = await regressed(CONNECTOR, "sentinel-AWSCloudTrail", (p) => {
            p.properties.sqsUrls = [queueUrl("sentinel-cloudTrail-dlq")];
        });
        assertReports(report, "sentinel-connector-queue-fed", [
            'Resource "sentinel-AWSCloudTrail" must read the queue its log files are announced in, not Queue "sentinel-cloudTrail-dlq" is the dead-letter queue of Queue "sentinel-cloudTrail-queue"',
        ]);
    });

    it("refuses a connector reading a queue the stack's bucket notification leaves out", async () => {
        const report = await regressed(NOTIFICATION, "sentinel-notification", (p) => {
            p.queues = p.queues.filter((q: { id: string }) => q.id !== "sentinel-guardDuty");
        });
        assertReports(report, "sentinel-connector-queue-fed", [
            `Resource "sentinel-AWSGuardDuty" must read a queue a bucket notification sends to, but no notification of bucket "${BUCKET}" sends to Queue "sentinel-guardDuty-queue"`,
        ]);
    });

    it("warns when the queue is not fed by a notification of the stack's buckets", async () => {
        const report = await regressed(CONNECTOR, "sentinel-AWSCloudTrail", (p) => {
            p.properties.sqsUrls = [`https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/elsewhere`];
        });
        assertReports(
            report,
            "sentinel-connector-queue-fed",
            ['no notification of any bucket of the stack sends to "elsewhere"'],
            "advisory",
        );
    });

    it("does not apply without a connector, and checks nothing live without a notification", async () => {
        const aws = await compliantStack();
        const awsOnly = aws.filter((r) => r.type !== CONNECTOR);
        assertNotApplicable(
            await check(awsOnly),
            "sentinel-connector-queue-fed",
            "no Sentinel connector",
        );
        const report = await check(
            without(await deliveryStack(true), NOTIFICATION, "sentinel-notification"),
        );
        assertNotApplicable(report, "sentinel-connector-queue-fed", "checked live (the doctor)");
    });
});

/** The stack with CloudTrail's notification sent to an SNS topic and its subscription to the queue. */
async function fanOut(raw: boolean | undefined) {
    const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:sentinel-cloudtrail-fanout`;
    const base = mutate(await deliveryStack(true), NOTIFICATION, "sentinel-notification", (p) => {
        p.queues = p.queues.filter((q: { id: string }) => q.id !== "sentinel-cloudTrail");
        p.topics = [
            {
                id: "sentinel-cloudTrail",
                topicArn,
                events: ["s3:ObjectCreated:*"],
                filterPrefix: `AWSLogs/${ACCOUNT}/CloudTrail/`,
                filterSuffix: ".gz",
            },
        ];
    });
    return add(
        base,
        resource("aws:sns/topic:Topic", "fanout", { name: "sentinel-cloudtrail-fanout" }),
        resource("aws:sns/topicSubscription:TopicSubscription", "fanout-sentinel", {
            topic: topicArn,
            protocol: "sqs",
            endpoint: queueArn("sentinel-cloudTrail-queue"),
            ...(raw === undefined ? {} : { rawMessageDelivery: raw }),
        }),
    );
}

describe("sns-connector-subscription-raw-delivery (S3 → SNS → SQS fan-out)", () => {
    it("accepts the fan-out with raw message delivery as what feeds the queue", async () => {
        const report = await check(await fanOut(true));
        assertClean(report, "sns-connector-subscription-raw-delivery");
        assertClean(report, "sentinel-connector-queue-fed");
    });

    it("refuses a subscription delivering SNS's envelope", async () => {
        const report = await check(await fanOut(undefined));
        assertReports(report, "sns-connector-subscription-raw-delivery", [
            'TopicSubscription "fanout-sentinel" must deliver raw messages: TopicSubscription "fanout-sentinel" delivers to Queue "sentinel-cloudTrail-queue" without raw message delivery',
        ]);
    });

    it("refuses a queue policy that admits S3 but not the topic", async () => {
        const report = await check(await fanOut(true));
        assertReports(report, "sqs-connector-queue-policy-admits-notifications", [
            `Queue "sentinel-cloudTrail-queue" must let sns.amazonaws.com send the notifications of BucketNotification "sentinel-notification" topic entry "sentinel-cloudTrail", but no statement of the queue policy lets sns.amazonaws.com send messages from arn:aws:sns:${REGION}:${ACCOUNT}:sentinel-cloudtrail-fanout.`,
        ]);
    });

    it("does not apply when no topic stands between a bucket and a connector queue", async () => {
        assertNotApplicable(
            await check(await deliveryStack(true)),
            "sns-connector-subscription-raw-delivery",
            "No SNS subscription",
        );
    });
});

describe("sqs-connector-queue-policy-admits-notifications", () => {
    const POLICY = "aws:sqs/queuePolicy:QueuePolicy";

    it("refuses a queue policy admitting another bucket", async () => {
        const report = await regressed(POLICY, "sentinel-vpcFlowLogs-queue-policy", (p) =>
            editDoc(p, "policy", (d) => {
                d.Statement[0].Condition.ArnEquals["aws:SourceArn"] = "arn:aws:s3:::another-bucket";
            }),
        );
        assertReports(report, "sqs-connector-queue-policy-admits-notifications", [
            `no statement of the queue policy lets s3.amazonaws.com send messages from arn:aws:s3:::${BUCKET}. Restore the queue policy`,
        ]);
    });

    it("refuses a Deny that blocks S3, and a queue without a policy", async () => {
        const denied = await regressed(POLICY, "sentinel-guardDuty-queue-policy", (p) =>
            editDoc(p, "policy", (d) => {
                d.Statement.push({
                    Sid: "OnlyFromVpc",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "sqs:*",
                    Resource: "*",
                    Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" } },
                });
            }),
        );
        assertReports(denied, "sqs-connector-queue-policy-admits-notifications", [
            "a Deny statement of the queue policy blocks s3.amazonaws.com's notifications",
        ]);
        const absent = await check(
            without(await deliveryStack(true), POLICY, "sentinel-guardDuty-queue-policy"),
        );
        assertReports(absent, "sqs-connector-queue-policy-admits-notifications", [
            "the queue has no policy, so s3.amazonaws.com may not send it notifications",
        ]);
    });

    it("does not apply without a notification feeding a connector queue", async () => {
        assertNotApplicable(
            await check(without(await deliveryStack(true), NOTIFICATION, "sentinel-notification")),
            "sqs-connector-queue-policy-admits-notifications",
            "No bucket notification",
        );
    });
});

describe("sqs-connector-queue-standard", () => {
    it("refuses a FIFO connector queue", async () => {
        const report = await regressed(QUEUE, "sentinel-cloudTrail-queue", (p) => {
            p.fifoQueue = true;
        });
        assertReports(report, "sqs-connector-queue-standard", [
            'Queue "sentinel-cloudTrail-queue" must be a standard queue: Queue "sentinel-cloudTrail-queue" is a FIFO queue',
        ]);
    });

    it("does not apply without a connector queue", async () => {
        const queue = resource(QUEUE, "jobs", { name: "jobs.fifo", fifoQueue: true });
        assertNotApplicable(
            await check([queue]),
            "sqs-connector-queue-standard",
            "no connector queue",
        );
    });
});

describe("sqs-connector-queue-single-consumer", () => {
    it("refuses a Lambda function consuming a connector queue", async () => {
        const mapping = resource("aws:lambda/eventSourceMapping:EventSourceMapping", "archive", {
            eventSourceArn: queueArn("sentinel-vpcFlowLogs-queue"),
            functionName: "archive",
        });
        const report = await check(add(await deliveryStack(true), mapping));
        assertReports(report, "sqs-connector-queue-single-consumer", [
            'EventSourceMapping "archive" must not consume Queue "sentinel-vpcFlowLogs-queue", which a Sentinel connector reads',
        ]);
    });

    it("does not apply without another consumer", async () => {
        assertNotApplicable(
            await check(await deliveryStack(true)),
            "sqs-connector-queue-single-consumer",
            "No Lambda event source mapping or EventBridge pipe",
        );
    });
});

describe("sqs-connector-dead-letter-retention", () => {
    it("warns when the dead-letter queue drops messages before the connector queue", async () => {
        const report = await regressed(QUEUE, "sentinel-guardDuty-dlq", (p) => {
            p.messageRetentionSeconds = 86_400;
        });
        assertReports(
            report,
            "sqs-connector-dead-letter-retention",
            [
                'Queue "sentinel-guardDuty-dlq" keeps messages 86400 s, less than Queue "sentinel-guardDuty-queue" (1209600 s)',
            ],
            "advisory",
        );
    });

    it("does not apply without a dead-letter queue", async () => {
        const stack = (await deliveryStack(true)).filter(
            (r) => !(r.type === QUEUE && r.name.endsWith("-dlq")),
        );
        assertNotApplicable(
            await check(stack),
            "sqs-connector-dead-letter-retention",
            "has a dead-letter queue",
        );
    });
});

describe("s3-bucket-lifecycle-outlasts-connector-queue", () => {
    const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";

    it("warns when log files expire before the queue forgets them", async () => {
        const report = await regressed(LIFECYCLE, "sentinel-logs-lifecycle", (p) => {
            p.rules[0].expiration.days = 3;
        });
        const found = of(report, "s3-bucket-lifecycle-outlasts-connector-queue");
        assert.strictEqual(found.length, 5, found.map((v) => v.message).join("\n"));
        assert.ok(found.every((v) => v.enforcementLevel === "advisory"));
        assert.match(
            found[0].message,
            /must not expire the files .* after 3 day\(s\), sooner than Queue/,
        );
    });

    it("does not apply without a lifecycle configuration", async () => {
        assertNotApplicable(
            await check(without(await deliveryStack(true), LIFECYCLE, "sentinel-logs-lifecycle")),
            "s3-bucket-lifecycle-outlasts-connector-queue",
            "has a lifecycle configuration",
        );
    });
});

describe("iam-sentinel-role-trust-admits-sentinel", () => {
    const trustEdit = (change: (statement: Record<string, any>) => void) =>
        regressed(ROLE, "sentinel-role", (p) =>
            editDoc(p, "assumeRolePolicy", (d) => change(d.Statement[0])),
        );

    it("refuses session names with the workspace ID in upper case, in the doctor's words", async () => {
        const report = await trustEdit((s) => {
            s.Condition.StringEquals["sts:RoleSessionName"] = s.Condition.StringEquals[
                "sts:RoleSessionName"
            ].map((n: string) =>
                n
                    .toUpperCase()
                    .replace(/^MICROSOFTSENTINEL_/, "MicrosoftSentinel_")
                    .replace(/^MICROSOFTDEFENDERFORCLOUDS_/, "MicrosoftDefenderForClouds_"),
            );
        });
        assertReports(report, "iam-sentinel-role-trust-admits-sentinel", [
            `Role "sentinel-role" must admit Sentinel's tokens for workspace ${WORKSPACE_ID}. Sentinel's tokens for this workspace are refused: it names the workspace ID in upper case`,
        ]);
        // The trust-conditions rule accepts it: it is bound to one workspace, only not the one Sentinel names.
        assertClean(report, "iam-sentinel-role-trust-conditions");
        // The doctor says the same of the same trust.
        const role = find(
            mutate(await deliveryStack(true), ROLE, "sentinel-role", () => undefined),
            ROLE,
            "sentinel-role",
        );
        const upper = JSON.parse(role.inputs.assumeRolePolicy);
        upper.Statement[0].Condition.StringEquals["sts:RoleSessionName"] = [
            `MicrosoftSentinel_${WORKSPACE_ID.toUpperCase()}`,
            `MicrosoftDefenderForClouds_${WORKSPACE_ID.toUpperCase()}`,
        ];
        const cloud = SENTINEL_CLOUDS.AzureCloud;
        const doctor = evaluateTrust({
            trust: upper,
            roleArn: `arn:aws:iam::${ACCOUNT}:role/${role.inputs.name}`,
            providerArn: providerArnFor("aws", ACCOUNT, cloud),
            cloud,
            workspaceId: WORKSPACE_ID,
        });
        assert.ok(
            of(report, "iam-sentinel-role-trust-admits-sentinel")[0].message.includes(
                doctor.reason,
            ),
        );
    });

    it("refuses a provider of another account, which the trust-conditions rule accepts", async () => {
        const report = await trustEdit((s) => {
            s.Principal.Federated = s.Principal.Federated.replace(ACCOUNT, "999999999999");
        });
        assertReports(report, "iam-sentinel-role-trust-admits-sentinel", [
            "the trust names the provider of another account",
        ]);
        assertClean(report, "iam-sentinel-role-trust-conditions");
    });

    it("refuses a wrong audience, naming it", async () => {
        const report = await trustEdit((s) => {
            s.Condition.StringEquals["sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/:aud"] =
                "api://another-app";
        });
        assertReports(report, "iam-sentinel-role-trust-admits-sentinel", [
            "it requires the audience api://another-app",
        ]);
    });

    it("warns when the trust admits only one of the two session names", async () => {
        const report = await trustEdit((s) => {
            s.Condition.StringEquals["sts:RoleSessionName"] = `MicrosoftSentinel_${WORKSPACE_ID}`;
        });
        assertReports(
            report,
            "iam-sentinel-role-trust-admits-sentinel",
            [`with both session names (it admits only MicrosoftSentinel_${WORKSPACE_ID})`],
            "advisory",
        );
    });

    it("only notes a condition on a token claim whose value Sentinel's token is not documented to carry", async () => {
        const report = await trustEdit((s) => {
            s.Condition.StringEquals["sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/:sub"] =
                "some-object-id";
        });
        assertReports(
            report,
            "iam-sentinel-role-trust-admits-sentinel",
            [
                'Whether Role "sentinel-role" admits Sentinel\'s tokens cannot be told from the stack: it also requires sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/:sub',
            ],
            "advisory",
        );
    });

    it("does not apply to a stack without a Sentinel role", async () => {
        const role = resource(ROLE, "app", {
            name: "app",
            assumeRolePolicy: doc({
                Effect: "Allow",
                Principal: { Service: "ec2.amazonaws.com" },
                Action: "sts:AssumeRole",
            }),
        });
        assertNotApplicable(
            await check([role]),
            "iam-sentinel-role-trust-admits-sentinel",
            "no Sentinel role",
        );
    });
});

describe("iam-oidc-provider-admits-sentinel", () => {
    const PROVIDER = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";

    it("refuses a provider without Sentinel's audience, or without the issuer's trailing slash", async () => {
        // A provider the stack declares beside the Sentinel role (Defender's, without Sentinel's
        // audience, and without the issuer's trailing slash).
        const provider = resource(PROVIDER, "sentinel-oidc-provider", {
            url: "https://sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d",
            clientIdLists: ["api://AzureSecurityCenter.MultiCloud.DefenderForServers"],
        });
        const report = await check(add(await deliveryStack(true), provider));
        assertReports(report, "iam-oidc-provider-admits-sentinel", [
            "does not list Sentinel's audience api://1462b192-27f7-4cb9-8523-0f4ecb54b47e, so its tokens are refused (S3B40029)",
            "not Sentinel's issuer https://sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/ (with the trailing slash)",
        ]);
    });

    it("does not apply to a provider without a Sentinel role beside it", async () => {
        const provider = resource(PROVIDER, "defender", {
            url: "https://sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/",
            clientIdLists: ["api://AzureSecurityCenter.MultiCloud.DefenderForServers"],
        });
        assertNotApplicable(
            await check([provider]),
            "iam-oidc-provider-admits-sentinel",
            "beside a Sentinel role",
        );
    });
});

describe("iam-sentinel-role-reads-connector-queues", () => {
    const POLICY = "aws:iam/rolePolicy:RolePolicy";

    it("refuses a role that may not delete messages, in the doctor's words", async () => {
        const report = await regressed(POLICY, "sentinel-role-policy", (p) =>
            editDoc(p, "policy", (d) => {
                d.Statement[0].Action = d.Statement[0].Action.filter(
                    (a: string) => a !== "sqs:DeleteMessage",
                );
            }),
        );
        const found = of(report, "iam-sentinel-role-reads-connector-queues");
        assert.strictEqual(found.length, 5, found.map((v) => v.message).join("\n"));
        assert.match(
            found[0].message,
            new RegExp(
                `^Role "sentinel-role" must be allowed the calls Resource "sentinel-AWS\\w+" makes, but the role may not sqs:DeleteMessage on arn:aws:sqs:${REGION}:${ACCOUNT}:sentinel-\\w+-queue-xxxxxxx\\.`,
            ),
        );
    });

    it("refuses a role that may not read the files a queue announces", async () => {
        const report = await regressed(POLICY, "sentinel-role-policy", (p) =>
            editDoc(p, "policy", (d) => {
                d.Statement[1].Resource = d.Statement[1].Resource.filter(
                    (r: string) => !r.includes("/GuardDuty/"),
                );
            }),
        );
        assertReports(report, "iam-sentinel-role-reads-connector-queues", [
            `the role may not s3:GetObject on arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/GuardDuty/2025/01/01/sample.gz.`,
        ]);
    });

    it("refuses a queue policy that denies the role", async () => {
        const report = await regressed(
            "aws:sqs/queuePolicy:QueuePolicy",
            "sentinel-cloudTrail-queue-policy",
            (p) =>
                editDoc(p, "policy", (d) => {
                    d.Statement.push({
                        Sid: "OnlyFromVpc",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "sqs:ReceiveMessage",
                        Resource: "*",
                        Condition: {
                            StringNotEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" },
                        },
                    });
                }),
        );
        assertReports(report, "iam-sentinel-role-reads-connector-queues", [
            `the role may not sqs:ReceiveMessage on arn:aws:sqs:${REGION}:${ACCOUNT}:sentinel-cloudTrail-queue-xxxxxxx.`,
        ]);
    });

    it("refuses a permissions boundary that leaves out the files", async () => {
        const arn = `arn:aws:iam::${ACCOUNT}:policy/sentinel-boundary`;
        const boundary = resource("aws:iam/policy:Policy", "sentinel-boundary", {
            arn,
            policy: doc({ Effect: "Allow", Action: "sqs:*", Resource: "*" }),
        });
        const stack = add(await deliveryStack(true), boundary);
        const role = find(stack, ROLE, "sentinel-role");
        role.inputs.permissionsBoundary = role.state.permissionsBoundary = arn;
        const found = of(await check(stack), "iam-sentinel-role-reads-connector-queues");
        assert.strictEqual(found.length, 5, found.map((v) => v.message).join("\n"));
        assert.ok(
            found.every((v) => /the role may not s3:GetObject on arn:aws:s3:::/.test(v.message)),
        );
    });

    it("does not apply when no connector assumes a role of the stack", async () => {
        const aws = (await compliantStack()).filter((r) => r.type !== CONNECTOR);
        assertNotApplicable(
            await check(aws),
            "iam-sentinel-role-reads-connector-queues",
            "assumes a role of the stack",
        );
    });
});

describe("kms-connector-keys-usable", () => {
    const KEY = "aws:kms/key:Key";
    const dropStatement = (sid: string) => (p: Record<string, any>) =>
        editDoc(p, "policy", (d) => {
            d.Statement = d.Statement.filter((s: { Sid: string }) => s.Sid !== sid);
        });

    it("refuses a logs key the role may not decrypt with", async () => {
        const report = await regressed(
            KEY,
            "sentinel-logs-key",
            dropStatement("SentinelDecryptsLogObjects"),
        );
        assertReports(report, "kms-connector-keys-usable", [
            'Key "sentinel-logs-key" must be usable on the path of the files and notifications arn:aws:iam::123456789012:role/OIDC_MicrosoftSentinel-sentinel-60bb00c0 reads: the policy of',
        ]);
        assert.match(
            of(report, "kms-connector-keys-usable")[0].message,
            /leaves access to IAM, but the role's policy does not allow kms:Decrypt on the key/,
        );
    });

    it("refuses a queue key S3 may not use, and one the role may not decrypt with", async () => {
        const s3 = await regressed(
            KEY,
            "sentinel-queue-key",
            dropStatement("S3EncryptsNotifications"),
            "kms",
        );
        const found = of(s3, "kms-connector-keys-usable");
        assert.ok(found.length > 0);
        assert.ok(
            found.every((v) =>
                /does not let s3\.amazonaws\.com kms:GenerateDataKey and kms:Decrypt/.test(
                    v.message,
                ),
            ),
            found.map((v) => v.message).join("\n"),
        );
        const role = await regressed(
            KEY,
            "sentinel-queue-key",
            dropStatement("SentinelDecryptsMessages"),
            "kms",
        );
        assert.ok(
            of(role, "kms-connector-keys-usable").every((v) =>
                /role's policy does not allow kms:Decrypt/.test(v.message),
            ),
        );
    });

    it("refuses a trail key the role may not decrypt with, and ignores a trail writing elsewhere", async () => {
        const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
        const trailKey = resource(
            "aws:kms/key:Key",
            "trail-key",
            {
                arn: keyArn,
                enableKeyRotation: true,
                policy: doc(
                    {
                        Sid: "Admin",
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                        Action: "kms:*",
                        Resource: "*",
                    },
                    {
                        Sid: "CloudTrailEncrypts",
                        Effect: "Allow",
                        Principal: { Service: "cloudtrail.amazonaws.com" },
                        Action: "kms:GenerateDataKey*",
                        Resource: "*",
                    },
                ),
            },
            { state: { arn: keyArn } },
        );
        const stack = add(await deliveryStack(true), trailKey);
        const trail = find(stack, "aws:cloudtrail/trail:Trail", "sentinel-trail");
        trail.inputs.kmsKeyId = trail.state.kmsKeyId = keyArn;
        const report = await check(stack);
        assertReports(report, "kms-connector-keys-usable", [
            'Key "trail-key" must be usable on the path of the files and notifications',
        ]);
        trail.inputs.s3BucketName = trail.state.s3BucketName = "another-bucket";
        assertClean(await check(stack), "kms-connector-keys-usable");
    });

    it("does not apply without a key beside a connector", async () => {
        const aws = (await compliantStack()).filter((r) => r.type !== CONNECTOR);
        assertNotApplicable(
            await check(aws),
            "kms-connector-keys-usable",
            "no KMS key beside a Sentinel connector",
        );
    });
});

describe("sentinel-connector-table-matches-folder", () => {
    it("refuses a connector writing another log type's table", async () => {
        const report = await regressed(CONNECTOR, "sentinel-AWSCloudTrail", (p) => {
            p.properties.destinationTable = "AWSVPCFlow";
        });
        assertReports(report, "sentinel-connector-table-matches-folder", [
            'Resource "sentinel-AWSCloudTrail" must write AWSCloudTrail, the table of the CloudTrail/ files BucketNotification "sentinel-notification" queue entry "sentinel-cloudTrail" sends to its queue, not "AWSVPCFlow"',
        ]);
    });

    it("does not apply when no notification of the stack feeds a connector's queue", async () => {
        assertNotApplicable(
            await check(without(await deliveryStack(true), NOTIFICATION, "sentinel-notification")),
            "sentinel-connector-table-matches-folder",
            "No connector's queue",
        );
    });
});

describe("sentinel-connector-logs-enabled", () => {
    it("refuses a disabled connector, classic or CCF", async () => {
        for (const [name, state] of [
            ["sentinel-AWSVPCFlow", "Disabled"],
            ["sentinel-AWSRoute53Resolver", "disabled"],
        ]) {
            const report = await regressed(CONNECTOR, name, (p) => {
                p.properties.dataTypes.logs.state = state;
            });
            assertReports(report, "sentinel-connector-logs-enabled", [
                `Resource "${name}" must have its logs data type enabled, not "${state}"`,
            ]);
        }
    });

    it("does not apply to other resources", async () => {
        const report = await check(await deliveryStack(true));
        const queue = find(await deliveryStack(true), QUEUE, "sentinel-cloudTrail-queue");
        assertNotApplicable(
            report,
            "sentinel-connector-logs-enabled",
            "Policy only applies",
            queue.urn,
        );
    });
});

describe("sentinel-connector-ccf-dcr-output-table", () => {
    it("refuses a DCR writing the connection's stream into another table", async () => {
        const report = await regressed(
            "azure-native:monitor:DataCollectionRule",
            "sentinel-route53ResolverQueryLogs-dcr",
            (p) => {
                p.dataFlows[0].outputStream = "Microsoft-AWSCloudTrail";
            },
        );
        assertReports(report, "sentinel-connector-ccf-dcr-output-table", [
            'DataCollectionRule "sentinel-route53ResolverQueryLogs-dcr" must write the stream "Custom-AWSRoute53Resolver" of Resource "sentinel-AWSRoute53Resolver" into Microsoft-AWSRoute53Resolver or Custom-AWSRoute53Resolver, not "Microsoft-AWSCloudTrail"',
        ]);
    });

    it("does not apply to classic connections", async () => {
        assertNotApplicable(
            await check(await compliantStack()),
            "sentinel-connector-ccf-dcr-output-table",
            "No CCF connection",
        );
    });
});

describe("s3-export-destination-notified", () => {
    it("refuses a trail writing under a key prefix the notification does not carry", async () => {
        const report = await regressed("aws:cloudtrail/trail:Trail", "sentinel-trail", (p) => {
            p.s3KeyPrefix = "logs";
        });
        assertReports(report, "s3-export-destination-notified", [
            `Trail "sentinel-trail" must write under a prefix its bucket's notification announces to the CloudTrail connector, but it writes under "logs/AWSLogs/<account>/CloudTrail/" and the notification filters on "AWSLogs/${ACCOUNT}/CloudTrail/"`,
        ]);
    });

    it("refuses flow logs with Hive-compatible folders, and GuardDuty findings exported into a subfolder", async () => {
        const hive = await regressed(
            "aws:ec2/flowLog:FlowLog",
            "sentinel-flow-log-vpc-0123456789abcdef0",
            (p) => {
                p.destinationOptions.hiveCompatiblePartitions = true;
            },
        );
        assertReports(hive, "s3-export-destination-notified", [
            'writes under "AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/"',
        ]);
        const guardDuty = await regressed(
            "aws:guardduty/publishingDestination:PublishingDestination",
            "sentinel-guardduty-export",
            (p) => {
                p.destinationArn = `arn:aws:s3:::${BUCKET}/findings/`;
            },
        );
        assertReports(guardDuty, "s3-export-destination-notified", [
            'writes under "findings/AWSLogs/<account>/GuardDuty/"',
        ]);
    });

    it("does not apply when no notification announces the export's log type", async () => {
        assertNotApplicable(
            await check(without(await deliveryStack(true), NOTIFICATION, "sentinel-notification")),
            "s3-export-destination-notified",
            "No export of the stack",
        );
    });
});
