// The package root's runtime surface: the components, the error, the enums a program writes, the
// policy documents and the connector name. A name added here is a decision, not an accident of an
// `export *`; everything else stays internal and may change.

/** The runtime names the package root exports, by purpose. */
export const PUBLIC_RUNTIME_NAMES: readonly string[] = [
    // the components and the error of every argument problem
    "AwsSentinelConnection",
    "SentinelLogSource",
    "SentinelAwsS3DataConnectors",
    "ValidationError",
    // the enumerated arguments' values
    "AzureCloud",
    "BucketEncryption",
    "CloudTrailReadWriteType",
    "DESTINATION_TABLES",
    "DestinationTable",
    "FlowLogAggregationInterval",
    "FlowLogTrafficType",
    "GuardDutyAutoEnable",
    "LOG_TYPES",
    "LogType",
    "PolicyEffect",
    "QueueEncryption",
    // the policy documents the components attach
    "connectorQueuePolicy",
    "deadLetterQueuePolicy",
    "logBucketPolicy",
    "logsKeyPolicy",
    "queueKeyPolicy",
    "sentinelRolePolicy",
    "sentinelTrustPolicy",
    // a connector's resource name, to import one made in the portal
    "connectorResourceName",
];
