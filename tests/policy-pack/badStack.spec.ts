// The setup of the 2021 instructions, built with the real resource classes under the offline engine:
// the pack must flag every one of its mistakes as mandatory.
import * as assert from "assert";
import { PolicyReport } from "../../offline/policyCheck";
import { runOffline } from "../../offline/mocks";
import { ACCOUNT, WORKSPACE_ID, check } from "./fixtures";

const LEGACY_TRUST = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::197857026523:root" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": WORKSPACE_ID } },
        },
    ],
};

const WILDCARD_OIDC_TRUST = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: {
                Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/`,
            },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringLike: {
                    "sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/:aud":
                        "api://1462b192-27f7-4cb9-8523-0f4ecb54b47e",
                    "sts:RoleSessionName": "MicrosoftSentinel_*",
                },
            },
        },
    ],
};

async function badStack() {
    const { resources } = await runOffline(async () => {
        const pulumi = await import("@pulumi/pulumi");
        const aws = await import("@pulumi/aws");
        const azure = await import("@pulumi/azure-native/resources");

        // Roles: the legacy external-ID trust and a wildcard OIDC trust, with the seed's managed policies.
        const legacyRole = new aws.iam.Role("legacy-role", {
            name: "MicrosoftSentinelRole",
            assumeRolePolicy: JSON.stringify(LEGACY_TRUST),
        });
        const wildcardRole = new aws.iam.Role("wildcard-oidc-role", {
            name: "SentinelReader",
            assumeRolePolicy: JSON.stringify(WILDCARD_OIDC_TRUST),
            managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"],
        });
        const managed = [
            "AmazonSQSReadOnlyAccess",
            "service-role/AWSLambdaSQSQueueExecutionRole",
            "AmazonS3ReadOnlyAccess",
        ];
        managed.forEach(
            (m, i) =>
                new aws.iam.RolePolicyAttachment(`legacy-role-managed-${i}`, {
                    role: legacyRole.name,
                    policyArn: `arn:aws:iam::aws:policy/${m}`,
                }),
        );
        new aws.iam.RolePolicy("wildcard-oidc-role-policy", {
            role: wildcardRole.name,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["sqs:*", "s3:GetObject"], Resource: "*" }],
            }),
        });

        // A public bucket: no public access block, public-read ACL, a policy open to everyone.
        const bucket = new aws.s3.Bucket("public-logs", { acl: "public-read" });
        new aws.s3.BucketPolicy("public-logs-policy", {
            bucket: bucket.id,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:GetObject",
                        Resource: pulumi.interpolate`${bucket.arn}/*`,
                    },
                    {
                        Effect: "Allow",
                        Principal: { Service: "cloudtrail.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: pulumi.interpolate`${bucket.arn}/*`,
                    },
                ],
            }),
        });

        // The queue: AWS managed key, a policy open to everyone with the 2008 version.
        const queue = new aws.sqs.Queue("connector-queue", { kmsMasterKeyId: "alias/aws/sqs" });
        new aws.sqs.QueuePolicy("connector-queue-policy", {
            queueUrl: queue.url,
            policy: pulumi.jsonStringify({
                Version: "2008-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: "*",
                        Action: "sqs:SendMessage",
                        Resource: queue.arn,
                    },
                ],
            }),
        });

        // Notifications on the bucket root without suffix, twice (the setup script overwrote configurations).
        new aws.s3.BucketNotification("notification", {
            bucket: bucket.id,
            queues: [{ queueArn: queue.arn, events: ["s3:ObjectCreated:*"] }],
        });
        new aws.s3.BucketNotification("notification-again", {
            bucket: bucket.id,
            queues: [{ queueArn: queue.arn, events: ["s3:ObjectCreated:*"] }],
        });

        // A Parquet flow log with a custom format without ${start}, a key without rotation, a single-region trail.
        new aws.ec2.FlowLog("flow-log", {
            vpcId: "vpc-0123456789abcdef0",
            trafficType: "ALL",
            logDestinationType: "s3",
            logDestination: bucket.arn,
            logFormat: "${version} ${srcaddr} ${dstaddr} ${action}",
            destinationOptions: { fileFormat: "parquet" },
        });
        new aws.kms.Key("logs-key", {});
        new aws.cloudtrail.Trail("trail", { s3BucketName: bucket.id, enableLogging: false });

        // The connector: a role without the OIDC_ prefix, a stable API version.
        new azure.Resource("cloudtrail-connector", {
            resourceGroupName: "sentinel-rg",
            resourceProviderNamespace: "Microsoft.OperationalInsights",
            parentResourcePath: "workspaces/sentinel-ws/providers/Microsoft.SecurityInsights",
            resourceType: "dataConnectors",
            resourceName: "aws-s3-cloudtrail",
            apiVersion: "2024-09-01",
            kind: "AmazonWebServicesS3",
            properties: {
                roleArn: legacyRole.arn,
                sqsUrls: [queue.url],
                destinationTable: "AWSCloudTrail",
                dataTypes: { logs: { state: "Enabled" } },
            },
        });
    });
    return resources;
}

/** Every policy the bad stack must break, with a message it must report. */
const EXPECTED: Record<string, string> = {
    "iam-sentinel-role-no-legacy-trust": `must not trust Microsoft's legacy account 197857026523 with sts:ExternalId ["${WORKSPACE_ID}"]`,
    "iam-sentinel-role-trust-conditions":
        'must use StringEquals, not StringLike, on "sts:RoleSessionName"',
    "iam-sentinel-role-name-prefix": 'name must start with "OIDC_", not "SentinelReader"',
    "iam-sentinel-role-no-aws-managed-policies":
        'must not have the AWS managed policy "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole" attached',
    "iam-sentinel-role-permissions-least-privilege":
        'must list exact actions, not the wildcard "sqs:*"',
    "iam-role-policy-no-wildcards": 'must not allow the wildcard action "sqs:*"',
    "s3-bucket-public-access-block":
        'Bucket "public-logs" must have a BucketPublicAccessBlock with all four settings true',
    "s3-bucket-no-public-access": 'must not use the canned ACL "public-read"',
    "s3-bucket-policy-tls-only":
        'Bucket "public-logs" must have a bucket policy statement denying "s3:*"',
    "s3-bucket-policy-service-source-conditions":
        'must condition the service principal ["cloudtrail.amazonaws.com"] on aws:SourceAccount or an aws:SourceArn naming the account (aws:SourceOrgID only for writers shown to send it: delivery.logs.amazonaws.com)',
    "s3-bucket-encryption": 'Bucket "public-logs" must have a default encryption configuration',
    "s3-bucket-ownership-enforced": 'Bucket "public-logs" must have BucketOwnershipControls',
    "s3-bucket-versioning": 'Bucket "public-logs" must have versioning enabled',
    "sqs-queue-no-aws-managed-key": 'must not use the AWS managed key "alias/aws/sqs"',
    "sqs-queue-policy-no-public-access": 'must not allow every principal ("*")',
    "sqs-queue-policy-tls-only":
        'must deny every principal "sqs:*" when "aws:SecureTransport" is "false"',
    "sqs-queue-policy-version": 'must use policy Version "2012-10-17", not "2008-10-17"',
    "s3-bucket-notification-single-per-bucket":
        'must have one BucketNotification, but "notification" and "notification-again"',
    "s3-bucket-notification-connector-filter": "must filter on its log type's prefix",
    "s3-bucket-notification-cloudtrail-digest-excluded": 'its prefix must end with "CloudTrail/"',
    "ec2-flow-log-plain-text-format": 'must deliver the "plain-text" file format where',
    "ec2-flow-log-format-includes-start": "must include ${start} in its record format",
    "kms-key-rotation-enabled": 'Key "logs-key" must have enableKeyRotation true',
    "cloudtrail-trail-multi-region": 'Trail "trail" must record every region',
    "cloudtrail-trail-log-file-validation": 'Trail "trail" must validate its log files',
    "cloudtrail-trail-logging-enabled": 'Trail "trail" must be logging',
    "sentinel-connector-role-oidc-prefix":
        'must use a role whose name starts with "OIDC_", not "arn:aws:iam::123456789012:role/MicrosoftSentinelRole"',
    "sentinel-connector-preview-api-version":
        'must use a preview API version from 2021-09-01-preview on, such as "2025-10-01-preview", not "2024-09-01"',
};

describe("The policy pack on the 2021 instructions' setup", () => {
    let report: PolicyReport;

    before(async () => {
        report = await check(await badStack());
    });

    for (const [policy, message] of Object.entries(EXPECTED)) {
        it(`flags ${policy} as mandatory`, () => {
            const found = report.violations.filter((v) => v.policyName === policy);
            assert.ok(
                found.some(
                    (v) => v.enforcementLevel === "mandatory" && v.message.includes(message),
                ),
                `expected "${message}"; got:\n${found.map((v) => `${v.enforcementLevel}: ${v.message}`).join("\n")}`,
            );
        });
    }

    it("counts every mandatory violation", () => {
        assert.strictEqual(
            report.mandatory,
            report.violations.filter((v) => v.enforcementLevel === "mandatory").length,
        );
        assert.ok(
            report.mandatory >= Object.keys(EXPECTED).length,
            `only ${report.mandatory} mandatory violations`,
        );
    });

    it("names the resource of each violation", () => {
        for (const v of report.violations) {
            assert.ok(
                v.urn && v.resourceType && v.resourceName,
                `${v.policyName}: ${v.message} names no resource`,
            );
        }
    });
});
