// Composing the components as a Pulumi user expects: Outputs where values only flow into
// resources, the AWS side handed to the Azure side as a whole, and the outputs a user needs.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, runOffline } from "../../offline/mocks";
import { ALL_TYPES, VPC_A, WORKSPACE_ID, deployAws, doc, find, ofType } from "../helpers";

describe("Composing the components", () => {
    describe("IDs given as Outputs", () => {
        it("writes an Output workspace ID in lower case into the trust policy", async () => {
            const run = await deployAws({
                ...ALL_TYPES,
                workspaceId: pulumi.output(WORKSPACE_ID.toUpperCase()),
            });
            const trust = doc(
                find(run.resources, "aws:iam/role:Role", "sentinel-role").inputs.assumeRolePolicy,
            );
            assert.deepEqual(trust.Statement[0].Condition!.StringEquals["sts:RoleSessionName"], [
                `MicrosoftSentinel_${WORKSPACE_ID}`,
                `MicrosoftDefenderForClouds_${WORKSPACE_ID}`,
            ]);
            assert.equal(run.result.roleArn.includes("OIDC_"), true);
        });

        it("fails the deployment with the field's message when an Output resolves to a bad value", async () => {
            await assert.rejects(
                deployAws({ ...ALL_TYPES, workspaceId: pulumi.output("not-a-guid") }),
                /`workspaceId` must be the Log Analytics workspace ID/,
            );
            await assert.rejects(
                deployAws({
                    ...ALL_TYPES,
                    existingOidcProviderArn: pulumi.output(
                        "arn:aws:iam::123456789012:oidc-provider/sts.windows.net/cab8a31a-1906-4287-a0d8-4eef66b95f6e/",
                    ),
                }),
                /`existingOidcProviderArn` must be the provider for Sentinel's issuer in AzureCloud/,
            );
        });

        it("takes the existing bucket, trail and detector as Outputs", async () => {
            const run = await deployAws({
                workspaceId: WORKSPACE_ID,
                logTypes: {
                    cloudTrail: {
                        createTrail: false,
                        trailArn: pulumi.output(
                            "arn:aws:cloudtrail:us-east-1:123456789012:trail/org",
                        ),
                    },
                    guardDuty: {
                        existingDetectorId: pulumi.output("0123456789abcdef0123456789abcdef"),
                    },
                },
                existingBucketName: pulumi.output("corp-logs"),
                manageBucketPolicy: true,
            });
            assert.equal(run.result.bucketArn, "arn:aws:s3:::corp-logs");
            const policy = doc(
                find(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy")
                    .inputs.policy,
            );
            const sources = policy.Statement.flatMap((s) =>
                Object.values(s.Condition ?? {}).flatMap((c) => Object.values(c)),
            );
            assert.ok(sources.includes("arn:aws:cloudtrail:us-east-1:123456789012:trail/org"));
            assert.ok(
                sources.includes(
                    "arn:aws:guardduty:us-east-1:123456789012:detector/0123456789abcdef0123456789abcdef",
                ),
            );
        });
    });

    describe("the AWS side handed to the Azure side", () => {
        let run: { resources: RecordedResource[]; result: { prerequisites: string[] } };
        before(async () => {
            run = await runOffline(async () => {
                const { AwsSentinelConnection } =
                    await import("../../components/aws/awsSentinelConnection");
                const { SentinelAwsS3DataConnectors } =
                    await import("../../components/azure/sentinelAwsS3DataConnectors");
                const aws = new AwsSentinelConnection("sentinel", ALL_TYPES);
                const azure = new SentinelAwsS3DataConnectors("sentinel", {
                    resourceGroupName: "rg-sentinel",
                    workspaceName: "law-sentinel",
                    awsConnection: aws,
                });
                return {
                    ids: azure.connectorIds,
                    prerequisites: aws.connectorPrerequisites.map((r) => r.urn),
                };
            });
        });

        it("creates one connector per connection with the role and each queue", () => {
            const connectors = ofType(run.resources, "azure-native:resources:Resource");
            assert.deepEqual(
                connectors.map((c) => c.inputs.properties.destinationTable),
                ["AWSCloudTrail", "AWSVPCFlow", "AWSGuardDuty"],
            );
            const role = find(run.resources, "aws:iam/role:Role", "sentinel-role");
            for (const c of connectors) {
                assert.ok(c.inputs.properties.roleArn.endsWith(`:role/${role.inputs.name}`));
            }
        });

        it("makes every connector wait for the prerequisites, so the ordering cannot be forgotten", () => {
            const prerequisites = run.result.prerequisites;
            // Sentinel's audience on the provider, the role and its policy, the queue policies,
            // the notification.
            assert.equal(prerequisites.length, 10);
            const wait = find(run.resources, "time:index/sleep:Sleep", "sentinel-iam-propagation");
            for (const urn of prerequisites) {
                assert.ok(wait.dependencies.includes(urn), `the IAM wait waits for ${urn}`);
            }
            for (const c of ofType(run.resources, "azure-native:resources:Resource")) {
                for (const urn of [...prerequisites, wait.urn]) {
                    assert.ok(c.dependencies.includes(urn), `${c.name} waits for ${urn}`);
                }
            }
        });

        it("refuses awsConnection together with roleArn and connections", async () => {
            const { validateSentinelAwsS3DataConnectorsArgs } =
                await import("../../components/azure/sentinelAwsS3DataConnectorsValidation");
            const side = { roleArn: "arn:aws:iam::123456789012:role/OIDC_x", connections: [] };
            assert.match(
                validateSentinelAwsS3DataConnectorsArgs({
                    resourceGroupName: "rg",
                    workspaceName: "law-sentinel",
                    awsConnection: {
                        ...side,
                        connections: [
                            {
                                destinationTable: "AWSVPCFlow",
                                sqsUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                            },
                        ],
                    },
                    roleArn: side.roleArn,
                }).join("\n"),
                /`awsConnection` already gives the role ARN and connections/,
            );
            assert.match(
                validateSentinelAwsS3DataConnectorsArgs({
                    resourceGroupName: "rg",
                    workspaceName: "law-sentinel",
                }).join("\n"),
                /`roleArn` is required without `awsConnection`/,
            );
        });
    });

    describe("the outputs a user needs", () => {
        it("gives the trail, detector, flow logs, dead-letter queues and alarms", async () => {
            const run = await runOffline(async () => {
                const { AwsSentinelConnection } =
                    await import("../../components/aws/awsSentinelConnection");
                const c = new AwsSentinelConnection("sentinel", {
                    ...ALL_TYPES,
                    logTypes: { ...ALL_TYPES.logTypes, vpcFlowLogs: { vpcIds: [VPC_A] } },
                });
                return {
                    trailArn: c.trailArn,
                    detectorIds: c.detectorIds,
                    flowLogIds: c.flowLogIds,
                    deadLetterQueueUrls: c.deadLetterQueueUrls,
                    alarmArns: c.alarmArns,
                    queueArns: c.queueArns,
                    workspaceId: c.workspaceId,
                    region: c.region,
                    accountId: c.accountId,
                };
            });
            const r = run.result;
            const trail = find(run.resources, "aws:cloudtrail/trail:Trail", "sentinel-trail");
            assert.equal(r.trailArn, trail.state.arn);
            const detector = find(
                run.resources,
                "aws:guardduty/detector:Detector",
                "sentinel-guardduty-detector",
            );
            assert.deepEqual(r.detectorIds, { "us-east-1": detector.id });
            assert.deepEqual(r.flowLogIds, {
                [VPC_A]: find(
                    run.resources,
                    "aws:ec2/flowLog:FlowLog",
                    `sentinel-flow-log-${VPC_A}`,
                ).id,
            });
            for (const t of ["cloudTrail", "vpcFlowLogs", "guardDuty"]) {
                assert.equal(
                    r.deadLetterQueueUrls[t],
                    find(run.resources, "aws:sqs/queue:Queue", `sentinel-${t}-dlq`).state.url,
                );
                assert.equal(
                    r.alarmArns[`${t}-age`],
                    find(
                        run.resources,
                        "aws:cloudwatch/metricAlarm:MetricAlarm",
                        `sentinel-${t}-age-alarm`,
                    ).state.arn,
                );
                assert.equal(
                    r.alarmArns[`${t}-dlq`],
                    find(
                        run.resources,
                        "aws:cloudwatch/metricAlarm:MetricAlarm",
                        `sentinel-${t}-dlq-alarm`,
                    ).state.arn,
                );
                // Built from the queue's name, it is the ARN the cloud gives the queue.
                assert.equal(
                    r.queueArns[t],
                    find(run.resources, "aws:sqs/queue:Queue", `sentinel-${t}-queue`).state.arn,
                );
            }
            assert.equal(r.workspaceId, WORKSPACE_ID);
            assert.equal(r.region, "us-east-1");
            assert.equal(r.accountId, "123456789012");
        });
    });
});
