// The policies of the sentinel-aws-s3 pack, in one list, with the pack's name and default
// enforcement. `policy-pack/index.ts` builds the PolicyPack from these; the offline checker and the
// tests run the same list.
import { EnforcementLevel } from "@pulumi/policy";
import { ccfPolicies } from "./ccfConnections";
import { doubleIngestionPolicies } from "./doubleIngestion";
import { ccfCustomTablePolicies } from "./ccfCustomTables";
import { deliveryAccessPolicies } from "./deliveryAccess";
import { deliveryConnectorPolicies } from "./deliveryConnectors";
import { deliveryExportPolicies } from "./deliveryExports";
import { deliveryQueuePolicies } from "./deliveryQueues";
import { iamPolicies } from "./iam";
import { iamSentinelPermissionPolicies } from "./iamSentinelPermissions";
import { iamSentinelTrustPolicies } from "./iamSentinelTrust";
import { kmsPolicies } from "./kms";
import { PackPolicy } from "./lib/types";
import { logExportPolicies } from "./logExports";
import { logsSubscriptionPolicies } from "./logsSubscriptions";
import { s3AccessPolicies } from "./s3Access";
import { s3BucketHygienePolicies } from "./s3BucketHygiene";
import { s3BucketPolicies } from "./s3Buckets";
import { s3NotificationPolicies } from "./s3Notifications";
import { sentinelConnectorPolicies } from "./sentinelConnector";
import { snsFanOutPolicies } from "./snsFanOut";
import { sqsQueuePolicyPolicies } from "./sqsQueuePolicies";
import { sqsQueuePolicies } from "./sqsQueues";

/** The pack's name (its config file and the Pulumi Cloud know it by this). */
export const POLICY_PACK_NAME = "sentinel-aws-s3";

/** The pack's default enforcement level; each policy sets its own. */
export const POLICY_PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

/** Every policy of the pack. */
export const policies: readonly PackPolicy[] = [
    ...iamPolicies,
    ...iamSentinelTrustPolicies,
    ...iamSentinelPermissionPolicies,
    ...sqsQueuePolicies,
    ...sqsQueuePolicyPolicies,
    ...s3BucketPolicies,
    ...s3BucketHygienePolicies,
    ...s3AccessPolicies,
    ...s3NotificationPolicies,
    ...snsFanOutPolicies,
    ...kmsPolicies,
    ...sentinelConnectorPolicies,
    ...logExportPolicies,
    ...ccfPolicies,
    ...logsSubscriptionPolicies,
    ...doubleIngestionPolicies,
    ...ccfCustomTablePolicies,
    ...deliveryQueuePolicies,
    ...deliveryAccessPolicies,
    ...deliveryConnectorPolicies,
    ...deliveryExportPolicies,
];

export type { PackPolicy } from "./lib/types";
export { UNKNOWN, isUndecidedText, materialize, plainProps } from "./lib/values";
export { readDocument } from "./lib/documents";
export { sentinelRoleStatus, queueIdentity } from "./lib/sentinel";
