// S3 bucket hygiene, for every bucket the stack creates: server access logs kept elsewhere, and a
// lifecycle that expires logs and old versions; and for every server access logging, a target that
// is neither its source nor logged itself.
import { stackPolicy } from "./lib/builders";
import { eachBucket, items, missing } from "./lib/buckets";
import { BUCKET_REF, Res, StackIndex, bucketName, bucketRefs, settingsByBucket } from "./lib/stack";
import { BUCKET_TYPES, LIFECYCLE_TYPES, LOGGING_TYPES, PackPolicy } from "./lib/types";
import { Finding, at, isRecord, isUnknown, label, show, unknownFinding } from "./lib/values";

export const s3BucketAccessLogging: PackPolicy = stackPolicy(
    {
        name: "s3-bucket-access-logging",
        description:
            "Checks that every bucket the stack creates writes server access logs to another bucket (buckets that receive other buckets' access logs are exempt; a bucket logging into itself is not logged).",
        enforcementLevel: "advisory",
        severity: "low",
        remediationSteps:
            "Set the component's `accessLogsBucketName` (or add an aws.s3.BucketLogging) pointing at a dedicated access-log bucket.",
    },
    ({ index }) => {
        const settings = settingsByBucket(index, LOGGING_TYPES);
        // Which bucket each bucket's access logs go to (URNs; "?" for a bucket outside the stack).
        const logsTo = new Map<string, string[]>();
        const record = (source: string, target: string) =>
            logsTo.set(source, [...(logsTo.get(source) ?? []), target]);
        // Buckets that receive access logs, whether or not their source is in the stack.
        const targets = new Set<string>();
        for (const l of index.ofType(...LOGGING_TYPES)) {
            const refs = bucketRefs(index, l, "targetBucket");
            const dests = [...refs.inStack.map((b) => b.urn), ...refs.outside.map(() => "?")];
            const sources = bucketRefs(index, l);
            for (const source of sources.inStack) {
                dests.forEach((d) => record(source.urn, d));
            }
            if (sources.outside.length > 0) {
                refs.inStack.forEach((b) => targets.add(b.urn));
            }
        }
        for (const b of index.ofType(...BUCKET_TYPES)) {
            const inline = [
                at(b.props.logging, "targetBucket"),
                ...items(b.props.loggings).map((l) => at(l, "targetBucket")),
            ];
            for (const t of inline.filter((x): x is string => typeof x === "string")) {
                const found = index.find(BUCKET_REF, t);
                (found.length > 0 ? found.map((x) => x.urn) : ["?"]).forEach((d) =>
                    record(b.urn, d),
                );
            }
        }
        const receives = new Set([
            ...targets,
            ...[...logsTo.entries()].flatMap(([source, dests]) =>
                dests.filter((d) => d !== source),
            ),
        ]);
        return eachBucket(index, (bucket, who) => {
            const dests = logsTo.get(bucket.urn) ?? [];
            const inline =
                isRecord(bucket.props.logging) || items(bucket.props.loggings).length > 0;
            if (dests.length > 0 && dests.every((d) => d === bucket.urn)) {
                // S3 User Guide, "Enabling Amazon S3 server access logging": logs delivered to the
                // source bucket itself cause an infinite loop of logs and are not recommended.
                return [
                    {
                        message: `${who} writes its server access logs into itself, so it is not logged: each log delivery writes objects that are logged again, an endless loop AWS advises against; send them to a separate access-log bucket.`,
                    },
                ];
            }
            if (
                dests.length > 0 ||
                inline ||
                (settings.byBucket.get(bucket.urn) ?? []).length > 0 ||
                receives.has(bucket.urn)
            ) {
                return [];
            }
            return missing(settings, who, "server access logging to another bucket");
        });
    },
);

