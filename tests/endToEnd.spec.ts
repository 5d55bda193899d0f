// Every configuration of the components and the program, through the policy pack's real analyzer
// code: nothing the package builds may break a mandatory policy.
import assert from "node:assert/strict";
import * as path from "node:path";
import type { AwsSentinelConnectionArgs } from "../components/aws/awsSentinelConnectionArgs";
import { FakeCloud, RecordedResource, runOffline } from "../offline/mocks";
import { CheckOptions, PolicyReport, checkResources } from "../offline/policyCheck";
import { runProgram } from "../offline/program";
import { cloudFor, readStackFile } from "../offline/stackFile";
import { ALL_TYPES, GOV_CLOUD, VPC_A, WORKSPACE_ID } from "./helpers";
import { ORG_HUB, ORG_ID } from "./organization/fixtures";

const TENANT = "33e01921-4d64-4f8c-a055-5bdaffd5e33d";
/** A workspace the example stack is not bound to. */
const OTHER_WORKSPACE_ID = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/** What an organization hub that cannot list its accounts configures: it accepts the digests. */
const ORGANIZATION_WIDE = {
    "s3-bucket-notification-cloudtrail-digest-excluded": { allowOrganizationWidePrefix: true },
};

const CONFIGURATIONS: Record<
    string,
    { args: AwsSentinelConnectionArgs; cloud?: FakeCloud; config?: CheckOptions["config"] }
> = {
    "all three log types": { args: ALL_TYPES },
    "one log type with SSE-S3": {
        args: { workspaceId: WORKSPACE_ID, logTypes: { cloudTrail: {} }, bucketEncryption: "s3" },
    },
    "an existing bucket, its key and notifications, KMS queues": {
        args: {
            workspaceId: WORKSPACE_ID,
            logTypes: { vpcFlowLogs: { vpcIds: [VPC_A] }, guardDuty: {} },
            existingBucketName: "corp-logs",
            bucketPolicyManagedElsewhere: true,
            existingBucketKmsKeyArn:
                "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
            existingBucketNotifications: {
                topics: [
                    { arn: "arn:aws:sns:us-east-1:123456789012:t", events: ["s3:ObjectRemoved:*"] },
                ],
            },
            queueEncryption: "kms",
        },
    },
    "an existing bucket whose policy the component manages": {
        args: {
            workspaceId: WORKSPACE_ID,
            logTypes: { cloudTrail: {} },
            existingBucketName: "corp-logs",
            manageBucketPolicy: true,
            keyPrefix: "security",
        },
    },
    "an existing OIDC provider and role name": {
        args: {
            ...ALL_TYPES,
            existingOidcProviderArn: `arn:aws:iam::123456789012:oidc-provider/sts.windows.net/${TENANT}/`,
            roleName: "OIDC_Sentinel",
        },
    },
    "an existing trail and detector": {
        args: {
            workspaceId: WORKSPACE_ID,
            logTypes: {
                cloudTrail: {
                    createTrail: false,
                    trailArn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail",
                },
                guardDuty: { existingDetectorId: "0123456789abcdef0123456789abcdef" },
            },
        },
    },
    "GovCloud with Azure Government": {
        args: { ...ALL_TYPES, azureCloud: "AzureUSGovernment" },
        cloud: GOV_CLOUD,
    },
    "an organization hub whose logs come from log sources": {
        args: {
            ...ORG_HUB,
            organization: { ...ORG_HUB.organization!, accountIds: ["111111111111"] },
        },
    },
    "an organization hub with a trail, flow logs and GuardDuty regions of its own": {
        args: {
            ...ORG_HUB,
            // The hub's account is GuardDuty's delegated administrator: it alone exports.
            organization: {
                ...ORG_HUB.organization!,
                guardDutyAdministratorAccountId: "123456789012",
            },
            logTypes: {
                cloudTrail: { createTrail: true },
                vpcFlowLogs: { vpcIds: [VPC_A] },
                guardDuty: { regions: ["us-east-1", "eu-south-1"] },
            },
        },
        config: ORGANIZATION_WIDE,
    },
    "Control Tower's log archive": {
        args: {
            workspaceId: WORKSPACE_ID,
            organization: { organizationId: ORG_ID, controlTower: true },
            existingBucketName: "aws-controltower-logs-123456789012-us-east-1",
            existingBucketKmsKeyArn:
                "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
            logTypes: { cloudTrail: {} },
        },
        config: ORGANIZATION_WIDE,
    },
    "alarms off, custom flow-log format": {
        args: {
            workspaceId: WORKSPACE_ID,
            logTypes: {
                vpcFlowLogs: {
                    vpcIds: [VPC_A],
                    logFormat: "${srcaddr} ${dstaddr} ${start} ${end} ${action}",
                },
            },
            alarms: { enabled: false },
        },
    },
};

