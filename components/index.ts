// The published surface: the three components, their arguments and outputs (types), the enums a
// program writes values of, the policy documents the components attach (for a bucket, key or queue
// whose policy is managed elsewhere), and the error every argument problem is reported with.
// Everything else (the connector's facts, defaults, helpers) is internal and may change.
export { AwsSentinelConnection } from "./aws/awsSentinelConnection";
export { SentinelLogSource } from "./aws/sentinelLogSource";
export { SentinelAwsS3DataConnectors } from "./azure/sentinelAwsS3DataConnectors";
export { ValidationError } from "./shared/fields";

// Arguments and outputs, as types.
export type * from "./aws/sentinelLogSourceArgs";
export type * from "./aws/awsSentinelConnectionArgs";
export type * from "./azure/sentinelAwsS3DataConnectorsArgs";
export type {
    LogBucketPolicyArgs,
    LogWriters,
    OrganizationWriters,
    LogsKeyPolicyArgs,
    PolicyCondition,
    PolicyDocument,
    PolicyPrincipal,
    PolicyStatement,
    SentinelRolePolicyArgs,
    Text,
} from "./aws/policyDocuments";
export type { AwsS3ConnectorProperties } from "./azure/connectorBody";

// The values of the enumerated arguments (each also a type).
export {
    BucketEncryption,
    CloudTrailReadWriteType,
    FlowLogAggregationInterval,
    FlowLogTrafficType,
    PolicyEffect,
    QueueEncryption,
} from "./aws/awsSentinelConnectionArgs";
export {
    AzureCloud,
    DestinationTable,
    LOG_TYPES,
    LogType,
    DESTINATION_TABLES,
} from "./shared/catalog";
export { GuardDutyAutoEnable } from "./sources/guardDuty/facts";

// The policy documents the components write, for policies kept elsewhere.
export {
    connectorQueuePolicy,
    deadLetterQueuePolicy,
    logBucketPolicy,
    logsKeyPolicy,
    queueKeyPolicy,
    sentinelRolePolicy,
    sentinelTrustPolicy,
} from "./aws/policyDocuments";
// The resource name of a data connector, for `pulumi import` of a connector made in the portal.
export { connectorResourceName } from "./azure/connectorBody";
