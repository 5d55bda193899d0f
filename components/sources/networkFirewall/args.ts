// Network Firewall logs' arguments: on the hub (`logTypes.networkFirewall`) and on a log source
// (`networkFirewall`), each interface beside the description of its fields.
import { Field, StringFormat, objectOf } from "../../shared/fields";
import { ENABLED } from "../fields";
import {
    FIREWALL_ARN_PATTERN,
    NETWORK_FIREWALL_LOGS,
    NETWORK_FIREWALL_TABLES,
    NetworkFirewallLog,
} from "./facts";

export { NetworkFirewallLog };

/** The defaults of Network Firewall's settings, as documented on each field. */
export const NETWORK_FIREWALL_DEFAULTS = {
    networkFirewallLogs: [...NETWORK_FIREWALL_LOGS] as NetworkFirewallLog[],
} as const;

/**
 * AWS Network Firewall: each log type delivered to the bucket and read into its own table
 * (`AWSNetworkFirewallAlert`, `AWSNetworkFirewallFlow`, `AWSNetworkFirewallTls`).
 */
export interface NetworkFirewallArgs {
    /** Connects this log type. @default true */
    readonly enabled?: boolean;
    /**
     * The log types to connect, each with its own queue, notification and Sentinel connection:
     * `alert`, `flow`, `tls` (TLS logs come only from a firewall configured for TLS inspection).
     * @default ["alert","flow","tls"]
     */
    readonly logs?: NetworkFirewallLog[];
    /**
     * The firewalls of this account whose logging the component configures: one logging
     * configuration per firewall, sending each of `logs` to the bucket (it replaces the firewall's
     * logging configuration; plain values: they name the resources). In a single account they must
     * be in the hub's region. Without them the component only connects the log types, for logging
     * configured elsewhere that writes to the bucket.
     * @default none: only the connections
     */
    readonly firewallArns?: string[];
}

/** The firewalls a log source configures: their logging, into the hub's Network Firewall folders. */
export interface LogSourceNetworkFirewallArgs {
    /**
     * The firewalls of the log source's account whose logging it configures, in any region: each
     * sends the log types the hub connects to the hub's bucket (it replaces the firewall's logging
     * configuration).
     */
    readonly firewallArns: string[];
}

/** A firewall ARN (Network Firewall API reference, Firewall `FirewallArn`). */
export const FIREWALL_ARN: StringFormat = {
    what: "a firewall ARN (arn:<partition>:network-firewall:<region>:<account>:firewall/<name>)",
    example: "arn:aws:network-firewall:us-east-1:123456789012:firewall/inspection",
    test: FIREWALL_ARN_PATTERN,
    problem: (at, value) =>
        /^arn:[^:]+:network-firewall:[^:]*:[^:]*:(?!firewall\/)/.test(value)
            ? `${at.code} must be a firewall's ARN (…:firewall/<name>), not another Network Firewall resource's; got ${JSON.stringify(value)}.`
            : undefined,
};

const FIREWALL_ARNS: Field = {
    kind: "list",
    minItems: 1,
    unique: true,
    itemName: "firewall ARN",
    doc: "",
    items: { kind: "string", doc: "A firewall's ARN.", format: FIREWALL_ARN },
};

/** The description of `logTypes.networkFirewall`. */
export const NETWORK_FIREWALL_FIELDS = objectOf<NetworkFirewallArgs>(
    "NetworkFirewallArgs",
    {
        enabled: ENABLED,
        logs: {
            kind: "list",
            minItems: 1,
            unique: true,
            itemName: "log type",
            doc: `The log types to connect, each its own queue and connection (${NETWORK_FIREWALL_LOGS.map((l) => `\`${l}\` into \`${NETWORK_FIREWALL_TABLES[l]}\``).join(", ")}).`,
            default: { value: NETWORK_FIREWALL_LOGS },
            items: { kind: "enum", doc: "A log type.", values: NETWORK_FIREWALL_LOGS },
        },
        firewallArns: {
            ...FIREWALL_ARNS,
            doc: "The firewalls of this account whose logging the component configures, sending `logs` to the bucket (in the hub's region for a single account; plain values: they name the resources).",
            default: { text: "none: only the connections" },
        },
    },
    { doc: "AWS Network Firewall logs into `AWSNetworkFirewallAlert`, `…Flow` and `…Tls` (CCF)." },
);

/** The description of a log source's `networkFirewall`. */
export const LOG_SOURCE_NETWORK_FIREWALL_FIELDS = objectOf<LogSourceNetworkFirewallArgs>(
    "LogSourceNetworkFirewallArgs",
    {
        firewallArns: {
            ...FIREWALL_ARNS,
            required: true,
            doc: "The firewalls of the log source's account whose logging it configures, in any region, sending the log types the hub connects.",
        },
    },
    { doc: "Network Firewall logging writing to the hub." },
);
