// AWS Network Firewall logs: each log type into its own table (CCF connections, one DCR).
import type { SourceModule } from "../types";
import { DELIVERY_LOGS } from "../writers/deliveryLogs";
import { NETWORK_FIREWALL_DEFAULTS } from "./args";
import { NETWORK_FIREWALL_FACTS } from "./facts";
import { NETWORK_FIREWALL_HUB, NetworkFirewallOutputs, NetworkFirewallPlan } from "./hub";
import { NETWORK_FIREWALL_LOG_SOURCE } from "./logSource";

/** Network Firewall logs, the module. */
export const NETWORK_FIREWALL = {
    ...NETWORK_FIREWALL_FACTS,
    writer: { family: DELIVERY_LOGS },
    defaults: NETWORK_FIREWALL_DEFAULTS,
    doctor: async () => (await import("./doctor")).NETWORK_FIREWALL_DOCTOR,
    hub: NETWORK_FIREWALL_HUB,
    logSource: NETWORK_FIREWALL_LOG_SOURCE,
} satisfies SourceModule<"networkFirewall", NetworkFirewallPlan, NetworkFirewallOutputs>;
