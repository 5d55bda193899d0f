// A source's own bucket, beside the log bucket, for a writer that needs one (`OwnBucketFacts`): WAF
// logs only to an `aws-waf-logs-…` bucket, S3 delivers access logs only to an SSE-S3 bucket that
// is not logged itself. Decided here from the source's own-bucket settings (`OwnBucketArgs`), the
// same for every such source: created with the log bucket's protection, lifecycle and (where the
// writer accepts it) encryption, or an existing one; its policy, notification, the source's queues
// and the Sentinel role's read grant are wired by the hub like the log bucket's. Nothing here names
// a source.
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { FieldPath, Problems, isPlainObject, show } from "../shared/fields";
import { LogType, SOURCE_FACTS } from "../sources/catalog";
import type { OwnBucketFacts, Raw, SourceFacts } from "../sources/types";
import { AWS_CONNECTION_DEFAULTS as D, BucketEncryption } from "./awsSentinelConnectionArgs";
import type { BucketPlan } from "./awsSentinelConnectionPlan";

/** The own-bucket facts of a log type, or undefined when its files go to the log bucket. */
export function ownBucketOf(logType: LogType): OwnBucketFacts | undefined {
    return (SOURCE_FACTS[logType] as SourceFacts).ownBucket;
}

/** The notifications an existing own bucket keeps, as the plan holds them. */
export interface OwnNotificationsPlan {
    readonly queues: readonly OwnNotification[];
    readonly topics: readonly OwnNotification[];
    readonly lambdaFunctions: readonly OwnNotification[];
    readonly eventbridge: boolean;
}

/** One kept notification. */
export interface OwnNotification {
    readonly id?: string;
    readonly arn: pulumi.Input<string>;
    readonly events: string[];
    readonly filterPrefix?: string;
    readonly filterSuffix?: string;
}

/** A source's own bucket, decided. */
export interface OwnBucketPlan {
    readonly logType: LogType;
    readonly facts: OwnBucketFacts;
    /** Created as the log bucket is (with a name of its own), or an existing one. */
    readonly bucket:
        | (Extract<BucketPlan, { kind: "create" }> & {
              /** The name given, or (for a name AWS prescribes the form of) derived; autonamed when undefined. */
              readonly name?: string;
              /** Derive the name from the component and the account (`namePrefix` sources without a name given). */
              readonly derivedName: boolean;
          })
        | (Extract<BucketPlan, { kind: "existing" }> & { readonly name: string });
    /** The component writes the bucket's policy. */
    readonly managesPolicy: boolean;
    readonly existingNotifications: OwnNotificationsPlan;
}

/** What the hub's arguments say that an own bucket follows. */
interface HubBucketArgs {
    readonly existingBucketName?: unknown;
    readonly bucketEncryption?: BucketEncryption;
    readonly logExpirationDays?: number;
    readonly accessLogsBucketName?: pulumi.Input<string>;
}

/**
 * The own buckets of the connected log types, decided from validated arguments. A created bucket
 * takes the log bucket's encryption (the hub's `bucketEncryption`, when the log bucket is an
 * existing one) unless its writer accepts SSE-S3 only, the log bucket's lifecycle, and the log
 * bucket's access logging unless its writer forbids it.
 */
export function planOwnBuckets(
    hub: HubBucketArgs,
    settingsOf: (logType: LogType) => Raw | undefined,
    logTypes: readonly LogType[],
): Partial<Record<LogType, OwnBucketPlan>> {
    return Object.fromEntries(
        logTypes.flatMap((logType) => {
            const facts = ownBucketOf(logType);
            const settings = settingsOf(logType);
            if (facts === undefined || settings === undefined) {
                return [];
            }
            const existing = settings.existingBucketName as string | undefined;
            const notifications = isPlainObject(settings.existingBucketNotifications)
                ? (settings.existingBucketNotifications as Partial<OwnNotificationsPlan>)
                : {};
            const plan: OwnBucketPlan = {
                logType,
                facts,
                bucket:
                    existing === undefined
                        ? {
                              kind: "create",
                              name: settings.bucketName as string | undefined,
                              derivedName:
                                  settings.bucketName === undefined &&
                                  facts.namePrefix !== undefined,
                              encryption:
                                  facts.encryption === "sseS3"
                                      ? BucketEncryption.S3
                                      : (hub.bucketEncryption ?? D.bucketEncryption),
                              expirationDays: hub.logExpirationDays ?? D.logExpirationDays,
                              noncurrentVersionExpirationDays: D.noncurrentVersionExpirationDays,
                              abortIncompleteUploadDays: D.abortIncompleteUploadDays,
                              accessLogsBucketName: facts.accessLogs
                                  ? hub.accessLogsBucketName
                                  : undefined,
                          }
                        : {
                              kind: "existing",
                              name: existing,
                              kmsKeyArn: settings.existingBucketKmsKeyArn as
                                  pulumi.Input<string> | undefined,
                          },
                managesPolicy:
                    typeof settings.manageBucketPolicy === "boolean"
                        ? settings.manageBucketPolicy
                        : existing === undefined,
                existingNotifications: {
                    queues: notifications.queues ?? [],
                    topics: notifications.topics ?? [],
                    lambdaFunctions: notifications.lambdaFunctions ?? [],
                    eventbridge: notifications.eventbridge ?? false,
                },
            };
            return [[logType, plan]];
        }),
    );
}

