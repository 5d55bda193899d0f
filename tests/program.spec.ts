import assert from "node:assert/strict";
import * as path from "node:path";
import { resourcesOf } from "../offline/mocks";
import { runProgram } from "../offline/program";
import { StackFile, cloudFor, readStackFile } from "../offline/stackFile";
import { CONNECTIONS, logTypeForTable } from "../components/shared/catalog";
import { find, ofType } from "./helpers";

const EXAMPLE = readStackFile(path.join(__dirname, "..", "program", "Pulumi.example.yaml"));

/** The example stack with its structured `sentinel` and `aws` keys changed. */
function variant(
    change: (config: { sentinel: any; aws: any; raw: Record<string, string> }) => void,
): StackFile {
    const sentinel = JSON.parse(EXAMPLE.config["sentinel-aws-s3:sentinel"]);
    const aws = JSON.parse(EXAMPLE.config["sentinel-aws-s3:aws"]);
    const raw = { ...EXAMPLE.config };
    change({ sentinel, aws, raw });
    const config = {
        ...raw,
        "sentinel-aws-s3:sentinel": JSON.stringify(sentinel),
        "sentinel-aws-s3:aws": JSON.stringify(aws),
    };
    return { ...EXAMPLE, config, cloud: cloudFor(config) };
}

async function failure(stack: StackFile): Promise<{ message: string; created: string[] }> {
    try {
        await runProgram(stack);
    } catch (e) {
        return {
            message: (e as Error).message,
            created: resourcesOf(e)
                .filter((r) => r.type !== "pulumi:pulumi:Stack")
                .map((r) => r.name),
        };
    }
    throw new Error("the program should have failed");
}