function assertNoMandatory(report: PolicyReport, resources: readonly RecordedResource[]) {
    const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory");
    assert.deepEqual(
        mandatory.map((v) => `${v.policyName} ${v.resourceName}: ${v.message}`),
        [],
    );
    assert.ok(resources.filter((r) => r.custom).length > 10);
}

/** Both components with the given arguments, wired as the program wires them. */
function bothSides(args: AwsSentinelConnectionArgs, cloud?: FakeCloud, preview = false) {
    return runOffline(
        async () => {
            const { AwsSentinelConnection } =
                await import("../components/aws/awsSentinelConnection");
            const { SentinelAwsS3DataConnectors } =
                await import("../components/azure/sentinelAwsS3DataConnectors");
            const aws = new AwsSentinelConnection("sentinel", args);
            new SentinelAwsS3DataConnectors(
                "sentinel",
                {
                    resourceGroupName: "rg-sentinel",
                    workspaceName: "law-sentinel",
                    roleArn: aws.roleArn,
                    connections: aws.connections,
                    onboardWorkspace: true,
                },
                { dependsOn: aws.connectorPrerequisites },
            );
        },
        { cloud, preview },
    );
}

describe("the policy pack over every configuration (end to end)", () => {
    for (const [title, { args, cloud, config }] of Object.entries(CONFIGURATIONS)) {
        it(`finds no mandatory violation in AwsSentinelConnection with ${title}, wired to the Azure side`, async () => {
            const { resources } = await bothSides(args, cloud);
            assertNoMandatory(await checkResources(resources, { config }), resources);
        });

        it(`raises no mandatory violation at a preview of ${title} (nothing blocks a correct pipeline)`, async () => {
            const { resources } = await bothSides(args, cloud, true);
            const report = await checkResources(resources, { config });
            assertNoMandatory(report, resources);
            const d = report.decisions;
            assert.equal(d.decided + d.undecided.length, d.mandatoryChecks);
        });
    }

    it("finds no mandatory violation in the program with the example stack, bound to its workspace", async () => {
        const stack = readStackFile(path.join(__dirname, "..", "program", "Pulumi.example.yaml"));
        const run = await runProgram({ ...stack, cloud: cloudFor(stack.config) });
        const workspaceId = JSON.parse(stack.config["sentinel-aws-s3:sentinel"]).workspaceId;
        const report = await checkResources(run.resources, {
            config: { "iam-sentinel-role-trust-conditions": { workspaceIds: [workspaceId] } },
        });
        assertNoMandatory(report, run.resources);
        assert.equal(
            report.advisory,
            report.violations.filter((v) => v.enforcementLevel === "advisory").length,
        );
    });

    it("reports only the access-log advice for the components' defaults", async () => {
        const { resources } = await runOffline(async () => {
            const { AwsSentinelConnection } =
                await import("../components/aws/awsSentinelConnection");
            new AwsSentinelConnection("sentinel", ALL_TYPES);
        });
        const report = await checkResources(resources);
        assertNoMandatory(report, resources);
        assert.deepEqual(
            report.violations.map((v) => `${v.enforcementLevel} ${v.policyName} ${v.resourceName}`),
            ["advisory s3-bucket-access-logging sentinel-logs"],
        );
    });

    it("reports nothing at all for both components with access logging, and checks every connector", async () => {
        const { resources } = await runOffline(async () => {
            const { AwsSentinelConnection } =
                await import("../components/aws/awsSentinelConnection");
            const { SentinelAwsS3DataConnectors } =
                await import("../components/azure/sentinelAwsS3DataConnectors");
            const aws = new AwsSentinelConnection("sentinel", {
                ...ALL_TYPES,
                accessLogsBucketName: "access-logs",
            });
            new SentinelAwsS3DataConnectors("sentinel", {
                resourceGroupName: "sentinel-rg",
                workspaceName: "sentinel-ws",
                awsConnection: aws,
            });
        });
        const report = await checkResources(resources);
        assert.deepEqual(report.violations, []);
        const connectors = resources.filter((r) => r.type === "azure-native:resources:Resource");
        assert.equal(connectors.length, 3);
        for (const c of connectors) {
            const skipped = (report.notApplicable ?? []).filter(
                (n) => n.urn === c.urn && n.policyName.startsWith("sentinel-connector-"),
            );
            assert.deepEqual(skipped, [], `connector policies skipped ${c.name}`);
        }
    });

    it("flags the same program bound to another workspace", async () => {
        const stack = readStackFile(path.join(__dirname, "..", "program", "Pulumi.example.yaml"));
        const run = await runProgram(stack);
        const report = await checkResources(run.resources, {
            config: {
                "iam-sentinel-role-trust-conditions": { workspaceIds: [OTHER_WORKSPACE_ID] },
            },
        });
        assert.ok(
            report.violations.some(
                (v) =>
                    v.enforcementLevel === "mandatory" &&
                    v.policyName === "iam-sentinel-role-trust-conditions",
            ),
            JSON.stringify(report.violations),
        );
    });
});
