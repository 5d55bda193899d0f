// The Azure side: Sentinel "Amazon Web Services S3" connectors (a generic ARM resource of kind
// AmazonWebServicesS3, or a typed AwsS3DataConnector class).
import {
    CONNECTIONS,
    CONNECTOR_KIND,
    DESTINATION_TABLES,
    ROLE_NAME_PREFIX,
    connectionBodyTable,
} from "../../components/shared/catalog";
import { IAM_ROLE_ARN_PATTERN, SQS_URL_PATTERN } from "../../components/shared/patterns";
import { Outcome, PolicyInfo, ResourceContext, resourcePolicy, stackPolicy } from "./lib/builders";
import { connectorResources } from "./lib/connectorQueues";
import { ConnectorInfo, connectorOf, hasSentinelPrefix, queueIdentity } from "./lib/sentinel";
import { Res, StackIndex } from "./lib/stack";
import { PackPolicy, TYPED_CONNECTOR_TYPE, TYPES } from "./lib/types";
import { Finding, at, isUnknown, label, show, strList, unknownFinding } from "./lib/values";

/** The other values CCF connections send, each with the stream that names its table. */
const CCF_BODY_TABLES = ((others) => (others.length > 0 ? ` (or ${others.join(", ")})` : ""))([
    ...new Set(
        CONNECTIONS.filter((c) => connectionBodyTable(c) !== c.table).map(
            (c) => `${JSON.stringify(connectionBodyTable(c))} with the stream ${c.streamName}`,
        ),
    ),
]);

/** The first SecurityInsights API version with the AmazonWebServicesS3 kind. */
const FIRST_PREVIEW_WITH_KIND = "2021-09-01";

/** A policy over Sentinel connectors (generic ARM resources of the kind, typed classes). */
function connectorPolicy<C = Record<string, never>>(
    info: PolicyInfo,
    check: (info: ConnectorInfo, r: ResourceContext<C>) => Outcome,
): PackPolicy {
    return resourcePolicy<C>(
        {
            ...info,
            types: [TYPES.armResource],
            typePattern: { test: TYPED_CONNECTOR_TYPE, text: "typed AwsS3DataConnector resources" },
        },
        (r) => {
            const connector = connectorOf(r.type, r.props);
            if (connector === undefined) {
                return `The resource is not a Sentinel connector of kind ${CONNECTOR_KIND}.`;
            }
            return isUnknown(connector)
                ? [unknownFinding(`The kind of ${r.who}`)]
                : check(connector, r);
        },
    );
}

/** Configuration of `sentinel-connector-properties-complete`. */
export interface ConnectorPropertiesConfig {
    /** Destination tables accepted beyond the catalog's (such as AWSEKSLogs). */
    readonly additionalDestinationTables: string[];
}

/** The completeness findings of a connector. */
export function connectorPropertyFindings(
    info: ConnectorInfo,
    who: string,
    tables: readonly string[],
): Finding[] {
    const f = (field: string) => (info.typed ? field : `properties.${field}`);
    const findings: Finding[] = [];
    if (isUnknown(info.roleArn)) {
        findings.push(unknownFinding(`${f("roleArn")} of ${who}`));
    } else if (typeof info.roleArn !== "string" || !IAM_ROLE_ARN_PATTERN.test(info.roleArn)) {
        findings.push({
            message: `${who} must set ${f("roleArn")} to the ARN of the Sentinel role, not ${show(info.roleArn ?? "nothing")}.`,
        });
    }
    const urls = strList(info.sqsUrls);
    if (isUnknown(urls)) {
        findings.push(unknownFinding(`${f("sqsUrls")} of ${who}`));
    } else if (urls.length === 0 || !Array.isArray(info.sqsUrls)) {
        findings.push({
            message: `${who} must list at least one queue URL in ${f("sqsUrls")}, not ${show(info.sqsUrls ?? "nothing")}.`,
        });
    } else {
        if (urls.some(isUnknown)) {
            findings.push(unknownFinding(`A queue URL in ${f("sqsUrls")} of ${who}`));
        }
        for (const url of urls.filter(
            (u): u is string => typeof u === "string" && !SQS_URL_PATTERN.test(u),
        )) {
            findings.push({
                message: `${who} must list SQS queue URLs (https://sqs.<region>.amazonaws.com/<account>/<queue>) in ${f("sqsUrls")}, not ${show(url)}.`,
            });
        }
    }
    // A CCF connection may send another value, as Microsoft's template does (WAF's "", VPC flow
    // logs' null): its stream then names the table.
    if (isUnknown(info.table)) {
        findings.push(unknownFinding(`${f("destinationTable")} of ${who}`));
    } else if (typeof info.table !== "string" || !tables.includes(info.table)) {
        findings.push({
            message: `${who} must set ${f("destinationTable")} to one of ${tables.join(", ")}${info.ccf ? CCF_BODY_TABLES : ""}, not ${show(info.destinationTable ?? "nothing")}.`,
        });
    }
    // A CCF connection writes the state in lower case, as every Microsoft CCF template does.
    const states = info.ccf ? ["enabled", "disabled"] : ["Enabled", "Disabled"];
    const state = at(info.dataTypes, "logs", "state");
    if (isUnknown(state)) {
        findings.push(unknownFinding(`${f("dataTypes.logs.state")} of ${who}`));
    } else if (typeof state !== "string" || !states.includes(state)) {
        findings.push({
            message: `${who} must set ${f("dataTypes.logs.state")} to "${states[0]}", not ${show(state ?? "nothing")}.`,
        });
    }
    return findings;
}

