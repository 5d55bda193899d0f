// Sources read through Microsoft's Codeless Connector Framework (CCF): a connection must send its
// stream to a DCR that declares and reads it, the DCR must write to the connection's own workspace,
// CCF connections are offered in Azure commercial only, and the Firehose roles that write a
// pipeline's objects may write only their stream's folders.
import {
    allowsAction,
    globMatch,
    hasWildcard,
    isAllow,
    known,
    readDocument,
} from "./lib/documents";
import { Outcome, stackPolicy, withDocument } from "./lib/builders";
import { connectorResources } from "./lib/connectorQueues";
import { ConnectorInfo, sentinelCloudOf } from "./lib/sentinel";
import { ROLE_REF, Res, StackIndex, roleRefs } from "./lib/stack";
import { PackPolicy, TYPES } from "./lib/types";
import {
    Finding,
    asArray,
    at,
    isRecord,
    isUnknown,
    label,
    show,
    unknownFinding,
} from "./lib/values";

/** The CCF connections of a stack, with their plain properties. */
function ccfConnections(index: StackIndex): Array<{ res: Res; info: ConnectorInfo }> {
    return connectorResources(index).filter(
        (c): c is { res: Res; info: ConnectorInfo } =>
            !isUnknown(c.info) && c.info.ccf !== undefined,
    );
}

/** The DCRs a connection names: by its immutable ID, or by its properties' dependencies. */
function dcrsOf(index: StackIndex, res: Res, info: ConnectorInfo): Res[] {
    const id = at(info.ccf?.dcrConfig, "dataCollectionRuleImmutableId");
    const dcrs = index.ofType(TYPES.dcr);
    const byId = typeof id === "string" ? dcrs.filter((d) => d.props.immutableId === id) : [];
    return byId.length > 0 ? byId : index.dependencies(res, "properties", [TYPES.dcr]);
}

export const sentinelConnectorCcfStreamDeclared: PackPolicy = stackPolicy(
    {
        name: "sentinel-connector-ccf-stream-declared",
        description:
            "Checks that a CCF connection's `dcrConfig.streamName` is read by its data collection rule: a `Custom-` stream declared in `streamDeclarations` and read by a data flow, or a `SENTINEL_` alias with a data flow from the table's `Microsoft-` stream. A stream the DCR does not take is dropped: connected, and no row.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "Send the stream the source's DCR declares (the connector component pairs them), or add the stream's declaration and data flow to the DCR.",
    },
    ({ index }): Outcome => {
        const connections = ccfConnections(index);
        if (connections.length === 0) {
            return "The stack has no CCF connection.";
        }
        const findings: Finding[] = [];
        let checked = 0;
        for (const { res, info } of connections) {
            const who = label(res.type, res.name);
            const stream = at(info.ccf?.dcrConfig, "streamName");
            const dcrs = dcrsOf(index, res, info);
            if (dcrs.length === 0) {
                continue; // a DCR outside the stack: the doctor reads it
            }
            checked++;
            if (isUnknown(stream)) {
                findings.push(unknownFinding(`The stream of ${who}`, res.urn));
                continue;
            }
            for (const dcr of dcrs) {
                const declarations = dcr.props.streamDeclarations;
                const flows = asArray(dcr.props.dataFlows);
                if (isUnknown(declarations) || isUnknown(flows)) {
                    findings.push(
                        unknownFinding(`The streams of ${label(dcr.type, dcr.name)}`, res.urn),
                    );
                    continue;
                }
                const read = (flows ?? []).flatMap((f) => {
                    const streams = asArray(at(f, "streams"));
                    return isUnknown(streams)
                        ? []
                        : (streams ?? []).filter((s) => typeof s === "string");
                });
                const declared =
                    isRecord(declarations) && typeof stream === "string" && stream in declarations;
                const ok =
                    typeof stream === "string" &&
                    (stream.startsWith("Custom-")
                        ? declared && read.includes(stream)
                        : stream.startsWith("SENTINEL_") &&
                          read.some((s) => String(s).startsWith("Microsoft-")));
                if (!ok) {
                    findings.push({
                        message: `${who} must send a stream ${label(dcr.type, dcr.name)} declares and reads, not ${show(stream ?? "none")} (it ${declared ? "declares it but no data flow reads it" : `declares ${show(isRecord(declarations) ? Object.keys(declarations) : [])}`}).`,
                        urn: res.urn,
                    });
                }
            }
        }
        return checked > 0 ? findings : "No CCF connection's data collection rule is in the stack.";
    },
);

