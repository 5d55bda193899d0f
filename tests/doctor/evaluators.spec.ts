// The doctor's pure parts: the policy evaluator, each check's evaluator on the shapes AWS returns,
// the input rules, the report and the progress line.
import assert from "node:assert/strict";
import {
    connectorQueuePolicy,
    queueKeyPolicy,
    sentinelTrustPolicy,
} from "../../components/aws/policyDocuments";
import { SENTINEL_CLOUDS } from "../../components/shared/catalog";
import {
    evaluateBacklog,
    evaluateDeadLetters,
    evaluateDelivery,
    evaluateNotification,
    evaluateObjects,
} from "../../cli/doctor/aws/delivery";
import { evaluateDestinations, evaluateFlowLog, evaluateTrail } from "../../cli/doctor/aws/exports";
import {
    evaluateKeyAccess,
    evaluateS3QueueKey,
    evaluateTokenVersion,
    evaluateTrust,
    providerArnFor,
} from "../../cli/doctor/aws/identity";
import { DoctorInputError } from "../../cli/doctor/errors";
import { parseFlags, resolveInput } from "../../cli/doctor/input";
import { evaluate, parsePolicy, wildcardMatch } from "../../cli/doctor/policy";
import { Progress } from "../../cli/doctor/progress";
import {
    DELIVERY_CHAIN,
    buildReport,
    firstProblem,
    linkOf,
    renderText,
    verdictLine,
} from "../../cli/doctor/report";
import { WORKSPACE_ID } from "../helpers";

