// The connector and DCR links of the delivery chain: a connector writes the table of the log folder
// its queue is fed from, it is enabled, and a CCF connection's data collection rule writes the
// stream it sends into the connection's own table. The tables, folders and streams come from the
// registry (`components/sources/catalog.ts`), so every source, classic or CCF, is covered.
import { CONNECTIONS, CONNECTOR_KIND } from "../../components/shared/catalog";
import { DELIVERY_FACTS } from "../../components/shared/delivery";
import { Outcome, resourcePolicy, stackPolicy } from "./lib/builders";
import { connectionOfFeed, connectorLinks, feedsOf } from "./lib/deliveryChain";
import { connectorOf } from "./lib/sentinel";
import { Res, StackIndex } from "./lib/stack";
import { PackPolicy, TYPED_CONNECTOR_TYPE, TYPES } from "./lib/types";
import { Finding, asArray, at, isUnknown, label, show, unknownFinding } from "./lib/values";

const guide = (key: keyof typeof DELIVERY_FACTS) =>
    `${DELIVERY_FACTS[key].guide}. Sentinel shows: ${DELIVERY_FACTS[key].shows}.`;

export const sentinelConnectorTableMatchesFolder: PackPolicy = stackPolicy(
    {
        name: "sentinel-connector-table-matches-folder",
        description:
            "Checks that a connector writes the table of the log folder its queue is fed from (the folder in the notification's prefix, or the entry ID `sentinel-<connection>`): a CloudTrail queue read into AWSVPCFlow is parsed as the wrong log type, and the CloudTrail table stays empty.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `Give each log folder's queue its own connector with that log type's table (the AWS component's \`connections\` pair them). ${guide("connectorTable")}`,
    },
    ({ index }): Outcome => {
        const findings: Finding[] = [];
        let checked = 0;
        for (const link of connectorLinks(index)) {
            if (link.table === undefined) {
                continue;
            }
            for (const q of link.queues) {
                for (const feed of feedsOf(index, q.queue, q.arn)) {
                    if (isUnknown(feed.prefix) || isUnknown(feed.id)) {
                        findings.push(
                            unknownFinding(`The folder ${feed.where} filters on`, link.res.urn),
                        );
                        continue;
                    }
                    const connection = connectionOfFeed(feed);
                    if (connection === undefined) {
                        continue;
                    }
                    checked++;
                    if (connection.table !== link.table) {
                        const tables: string[] = [
                            ...new Set(
                                CONNECTIONS.filter(
                                    (c) => c.pathSegment === connection.pathSegment,
                                ).map((c) => c.table),
                            ),
                        ];
                        if (tables.includes(link.table)) {
                            continue;
                        }
                        findings.push({
                            message: `${link.who} must write ${tables.join(" or ")}, the table of the ${connection.pathSegment}/ files ${feed.where} sends to its queue, not ${show(link.table)}: the files would be parsed as another log type and ${connection.table} stays empty.`,
                            urn: link.res.urn,
                        });
                    }
                }
            }
        }
        return checked > 0 || findings.length > 0
            ? findings
            : "No connector's queue is fed by a notification of the stack naming a log folder.";
    },
);

export const sentinelConnectorLogsEnabled: PackPolicy = resourcePolicy(
    {
        name: "sentinel-connector-logs-enabled",
        description:
            "Checks that a Sentinel AmazonWebServicesS3 connector's `dataTypes.logs.state` is enabled: a disabled connector is created, polls nothing and ingests nothing.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `Set \`dataTypes.logs.state\` to "Enabled" ("enabled" for a CCF connection). To pause ingestion on purpose, lower this policy's level in the policy configuration. ${guide("connectorDisabled")}`,
        types: [TYPES.armResource],
        typePattern: { test: TYPED_CONNECTOR_TYPE, text: "typed AwsS3DataConnector resources" },
    },
    (r) => {
        const info = connectorOf(r.type, r.props);
        if (info === undefined) {
            return `The resource is not a Sentinel connector of kind ${CONNECTOR_KIND}.`;
        }
        if (isUnknown(info)) {
            return [unknownFinding(`The kind of ${r.who}`)];
        }
        const state = at(info.dataTypes, "logs", "state");
        if (isUnknown(state)) {
            return [unknownFinding(`The logs state of ${r.who}`)];
        }
        return typeof state === "string" && state.toLowerCase() === "disabled"
            ? [
                  {
                      message: `${r.who} must have its logs data type enabled, not ${show(state)}: a disabled connector polls nothing and ingests nothing.`,
                  },
              ]
            : [];
    },
);

