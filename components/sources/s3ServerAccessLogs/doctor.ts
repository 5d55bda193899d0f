// S3 server access logs in `sentinel-aws-s3 doctor`: does each source bucket of the stack outputs
// log to the access-log bucket under its own folder (GetBucketLogging)?
import { unknownReason } from "../../../cli/doctor/aws/api";
import type { AwsFacts } from "../../../cli/doctor/aws/facts";
import { Finding, combine, fail, noBucket, pass, unknown } from "../../../cli/doctor/finding";
import type { SourceDoctor } from "../types";

/** A bucket's logging, in the fields the doctor reads (S3 API reference, `GetBucketLogging`). */
export interface BucketLoggingStatus {
    readonly LoggingEnabled?: {
        readonly TargetBucket?: string;
        readonly TargetPrefix?: string;
        readonly TargetObjectKeyFormat?: { readonly PartitionedPrefix?: object };
    };
}

/** Does a source bucket log to the access-log bucket, under the folder the connection reads? */
export function evaluateAccessLogging(
    bucket: string,
    status: BucketLoggingStatus,
    expected: { readonly targetBucket: string; readonly targetPrefix?: string },
): Finding {
    const fix = `Restore it (\`pulumi up\`): a bucket has one logging configuration, and another tool writing it replaces the component's.`;
    const on = status.LoggingEnabled;
    if (on === undefined) {
        return fail(`${bucket} has server access logging off, so no log of it is written.`, fix);
    }
    if (on.TargetBucket !== expected.targetBucket) {
        return fail(
            `${bucket} logs to ${on.TargetBucket}, not to the access-log bucket ${expected.targetBucket}.`,
            fix,
        );
    }
    if (expected.targetPrefix !== undefined && on.TargetPrefix !== expected.targetPrefix) {
        return fail(
            `${bucket} logs under ${JSON.stringify(on.TargetPrefix ?? "")}, outside the folder the queue is notified of (${JSON.stringify(expected.targetPrefix)}).`,
            fix,
        );
    }
    if (on.TargetObjectKeyFormat?.PartitionedPrefix === undefined) {
        // The simple format writes `<prefix><date>-…`, outside the account folder S3's partitioned
        // format gives each key (S3 API reference, `TargetObjectKeyFormat`).
        return fail(
            `${bucket} logs in the simple key format, so its files land beside the account folders the queue is notified of, not in its account's.`,
            fix,
        );
    }
    return pass(
        `${bucket} logs to ${on.TargetBucket}/${on.TargetPrefix ?? ""} (partitioned keys).`,
    );
}

async function accessLogging(facts: AwsFacts): Promise<Finding> {
    const c = facts.input.connections.find((x) => x.logType === "s3ServerAccessLogs");
    const target = c ? facts.bucketNameOf(c) : undefined;
    if (target === undefined) {
        return noBucket;
    }
    // The hub's exports: each source bucket's target prefix, by bucket.
    const sources = Object.entries(facts.input.exports.s3ServerAccessLogs ?? {}).filter(
        ([k]) => !k.startsWith("targetBucket"),
    );
    if (sources.length === 0) {
        return unknown(
            "the stack outputs list no source bucket (`logExports.s3ServerAccessLogs`): the buckets logging to the access-log bucket are configured elsewhere or by log sources, whose accounts are not read.",
        );
    }
    const findings = await Promise.all(
        sources.map(async ([bucket, targetPrefix]) => {
            const r = await facts.api.call<BucketLoggingStatus, "s3">(
                "s3",
                (m) => new m.GetBucketLoggingCommand({ Bucket: bucket }),
            );
            return r.ok
                ? evaluateAccessLogging(bucket, r.value, { targetBucket: target, targetPrefix })
                : unknown(unknownReason(r));
        }),
    );
    return combine(findings);
}

/** S3 server access logs' checks. */
export const S3_SERVER_ACCESS_DOCTOR: SourceDoctor = {
    exportChecks: async (facts, title) => [
        [
            "aws.s3ServerAccessLogs.export",
            `${title}: source buckets' logging`,
            await accessLogging(facts),
        ],
    ],
};
