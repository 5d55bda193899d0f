// The body of a Sentinel "AmazonWebServicesS3" data connector and its stable name. Pure functions.
import { createHash } from "node:crypto";
import { CONNECTOR_KIND, DestinationTable } from "../shared/catalog";

/**
 * The connector's `properties`, exactly as the SecurityInsights API defines them; the values are
 * strings, or (in the component) Inputs of them.
 */
export interface AwsS3ConnectorProperties<T = string> {
    readonly roleArn: T;
    readonly sqsUrls: T[];
    readonly destinationTable: DestinationTable;
    readonly dataTypes: { readonly logs: { readonly state: "Enabled" | "Disabled" } };
}

/** The request body of one connector (`kind` and `properties`). */
export function awsS3ConnectorBody<T = string>(args: {
    roleArn: T;
    sqsUrls: readonly T[];
    destinationTable: DestinationTable;
}): {
    kind: typeof CONNECTOR_KIND;
    properties: AwsS3ConnectorProperties<T>;
} {
    return {
        kind: CONNECTOR_KIND,
        properties: {
            roleArn: args.roleArn,
            sqsUrls: [...args.sqsUrls],
            destinationTable: args.destinationTable,
            dataTypes: { logs: { state: "Enabled" } },
        },
    };
}

/**
 * The `properties` of a Codeless Connector Framework connection: the classic four, plus the
 * definition it belongs to, where its DCR takes the data (`dcrConfig`) and the file format
 * (`dataFormat`), exactly as Microsoft's templates send them (the reference's §2.1; the keys'
 * casing, `dataTypes.logs.state: "enabled"` in lower case, copied as they are). These fields are in
 * no published API description of the `AmazonWebServicesS3` kind.
 */
export interface AwsS3CcfConnectorProperties<T = string> {
    readonly connectorDefinitionName: T;
    readonly dataTypes: { readonly logs: { readonly state: "enabled" } };
    readonly dcrConfig: {
        readonly streamName: string;
        readonly dataCollectionEndpoint: T;
        readonly dataCollectionRuleImmutableId: T;
    };
    /** The table, or `null` where Microsoft's template sends null (VPC flow logs). */
    readonly destinationTable: string | null;
    readonly dataFormat: Readonly<Record<string, string | boolean>>;
    readonly roleArn: T;
    readonly sqsUrls: T[];
    /** Properties a source's connection sets beyond these (ELB's `dataType`). */
    readonly [property: string]: unknown;
}

/** The request body of one CCF connection (`kind` and `properties`). */
export function awsS3CcfConnectorBody<T = string>(args: {
    roleArn: T;
    sqsUrls: readonly T[];
    destinationTable: string | null;
    connectorDefinitionName: T;
    streamName: string;
    dataCollectionEndpoint: T;
    dataCollectionRuleImmutableId: T;
    dataFormat: Readonly<Record<string, string | boolean>>;
    /** Properties Microsoft's connection sets beyond the shared ones, copied as they are. */
    properties?: Readonly<Record<string, string>>;
}): { kind: typeof CONNECTOR_KIND; properties: AwsS3CcfConnectorProperties<T> } {
    return {
        kind: CONNECTOR_KIND,
        properties: {
            ...args.properties,
            connectorDefinitionName: args.connectorDefinitionName,
            dataTypes: { logs: { state: "enabled" } },
            dcrConfig: {
                streamName: args.streamName,
                dataCollectionEndpoint: args.dataCollectionEndpoint,
                dataCollectionRuleImmutableId: args.dataCollectionRuleImmutableId,
            },
            destinationTable: args.destinationTable,
            dataFormat: { ...args.dataFormat },
            roleArn: args.roleArn,
            sqsUrls: [...args.sqsUrls],
        },
    };
}

/** Namespace of the connector names (a UUID v5 namespace of this package's own). */
const CONNECTOR_NAME_NAMESPACE = "5d0c6b9e-2f55-4c1a-9a43-7d3c2b6f8e10";

/**
 * The connector's resource name: a UUID (as the Sentinel portal uses) derived from the role ARN and
 * the destination table, so it is the same on every deployment, differs between AWS accounts feeding
 * one workspace, and changes (replacing the connector) exactly when the role changes.
 */
export function connectorResourceName(roleArn: string, destinationTable: DestinationTable): string {
    return uuidV5(`${roleArn}|${destinationTable}`, CONNECTOR_NAME_NAMESPACE);
}

/** RFC 4122 version-5 (SHA-1, name-based) UUID. */
export function uuidV5(name: string, namespace: string): string {
    const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
    const bytes = createHash("sha1").update(ns).update(name, "utf8").digest().subarray(0, 16);
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const h = bytes.toString("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
