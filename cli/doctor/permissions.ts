// Every call the doctor makes, in one place: the AWS operations with the IAM action each needs
// (Service Authorization Reference, "Actions, resources, and condition keys" per service), and the
// Azure role that covers the Azure reads. The AWS client wrapper refuses any operation not listed
// here, the README's auditor policy is this list, and a test keeps the two equal.

import { LOG_TYPES, sourceFacts } from "../../components/shared/catalog";
import type { DoctorOperationFacts } from "../../components/sources/types";

/** One AWS operation the doctor calls and the IAM action that authorizes it. */
export type DoctorAwsOperation = DoctorOperationFacts;

/** The AWS operations, all of them reads. */
export const DOCTOR_AWS_OPERATIONS: readonly DoctorAwsOperation[] = [
    {
        service: "sts",
        operation: "GetCallerIdentity",
        action: "sts:GetCallerIdentity",
        purpose: "the account of the credentials (allowed to everyone)",
    },
    {
        service: "s3",
        operation: "GetBucketNotificationConfiguration",
        action: "s3:GetBucketNotification",
        purpose: "the bucket's notification configuration",
    },
    {
        service: "s3",
        operation: "GetBucketEncryption",
        action: "s3:GetEncryptionConfiguration",
        purpose: "the key that encrypts new log objects",
    },
    {
        service: "s3",
        operation: "ListObjectsV2",
        action: "s3:ListBucket",
        purpose:
            "the newest object under each log prefix, and the accounts writing under an organization hub's folders",
    },
    {
        service: "sqs",
        operation: "GetQueueAttributes",
        action: "sqs:GetQueueAttributes",
        purpose: "queue policy, encryption, depth and redrive policy",
    },
    {
        service: "sqs",
        operation: "GetQueueUrl",
        action: "sqs:GetQueueUrl",
        purpose: "the dead-letter queue named by the redrive policy",
    },
    {
        service: "cloudwatch",
        operation: "GetMetricData",
        action: "cloudwatch:GetMetricData",
        purpose: "ApproximateAgeOfOldestMessage and NumberOfMessagesSent of each queue",
    },
    {
        service: "iam",
        operation: "GetRole",
        action: "iam:GetRole",
        purpose: "the role's trust policy and permissions boundary",
    },
    {
        service: "iam",
        operation: "ListRolePolicies",
        action: "iam:ListRolePolicies",
        purpose: "the role's inline policies",
    },
    {
        service: "iam",
        operation: "GetRolePolicy",
        action: "iam:GetRolePolicy",
        purpose: "each inline policy",
    },
    {
        service: "iam",
        operation: "ListAttachedRolePolicies",
        action: "iam:ListAttachedRolePolicies",
        purpose: "the role's managed policies",
    },
    {
        service: "iam",
        operation: "GetPolicy",
        action: "iam:GetPolicy",
        purpose: "each managed policy's default version (and the boundary's)",
    },
    {
        service: "iam",
        operation: "GetPolicyVersion",
        action: "iam:GetPolicyVersion",
        purpose: "each managed policy's document",
    },
    {
        service: "iam",
        operation: "GetOpenIDConnectProvider",
        action: "iam:GetOpenIDConnectProvider",
        purpose: "the OpenID Connect provider the role trusts and its audiences",
    },
    {
        service: "iam",
        operation: "GetAccountSummary",
        action: "iam:GetAccountSummary",
        purpose: "the STS global endpoint token version",
    },
    {
        service: "kms",
        operation: "DescribeKey",
        action: "kms:DescribeKey",
        purpose: "which key an alias or ID names, and whether AWS manages it",
    },
    {
        service: "kms",
        operation: "GetKeyPolicy",
        action: "kms:GetKeyPolicy",
        purpose: "whether the key policy lets the role decrypt",
    },
    {
        service: "ec2",
        operation: "DescribeRegions",
        action: "ec2:DescribeRegions",
        purpose: "whether the region is an opt-in region",
    },
    // Each source's reads of its writer (trail, flow logs, detector, pipeline).
    ...LOG_TYPES.flatMap((t) => sourceFacts(t).doctorOperations ?? []),
];

/** The IAM actions the doctor needs, sorted, without duplicates. */
export const DOCTOR_IAM_ACTIONS: readonly string[] = [
    ...new Set(DOCTOR_AWS_OPERATIONS.map((o) => o.action)),
].sort();

/** The operation entry for an SDK service and operation, or `undefined` when not listed. */
export function doctorOperation(
    service: string,
    operation: string,
): DoctorAwsOperation | undefined {
    return DOCTOR_AWS_OPERATIONS.find((o) => o.service === service && o.operation === operation);
}

/** An IAM policy granting exactly what the doctor needs: attach it to an auditor role. */
export function doctorAuditorPolicy(): { Version: "2012-10-17"; Statement: object[] } {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "SentinelAwsS3Doctor",
                Effect: "Allow",
                Action: [...DOCTOR_IAM_ACTIONS],
                Resource: "*",
            },
        ],
    };
}

/** One Azure role the doctor needs, and the operations of it that the doctor uses. */
export interface DoctorAzureRole {
    readonly role: string;
    /** The built-in role definition's ID. */
    readonly roleDefinitionId: string;
    readonly scope: string;
    readonly operations: readonly string[];
}

/**
 * The Azure role: Microsoft Sentinel Reader grants `Microsoft.SecurityInsights/*\/read`,
 * `Microsoft.OperationalInsights/workspaces/*\/read` and `.../workspaces/query/read` (Azure built-in
 * roles, Security: "Microsoft Sentinel Reader", 8d289c81-5878-46d4-8554-54e1e3d8b5cb).
 */
export const DOCTOR_AZURE_ROLES: readonly DoctorAzureRole[] = [
    {
        role: "Microsoft Sentinel Reader",
        roleDefinitionId: "8d289c81-5878-46d4-8554-54e1e3d8b5cb",
        scope: "the Log Analytics workspace (or its resource group)",
        operations: [
            "Microsoft.OperationalInsights/workspaces/read",
            "Microsoft.SecurityInsights/dataConnectors/read",
            "Microsoft.OperationalInsights/workspaces/query/read",
        ],
    },
    {
        role: "Monitoring Reader",
        roleDefinitionId: "43d0d8ad-25c7-4714-9337-8ba259a9fe05",
        scope: "the resource group of the data collection rules (for sources read through the Codeless Connector Framework)",
        operations: ["Microsoft.Insights/dataCollectionRules/read"],
    },
];
