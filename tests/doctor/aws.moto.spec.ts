// The doctor's AWS half against moto's server: a healthy connection made the way the component
// makes it, then one thing broken per test, and the doctor must name exactly that problem.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as cloudtrail from "@aws-sdk/client-cloudtrail";
import * as guardduty from "@aws-sdk/client-guardduty";
import * as iam from "@aws-sdk/client-iam";
import * as kms from "@aws-sdk/client-kms";
import * as sqs from "@aws-sdk/client-sqs";
import {
    logObjectArn,
    logsKeyPolicy,
    sentinelRolePolicy,
} from "../../components/aws/policyDocuments";
import { AWS_CONNECTION_DEFAULTS } from "../../components/aws/awsSentinelConnectionArgs";
import { LogType } from "../../components/shared/catalog";
import { runDoctor } from "../../cli/doctor";
import { runAwsChecks } from "../../cli/doctor/aws";
import { doctorOperation } from "../../cli/doctor/permissions";
import { resolveInput } from "../../cli/doctor/input";
import { Check, buildReport, firstProblem, renderText } from "../../cli/doctor/report";
import { WORKSPACE_ID } from "../helpers";
import { runBin } from "./bin";
import { Moto, RecordedRequest, motoUnavailable, useMotoEnvironment } from "./moto";
import {
    ACCOUNT,
    CLOUD,
    PARTITION,
    World,
    buildWorld,
    clients,
    drainQueues,
    publishQueueMetrics,
    putLogFiles,
    putNotification,
} from "./world";

const REGION = "eu-west-1";
const TYPES: LogType[] = ["cloudTrail", "vpcFlowLogs", "guardDuty"];

/** What moto cannot answer, and so stays "?" even when everything is healthy. */
const NOT_EMULATED = [
    // SQS metrics: moto's CloudWatch holds only what is put into it.
    "aws.cloudTrail.delivery",
    "aws.vpcFlowLogs.delivery",
    // GuardDuty publishing destinations: not implemented by moto 5.2.
    "aws.guardDuty.export",
    "aws.guardDuty.delivery",
];

let moto: Moto;
let restoreEnv: () => void;
let world: World;

async function doctor(
    outputs: Record<string, unknown> = world.outputs,
): Promise<Map<string, Check>> {
    const checks = await runAwsChecks(resolveInput(outputs, {}));
    return new Map(checks.map((c) => [c.id, c]));
}

/** The environment of the bin run against moto. */
function binEnvironment(): NodeJS.ProcessEnv {
    return {
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: "testing",
        AWS_SECRET_ACCESS_KEY: "testing",
    };
}

function byStatus(checks: Map<string, Check>, status: Check["status"]): string[] {
    return [...checks.values()].filter((c) => c.status === status).map((c) => c.id);
}

/** Asserts the doctor found exactly these problems and returns the first. */
function onlyProblems(checks: Map<string, Check>, ids: string[]): Check {
    assert.deepEqual(
        byStatus(checks, "fail"),
        ids,
        JSON.stringify(
            [...checks.values()].filter((c) => c.status === "fail"),
            null,
            2,
        ),
    );
    return checks.get(ids[0])!;
}

/** The SDK service and API operation of a request moto recorded, from its signature and protocol. */
function operationOf(r: RecordedRequest): { service: string; operation: string } {
    const h = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const signing =
        /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(h.authorization ?? "")?.[1] ?? "?";
    const service = signing === "monitoring" ? "cloudwatch" : signing;
    const target = h["x-amz-target"];
    if (target) {
        return { service, operation: target.split(".").pop()! };
    }
    const body = r.body_encoded ? Buffer.from(r.body, "base64").toString("utf8") : (r.body ?? "");
    const action = new URLSearchParams(body).get("Action");
    if (action) {
        return { service, operation: action };
    }
    const url = new URL(r.url);
    assert.ok(["GET", "HEAD"].includes(r.method), `${r.method} ${r.url} is not a read`);
    if (service === "s3") {
        const q = url.searchParams;
        const operation = q.has("notification")
            ? "GetBucketNotificationConfiguration"
            : q.has("encryption")
              ? "GetBucketEncryption"
              : q.get("list-type") === "2"
                ? "ListObjectsV2"
                : `unrecognised ${r.method} ${url.pathname}${url.search}`;
        return { service, operation };
    }
    if (service === "guardduty") {
        const parts = url.pathname.split("/").filter(Boolean);
        const operation =
            parts.length === 1
                ? "ListDetectors"
                : parts.length === 2
                  ? "GetDetector"
                  : parts.length === 3
                    ? "ListPublishingDestinations"
                    : "DescribePublishingDestination";
        return { service, operation };
    }
    return { service, operation: `unrecognised ${r.method} ${r.url}` };
}