/** The workspace ARM ID suffix of a connection: `/resourceGroups/<rg>/…/workspaces/<name>`. */
function workspaceSuffix(info: ConnectorInfo): string | undefined {
    const rg = info.workspace?.resourceGroupName;
    const ws = info.workspace?.workspaceName;
    return typeof rg === "string" && typeof ws === "string"
        ? `/resourcegroups/${rg}/providers/microsoft.operationalinsights/workspaces/${ws}`.toLowerCase()
        : undefined;
}

export const sentinelConnectorCcfDcrWorkspace: PackPolicy = stackPolicy(
    {
        name: "sentinel-connector-ccf-dcr-workspace",
        description:
            "Checks that the data collection rule a CCF connection sends to writes to the connection's own Log Analytics workspace (its `logAnalytics` destination, read by its data flows): rows sent elsewhere never reach the workspace's Sentinel.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "Point the DCR's `destinations.logAnalytics[].workspaceResourceId` at the connection's workspace (the connector component does).",
    },
    ({ index }): Outcome => {
        const findings: Finding[] = [];
        let checked = 0;
        for (const { res, info } of ccfConnections(index)) {
            const suffix = workspaceSuffix(info);
            for (const dcr of dcrsOf(index, res, info)) {
                checked++;
                const destinations = asArray(at(dcr.props.destinations, "logAnalytics"));
                if (suffix === undefined || isUnknown(destinations)) {
                    findings.push(
                        unknownFinding(`The workspace of ${label(dcr.type, dcr.name)}`, res.urn),
                    );
                    continue;
                }
                const ids = (destinations ?? []).map((d) => at(d, "workspaceResourceId"));
                if (ids.some(isUnknown)) {
                    findings.push(
                        unknownFinding(`The workspace of ${label(dcr.type, dcr.name)}`, res.urn),
                    );
                    continue;
                }
                const elsewhere = ids.filter(
                    (id) => typeof id !== "string" || !id.toLowerCase().endsWith(suffix),
                );
                if (ids.length === 0 || elsewhere.length > 0) {
                    findings.push({
                        message: `${label(dcr.type, dcr.name)} must write to the workspace of ${label(res.type, res.name)} (…${suffix}), not ${show(ids.length === 0 ? "no workspace" : elsewhere)}.`,
                        urn: dcr.urn,
                    });
                }
            }
        }
        return checked > 0 ? findings : "No CCF connection's data collection rule is in the stack.";
    },
);

export const sentinelConnectorCcfAzureCloud: PackPolicy = stackPolicy(
    {
        name: "sentinel-connector-ccf-azure-cloud",
        description:
            "Checks that a CCF connection's role trusts Sentinel in Azure commercial (AzureCloud): Microsoft's CCF templates for AWS use the commercial issuer and audience only, so a CCF source is offered there until one is confirmed in Azure Government.",
        enforcementLevel: "mandatory",
        severity: "medium",
        remediationSteps:
            "Connect the CCF source from a workspace in AzureCloud, or leave it out of the Azure Government deployment.",
    },
    ({ index }): Outcome => {
        const findings: Finding[] = [];
        let checked = 0;
        for (const { res, info } of ccfConnections(index)) {
            const roles =
                typeof info.roleArn === "string" ? index.find(ROLE_REF, info.roleArn) : [];
            for (const role of roles) {
                checked++;
                const trust = readDocument(role.props.assumeRolePolicy);
                findings.push(
                    ...withDocument(trust, label(role.type, role.name), (doc) => {
                        const clouds = doc.statements
                            .filter(isAllow)
                            .map(sentinelCloudOf)
                            .filter((c) => c !== undefined);
                        const other = clouds.find((c) => c.azureCloud !== "AzureCloud");
                        return other
                            ? [
                                  {
                                      message: `${label(res.type, res.name)} must not be a CCF connection: its role ${label(role.type, role.name)} trusts Sentinel in ${other.azureCloud}, where no CCF source for AWS is offered.`,
                                      urn: res.urn,
                                  },
                              ]
                            : [];
                    }),
                );
            }
        }
        return checked > 0 ? findings : "No CCF connection's role is in the stack.";
    },
);

/** The S3 object writes a Firehose role may be allowed, and nothing beyond its stream's folders. */
const OBJECT_WRITES = [
    "s3:PutObject",
    "s3:PutObjectAcl",
    "s3:AbortMultipartUpload",
    "s3:DeleteObject",
];

