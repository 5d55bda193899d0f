// Shared test helpers over the offline engine's records.
import assert from "node:assert/strict";
import { FakeCloud, PLACEHOLDER_CLOUD, RecordedResource, runOffline } from "../offline/mocks";
import type { AwsSentinelConnectionArgs } from "../components/aws/awsSentinelConnectionArgs";
import type { PolicyDocument, PolicyStatement } from "../components/aws/policyDocuments";

export const WORKSPACE_ID = "0f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b";
export const VPC_A = "vpc-0123456789abcdef0";
export const VPC_B = "vpc-0fedcba9876543210";

/** Every log type on, the default configuration. */
export const ALL_TYPES: AwsSentinelConnectionArgs = {
    workspaceId: WORKSPACE_ID,
    logTypes: { cloudTrail: {}, vpcFlowLogs: { vpcIds: [VPC_A, VPC_B] }, guardDuty: {} },
};

/** GovCloud account in the Azure Government cloud. */
export const GOV_CLOUD: FakeCloud = {
    ...PLACEHOLDER_CLOUD,
    partition: "aws-us-gov",
    region: "us-gov-west-1",
};

/** Runs `new AwsSentinelConnection(name, args)` under the offline engine. */
export async function deployAws(
    args: AwsSentinelConnectionArgs,
    options: { name?: string; cloud?: FakeCloud } = {},
) {
    return runOffline(
        async () => {
            const { AwsSentinelConnection } =
                await import("../components/aws/awsSentinelConnection");
            const c = new AwsSentinelConnection(options.name ?? "sentinel", args);
            const outputs = {
                roleArn: c.roleArn,
                roleName: c.roleName,
                bucketName: c.bucketName,
                bucketArn: c.bucketArn,
                oidcProviderArn: c.oidcProviderArn,
                logsKeyArn: c.logsKeyArn,
                queueKeyArn: c.queueKeyArn,
                queueArns: c.queueArns,
                connections: c.connections,
                prerequisites: c.connectorPrerequisites.map((r) => r.urn),
            };
            // Stack outputs drop undefined values (with a warning); so do these.
            return Object.fromEntries(
                Object.entries(outputs).filter(([, v]) => v !== undefined),
            ) as typeof outputs;
        },
        { cloud: options.cloud },
    );
}

/** The custom resources, as `type name` lines, sorted: the inventory. */
export function inventory(resources: readonly RecordedResource[]): string[] {
    return resources
        .filter((r) => r.custom)
        .map((r) => `${r.type} ${r.name}`)
        .sort();
}

/** The one resource of a type and name. */
export function find(
    resources: readonly RecordedResource[],
    type: string,
    name: string,
): RecordedResource {
    const found = resources.filter((r) => r.type === type && r.name === name);
    assert.equal(found.length, 1, `expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
}

/** All resources of a type. */
export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

/** The one resource of a type, whatever its name. */
export function one(resources: readonly RecordedResource[], type: string): RecordedResource {
    const found = ofType(resources, type);
    assert.equal(found.length, 1, `one ${type}`);
    return found[0];
}

/** Parses a policy document input. */
export function doc(value: unknown): PolicyDocument {
    return (typeof value === "string" ? JSON.parse(value) : value) as PolicyDocument;
}

/** The statement with a Sid. */
export function statement(document: PolicyDocument, sid: string): PolicyStatement {
    const found = document.Statement.filter((s) => s.Sid === sid);
    assert.equal(found.length, 1, `expected one statement ${sid}, found ${found.length}`);
    return found[0];
}

/** A value as a list. */
export function list<T>(value: T | T[] | undefined): T[] {
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
