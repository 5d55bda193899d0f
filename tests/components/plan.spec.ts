// The plan of an AwsSentinelConnection: every default and decision as plain data, no resources.
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import {
    defaultRoleName,
    defaultTrailName,
    planAwsSentinelConnection,
    plannedWriters,
} from "../../components/aws/awsSentinelConnectionPlan";
import { OPT_IN_REGIONS, SENTINEL_CLOUDS } from "../../components/shared/catalog";
import { ALL_TYPES, VPC_A, WORKSPACE_ID } from "../helpers";

const CONTEXT = { project: "sentinel-aws-s3", stack: "prod", subject: "test" };
const plan = (args: Partial<AwsSentinelConnectionArgs>) =>
    planAwsSentinelConnection(
        "sentinel",
        { ...ALL_TYPES, ...args } as AwsSentinelConnectionArgs,
        CONTEXT,
    );

describe("planAwsSentinelConnection", () => {
    it("resolves every default of the documented defaults", () => {
        const p = plan({});
        assert.equal(p.cloud, SENTINEL_CLOUDS.AzureCloud);
        assert.equal(p.workspaceId, WORKSPACE_ID);
        assert.deepEqual(p.logTypes, ["cloudTrail", "vpcFlowLogs", "guardDuty"]);
        assert.equal(p.keyPrefix, "");
        assert.deepEqual(p.tags, { "managed-by": "sentinel-aws-s3" });
        assert.equal(p.retainOnDelete, true);
        assert.deepEqual(p.optInRegions, OPT_IN_REGIONS);
        assert.deepEqual(p.oidcProvider, { kind: "create" });
        assert.deepEqual(p.role, {
            name: defaultRoleName("sentinel", "sentinel-aws-s3", "prod"),
            permissionsBoundaryArn: undefined,
        });
        assert.deepEqual(p.bucket, {
            kind: "create",
            encryption: "kms",
            expirationDays: 365,
            noncurrentVersionExpirationDays: 30,
            abortIncompleteUploadDays: 7,
            accessLogsBucketName: undefined,
        });
        assert.deepEqual(p.bucketPolicy, { kind: "write", extraStatements: [] });
        assert.deepEqual(p.keys, { logs: true, queue: false });
        assert.deepEqual(p.queues, {
            encryption: "sqs",
            messageRetentionSeconds: 1_209_600,
            visibilityTimeoutSeconds: 300,
            maxReceiveCount: 10,
        });
        assert.deepEqual(p.alarms, { kind: "create", actions: [], oldestMessageAgeSeconds: 3600 });
        assert.deepEqual(p.trail, {
            kind: "create",
            name: "sentinel-prod",
            includeGlobalServiceEvents: true,
            managementEvents: "All",
        });
        assert.deepEqual(p.guardDutyExports, [{ region: undefined, detector: { kind: "create" } }]);
        assert.equal(p.organization, undefined);
        assert.deepEqual(p.folders, { cloudTrail: "", vpcFlowLogs: "", guardDuty: "" });
        assert.equal(p.guardDutyFolderMarker, undefined);
        assert.deepEqual(p.flowLogs, {
            kind: "create",
            vpcIds: ["vpc-0123456789abcdef0", "vpc-0fedcba9876543210"],
            logFormat: undefined,
            trafficType: "ALL",
            maxAggregationInterval: 60,
        });
        assert.deepEqual(plannedWriters(p), {
            cloudTrail: true,
            vpcFlowLogs: true,
            guardDuty: true,
            route53ResolverQueryLogs: false,
            securityHubFindings: false,
            cloudWatchLogs: false,
            eksAuditLogs: false,
            waf: false,
            s3ServerAccessLogs: false,
            networkFirewall: false,
            cloudFrontAccessLogs: false,
            elbAccessLogs: false,
        });
    });

    it("decides the trail: created and named, an existing one, one outside the component, or none", () => {
        assert.deepEqual(
            plan({ logTypes: { cloudTrail: { trailName: "org", managementEvents: "WriteOnly" } } })
                .trail,
            {
                kind: "create",
                name: "org",
                includeGlobalServiceEvents: true,
                managementEvents: "WriteOnly",
            },
        );
        const arn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/org";
        assert.deepEqual(
            plan({ logTypes: { cloudTrail: { createTrail: false, trailArn: arn } } }).trail,
            {
                kind: "existing",
                arn,
            },
        );
        const external = plan({
            logTypes: { cloudTrail: { createTrail: false } },
            existingBucketName: "corp-logs",
        });
        assert.deepEqual(external.trail, { kind: "external" });
        assert.equal(
            plannedWriters(external).cloudTrail,
            false,
            "no writer statement for a trail it cannot name",
        );
        assert.deepEqual(plan({ logTypes: { guardDuty: {} } }).trail, { kind: "none" });
        assert.deepEqual(
            plan({ logTypes: { cloudTrail: { enabled: false }, guardDuty: {} } }).trail,
            {
                kind: "none",
            },
        );
    });

    it("decides the detector, its key and its folder object", () => {
        const existing = plan({
            logTypes: { guardDuty: { existingDetectorId: "0123456789abcdef0123456789abcdef" } },
            keyPrefix: "security/",
        });
        assert.deepEqual(existing.guardDutyExports, [
            {
                region: undefined,
                detector: { kind: "existing", id: "0123456789abcdef0123456789abcdef" },
            },
        ]);
        assert.equal(existing.guardDutyFolderMarker, "security/");
        // SSE-S3 bucket, but GuardDuty's export always needs a customer-managed key.
        const s3 = plan({ logTypes: { guardDuty: {} }, bucketEncryption: "s3" });
        assert.deepEqual(s3.keys, { logs: true, queue: false });
        assert.deepEqual(plan({ logTypes: { cloudTrail: {} }, bucketEncryption: "s3" }).keys, {
            logs: false,
            queue: false,
        });
    });

    it("decides an existing bucket: its name, key and notifications, and no policy unless asked", () => {
        const p = plan({
            existingBucketName: "corp-logs",
            existingBucketKmsKeyArn:
                "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
            existingBucketNotifications: {
                topics: [
                    { arn: "arn:aws:sns:us-east-1:123456789012:t", events: ["s3:ObjectRemoved:*"] },
                ],
            },
            logTypes: { vpcFlowLogs: { vpcIds: [VPC_A] } },
            bucketPolicyManagedElsewhere: true,
        });
        assert.deepEqual(p.bucket, {
            kind: "existing",
            name: "corp-logs",
            kmsKeyArn:
                "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
        });
        assert.deepEqual(p.bucketPolicy, { kind: "none" });
        assert.deepEqual(p.keys, { logs: false, queue: false });
        assert.equal(p.existingNotifications.topics.length, 1);
        assert.equal(
            plan({ existingBucketName: "corp-logs", manageBucketPolicy: true }).bucketPolicy.kind,
            "write",
        );
    });

    it("decides no alarms, KMS queues and user statements", () => {
        const p = plan({
            alarms: { enabled: false },
            queueEncryption: "kms",
            bucketPolicyStatements: [
                {
                    Sid: "Audit",
                    Effect: "Allow",
                    Action: ["s3:GetObject"],
                    Resource: ["arn:aws:s3:::x/*"],
                },
            ],
        });
        assert.deepEqual(p.alarms, { kind: "none" });
        assert.equal(p.keys.queue, true);
        assert.deepEqual(p.bucketPolicy, {
            kind: "write",
            extraStatements: [
                {
                    Sid: "Audit",
                    Effect: "Allow",
                    Action: ["s3:GetObject"],
                    Resource: ["arn:aws:s3:::x/*"],
                },
            ],
        });
    });

    it("names the trail and the role so that stacks and components never collide", () => {
        assert.equal(defaultTrailName("sentinel", "prod"), "sentinel-prod");
        assert.equal(defaultTrailName("a", "b..c"), "a-b-c");
        const names = new Set(
            ["a/b/c", "a/b/d", "a/e/c", "f/b/c"].map((key) => {
                const [project, stack, name] = key.split("/");
                return defaultRoleName(name, project, stack);
            }),
        );
        assert.equal(names.size, 4);
        const long = defaultRoleName("x".repeat(48), "p", "s");
        assert.ok(long.length <= 64 && long.startsWith("OIDC_MicrosoftSentinel-"), long);
    });
});
