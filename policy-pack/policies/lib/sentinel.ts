// What makes a role a Sentinel role, what a Sentinel connector resource holds, and how queues are
// identified across ARNs and URLs. The facts come from the package's catalog.
import {
    AZURE_CLOUDS,
    CONNECTIONS,
    CONNECTOR_KIND,
    CatalogConnection,
    LEGACY_MICROSOFT_ACCOUNT_ID,
    ROLE_NAME_PREFIX,
    SENTINEL_CLOUDS,
    SentinelCloud,
} from "../../../components/shared/catalog";
import { DocResult, Statement, isAllow, known } from "./documents";
import { TYPED_CONNECTOR_TYPE, TYPES } from "./types";
import { Str, UNKNOWN, Unknown, at, isRecord, isUnknown } from "./values";

/** The Sentinel clouds, each with the issuer host its tokens come from. */
export const SENTINEL_ISSUERS: readonly SentinelCloud[] = AZURE_CLOUDS.map(
    (c) => SENTINEL_CLOUDS[c],
);

/** The issuer without its trailing slash: a provider or key missing the slash still names it. */
function issuerStem(cloud: SentinelCloud): string {
    return cloud.issuerHost.replace(/\/$/, "");
}

/** The Sentinel cloud an Allow statement of a trust policy names (federated principal or condition keys). */
export function sentinelCloudOf(s: Statement): SentinelCloud | undefined {
    const federated = known(s.principal?.federated);
    const keys = isUnknown(s.conditions) ? [] : s.conditions.map((c) => c.key);
    return SENTINEL_ISSUERS.find((cloud) => {
        const stem = issuerStem(cloud).toLowerCase();
        return (
            federated.some((f) => f.toLowerCase().includes(stem)) ||
            keys.some((k) => k.toLowerCase().startsWith(stem))
        );
    });
}

/** True when an Allow statement trusts Microsoft's legacy AWS account. */
export function isLegacyTrust(s: Statement): boolean {
    return (
        isAllow(s) &&
        known(s.principal?.aws).some(
            (p) =>
                p === LEGACY_MICROSOFT_ACCOUNT_ID ||
                p.includes(`::${LEGACY_MICROSOFT_ACCOUNT_ID}:`),
        )
    );
}

/** How a role's trust policy relates to Sentinel. */
export interface TrustSummary {
    /** Some Allow statement trusts Sentinel's OpenID Connect issuer. */
    readonly sentinelIssuer: boolean;
    /** Some Allow statement trusts Microsoft's legacy account. */
    readonly legacy: boolean;
    /** The trust policy (or part of it) is unknown during preview. */
    readonly unknown: boolean;
}

/** Summarizes a trust policy. */
export function summarizeTrust(trust: DocResult): TrustSummary {
    if (trust.kind === "unknown") {
        return { sentinelIssuer: false, legacy: false, unknown: true };
    }
    if (trust.kind !== "ok") {
        return { sentinelIssuer: false, legacy: false, unknown: false };
    }
    const allows = trust.doc.statements.filter(isAllow);
    return {
        sentinelIssuer: allows.some((s) => sentinelCloudOf(s) !== undefined),
        legacy: allows.some(isLegacyTrust),
        unknown:
            trust.doc.unknownStatements > 0 ||
            trust.doc.statements.some(
                (s) =>
                    isUnknown(s.effect) || s.principal?.unknown === true || isUnknown(s.conditions),
            ),
    };
}

/**
 * The name a role gets, or the start of it: `name`, else `namePrefix`, else the logical name
 * followed by a dash (Pulumi's auto-naming). `UNKNOWN` when the name is unknown and no prefix is set.
 */
export function roleNameStart(props: Record<string, unknown>, logicalName: string): Str {
    if (typeof props.name === "string") {
        return props.name;
    }
    if (typeof props.namePrefix === "string") {
        return props.namePrefix;
    }
    if (isUnknown(props.name) || isUnknown(props.namePrefix)) {
        return UNKNOWN;
    }
    return `${logicalName}-`;
}

/** True when a role name (or its start) carries the prefix the connector requires. */
export function hasSentinelPrefix(name: string): boolean {
    return name.startsWith(ROLE_NAME_PREFIX);
}

/**
 * Whether a role is a Sentinel role: its name starts with `OIDC_`, or its trust policy names
 * Sentinel's OpenID Connect issuer (either cloud) or Microsoft's legacy account. `"unknown"` when
 * neither the name nor the trust policy can tell during preview.
 */
export function sentinelRoleStatus(
    props: Record<string, unknown>,
    logicalName: string,
    trust: DocResult,
): "yes" | "no" | "unknown" {
    const name = roleNameStart(props, logicalName);
    const summary = summarizeTrust(trust);
    if (
        (typeof name === "string" && hasSentinelPrefix(name)) ||
        summary.sentinelIssuer ||
        summary.legacy
    ) {
        return "yes";
    }
    return isUnknown(name) || summary.unknown ? "unknown" : "no";
}

