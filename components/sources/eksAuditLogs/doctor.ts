// EKS audit logs in `sentinel-aws-s3 doctor`: each cluster's audit logging (DescribeCluster), the
// hub's stream, each cluster's log group subscribed to it, and the delivery errors the stream
// logged. Rows in `AWSEKSLogs_CL` are the Azure side's check.
import { unknownReason } from "../../../cli/doctor/aws/api";
import { Finding, combine, fail, pass, unknown } from "../../../cli/doctor/finding";
import type { SourceDoctor } from "../types";
import { subscriptionChecks } from "../writers/logsSubscriptionDoctor";
import { auditLoggingGap } from "./cluster";
import { clusterLogGroup } from "./facts";

/** DescribeCluster's `logging`, in the fields the doctor reads. */
export interface ClusterLogging {
    readonly clusterLogging?: readonly { readonly types?: string[]; readonly enabled?: boolean }[];
}

/** Does the cluster send its audit log to CloudWatch Logs? */
export function evaluateAuditLogging(
    clusterName: string,
    logging: ClusterLogging | undefined,
): Finding {
    const enabled = (logging?.clusterLogging ?? [])
        .filter((l) => l.enabled)
        .flatMap((l) => l.types ?? []);
    const gap = auditLoggingGap(clusterName, undefined, enabled);
    return gap
        ? fail(gap.reason, gap.fix)
        : pass(
              `the EKS cluster ${clusterName} sends its audit log to ${clusterLogGroup(clusterName)}.`,
          );
}

/** EKS audit logs' checks. */
export const EKS_AUDIT_LOGS_DOCTOR: SourceDoctor = {
    exportChecks: async (facts, title) => {
        const clusters = Object.keys(facts.input.exports.eksAuditLogs ?? {}).filter(
            (k) => !k.startsWith("deliveryStreamArn"),
        );
        const findings: Finding[] = [];
        for (const name of clusters) {
            const r = await facts.api.call<{ cluster?: { logging?: ClusterLogging } }, "eks">(
                "eks",
                (m) => new m.DescribeClusterCommand({ name }),
            );
            findings.push(
                r.ok
                    ? evaluateAuditLogging(name, r.value.cluster?.logging)
                    : r.kind === "missing"
                      ? fail(
                            `the EKS cluster ${name} does not exist in ${facts.region ?? "this region"}.`,
                            "Remove it from `logTypes.eksAuditLogs.clusterNames`, or give the cluster's exact name.",
                        )
                      : unknown(unknownReason(r)),
            );
        }
        return [
            [
                "aws.eksAuditLogs.auditLogging",
                `${title}: audit logging`,
                findings.length === 0
                    ? unknown("the stack output `logExports` names no cluster of the hub.")
                    : combine(findings),
            ],
            ...(await subscriptionChecks(facts, title, {
                logType: "eksAuditLogs",
                logGroupOf: clusterLogGroup,
                adoptHint: "`logTypes.eksAuditLogs.adoptSubscriptionFilters`",
            })),
        ];
    },
};
