// A stack written from Microsoft's 2025 CloudFormation templates (Azure-Sentinel DataConnectors/
// AWS-S3): the Sentinel role gets its SQS access from the queue policy, s3:ListBucket from the
// bucket policy and kms:Decrypt from the key policy, and the notification filters on the suffix
// only. The pack reads those grants and finds the connector queue through them.
import * as assert from "assert";
import { PolicyReport } from "../../offline/policyCheck";
import { runOffline } from "../../offline/mocks";
import {
    ACCOUNT,
    WORKSPACE_ID,
    assertClean,
    assertReports,
    check,
    sentinelTrust,
} from "./fixtures";

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/OIDC_MicrosoftSentinelRole`;

async function templateStack() {
    const { resources } = await runOffline(async () => {
        const aws = await import("@pulumi/aws");
        new aws.iam.Role("sentinel-role", {
            name: "OIDC_MicrosoftSentinelRole",
            // The templates pin the one session name `MicrosoftSentinel_<workspaceId>`.
            assumeRolePolicy: JSON.stringify(sentinelTrust([`MicrosoftSentinel_${WORKSPACE_ID}`])),
        });
        const bucket = new aws.s3.Bucket("logs", { bucket: "template-logs" });
        new aws.s3.BucketPolicy("logs-policy", {
            bucket: bucket.id,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "SentinelReadsLogs",
                        Effect: "Allow",
                        Principal: { AWS: ROLE_ARN },
                        Action: ["s3:GetObject", "s3:ListBucket"],
                        Resource: ["arn:aws:s3:::template-logs", "arn:aws:s3:::template-logs/*"],
                    },
                ],
            }),
        });
        const queue = new aws.sqs.Queue("queue", { name: "template-queue" });
        new aws.sqs.QueuePolicy("queue-policy", {
            queueUrl: queue.url,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "SentinelReadsMessages",
                        Effect: "Allow",
                        Principal: { AWS: ROLE_ARN },
                        Action: [
                            "sqs:ReceiveMessage",
                            "sqs:DeleteMessage",
                            "sqs:ChangeMessageVisibility",
                            "sqs:GetQueueUrl",
                            "sqs:GetQueueAttributes",
                        ],
                        Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:template-queue`,
                    },
                ],
            }),
        });
        new aws.kms.Key("logs-key", {
            enableKeyRotation: true,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AccountRoot",
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                        Action: "kms:*",
                        Resource: "*",
                    },
                    {
                        Sid: "SentinelDecrypts",
                        Effect: "Allow",
                        Principal: { AWS: ROLE_ARN },
                        Action: "kms:Decrypt",
                        Resource: "*",
                    },
                ],
            }),
        });
        new aws.cloudtrail.Trail("trail", {
            s3BucketName: bucket.id,
            isMultiRegionTrail: true,
            enableLogFileValidation: true,
        });
        new aws.s3.BucketNotification("notification", {
            bucket: bucket.id,
            queues: [{ queueArn: queue.arn, events: ["s3:ObjectCreated:*"], filterSuffix: ".gz" }],
        });
    });
    return resources;
}

describe("The pack on a stack written from Microsoft's templates", () => {
    let report: PolicyReport;
    before(async () => {
        report = await check(await templateStack());
    });

    it("checks least privilege over the bucket, queue and key policies that grant the Sentinel role", () => {
        assertReports(report, "iam-sentinel-role-permissions-least-privilege", [
            'Sentinel Role "sentinel-role" (BucketPolicy "logs-policy", a bucket policy) statement "SentinelReadsLogs" must not be allowed "s3:ListBucket"; the connector needs only sqs:ReceiveMessage, sqs:DeleteMessage, sqs:ChangeMessageVisibility, sqs:GetQueueUrl, sqs:GetQueueAttributes, s3:GetObject, kms:Decrypt.',
            // The templates let the role read every object of the bucket.
            'Sentinel Role "sentinel-role" (BucketPolicy "logs-policy", a bucket policy) statement "SentinelReadsLogs" must read only the connector\'s log folders with s3:GetObject, not "arn:aws:s3:::template-logs/*"',
        ]);
    });

    it("accepts the template's extra action and object ARN when the configuration allows them, and a key policy's own Resource \"*\"", async () => {
        const relaxed = await check(await templateStack(), {
            "iam-sentinel-role-permissions-least-privilege": {
                allowedExtraActions: ["s3:ListBucket"],
                allowedObjectArns: ["arn:aws:s3:::template-logs/*"],
            },
        });
        assertClean(relaxed, "iam-sentinel-role-permissions-least-privilege");
    });

    it("treats the queue the role may receive from by its queue policy as a connector queue", () => {
        assertReports(report, "s3-bucket-notification-connector-filter", [
            'BucketNotification "notification" queue entry #1 must filter on its log type\'s prefix (such as "AWSLogs/<account>/CloudTrail/"), not the bucket root.',
        ]);
        assertReports(report, "s3-bucket-notification-cloudtrail-digest-excluded", [
            'BucketNotification "notification" queue entry #1 feeds a connector queue from a bucket Trail "trail" writes to, and its filter (prefix "none", suffix ".gz") also passes CloudTrail-Digest/ files',
        ]);
    });

    it("names the resource policy that grants the action, and counts a role outside the stack by its name", async () => {
        const names = report.violations
            .filter((v) => v.policyName === "iam-sentinel-role-permissions-least-privilege")
            .map((v) => v.resourceName);
        assert.deepStrictEqual(names, ["logs-policy", "logs-policy"]);
        // The same policies naming the role, without the role in the stack.
        const outside = (await templateStack()).filter((r) => r.type !== "aws:iam/role:Role");
        assertReports(await check(outside), "iam-sentinel-role-permissions-least-privilege", [
            'Sentinel role "OIDC_MicrosoftSentinelRole" (outside this stack) (BucketPolicy "logs-policy", a bucket policy) statement "SentinelReadsLogs" must not be allowed "s3:ListBucket"',
            'Sentinel role "OIDC_MicrosoftSentinelRole" (outside this stack) (BucketPolicy "logs-policy", a bucket policy) statement "SentinelReadsLogs" must read only the connector\'s log folders',
        ]);
    });
});
