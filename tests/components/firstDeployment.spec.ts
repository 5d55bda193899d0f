// The first `pulumi up` must succeed and logs must flow: each requirement of the AWS guides that a
// deployment would otherwise fail on (or deploy and deliver nothing), with the guide it comes from.
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { validateAwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionValidation";
import { OPT_IN_REGIONS, guardDutyServicePrincipal } from "../../components/shared/catalog";
import { PLACEHOLDER_CLOUD } from "../../offline/mocks";
import { ALL_TYPES, VPC_A, WORKSPACE_ID, deployAws, doc, find, list, statement } from "../helpers";

const ACCOUNT = PLACEHOLDER_CLOUD.accountId;

const problemsOf = (args: Partial<AwsSentinelConnectionArgs> & Record<string, unknown>) =>
    validateAwsSentinelConnectionArgs("sentinel", {
        ...ALL_TYPES,
        ...args,
    } as AwsSentinelConnectionArgs);

describe("A first deployment that succeeds", () => {
    describe("CloudTrail with SSE-KMS and an S3 Bucket Key", () => {
        it("lets CloudTrail decrypt with the logs key, bound to the trail", async () => {
            // CloudTrail user guide, "Configure AWS KMS key policies for CloudTrail", required
            // elements for trails: with an S3 Bucket Key, kms:Decrypt is required to create or
            // update a trail with SSE-KMS (InsufficientEncryptionPolicyException otherwise).
            const run = await deployAws(ALL_TYPES);
            const bucketKey = find(
                run.resources,
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "sentinel-logs-encryption",
            );
            assert.equal(bucketKey.inputs.rules[0].bucketKeyEnabled, true);
            const policy = doc(
                find(run.resources, "aws:kms/key:Key", "sentinel-logs-key").inputs.policy,
            );
            assert.deepEqual(statement(policy, "CloudTrailDecryptsWithBucketKey"), {
                Sid: "CloudTrailDecryptsWithBucketKey",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: {
                    StringEquals: {
                        "aws:SourceArn": `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/sentinel-test`,
                    },
                },
            });
        });
    });

    describe("GuardDuty export under a key prefix", () => {
        let run: Awaited<ReturnType<typeof deployAws>>;
        before(async () => {
            run = await deployAws({ ...ALL_TYPES, keyPrefix: "security/aws" });
        });

        it("writes the folder object first and exports to the folder ARN with its trailing slash", () => {
            // GuardDuty API reference, DestinationProperties: arn:aws:s3:::bucket/folder/; the
            // folder must exist or CreatePublishingDestination fails with BadRequestException.
            const marker = find(
                run.resources,
                "aws:s3/bucketObjectv2:BucketObjectv2",
                "sentinel-guardduty-folder",
            );
            assert.equal(marker.inputs.key, "security/aws/");
            assert.equal(marker.inputs.content, "");
            assert.equal(marker.options.retainOnDelete, true, "kept like the bucket");
            const destination = find(
                run.resources,
                "aws:guardduty/publishingDestination:PublishingDestination",
                "sentinel-guardduty-export",
            );
            assert.equal(
                destination.inputs.destinationArn,
                "arn:aws:s3:::sentinel-logs-xxxxxxx/security/aws/",
            );
            assert.ok(destination.dependencies.includes(marker.urn), "waits for the folder");
        });

        it("never expires the empty folder object with the lifecycle rule", () => {
            // S3 user guide, "Lifecycle configuration elements": a filter on object size; the
            // folder object has 0 bytes, so a rule for objects larger than 0 bytes skips it.
            const lifecycle = find(
                run.resources,
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                "sentinel-logs-lifecycle",
            );
            for (const rule of lifecycle.inputs.rules) {
                assert.equal(rule.filter.objectSizeGreaterThan, 0, rule.id);
            }
        });

        it("writes no folder object without a key prefix", async () => {
            const plain = await deployAws(ALL_TYPES);
            assert.equal(
                plain.resources.filter((r) => r.type === "aws:s3/bucketObjectv2:BucketObjectv2")
                    .length,
                0,
            );
            const destination = find(
                plain.resources,
                "aws:guardduty/publishingDestination:PublishingDestination",
                "sentinel-guardduty-export",
            );
            assert.equal(destination.inputs.destinationArn, "arn:aws:s3:::sentinel-logs-xxxxxxx");
        });
    });

    describe("GuardDuty in an opt-in region", () => {
        it("names the regional principal in the bucket and key policies", async () => {
            // GuardDuty user guide, "Exporting generated findings to Amazon S3 buckets": in opt-in
            // regions the policies name guardduty.<region>.amazonaws.com.
            const run = await deployAws(
                { workspaceId: WORKSPACE_ID, logTypes: { guardDuty: {} } },
                { cloud: { ...PLACEHOLDER_CLOUD, region: "ap-east-1" } },
            );
            const bucketPolicy = doc(
                find(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy")
                    .inputs.policy,
            );
            const keyPolicy = doc(
                find(run.resources, "aws:kms/key:Key", "sentinel-logs-key").inputs.policy,
            );
            for (const s of [
                statement(bucketPolicy, "GuardDutyWrite"),
                statement(bucketPolicy, "GuardDutyBucketLocation"),
                statement(keyPolicy, "GuardDutyEncryptsFindings"),
            ]) {
                assert.deepEqual(s.Principal, { Service: "guardduty.ap-east-1.amazonaws.com" });
            }
        });

        it("keeps the opt-in regions as data, with an override", async () => {
            assert.ok(OPT_IN_REGIONS.includes("me-south-1"));
            assert.equal(guardDutyServicePrincipal("eu-west-1"), "guardduty.amazonaws.com");
            assert.equal(
                guardDutyServicePrincipal("af-south-1"),
                "guardduty.af-south-1.amazonaws.com",
            );
            const run = await deployAws(
                {
                    workspaceId: WORKSPACE_ID,
                    logTypes: { guardDuty: {} },
                    optInRegions: ["eu-west-1"],
                },
                { cloud: { ...PLACEHOLDER_CLOUD, region: "eu-west-1" } },
            );
            const keyPolicy = doc(
                find(run.resources, "aws:kms/key:Key", "sentinel-logs-key").inputs.policy,
            );
            assert.deepEqual(statement(keyPolicy, "GuardDutyEncryptsFindings").Principal, {
                Service: "guardduty.eu-west-1.amazonaws.com",
            });
            assert.match(
                problemsOf({ optInRegions: ["Frankfurt"] })[0],
                /`optInRegions\[0\]` must be an AWS region name/,
            );
        });
    });

    describe("an existing bucket with exports the component creates", () => {
        it("fails validation unless the component writes the policy or the user says it admits the writers", () => {
            // CreateTrail fails with InsufficientS3BucketPolicyException when the bucket policy does
            // not admit the trail (CloudTrail user guide, "Amazon S3 bucket policy for CloudTrail").
            const problems = problemsOf({ existingBucketName: "corp-logs" });
            assert.equal(problems.length, 1, problems.join("\n"));
            assert.match(problems[0], /\(cloudTrail, vpcFlowLogs, guardDuty\)/);
            assert.match(problems[0], /set `manageBucketPolicy` to true/);
            assert.match(problems[0], /set `bucketPolicyManagedElsewhere` to true/);
            assert.deepEqual(
                problemsOf({ existingBucketName: "corp-logs", manageBucketPolicy: true }),
                [],
            );
            assert.deepEqual(
                problemsOf({ existingBucketName: "corp-logs", bucketPolicyManagedElsewhere: true }),
                [],
            );
        });

        it("refuses the acknowledgement where it contradicts or does nothing", () => {
            assert.match(
                problemsOf({ bucketPolicyManagedElsewhere: true })[0],
                /`bucketPolicyManagedElsewhere` contradicts `manageBucketPolicy`/,
            );
            assert.match(
                problemsOf({
                    existingBucketName: "corp-logs",
                    bucketPolicyManagedElsewhere: true,
                    logTypes: { cloudTrail: { createTrail: false } },
                })[0],
                /`bucketPolicyManagedElsewhere` does nothing/,
            );
        });

        it("needs no acknowledgement when the component creates no export", () => {
            assert.deepEqual(
                problemsOf({
                    existingBucketName: "corp-logs",
                    logTypes: { cloudTrail: { createTrail: false } },
                }),
                [],
            );
        });
    });
});

describe("A deployment that delivers", () => {
    describe("the workspace ID in the role's session names", () => {
        it("is written in lower case, as Sentinel sends it", async () => {
            // sts:RoleSessionName is compared case-sensitively by StringEquals; the session names
            // carry the workspace ID in lower case (S3B40029 otherwise: "connected but no data").
            const upper = WORKSPACE_ID.toUpperCase();
            const run = await deployAws({ ...ALL_TYPES, workspaceId: upper });
            const role = find(run.resources, "aws:iam/role:Role", "sentinel-role");
            const names = doc(role.inputs.assumeRolePolicy).Statement[0].Condition!.StringEquals[
                "sts:RoleSessionName"
            ];
            assert.deepEqual(names, [
                `MicrosoftSentinel_${WORKSPACE_ID}`,
                `MicrosoftDefenderForClouds_${WORKSPACE_ID}`,
            ]);
            assert.ok(role.inputs.description.includes(WORKSPACE_ID));
        });

        it("refuses the all-zero placeholder", () => {
            const [problem] = problemsOf({ workspaceId: "00000000-0000-0000-0000-000000000000" });
            assert.match(problem, /`workspaceId`/);
            assert.match(problem, /placeholder: put your workspace's ID/);
        });
    });

    describe("the writers' key grants (the guides win over least privilege for service writers)", () => {
        let keyPolicy: ReturnType<typeof doc>;
        before(async () => {
            const run = await deployAws(ALL_TYPES);
            keyPolicy = doc(
                find(run.resources, "aws:kms/key:Key", "sentinel-logs-key").inputs.policy,
            );
        });

        it("gives flow-log delivery the CloudWatch Logs guide's SSE-KMS actions", () => {
            // CloudWatch Logs user guide, "Enabling logging from AWS services", Amazon S3, SSE-KMS.
            assert.deepEqual(list(statement(keyPolicy, "AWSLogDeliveryEncryptsLogs").Action), [
                "kms:Encrypt",
                "kms:Decrypt",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:DescribeKey",
            ]);
        });

        it("lets GuardDuty decrypt, bound to the account and its detector", () => {
            const s = statement(keyPolicy, "GuardDutyEncryptsFindings");
            assert.deepEqual(list(s.Action), ["kms:GenerateDataKey", "kms:Decrypt"]);
            assert.deepEqual(s.Condition, {
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnLike: { "aws:SourceArn": `arn:aws:guardduty:us-east-1:${ACCOUNT}:detector/*` },
            });
        });
    });

    describe("S3's test event", () => {
        it("can be delivered: the notification is saved only once every queue policy admits S3", async () => {
            // Saving a notification configuration makes S3 send s3:TestEvent to each destination
            // (S3 user guide, "Event notification types and destinations"): without the queue
            // policy the save itself fails.
            const run = await deployAws(ALL_TYPES);
            const notification = find(
                run.resources,
                "aws:s3/bucketNotification:BucketNotification",
                "sentinel-notification",
            );
            for (const t of ["cloudTrail", "vpcFlowLogs", "guardDuty"]) {
                const policy = find(
                    run.resources,
                    "aws:sqs/queuePolicy:QueuePolicy",
                    `sentinel-${t}-queue-policy`,
                );
                assert.ok(notification.dependencies.includes(policy.urn), t);
            }
        });
    });
});

describe("The trail's management events", () => {
    it("records every management event by default, or only writes when asked", async () => {
        // CloudTrail API reference, PutEventSelectors: ReadWriteType All | ReadOnly | WriteOnly.
        const all = await deployAws({ workspaceId: WORKSPACE_ID, logTypes: { cloudTrail: {} } });
        assert.deepEqual(
            find(all.resources, "aws:cloudtrail/trail:Trail", "sentinel-trail").inputs
                .eventSelectors,
            [{ readWriteType: "All", includeManagementEvents: true }],
        );
        const writes = await deployAws({
            workspaceId: WORKSPACE_ID,
            logTypes: { cloudTrail: { managementEvents: "WriteOnly" } },
        });
        assert.deepEqual(
            find(writes.resources, "aws:cloudtrail/trail:Trail", "sentinel-trail").inputs
                .eventSelectors,
            [{ readWriteType: "WriteOnly", includeManagementEvents: true }],
        );
        assert.match(
            problemsOf({ logTypes: { cloudTrail: { managementEvents: "Writes" as never } } })[0],
            /`logTypes.cloudTrail.managementEvents` must be one of "All", "ReadOnly", "WriteOnly"; got "Writes"/,
        );
        assert.match(
            problemsOf({
                logTypes: {
                    cloudTrail: {
                        createTrail: false,
                        trailArn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail",
                        managementEvents: "WriteOnly",
                    },
                },
            })[0],
            /`logTypes.cloudTrail.managementEvents` only applies to a trail the component creates/,
        );
    });
});

describe("Validation users can live with", () => {
    it("reports every problem in one pass, however many there are", () => {
        const problems = problemsOf({
            workspaceId: "law-sentinel",
            azureCloud: "AzureChina" as never,
            logTypes: {
                cloudWatch: {},
                vpcFlowLogs: { vpcIds: ["vpc-1", VPC_A, VPC_A], trafficType: "SOME" as never },
                guardDuty: { existingDetectorId: "detector" },
            } as never,
            queueEncryption: "aws" as never,
            messageRetentionSeconds: 60,
            tags: { "aws:team": "x" },
            retainOnDelete: "yes" as never,
        });
        for (const fragment of [
            "`workspaceId`",
            "`azureCloud`",
            "`logTypes.cloudWatch` is not a known setting",
            "`logTypes.vpcFlowLogs.vpcIds[0]`",
            "`logTypes.vpcFlowLogs.vpcIds` lists",
            "`logTypes.vpcFlowLogs.trafficType`",
            "`logTypes.guardDuty.existingDetectorId`",
            "`queueEncryption`",
            "`messageRetentionSeconds`",
            "`tags` key",
            "`retainOnDelete`",
        ]) {
            assert.ok(
                problems.some((p) => p.includes(fragment)),
                `${fragment} in:\n${problems.join("\n")}`,
            );
        }
        assert.equal(problems.length, 11, problems.join("\n"));
    });

    it("does not let a bad component name hide the other problems", () => {
        const problems = validateAwsSentinelConnectionArgs("Bad Name", {
            ...ALL_TYPES,
            workspaceId: "x",
            keyPrefix: "/x",
        });
        assert.equal(problems.length, 3, problems.join("\n"));
        assert.match(problems[0], /the component name "Bad Name"/);
    });

    it("does not let an unknown log type hide a bad VPC ID", () => {
        const problems = problemsOf({
            logTypes: { cloudwatch: {}, vpcFlowLogs: { vpcIds: ["vpc-bad"] } } as never,
        });
        assert.equal(problems.length, 2, problems.join("\n"));
        assert.match(problems[0], /`logTypes.cloudwatch` is not a known setting/);
        assert.match(problems[1], /`logTypes.vpcFlowLogs.vpcIds\[0\]` must be a VPC ID/);
    });

    it("makes settings that would do nothing errors", () => {
        assert.match(
            problemsOf({
                existingBucketName: "corp-logs",
                bucketPolicyManagedElsewhere: true,
                bucketPolicyStatements: [],
            })[0],
            /`bucketPolicyStatements` only applies to a bucket policy the component writes/,
        );
        assert.match(
            problemsOf({ alarms: { actions: ["security-alerts"] } })[0],
            /`alarms.actions\[0\]` must be an ARN/,
        );
        assert.match(
            problemsOf({ alarms: { enabled: false, oldestMessageAgeSeconds: 600 } })[0],
            /`alarms.oldestMessageAgeSeconds` does nothing while `alarms.enabled` is false/,
        );
        assert.match(
            problemsOf({
                logTypes: {
                    cloudTrail: {
                        createTrail: false,
                        trailArn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail",
                        includeGlobalServiceEvents: false,
                    },
                },
            })[0],
            /`logTypes.cloudTrail.includeGlobalServiceEvents` only applies to a trail the component creates/,
        );
    });
});
