import assert from "node:assert/strict";
import Ajv from "ajv";
import * as pulumi from "@pulumi/pulumi";
import { connectorResourceName, uuidV5 } from "../../components/azure/connectorBody";
import type { SentinelAwsS3DataConnectorsArgs } from "../../components/azure/sentinelAwsS3DataConnectorsArgs";
import {
    connectionsOutputProblems,
    validateSentinelAwsS3DataConnectorsArgs,
} from "../../components/azure/sentinelAwsS3DataConnectorsValidation";
import { resourcesOf, runOffline } from "../../offline/mocks";
import { find, ofType } from "../helpers";
import schema from "../fixtures/aws-s3-data-connector.schema.json";
import microsoftExample from "../fixtures/GetAmazonWebServicesS3ById.2025-10-01-preview.json";

const ROLE = "arn:aws:iam::123456789012:role/OIDC_MicrosoftSentinel";
const url = (q: string) => `https://sqs.us-east-1.amazonaws.com/123456789012/${q}`;
const ARGS: SentinelAwsS3DataConnectorsArgs = {
    resourceGroupName: "rg-sentinel",
    workspaceName: "law-sentinel",
    roleArn: ROLE,
    connections: [
        { destinationTable: "AWSCloudTrail", sqsUrl: url("trail") },
        { destinationTable: "AWSVPCFlow", sqsUrl: url("flow") },
        { destinationTable: "AWSGuardDuty", sqsUrl: url("guardduty") },
    ],
};

/** A resource the connectors must wait for. */
class Prerequisite extends pulumi.CustomResource {
    constructor(name: string) {
        super("test:index:Prerequisite", name, {});
    }
}

/** Runs the component, optionally after another resource it must wait for. */
function deploy(args: Partial<SentinelAwsS3DataConnectorsArgs>, withPrerequisite = false) {
    return runOffline(async () => {
        const { SentinelAwsS3DataConnectors } =
            await import("../../components/azure/sentinelAwsS3DataConnectors");
        const prerequisite = withPrerequisite ? new Prerequisite("prerequisite") : undefined;
        const c = new SentinelAwsS3DataConnectors(
            "sentinel",
            { ...ARGS, ...args },
            { dependsOn: prerequisite ? [prerequisite] : undefined },
        );
        return { connectorIds: c.connectorIds, names: c.connectors.map((x) => x.name) };
    });
}

