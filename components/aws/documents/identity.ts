// The Sentinel role's documents: its trust policy and its permissions.
import {
    CONNECTOR_KMS_ACTIONS,
    CONNECTOR_S3_ACTIONS,
    CONNECTOR_SQS_ACTIONS,
    SentinelCloud,
    audienceConditionKey,
    sentinelSessionNames,
} from "../../shared/connector";
import { PolicyDocument, Text, document, join } from "./common";

/**
 * The trust policy of the Sentinel role: only Sentinel's tokens for one workspace may assume it
 * (Microsoft Learn, "Connect Microsoft Sentinel to Amazon Web Services": OIDC web identity, audience
 * and session name conditions). `workspaceId` must already be in lower case.
 */
export function sentinelTrustPolicy<T extends Text>(args: {
    providerArn: T;
    cloud: SentinelCloud;
    workspaceId: T;
}): PolicyDocument<T | string> {
    const sessionNames =
        typeof args.workspaceId === "string"
            ? (sentinelSessionNames(args.workspaceId) as T[])
            : sentinelSessionNames("").map((prefix) => join<T>(prefix, args.workspaceId));
    return document<T>([
        {
            Sid: "MicrosoftSentinelWebIdentity",
            Effect: "Allow",
            Principal: { Federated: args.providerArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [audienceConditionKey(args.cloud.issuerHost)]: args.cloud.audience,
                    "sts:RoleSessionName": sessionNames,
                },
            },
        },
    ]);
}

/** What the Sentinel role may touch. */
export interface SentinelRolePolicyArgs<T extends Text = string> {
    readonly queueArns: readonly T[];
    readonly objectArns: readonly T[];
    readonly keyArns: readonly T[];
}

function unique<T extends Text>(values: readonly T[]): T[] {
    const seen = new Set<string>();
    return values.filter((v) => typeof v !== "string" || (!seen.has(v) && !!seen.add(v)));
}

/** The Sentinel role's permissions: the connector's actions on exact ARNs, nothing else. */
export function sentinelRolePolicy<T extends Text>(
    args: SentinelRolePolicyArgs<T>,
): PolicyDocument<T | string> {
    return document<T>([
        {
            Sid: "ReadConnectorQueues",
            Effect: "Allow",
            Action: [...CONNECTOR_SQS_ACTIONS],
            Resource: unique(args.queueArns),
        },
        {
            Sid: "ReadLogObjects",
            Effect: "Allow",
            Action: [...CONNECTOR_S3_ACTIONS],
            Resource: unique(args.objectArns),
        },
        args.keyArns.length === 0
            ? undefined
            : {
                  Sid: "DecryptLogsAndMessages",
                  Effect: "Allow",
                  Action: [...CONNECTOR_KMS_ACTIONS],
                  Resource: unique(args.keyArns),
              },
    ]);
}

/** The object ARN pattern the Sentinel role may read for one log prefix. */
export function logObjectArn<T extends Text>(bucketArn: T, objectPrefix: T): T {
    return join<T>(bucketArn, "/", objectPrefix, "*");
}