export const s3BucketLifecycle: PackPolicy = stackPolicy(
    {
        name: "s3-bucket-lifecycle",
        description:
            "Checks that every bucket the stack creates has an enabled lifecycle rule, so logs and old versions expire.",
        enforcementLevel: "advisory",
        severity: "low",
        remediationSteps:
            "Add an aws.s3.BucketLifecycleConfiguration expiring current and noncurrent versions (the component's `logExpirationDays`).",
    },
    ({ index }) => {
        const settings = settingsByBucket(index, LIFECYCLE_TYPES);
        return eachBucket(index, (bucket, who) => {
            const statuses = [
                ...(settings.byBucket.get(bucket.urn) ?? []).flatMap((l) =>
                    items(l.props.rules).map((r) => at(r, "status")),
                ),
                ...items(bucket.props.lifecycleRules).map((r) =>
                    at(r, "enabled") === true ? "Enabled" : at(r, "enabled"),
                ),
            ];
            if (statuses.includes("Enabled")) {
                return [];
            }
            if (statuses.some(isUnknown)) {
                return [unknownFinding(`The lifecycle rules of ${who}`)];
            }
            return missing(settings, who, "an enabled lifecycle rule");
        });
    },
);

/** One server access logging: its source and target buckets, each as the keys it is known by. */
interface AccessLogging {
    readonly logging: Res;
    readonly source: BucketKeys;
    readonly target: BucketKeys;
}

/** A bucket's keys: its URN when in the stack, and its name (known or as given). */
interface BucketKeys {
    readonly keys: Set<string>;
    readonly label: string;
    readonly unknown: boolean;
}

function keysOf(index: StackIndex, res: Res, property: string): BucketKeys {
    const refs = bucketRefs(index, res, property);
    const keys = new Set<string>();
    for (const b of refs.inStack) {
        keys.add(b.urn);
        const n = bucketName(b);
        if (typeof n === "string") {
            keys.add(`name:${n}`);
        }
    }
    refs.outside.forEach((n) => keys.add(`name:${n}`));
    const named = refs.inStack[0] ?? undefined;
    return {
        keys,
        label: named ? label(named.type, named.name) : `bucket ${show(refs.outside[0] ?? "?")}`,
        unknown: keys.size === 0,
    };
}

function meet(a: BucketKeys, b: BucketKeys): boolean {
    return [...a.keys].some((k) => b.keys.has(k));
}

export const s3BucketAccessLoggingSeparateTarget: PackPolicy = stackPolicy(
    {
        name: "s3-bucket-access-logging-separate-target",
        description:
            'Checks that every server access logging writes into another bucket, and one that is not logged itself: a bucket logging into itself logs its own log deliveries in an endless loop, and S3 advises that a bucket receiving access logs not log its own (S3 user guide, "Enabling Amazon S3 server access logging"). Microsoft\'s S3 access-log template has the bucket log into itself.',
        enforcementLevel: "mandatory",
        severity: "medium",
        remediationSteps:
            "Send each bucket's access logs to a bucket of their own (the component's access-log bucket, `logTypes.s3ServerAccessLogs`), and turn off the access logging of that bucket.",
    },
    ({ index }) => {
        const loggings: AccessLogging[] = index.ofType(...LOGGING_TYPES).map((l) => ({
            logging: l,
            source: keysOf(index, l, "bucket"),
            target: keysOf(index, l, "targetBucket"),
        }));
        if (loggings.length === 0) {
            return "The stack sets no server access logging.";
        }
        const findings: Finding[] = [];
        for (const l of loggings) {
            const who = label(l.logging.type, l.logging.name);
            if (l.source.unknown || l.target.unknown) {
                findings.push(unknownFinding(`The buckets of ${who}`, l.logging.urn));
                continue;
            }
            if (meet(l.source, l.target)) {
                findings.push({
                    message: `${who} must write ${l.source.label}'s access logs into another bucket, not into itself: each log delivery is logged again, an endless loop.`,
                    urn: l.logging.urn,
                });
                continue;
            }
            const logged = loggings.find((o) => o !== l && meet(o.source, l.target));
            if (logged) {
                findings.push({
                    message: `${who} writes into ${l.target.label}, which must not log its own access (${label(logged.logging.type, logged.logging.name)} does): a bucket receiving access logs that is logged too writes logs about logs.`,
                    urn: l.logging.urn,
                });
            }
        }
        return findings;
    },
);

export const s3BucketHygienePolicies: PackPolicy[] = [
    s3BucketAccessLogging,
    s3BucketLifecycle,
    s3BucketAccessLoggingSeparateTarget,
];