describe("SentinelAwsS3DataConnectors", () => {
    let run: Awaited<ReturnType<typeof deploy>>;
    before(async () => {
        run = await deploy({}, true);
    });

    it("creates one AmazonWebServicesS3 connector per connection, each with its own queue", () => {
        const connectors = ofType(run.resources, "azure-native:resources:Resource");
        assert.deepEqual(
            connectors.map((c) => c.name),
            ["sentinel-AWSCloudTrail", "sentinel-AWSVPCFlow", "sentinel-AWSGuardDuty"],
        );
        const expected: Record<string, string> = {
            AWSCloudTrail: url("trail"),
            AWSVPCFlow: url("flow"),
            AWSGuardDuty: url("guardduty"),
        };
        for (const c of connectors) {
            const table = c.inputs.properties.destinationTable;
            assert.deepEqual(c.inputs, {
                resourceGroupName: "rg-sentinel",
                resourceProviderNamespace: "Microsoft.OperationalInsights",
                parentResourcePath: "workspaces/law-sentinel/providers/Microsoft.SecurityInsights",
                resourceType: "dataConnectors",
                resourceName: connectorResourceName(ROLE, table),
                apiVersion: "2025-10-01-preview",
                kind: "AmazonWebServicesS3",
                properties: {
                    roleArn: ROLE,
                    sqsUrls: [expected[table]],
                    destinationTable: table,
                    dataTypes: { logs: { state: "Enabled" } },
                },
            });
        }
        assert.equal(
            run.result.connectorIds.AWSVPCFlow,
            `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-sentinel/providers/Microsoft.OperationalInsights/workspaces/law-sentinel/providers/Microsoft.SecurityInsights/dataConnectors/${connectorResourceName(ROLE, "AWSVPCFlow")}`,
        );
    });

    it("sends a body the SecurityInsights schema accepts, shaped like Microsoft's own example", () => {
        const validate = new Ajv({ strict: false }).compile(schema);
        const example = microsoftExample.responses["200"].body;
        for (const c of ofType(run.resources, "azure-native:resources:Resource")) {
            const body = { kind: c.inputs.kind, properties: c.inputs.properties };
            assert.ok(validate(body), JSON.stringify(validate.errors));
            assert.equal(body.kind, example.kind);
            assert.deepEqual(
                Object.keys(body.properties).sort(),
                Object.keys(example.properties).sort(),
            );
            assert.deepEqual(body.properties.dataTypes, example.properties.dataTypes);
        }
        assert.ok(
            !validate({
                kind: "AmazonWebServicesS3",
                properties: {
                    roleArn: ROLE,
                    sqsUrls: [],
                    destinationTable: "AWSVPCFlow",
                    dataTypes: { logs: { state: "Enabled" } },
                },
            }),
        );
    });

    it("replaces a connector, deleting it first, when its queue URL, role ARN or kind of reading changes", () => {
        for (const c of ofType(run.resources, "azure-native:resources:Resource")) {
            assert.equal(c.options.deleteBeforeReplace, true);
            assert.deepEqual(c.options.replaceOnChanges, [
                "properties.roleArn",
                "properties.sqsUrls",
                "properties.connectorDefinitionName",
                "resourceName",
            ]);
        }
    });

    it("waits for IAM propagation and for the resources the component depends on", () => {
        const prerequisite = find(run.resources, "test:index:Prerequisite", "prerequisite").urn;
        const sleep = find(run.resources, "time:index/sleep:Sleep", "sentinel-iam-propagation");
        assert.deepEqual(sleep.inputs, { createDuration: "30s", triggers: { roleArn: ROLE } });
        assert.ok(sleep.dependencies.includes(prerequisite));
        for (const c of ofType(run.resources, "azure-native:resources:Resource")) {
            assert.ok(
                c.dependencies.includes(prerequisite),
                `${c.name} depends on the prerequisite`,
            );
            assert.ok(c.dependencies.includes(sleep.urn), `${c.name} waits for IAM propagation`);
        }
    });

    it("parents every child to the component", () => {
        const component = find(
            run.resources,
            "sentinel-aws-s3:index:SentinelAwsS3DataConnectors",
            "sentinel",
        );
        for (const r of run.resources.filter(
            (x) => x.custom && x.type !== "test:index:Prerequisite",
        )) {
            assert.equal(r.parent, component.urn, r.name);
        }
    });

    it("does not onboard the workspace unless asked", () => {
        assert.equal(
            ofType(run.resources, "azure-native:securityinsights:SentinelOnboardingState").length,
            0,
        );
    });

    it("onboards the workspace first when asked, and never offboards it", async () => {
        const onboarded = await deploy({ onboardWorkspace: true });
        const state = find(
            onboarded.resources,
            "azure-native:securityinsights:SentinelOnboardingState",
            "sentinel-onboarding",
        );
        assert.deepEqual(state.inputs, {
            resourceGroupName: "rg-sentinel",
            workspaceName: "law-sentinel",
            sentinelOnboardingStateName: "default",
        });
        assert.equal(state.options.retainOnDelete, true);
        for (const c of ofType(onboarded.resources, "azure-native:resources:Resource")) {
            assert.ok(c.dependencies.includes(state.urn), `${c.name} depends on the onboarding`);
        }
    });

    it("takes another API version, adopted connector names, and no propagation wait", async () => {
        const custom = await deploy({
            apiVersion: "2024-01-01-preview",
            connectorNames: { AWSCloudTrail: "afef3743-0c88-469c-84ff-ca2e87dc1e48" },
            iamPropagationDelay: "0s",
        });
        const trail = find(
            custom.resources,
            "azure-native:resources:Resource",
            "sentinel-AWSCloudTrail",
        );
        assert.equal(trail.inputs.apiVersion, "2024-01-01-preview");
        assert.equal(trail.inputs.resourceName, "afef3743-0c88-469c-84ff-ca2e87dc1e48");
        assert.equal(
            find(custom.resources, "azure-native:resources:Resource", "sentinel-AWSVPCFlow").inputs
                .resourceName,
            connectorResourceName(ROLE, "AWSVPCFlow"),
        );
        assert.equal(ofType(custom.resources, "time:index/sleep:Sleep").length, 0);
    });

    it("names connectors stably: the same for the same role and table, different across roles and tables", () => {
        assert.equal(
            connectorResourceName(ROLE, "AWSCloudTrail"),
            connectorResourceName(ROLE, "AWSCloudTrail"),
        );
        assert.notEqual(
            connectorResourceName(ROLE, "AWSCloudTrail"),
            connectorResourceName(ROLE, "AWSVPCFlow"),
        );
        assert.notEqual(
            connectorResourceName(ROLE, "AWSCloudTrail"),
            connectorResourceName(ROLE.replace("123456789012", "210987654321"), "AWSCloudTrail"),
        );
        assert.match(
            connectorResourceName(ROLE, "AWSGuardDuty"),
            /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
        // RFC 4122's own example: the DNS namespace and "www.example.com".
        assert.equal(
            uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
            "2ed6657d-e927-568b-95e1-2665a8aea6a2",
        );
    });

    describe("with the connections as one Output (how other Pulumi languages pass them)", () => {
        // What `${aws.connections}` resolves to in YAML, or `aws.connections` in Python: every
        // field of the AWS side's connections, in the AWS side's order.
        const awsConnections = [
            { logType: "guardDuty", destinationTable: "AWSGuardDuty", sqsUrl: url("guardduty") },
            { logType: "cloudTrail", destinationTable: "AWSCloudTrail", sqsUrl: url("trail") },
        ].map((c) => ({ ...c, queueArn: "arn", deadLetterQueueUrl: url("dlq"), objectPrefix: "" }));
        const asOutput = (list: unknown[]) =>
            pulumi.output(list) as unknown as SentinelAwsS3DataConnectorsArgs["connectionsOutput"];
        const outputArgs = (list: unknown[], tables = ["AWSCloudTrail", "AWSGuardDuty"]) => ({
            connections: undefined,
            roleArn: pulumi.output(ROLE),
            destinationTables: tables as never,
            connectionsOutput: asOutput(list),
        });

        it("creates one connector per listed table, each with the queue of its table", async () => {
            const output = await deploy(outputArgs(awsConnections));
            const connectors = ofType(output.resources, "azure-native:resources:Resource");
            assert.deepEqual(
                connectors.map((c) => [
                    c.name,
                    c.inputs.properties.destinationTable,
                    c.inputs.properties.sqsUrls,
                    c.inputs.properties.roleArn,
                ]),
                [
                    ["sentinel-AWSCloudTrail", "AWSCloudTrail", [url("trail")], ROLE],
                    ["sentinel-AWSGuardDuty", "AWSGuardDuty", [url("guardduty")], ROLE],
                ],
            );
            const plain = await deploy({
                connections: [
                    { destinationTable: "AWSCloudTrail", sqsUrl: url("trail") },
                    { destinationTable: "AWSGuardDuty", sqsUrl: url("guardduty") },
                ],
            });
            assert.deepEqual(
                connectors.map((c) => c.inputs),
                ofType(plain.resources, "azure-native:resources:Resource").map((c) => c.inputs),
                "the same connectors as from the plain list",
            );
        });

        it("fails the deployment when the resolved connections do not match the tables", async () => {
            let error: unknown;
            try {
                await deploy(outputArgs(awsConnections, ["AWSCloudTrail", "AWSVPCFlow"]));
            } catch (e) {
                error = e;
            }
            assert.match(
                (error as Error).message,
                /`connectionsOutput` has no connection for "AWSVPCFlow"/,
            );
            assert.match(
                (error as Error).message,
                /`connectionsOutput\[0\]\.destinationTable` "AWSGuardDuty" is not in `destinationTables`/,
            );
        });

        it("checks every resolved connection as it checks a plain one", () => {
            assert.deepEqual(
                connectionsOutputProblems(awsConnections, ["AWSGuardDuty", "AWSCloudTrail"]),
                [],
            );
            assert.deepEqual(
                connectionsOutputProblems(
                    [
                        { destinationTable: "AWSCloudTrail", sqsUrl: "arn:aws:sqs:us-east-1:1:q" },
                        { destinationTable: "AWSEKSLogs", sqsUrl: url("x") },
                    ],
                    ["AWSCloudTrail"],
                ).map((p) => p.split(" must ")[0]),
                ["`connectionsOutput[0].sqsUrl`", "`connectionsOutput[1].destinationTable`"],
            );
            assert.match(
                connectionsOutputProblems(
                    [awsConnections[1], awsConnections[1]],
                    ["AWSCloudTrail"],
                ).join("\n"),
                /`connectionsOutput\[1\]\.destinationTable` "AWSCloudTrail" appears twice/,
            );
            assert.match(
                connectionsOutputProblems("not a list", ["AWSCloudTrail"]).join("\n"),
                /`connectionsOutput` must be a list of objects/,
            );
        });
    });

    describe("input validation", () => {
        const problems = (
            args: Partial<SentinelAwsS3DataConnectorsArgs> & Record<string, unknown>,
        ) =>
            validateSentinelAwsS3DataConnectorsArgs({
                ...ARGS,
                ...args,
            } as SentinelAwsS3DataConnectorsArgs);
        const expectOne = (
            args: Partial<SentinelAwsS3DataConnectorsArgs> & Record<string, unknown>,
            ...fragments: string[]
        ) => {
            const found = problems(args);
            assert.equal(found.length, 1, found.join("\n"));
            for (const f of fragments) {
                assert.ok(found[0].includes(f), `"${found[0]}" should include "${f}"`);
            }
        };

        it("accepts Outputs it cannot check yet", () => {
            assert.deepEqual(
                problems({
                    roleArn: pulumi.output(ROLE),
                    connections: [
                        { destinationTable: "AWSVPCFlow", sqsUrl: pulumi.output(url("x")) },
                    ],
                }),
                [],
            );
        });

        it("names each bad field and the fix", () => {
            expectOne({ workspaceName: "" }, "`workspaceName` is required", "not the ID");
            expectOne(
                { workspaceName: "x" },
                "`workspaceName` must be a Log Analytics workspace name",
            );
            expectOne({ resourceGroupName: undefined as never }, "`resourceGroupName` is required");
            expectOne(
                { roleArn: "arn:aws:iam::123456789012:role/SentinelRole" },
                "`roleArn`",
                'starting with "OIDC_"',
            );
            expectOne({ roleArn: "OIDC_SentinelRole" }, "`roleArn` must be an IAM role ARN");
            expectOne({ connections: [] }, "`connections` must list at least one connection");
            expectOne(
                { connections: [{ destinationTable: "AWSEKSLogs" as never, sqsUrl: url("x") }] },
                "`connections[0].destinationTable`",
                '"AWSCloudTrail", "AWSVPCFlow", "AWSGuardDuty"',
            );
            expectOne(
                {
                    connections: [
                        { destinationTable: "AWSVPCFlow", sqsUrl: url("a") },
                        { destinationTable: "AWSVPCFlow", sqsUrl: url("b") },
                    ],
                },
                "`connections[1].destinationTable`",
                "appears twice",
            );
            expectOne(
                {
                    connections: [
                        {
                            destinationTable: "AWSVPCFlow",
                            sqsUrl: "arn:aws:sqs:us-east-1:123456789012:q",
                        },
                    ],
                },
                "`connections[0].sqsUrl` must be an SQS queue URL",
            );
            expectOne(
                { apiVersion: "2024-09-01" },
                "`apiVersion` must be a preview version",
                "absent from stable",
            );
            expectOne({ apiVersion: "latest" }, "`apiVersion` must be an API version");
            expectOne({ iamPropagationDelay: "soon" }, "`iamPropagationDelay`");
            expectOne(
                { connectorNames: { AWSEKSLogs: "x" } as never },
                "`connectorNames.AWSEKSLogs` is not a known setting",
            );
        });

        it("says what the Output form of the connections needs", () => {
            const output = pulumi.output([]) as never;
            expectOne(
                { destinationTables: ["AWSCloudTrail"], connectionsOutput: output },
                "`connections` and `connectionsOutput` both give the connections",
            );
            expectOne(
                { connections: undefined, destinationTables: ["AWSCloudTrail"] },
                "`destinationTables` needs `connectionsOutput`",
            );
            expectOne(
                { connections: undefined, connectionsOutput: output },
                "`connectionsOutput` needs `destinationTables`",
                "cannot decide how many connectors exist",
            );
            expectOne(
                {
                    connections: undefined,
                    roleArn: undefined,
                    destinationTables: ["AWSCloudTrail"],
                    connectionsOutput: output,
                },
                "`roleArn` is required with `connectionsOutput`",
            );
            expectOne(
                {
                    connections: undefined,
                    destinationTables: ["AWSCloudTrail", "AWSCloudTrail"],
                    connectionsOutput: output,
                },
                '`destinationTables` lists "AWSCloudTrail" more than once',
            );
            expectOne(
                {
                    connections: undefined,
                    destinationTables: ["AWSCloudTrail"],
                    connectionsOutput: output,
                    connectorNames: { AWSGuardDuty: "6f1c0c8e-4b0a-4e2f-9b1d-2c3d4e5f6a7b" },
                },
                "`connectorNames.AWSGuardDuty` names a connector for a table no connection has",
            );
            assert.deepEqual(
                problems({
                    connections: undefined,
                    destinationTables: ["AWSCloudTrail"],
                    connectionsOutput: output,
                }),
                [],
            );
        });

        it("fails before creating anything", async () => {
            let error: unknown;
            try {
                await deploy({ workspaceName: "", apiVersion: "2024-09-01" });
            } catch (e) {
                error = e;
            }
            assert.match(
                (error as Error).message,
                /SentinelAwsS3DataConnectors "sentinel" has 2 invalid values/,
            );
            assert.deepEqual(
                resourcesOf(error).filter(
                    (r) => r.type.startsWith("azure") || r.type.startsWith("sentinel-aws-s3"),
                ),
                [],
            );
        });
    });
});
