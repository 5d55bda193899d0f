// EKS audit logs' arguments: on the hub (`logTypes.eksAuditLogs`) and on a log source
// (`eksAuditLogs`), each interface beside the description of its fields.
import { objectOf } from "../../shared/fields";
import * as f from "../../shared/formats";
import { ENABLED } from "../fields";
import {
    EKS_CLUSTER_NAME,
    adoptSubscriptionFilterField,
    adoptSubscriptionFiltersField,
} from "../writers/logsSubscriptionFields";

/**
 * EKS audit logs: each cluster's control-plane log group subscribed to a Firehose stream that
 * writes its audit events to the bucket, read into the custom table `AWSEKSLogs_CL` (CCF).
 */
export interface EksAuditLogsArgs {
    /** Connects this log type. @default true */
    readonly enabled?: boolean;
    /**
     * The EKS clusters of this account and region whose audit logs to deliver (names, plain values:
     * they key the subscriptions). Each must send its audit log to CloudWatch Logs (control-plane
     * logging type `audit`); the preview checks it. Without it the component only connects the log
     * type (in an organization hub: for its log sources' clusters).
     * @default none: only the connection
     */
    readonly clusterNames?: string[];
    /**
     * Existing subscription filters of the clusters' log groups the component takes over, by
     * cluster name (a log group holds at most two): their destination becomes the component's
     * stream, and they are deleted with the component.
     * @default none: the component adds its own filter
     */
    readonly adoptSubscriptionFilters?: { [clusterName: string]: string };
}

/** An EKS cluster of a log source's account, in any region. */
export interface LogSourceEksClusterArgs {
    /** The cluster's name. */
    readonly clusterName: string;
    /** The cluster's region. @default the provider's region */
    readonly region?: string;
    /**
     * An existing subscription filter of the cluster's log group to take over (it is deleted with
     * the log source), when the log group has two already.
     * @default none: the log source adds its own filter
     */
    readonly adoptSubscriptionFilter?: string;
}

/** The clusters a log source delivers the audit logs of: a Firehose stream per region. */
export interface LogSourceEksAuditLogsArgs {
    /** The clusters, in any region of the account (one stream per region). */
    readonly clusters: LogSourceEksClusterArgs[];
}

/** The description of `logTypes.eksAuditLogs`. */
export const EKS_AUDIT_LOGS_FIELDS = objectOf<EksAuditLogsArgs>(
    "EksAuditLogsArgs",
    {
        enabled: ENABLED,
        clusterNames: {
            kind: "list",
            minItems: 1,
            unique: true,
            itemName: "cluster",
            doc: "The EKS clusters of this account and region whose audit logs to deliver (plain values: they key the subscriptions); each must have audit logging on.",
            default: { text: "none: only the connection" },
            items: { kind: "string", doc: "A cluster name.", format: EKS_CLUSTER_NAME },
        },
        adoptSubscriptionFilters: adoptSubscriptionFiltersField(
            EKS_CLUSTER_NAME,
            "cluster name, of the cluster's log group",
        ),
    },
    {
        doc: "EKS audit logs into `AWSEKSLogs_CL` (CCF, through a subscription filter per cluster and Firehose).",
    },
);

/** The description of a log source's `eksAuditLogs`. */
export const LOG_SOURCE_EKS_AUDIT_LOGS_FIELDS = objectOf<LogSourceEksAuditLogsArgs>(
    "LogSourceEksAuditLogsArgs",
    {
        clusters: {
            kind: "list",
            required: true,
            minItems: 1,
            itemName: "cluster",
            doc: "The clusters whose audit logs to deliver, in any region of the account (one Firehose stream per region); each must have audit logging on.",
            items: objectOf<LogSourceEksClusterArgs>(
                "LogSourceEksClusterArgs",
                {
                    clusterName: {
                        kind: "string",
                        required: true,
                        doc: "The cluster's name.",
                        format: EKS_CLUSTER_NAME,
                    },
                    region: {
                        kind: "string",
                        doc: "The cluster's region.",
                        default: { text: "the provider's region" },
                        format: f.REGION,
                    },
                    adoptSubscriptionFilter:
                        adoptSubscriptionFilterField("the cluster's log group"),
                },
                { doc: "An EKS cluster whose audit logs to deliver." },
            ),
        },
    },
    { doc: "EKS clusters' audit logs delivered to the hub." },
);
