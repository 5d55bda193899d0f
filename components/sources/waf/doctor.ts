// AWS WAF logs in `sentinel-aws-s3 doctor`: does each web ACL's logging configuration write to the
// WAF bucket (GetLoggingConfiguration, in the web ACL's region), or, without web ACLs in the stack
// outputs, does any logging configuration of this account write there (ListLoggingConfigurations)?
import { unknownReason } from "../../../cli/doctor/aws/api";
import { AwsFacts, isBucketDestination } from "../../../cli/doctor/aws/facts";
import { Finding, combine, fail, noBucket, pass, unknown } from "../../../cli/doctor/finding";
import type { SourceDoctor } from "../types";
import { CLOUDFRONT_WEB_ACL_REGION, parseWebAclArn } from "./facts";

/** A logging configuration, in the fields the doctor reads (WAFV2 API reference, `LoggingConfiguration`). */
export interface WafLoggingConfiguration {
    readonly ResourceArn?: string;
    readonly LogDestinationConfigs?: string[];
}

/** Does a web ACL's logging configuration write to the WAF bucket? */
export function evaluateWafLogging(
    webAclArn: string,
    config: WafLoggingConfiguration | undefined,
    bucketArn: string,
): Finding {
    const what = `the web ACL ${parseWebAclArn(webAclArn)?.name ?? webAclArn}`;
    if (config === undefined) {
        return fail(
            `${what} has no logging configuration, so WAF writes none of its traffic.`,
            "Restore it (`pulumi up`); the web ACL must be listed in `waf.webAclArns`.",
        );
    }
    const destinations = config.LogDestinationConfigs ?? [];
    if (!destinations.some((d) => isBucketDestination(d.replace(/\/$/, ""), bucketArn))) {
        return fail(
            `${what} logs to ${destinations.join(", ") || "nothing"}, not to ${bucketArn}.`,
            "A web ACL has one logging configuration: `pulumi up` points it back at the WAF bucket (another tool writing it replaces the component's).",
        );
    }
    return pass(`${what} logs to ${bucketArn}.`);
}

/** The WAF bucket's ARN, from the connection. */
function wafBucketArn(facts: AwsFacts): string | undefined {
    const c = facts.input.connections.find((x) => x.logType === "waf");
    return c ? facts.bucketArnOf(c) : undefined;
}

async function configured(facts: AwsFacts, bucketArn: string, arns: string[]): Promise<Finding> {
    const findings = await Promise.all(
        arns.map(async (arn) => {
            const r = await facts.api.call<
                { LoggingConfiguration?: WafLoggingConfiguration },
                "wafv2"
            >(
                "wafv2",
                (m) => new m.GetLoggingConfigurationCommand({ ResourceArn: arn }),
                parseWebAclArn(arn)?.region,
            );
            if (!r.ok) {
                return r.kind === "missing"
                    ? evaluateWafLogging(arn, undefined, bucketArn)
                    : unknown(unknownReason(r));
            }
            return evaluateWafLogging(arn, r.value.LoggingConfiguration, bucketArn);
        }),
    );
    return combine(findings);
}

async function anyWriting(facts: AwsFacts, bucketArn: string): Promise<Finding> {
    const scopes: Array<["REGIONAL" | "CLOUDFRONT", string | undefined]> = [
        ["REGIONAL", facts.region],
        ["CLOUDFRONT", CLOUDFRONT_WEB_ACL_REGION],
    ];
    const writing: string[] = [];
    for (const [Scope, region] of scopes) {
        const r = await facts.api.call<
            { LoggingConfigurations?: WafLoggingConfiguration[] },
            "wafv2"
        >("wafv2", (m) => new m.ListLoggingConfigurationsCommand({ Scope }), region);
        if (!r.ok) {
            return unknown(unknownReason(r));
        }
        writing.push(
            ...(r.value.LoggingConfigurations ?? [])
                .filter((c) =>
                    (c.LogDestinationConfigs ?? []).some((d) =>
                        isBucketDestination(d.replace(/\/$/, ""), bucketArn),
                    ),
                )
                .map((c) => c.ResourceArn ?? "?"),
        );
    }
    if (writing.length > 0) {
        return pass(`${writing.join(", ")} log to ${bucketArn}.`);
    }
    // Logging configured elsewhere may be in another region, or (an organization hub) another
    // account, which this read does not reach.
    return unknown(
        `no web ACL of this account logs to ${bucketArn} in ${facts.region ?? "this region"} or CloudFront's ${CLOUDFRONT_WEB_ACL_REGION}; web ACLs of other regions and log sources' accounts are not read. List the web ACLs in \`waf.webAclArns\` to have them checked.`,
    );
}

async function wafLogging(facts: AwsFacts): Promise<Finding> {
    const bucketArn = wafBucketArn(facts);
    if (bucketArn === undefined) {
        return noBucket;
    }
    const arns = Object.keys(facts.input.exports.waf ?? {}).filter((k) => parseWebAclArn(k));
    return arns.length > 0 ? configured(facts, bucketArn, arns) : anyWriting(facts, bucketArn);
}

/** AWS WAF logs' checks. */
export const WAF_DOCTOR: SourceDoctor = {
    exportChecks: async (facts, title) => [
        ["aws.waf.export", `${title}: web ACL logging`, await wafLogging(facts)],
    ],
};
