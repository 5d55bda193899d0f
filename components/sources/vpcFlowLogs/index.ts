// VPC flow logs: plain-text flow logs into `AWSVPCFlow` (classic connection).
import type { SourceModule } from "../types";
import { DELIVERY_LOGS } from "../writers/deliveryLogs";
import { FLOW_LOG_DEFAULTS } from "./args";
import { VPC_FLOW_LOGS_FACTS } from "./facts";
import { FlowLogOutputs, VPC_FLOW_LOGS_HUB, VpcFlowLogsPlan } from "./hub";
import { VPC_FLOW_LOGS_LOG_SOURCE } from "./logSource";

/** VPC flow logs, the module. */
export const VPC_FLOW_LOGS = {
    ...VPC_FLOW_LOGS_FACTS,
    writer: { family: DELIVERY_LOGS },
    defaults: FLOW_LOG_DEFAULTS,
    doctor: async () => (await import("./doctor")).VPC_FLOW_LOGS_DOCTOR,
    hub: VPC_FLOW_LOGS_HUB,
    logSource: VPC_FLOW_LOGS_LOG_SOURCE,
} satisfies SourceModule<"vpcFlowLogs", VpcFlowLogsPlan, FlowLogOutputs>;