const CLOUD = SENTINEL_CLOUDS.AzureCloud;
const ROLE = "arn:aws:iam::123456789012:role/OIDC_MicrosoftSentinel-x";
const PROVIDER = providerArnFor("aws", "123456789012", CLOUD);
const NOW = new Date("2026-06-01T12:00:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

describe("doctor: policy evaluator", () => {
    const queueArn = "arn:aws:sqs:eu-west-1:123456789012:q";
    const bucketArn = "arn:aws:s3:::logs";
    const s3Send = (context: Record<string, string | boolean>) => ({
        action: "sqs:SendMessage",
        resource: queueArn,
        principal: { service: "s3.amazonaws.com" },
        context,
    });
    const good = {
        "aws:SourceArn": bucketArn,
        "aws:SourceAccount": "123456789012",
        "aws:SecureTransport": true,
    };
    const policy = connectorQueuePolicy({ queueArn, bucketArn, accountId: "123456789012" });

    it("allows what the component's queue policy allows, and only from its bucket, account and over TLS", () => {
        assert.equal(evaluate([policy], s3Send(good), true), "allow");
        assert.equal(
            evaluate([policy], s3Send({ ...good, "aws:SourceArn": "arn:aws:s3:::other" }), true),
            "implicit-deny",
        );
        assert.equal(
            evaluate([policy], s3Send({ ...good, "aws:SourceAccount": "999999999999" }), true),
            "implicit-deny",
        );
        assert.equal(
            evaluate([policy], s3Send({ ...good, "aws:SecureTransport": false }), true),
            "deny",
        );
        assert.equal(
            evaluate(
                [policy],
                { ...s3Send(good), principal: { service: "sns.amazonaws.com" } },
                true,
            ),
            "implicit-deny",
        );
    });

    it("matches IAM wildcards, actions case-insensitively, and NotAction/NotResource", () => {
        assert.ok(wildcardMatch("arn:aws:s3:::b/AWSLogs/*", "arn:aws:s3:::b/AWSLogs/1/x.gz"));
        assert.ok(wildcardMatch("sqs:Receive?essage", "sqs:ReceiveMessage"));
        assert.ok(!wildcardMatch("arn:aws:s3:::b/AWSLogs/*", "arn:aws:s3:::c/AWSLogs/1"));
        const doc = {
            Statement: [
                { Effect: "Allow", NotAction: "iam:*", NotResource: "arn:aws:s3:::secret/*" },
            ],
        };
        assert.equal(
            evaluate([doc], { action: "S3:GETOBJECT", resource: "arn:aws:s3:::logs/a" }),
            "allow",
        );
        assert.equal(evaluate([doc], { action: "iam:GetRole", resource: "*" }), "implicit-deny");
        assert.equal(
            evaluate([doc], { action: "s3:GetObject", resource: "arn:aws:s3:::secret/a" }),
            "implicit-deny",
        );
    });

    it("treats a missing key as false, except for negated operators and IfExists, and says unknown for operators it lacks", () => {
        const cond = (Condition: object) => ({
            Statement: [{ Effect: "Allow", Action: "*", Resource: "*", Condition }],
        });
        const req = { action: "s3:GetObject", resource: "*" };
        assert.equal(
            evaluate([cond({ StringEquals: { "aws:SourceVpc": "vpc-1" } })], req),
            "implicit-deny",
        );
        assert.equal(
            evaluate([cond({ StringNotEquals: { "aws:SourceVpc": "vpc-1" } })], req),
            "allow",
        );
        assert.equal(
            evaluate([cond({ StringEqualsIfExists: { "aws:SourceVpc": "vpc-1" } })], req),
            "allow",
        );
        assert.equal(
            evaluate([cond({ IpAddress: { "aws:SourceIp": "10.0.0.0/8" } })], {
                ...req,
                context: { "aws:SourceIp": "10.1.2.3" },
            }),
            "unknown",
        );
        assert.equal(
            evaluate([cond({ StringEquals: { "AWS:SOURCEVPC": "vpc-1" } })], {
                ...req,
                context: { "aws:SourceVpc": "vpc-1" },
            }),
            "allow",
        );
    });

    it("parses JSON, IAM's URL-encoded JSON and objects", () => {
        const doc = { Version: "2012-10-17", Statement: [] };
        assert.deepEqual(parsePolicy(JSON.stringify(doc)), doc);
        assert.deepEqual(parsePolicy(encodeURIComponent(JSON.stringify(doc))), doc);
        assert.equal(parsePolicy(""), undefined);
    });
});

describe("doctor: trust evaluation", () => {
    const trust = (workspaceId: string) =>
        sentinelTrustPolicy({ providerArn: PROVIDER, cloud: CLOUD, workspaceId });
    const check = (t: unknown) =>
        evaluateTrust({
            trust: t as never,
            roleArn: ROLE,
            providerArn: PROVIDER,
            cloud: CLOUD,
            workspaceId: WORKSPACE_ID,
        });

    it("passes the component's trust policy", () => {
        assert.equal(check(trust(WORKSPACE_ID)).status, "pass");
    });

    it("names an upper-case workspace ID (S3B40029)", () => {
        const f = check(trust(WORKSPACE_ID.toUpperCase()));
        assert.equal(f.code, "S3B40029");
        assert.match(f.reason, /upper case/);
    });

    it("refuses a wildcard that binds the role to no workspace", () => {
        const t = trust(WORKSPACE_ID) as {
            Statement: { Condition: Record<string, Record<string, unknown>> }[];
        };
        t.Statement[0].Condition = {
            StringEquals: { [`${CLOUD.issuerHost}:aud`]: CLOUD.audience },
            StringLike: { "sts:RoleSessionName": "MicrosoftSentinel_*" },
        };
        const f = check(t);
        assert.equal(f.status, "fail");
        // MicrosoftDefenderForClouds_ is refused, the wildcard admits other workspaces: either is named.
        assert.match(f.reason, /refuses the session name MicrosoftDefenderForClouds_/);
        t.Statement[0].Condition.StringLike["sts:RoleSessionName"] = [
            "MicrosoftSentinel_*",
            "MicrosoftDefenderForClouds_*",
        ];
        assert.match(check(t).reason, /admits other workspaces' session names/);
    });

    it("names the legacy external-ID trust's principal", () => {
        const legacy = {
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::197857026523:root" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "sts:ExternalId": WORKSPACE_ID } },
                },
            ],
        };
        assert.match(
            check(legacy).reason,
            /does not trust arn:aws:iam::123456789012:oidc-provider\/sts\.windows\.net\//,
        );
    });

    it("names the audience, not the session names, when the audience is Azure Government's", () => {
        const t = sentinelTrustPolicy({
            providerArn: PROVIDER,
            cloud: SENTINEL_CLOUDS.AzureUSGovernment,
            workspaceId: WORKSPACE_ID,
        });
        const f = check({ Statement: [{ ...t.Statement[0], Principal: { Federated: PROVIDER } }] });
        assert.equal(f.status, "fail");
        assert.equal(f.code, "S3B40029");
        assert.match(
            f.reason,
            /its audience condition is on the key sts\.windows\.net\/cab8a31a-1906-4287-a0d8-4eef66b95f6e\/:aud; Sentinel's tokens carry the audience under sts\.windows\.net\/33e01921-4d64-4f8c-a055-5bdaffd5e33d\/:aud/,
        );
        assert.doesNotMatch(f.reason, /session name/);
    });

    /** The component's trust with one change to its only statement. */
    const changed = (change: (s: Record<string, any>) => void) => {
        const t = structuredClone(trust(WORKSPACE_ID)) as { Statement: Record<string, any>[] };
        change(t.Statement[0]);
        return check(t);
    };

    it("names a wrong audience value", () => {
        const f = changed((s) => {
            s.Condition.StringEquals[`${CLOUD.issuerHost}:aud`] = "api://another-app";
        });
        assert.match(
            f.reason,
            /it requires the audience api:\/\/another-app on sts\.windows\.net\/33e01921-4d64-4f8c-a055-5bdaffd5e33d\/:aud; Sentinel's tokens carry api:\/\/1462b192-27f7-4cb9-8523-0f4ecb54b47e \(S3B40029\)/,
        );
    });

    it("names the provider of another account, another issuer, or without the trailing slash", () => {
        const other = `arn:aws:iam::999999999999:oidc-provider/${CLOUD.issuerHost}`;
        assert.match(
            changed((s) => (s.Principal.Federated = other)).reason,
            /names the provider of another account \(it trusts arn:aws:iam::999999999999:oidc-provider\/sts\.windows\.net\/33e01921-4d64-4f8c-a055-5bdaffd5e33d\/\); Sentinel's tokens reach the role through the provider of the role's own account, arn:aws:iam::123456789012:oidc-provider\//,
        );
        const gov = providerArnFor("aws", "123456789012", SENTINEL_CLOUDS.AzureUSGovernment);
        assert.match(
            changed((s) => (s.Principal.Federated = gov)).reason,
            /names the provider of another issuer .*Sentinel's tokens in AzureCloud come from sts\.windows\.net\/33e01921/,
        );
        assert.match(
            changed((s) => (s.Principal.Federated = PROVIDER.replace(/\/$/, ""))).reason,
            /names the provider without the issuer's trailing slash/,
        );
    });

    it("names an action other than AssumeRoleWithWebIdentity, and a Deny statement", () => {
        assert.match(
            changed((s) => (s.Action = "sts:AssumeRole")).reason,
            /allows sts:AssumeRole, not sts:AssumeRoleWithWebIdentity/,
        );
        const t = trust(WORKSPACE_ID) as { Statement: object[] };
        const denied = check({
            ...t,
            Statement: [
                ...t.Statement,
                {
                    Sid: "NoWebIdentity",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "sts:AssumeRoleWithWebIdentity",
                },
            ],
        });
        assert.match(denied.reason, /its statement "NoWebIdentity" denies the token/);
    });

    it("cannot tell when only a condition on an undocumented claim stands in the way", () => {
        const f = changed((s) => {
            s.Condition.StringEquals[`${CLOUD.issuerHost}:sub`] = "some-object-id";
        });
        assert.equal(f.status, "unknown");
        assert.match(f.reason, /sts\.windows\.net\/33e01921-4d64-4f8c-a055-5bdaffd5e33d\/:sub/);
    });
});

