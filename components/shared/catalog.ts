// The connector's facts, as the components, the stack configuration reader, the policy pack and the
// doctor read them: the facts every connection shares (`connector.ts`) and the registry of sources
// (`sources/catalog.ts`), with each source's own constants.
export * from "./connector";
export * from "../sources/catalog";
export { CLOUDTRAIL_DIGEST_SEGMENT } from "../sources/cloudTrail/facts";
export { FLOW_LOG_FILE_FORMAT, FLOW_LOG_REQUIRED_FIELD } from "../sources/vpcFlowLogs/facts";
export { FLOW_LOG_DELIVERY_KMS_ACTIONS, SOURCE_ORG_ID_SERVICES } from "../sources/writers/services";
export {
    GUARDDUTY_PUBLISHING_FREQUENCY,
    GuardDutyAutoEnable,
    guardDutyServicePrincipal,
} from "../sources/guardDuty/facts";