export const sentinelConnectorPropertiesComplete: PackPolicy =
    connectorPolicy<ConnectorPropertiesConfig>(
        {
            name: "sentinel-connector-properties-complete",
            description:
                "Checks that a Sentinel AmazonWebServicesS3 connector sets a role ARN, at least one valid SQS queue URL, a known destination table and dataTypes.logs.state.",
            enforcementLevel: "mandatory",
            severity: "high",
            remediationSteps:
                'Set `properties: { roleArn, sqsUrls: [<queue URL>], destinationTable: <the log type\'s table>, dataTypes: { logs: { state: "Enabled" } } }` from the AWS component\'s `roleArn` and `connections` (a CCF connection also sets `connectorDefinitionName`, `dcrConfig` and `dataFormat`, with `state: "enabled"`).',
            configSchema: {
                properties: {
                    additionalDestinationTables: {
                        type: "array",
                        items: { type: "string", pattern: "^AWS[A-Za-z]+$" },
                        default: [],
                        description:
                            "Destination tables accepted beyond the package's (such as AWSEKSLogs).",
                    },
                },
            },
        },
        (info, { who, config }) =>
            connectorPropertyFindings(info, who, [
                ...DESTINATION_TABLES,
                ...config.additionalDestinationTables,
            ]),
    );

export const sentinelConnectorRoleOidcPrefix: PackPolicy = connectorPolicy(
    {
        name: "sentinel-connector-role-oidc-prefix",
        description: `Checks that the role a Sentinel connector assumes has a name starting with "${ROLE_NAME_PREFIX}"; the connector silently fails with any other role.`,
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `Point \`roleArn\` at a role whose name starts with "${ROLE_NAME_PREFIX}" (the AWS component's \`roleArn\`).`,
    },
    (info, { who }) => {
        if (isUnknown(info.roleArn)) {
            return [unknownFinding(`The role ARN of ${who}`)];
        }
        if (typeof info.roleArn !== "string" || info.roleArn === "") {
            return "The connector sets no role ARN (sentinel-connector-properties-complete reports it).";
        }
        const name =
            IAM_ROLE_ARN_PATTERN.exec(info.roleArn)?.[1] ??
            info.roleArn.split("/").pop() ??
            info.roleArn;
        return hasSentinelPrefix(name)
            ? []
            : [
                  {
                      message: `${who} must use a role whose name starts with "${ROLE_NAME_PREFIX}", not ${show(info.roleArn)}.`,
                  },
              ];
    },
);

export const sentinelConnectorResourceType: PackPolicy = connectorPolicy(
    {
        name: "sentinel-connector-resource-type",
        description:
            "Checks that a generic ARM connector resource is a `dataConnectors` resource of Microsoft.SecurityInsights under a Log Analytics workspace (Microsoft.OperationalInsights/workspaces/<name>).",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            'Set `resourceProviderNamespace: "Microsoft.OperationalInsights"`, `parentResourcePath: "workspaces/<workspace>/providers/Microsoft.SecurityInsights"` and `resourceType: "dataConnectors"`.',
    },
    (info, { who, props }) => {
        if (info.typed) {
            return "A typed connector class sets its resource type itself.";
        }
        const expected: Array<[string, RegExp, string]> = [
            [
                "resourceProviderNamespace",
                /^Microsoft\.OperationalInsights$/i,
                '"Microsoft.OperationalInsights"',
            ],
            [
                "parentResourcePath",
                /^workspaces\/[^/]+\/providers\/Microsoft\.SecurityInsights$/i,
                '"workspaces/<workspace>/providers/Microsoft.SecurityInsights"',
            ],
            ["resourceType", /^dataConnectors$/i, '"dataConnectors"'],
        ];
        return expected.flatMap(([field, pattern, text]): Finding[] => {
            const v = props[field];
            if (isUnknown(v)) {
                return [unknownFinding(`${field} of ${who}`)];
            }
            return typeof v === "string" && pattern.test(v)
                ? []
                : [
                      {
                          message: `${who} must set ${field} to ${text}, not ${show(v ?? "nothing")}.`,
                      },
                  ];
        });
    },
);

