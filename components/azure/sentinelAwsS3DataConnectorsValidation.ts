// Every check of `SentinelAwsS3DataConnectorsArgs`, run before any resource exists: each field
// against its description, then the rules tying fields together, all problems in one pass.
import { DESTINATION_TABLES } from "../shared/catalog";
import { FieldPath, Problems, isPlainObject, show } from "../shared/fields";
import { ValidationContext, checkFields } from "../shared/fieldChecks";
import { SentinelAwsS3DataConnectorsArgs } from "./sentinelAwsS3DataConnectorsArgs";
import {
    SENTINEL_CONNECTORS_FIELDS,
    SENTINEL_WORKSPACE_FIELDS,
} from "./sentinelAwsS3DataConnectorsFields";

/** Options of the validation. */
export interface ConnectorsValidationOptions extends ValidationContext {
    /** Where the fields sit, for messages. */
    readonly at?: FieldPath;
}

/** Checks `SentinelAwsS3DataConnectorsArgs` and returns every problem found. */
export function validateSentinelAwsS3DataConnectorsArgs(
    args: SentinelAwsS3DataConnectorsArgs,
    options: ConnectorsValidationOptions = {},
): Problems {
    const at = options.at ?? FieldPath.root();
    const raw: unknown = args;
    if (!isPlainObject(raw)) {
        return [
            `the arguments must be an object with \`resourceGroupName\`, \`workspaceName\` and \`awsConnection\` (or \`roleArn\` and \`connections\`); got ${show(raw)}.`,
        ];
    }
    const problems = checkFields(at, SENTINEL_CONNECTORS_FIELDS, raw, options);
    const explicit = raw.roleArn !== undefined || raw.connections !== undefined;
    if (raw.awsConnection !== undefined && explicit) {
        problems.push(
            `${at.key("awsConnection").code} already gives the role ARN and connections; remove ${at.key("roleArn").code} and ${at.key("connections").code}, or remove \`awsConnection\`.`,
        );
    } else if (raw.awsConnection === undefined) {
        for (const field of ["roleArn", "connections"] as const) {
            if (raw[field] === undefined) {
                problems.push(
                    `${at.key(field).code} is required without ${at.key("awsConnection").code}: pass the AwsSentinelConnection as \`awsConnection\`, or give both \`roleArn\` and \`connections\`.`,
                );
            }
        }
    }
    const list =
        raw.awsConnection !== undefined
            ? (raw.awsConnection as { connections?: unknown })?.connections
            : raw.connections;
    const listAt =
        raw.awsConnection !== undefined
            ? at.key("awsConnection").key("connections")
            : at.key("connections");
    problems.push(...connectionRules(list, listAt, raw.connectorNames, at.key("connectorNames")));
    return problems;
}

function connectionRules(
    connections: unknown,
    at: FieldPath,
    connectorNames: unknown,
    namesAt: FieldPath,
): Problems {
    if (!Array.isArray(connections)) {
        return [];
    }
    const problems: Problems = [];
    const seen = new Set<unknown>();
    connections.forEach((c: unknown, i) => {
        const table = isPlainObject(c) ? c.destinationTable : undefined;
        if (typeof table !== "string" || !DESTINATION_TABLES.includes(table as never)) {
            return;
        }
        if (seen.has(table)) {
            problems.push(
                `${at.index(i).key("destinationTable").code} ${show(table)} appears twice: one queue and one connector per log type; remove the duplicate.`,
            );
        }
        seen.add(table);
    });
    if (isPlainObject(connectorNames)) {
        for (const table of Object.keys(connectorNames)) {
            if (DESTINATION_TABLES.includes(table as never) && !seen.has(table)) {
                problems.push(
                    `${namesAt.key(table).code} names a connector for a table no connection has, so it does nothing; remove it or add that log type.`,
                );
            }
        }
    }
    return problems;
}

/** The workspace-level settings of `SentinelAwsS3DataConnectorsArgs` (the stack's `sentinel` object). */
export type SentinelWorkspaceArgs = Omit<
    SentinelAwsS3DataConnectorsArgs,
    "awsConnection" | "roleArn" | "connections"
>;

/** Checks the workspace-level settings (everything but the AWS side). */
export function validateSentinelWorkspaceArgs(
    args: SentinelWorkspaceArgs,
    options: ConnectorsValidationOptions = {},
): Problems {
    const raw: unknown = args;
    return isPlainObject(raw)
        ? checkFields(options.at ?? FieldPath.root(), SENTINEL_WORKSPACE_FIELDS, raw, options)
        : [`the workspace settings must be an object; got ${show(raw)}.`];
}
