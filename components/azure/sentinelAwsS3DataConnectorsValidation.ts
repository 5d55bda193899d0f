// Every check of `SentinelAwsS3DataConnectorsArgs`, run before any resource exists. Values that are
// Outputs are checked by the cloud; plain values are checked here.
import { DESTINATION_TABLES, DestinationTable, ROLE_NAME_PREFIX } from "../shared/catalog";
import type { SentinelAwsS3DataConnectorsArgs } from "./sentinelAwsS3DataConnectors";
import { IAM_ROLE_ARN_PATTERN, SQS_URL_PATTERN } from "../shared/patterns";
import { code, show, unknownKeyProblems } from "../shared/validation";

const WORKSPACE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/;
const RESOURCE_GROUP_PATTERN = /^[-\w._()]{0,89}[-\w_()]$/;
const API_VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}(-preview)?$/;
const DURATION_PATTERN = /^\d+(?:ms|s|m|h)?$|^(?:\d+h)?(?:\d+m)?(?:\d+s)?$/;

/** Checks `SentinelAwsS3DataConnectorsArgs` and returns every problem found; `fieldPrefix` goes in front of field names. */
export function validateSentinelAwsS3DataConnectorsArgs(
    args: SentinelAwsS3DataConnectorsArgs,
    fieldPrefix = "",
): string[] {
    if (typeof args !== "object" || args === null) {
        return [
            "the arguments must be an object with `resourceGroupName`, `workspaceName`, `roleArn` and `connections`.",
        ];
    }
    const p = (field: string) => `${fieldPrefix}${field}`;
    const problems = validateSentinelWorkspaceArgs(args, fieldPrefix);
    const roleArn: unknown = args.roleArn;
    if (roleArn === undefined || roleArn === null || roleArn === "") {
        problems.push(
            `${code(p("roleArn"))} is required: the ARN of the AWS role Sentinel assumes (\`AwsSentinelConnection.roleArn\`).`,
        );
    } else if (typeof roleArn === "string") {
        const match = IAM_ROLE_ARN_PATTERN.exec(roleArn);
        if (!match) {
            problems.push(
                `${code(p("roleArn"))} must be an IAM role ARN such as "arn:aws:iam::123456789012:role/OIDC_MicrosoftSentinel"; got ${show(roleArn)}.`,
            );
        } else if (!match[1].startsWith(ROLE_NAME_PREFIX)) {
            problems.push(
                `${code(p("roleArn"))} must name a role starting with "${ROLE_NAME_PREFIX}", or the connector cannot use it; got ${show(roleArn)}.`,
            );
        }
    }
    problems.push(...connectionProblems(args.connections, p));
    return problems;
}

/** The workspace-level settings of `SentinelAwsS3DataConnectorsArgs`. */
export type SentinelWorkspaceArgs = Omit<
    SentinelAwsS3DataConnectorsArgs,
    "roleArn" | "connections"
>;