/** The documents that grant a role permissions: inline policies and role policies in the stack. */
export function roleDocuments(
    index: StackIndex,
    role: Res,
): Array<{ where: string; urn: string; doc: ReturnType<typeof readDocument> }> {
    const docs: Array<{ where: string; urn: string; doc: ReturnType<typeof readDocument> }> = [];
    const inline = asArray(role.props.inlinePolicies);
    for (const item of isUnknown(inline) ? [] : (inline ?? [])) {
        docs.push({
            where: `an inline policy of ${label(role.type, role.name)}`,
            urn: role.urn,
            doc: readDocument(at(item, "policy")),
        });
    }
    for (const p of index.ofType(TYPES.rolePolicy)) {
        if (roleRefs(index, p, "role").inStack.some((r) => r.urn === role.urn)) {
            docs.push({
                where: label(p.type, p.name),
                urn: p.urn,
                doc: readDocument(p.props.policy),
            });
        }
    }
    return docs;
}

export const iamFirehoseRolePrefixScoped: PackPolicy = stackPolicy(
    {
        name: "iam-firehose-role-prefix-scoped",
        description:
            "Checks that the role a Firehose stream writes to S3 with may write objects (PutObject, PutObjectAcl, AbortMultipartUpload, DeleteObject) only under the stream's prefix and error prefix in its bucket: a pipeline's role that can write elsewhere can overwrite other sources' logs.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "Grant the object actions on `arn:…:s3:::<bucket>/<prefix>*` and `…/<error prefix>*` only (the Firehose guide's bucket-level actions stay on the bucket).",
    },
    ({ index }): Outcome => {
        const streams = index.ofType(TYPES.firehose);
        if (streams.length === 0) {
            return "The stack has no Firehose stream.";
        }
        const findings: Finding[] = [];
        let checked = 0;
        for (const stream of streams) {
            const s3 = stream.props.extendedS3Configuration;
            if (!isRecord(s3) && !isUnknown(s3)) {
                continue;
            }
            const [roleArn, bucketArn, prefix, errorPrefix] = [
                "roleArn",
                "bucketArn",
                "prefix",
                "errorOutputPrefix",
            ].map((k) => at(s3, k));
            const roles =
                typeof roleArn === "string"
                    ? index.find(ROLE_REF, roleArn)
                    : index.dependencies(stream, "extendedS3Configuration", [TYPES.role]);
            if (roles.length === 0) {
                continue;
            }
            checked++;
            if ([bucketArn, prefix, errorPrefix].some(isUnknown)) {
                findings.push(
                    unknownFinding(
                        `The destination of ${label(stream.type, stream.name)}`,
                        stream.urn,
                    ),
                );
                continue;
            }
            const stable = (p: unknown) => (typeof p === "string" ? p.replace(/!\{.*$/, "") : "");
            const allowed = [stable(prefix), stable(errorPrefix)]
                .filter((p) => p !== "")
                .map((p) => `${bucketArn}/${p}`);
            const within = (r: string) =>
                allowed.length === 0
                    ? globMatch(`${bucketArn}/*`, r)
                    : allowed.some(
                          (a) =>
                              r.startsWith(a) &&
                              !hasWildcard(a) &&
                              !hasWildcard(r.slice(0, a.length)),
                      );
            for (const role of roles) {
                for (const d of roleDocuments(index, role)) {
                    findings.push(
                        ...withDocument(d.doc, d.where, (doc) =>
                            doc.statements
                                .filter(
                                    (s) =>
                                        isAllow(s) && OBJECT_WRITES.some((a) => allowsAction(s, a)),
                                )
                                .flatMap((s): Finding[] => {
                                    if (isUnknown(s.resource)) {
                                        return [
                                            unknownFinding(`The resources of ${d.where}`, d.urn),
                                        ];
                                    }
                                    const wide = known(s.resource).filter((r) => !within(r));
                                    return wide.length > 0 || s.notResource !== undefined
                                        ? [
                                              {
                                                  message: `${d.where} must let the role of ${label(stream.type, stream.name)} write only under ${show(allowed.map((a) => `${a}*`))}, not ${show(wide.length > 0 ? wide : "NotResource")}.`,
                                                  urn: d.urn,
                                              },
                                          ]
                                        : [];
                                }),
                        ),
                    );
                }
            }
        }
        return checked > 0 ? findings : "No Firehose stream's role is in the stack.";
    },
);

export const ccfPolicies: PackPolicy[] = [
    sentinelConnectorCcfStreamDeclared,
    sentinelConnectorCcfDcrWorkspace,
    sentinelConnectorCcfAzureCloud,
    iamFirehoseRolePrefixScoped,
];
