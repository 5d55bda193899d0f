// CloudWatch Logs subscription filters: the role CloudWatch Logs assumes to put the subscribed events
// into a stream must do that and nothing more (put records into the filters' own streams), and its
// trust must bind CloudWatch Logs to the account's log groups (confused deputy).
import { roleDocuments } from "./ccfConnections";
import { Outcome, stackPolicy, withDocument } from "./lib/builders";
import {
    conditionsUnknown,
    isAllow,
    known,
    readDocument,
    sourceBound,
    statementLabel,
} from "./lib/documents";
import { ROLE_REF, Res, StackIndex } from "./lib/stack";
import { PackPolicy, TYPES } from "./lib/types";
import { Finding, isUnknown, label, show, unknownFinding } from "./lib/values";

/**
 * What a subscription's role needs on its stream: put records (Microsoft's EKS template's
 * CloudWatchLogsRole, `firehose:PutRecord` and `firehose:PutRecordBatch` on the stream; the
 * CloudWatch Logs user guide's Firehose example puts records only).
 */
const PUT_ACTIONS = ["firehose:putrecord", "firehose:putrecordbatch"];

/** The roles a filter names: by ARN, or by its `roleArn` dependency when the ARN is unknown. */
function rolesOf(index: StackIndex, filter: Res): Res[] {
    const arn = filter.props.roleArn;
    return typeof arn === "string"
        ? index.find(ROLE_REF, arn)
        : index.dependencies(filter, "roleArn", [TYPES.role]);
}

export const iamLogsSubscriptionRoleScoped: PackPolicy = stackPolicy(
    {
        name: "iam-logs-subscription-role-scoped",
        description:
            "Checks that the role a CloudWatch Logs subscription filter puts events with may only put records (firehose:PutRecord, firehose:PutRecordBatch) into the streams its filters deliver to, and that its trust binds the CloudWatch Logs principal with aws:SourceArn or aws:SourceAccount: a wider role lets whoever can pass it write elsewhere, and an unbound trust lets another account's log groups use it.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "Grant `firehose:PutRecord` and `firehose:PutRecordBatch` on the destination stream's ARN only, and condition the trust of `logs.<region>.amazonaws.com` on `aws:SourceArn` `arn:<partition>:logs:<region>:<account>:*` (the component's subscription roles do both).",
    },
    ({ index }): Outcome => {
        const filters = index.ofType(TYPES.logSubscriptionFilter);
        if (filters.length === 0) {
            return "The stack has no CloudWatch Logs subscription filter.";
        }
        // Each role in the stack, with the filters that use it.
        const byRole = new Map<string, { role: Res; filters: Res[] }>();
        for (const filter of filters) {
            for (const role of rolesOf(index, filter)) {
                const entry = byRole.get(role.urn) ?? { role, filters: [] };
                entry.filters.push(filter);
                byRole.set(role.urn, entry);
            }
        }
        if (byRole.size === 0) {
            return "No subscription filter's role is in the stack.";
        }
        const findings: Finding[] = [];
        for (const { role, filters: using } of byRole.values()) {
            const who = label(role.type, role.name);
            const destinations = using.map((f) => f.props.destinationArn);
            if (destinations.some((d) => typeof d !== "string")) {
                findings.push(unknownFinding(`The destinations of ${who}'s filters`, role.urn));
            } else {
                const streams = destinations as string[];
                for (const d of roleDocuments(index, role)) {
                    findings.push(
                        ...withDocument(d.doc, d.where, (doc) =>
                            doc.statements.filter(isAllow).flatMap((s): Finding[] => {
                                if (isUnknown(s.action) || isUnknown(s.resource)) {
                                    return [
                                        unknownFinding(
                                            `The actions or resources of ${d.where} ${statementLabel(s)}`,
                                            d.urn,
                                        ),
                                    ];
                                }
                                const extra = [
                                    ...known(s.action).filter(
                                        (a) => !PUT_ACTIONS.includes(a.toLowerCase()),
                                    ),
                                    ...(s.notAction !== undefined ? ["NotAction"] : []),
                                ];
                                const wide = [
                                    ...known(s.resource).filter((r) => !streams.includes(r)),
                                    ...(s.notResource !== undefined ? ["NotResource"] : []),
                                ];
                                return extra.length > 0 || wide.length > 0
                                    ? [
                                          {
                                              message: `${d.where} ${statementLabel(s)} must let the subscription role ${who} only put records into ${show(streams)}, not ${show([...extra, ...wide])}.`,
                                              urn: d.urn,
                                          },
                                      ]
                                    : [];
                            }),
                        ),
                    );
                }
            }
            const trust = readDocument(role.props.assumeRolePolicy);
            findings.push(
                ...withDocument(trust, `the trust policy of ${who}`, (doc) =>
                    doc.statements
                        .filter(
                            (s) =>
                                isAllow(s) &&
                                known(s.principal?.service).some((p) => /^logs\./.test(p)),
                        )
                        .flatMap((s): Finding[] =>
                            conditionsUnknown(s)
                                ? [unknownFinding(`The trust conditions of ${who}`, role.urn)]
                                : sourceBound(s)
                                  ? []
                                  : [
                                        {
                                            message: `The trust policy of ${who} ${statementLabel(s)} must bind ${show(known(s.principal?.service))} with aws:SourceArn (the account's log groups) or aws:SourceAccount, so another account's subscription cannot use the role.`,
                                            urn: role.urn,
                                        },
                                    ],
                        ),
                ),
            );
        }
        return findings;
    },
);

export const logsSubscriptionPolicies: PackPolicy[] = [iamLogsSubscriptionRoleScoped];