/** A queue's identity, `<region>:<account>:<name>`, the same from its ARN and its URL. */
export function queueIdentity(arnOrUrl: string): string | undefined {
    const arn = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]+)$/.exec(arnOrUrl);
    if (arn) {
        return `${arn[1]}:${arn[2]}:${arn[3]}`;
    }
    const url =
        /^https:\/\/(?:sqs\.([a-z0-9-]+)|([a-z0-9-]+)\.queue)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/([A-Za-z0-9_.-]+)$/.exec(
            arnOrUrl,
        );
    if (url) {
        return `${url[1] ?? url[2]}:${url[3]}:${url[4]}`;
    }
    return undefined;
}

/** What a Sentinel "Amazon Web Services S3" connector resource holds. */
export interface ConnectorInfo {
    /** True for a typed `AwsS3DataConnector` class, false for a generic ARM resource. */
    readonly typed: boolean;
    /** The version in a typed class's token (`v20250101preview`), if any. */
    readonly typedVersion?: string;
    readonly roleArn: unknown;
    readonly sqsUrls: unknown;
    readonly destinationTable: unknown;
    /**
     * The table the connector writes: its `destinationTable`, or, for a CCF connection that sends
     * none (Microsoft's VPC flow-log connection sends null), the table of the stream it sends.
     */
    readonly table: unknown;
    /**
     * The package's catalog connection it is, when known: by its stream for a CCF connection, by
     * its table (the table's classic connection) for a classic one.
     */
    readonly connection?: CatalogConnection;
    readonly dataTypes: unknown;
    /** Resource group and workspace, to group connectors per workspace. */
    readonly workspaceKey: Str;
    /**
     * A Codeless Connector Framework connection's own properties (`connectorDefinitionName`,
     * `dcrConfig`, `dataFormat`), when it has them.
     */
    readonly ccf?: {
        readonly definitionName: unknown;
        readonly dcrConfig: unknown;
        readonly dataFormat: unknown;
    };
    /** The resource group and workspace name of a generic connector, when known. */
    readonly workspace?: { readonly resourceGroupName: unknown; readonly workspaceName: unknown };
}

/**
 * Reads a connector resource: a generic `azure-native:resources:Resource` of kind
 * `AmazonWebServicesS3`, or a typed `AwsS3DataConnector`. `undefined` for anything else; `UNKNOWN`
 * when a generic resource's kind is unknown during preview.
 */
export function connectorOf(
    type: string,
    props: Record<string, unknown>,
): ConnectorInfo | Unknown | undefined {
    const typed = TYPED_CONNECTOR_TYPE.exec(type);
    if (typed) {
        return {
            typed: true,
            typedVersion: typed[1],
            roleArn: props.roleArn,
            sqsUrls: props.sqsUrls,
            destinationTable: props.destinationTable,
            table: props.destinationTable,
            connection: classicConnection(props.destinationTable),
            dataTypes: props.dataTypes,
            workspaceKey: joinKey([props.resourceGroupName, "workspaces", props.workspaceName]),
        };
    }
    if (type !== TYPES.armResource) {
        return undefined;
    }
    if (isUnknown(props.kind)) {
        return UNKNOWN;
    }
    if (props.kind !== CONNECTOR_KIND) {
        return undefined;
    }
    const properties = props.properties;
    const definitionName = at(properties, "connectorDefinitionName");
    const dcrConfig = at(properties, "dcrConfig");
    const destinationTable = at(properties, "destinationTable");
    const stream = at(dcrConfig, "streamName");
    const ccf = definitionName !== undefined || dcrConfig !== undefined;
    const connection = ccf
        ? typeof stream === "string"
            ? CONNECTIONS.find(
                  (c) =>
                      c.streamName === stream &&
                      (typeof destinationTable !== "string" ||
                          destinationTable === "" ||
                          c.table === destinationTable),
              )
            : undefined
        : classicConnection(destinationTable);
    const workspaceName =
        typeof props.parentResourcePath === "string"
            ? /^workspaces\/([^/]+)\//i.exec(props.parentResourcePath)?.[1]
            : props.parentResourcePath;
    return {
        typed: false,
        ...(ccf
            ? {
                  ccf: {
                      definitionName,
                      dcrConfig,
                      dataFormat: at(properties, "dataFormat"),
                  },
              }
            : {}),
        workspace: { resourceGroupName: props.resourceGroupName, workspaceName },
        roleArn: at(properties, "roleArn"),
        sqsUrls: at(properties, "sqsUrls"),
        destinationTable,
        table:
            ccf && (destinationTable === null || destinationTable === "")
                ? (connection?.table ?? destinationTable)
                : destinationTable,
        connection,
        dataTypes:
            isRecord(properties) || isUnknown(properties) ? at(properties, "dataTypes") : undefined,
        workspaceKey: joinKey([props.resourceGroupName, props.parentResourcePath]),
    };
}

/** The classic connection of a table, if the catalog has one. */
function classicConnection(table: unknown): CatalogConnection | undefined {
    return typeof table === "string"
        ? CONNECTIONS.find((c) => c.table === table && c.sentinel === undefined)
        : undefined;
}

function joinKey(parts: unknown[]): Str {
    if (parts.some(isUnknown)) {
        return UNKNOWN;
    }
    return parts
        .map((p) => String(p ?? ""))
        .join("/")
        .toLowerCase();
}