describe("doctor against moto (AWS)", function () {
    this.timeout(60_000);

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

    beforeEach(async () => {
        await moto.reset();
        world = await buildWorld(REGION);
        await putLogFiles(world);
        await drainQueues(world); // what Sentinel does with the messages
    });

    it("finds no problem in the healthy connection; only what moto does not emulate stays unknown", async () => {
        const checks = await doctor();
        assert.deepEqual(byStatus(checks, "fail"), []);
        assert.deepEqual(byStatus(checks, "unknown"), NOT_EMULATED);
        assert.match(
            checks.get("aws.cloudTrail.delivery")!.reason,
            /CloudWatch has no NumberOfMessagesSent/,
        );
        assert.match(
            checks.get("aws.guardDuty.export")!.reason,
            /guardduty:ListPublishingDestinations failed: HTTP 404/,
        );
        for (const id of [
            "aws.role.trust",
            "aws.role.permissions",
            "aws.keys.logs",
            "aws.cloudTrail.export",
            "aws.vpcFlowLogs.export",
            "aws.guardDuty.detector",
            "aws.sts.tokenVersion",
        ]) {
            assert.equal(checks.get(id)!.status, "pass", id);
        }
        assert.match(
            checks.get("aws.role.trust")!.reason,
            new RegExp(`MicrosoftDefenderForClouds_${WORKSPACE_ID}`),
        );
        assert.match(
            checks.get("aws.cloudTrail.objects")!.reason,
            /AWSLogs\/123456789012\/CloudTrail\/eu-west-1\/\d{4}\/\d{2}\/\d{2}\//,
        );
    });

    it("dates the messages from the queue's CloudWatch metrics once SQS has published them", async () => {
        for (const t of TYPES) {
            await publishQueueMetrics(world, t, [
                { metric: "NumberOfMessagesSent", value: 1, minutesAgo: 0 },
                { metric: "ApproximateAgeOfOldestMessage", value: 30, minutesAgo: 0 },
            ]);
        }
        const checks = await doctor();
        assert.deepEqual(byStatus(checks, "unknown"), ["aws.guardDuty.export"]);
        assert.match(checks.get("aws.cloudTrail.delivery")!.reason, /S3 sent messages up to/);
        assert.match(checks.get("aws.cloudTrail.backlog")!.reason, /oldest message is 30 s old/);
    });

    it("names a removed notification: files arrive, but no message is sent", async () => {
        const rest = { vpcFlowLogs: world.queues.vpcFlowLogs, guardDuty: world.queues.guardDuty };
        await putNotification(REGION, world.bucketName, rest);
        await putLogFiles(world, ["cloudTrail"]);
        await publishQueueMetrics(world, "cloudTrail", [
            { metric: "NumberOfMessagesSent", value: 0, minutesAgo: 0 },
        ]);
        const checks = await doctor();
        const c = onlyProblems(checks, ["aws.cloudTrail.notification", "aws.cloudTrail.delivery"]);
        assert.match(c.reason, /no notification of the bucket sends to sentinel-cloudTrail-queue/);
        assert.match(c.fix!, /BucketNotification/);
        assert.match(
            checks.get("aws.cloudTrail.delivery")!.reason,
            /files arrive .* but SQS counted no message in 24 h/,
        );
        // moto really stopped sending: the new file left no message behind.
        const attrs = await clients(REGION).sqs.send(
            new sqs.GetQueueAttributesCommand({
                QueueUrl: world.queues.cloudTrail.url,
                AttributeNames: ["ApproximateNumberOfMessages"],
            }),
        );
        assert.equal(attrs.Attributes!.ApproximateNumberOfMessages, "0");
    });

    it("fixes first the notification when files arrive but reach no queue, before the trail and the missing messages", async () => {
        const rest = { vpcFlowLogs: world.queues.vpcFlowLogs, guardDuty: world.queues.guardDuty };
        await putNotification(REGION, world.bucketName, rest);
        await clients(REGION).cloudtrail.send(
            new cloudtrail.StopLoggingCommand({ Name: world.trailArn }),
        );
        await putLogFiles(world, ["cloudTrail"]);
        await publishQueueMetrics(world, "cloudTrail", [
            { metric: "NumberOfMessagesSent", value: 0, minutesAgo: 0 },
        ]);
        const checks = [...(await doctor()).values()];
        const failed = checks.filter((c) => c.status === "fail").map((c) => c.id);
        assert.deepEqual(failed, [
            "aws.cloudTrail.export",
            "aws.cloudTrail.notification",
            "aws.cloudTrail.delivery",
        ]);
        assert.equal(checks.find((c) => c.id === "aws.cloudTrail.objects")!.status, "pass");
        const report = buildReport({ roleArn: world.roleArn, connections: [] }, checks);
        assert.equal(firstProblem(report.checks)!.id, "aws.cloudTrail.notification");
        assert.match(
            renderText(report),
            /\n✗ 3 problems found; fix the first one first: CloudTrail: bucket notification to the queue\.\n$/,
        );
    });

    it("names a changed prefix and the prefix it expected", async () => {
        await putNotification(REGION, world.bucketName, world.queues, (t) =>
            t === "vpcFlowLogs" ? "AWSLogs/" : world.queues[t].prefix,
        );
        const c = onlyProblems(await doctor(), ["aws.vpcFlowLogs.notification"]);
        assert.match(
            c.reason,
            /prefix "AWSLogs\/" instead of "…AWSLogs\/123456789012\/vpcflowlogs\/"/,
        );
        assert.match(c.fix!, /one path per queue/);
    });

    it("names a queue policy without the S3 statement", async () => {
        const q = world.queues.guardDuty;
        const policy = JSON.parse(
            (
                await clients(REGION).sqs.send(
                    new sqs.GetQueueAttributesCommand({
                        QueueUrl: q.url,
                        AttributeNames: ["Policy"],
                    }),
                )
            ).Attributes!.Policy!,
        );
        policy.Statement = policy.Statement.filter(
            (s: { Sid: string }) => s.Sid !== "AllowS3BucketNotifications",
        );
        await clients(REGION).sqs.send(
            new sqs.SetQueueAttributesCommand({
                QueueUrl: q.url,
                Attributes: { Policy: JSON.stringify(policy) },
            }),
        );
        const c = onlyProblems(await doctor(), ["aws.guardDuty.queuePolicy"]);
        assert.match(
            c.reason,
            /no statement of the queue policy lets s3\.amazonaws\.com send messages from arn:aws:s3:::sentinel-logs-eu-west-1/,
        );
        assert.match(
            c.fix!,
            /aws:SourceArn = arn:aws:s3:::sentinel-logs-eu-west-1 and aws:SourceAccount = 123456789012/,
        );
    });

    it("names a trust policy pinned to the old session name only (S3B40029)", async () => {
        const role = await clients(REGION).iam.send(
            new iam.GetRoleCommand({ RoleName: world.roleName }),
        );
        const trust = JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!));
        trust.Statement[0].Condition.StringEquals["sts:RoleSessionName"] =
            `MicrosoftSentinel_${WORKSPACE_ID}`;
        await clients(REGION).iam.send(
            new iam.UpdateAssumeRolePolicyCommand({
                RoleName: world.roleName,
                PolicyDocument: JSON.stringify(trust),
            }),
        );
        const c = onlyProblems(await doctor(), ["aws.role.trust"]);
        assert.equal(c.code, "S3B40029");
        assert.match(
            c.reason,
            new RegExp(`refuses the session name MicrosoftDefenderForClouds_${WORKSPACE_ID}`),
        );
        assert.match(
            c.fix!,
            new RegExp(
                `MicrosoftSentinel_${WORKSPACE_ID}\` and \`MicrosoftDefenderForClouds_${WORKSPACE_ID}`,
            ),
        );
    });

    it("names a role that can no longer decrypt the log files", async () => {
        const c = clients(REGION);
        const withoutKms = sentinelRolePolicy({
            queueArns: TYPES.map((t) => world.queues[t].arn),
            objectArns: TYPES.map((t) => logObjectArn(world.bucketArn, world.queues[t].prefix)),
            keyArns: [],
        });
        await c.iam.send(
            new iam.PutRolePolicyCommand({
                RoleName: world.roleName,
                PolicyName: "MicrosoftSentinelS3Connector",
                PolicyDocument: JSON.stringify(withoutKms),
            }),
        );
        // The key policy alone still lets the role decrypt (it names the role).
        assert.equal((await doctor()).get("aws.keys.logs")!.status, "pass");

        const keyPolicy = logsKeyPolicy({
            partition: PARTITION,
            region: REGION,
            accountId: ACCOUNT,
            sentinelRoleArn: world.roleArn,
            writers: { cloudTrail: { trailArn: world.trailArn }, vpcFlowLogs: {} },
        });
        keyPolicy.Statement.splice(
            keyPolicy.Statement.findIndex((s) => s.Sid === "SentinelDecryptsLogObjects"),
            1,
        );
        await c.kms.send(
            new kms.PutKeyPolicyCommand({
                KeyId: world.logsKeyArn,
                PolicyName: "default",
                Policy: JSON.stringify(keyPolicy),
            }),
        );
        const f = onlyProblems(await doctor(), ["aws.keys.logs"]);
        assert.match(
            f.reason,
            /leaves access to IAM, but the role's policy does not allow kms:Decrypt on the key/,
        );
        assert.match(
            f.fix!,
            new RegExp(`kms:Decrypt on ${world.logsKeyArn.replace(/[/.]/g, "\\$&")}`),
        );
    });

    it("cannot date a pile of messages from moto alone, and says so", async () => {
        await putLogFiles(world, ["cloudTrail", "cloudTrail", "cloudTrail"]);
        const c = (await doctor()).get("aws.cloudTrail.backlog")!;
        assert.equal(c.status, "unknown");
        assert.match(
            c.reason,
            /^3 visible, 0 in flight; CloudWatch has no ApproximateAgeOfOldestMessage/,
        );
    });

    it("names messages piling up, once CloudWatch reports their age, with the trust policy as the fix", async () => {
        await putLogFiles(world, ["vpcFlowLogs"]);
        await publishQueueMetrics(world, "vpcFlowLogs", [
            { metric: "ApproximateAgeOfOldestMessage", value: 2 * 3600, minutesAgo: 1 },
            { metric: "NumberOfMessagesSent", value: 1, minutesAgo: 1 },
        ]);
        const c = onlyProblems(await doctor(), ["aws.vpcFlowLogs.backlog"]);
        assert.match(
            c.reason,
            /1 visible, 0 in flight, and the oldest message is 120 min old: messages pile up because Sentinel is not reading/,
        );
        assert.match(c.fix!, /trust policy/);
    });

    it("names a filled dead-letter queue", async () => {
        const [key] = await putLogFiles(world, ["cloudTrail"]);
        const q = clients(REGION).sqs;
        // Fail the message as often as the redrive policy allows; SQS then moves it.
        for (let i = 0; i <= AWS_CONNECTION_DEFAULTS.maxReceiveCount; i++) {
            await q.send(
                new sqs.ReceiveMessageCommand({
                    QueueUrl: world.queues.cloudTrail.url,
                    VisibilityTimeout: 0,
                }),
            );
        }
        const c = onlyProblems(await doctor(), ["aws.cloudTrail.deadLetters"]);
        assert.match(
            c.reason,
            /^1 notification failed 10 times and moved to sentinel-cloudTrail-dlq/,
        );
        assert.ok(key);
    });

    it("names GuardDuty exporting every six hours", async () => {
        await clients(REGION).guardduty.send(
            new guardduty.UpdateDetectorCommand({
                DetectorId: world.detectorId,
                FindingPublishingFrequency: "SIX_HOURS",
            }),
        );
        const c = onlyProblems(await doctor(), ["aws.guardDuty.detector"]);
        assert.match(c.reason, /exports findings every six hours/);
        assert.match(
            c.fix!,
            new RegExp(
                `--detector-id ${world.detectorId} --finding-publishing-frequency FIFTEEN_MINUTES`,
            ),
        );
    });

    it("names version 1 STS tokens in an opt-in region (S3B40011)", async () => {
        await moto.reset();
        const w = await buildWorld("me-south-1", "optin");
        const c = (await doctor(w.outputs)).get("aws.sts.tokenVersion")!;
        assert.equal(c.status, "fail");
        assert.equal(c.code, "S3B40011");
        assert.match(
            c.fix!,
            /set-security-token-service-preferences --global-endpoint-token-version v2Token/,
        );
    });

    it("makes only the listed read operations: moto's request recorder says so", async () => {
        await moto.startRecording();
        await doctor();
        const recorded = await moto.stopRecording();
        assert.ok(recorded.length > 30, `only ${recorded.length} requests recorded`);
        const operations = recorded.map(operationOf);
        for (const o of operations) {
            assert.match(
                o.operation,
                /^(Get|List|Describe)[A-Za-z0-9]+$/,
                `${o.service} ${o.operation}`,
            );
            assert.ok(
                doctorOperation(o.service, o.operation),
                `${o.service}:${o.operation} is not in DOCTOR_AWS_OPERATIONS`,
            );
        }
        assert.deepEqual([...new Set(operations.map((o) => o.service))].sort(), [
            "cloudtrail",
            "cloudwatch",
            "ec2",
            "guardduty",
            "iam",
            "kms",
            "s3",
            "sqs",
            "sts",
        ]);
    });

    it("runs the AWS half when no Azure credential is found, and says why Azure is unchecked", async () => {
        const credential = {
            getToken: async () => {
                throw Object.assign(
                    new Error(
                        "DefaultAzureCredential failed to retrieve a token from the included credentials.\nAzureCliCredential: Please run 'az login'.",
                    ),
                    { name: "AggregateAuthenticationError" },
                );
            },
        };
        const report = await runDoctor(
            resolveInput(world.outputs, { subscription: "00000000-0000-0000-0000-000000000000" }),
            { azure: { credential } },
        );
        const azure = report.checks.filter((c) => c.side === "azure");
        assert.deepEqual(
            azure.map((c) => [c.id, c.status]),
            [["azure.credentials", "unknown"]],
        );
        assert.match(
            azure[0].reason,
            /^no Azure credentials: DefaultAzureCredential found none \(DefaultAzureCredential failed to retrieve a token from the included credentials\.\); sign in with `az login`.* or pass `--aws-only`/,
        );
        const aws = new Map(report.checks.filter((c) => c.side === "aws").map((c) => [c.id, c]));
        assert.equal(aws.get("aws.credentials")!.status, "pass");
        assert.equal(aws.get("aws.role.trust")!.status, "pass");
        assert.equal(report.target.workspaceId, WORKSPACE_ID);
        assert.equal(report.verdict, "no-problem-found");
        assert.match(renderText(report), /\nAzure\n {2}\? Azure credentials: no Azure credentials/);
    });

    it("prints nothing but the report: no SDK warning on stderr, text or --json on stdout", async () => {
        const env = binEnvironment();
        const input = JSON.stringify(world.outputs);
        const text = runBin(["doctor", "--aws-only"], { env, input });
        assert.equal(text.code, 0, text.stderr);
        assert.equal(text.stderr, "");
        assert.ok(
            text.stdout.startsWith(`sentinel-aws-s3 doctor: ${world.roleArn}\n`),
            text.stdout,
        );
        const json = runBin(["doctor", "--aws-only", "--json"], { env, input });
        assert.equal(json.stderr, "");
        assert.equal(JSON.parse(json.stdout).schemaVersion, 1);
        assert.ok(json.stdout.startsWith("{") && json.stdout.endsWith("}\n"));
        // A profile as well as access keys: the SDK's credential notice stays out of stderr.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-profile-"));
        try {
            const credentials = path.join(dir, "credentials");
            fs.writeFileSync(
                credentials,
                "[moto]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
            );
            const profile = runBin(["doctor", "--aws-only"], {
                env: { ...env, AWS_PROFILE: "moto", AWS_SHARED_CREDENTIALS_FILE: credentials },
                input,
            });
            assert.equal(profile.code, 0, profile.stderr);
            assert.equal(profile.stderr, "");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        // (Both halves without Azure credentials are tested in process with a failing credential:
        // as a child process the outcome would depend on the host's own Azure credential chain.)
    });

    it("runs as the bin on piped stack outputs: --json on a pipe, exit 0, no spinner", async () => {
        const env = binEnvironment();
        const r = runBin(["doctor", "--aws-only", "--json"], {
            env,
            input: JSON.stringify(world.outputs),
        });
        assert.equal(r.code, 0, r.stderr);
        assert.doesNotMatch(r.stdout, /\x1b|⠋/);
        const report = JSON.parse(r.stdout);
        assert.equal(report.schemaVersion, 1);
        assert.equal(report.verdict, "no-problem-found");
        assert.deepEqual(report.checks.at(-1), {
            id: "azure",
            side: "azure",
            title: "Azure checks",
            status: "skipped",
            reason: "skipped (--aws-only).",
        });

        await clients(REGION).guardduty.send(
            new guardduty.UpdateDetectorCommand({
                DetectorId: world.detectorId,
                FindingPublishingFrequency: "SIX_HOURS",
            }),
        );
        const broken = runBin(["doctor", "--aws-only"], {
            env,
            input: JSON.stringify(world.outputs),
        });
        assert.equal(broken.code, 1, broken.stderr);
        assert.match(
            broken.stdout,
            /✗ GuardDuty findings: detector: .*six hours.*\n {6}fix: Set it to 15 minutes/,
        );
        assert.match(
            broken.stdout,
            /\n✗ 1 problem found; fix the first one first: GuardDuty findings: detector\.\n$/,
        );
    });

    it("reads the provider the trust names from the catalog's issuer", async () => {
        const checks = await doctor();
        assert.match(
            checks.get("aws.role.oidcProvider")!.reason,
            new RegExp(
                `oidc-provider/${CLOUD.issuerHost.replace(/[/.]/g, "\\$&")} lists the audience ${CLOUD.audience}`,
            ),
        );
    });
});
