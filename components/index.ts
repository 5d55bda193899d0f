export * from "./catalog";
export * from "./policyDocuments";
export * from "./validation";
export * from "./tags";
export * from "./awsSentinelConnectionArgs";
export { enabledLogTypes, validateAwsSentinelConnectionArgs } from "./awsSentinelConnectionValidation";
export * from "./awsSentinelConnection";