describe("doctor: delivery evaluators", () => {
    const base = {
        queueArn: "arn:aws:sqs:eu-west-1:123456789012:q",
        logType: "cloudTrail" as const,
        accountId: "123456789012",
    };
    const n = (over: object) => ({
        queueArn: base.queueArn,
        events: ["s3:ObjectCreated:*"],
        prefix: "AWSLogs/123456789012/CloudTrail/",
        suffix: ".gz",
        ...over,
    });

    it("accepts the component's notification, with or without a bucket key prefix", () => {
        assert.equal(evaluateNotification({ ...base, notifications: [n({})] }).status, "pass");
        assert.equal(
            evaluateNotification({
                ...base,
                notifications: [n({ prefix: "org/AWSLogs/123456789012/CloudTrail/" })],
            }).status,
            "pass",
        );
    });

    it("names the suffix, the digest prefix and the events that are wrong", () => {
        assert.match(
            evaluateNotification({ ...base, notifications: [n({ suffix: undefined })] }).reason,
            /suffix none instead of "\.gz"/,
        );
        assert.match(
            evaluateNotification({
                ...base,
                notifications: [n({ prefix: "AWSLogs/123456789012/CloudTrail-Digest/" })],
            }).reason,
            /prefix "AWSLogs\/123456789012\/CloudTrail-Digest\/"/,
        );
        assert.match(
            evaluateNotification({
                ...base,
                notifications: [n({ events: ["s3:ObjectRemoved:*"] })],
            }).reason,
            /events s3:ObjectRemoved:\* \(use s3:ObjectCreated:\*\)/,
        );
        assert.match(
            evaluateNotification({
                ...base,
                expectedPrefix: "x/AWSLogs/123456789012/CloudTrail/",
                notifications: [n({})],
            }).reason,
            /instead of "x\/AWSLogs/,
        );
    });

    it("fails stale files for trails and flow logs, but not for GuardDuty, which writes only findings", () => {
        const old = { key: "k.gz", lastModified: minutesAgo(3 * 24 * 60) };
        assert.equal(
            evaluateObjects({ logType: "cloudTrail", prefix: "p/", newest: old, now: NOW }).status,
            "fail",
        );
        assert.equal(
            evaluateObjects({ logType: "guardDuty", prefix: "p/", newest: old, now: NOW }).status,
            "pass",
        );
        assert.equal(
            evaluateObjects({ logType: "guardDuty", prefix: "p/", now: NOW }).status,
            "unknown",
        );
        assert.match(
            evaluateObjects({ logType: "vpcFlowLogs", prefix: "p/", now: NOW }).reason,
            /no \.gz file under p\//,
        );
    });

    it("compares the newest file with the messages S3 sent", () => {
        const newest = { key: "k.gz", lastModified: minutesAgo(30) };
        assert.equal(
            evaluateDelivery({
                newest,
                waiting: 0,
                sent: [{ time: minutesAgo(29), value: 2 }],
                now: NOW,
            }).status,
            "pass",
        );
        assert.equal(
            evaluateDelivery({
                newest,
                waiting: 0,
                sent: [
                    { time: minutesAgo(5), value: 0 },
                    { time: minutesAgo(300), value: 1 },
                ],
                now: NOW,
            }).status,
            "fail",
        );
        assert.equal(
            evaluateDelivery({ newest, waiting: 4, sent: [], now: NOW }).status,
            "unknown",
        );
    });

    it("judges the backlog by the age of the oldest message", () => {
        assert.equal(evaluateBacklog({ visible: 10, inFlight: 2, ageSeconds: 120 }).status, "pass");
        assert.equal(
            evaluateBacklog({ visible: 10, inFlight: 0, ageSeconds: 3601 }).status,
            "fail",
        );
        assert.equal(evaluateBacklog({ visible: 0, inFlight: 0 }).status, "pass");
        assert.equal(evaluateBacklog({ visible: 1, inFlight: 0 }).status, "unknown");
        assert.equal(evaluateDeadLetters({ depth: 0, dlqName: "d" }).status, "pass");
        assert.match(
            evaluateDeadLetters({ depth: 2, dlqName: "d", maxReceiveCount: 10 }).reason,
            /^2 notifications failed 10 times/,
        );
    });
});

