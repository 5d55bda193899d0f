// Shared fixtures of the policy-pack tests: the compliant stack (the AWS component with every log
// type plus one Sentinel connector per log type, built under the offline engine), hand-made
// resources, and helpers to mutate a copy and read what the pack reports.
import * as assert from "assert";
import {
    CheckOptions,
    PolicyReport,
    PolicyViolation,
    checkResources,
} from "../../offline/policyCheck";
import { RecordedResource, runOffline } from "../../offline/mocks";

import { WORKSPACE_ID } from "../helpers";

/** The one test workspace ID, shared by every suite. */
export { WORKSPACE_ID };
export const ACCOUNT = "123456789012";
export const STACK_URN_PREFIX = "urn:pulumi:test::sentinel-aws-s3::";

/** Sentinel's OpenID Connect issuer tenant (Azure commercial cloud), from the connector facts. */
export const SENTINEL_TENANT = "33e01921-4d64-4f8c-a055-5bdaffd5e33d";

/**
 * A trust policy for Sentinel in one workspace: the Federated provider of its issuer, the audience,
 * and the given exact session names (both prefixes by default, as the component writes them).
 */
export function sentinelTrust(
    sessionNames: readonly string[] = [
        `MicrosoftSentinel_${WORKSPACE_ID}`,
        `MicrosoftDefenderForClouds_${WORKSPACE_ID}`,
    ],
) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: {
                    Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/sts.windows.net/${SENTINEL_TENANT}/`,
                },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`sts.windows.net/${SENTINEL_TENANT}/:aud`]:
                            "api://1462b192-27f7-4cb9-8523-0f4ecb54b47e",
                        "sts:RoleSessionName":
                            sessionNames.length === 1 ? sessionNames[0] : [...sessionNames],
                    },
                },
            },
        ],
    };
}

let compliant: Promise<RecordedResource[]> | undefined;

/** The compliant stack: the AWS component (all three log types) and its three connectors, recorded once. */
export function compliantStack(): Promise<RecordedResource[]> {
    compliant ??= runOffline(async () => {
        const { AwsSentinelConnection } =
            await import("../../components/aws/awsSentinelConnection");
        const azure = await import("@pulumi/azure-native/resources");
        const aws = new AwsSentinelConnection("sentinel", {
            workspaceId: WORKSPACE_ID,
            logTypes: {
                cloudTrail: {},
                vpcFlowLogs: { vpcIds: ["vpc-0123456789abcdef0"] },
                guardDuty: {},
            },
        });
        for (const c of aws.connections) {
            new azure.Resource(
                `connector-${c.logType}`,
                {
                    resourceGroupName: "sentinel-rg",
                    resourceProviderNamespace: "Microsoft.OperationalInsights",
                    parentResourcePath:
                        "workspaces/sentinel-ws/providers/Microsoft.SecurityInsights",
                    resourceType: "dataConnectors",
                    resourceName: `aws-s3-${c.logType}`,
                    apiVersion: "2025-10-01-preview",
                    kind: "AmazonWebServicesS3",
                    properties: {
                        roleArn: aws.roleArn,
                        sqsUrls: [c.sqsUrl],
                        destinationTable: c.destinationTable,
                        dataTypes: { logs: { state: "Enabled" } },
                    },
                },
                { dependsOn: aws.connectorPrerequisites },
            );
        }
    }).then((run) => run.resources);
    return compliant;
}

/**
 * A deep copy of a recorded resource list: plain objects and arrays are copied; anything else (an
 * asset archive's pending contents, such as a Lambda function's code) is shared, as no test edits it.
 */
export function copy(resources: readonly RecordedResource[]): RecordedResource[] {
    const clone = (value: unknown): unknown => {
        if (Array.isArray(value)) {
            return value.map(clone);
        }
        if (
            typeof value === "object" &&
            value !== null &&
            Object.getPrototypeOf(value) === Object.prototype
        ) {
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
        }
        return value;
    };
    return clone(resources) as RecordedResource[];
}

/** Finds a recorded resource by type token (or its short name) and logical name. */
export function find(
    resources: readonly RecordedResource[],
    type: string,
    name: string,
): RecordedResource {
    const found = resources.find(
        (r) => (r.type === type || r.type.endsWith(`:${type}`)) && r.name === name,
    );
    assert.ok(found, `no ${type} named ${name}`);
    return found;
}

/**
 * A copy of the resources where one resource's inputs and state are changed by `change` (applied
 * to both, so resource and stack policies see the same thing).
 */
export function mutate(
    resources: readonly RecordedResource[],
    type: string,
    name: string,
    change: (props: Record<string, any>) => void,
): RecordedResource[] {
    const out = copy(resources);
    const r = find(out, type, name);
    change(r.inputs);
    change(r.state);
    return out;
}

/** A copy with more resources. */
export function add(
    resources: readonly RecordedResource[],
    ...more: RecordedResource[]
): RecordedResource[] {
    return [...copy(resources), ...more];
}

/** A policy document as a JSON string. */
export function doc(...statements: object[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Reads the JSON policy document of a property, changes it and writes it back. */
export function editDoc(
    props: Record<string, any>,
    key: string,
    change: (document: { Version?: string; Statement: any[] }) => void,
): void {
    const value = JSON.parse(props[key]);
    change(value);
    props[key] = JSON.stringify(value);
}

/** A copy without the named resource. */
export function without(
    resources: readonly RecordedResource[],
    type: string,
    name: string,
): RecordedResource[] {
    const target = find(resources, type, name);
    return copy(resources.filter((r) => r !== target));
}

/** A hand-made recorded resource (state = props plus `state`). */
export function resource(
    type: string,
    name: string,
    props: Record<string, any>,
    extra: {
        state?: Record<string, any>;
        propertyDependencies?: Record<string, string[]>;
        custom?: boolean;
    } = {},
): RecordedResource {
    const urn = `${STACK_URN_PREFIX}${type}::${name}`;
    return {
        urn,
        type,
        name,
        custom: extra.custom ?? true,
        parent: `${STACK_URN_PREFIX}pulumi:pulumi:Stack::sentinel-aws-s3-test`,
        id: `${name}-id`,
        inputs: props,
        state: { ...props, ...(extra.state ?? {}) },
        dependencies: Object.values(extra.propertyDependencies ?? {}).flat(),
        propertyDependencies: extra.propertyDependencies ?? {},
        options: {
            deleteBeforeReplace: false,
            replaceOnChanges: [],
            ignoreChanges: [],
            retainOnDelete: false,
            protect: false,
            provider: "",
        },
    };
}

/** Runs the pack. */
export function check(
    resources: readonly RecordedResource[],
    config?: CheckOptions["config"],
): Promise<PolicyReport> {
    return checkResources(resources, { config });
}

/** The violations (advisory notes included) of one policy. */
export function of(report: PolicyReport, policyName: string): PolicyViolation[] {
    return report.violations.filter((v) => v.policyName === policyName);
}

/** Asserts a policy reports exactly the expected messages (by substring), at the expected level. */
export function assertReports(
    report: PolicyReport,
    policyName: string,
    expected: readonly string[],
    level: PolicyViolation["enforcementLevel"] = "mandatory",
): void {
    const found = of(report, policyName);
    const summary = found.map((v) => `${v.enforcementLevel}: ${v.message}`).join("\n");
    assert.strictEqual(found.length, expected.length, `${policyName} reported:\n${summary}`);
    for (const text of expected) {
        assert.ok(
            found.some((v) => v.message.includes(text) && v.enforcementLevel === level),
            `${policyName} did not report "${text}" at ${level}; it reported:\n${summary}`,
        );
    }
}

/** Asserts a policy reports nothing. */
export function assertClean(report: PolicyReport, policyName: string): void {
    assertReports(report, policyName, []);
}

/** Asserts a policy declared itself not applicable with a reason (for a resource, if given). */
export function assertNotApplicable(
    report: PolicyReport,
    policyName: string,
    reason: string,
    urn?: string,
): void {
    const found = (report.notApplicable ?? []).filter(
        (n) => n.policyName === policyName && (urn === undefined || n.urn === urn),
    );
    assert.ok(
        found.some((n) => n.reason.includes(reason)),
        `${policyName} was not reported not applicable ("${reason}"); reasons: ${found.map((n) => n.reason).join("; ")}`,
    );
}

/** Asserts the report has no mandatory violation, listing them if it has. */
export function assertNoMandatory(report: PolicyReport): void {
    const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory");
    assert.strictEqual(
        report.mandatory,
        0,
        mandatory.map((v) => `${v.policyName}: ${v.message}`).join("\n"),
    );
}