/**
 * The name of an own bucket whose name AWS prescribes the form of: the prefix, the component's
 * name and a hash of the project, stack, component and account (bucket names are global, so the
 * account is in it), at most 63 characters (S3 user guide, "General purpose bucket naming rules").
 */
export function derivedBucketName(
    prefix: string,
    componentName: string,
    scope: { readonly project: string; readonly stack: string; readonly accountId: string },
): string {
    const hash = createHash("sha256")
        .update(`${scope.project}/${scope.stack}/${componentName}/${scope.accountId}`)
        .digest("hex")
        .slice(0, 8);
    const base = componentName
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-")
        .replace(/-+/g, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 63 - prefix.length - hash.length - 1);
    return `${prefix}${base === "" ? "" : `${base}-`}${hash}`;
}

/**
 * The rules of the own-bucket settings of the connected sources: each one's name of the form its
 * writer needs, settings that apply only to a created or only to an existing bucket, an encryption
 * the writer supports, and a bucket of its own (not the log bucket, nor another source's).
 */
export function ownBucketRules(
    args: Raw,
    at: FieldPath,
    settingsOf: (logType: LogType) => Raw | undefined,
    logTypes: readonly LogType[],
    componentName: unknown,
): Problems {
    const problems: Problems = [];
    const taken = new Map<string, string>();
    if (typeof args.existingBucketName === "string") {
        taken.set(args.existingBucketName, `${at.key("existingBucketName").code} (the log bucket)`);
    }
    for (const logType of logTypes) {
        const facts = ownBucketOf(logType);
        const settings = settingsOf(logType);
        if (facts === undefined || settings === undefined) {
            continue;
        }
        const here = at.key("logTypes").key(logType);
        const field = (k: string) => here.key(k).code;
        const existing = settings.existingBucketName;
        const given = existing ?? settings.bucketName;
        if (existing !== undefined && settings.bucketName !== undefined) {
            problems.push(
                `${field("bucketName")} names a bucket to create, ${field("existingBucketName")} one to use: keep one.`,
            );
        }
        if (typeof given === "string" && facts.namePrefix && !given.startsWith(facts.namePrefix)) {
            const which = existing !== undefined ? "existingBucketName" : "bucketName";
            problems.push(
                `${field(which)} ${show(given)} must start with "${facts.namePrefix}": ${facts.reason}. Name the bucket "${facts.namePrefix}…".`,
            );
        }
        for (const k of ["existingBucketKmsKeyArn", "existingBucketNotifications"] as const) {
            if (existing === undefined && settings[k] !== undefined) {
                problems.push(
                    `${field(k)} only applies with ${field("existingBucketName")}; remove it or name the existing bucket.`,
                );
            }
        }
        if (facts.encryption === "sseS3" && settings.existingBucketKmsKeyArn !== undefined) {
            problems.push(
                `${field("existingBucketKmsKeyArn")} says the bucket uses SSE-KMS, but ${facts.reason}: use a bucket with SSE-S3 default encryption, and remove it.`,
            );
        }
        if (existing === undefined && settings.manageBucketPolicy === false) {
            problems.push(
                `${field("manageBucketPolicy")} is false, but the bucket the component creates has no other policy to admit its writer: remove it, or give ${field("existingBucketName")}.`,
            );
        }
        // Pulumi names the bucket `<component>-<id>-logs-` and 7 characters: at most 63 in all.
        const longest = 63 - `-${facts.id}-logs-`.length - 7;
        if (
            given === undefined &&
            facts.namePrefix === undefined &&
            !(
                typeof componentName === "string" &&
                new RegExp(`^[a-z0-9][a-z0-9-]{0,${longest - 1}}$`).test(componentName)
            )
        ) {
            problems.push(
                `the component name ${show(componentName)} must be 1-${longest} lowercase letters, digits and hyphens for the bucket of ${logType} the component creates (its name derives from it); rename it or give ${field("bucketName")}.`,
            );
        }
        if (typeof given === "string") {
            const before = taken.get(given);
            if (before !== undefined) {
                problems.push(
                    `${field(existing !== undefined ? "existingBucketName" : "bucketName")} ${show(given)} is already ${before}: each log type that needs a bucket of its own gets its own (${facts.reason}).`,
                );
            } else {
                taken.set(
                    given,
                    field(existing !== undefined ? "existingBucketName" : "bucketName"),
                );
            }
        }
    }
    return problems;
}
