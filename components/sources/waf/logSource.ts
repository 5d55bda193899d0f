// AWS WAF logs from a log source: a logging configuration per web ACL of the log source's account,
// writing to the hub's WAF bucket (its owner admits every account of the organization, as WAF's
// guide has a bucket receiving several accounts' logs admit each one).
import * as pulumi from "@pulumi/pulumi";
import { Problems, isPlainObject } from "../../shared/fields";
import type { LogSourcePart } from "../types";
import { LOG_SOURCE_WAF_FIELDS, LogSourceWafArgs } from "./args";
import { createWafLogging } from "./hub";

/** The hub's WAF bucket, when it gives one. */
function wafBucketOf(destination: Record<string, unknown>): string | undefined {
    const buckets = destination.buckets;
    const name = isPlainObject(buckets) ? buckets.waf : undefined;
    return typeof name === "string" ? name : undefined;
}

/** AWS WAF logs' part in `SentinelLogSource`. */
export const WAF_LOG_SOURCE: LogSourcePart<LogSourceWafArgs> = {
    fields: LOG_SOURCE_WAF_FIELDS,
    needsOwnAccount: true,
    destinationProblems(destination, _settings, _at, destinationAt): Problems {
        const prefixes = destination.keyPrefixes;
        const connected = isPlainObject(prefixes) && prefixes.waf !== undefined;
        // A hub of the same program gives the name as an Output: present, checked when it resolves.
        const buckets = destination.buckets;
        return connected && (!isPlainObject(buckets) || buckets.waf === undefined)
            ? [
                  `${destinationAt.code} names no WAF bucket (\`buckets.waf\`): use the \`logDestination\` of a hub of this package's version, which connects \`logTypes.waf\`.`,
              ]
            : [];
    },
    create(settings, w) {
        const bucketArn = pulumi.interpolate`arn:${w.destination.partition}:s3:::${w.destination.apply((d) => wafBucketOf(d as never) ?? "")}`;
        return createWafLogging(w.name, {
            subject: `SentinelLogSource "${w.name}"`,
            field: "`waf.webAclArns`",
            webAclArns: settings.webAclArns,
            bucketArn,
            accountId: w.accountId,
            partition: w.partition,
            opts: { parent: w.parent },
        });
    },
};
