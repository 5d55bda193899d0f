// Network Firewall logs in `sentinel-aws-s3 doctor`: does each firewall send the connected log
// types to the bucket, under the folder the connection reads (DescribeLoggingConfiguration; the
// firewalls from the stack's exports, or ListFirewalls)?
import { unknownReason } from "../../../cli/doctor/aws/api";
import type { AwsFacts } from "../../../cli/doctor/aws/facts";
import { Finding, combine, fail, noBucket, pass, unknown } from "../../../cli/doctor/finding";
import { connectionById } from "../catalog";
import type { SourceDoctor } from "../types";
import { NetworkFirewallLog, networkFirewallLogOf, parseFirewallArn } from "./facts";

/** A log destination of DescribeLoggingConfiguration, in the fields the doctor reads. */
export interface LogDestinationConfig {
    readonly LogType?: string;
    readonly LogDestinationType?: string;
    readonly LogDestination?: Readonly<Record<string, string>>;
}

/** What a connection expects of the firewalls: a log type into the bucket, under a folder if known. */
export interface ExpectedLog {
    readonly log: NetworkFirewallLog;
    /** The folder in front of `AWSLogs/` the connection reads, when known. */
    readonly folder?: string;
}

const fix =
    "Run `pulumi up` (the component owns the firewall's logging configuration), or send the log type to the bucket with the prefix the connection reads; the bucket policy must let delivery.logs.amazonaws.com write.";

/**
 * Does a firewall send each expected log type to the bucket (Network Firewall API reference,
 * LogDestinationConfig: `LogType` ALERT | FLOW | TLS, `LogDestinationType` S3, `LogDestination`
 * `bucketName` and `prefix`)?
 */
export function evaluateFirewallLogging(args: {
    readonly firewallArn: string;
    readonly configs: readonly LogDestinationConfig[];
    readonly bucketName: string;
    readonly expected: readonly ExpectedLog[];
}): Finding {
    const name = parseFirewallArn(args.firewallArn)?.name ?? args.firewallArn;
    const problems: string[] = [];
    for (const { log, folder } of args.expected) {
        const config = args.configs.find((c) => c.LogType?.toLowerCase() === log);
        const destination = config?.LogDestination ?? {};
        if (!config) {
            problems.push(`it does not log ${log}`);
        } else if (
            config.LogDestinationType !== "S3" ||
            destination.bucketName !== args.bucketName
        ) {
            problems.push(
                `it sends ${log} logs to ${config.LogDestinationType ?? "?"} ${destination.bucketName ?? destination.logGroup ?? destination.deliveryStream ?? "?"}, not the bucket ${args.bucketName}`,
            );
        } else if (
            folder !== undefined &&
            (destination.prefix ?? "").replace(/^\/+|\/+$/g, "") !== folder.replace(/\/+$/, "")
        ) {
            problems.push(
                `it writes ${log} logs under the prefix ${JSON.stringify(destination.prefix ?? "")}, not ${JSON.stringify(folder.replace(/\/+$/, ""))}, where the connection reads`,
            );
        }
    }
    return problems.length > 0
        ? fail(`the firewall ${name}: ${problems.join("; ")}.`, fix)
        : pass(
              `the firewall ${name} sends ${args.expected.map((e) => e.log).join(", ")} logs to ${args.bucketName}.`,
          );
}

/** The log types the doctor's connections of this source read, with their folders. */
function expectedLogs(facts: AwsFacts): ExpectedLog[] {
    return facts.input.connections
        .filter((c) => c.logType === "networkFirewall")
        .flatMap((c) => {
            const connection = connectionById(c.connectionId ?? "");
            if (!connection) {
                return [];
            }
            const at = c.objectPrefix?.indexOf("AWSLogs/");
            return [
                {
                    log: networkFirewallLogOf(connection),
                    folder:
                        c.objectPrefix !== undefined && at !== undefined && at >= 0
                            ? c.objectPrefix.slice(0, at)
                            : undefined,
                },
            ];
        });
}

interface LoggingConfiguration {
    readonly FirewallArn?: string;
    readonly LoggingConfiguration?: { readonly LogDestinationConfigs?: LogDestinationConfig[] };
}

async function firewallLogging(facts: AwsFacts): Promise<Finding> {
    const bucketName = facts.input.bucketName;
    if (!bucketName) {
        return noBucket;
    }
    const expected = expectedLogs(facts);
    const given = Object.keys(facts.input.exports.networkFirewall ?? {}).filter(
        (k) => parseFirewallArn(k) !== undefined,
    );
    let arns = given;
    if (arns.length === 0) {
        const listed = await facts.api.call<
            { Firewalls?: { FirewallArn?: string }[] },
            "network-firewall"
        >("network-firewall", (m) => new m.ListFirewallsCommand({}));
        if (!listed.ok) {
            return unknown(unknownReason(listed));
        }
        arns = (listed.value.Firewalls ?? []).flatMap((f) => f.FirewallArn ?? []);
    }
    const findings: Finding[] = [];
    for (const arn of arns) {
        const r = await facts.api.call<LoggingConfiguration, "network-firewall">(
            "network-firewall",
            (m) => new m.DescribeLoggingConfigurationCommand({ FirewallArn: arn }),
            parseFirewallArn(arn)?.region,
        );
        if (!r.ok) {
            findings.push(unknown(unknownReason(r)));
            continue;
        }
        const configs = r.value.LoggingConfiguration?.LogDestinationConfigs ?? [];
        // Found by listing: only the firewalls that send something to the bucket are this stack's.
        if (
            given.length === 0 &&
            !configs.some((c) => c.LogDestination?.bucketName === bucketName)
        ) {
            continue;
        }
        findings.push(evaluateFirewallLogging({ firewallArn: arn, configs, bucketName, expected }));
    }
    if (findings.length === 0) {
        return fail(
            `no firewall in ${facts.region ?? "this region"} sends logs to ${bucketName}.`,
            "Give the firewalls to log (`networkFirewall.firewallArns`), or send their logs to the bucket in their Logging settings.",
        );
    }
    return combine(findings);
}

/** Network Firewall logs' checks. */
export const NETWORK_FIREWALL_DOCTOR: SourceDoctor = {
    exportChecks: async (facts, title) => [
        ["aws.networkFirewall.export", `${title}: firewall logging`, await firewallLogging(facts)],
    ],
};
