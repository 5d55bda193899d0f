// A log type's own bucket, wired (`ownBuckets.ts` decides it): created like the log bucket, or an
// existing one, with the policy that admits its writer (the same builder as the log bucket's,
// given only this log type's writers).
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import type { LogWriters, OrganizationWriters } from "../sources";
import { createLogBucket } from "./logBucket";
import { OwnBucketPlan, derivedBucketName } from "./ownBuckets";
import { documentJson, logBucketPolicy } from "./policyDocuments";

/** A log type's own bucket, wired. */
export interface OwnBucketWiring {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    /** The policy the component writes, when it writes one. */
    readonly policy: s3.BucketPolicy | undefined;
    /** The key of an existing bucket, which the role may decrypt. */
    readonly keyArn: pulumi.Input<string> | undefined;
    /** The bucket's default encryption is the logs key. */
    readonly usesLogsKey: boolean;
}

/** Where an own bucket goes and who writes to it. */
export interface OwnBucketContext {
    /** The hub's name: the bucket's resources are `<name>-<id>-…`. */
    readonly name: string;
    readonly partition: pulumi.Output<string>;
    readonly region: pulumi.Output<string>;
    readonly accountId: pulumi.Output<string>;
    /** The logs key, when the hub has one. */
    readonly logsKeyArn: pulumi.Output<string> | undefined;
    /** The folder the log type writes under, in front of `AWSLogs/`. */
    readonly folder: string;
    /** The log type's writers (single account), or the organization's. */
    readonly writers: LogWriters;
    readonly organization: OrganizationWriters | undefined;
    readonly tags: Record<string, string>;
    readonly kept: pulumi.CustomResourceOptions;
}

/** Creates (or names) a log type's own bucket and writes its policy. */
export function createOwnBucket(o: OwnBucketPlan, c: OwnBucketContext): OwnBucketWiring {
    const base = `${c.name}-${o.facts.id}`;
    const b = o.bucket;
    if (b.kind === "existing") {
        const bucketName = pulumi.output(b.name);
        const bucketArn = pulumi.interpolate`arn:${c.partition}:s3:::${bucketName}`;
        return {
            bucketName,
            bucketArn,
            policy: o.managesPolicy ? policyOf(base, bucketName, bucketArn, [], c) : undefined,
            keyArn: b.kmsKeyArn,
            usesLogsKey: false,
        };
    }
    const physical =
        b.name ??
        (b.derivedName
            ? c.accountId.apply((accountId) =>
                  derivedBucketName(o.facts.namePrefix ?? "", c.name, {
                      project: pulumi.getProject(),
                      stack: pulumi.getStack(),
                      accountId,
                  }),
              )
            : undefined);
    const usesLogsKey = b.encryption === "kms";
    const created = createLogBucket(base, {
        kmsKeyArn: usesLogsKey ? c.logsKeyArn : undefined,
        expirationDays: b.expirationDays,
        noncurrentVersionExpirationDays: b.noncurrentVersionExpirationDays,
        abortIncompleteUploadDays: b.abortIncompleteUploadDays,
        accessLogsBucketName: b.accessLogsBucketName,
        bucketName: physical,
        tags: c.tags,
        opts: c.kept,
    });
    const bucketName = created.bucket.bucket;
    const bucketArn = pulumi.interpolate`arn:${c.partition}:s3:::${bucketName}`;
    return {
        bucketName,
        bucketArn,
        policy: policyOf(base, bucketName, bucketArn, created.settings, c),
        keyArn: undefined,
        usesLogsKey,
    };
}

function policyOf(
    base: string,
    bucketName: pulumi.Output<string>,
    bucketArn: pulumi.Output<string>,
    settings: pulumi.Resource[],
    c: OwnBucketContext,
): s3.BucketPolicy {
    return new s3.BucketPolicy(
        `${base}-logs-policy`,
        {
            bucket: bucketName,
            policy: documentJson(
                logBucketPolicy({
                    bucketArn,
                    partition: c.partition,
                    region: c.region,
                    accountId: c.accountId,
                    keyPrefix: c.folder,
                    writers: c.writers,
                    organization: c.organization,
                }),
            ),
        },
        { ...c.kept, dependsOn: settings },
    );
}
