// The published surface: the components, their arguments and outputs, the connector's facts as
// types and constants, and the policy-document builders. Helpers stay internal.
export { AwsSentinelConnection } from "./aws/awsSentinelConnection";
export { SentinelLogSource } from "./aws/sentinelLogSource";
export * from "./aws/sentinelLogSourceArgs";
export * from "./aws/awsSentinelConnectionArgs";
export {
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
    accountRootArn,
    connectorQueuePolicy,
    deadLetterQueuePolicy,
    detectorArnPattern,
    flowLogSourceArn,
    logBucketPolicy,
    logObjectArn,
    logsKeyPolicy,
    queueKeyPolicy,
    sentinelRolePolicy,
    sentinelTrustPolicy,
} from "./aws/policyDocuments";
export { SentinelAwsS3DataConnectors } from "./azure/sentinelAwsS3DataConnectors";
export * from "./azure/sentinelAwsS3DataConnectorsArgs";
export {
    AwsS3ConnectorProperties,
    awsS3ConnectorBody,
    connectorResourceName,
} from "./azure/connectorBody";
export * from "./shared/catalog";
export { DEFAULT_TAGS } from "./shared/tags";
export { ValidationError } from "./shared/fields";
