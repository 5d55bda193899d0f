// Typed stack configuration of the program: two structured keys mirroring the components' args.
//
//   sentinel-aws-s3:sentinel  → the workspace (ID, resource group, name, cloud, onboarding, API version)
//   sentinel-aws-s3:aws       → AwsSentinelConnectionArgs without workspaceId/azureCloud
//
// Every problem is reported at once, naming the config key path, before any resource exists.
import type * as pulumi from "@pulumi/pulumi";
import { AwsSentinelConnectionArgs } from "./aws/awsSentinelConnectionArgs";
import { validateAwsSentinelConnectionArgs } from "./aws/awsSentinelConnectionValidation";
import { DestinationTable } from "./shared/catalog";
import {
    SentinelWorkspaceArgs,
    validateSentinelWorkspaceArgs,
} from "./azure/sentinelAwsS3DataConnectorsValidation";
import { ValidationError, code, show, unknownKeyProblems } from "./shared/validation";

/** The `sentinel` config object: the Microsoft Sentinel workspace to connect. */
export interface SentinelStackConfig {
    /** The Log Analytics workspace ID (GUID). */
    readonly workspaceId: string;
    readonly resourceGroupName: string;
    readonly workspaceName: string;
    readonly azureCloud?: AwsSentinelConnectionArgs["azureCloud"];
    readonly onboardWorkspace?: boolean;
    readonly apiVersion?: string;
    readonly iamPropagationDelay?: string;
    readonly connectorNames?: Partial<Record<DestinationTable, string>>;
}

/** The `aws` config object: the AWS side's arguments. */
export type AwsStackConfig = Omit<AwsSentinelConnectionArgs, "workspaceId" | "azureCloud">;

/** What the program builds from a stack's configuration. */
export interface ProgramConfig {
    /** The components' name (and so the prefix of every child's name). */
    readonly name: string;
    readonly aws: AwsSentinelConnectionArgs;
    readonly sentinel: SentinelWorkspaceArgs;
}

/** The components' name when the `name` key is not set. */
export const DEFAULT_COMPONENT_NAME = "sentinel";

type Kind = "string" | "boolean" | "number" | "object" | "string[]" | "object[]";

const SENTINEL_TYPES: Record<string, Kind> = {
    workspaceId: "string",
    resourceGroupName: "string",
    workspaceName: "string",
    azureCloud: "string",
    onboardWorkspace: "boolean",
    apiVersion: "string",
    iamPropagationDelay: "string",
    connectorNames: "object",
};

const AWS_TYPES: Record<string, Kind> = {
    logTypes: "object",
    "logTypes.cloudTrail": "object",
    "logTypes.cloudTrail.enabled": "boolean",
    "logTypes.cloudTrail.createTrail": "boolean",
    "logTypes.cloudTrail.trailName": "string",
    "logTypes.cloudTrail.trailArn": "string",
    "logTypes.cloudTrail.includeGlobalServiceEvents": "boolean",
    "logTypes.vpcFlowLogs": "object",
    "logTypes.vpcFlowLogs.enabled": "boolean",
    "logTypes.vpcFlowLogs.vpcIds": "string[]",
    "logTypes.vpcFlowLogs.logFormat": "string",
    "logTypes.vpcFlowLogs.trafficType": "string",
    "logTypes.vpcFlowLogs.maxAggregationInterval": "number",
    "logTypes.guardDuty": "object",
    "logTypes.guardDuty.enabled": "boolean",
    "logTypes.guardDuty.existingDetectorId": "string",
    existingBucketName: "string",
    existingBucketNotifications: "object",
    "existingBucketNotifications.queues": "object[]",
    "existingBucketNotifications.topics": "object[]",
    "existingBucketNotifications.lambdaFunctions": "object[]",
    "existingBucketNotifications.eventbridge": "boolean",
    existingBucketKmsKeyArn: "string",
    manageBucketPolicy: "boolean",
    bucketPolicyStatements: "object[]",
    keyPrefix: "string",
    bucketEncryption: "string",
    logExpirationDays: "number",
    accessLogsBucketName: "string",
    queueEncryption: "string",
    messageRetentionSeconds: "number",
    visibilityTimeoutSeconds: "number",
    maxReceiveCount: "number",
    alarms: "object",
    "alarms.enabled": "boolean",
    "alarms.actions": "string[]",
    "alarms.oldestMessageAgeSeconds": "number",
    existingOidcProviderArn: "string",
    roleName: "string",
    rolePermissionsBoundaryArn: "string",
    tags: "object",
    retainOnDelete: "boolean",
};

function kindOf(value: unknown): Kind | "array" | "null" {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        if (value.every((v) => typeof v === "string")) {
            return "string[]";
        }
        return value.every((v) => typeof v === "object" && v !== null && !Array.isArray(v))
            ? "object[]"
            : "array";
    }
    return typeof value as Kind;
}