describe("doctor: export and region evaluators", () => {
    it("shows a trail's delivery error verbatim", () => {
        const f = evaluateTrail(
            "arn:aws:cloudtrail:eu-west-1:123456789012:trail/t",
            { IsLogging: true, LatestDeliveryError: "AccessDenied" },
            NOW,
        );
        assert.match(f.reason, /cannot deliver: AccessDenied\./);
        assert.match(
            evaluateTrail("arn:aws:cloudtrail:eu-west-1:1:trail/t", { IsLogging: false }, NOW).fix!,
            /start-logging/,
        );
    });

    it("shows a flow log's delivery error verbatim and refuses Parquet", () => {
        assert.match(
            evaluateFlowLog({
                FlowLogId: "fl-1",
                ResourceId: "vpc-1",
                DeliverLogsStatus: "FAILED",
                DeliverLogsErrorMessage: "Access error",
            }).reason,
            /cannot deliver: Access error\./,
        );
        assert.match(
            evaluateFlowLog({
                FlowLogId: "fl-1",
                ResourceId: "vpc-1",
                DestinationOptions: { FileFormat: "parquet" },
            }).reason,
            /writes parquet files/,
        );
    });

    it("reads GuardDuty's publishing destination status", () => {
        const bucket = "arn:aws:s3:::logs";
        assert.equal(
            evaluateDestinations(
                [{ id: "d", status: "PUBLISHING", destinationArn: `${bucket}/prefix/` }],
                bucket,
            ).status,
            "pass",
        );
        assert.match(
            evaluateDestinations(
                [
                    {
                        id: "d",
                        status: "UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY",
                        destinationArn: bucket,
                    },
                ],
                bucket,
            ).reason,
            /is UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY/,
        );
        assert.equal(
            evaluateDestinations(
                [{ id: "d", status: "PENDING_VERIFICATION", destinationArn: bucket }],
                bucket,
            ).status,
            "unknown",
        );
        assert.equal(
            evaluateDestinations(
                [{ id: "d", status: "PUBLISHING", destinationArn: "arn:aws:s3:::other" }],
                bucket,
            ).status,
            "fail",
        );
    });

    it("accepts version 2 tokens in an opt-in region", () => {
        assert.equal(
            evaluateTokenVersion({ region: "me-south-1", optInStatus: "opted-in", tokenVersion: 2 })
                .status,
            "pass",
        );
        assert.equal(
            evaluateTokenVersion({ region: "me-south-1", optInStatus: "opted-in", tokenVersion: 1 })
                .code,
            "S3B40011",
        );
    });
});

