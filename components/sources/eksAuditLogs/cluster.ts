// A cluster's audit log, checked before it is subscribed: the cluster exists in the region and sends
// its `audit` control-plane log to CloudWatch Logs. A cluster's logging belongs to the cluster's own
// resource (EKS API reference, UpdateClusterConfig `logging`; Pulumi's `aws.eks.Cluster`
// `enabledClusterLogTypes`): a program that does not own the cluster cannot turn it on without
// fighting its owner, so a cluster whose audit log is off stops the preview with how to turn it on.
import { getCluster } from "@pulumi/aws/eks/getCluster";
import * as pulumi from "@pulumi/pulumi";
import { ValidationError, show } from "../../shared/fields";
import type { PlannedRegionalLogGroup } from "../writers/logsSubscription";
import { AUDIT_LOG_TYPE, clusterLogGroup } from "./facts";

/** A cluster's log group, and the cluster's name in it. */
const CLUSTER_LOG_GROUP = /^\/aws\/eks\/([^/]+)\/cluster$/;

/** What is wrong with a cluster whose control-plane logging leaves out the audit log, and the fix. */
export function auditLoggingGap(
    clusterName: string,
    region: string | undefined,
    enabledTypes: readonly string[] | undefined,
): { readonly reason: string; readonly fix: string } | undefined {
    if (enabledTypes?.includes(AUDIT_LOG_TYPE)) {
        return undefined;
    }
    const where = region === undefined ? "" : ` in ${region}`;
    return {
        reason: `the EKS cluster ${show(clusterName)}${where} does not send its audit log to CloudWatch Logs (control-plane logging: ${enabledTypes && enabledTypes.length > 0 ? enabledTypes.join(", ") : "none"}), so there is nothing to deliver.`,
        fix: `Turn audit logging on where the cluster is managed: \`enabledClusterLogTypes: ["audit", …]\` on its \`aws.eks.Cluster\`, or \`aws eks update-cluster-config --name ${clusterName}${region === undefined ? "" : ` --region ${region}`} --logging '{"clusterLogging":[{"types":["audit"],"enabled":true}]}'\`; this component cannot, as the cluster's logging belongs to the cluster's own resource.`,
    };
}

/** The problem of a cluster whose control-plane logging leaves out the audit log, or undefined. */
export function auditLoggingProblem(
    clusterName: string,
    region: string | undefined,
    enabledTypes: readonly string[] | undefined,
): string | undefined {
    const gap = auditLoggingGap(clusterName, region, enabledTypes);
    return gap && `${gap.reason} ${gap.fix}`;
}

/**
 * The cluster's log group, once the cluster is found sending its audit log there (EKS
 * DescribeCluster through the provider's `aws:eks/getCluster:getCluster`); a `ValidationError`
 * naming the cluster and the fix otherwise, at preview.
 */
export function checkedClusterLogGroup(subject: string) {
    return (group: PlannedRegionalLogGroup, parent: pulumi.Resource): pulumi.Output<string> => {
        const clusterName = CLUSTER_LOG_GROUP.exec(group.logGroupName)![1];
        return pulumi.output(clusterName).apply(async (name) => {
            let types: readonly string[] | undefined;
            try {
                types = (await getCluster({ name, region: group.region }, { parent }))
                    .enabledClusterLogTypes;
            } catch (e) {
                const reason = ((e as Error).message ?? "").split("\n")[0].trim();
                throw new ValidationError(subject, [
                    `the EKS cluster ${show(name)}${group.region === undefined ? "" : ` in ${group.region}`} could not be read${reason ? ` (${reason})` : ""}: give the name of a cluster of this account${group.region === undefined ? " and the provider's region" : " and that region"}, as \`aws eks list-clusters\` lists it.`,
                ]);
            }
            const problem = auditLoggingProblem(name, group.region, types);
            if (problem) {
                throw new ValidationError(subject, [problem]);
            }
            return clusterLogGroup(name);
        });
    };
}
