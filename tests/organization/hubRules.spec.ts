// The rules of an organization hub before anything is created, Control Tower's log archive read as
// it is, one OIDC provider per account, and GuardDuty in several regions of a single account.
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { validateAwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionValidation";
import { validateSentinelLogSourceArgs } from "../../components/aws/sentinelLogSource";
import { RecordedResource, resourcesOf, runOffline } from "../../offline/mocks";
import { WORKSPACE_ID, doc, find, inventory, ofType, statement } from "../helpers";
import { ORG_CLOUD, ORG_HUB, ORG_ID, SECURITY } from "./fixtures";

const problemsOf = (args: Record<string, unknown>) =>
    validateAwsSentinelConnectionArgs("sentinel", {
        ...ORG_HUB,
        ...args,
    } as unknown as AwsSentinelConnectionArgs);

const accounts = (n: number) => Array.from({ length: n }, (_, i) => String(200000000000 + i));

describe("An organization hub with bad input", () => {
    it("names a malformed organization ID, bad or repeated account IDs and unknown regions at once", () => {
        assert.deepEqual(
            problemsOf({
                organization: {
                    organizationId: "o-ABC",
                    accountIds: ["12345", "111111111111", "111111111111"],
                    regions: ["eu-west-1", "moon-1"],
                    guardDutyAdministratorAccountId: SECURITY,
                },
            }),
            [
                '`organization.organizationId` must be an organization ID: "o-" and 10-32 lowercase letters or digits such as "o-a1b2c3d4e5"; got "o-ABC".',
                '`organization.accountIds[0]` must be an AWS account ID (12 digits) such as "111122223333"; got "12345".',
                '`organization.accountIds` lists "111111111111" more than once; list each once.',
                '`organization.regions[1]` must be an AWS region name such as "eu-west-1"; got "moon-1".',
            ],
        );
    });

    it("says how many accounts fit when the notifications would pass S3's limit", () => {
        // S3 user guide, "Amazon S3 Event Notifications": 100 configurations per bucket.
        assert.deepEqual(
            problemsOf({
                organization: { ...ORG_HUB.organization, accountIds: accounts(98) },
            }),
            [],
        );
        assert.deepEqual(
            problemsOf({
                organization: { ...ORG_HUB.organization, accountIds: accounts(99) },
            }),
            [
                "`organization.accountIds` lists 99 accounts, but S3 allows 100 notification configurations per bucket and this one would need 101 (one CloudTrail prefix per account, 2 for the other log types). At most 98 accounts fit: list at most 98, or leave `organization.accountIds` out (one prefix then covers every account, and CloudTrail's digest files reach the queue too), or split the accounts across hubs, each with its own bucket.",
            ],
        );
    });

    it("refuses settings that would do nothing", () => {
        assert.deepEqual(
            problemsOf({
                organization: { organizationId: ORG_ID, regions: ["eu-west-1"] },
                logTypes: { cloudTrail: {} },
            }),
            [
                "`organization.regions` does nothing without `logTypes.guardDuty`: it names the regions GuardDuty exports come from. Remove it, or connect GuardDuty.",
            ],
        );
    });

    it("suggests the known key for a misspelt one", () => {
        assert.deepEqual(problemsOf({ organization: { ...ORG_HUB.organization, acountIds: [] } }), [
            "`organization.acountIds` is not a known setting; did you mean `accountIds`?",
        ]);
    });

    it("creates nothing", async () => {
        await assert.rejects(
            runOffline(async () => {
                const { AwsSentinelConnection } =
                    await import("../../components/aws/awsSentinelConnection");
                new AwsSentinelConnection("sentinel", {
                    ...ORG_HUB,
                    organization: { organizationId: "org-1" },
                });
            }).catch((error) => {
                assert.deepEqual(
                    resourcesOf(error).filter((r) => r.custom),
                    [],
                );
                throw error;
            }),
            /AwsSentinelConnection "sentinel"[\s\S]*`organization.organizationId` must be an organization ID/,
        );
    });

    it("refuses an organization trail into a hub of a single account", () => {
        // The single-account hub's bucket policy admits only its own account's trail.
        const destination = {
            format: "sentinel-aws-s3/log-destination/v1",
            bucketName: "logs",
            bucketArn: "arn:aws:s3:::logs",
            accountId: "123456789012",
            region: "us-east-1",
            partition: "aws",
            bucketUsesKey: false,
            keyPrefixes: { cloudTrail: "" },
        };
        assert.deepEqual(
            validateSentinelLogSourceArgs({
                destination,
                cloudTrail: { organizationTrail: true },
            } as never),
            [
                "`destination` is a hub of a single account: log sources write into an organization hub, whose policies admit every account of the organization. Give the hub `organization: { organizationId }` (an organization trail needs it).",
            ],
        );
    });
});

describe("Control Tower's log archive", () => {
    const CT_BUCKET = "aws-controltower-logs-222222222222-us-east-1";
    const CT_KEY = "arn:aws:kms:us-east-1:333333333333:key/0000abcd-0000-4000-8000-000000000000";
    const CT_HUB: AwsSentinelConnectionArgs = {
        workspaceId: WORKSPACE_ID,
        organization: { organizationId: ORG_ID, controlTower: true },
        existingBucketName: CT_BUCKET,
        existingBucketKmsKeyArn: CT_KEY,
        logTypes: { cloudTrail: {} },
    };

    /** The hub with a provider for this account and region, the bucket policies it waits for resolved. */
    const deployCt = (args: AwsSentinelConnectionArgs, accountId: string, region: string) =>
        runOffline(
            async () => {
                const { AwsSentinelConnection } =
                    await import("../../components/aws/awsSentinelConnection");
                const hub = new AwsSentinelConnection("sentinel", args);
                return {
                    connections: hub.connections,
                    logDestination: hub.logDestination,
                    prerequisites: hub.connectorPrerequisites.map((r) => r.urn),
                };
            },
            { cloud: { ...ORG_CLOUD, accountId, region } },
        );

    let run: { resources: RecordedResource[]; result: { logDestination: unknown } };
    before(async () => {
        // In the log archive account, in Control Tower's home region.
        run = await deployCt(CT_HUB, "222222222222", "us-east-1");
    });

    it("fails at preview when the hub's provider is not the log archive account, naming both", async () => {
        // S3 puts the bucket owner's account in aws:SourceAccount and notifies only queues of the
        // bucket's region (S3 user guide, "Granting permissions to publish event notification
        // messages to a destination"; "Event notification types and destinations").
        await assert.rejects(
            deployCt(CT_HUB, "123456789012", "us-east-1"),
            /`existingBucketName` "aws-controltower-logs-222222222222-us-east-1" belongs to the log archive account 222222222222 in us-east-1, but the hub's AWS provider is account 123456789012 in us-east-1/,
        );
    });

    it("fails at preview when the hub's provider is in another region than the bucket, naming both", async () => {
        await assert.rejects(
            deployCt(CT_HUB, "222222222222", "eu-west-1"),
            /belongs to the log archive account 222222222222 in us-east-1, but the hub's AWS provider is account 222222222222 in eu-west-1: S3 notifies only queues in the bucket's region/,
        );
    });

    it("lets S3 send as the bucket owner, the log archive account", () => {
        const policy = doc(
            find(
                run.resources,
                "aws:sqs/queuePolicy:QueuePolicy",
                "sentinel-cloudTrail-queue-policy",
            ).inputs.policy,
        );
        assert.deepEqual(statement(policy, "AllowS3BucketNotifications").Condition, {
            ArnEquals: { "aws:SourceArn": `arn:aws:s3:::${CT_BUCKET}` },
            StringEquals: { "aws:SourceAccount": "222222222222" },
        });
    });

    it("leaves the bucket, its policy and Control Tower's trail as they are", () => {
        // Control Tower controls reference, mandatory controls AWS-GR_CT_AUDIT_BUCKET_POLICY_, _ENCRYPTION_,
        // _LOGGING_CONFIGURATION_ and _LIFECYCLE_CONFIGURATION_CHANGES_PROHIBITED.
        const types = inventory(run.resources).map((line) => line.split(" ")[0]);
        for (const type of [
            "aws:s3/bucket:Bucket",
            "aws:s3/bucketPolicy:BucketPolicy",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            "aws:s3/bucketLogging:BucketLogging",
            "aws:cloudtrail/trail:Trail",
            "aws:kms/key:Key",
        ]) {
            assert.equal(types.includes(type), false, type);
        }
    });

    it("notifies on Control Tower's organization trail only, not on AWS Config's files beside it", () => {
        const notification = find(
            run.resources,
            "aws:s3/bucketNotification:BucketNotification",
            "sentinel-notification",
        );
        assert.equal(notification.inputs.bucket, CT_BUCKET);
        assert.deepEqual(
            notification.inputs.queues.map((q: Record<string, unknown>) => q.filterPrefix),
            [`${ORG_ID}/AWSLogs/${ORG_ID}/`],
        );
    });

    it("lets the role read the organization trail's logs and decrypt with Control Tower's key", () => {
        const policy = doc(
            find(run.resources, "aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy").inputs
                .policy,
        );
        assert.deepEqual(statement(policy, "ReadLogObjects").Resource, [
            `arn:aws:s3:::${CT_BUCKET}/${ORG_ID}/AWSLogs/${ORG_ID}/*/CloudTrail/*`,
        ]);
        assert.deepEqual(statement(policy, "DecryptLogsAndMessages").Resource, [CT_KEY]);
    });

    it("refuses what Control Tower's controls forbid, each with the fix", () => {
        const found = validateAwsSentinelConnectionArgs("sentinel", {
            ...CT_HUB,
            existingBucketName: "my-logs",
            manageBucketPolicy: true,
            keyPrefix: "x",
            logTypes: { cloudTrail: { createTrail: true }, guardDuty: {} },
        } as AwsSentinelConnectionArgs);
        assert.deepEqual(found, [
            '`existingBucketName` must be Control Tower\'s log archive bucket, aws-controltower-logs-<log archive account>-<home region>, with `organization.controlTower`; got "my-logs".',
            "`manageBucketPolicy` cannot be used with `organization.controlTower`: Control Tower's mandatory controls deny changes to the log archive bucket's policy. Leave the bucket policy to Control Tower, or replicate the logs into a hub bucket of your own (see the README's \"AWS Control Tower\").",
            "`keyPrefix` does nothing with `organization.controlTower`: Control Tower's trail writes under the organization ID. Remove it.",
            "`logTypes.guardDuty` cannot be connected with `organization.controlTower`: only CloudTrail writes to the log archive bucket, and its policy cannot admit other writers. Connect it from a hub bucket of your own.",
            "`logTypes.cloudTrail.createTrail` cannot be true with `organization.controlTower`: Control Tower's organization trail already writes there.",
        ]);
        assert.deepEqual(
            validateAwsSentinelConnectionArgs("sentinel", {
                ...CT_HUB,
                existingBucketName: undefined,
                existingBucketKmsKeyArn: undefined,
            } as AwsSentinelConnectionArgs),
            [
                "`organization.controlTower` reads Control Tower's log archive bucket: set `existingBucketName` to it (aws-controltower-logs-<log archive account>-<home region>).",
            ],
        );
    });

    it("is no destination for log sources", () => {
        const found = validateSentinelLogSourceArgs({
            destination: run.result.logDestination,
            cloudTrail: { organizationTrail: true },
        } as never);
        assert.equal(found.length, 1);
        assert.match(found[0], /^`destination` is Control Tower's log archive/);
    });
});

describe("One OIDC provider per account, shared", () => {
    const SINGLE: AwsSentinelConnectionArgs = {
        workspaceId: WORKSPACE_ID,
        logTypes: { guardDuty: {} },
    };

    it("lets several hubs of one account each hold Sentinel's audience on the one provider, and hubs of other accounts hold theirs", async () => {
        // IAM API reference, CreateOpenIDConnectProvider: one provider per URL in an account. No
        // hub creates it as a resource of its own: each holds the audience on it.
        const run = await runOffline(async () => {
            const aws = await import("@pulumi/aws");
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            new AwsSentinelConnection("eu", SINGLE);
            new AwsSentinelConnection("us", SINGLE);
            const other = new aws.Provider("other", {
                region: "us-east-1",
                assumeRoles: [{ roleArn: "arn:aws:iam::444444444444:role/Deploy" }],
            });
            new AwsSentinelConnection("other", SINGLE, { provider: other });
        });
        assert.equal(
            ofType(run.resources, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").length,
            0,
        );
        const entries = ofType(run.resources, "aws:lambda/invocation:Invocation").map((i) =>
            JSON.parse(i.inputs.input),
        );
        assert.deepEqual(
            entries.map((e) => e.providerArn),
            [
                "arn:aws:iam::123456789012:oidc-provider/sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/",
                "arn:aws:iam::123456789012:oidc-provider/sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/",
                "arn:aws:iam::444444444444:oidc-provider/sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/",
            ],
        );
        // Each hub holds the audience under its own name, so one hub leaving keeps it for the others.
        assert.equal(new Set(entries.map((e) => e.holder)).size, 3);
    });
});

describe("GuardDuty in several regions of a single account", () => {
    it("creates a detector and an export per region, each written by its region's principal", async () => {
        const run = await runOffline(async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            new AwsSentinelConnection("sentinel", {
                workspaceId: WORKSPACE_ID,
                logTypes: { guardDuty: { regions: ["us-east-1", "eu-south-1"] } },
            });
        });
        const detectors = ofType(run.resources, "aws:guardduty/detector:Detector");
        assert.deepEqual(
            detectors.map((d) => d.inputs.region),
            ["us-east-1", "eu-south-1"],
        );
        const exports = ofType(
            run.resources,
            "aws:guardduty/publishingDestination:PublishingDestination",
        );
        assert.deepEqual(
            exports.map((e) => [e.inputs.region, e.inputs.detectorId]),
            detectors.map((d) => [d.inputs.region, d.id]),
        );
        const write = statement(
            doc(
                find(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy")
                    .inputs.policy,
            ),
            "GuardDutyWrite",
        );
        // GuardDuty user guide, "Exporting generated findings": opt-in regions sign regionally.
        assert.deepEqual(write.Principal, {
            Service: ["guardduty.amazonaws.com", "guardduty.eu-south-1.amazonaws.com"],
        });
        // Bound to this account's detectors (their IDs are unknown until created).
        assert.deepEqual(write.Condition, {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: { "aws:SourceArn": "arn:aws:guardduty:*:123456789012:detector/*" },
        });
    });
});
