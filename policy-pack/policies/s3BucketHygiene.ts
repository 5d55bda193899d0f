// S3 bucket hygiene, for every bucket the stack creates: server access logs kept elsewhere, and a
// lifecycle that expires logs and old versions.
import { stackPolicy } from "./lib/builders";
import { eachBucket, items, missing } from "./lib/buckets";
import { BUCKET_REF, bucketRefs, settingsByBucket } from "./lib/stack";
import { BUCKET_TYPES, LIFECYCLE_TYPES, LOGGING_TYPES, PackPolicy } from "./lib/types";
import { at, isRecord, isUnknown, unknownFinding } from "./lib/values";

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
        for (const l of index.ofType(...LOGGING_TYPES)) {
            const refs = bucketRefs(index, l, "targetBucket");
            const dests = [...refs.inStack.map((b) => b.urn), ...refs.outside.map(() => "?")];
            for (const source of bucketRefs(index, l).inStack) {
                dests.forEach((d) => record(source.urn, d));
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
        const receives = new Set(
            [...logsTo.entries()].flatMap(([source, dests]) => dests.filter((d) => d !== source)),
        );
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

export const s3BucketHygienePolicies: PackPolicy[] = [s3BucketAccessLogging, s3BucketLifecycle];
