// The components stay inside what Pulumi's component schema can describe, so they can be offered
// to every Pulumi language: the SDK's own analyzer (the one `pulumi package add` runs) builds the
// schema from the `<Class>Args` interfaces and the output properties, and stops at the first type
// it cannot express.
import assert from "node:assert/strict";
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental/provider";
import { AwsSentinelConnection } from "../../components/aws/awsSentinelConnection";
import { AWS_SENTINEL_CONNECTION_FIELDS } from "../../components/aws/awsSentinelConnectionFields";
import { SentinelAwsS3DataConnectors } from "../../components/azure/sentinelAwsS3DataConnectors";
import { SENTINEL_CONNECTORS_FIELDS } from "../../components/azure/sentinelAwsS3DataConnectorsFields";
import { Fields } from "../../components/shared/fields";

interface Schema {
    resources: Record<
        string,
        {
            inputProperties: Record<string, { description?: string }>;
            requiredInputs?: string[];
            properties: Record<string, unknown>;
        }
    >;
    types: Record<string, { type: string; enum?: { value: unknown }[] }>;
}

describe("The package schema", function () {
    this.timeout(120_000);
    let schema: Schema;
    before(async () => {
        const provider = new ComponentProvider({
            dirname: path.join(__dirname, "..", ".."),
            name: "sentinel-aws-s3",
            components: [AwsSentinelConnection, SentinelAwsS3DataConnectors],
        } as ConstructorParameters<typeof ComponentProvider>[0]);
        schema = JSON.parse(await provider.getSchema());
    });

    for (const [token, fields] of [
        [AwsSentinelConnection.TYPE, AWS_SENTINEL_CONNECTION_FIELDS],
        [SentinelAwsS3DataConnectors.TYPE, SENTINEL_CONNECTORS_FIELDS],
    ] as [string, Fields][]) {
        it(`describes every argument of ${token}, with its documentation and required-ness`, () => {
            const resource = schema.resources[token];
            assert.ok(resource, token);
            assert.deepEqual(
                Object.keys(resource.inputProperties).sort(),
                Object.keys(fields).sort(),
            );
            for (const [key, property] of Object.entries(resource.inputProperties)) {
                assert.ok(property.description, `${token} ${key} has a description`);
            }
            assert.deepEqual(
                [...(resource.requiredInputs ?? [])].sort(),
                Object.entries(fields)
                    .filter(([, f]) => f.required)
                    .map(([k]) => k)
                    .sort(),
            );
        });
    }

    it("has the string enums as schema enums", () => {
        for (const [name, values] of [
            ["LogType", ["cloudTrail", "vpcFlowLogs", "guardDuty"]],
            ["AzureCloud", ["AzureCloud", "AzureUSGovernment"]],
            ["FlowLogAggregationInterval", [60, 600]],
        ] as const) {
            const type = schema.types[`sentinel-aws-s3:index:${name}`];
            assert.ok(type, name);
            assert.deepEqual(
                type.enum?.map((e) => e.value),
                values,
            );
        }
    });

    it("publishes outputs only, not the resources connectors wait for", () => {
        assert.equal(schema.types["sentinel-aws-s3:index:Resource"], undefined);
        const outputs = Object.keys(schema.resources[AwsSentinelConnection.TYPE].properties);
        assert.ok(outputs.includes("roleArn") && outputs.includes("connections"));
        assert.ok(!outputs.includes("connectorPrerequisites"));
    });
});
