import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { validateAwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionValidation";
import { resourcesOf } from "../../offline/mocks";
import { ALL_TYPES, VPC_A, WORKSPACE_ID, deployAws } from "../helpers";

const problemsOf = (
    args: Partial<AwsSentinelConnectionArgs> & Record<string, unknown>,
    name = "sentinel",
) =>
    validateAwsSentinelConnectionArgs(name, { ...ALL_TYPES, ...args } as AwsSentinelConnectionArgs);

function expectOne(
    args: Partial<AwsSentinelConnectionArgs> & Record<string, unknown>,
    ...fragments: string[]
) {
    const problems = problemsOf(args);
    assert.equal(problems.length, 1, `expected one problem, got:\n${problems.join("\n")}`);
    for (const fragment of fragments) {
        assert.ok(problems[0].includes(fragment), `"${problems[0]}" should include "${fragment}"`);
    }
}

describe("AwsSentinelConnection input validation", () => {
    it("accepts the documented configurations", () => {
        assert.deepEqual(problemsOf({}), []);
        assert.deepEqual(
            problemsOf({
                azureCloud: "AzureUSGovernment",
                roleName: "OIDC_Sentinel",
                keyPrefix: "security/aws",
            }),
            [],
        );
        assert.deepEqual(
            problemsOf({
                existingBucketName: "corp.security-logs",
                bucketPolicyManagedElsewhere: true,
                existingOidcProviderArn:
                    "arn:aws:iam::123456789012:oidc-provider/sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/",
            }),
            [],
        );
    });

    it("rejects a workspace ID that is not a GUID, saying where to find it", () => {
        expectOne(
            { workspaceId: "law-sentinel" },
            "`workspaceId`",
            "GUID",
            "Workspace ID",
            '"law-sentinel"',
        );
    });

    it("rejects an unknown Azure cloud", () => {
        expectOne(
            { azureCloud: "AzureChina" as never },
            "`azureCloud`",
            '"AzureCloud", "AzureUSGovernment"',
            '"AzureChina"',
        );
    });

    it("rejects a role name without the OIDC_ prefix and suggests the fixed name", () => {
        expectOne(
            { roleName: "SentinelRole" },
            "`roleName`",
            'must start with "OIDC_"',
            '"OIDC_SentinelRole"',
        );
        expectOne({ roleName: "OIDC_" + "x".repeat(64) }, "`roleName`", "at most 64");
    });

    it("requires at least one log type", () => {
        expectOne({ logTypes: {} }, "`logTypes`", "at least one log type", "`logTypes.cloudTrail`");
        expectOne(
            { logTypes: { cloudTrail: { enabled: false } } },
            "`logTypes`",
            "at least one log type",
        );
        expectOne({ logTypes: undefined as never }, "`logTypes` must be an object");
    });

    it("rejects an unknown log type and unknown settings", () => {
        expectOne(
            { logTypes: { cloudWatch: {} } as never },
            "`logTypes.cloudWatch` is not a known setting",
        );
        // A misspelt key gets the closest known one, not the list of every key.
        expectOne(
            { logTypes: { cloudtrail: {} } as never },
            "`logTypes.cloudtrail` is not a known setting; did you mean `cloudTrail`?",
        );
        expectOne(
            { logTypes: { vpcFlowLog: { vpcIds: [VPC_A] } } as never },
            "did you mean `vpcFlowLogs`?",
        );
        expectOne(
            { logTypes: { guardDuty: { frequency: "SIX_HOURS" } } as never },
            "`logTypes.guardDuty.frequency` is not a known setting",
        );
        expectOne({ bucketName: "x" } as never, "`bucketName` is not a known setting");
    });

    it("rejects missing, empty, malformed and repeated VPC IDs", () => {
        expectOne(
            { logTypes: { vpcFlowLogs: { vpcIds: [] } } },
            "`logTypes.vpcFlowLogs.vpcIds`",
            "at least one VPC ID",
        );
        expectOne(
            { logTypes: { vpcFlowLogs: {} as never } },
            "`logTypes.vpcFlowLogs.vpcIds`",
            "at least one VPC ID",
        );
        expectOne(
            { logTypes: { vpcFlowLogs: { vpcIds: [VPC_A, "vpc-123"] } } },
            "`logTypes.vpcFlowLogs.vpcIds[1]`",
            '"vpc-123"',
        );
        expectOne(
            { logTypes: { vpcFlowLogs: { vpcIds: [""] } } },
            "`logTypes.vpcFlowLogs.vpcIds[0]`",
            "must be a VPC ID",
        );
        expectOne(
            { logTypes: { vpcFlowLogs: { vpcIds: [VPC_A, VPC_A] } } },
            "`logTypes.vpcFlowLogs.vpcIds`",
            "more than once",
        );
    });

    it("rejects a custom flow-log format without ${start}, and a malformed one", () => {
        expectOne(
            { logTypes: { vpcFlowLogs: { vpcIds: [VPC_A], logFormat: "${srcaddr} ${dstaddr}" } } },
            "`logTypes.vpcFlowLogs.logFormat`",
            "must include `${start}`",
            "TimeGenerated",
        );
        expectOne(
            { logTypes: { vpcFlowLogs: { vpcIds: [VPC_A], logFormat: "srcaddr,start" } } },
            "`logTypes.vpcFlowLogs.logFormat`",
            "space-separated fields",
        );
        expectOne(
            { logTypes: { vpcFlowLogs: { vpcIds: [VPC_A], maxAggregationInterval: 30 as never } } },
            "`logTypes.vpcFlowLogs.maxAggregationInterval`",
            "60 or 600",
        );
        expectOne(
            { logTypes: { vpcFlowLogs: { vpcIds: [VPC_A], trafficType: "SOME" as never } } },
            "`logTypes.vpcFlowLogs.trafficType`",
        );
    });

    it("rejects a malformed existing bucket name", () => {
        expectOne(
            { existingBucketName: "Corp_Logs", bucketPolicyManagedElsewhere: true },
            "`existingBucketName`",
            "not a valid S3 bucket name",
            '"Corp_Logs"',
        );
        expectOne(
            { existingBucketName: "arn:aws:s3:::corp-logs", bucketPolicyManagedElsewhere: true },
            "`existingBucketName`",
            "exact name",
        );
        expectOne(
            { existingBucketName: "corp..logs", bucketPolicyManagedElsewhere: true },
            "`existingBucketName`",
            'no ".."',
        );
    });

    it("rejects bucket settings that do not apply to the chosen bucket", () => {
        expectOne(
            {
                existingBucketName: "corp-logs",
                bucketPolicyManagedElsewhere: true,
                bucketEncryption: "s3",
            },
            "`bucketEncryption` only applies to a bucket the component creates",
        );
        expectOne(
            {
                existingBucketKmsKeyArn:
                    "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
            },
            "`existingBucketKmsKeyArn` only applies with `existingBucketName`",
        );
        expectOne(
            {
                existingBucketName: "corp-logs",
                bucketPolicyManagedElsewhere: true,
                existingBucketKmsKeyArn: "alias/logs",
            },
            "`existingBucketKmsKeyArn`",
            "not an alias",
        );
    });

    it("rejects a component name the created bucket cannot carry", () => {
        const problems = problemsOf({}, "Sentinel_Prod");
        assert.equal(problems.length, 1);
        assert.match(problems[0], /component name "Sentinel_Prod" must be 1-48 lowercase/);
        assert.deepEqual(
            problemsOf(
                { existingBucketName: "corp-logs", bucketPolicyManagedElsewhere: true },
                "Sentinel_Prod",
            ),
            [],
        );
    });

    it("rejects a malformed OIDC provider ARN, or one for the other cloud's issuer", () => {
        expectOne(
            { existingOidcProviderArn: "sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/" },
            "`existingOidcProviderArn`",
            "must be an IAM OIDC provider ARN",
        );
        expectOne(
            {
                existingOidcProviderArn:
                    "arn:aws:iam::123456789012:oidc-provider/sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d",
            },
            "`existingOidcProviderArn`",
            "trailing slash",
        );
        expectOne(
            {
                azureCloud: "AzureUSGovernment",
                existingOidcProviderArn:
                    "arn:aws:iam::123456789012:oidc-provider/sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/",
            },
            "AzureUSGovernment",
            "cab8a31a-1906-4287-a0d8-4eef66b95f6e",
        );
    });

    it("refuses flow logs read through CCF outside AzureCloud, and keeps the classic connector there", () => {
        assert.deepEqual(problemsOf({ azureCloud: "AzureUSGovernment" }), []);
        expectOne(
            {
                azureCloud: "AzureUSGovernment",
                logTypes: { vpcFlowLogs: { vpcIds: [VPC_A], connector: "ccf" } },
            },
            "`logTypes.vpcFlowLogs`",
            "Codeless Connector Framework",
            "AzureUSGovernment",
        );
    });

    it("rejects trail options that contradict each other", () => {
        expectOne(
            { logTypes: { cloudTrail: { createTrail: false } } },
            "`logTypes.cloudTrail.trailArn` is required",
        );
        expectOne(
            {
                logTypes: {
                    cloudTrail: {
                        trailArn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail",
                    },
                },
            },
            "set `logTypes.cloudTrail.createTrail` to false",
        );
        expectOne(
            { logTypes: { cloudTrail: { trailName: "a" } } },
            "`logTypes.cloudTrail.trailName`",
            "3-128",
        );
        expectOne(
            { logTypes: { cloudTrail: { createTrail: false, trailArn: "org-trail" } } },
            "`logTypes.cloudTrail.trailArn` must be a trail ARN",
        );
        expectOne(
            { logTypes: { guardDuty: { existingDetectorId: "abc" } } },
            "`logTypes.guardDuty.existingDetectorId`",
            "32 lowercase hex",
        );
    });

    it("rejects queue settings that would lose notifications or break S3 delivery", () => {
        expectOne(
            { messageRetentionSeconds: 3600 },
            "`messageRetentionSeconds`",
            "345600 to 1209600",
        );
        expectOne({ messageRetentionSeconds: 2_000_000 }, "`messageRetentionSeconds`");
        expectOne(
            { queueEncryption: "alias/aws/sqs" as never },
            "`queueEncryption`",
            "alias/aws/sqs key cannot receive S3 notifications",
        );
        expectOne({ maxReceiveCount: 0 }, "`maxReceiveCount`");
        expectOne({ visibilityTimeoutSeconds: 1.5 }, "`visibilityTimeoutSeconds`", "whole number");
        expectOne({ alarms: { oldestMessageAgeSeconds: 10 } }, "`alarms.oldestMessageAgeSeconds`");
        expectOne({ logExpirationDays: 0 }, "`logExpirationDays`");
    });

    it("rejects a key prefix that AWS would not write under", () => {
        expectOne({ keyPrefix: "/logs" }, "`keyPrefix`", "without a leading slash");
        expectOne({ keyPrefix: "logs/AWSLogs" }, "`keyPrefix`", 'must not contain "AWSLogs"');
    });

    it("rejects existing notifications that overlap the connector's, or lack an ARN", () => {
        const base = { existingBucketName: "corp-logs", bucketPolicyManagedElsewhere: true };
        expectOne(
            {
                ...base,
                existingBucketNotifications: {
                    queues: [
                        {
                            arn: "arn:aws:sqs:us-east-1:123456789012:other",
                            events: ["s3:ObjectCreated:Put"],
                        },
                    ],
                },
            },
            "`existingBucketNotifications.queues[0]`",
            "overlaps the connector's notifications",
        );
        assert.deepEqual(
            problemsOf({
                ...base,
                existingBucketNotifications: {
                    queues: [
                        {
                            arn: "arn:aws:sqs:us-east-1:123456789012:other",
                            events: ["s3:ObjectCreated:*"],
                            filterPrefix: "exports/",
                        },
                    ],
                },
            }),
            [],
        );
        assert.deepEqual(
            problemsOf({
                ...base,
                existingBucketNotifications: {
                    topics: [
                        {
                            arn: "arn:aws:sns:us-east-1:123456789012:t",
                            events: ["s3:ObjectRemoved:*"],
                        },
                    ],
                },
            }),
            [],
        );
        expectOne(
            {
                ...base,
                existingBucketNotifications: {
                    lambdaFunctions: [{ arn: "", events: ["s3:ObjectRemoved:*"] }],
                },
            },
            "`existingBucketNotifications.lambdaFunctions[0].arn` is required",
        );
    });

    it("rejects tags AWS refuses", () => {
        expectOne({ tags: { "aws:owner": "x" } }, "`tags` key", 'must not start with "aws:"');
    });

    it("collects every problem into one error naming each field, and creates nothing", async () => {
        let error: unknown;
        try {
            await deployAws({
                workspaceId: "not-a-guid",
                roleName: "Sentinel",
                logTypes: { vpcFlowLogs: { vpcIds: ["vpc-1"], logFormat: "${srcaddr}" } },
                existingBucketName: "Bad_Bucket",
                bucketPolicyManagedElsewhere: true,
                existingOidcProviderArn: "arn:aws:iam::1:oidc-provider/x",
                azureCloud: "Mars" as never,
            });
        } catch (e) {
            error = e;
        }
        assert.ok(error instanceof Error, "deployment must fail");
        const message = error.message;
        assert.match(message, /AwsSentinelConnection "sentinel" has 7 invalid values:/);
        for (const field of [
            "workspaceId",
            "azureCloud",
            "logTypes.vpcFlowLogs.vpcIds[0]",
            "logTypes.vpcFlowLogs.logFormat",
            "existingBucketName",
            "roleName",
            "existingOidcProviderArn",
        ]) {
            assert.ok(message.includes(`\`${field}\``), `message names ${field}`);
        }
        const created = resourcesOf(error).filter((r) => r.type !== "pulumi:pulumi:Stack");
        assert.deepEqual(created, [], "no resource, not even the component, is registered");
    });

    it("needs no cloud call to validate", () => {
        assert.deepEqual(
            validateAwsSentinelConnectionArgs("sentinel", {
                workspaceId: WORKSPACE_ID,
                logTypes: { guardDuty: {} },
            }),
            [],
        );
    });
});