function typeProblems(
    prefix: string,
    value: Record<string, unknown>,
    types: Record<string, Kind>,
): string[] {
    const problems: string[] = [];
    for (const [path, kind] of Object.entries(types)) {
        const found = path
            .split(".")
            .reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), value);
        if (found === undefined) {
            continue;
        }
        const actual = kindOf(found);
        const ok =
            actual === kind ||
            (kind === "string[]" && Array.isArray(found) && found.length === 0) ||
            (kind === "object[]" && actual === "string[]" && (found as unknown[]).length === 0);
        if (!ok) {
            problems.push(
                `${code(`${prefix}${path}`)} must be ${describe(kind)}; got ${show(found)} (${actual}).`,
            );
        }
    }
    return problems;
}

function describe(kind: Kind): string {
    return {
        string: "a string",
        boolean: "true or false",
        number: "a number",
        object: "an object (a map of keys)",
        "string[]": "a list of strings",
        "object[]": "a list of objects",
    }[kind];
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads and checks the program's configuration (`name`, `sentinel`, `aws`). Throws one
 * `ValidationError` listing every problem, each naming its key as `<project>:<key>.<path>`.
 */
export function readStackConfig(config: pulumi.Config): ProgramConfig {
    return parseStackConfig(config.name, {
        name: config.get("name"),
        sentinel: config.getObject<unknown>("sentinel"),
        aws: config.getObject<unknown>("aws"),
    });
}

/** `readStackConfig` on raw values (as read from `Pulumi.<stack>.yaml`). */
export function parseStackConfig(
    project: string,
    raw: { name?: unknown; sentinel?: unknown; aws?: unknown },
): ProgramConfig {
    const key = (k: string) => `${project}:${k}`;
    const problems: string[] = [];
    const name = raw.name ?? DEFAULT_COMPONENT_NAME;
    if (typeof name !== "string" || !/^[a-z0-9][a-z0-9-]{0,47}$/.test(name)) {
        problems.push(
            `${code(key("name"))} must be 1-48 lowercase letters, digits and hyphens (it prefixes every resource name); got ${show(name)}.`,
        );
    }
    const sentinel = raw.sentinel;
    const aws = raw.aws;
    if (!isObject(sentinel)) {
        problems.push(
            `${code(key("sentinel"))} is required: an object with workspaceId, resourceGroupName and workspaceName (see Pulumi.example.yaml); got ${show(sentinel)}.`,
        );
    } else {
        problems.push(
            ...unknownKeyProblems(key("sentinel"), sentinel, Object.keys(SENTINEL_TYPES)),
        );
        problems.push(...typeProblems(`${key("sentinel")}.`, sentinel, SENTINEL_TYPES));
    }
    if (!isObject(aws)) {
        problems.push(
            `${code(key("aws"))} is required: an object with at least logTypes (see Pulumi.example.yaml); got ${show(aws)}.`,
        );
    } else {
        problems.push(
            ...unknownKeyProblems(
                key("aws"),
                aws,
                Object.keys(AWS_TYPES).filter((k) => !k.includes(".")),
            ),
        );
        problems.push(...typeProblems(`${key("aws")}.`, aws, AWS_TYPES));
    }
    if (problems.length === 0 && isObject(sentinel) && isObject(aws)) {
        const s = sentinel as unknown as SentinelStackConfig;
        const awsArgs: AwsSentinelConnectionArgs = {
            ...(aws as unknown as AwsStackConfig),
            workspaceId: s.workspaceId,
            azureCloud: s.azureCloud,
        };
        const sentinelArgs: SentinelWorkspaceArgs = {
            resourceGroupName: s.resourceGroupName,
            workspaceName: s.workspaceName,
            onboardWorkspace: s.onboardWorkspace,
            apiVersion: s.apiVersion,
            iamPropagationDelay: s.iamPropagationDelay,
            connectorNames: s.connectorNames,
        };
        // The AWS args' workspaceId and azureCloud live under `sentinel`; everything else under `aws`.
        const awsProblems = validateAwsSentinelConnectionArgs(
            name as string,
            awsArgs,
            `${key("aws")}.`,
        ).map((m) =>
            m
                .replace(`\`${key("aws")}.workspaceId\``, `\`${key("sentinel")}.workspaceId\``)
                .replace(`\`${key("aws")}.azureCloud\``, `\`${key("sentinel")}.azureCloud\``),
        );
        problems.push(
            ...validateSentinelWorkspaceArgs(sentinelArgs, `${key("sentinel")}.`),
            ...awsProblems,
        );
        if (problems.length === 0) {
            return { name: name as string, aws: awsArgs, sentinel: sentinelArgs };
        }
    }
    throw new ValidationError(`The stack configuration of ${project}`, problems);
}