export const sentinelConnectorPreviewApiVersion: PackPolicy = connectorPolicy(
    {
        name: "sentinel-connector-preview-api-version",
        description: `Checks that a connector uses a preview SecurityInsights API version from ${FIRST_PREVIEW_WITH_KIND}-preview on: the ${CONNECTOR_KIND} kind is absent from the stable versions.`,
        enforcementLevel: "mandatory",
        severity: "medium",
        remediationSteps:
            'Use `apiVersion: "2025-10-01-preview"` (the newest preview with the kind).',
    },
    (info, { who, props }) => {
        let date: string | undefined;
        let shown: unknown;
        if (info.typed) {
            if (info.typedVersion === undefined) {
                return "The typed class without a version segment uses the SDK's default API version.";
            }
            const m = /^v(\d{4})(\d{2})(\d{2})preview$/.exec(info.typedVersion);
            date = m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
            shown = info.typedVersion;
        } else {
            if (isUnknown(props.apiVersion)) {
                return [unknownFinding(`The API version of ${who}`)];
            }
            const m =
                typeof props.apiVersion === "string"
                    ? /^(\d{4}-\d{2}-\d{2})-preview$/.exec(props.apiVersion)
                    : null;
            date = m?.[1];
            shown = props.apiVersion;
        }
        return date !== undefined && date >= FIRST_PREVIEW_WITH_KIND
            ? []
            : [
                  {
                      message: `${who} must use a preview API version from ${FIRST_PREVIEW_WITH_KIND}-preview on, such as "2025-10-01-preview", not ${show(shown ?? "none")}.`,
                  },
              ];
    },
);

/** Known connectors of the stack with their queue identities. */
function stackConnectors(index: StackIndex): Array<{ res: Res; info: ConnectorInfo }> {
    return connectorResources(index).filter(
        (c): c is { res: Res; info: ConnectorInfo } => !isUnknown(c.info),
    );
}

export const sentinelConnectorUniqueTableRole: PackPolicy = stackPolicy(
    {
        name: "sentinel-connector-unique-table-role",
        description:
            "Checks that no two connectors in one workspace share both destination table and role (a duplicate ingests the same logs twice or blocks the other).",
        enforcementLevel: "advisory",
        severity: "low",
        remediationSteps:
            "Keep one connector per log type and role in each workspace, with a stable resource name; put all queues of one table in its `sqsUrls`.",
    },
    ({ index }) => {
        const connectors = stackConnectors(index);
        if (connectors.length < 2) {
            return "The stack has fewer than two Sentinel connectors.";
        }
        const seen = new Map<string, Res>();
        const findings: Finding[] = [];
        for (const { res, info } of connectors) {
            if (
                typeof info.workspaceKey !== "string" ||
                typeof info.table !== "string" ||
                typeof info.roleArn !== "string"
            ) {
                continue;
            }
            const key = [info.workspaceKey, info.table, info.roleArn].join("|");
            const first = seen.get(key);
            if (first) {
                findings.push({
                    message: `${label(res.type, res.name)} must not repeat the table ${show(info.table)} and role ${show(info.roleArn)} of ${label(first.type, first.name)} in the same workspace.`,
                    urn: res.urn,
                });
            } else {
                seen.set(key, res);
            }
        }
        return findings;
    },
);

export const sentinelConnectorQueueNotShared: PackPolicy = stackPolicy(
    {
        name: "sentinel-connector-queue-not-shared",
        description:
            "Checks that no SQS queue URL is listed by two connectors: each reader deletes what it receives, so both would miss logs.",
        enforcementLevel: "mandatory",
        severity: "medium",
        remediationSteps:
            "Give each log type (and connector) its own queue and notification entry, as the AWS component does.",
    },
    ({ index }) => {
        const connectors = stackConnectors(index);
        if (connectors.length < 2) {
            return "The stack has fewer than two Sentinel connectors.";
        }
        const owner = new Map<string, Res>();
        const findings: Finding[] = [];
        for (const { res, info } of connectors) {
            const urls = strList(info.sqsUrls);
            for (const url of isUnknown(urls) ? [] : urls) {
                if (typeof url !== "string") {
                    continue;
                }
                const key = queueIdentity(url) ?? url;
                const first = owner.get(key);
                if (first && first.urn !== res.urn) {
                    findings.push({
                        message: `${label(res.type, res.name)} must not read the queue ${show(url)}, which ${label(first.type, first.name)} already reads.`,
                        urn: res.urn,
                    });
                } else {
                    owner.set(key, res);
                }
            }
        }
        return findings;
    },
);

export const sentinelConnectorPolicies: PackPolicy[] = [
    sentinelConnectorPropertiesComplete,
    sentinelConnectorRoleOidcPrefix,
    sentinelConnectorResourceType,
    sentinelConnectorPreviewApiVersion,
    sentinelConnectorUniqueTableRole,
    sentinelConnectorQueueNotShared,
];