describe("doctor: queue key", () => {
    const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    const bucketArn = "arn:aws:s3:::logs";
    const policy = queueKeyPolicy({
        partition: "aws",
        region: "eu-west-1",
        accountId: "123456789012",
        sentinelRoleArn: ROLE,
    });

    it("passes the component's queue key policy for S3 and for the role through SQS", () => {
        const key = { arn: keyArn, manager: "CUSTOMER", policy };
        assert.equal(evaluateS3QueueKey(key, bucketArn, "123456789012").status, "pass");
        const access = evaluateKeyAccess({
            key,
            roleArn: ROLE,
            partition: "aws",
            accountId: "123456789012",
            region: "eu-west-1",
            via: "sqs",
            identityPolicies: [],
        });
        assert.equal(access.status, "pass", access.reason);
    });

    it("names a key policy S3 cannot use, and the AWS managed SQS key", () => {
        const noS3 = {
            ...policy,
            Statement: policy.Statement.filter((s) => s.Sid !== "S3EncryptsNotifications"),
        };
        assert.match(
            evaluateS3QueueKey({ arn: keyArn, policy: noS3 }, bucketArn, "123456789012").reason,
            /does not let s3\.amazonaws\.com kms:GenerateDataKey and kms:Decrypt/,
        );
        const managed = evaluateKeyAccess({
            key: { arn: keyArn, manager: "AWS", policy: undefined },
            roleArn: ROLE,
            partition: "aws",
            accountId: "123456789012",
            region: "eu-west-1",
            via: "sqs",
            identityPolicies: [],
        });
        assert.match(managed.reason, /AWS managed key: .*S3 cannot encrypt notifications with it/);
    });
});