/** The DCRs a CCF connection names: by its immutable ID, or by its properties' dependencies. */
function dcrsOf(index: StackIndex, res: Res, immutableId: unknown): Res[] {
    const dcrs = index.ofType(TYPES.dcr);
    const byId =
        typeof immutableId === "string"
            ? dcrs.filter((d) => d.props.immutableId === immutableId)
            : [];
    return byId.length > 0 ? byId : index.dependencies(res, "properties", [TYPES.dcr]);
}

export const sentinelConnectorCcfDcrOutputTable: PackPolicy = stackPolicy(
    {
        name: "sentinel-connector-ccf-dcr-output-table",
        description:
            "Checks that the data collection rule a CCF connection sends to writes the connection's stream into the connection's table (`Microsoft-<table>` or `Custom-<table>`): a data flow writing another table lands the rows where the connector's table never sees them.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `Make the data flow reading the connection's stream write \`Microsoft-<destinationTable>\` (a built-in table) or \`Custom-<destinationTable>\` (a custom table), as the source's DCR in the registry does. ${guide("dcrOutputTable")}`,
    },
    ({ index }): Outcome => {
        const findings: Finding[] = [];
        let checked = 0;
        for (const link of connectorLinks(index)) {
            const ccf = link.info.ccf;
            if (ccf === undefined) {
                continue;
            }
            const stream = at(ccf.dcrConfig, "streamName");
            for (const dcr of dcrsOf(
                index,
                link.res,
                at(ccf.dcrConfig, "dataCollectionRuleImmutableId"),
            )) {
                const flows = asArray(dcr.props.dataFlows);
                if (isUnknown(stream) || isUnknown(flows) || link.table === undefined) {
                    findings.push(
                        unknownFinding(
                            `The data flows of ${label(dcr.type, dcr.name)}`,
                            link.res.urn,
                        ),
                    );
                    continue;
                }
                const reading = (flows ?? []).filter((f) => {
                    const streams = asArray(at(f, "streams"));
                    return !isUnknown(streams) && (streams ?? []).includes(stream);
                });
                for (const flow of reading) {
                    checked++;
                    const out = at(flow, "outputStream");
                    if (isUnknown(out)) {
                        findings.push(
                            unknownFinding(
                                `The output of ${label(dcr.type, dcr.name)}`,
                                link.res.urn,
                            ),
                        );
                        continue;
                    }
                    const wanted = [`Microsoft-${link.table}`, `Custom-${link.table}`];
                    if (typeof out !== "string" || !wanted.includes(out)) {
                        findings.push({
                            message: `${label(dcr.type, dcr.name)} must write the stream ${show(stream)} of ${link.who} into ${wanted.join(" or ")}, not ${show(out ?? "nothing")}: the rows would land where ${link.table} never sees them.`,
                            urn: dcr.urn,
                        });
                    }
                }
            }
        }
        return checked > 0 || findings.length > 0
            ? findings
            : "No CCF connection's data collection rule in the stack reads its stream.";
    },
);

export const deliveryConnectorPolicies: PackPolicy[] = [
    sentinelConnectorTableMatchesFolder,
    sentinelConnectorLogsEnabled,
    sentinelConnectorCcfDcrOutputTable,
];
