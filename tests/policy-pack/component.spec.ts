// End to end: what the components create with their defaults passes every mandatory policy.
import * as assert from "assert";
import { RecordedResource, runOffline } from "../../offline/mocks";
import { WORKSPACE_ID, assertNoMandatory, check } from "./fixtures";

const LOG_TYPES = {
    cloudTrail: {},
    vpcFlowLogs: { vpcIds: ["vpc-0123456789abcdef0"] },
    guardDuty: {},
};

describe("The policy pack on the components", () => {
    it("passes AwsSentinelConnection with all three log types: no mandatory violation, only the access-log advice", async () => {
        const { resources } = await runOffline(async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            new AwsSentinelConnection("sentinel", {
                workspaceId: WORKSPACE_ID,
                logTypes: LOG_TYPES,
            });
        });
        const report = await check(resources);
        assertNoMandatory(report);
        assert.deepStrictEqual(
            report.violations.map((v) => `${v.enforcementLevel} ${v.policyName} ${v.resourceName}`),
            ["advisory s3-bucket-access-logging sentinel-logs"],
        );
    });

    it("passes both components wired as the program wires them, checking every connector", async () => {
        let resources: RecordedResource[] = [];
        ({ resources } = await runOffline(async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            const { SentinelAwsS3DataConnectors } =
                await import("../../components/azure/sentinelAwsS3DataConnectors");
            const aws = new AwsSentinelConnection("sentinel", {
                workspaceId: WORKSPACE_ID,
                logTypes: LOG_TYPES,
                accessLogsBucketName: "access-logs",
            });
            new SentinelAwsS3DataConnectors(
                "sentinel",
                {
                    resourceGroupName: "sentinel-rg",
                    workspaceName: "sentinel-ws",
                    roleArn: aws.roleArn,
                    connections: aws.connections,
                },
                { dependsOn: aws.connectorPrerequisites },
            );
        }));
        const report = await check(resources);
        assertNoMandatory(report);
        assert.deepStrictEqual(report.violations, []);
        const connectors = resources.filter((r) => r.type === "azure-native:resources:Resource");
        assert.strictEqual(connectors.length, 3);
        for (const c of connectors) {
            const skipped = (report.notApplicable ?? []).filter(
                (n) => n.urn === c.urn && n.policyName.startsWith("sentinel-connector-"),
            );
            assert.deepStrictEqual(skipped, [], `connector policies skipped ${c.name}`);
        }
    });
});