describe("doctor: input", () => {
    const queue = "https://sqs.eu-west-1.amazonaws.com/123456789012/q";

    it("reads `pulumi stack output --json`, and flags fill or override it", () => {
        const input = resolveInput(
            {
                roleArn: ROLE,
                bucketName: "logs",
                connections: [
                    { logType: "cloudTrail", destinationTable: "AWSCloudTrail", sqsUrl: queue },
                ],
                connectorIds: { AWSCloudTrail: "/subscriptions/x" },
            },
            parseFlags([
                "--queue-url",
                `AWSVPCFlow=${queue}2`,
                "--workspace-id",
                WORKSPACE_ID.toUpperCase(),
                "--bucket",
                "other",
            ]),
            { ARM_SUBSCRIPTION_ID: "sub" },
        );
        assert.deepEqual(
            input.connections.map((c) => c.destinationTable),
            ["AWSCloudTrail", "AWSVPCFlow"],
        );
        assert.equal(input.bucketName, "other");
        assert.equal(input.region, "eu-west-1");
        assert.equal(input.workspaceId, WORKSPACE_ID);
        assert.equal(input.subscriptionId, "sub");
        assert.equal(input.accountId, "123456789012");
        assert.equal(input.roleName, "OIDC_MicrosoftSentinel-x");
    });

    it("lists every problem at once, each naming the field and the fix", () => {
        try {
            resolveInput(
                {
                    roleArn: "role",
                    connections: [{ destinationTable: "AWSEKSLogs", sqsUrl: queue }],
                },
                parseFlags([
                    "--queue-url",
                    "nowhere",
                    "--workspace-id",
                    "law",
                    "--aws-only",
                    "--azure-only",
                ]),
                {},
            );
            assert.fail("no error");
        } catch (e) {
            assert.ok(e instanceof DoctorInputError);
            assert.equal(e.problems.length, 6, e.message);
            assert.match(e.message, /`--aws-only` and `--azure-only` exclude each other/);
            assert.match(e.message, /`roleArn` "role" is not an IAM role ARN/);
            assert.match(
                e.message,
                /`connections\[0\]\.destinationTable` "AWSEKSLogs" is not a table/,
            );
            assert.match(e.message, /`--queue-url nowhere` must name its table/);
            assert.match(e.message, /`--workspace-id` "law" is not a workspace ID/);
            assert.match(e.message, /no connection to check/);
        }
    });

    it("refuses unknown flags", () => {
        assert.throws(() => parseFlags(["--access-key", "x"]), /Unknown option '--access-key'/);
    });
});

describe("doctor: report", () => {
    const target = {
        roleArn: ROLE,
        connections: [{ destinationTable: "AWSCloudTrail", sqsUrl: "u" }],
    };
    const c = (status: "pass" | "fail" | "unknown", id: string = status) => ({
        id,
        side: "aws" as const,
        title: `t-${id}`,
        status,
        reason: "r.",
        fix: "f.",
    });

    it("is healthy (exit 0) when every check passed", () => {
        const r = buildReport(target, [c("pass")]);
        assert.equal(r.verdict, "healthy");
        assert.equal(r.exitCode, 0);
        assert.match(verdictLine(r), /^✓ Healthy/);
    });

    it("finds no problem (exit 0) when some checks could not run, and says so", () => {
        const r = buildReport(target, [c("pass"), c("unknown")]);
        assert.equal(r.verdict, "no-problem-found");
        assert.equal(r.exitCode, 0);
        assert.match(verdictLine(r), /1 could not be checked/);
    });

    it("exits 1 on a problem and prints each ✗ with its fix, the first one in the verdict", () => {
        const r = buildReport(target, [c("pass"), c("fail", "a"), c("fail", "b")]);
        assert.equal(r.exitCode, 1);
        const text = renderText(r);
        assert.match(text, /✗ t-a: r\.\n {6}fix: f\./);
        assert.match(text, /✗ 2 problems found; fix the first one first: t-a\.\n$/);
        assert.deepEqual(r.summary, { pass: 1, fail: 2, unknown: 0, skipped: 0 });
    });
});

