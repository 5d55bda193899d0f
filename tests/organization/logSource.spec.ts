// SentinelLogSource: the exports of one account writing into an organization hub, created with
// that account's provider, or reading the hub's destination from its stack.
import assert from "node:assert/strict";
import type { SentinelLogSourceArgs } from "../../components/aws/sentinelLogSourceArgs";
import { validateSentinelLogSourceArgs } from "../../components/aws/sentinelLogSource";
import { RecordedResource, resourcesOf, runOffline } from "../../offline/mocks";
import { LOG_TYPES } from "../../components/sources/catalog";
import { find, ofType } from "../helpers";
import { MANAGEMENT, ORG_CLOUD, ORG_HUB, ORG_ID, SECURITY } from "./fixtures";

const HUB_ACCOUNT = "123456789012";
const MEMBER = "100000000003";
const BUCKET = "sentinel-logs-xxxxxxx";

type Sources = Record<
    string,
    { account: string; args: Omit<SentinelLogSourceArgs, "destination"> }
>;

/** A hub in the default account and one log source per entry, each with its account's provider. */
async function deployWithSources(sources: Sources, hubArgs = ORG_HUB) {
    return runOffline(
        async () => {
            const aws = await import("@pulumi/aws");
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            const { SentinelLogSource } = await import("../../components/aws/sentinelLogSource");
            const hub = new AwsSentinelConnection("sentinel", hubArgs);
            const outputs: Record<string, unknown> = { keyArn: hub.logDestination.keyArn };
            for (const [name, { account, args }] of Object.entries(sources)) {
                const provider = new aws.Provider(name, {
                    region: "us-east-1",
                    assumeRoles: [
                        { roleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole` },
                    ],
                });
                const source = new SentinelLogSource(
                    name,
                    { destination: hub.logDestination, ...args },
                    { provider },
                );
                outputs[name] = {
                    trailArn: source.trailArn,
                    detectorIds: source.detectorIds,
                    flowLogIds: source.flowLogIds,
                };
            }
            return outputs;
        },
        { cloud: ORG_CLOUD },
    );
}

const without = <T extends object>(value: T, key: keyof T) =>
    Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));

const providerOf = (r: RecordedResource) => r.options.provider.split("::").slice(-2, -1)[0];

describe("SentinelLogSource", () => {
    describe("an organization trail from the management account", () => {
        let run: Awaited<ReturnType<typeof deployWithSources>>;
        before(async () => {
            run = await deployWithSources({
                management: {
                    account: MANAGEMENT,
                    args: { cloudTrail: { organizationTrail: true } },
                },
            });
        });

        it("records every account into the hub's cloudtrail/ folder with the hub's key", () => {
            const trail = find(run.resources, "aws:cloudtrail/trail:Trail", "management-trail");
            assert.deepEqual(
                {
                    bucket: trail.inputs.s3BucketName,
                    prefix: trail.inputs.s3KeyPrefix,
                    organization: trail.inputs.isOrganizationTrail,
                    multiRegion: trail.inputs.isMultiRegionTrail,
                    validation: trail.inputs.enableLogFileValidation,
                    key: trail.inputs.kmsKeyId,
                },
                {
                    bucket: BUCKET,
                    // CloudTrail API reference, CreateTrail: S3KeyPrefix without a trailing slash.
                    prefix: "cloudtrail",
                    organization: true,
                    multiRegion: true,
                    validation: true,
                    key: run.result.keyArn,
                },
            );
            assert.equal(providerOf(trail), "management");
        });

        it("is created in the management account", () => {
            const out = run.result.management as { trailArn: string };
            assert.equal(
                out.trailArn,
                `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/management-test`,
            );
        });
    });

    describe("flow logs of a member account in several regions", () => {
        let run: Awaited<ReturnType<typeof deployWithSources>>;
        before(async () => {
            run = await deployWithSources({
                member: {
                    account: MEMBER,
                    args: {
                        vpcFlowLogs: {
                            vpcs: [
                                { vpcId: "vpc-0123456789abcdef0" },
                                { vpcId: "vpc-0fedcba9876543210", region: "eu-west-1" },
                            ],
                        },
                    },
                },
            });
        });

        it("delivers each VPC's flow log to the hub's vpcflowlogs/ folder, in the VPC's region", () => {
            const logs = ofType(run.resources, "aws:ec2/flowLog:FlowLog");
            assert.deepEqual(
                logs.map((l) => [l.inputs.vpcId, l.inputs.region, providerOf(l)]),
                [
                    ["vpc-0123456789abcdef0", undefined, "member"],
                    ["vpc-0fedcba9876543210", "eu-west-1", "member"],
                ],
            );
            for (const l of logs) {
                // VPC user guide, "Create a flow log that publishes to Amazon S3".
                assert.equal(l.inputs.logDestination, `arn:aws:s3:::${BUCKET}/vpcflowlogs/`);
                assert.equal(l.inputs.logDestinationType, "s3");
                assert.equal(l.inputs.destinationOptions.fileFormat, "plain-text");
            }
        });

        it("reports the flow logs' IDs by VPC", () => {
            const out = run.result.member as { flowLogIds: Record<string, string> };
            assert.deepEqual(Object.keys(out.flowLogIds), [
                "vpc-0123456789abcdef0",
                "vpc-0fedcba9876543210",
            ]);
            assert.match(out.flowLogIds["vpc-0fedcba9876543210"], /^fl-[0-9a-f]{17}$/);
        });
    });

    describe("GuardDuty from the delegated administrator", () => {
        let run: Awaited<ReturnType<typeof deployWithSources>>;
        before(async () => {
            run = await deployWithSources({
                security: {
                    account: SECURITY,
                    args: {
                        guardDuty: {
                            regions: ["us-east-1", "eu-west-1", "eu-south-1"],
                            existingDetectorIds: {
                                "us-east-1": "0123456789abcdef0123456789abcdef",
                            },
                            autoEnable: "ALL",
                        },
                    },
                },
            });
        });

        it("creates a detector only where none exists, in each region", () => {
            const detectors = ofType(run.resources, "aws:guardduty/detector:Detector");
            assert.deepEqual(
                detectors.map((d) => [d.inputs.region, d.inputs.findingPublishingFrequency]),
                [
                    ["eu-west-1", "FIFTEEN_MINUTES"],
                    ["eu-south-1", "FIFTEEN_MINUTES"],
                ],
            );
            // Kept when it leaves the stack: its findings history is the account's.
            assert.ok(detectors.every((d) => d.options.retainOnDelete));
        });

        it("exports each region's findings to the hub's guardduty/ folder with the hub's key", () => {
            // GuardDuty API reference, DestinationProperties: the folder ARN with its trailing
            // slash; a KMS key is required.
            const exports = ofType(
                run.resources,
                "aws:guardduty/publishingDestination:PublishingDestination",
            );
            const detectors = run.result.security as { detectorIds: Record<string, string> };
            assert.deepEqual(
                exports.map((e) => [e.inputs.region, e.inputs.detectorId]),
                ["us-east-1", "eu-west-1", "eu-south-1"].map((r) => [r, detectors.detectorIds[r]]),
            );
            assert.equal(detectors.detectorIds["us-east-1"], "0123456789abcdef0123456789abcdef");
            for (const e of exports) {
                assert.equal(e.inputs.destinationArn, `arn:aws:s3:::${BUCKET}/guardduty/`);
                assert.equal(e.inputs.destinationType, "S3");
                assert.equal(e.inputs.kmsKeyArn, run.result.keyArn);
                assert.equal(providerOf(e), "security");
            }
        });

        it("enables every member automatically in each region, so one export carries their findings", () => {
            // GuardDuty API reference, UpdateOrganizationConfiguration (autoEnableOrganizationMembers).
            const configs = ofType(
                run.resources,
                "aws:guardduty/organizationConfiguration:OrganizationConfiguration",
            );
            assert.deepEqual(
                configs.map((c) => [c.inputs.region, c.inputs.autoEnableOrganizationMembers]),
                [
                    ["us-east-1", "ALL"],
                    ["eu-west-1", "ALL"],
                    ["eu-south-1", "ALL"],
                ],
            );
        });

        it("answers detectors in the security account", () => {
            const d = find(
                run.resources,
                "aws:guardduty/detector:Detector",
                "security-guardduty-detector-eu-west-1",
            );
            assert.equal(d.state.accountId, SECURITY);
            assert.match(
                d.state.arn,
                new RegExp(`^arn:aws:guardduty:eu-west-1:${SECURITY}:detector/`),
            );
        });
    });

    describe("a destination read from the hub's stack", () => {
        const hubStack = "acme/sentinel-hub/prod";

        async function deployFromStack(destination: Record<string, unknown>, preview = false) {
            return runOffline(
                async () => {
                    const pulumi = await import("@pulumi/pulumi");
                    const { SentinelLogSource } =
                        await import("../../components/aws/sentinelLogSource");
                    const hub = new pulumi.StackReference(hubStack);
                    const source = new SentinelLogSource("member", {
                        destination: hub.requireOutput("logDestination") as never,
                        vpcFlowLogs: { vpcs: [{ vpcId: "vpc-0123456789abcdef0" }] },
                    });
                    return { flowLogIds: source.flowLogIds };
                },
                { stacks: { [hubStack]: { logDestination: destination } }, preview },
            );
        }

        it("writes where the hub's stack output says", async () => {
            const run = await deployFromStack({
                format: "sentinel-aws-s3/log-destination/v1",
                bucketName: "hub-logs",
                bucketArn: "arn:aws:s3:::hub-logs",
                accountId: HUB_ACCOUNT,
                region: "us-east-1",
                partition: "aws",
                bucketUsesKey: false,
                organizationId: ORG_ID,
                keyPrefixes: { vpcFlowLogs: "org/vpcflowlogs/" },
            });
            const flow = find(
                run.resources,
                "aws:ec2/flowLog:FlowLog",
                "member-flow-log-vpc-0123456789abcdef0",
            );
            assert.equal(flow.inputs.logDestination, "arn:aws:s3:::hub-logs/org/vpcflowlogs/");
        });

        it("fails with the destination's problems when the stack's output is not an organization hub's", async () => {
            await assert.rejects(
                deployFromStack({
                    format: "sentinel-aws-s3/log-destination/v1",
                    bucketName: "hub-logs",
                    bucketArn: "arn:aws:s3:::hub-logs",
                    accountId: HUB_ACCOUNT,
                    region: "us-east-1",
                    partition: "aws",
                    bucketUsesKey: false,
                    keyPrefixes: { cloudTrail: "" },
                }),
                (error: Error) => {
                    assert.match(error.message, /SentinelLogSource "member"/);
                    assert.match(error.message, /is a hub of a single account/);
                    assert.match(
                        error.message,
                        /`vpcFlowLogs` is asked of a hub that does not connect it/,
                    );
                    return true;
                },
            );
        });

        it("fails on an output that is no hub's destination at all", async () => {
            await assert.rejects(
                deployFromStack({ bucket: "hub-logs" }),
                /must be an AwsSentinelConnection hub's `logDestination`/,
            );
        });
    });
});

describe("SentinelLogSource in the wrong account", () => {
    it("refuses GuardDuty exports from a member account, creating no detector or export", async () => {
        // GuardDuty user guide, "Exporting generated findings to Amazon S3 buckets": the
        // administrator's export carries every member's findings, so a member's would duplicate
        // them (and the hub's policies admit the administrator only).
        await assert.rejects(
            deployWithSources({
                member: { account: MEMBER, args: { guardDuty: { regions: ["eu-west-1"] } } },
            }).catch((error) => {
                assert.deepEqual(
                    resourcesOf(error)
                        .map((r) => r.type)
                        .filter((t) => t.startsWith("aws:guardduty")),
                    [],
                );
                throw error;
            }),
            new RegExp(
                `SentinelLogSource "member"[\\s\\S]*\`guardDuty\` exports GuardDuty findings from account ${MEMBER}, but only GuardDuty's delegated administrator exports in an organization \\(the hub admits account ${SECURITY}\\)`,
            ),
        );
    });

    it("refuses an account trail of an account the hub does not list", async () => {
        await assert.rejects(
            deployWithSources(
                { member: { account: MEMBER, args: { cloudTrail: {} } } },
                {
                    ...ORG_HUB,
                    organization: { ...ORG_HUB.organization!, accountIds: ["111111111111"] },
                    logTypes: { ...ORG_HUB.logTypes, cloudTrail: { accountTrails: true } },
                },
            ),
            new RegExp(
                `\`cloudTrail\` creates a trail of account ${MEMBER}, which the hub does not list in \`organization.accountIds\` \\(111111111111\\)`,
            ),
        );
    });

    it("creates an account trail of a listed account into a hub that admits account trails", async () => {
        const run = await deployWithSources(
            { member: { account: MEMBER, args: { cloudTrail: {} } } },
            {
                ...ORG_HUB,
                organization: { ...ORG_HUB.organization!, accountIds: [MEMBER] },
                logTypes: { ...ORG_HUB.logTypes, cloudTrail: { accountTrails: true } },
            },
        );
        const trail = find(run.resources, "aws:cloudtrail/trail:Trail", "member-trail");
        assert.deepEqual(
            [
                trail.inputs.isOrganizationTrail,
                trail.inputs.s3KeyPrefix,
                trail.inputs.enableLogging,
            ],
            [false, "cloudtrail", true],
        );
    });
});

describe("SentinelLogSource with bad input", () => {
    const DESTINATION = {
        format: "sentinel-aws-s3/log-destination/v1",
        bucketName: "hub-logs",
        bucketArn: "arn:aws:s3:::hub-logs",
        accountId: HUB_ACCOUNT,
        region: "us-east-1",
        partition: "aws",
        keyArn: `arn:aws:kms:us-east-1:${HUB_ACCOUNT}:key/0000abcd-0000-4000-8000-000000000000`,
        bucketUsesKey: true,
        organizationId: ORG_ID,
        keyPrefixes: {
            cloudTrail: "cloudtrail/",
            vpcFlowLogs: "vpcflowlogs/",
            guardDuty: "guardduty/",
        },
        guardDutyOptInRegions: ["eu-south-1"],
        bindings: { guardDuty: { administratorAccountId: SECURITY } },
    };
    const problems = (args: Record<string, unknown>) =>
        validateSentinelLogSourceArgs({ destination: DESTINATION, ...args } as never);

    it("accepts a well-formed source", () => {
        assert.deepEqual(
            problems({
                cloudTrail: { organizationTrail: true },
                guardDuty: { regions: ["eu-west-1", "eu-south-1"], autoEnable: "NEW" },
                vpcFlowLogs: { vpcs: [{ vpcId: "vpc-0123456789abcdef0", region: "eu-west-1" }] },
            }),
            [],
        );
    });

    it("asks for at least one log type", () => {
        assert.deepEqual(problems({}), [
            `a log source must export at least one log type: set ${LOG_TYPES.slice(0, -1)
                .map((t) => `\`${t}\``)
                .join(
                    ", ",
                )} or \`${LOG_TYPES.at(-1)}\` (for example \`guardDuty: { regions: ["eu-west-1"] }\`).`,
        ]);
    });

    it("names regions that are not AWS regions, autoEnable outside its values, and repeated VPCs", () => {
        const found = problems({
            guardDuty: { regions: ["eu-west-1", "europe-west1"], autoEnable: "YES" },
            vpcFlowLogs: {
                vpcs: [
                    { vpcId: "vpc-0123456789abcdef0", region: "mars-1" },
                    { vpcId: "vpc-0123456789abcdef0" },
                ],
            },
        });
        assert.equal(found.length, 4, found.join("\n"));
        assert.match(found.join("\n"), /`guardDuty\.regions\[1\]` must be an AWS region/);
        assert.match(
            found.join("\n"),
            /`guardDuty\.autoEnable` must be one of "ALL", "NEW", "NONE"/,
        );
        assert.match(found.join("\n"), /`vpcFlowLogs\.vpcs\[0\]\.region` must be an AWS region/);
        assert.match(
            found.join("\n"),
            /`vpcFlowLogs\.vpcs` lists "vpc-0123456789abcdef0" more than once/,
        );
    });

    it("refuses a detector for a region it does not export from", () => {
        assert.deepEqual(
            problems({
                guardDuty: {
                    regions: ["eu-west-1"],
                    existingDetectorIds: { "us-east-1": "0123456789abcdef0123456789abcdef" },
                },
            }),
            [
                '`guardDuty.existingDetectorIds["us-east-1"]` does nothing: "us-east-1" is not in `guardDuty.regions`; add the region there or remove the detector.',
            ],
        );
    });

    it("refuses a destination that is not a hub's, or a single account's hub", () => {
        assert.match(
            validateSentinelLogSourceArgs({
                destination: { bucketName: "logs" },
                cloudTrail: {},
            } as never).join("\n"),
            /`destination` must be an AwsSentinelConnection hub's `logDestination`/,
        );
        const single = problems({
            cloudTrail: { organizationTrail: true },
        });
        assert.deepEqual(single, []);
        const account = without(DESTINATION, "organizationId");
        assert.deepEqual(
            validateSentinelLogSourceArgs({
                destination: account,
                cloudTrail: { organizationTrail: true },
            } as never),
            [
                "`destination` is a hub of a single account: log sources write into an organization hub, whose policies admit every account of the organization. Give the hub `organization: { organizationId }` (an organization trail needs it).",
            ],
        );
    });

    it("refuses a log type the hub does not connect", () => {
        assert.deepEqual(
            validateSentinelLogSourceArgs({
                destination: { ...DESTINATION, keyPrefixes: { cloudTrail: "cloudtrail/" } },
                guardDuty: { regions: ["eu-west-1"] },
            } as never),
            [
                "`guardDuty` is asked of a hub that does not connect it: add `logTypes.guardDuty` on the hub (it then makes the queue, notification and role grants for every account's guardDuty).",
            ],
        );
    });

    it("refuses an account trail into a hub that admits the organization trail only", () => {
        // CloudTrail user guide, "Creating a trail for an organization": the hub binds CloudTrail to
        // the trails of the account that owns the organization trail.
        for (const destination of [
            DESTINATION,
            { ...DESTINATION, cloudTrailAccountIds: ["111111111111"] },
        ]) {
            const found = validateSentinelLogSourceArgs({ destination, cloudTrail: {} } as never);
            assert.equal(found.length, 1);
            assert.match(
                found[0],
                /^`cloudTrail\.organizationTrail` is false, but the hub admits the organization trail only/,
            );
        }
        assert.deepEqual(
            validateSentinelLogSourceArgs({
                destination: {
                    ...DESTINATION,
                    cloudTrailAccountIds: ["111111111111"],
                    bindings: { cloudTrail: { accountTrails: "true" } },
                },
                cloudTrail: {},
            } as never),
            [],
        );
    });

    it("refuses GuardDuty into a hub that names no GuardDuty administrator", () => {
        assert.deepEqual(
            validateSentinelLogSourceArgs({
                destination: without(DESTINATION, "bindings"),
                guardDuty: { regions: ["eu-west-1"] },
            } as never),
            [
                "`destination` admits no GuardDuty administrator: set `organization.guardDutyAdministratorAccountId` on the hub to GuardDuty's delegated administrator, the account of the log source that exports findings.",
            ],
        );
    });

    it("refuses GuardDuty from an opt-in region whose principal the hub does not admit", () => {
        assert.deepEqual(problems({ guardDuty: { regions: ["eu-south-1", "me-south-1"] } }), [
            'GuardDuty in "me-south-1" (`guardDuty.regions`) writes as guardduty.me-south-1.amazonaws.com, which the hub\'s bucket and key policies do not admit: add "me-south-1" to the hub\'s `organization.regions`.',
        ]);
    });

    it("refuses GuardDuty into a destination without a key", () => {
        const keyless = without(DESTINATION, "keyArn");
        assert.match(
            validateSentinelLogSourceArgs({
                destination: keyless,
                guardDuty: { regions: ["eu-west-1"] },
            } as never).join("\n"),
            /`destination\.keyArn` is missing: GuardDuty exports only to a bucket with a KMS key/,
        );
    });

    it("creates nothing when the input is bad", async () => {
        await assert.rejects(
            runOffline(async () => {
                const { SentinelLogSource } =
                    await import("../../components/aws/sentinelLogSource");
                new SentinelLogSource("bad", {
                    destination: DESTINATION,
                    guardDuty: { regions: [] },
                } as never);
            }).catch((error) => {
                assert.deepEqual(
                    resourcesOf(error).filter((r) => r.custom),
                    [],
                );
                throw error;
            }),
            /SentinelLogSource "bad"/,
        );
    });
});
