// Helpers of the bucket-settings policies: every bucket the stack creates, checked one by one.
import { Outcome } from "./builders";
import { BucketSettings, Res, StackIndex } from "./stack";
import { BUCKET_TYPES } from "./types";
import { Finding, asArray, isUnknown, label, unknownFinding } from "./values";

/** Runs a check on every bucket the stack creates; not applicable to stacks without buckets. */
export function eachBucket(
    index: StackIndex,
    check: (bucket: Res, who: string) => Finding[],
): Outcome {
    const buckets = index.ofType(...BUCKET_TYPES);
    if (buckets.length === 0) {
        return "The stack creates no S3 bucket; buckets created elsewhere are checked where they are created.";
    }
    return buckets.flatMap((bucket) =>
        check(bucket, label(bucket.type, bucket.name)).map((f) => ({
            ...f,
            urn: f.urn ?? bucket.urn,
        })),
    );
}

/** The findings when a bucket lacks a settings resource: a violation, or a note if a setting is unmatched. */
export function missing(settings: BucketSettings, who: string, what: string): Finding[] {
    return settings.unresolved
        ? [unknownFinding(`Which bucket each ${what} applies to`)]
        : [{ message: `${who} must have ${what}.` }];
}

/** Flattens a list property (or `UNKNOWN`) into its elements. */
export function items(value: unknown): unknown[] {
    const list = asArray(value);
    return isUnknown(list) ? [list] : (list ?? []);
}
