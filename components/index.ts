export * from "./shared/catalog";
export * from "./aws/policyDocuments";
export * from "./shared/patterns";
export * from "./shared/validation";
export * from "./shared/tags";
export * from "./aws/awsSentinelConnectionArgs";
export {
    enabledLogTypes,
    validateAwsSentinelConnectionArgs,
} from "./aws/awsSentinelConnectionValidation";
export * from "./aws/awsSentinelConnection";
export * from "./azure/connectorBody";
export * from "./azure/sentinelAwsS3DataConnectors";
export {
    SentinelWorkspaceArgs,
    validateSentinelAwsS3DataConnectorsArgs,
    validateSentinelWorkspaceArgs,
} from "./azure/sentinelAwsS3DataConnectorsValidation";
export * from "./stackConfig";