describe("the program (index.ts)", () => {
    let run: Awaited<ReturnType<typeof runProgram>>;
    before(async () => {
        run = await runProgram(EXAMPLE);
    });

    it("provisions both sides from the example stack: one connector per log type", () => {
        const connectors = ofType(run.resources, "azure-native:resources:Resource");
        assert.deepEqual(
            connectors
                .map((c) => [
                    c.inputs.kind,
                    c.inputs.apiVersion,
                    c.inputs.properties.destinationTable,
                ])
                .sort((a, b) => a[2].localeCompare(b[2])),
            [
                ["AmazonWebServicesS3", "2025-10-01-preview", "AWSCloudTrail"],
                ["AmazonWebServicesS3", "2025-10-01-preview", "AWSGuardDuty"],
                // Read through the Codeless Connector Framework, at the packaged templates' version.
                ["AmazonWebServicesS3", "2023-02-01-preview", "AWSRoute53Resolver"],
                ["AmazonWebServicesS3", "2023-02-01-preview", "AWSSecurityHubFindings"],
                ["AmazonWebServicesS3", "2025-10-01-preview", "AWSVPCFlow"],
            ],
        );
    });

    it("feeds each connector its own queue's URL and the role's ARN", () => {
        const role = find(run.resources, "aws:iam/role:Role", "sentinel-role");
        for (const c of ofType(run.resources, "azure-native:resources:Resource")) {
            const logType = logTypeForTable(c.inputs.properties.destinationTable);
            const queue = find(run.resources, "aws:sqs/queue:Queue", `sentinel-${logType}-queue`);
            assert.deepEqual(c.inputs.properties.sqsUrls, [queue.state.url]);
            assert.equal(c.inputs.properties.roleArn, role.state.arn);
            assert.ok(c.inputs.properties.roleArn.split("/").pop().startsWith("OIDC_"));
        }
    });

    it("creates connectors only after the role, its policy, the queue policies, the notification and the IAM wait", () => {
        const must = [
            find(run.resources, "aws:iam/role:Role", "sentinel-role").urn,
            find(run.resources, "aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy").urn,
            ...ofType(run.resources, "aws:sqs/queuePolicy:QueuePolicy").map((r) => r.urn),
            find(
                run.resources,
                "aws:s3/bucketNotification:BucketNotification",
                "sentinel-notification",
            ).urn,
            find(run.resources, "time:index/sleep:Sleep", "sentinel-iam-propagation").urn,
        ];
        for (const c of ofType(run.resources, "azure-native:resources:Resource")) {
            for (const urn of must) {
                assert.ok(
                    c.dependencies.includes(urn),
                    `${c.name} depends on ${urn.split("::").pop()}`,
                );
            }
            assert.equal(c.options.deleteBeforeReplace, true);
            assert.deepEqual(c.options.replaceOnChanges, [
                "properties.roleArn",
                "properties.sqsUrls",
                "properties.connectorDefinitionName",
                "resourceName",
            ]);
        }
        const sleep = find(run.resources, "time:index/sleep:Sleep", "sentinel-iam-propagation");
        assert.ok(
            sleep.dependencies.includes(must[1]),
            "the wait starts once the role policy exists",
        );
    });

    it("parents the two components to the stack and every resource to its component", () => {
        const stack = find(run.resources, "pulumi:pulumi:Stack", "sentinel-aws-s3-example").urn;
        const aws = find(run.resources, "sentinel-aws-s3:index:AwsSentinelConnection", "sentinel");
        const azure = find(
            run.resources,
            "sentinel-aws-s3:index:SentinelAwsS3DataConnectors",
            "sentinel",
        );
        assert.equal(aws.parent, stack);
        assert.equal(azure.parent, stack);
        for (const r of run.resources.filter((x) => x.custom)) {
            assert.equal(
                r.parent,
                r.type.startsWith("aws:") ? aws.urn : azure.urn,
                `${r.type} ${r.name}`,
            );
        }
    });

    it("exports the role ARN, the queue URLs with their tables, and the connector IDs", () => {
        const role = find(run.resources, "aws:iam/role:Role", "sentinel-role");
        assert.equal(run.result.roleArn, role.state.arn);
        assert.deepEqual(
            run.result.connections.map((c) => [c.logType, c.destinationTable, c.sqsUrl]),
            // Every connection of the log types the example stack connects, in the registry's order
            // (a connection another setting chooses, such as flow logs through CCF, is not made).
            CONNECTIONS.filter(
                (c) =>
                    c.sentinel === undefined &&
                    c.logType in JSON.parse(EXAMPLE.config["sentinel-aws-s3:aws"]).logTypes,
            ).map((c) => [
                c.logType,
                c.table,
                find(run.resources, "aws:sqs/queue:Queue", `sentinel-${c.id}-queue`).state.url,
            ]),
        );
        // Each connector is named `sentinel-<table>` (its body's table may be Microsoft's own value).
        assert.deepEqual(
            run.result.connectorIds,
            Object.fromEntries(
                ofType(run.resources, "azure-native:resources:Resource").map((c) => [
                    c.name.replace(/^sentinel-/, ""),
                    c.id,
                ]),
            ),
        );
    });

    it("onboards the workspace when the stack says so", async () => {
        assert.equal(
            ofType(run.resources, "azure-native:securityinsights:SentinelOnboardingState").length,
            0,
        );
        const onboarded = await runProgram(
            variant(({ sentinel }) => (sentinel.onboardWorkspace = true)),
        );
        const state = find(
            onboarded.resources,
            "azure-native:securityinsights:SentinelOnboardingState",
            "sentinel-onboarding",
        );
        for (const c of ofType(onboarded.resources, "azure-native:resources:Resource")) {
            assert.ok(c.dependencies.includes(state.urn));
        }
    });

    it("follows the configured log types, name and cloud", async () => {
        const gov = await runProgram(
            variant(({ sentinel, aws, raw }) => {
                sentinel.azureCloud = "AzureUSGovernment";
                aws.logTypes = { guardDuty: {} };
                raw["sentinel-aws-s3:name"] = "soc";
                raw["aws:region"] = "us-gov-west-1";
            }),
        );
        assert.deepEqual(
            ofType(gov.resources, "azure-native:resources:Resource").map((c) => c.name),
            ["soc-AWSGuardDuty"],
        );
        const audience = JSON.parse(
            find(gov.resources, "aws:lambda/invocation:Invocation", "soc-oidc-audience").inputs
                .input,
        );
        assert.equal(audience.url, "https://sts.windows.net/cab8a31a-1906-4287-a0d8-4eef66b95f6e/");
        assert.ok(gov.result.roleArn.startsWith("arn:aws-us-gov:iam::"));
    });

    describe("with bad configuration", () => {
        it("names a missing workspace name, and creates nothing", async () => {
            const { message, created } = await failure(
                variant(({ sentinel }) => delete sentinel.workspaceName),
            );
            assert.match(message, /`sentinel-aws-s3:sentinel\.workspaceName` is required/);
            assert.deepEqual(created, []);
        });

        it("names an unknown log type", async () => {
            const { message } = await failure(variant(({ aws }) => (aws.logTypes.cloudWatch = {})));
            assert.match(
                message,
                /`sentinel-aws-s3:aws\.logTypes\.cloudWatch` is not a known setting; did you mean `cloudWatchLogs`\?/,
            );
        });

        it("suggests the closest known key for a misspelt one", async () => {
            const misspelt = await failure(
                variant(({ aws }) => {
                    aws.logTypes.guardduty = aws.logTypes.guardDuty;
                    delete aws.logTypes.guardDuty;
                }),
            );
            assert.match(
                misspelt.message,
                /`sentinel-aws-s3:aws\.logTypes\.guardduty` is not a known setting; did you mean `guardDuty`\?/,
            );
        });

        it("names values of the wrong type", async () => {
            const { message } = await failure(
                variant(({ sentinel, aws }) => {
                    sentinel.onboardWorkspace = "yes";
                    aws.logTypes.vpcFlowLogs.vpcIds = "vpc-0123456789abcdef0";
                    aws.messageRetentionSeconds = "14 days";
                }),
            );
            assert.match(
                message,
                /`sentinel-aws-s3:sentinel\.onboardWorkspace` must be true or false; got "yes"/,
            );
            assert.match(
                message,
                /`sentinel-aws-s3:aws\.logTypes\.vpcFlowLogs\.vpcIds` must be a list of strings/,
            );
            assert.match(
                message,
                /`sentinel-aws-s3:aws\.messageRetentionSeconds` must be a number/,
            );
        });

        it("names the components' own checks under the config keys", async () => {
            const { message } = await failure(
                variant(({ sentinel, aws }) => {
                    sentinel.workspaceId = "law-sentinel";
                    sentinel.apiVersion = "2024-09-01";
                    aws.roleName = "SentinelRole";
                }),
            );
            assert.match(message, /has 3 invalid values/);
            assert.match(
                message,
                /`sentinel-aws-s3:sentinel\.workspaceId` must be the Log Analytics workspace ID/,
            );
            assert.match(
                message,
                /`sentinel-aws-s3:sentinel\.apiVersion` must be a preview version/,
            );
            assert.match(message, /`sentinel-aws-s3:aws\.roleName` must start with "OIDC_"/);
        });

        it("names missing sections and unknown keys", async () => {
            const { message } = await failure({
                ...EXAMPLE,
                config: {
                    "aws:region": "us-east-1",
                    "sentinel-aws-s3:sentinel": JSON.stringify({ workspace: "x" }),
                },
            });
            assert.match(message, /`sentinel-aws-s3:sentinel\.workspace` is not a known setting/);
            assert.match(message, /`sentinel-aws-s3:aws` is required/);
        });
    });
});