describe("doctor: the first problem to fix", () => {
    const target = {
        roleArn: ROLE,
        connections: [{ destinationTable: "AWSCloudTrail", sqsUrl: "u" }],
    };
    const check = (id: string, status: "pass" | "fail" | "unknown" = "fail") => ({
        id,
        side: (id.startsWith("azure") ? "azure" : "aws") as "aws" | "azure",
        title: id,
        status,
        reason: "r.",
        fix: "f.",
    });
    const first = (...checks: ReturnType<typeof check>[]) =>
        firstProblem(buildReport(target, checks).checks)?.id;

    it("orders the links as files travel them", () => {
        const links = [
            "aws.cloudTrail.export",
            "aws.cloudTrail.objects",
            "aws.cloudTrail.notification",
            "aws.cloudTrail.coverage",
            "aws.cloudTrail.queuePolicy",
            "aws.cloudTrail.delivery",
            "aws.cloudTrail.backlog",
            "aws.cloudTrail.deadLetters",
            "aws.role.trust",
            "aws.keys.logs",
            "aws.sts.tokenVersion",
            "azure.workspace",
            "azure.cloudTrail.connector",
            "azure.cloudTrail.dcr",
            "azure.cloudTrail.health",
            "azure.cloudTrail.rows",
        ].map((id) => linkOf(check(id)));
        // Every link is met, each once, in the chain's order.
        assert.deepEqual([...new Set(links)], [...DELIVERY_CHAIN]);
        assert.deepEqual(links.slice(1, 8), [
            "objects",
            "notification",
            "notification",
            "queuePolicy",
            "messages",
            "messages",
            "deadLetters",
        ]);
    });

    it("is the earliest broken link, across connections and sides", () => {
        assert.equal(
            first(
                check("aws.cloudTrail.deadLetters"),
                check("aws.vpcFlowLogs.notification"),
                check("azure.vpcFlowLogs.rows"),
            ),
            "aws.vpcFlowLogs.notification",
        );
        assert.equal(
            first(check("aws.role.trust"), check("aws.guardDuty.queuePolicy")),
            "aws.guardDuty.queuePolicy",
        );
        assert.equal(
            first(check("azure.cloudTrail.rows"), check("azure.cloudTrail.connector")),
            "azure.cloudTrail.connector",
        );
    });

    it("puts the queue's path before the writer when the writer's files arrive anyway", () => {
        assert.equal(
            first(
                check("aws.cloudTrail.export"),
                check("aws.cloudTrail.objects", "pass"),
                check("aws.cloudTrail.notification"),
                check("aws.cloudTrail.delivery"),
            ),
            "aws.cloudTrail.notification",
        );
        assert.equal(
            first(
                check("aws.cloudTrail.export"),
                check("aws.cloudTrail.objects", "pass"),
                check("aws.cloudTrail.queuePolicy"),
            ),
            "aws.cloudTrail.queuePolicy",
        );
        // Files arrive, the queue's path is whole: the writer's problem is still the first.
        assert.equal(
            first(
                check("aws.guardDuty.detector"),
                check("aws.guardDuty.objects", "pass"),
                check("aws.guardDuty.delivery"),
            ),
            "aws.guardDuty.detector",
        );
        // No files: the writer comes first.
        assert.equal(
            first(
                check("aws.cloudTrail.export"),
                check("aws.cloudTrail.objects"),
                check("aws.cloudTrail.notification"),
            ),
            "aws.cloudTrail.export",
        );
    });
});

describe("doctor: progress line", () => {
    it("draws only on a terminal and clears itself", () => {
        const written: string[] = [];
        const tty = new Progress(
            { isTTY: true, write: (t: string) => written.push(t) },
            "reading",
            5,
        ).start();
        tty.tick();
        tty.stop();
        assert.ok(written.some((w) => /reading \(\d+ calls, \d+ s\)/.test(w)));
        assert.equal(written.at(-1), "\r\x1b[2K");
        const piped: string[] = [];
        new Progress({ isTTY: false, write: (t: string) => piped.push(t) }, "reading", 5)
            .start()
            .stop();
        assert.deepEqual(piped, []);
    });
});