/** Checks the workspace-level settings (everything but the role and connections). */
export function validateSentinelWorkspaceArgs(
    args: SentinelWorkspaceArgs,
    fieldPrefix = "",
): string[] {
    const p = (field: string) => `${fieldPrefix}${field}`;
    const problems: string[] = [];
    const rg: unknown = args.resourceGroupName;
    if (rg === undefined || rg === null || rg === "") {
        problems.push(
            `${code(p("resourceGroupName"))} is required: the resource group of the Log Analytics workspace.`,
        );
    } else if (typeof rg === "string" && !RESOURCE_GROUP_PATTERN.test(rg)) {
        problems.push(
            `${code(p("resourceGroupName"))} must be 1-90 letters, digits, and -_.() characters, not ending in a period; got ${show(rg)}.`,
        );
    }
    const ws: unknown = args.workspaceName;
    if (ws === undefined || ws === null || ws === "") {
        problems.push(
            `${code(p("workspaceName"))} is required: the name (not the ID) of the Log Analytics workspace Sentinel uses.`,
        );
    } else if (typeof ws === "string" && !WORKSPACE_NAME_PATTERN.test(ws)) {
        problems.push(
            `${code(p("workspaceName"))} must be a Log Analytics workspace name: 4-63 letters, digits and hyphens, starting and ending with a letter or digit; got ${show(ws)}.`,
        );
    }
    if (args.apiVersion !== undefined) {
        if (typeof args.apiVersion !== "string" || !API_VERSION_PATTERN.test(args.apiVersion)) {
            problems.push(
                `${code(p("apiVersion"))} must be an API version like "2025-10-01-preview"; got ${show(args.apiVersion)}.`,
            );
        } else if (!args.apiVersion.endsWith("-preview")) {
            problems.push(
                `${code(p("apiVersion"))} must be a preview version (such as "2025-10-01-preview"): the AmazonWebServicesS3 kind is absent from stable SecurityInsights API versions; got ${show(args.apiVersion)}.`,
            );
        }
    }
    if (args.onboardWorkspace !== undefined && typeof args.onboardWorkspace !== "boolean") {
        problems.push(
            `${code(p("onboardWorkspace"))} must be true or false; got ${show(args.onboardWorkspace)}.`,
        );
    }
    if (
        args.iamPropagationDelay !== undefined &&
        (typeof args.iamPropagationDelay !== "string" ||
            !DURATION_PATTERN.test(args.iamPropagationDelay) ||
            args.iamPropagationDelay === "")
    ) {
        problems.push(
            `${code(p("iamPropagationDelay"))} must be a duration such as "30s", "2m" or "0s"; got ${show(args.iamPropagationDelay)}.`,
        );
    }
    if (args.connectorNames !== undefined) {
        problems.push(
            ...unknownKeyProblems(
                p("connectorNames"),
                args.connectorNames,
                DESTINATION_TABLES,
                " (one per destination table)",
            ),
        );
        for (const [table, value] of Object.entries(args.connectorNames)) {
            if (typeof value !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(value)) {
                problems.push(
                    `${code(p(`connectorNames.${table}`))} must be a connector resource name (letters, digits, _.-), such as the GUID shown in the connector's resource ID; got ${show(value)}.`,
                );
            }
        }
    }
    return problems;
}

function connectionProblems(connections: unknown, p: (field: string) => string): string[] {
    if (!Array.isArray(connections) || connections.length === 0) {
        return [
            `${code(p("connections"))} must list at least one connection ({ destinationTable, sqsUrl }), such as \`AwsSentinelConnection.connections\`; got ${show(connections)}.`,
        ];
    }
    const problems: string[] = [];
    const seen = new Set<string>();
    connections.forEach((c: { destinationTable?: unknown; sqsUrl?: unknown } | null, i) => {
        const field = `connections[${i}]`;
        if (typeof c !== "object" || c === null) {
            problems.push(
                `${code(p(field))} must be an object { destinationTable, sqsUrl }; got ${show(c)}.`,
            );
            return;
        }
        if (
            typeof c.destinationTable !== "string" ||
            !DESTINATION_TABLES.includes(c.destinationTable as DestinationTable)
        ) {
            problems.push(
                `${code(p(`${field}.destinationTable`))} must be one of ${DESTINATION_TABLES.map(show).join(", ")}; got ${show(c.destinationTable)}.`,
            );
        } else if (seen.has(c.destinationTable)) {
            problems.push(
                `${code(p(`${field}.destinationTable`))} ${show(c.destinationTable)} appears twice: one queue and one connector per log type; remove the duplicate.`,
            );
        } else {
            seen.add(c.destinationTable);
        }
        if (c.sqsUrl === undefined || c.sqsUrl === null || c.sqsUrl === "") {
            problems.push(
                `${code(p(`${field}.sqsUrl`))} is required: the URL of the queue carrying this log type's notifications.`,
            );
        } else if (typeof c.sqsUrl === "string" && !SQS_URL_PATTERN.test(c.sqsUrl)) {
            problems.push(
                `${code(p(`${field}.sqsUrl`))} must be an SQS queue URL such as "https://sqs.us-east-1.amazonaws.com/123456789012/queue"; got ${show(c.sqsUrl)}.`,
            );
        }
    });
    return problems;
}
