// The log bucket's policy: TLS only, and the writers of the exports, each bound to its source.
import { normalizeKeyPrefix } from "../../shared/connector";
import type { LogWriters, OrganizationWriters } from "../../sources";
import {
    PolicyDocument,
    PolicyStatement,
    Text,
    denyInsecureTransport,
    document,
    join,
} from "./common";
import { organizationBucketStatements, writerBucketStatements } from "./writers";

export type { LogWriters, OrganizationWriters } from "../../sources";
export { logDeliverySourceArn as flowLogSourceArn } from "../../sources/writers/deliveryLogs";
export { detectorArnPattern } from "../../sources/guardDuty/writer";

/** Where the log bucket lives and who writes to it. */
export interface LogBucketPolicyArgs<T extends Text = string> {
    readonly bucketArn: T;
    readonly partition: T;
    readonly region: T;
    readonly accountId: T;
    readonly keyPrefix?: string;
    readonly writers: LogWriters;
    /** In an organization hub, the writers admitted from every account (instead of `writers`). */
    readonly organization?: OrganizationWriters;
    /** Statements of the user's, appended unchanged. */
    readonly extraStatements?: readonly PolicyStatement[];
}

/**
 * The log bucket's policy: TLS only, and for each enabled export the writer statements AWS
 * documents, each bound to its source (trail, detector or this account's log deliveries); in an
 * organization hub, the organization's writers under each source's folder.
 */
export function logBucketPolicy<T extends Text>(
    args: LogBucketPolicyArgs<T>,
): PolicyDocument<T | string> {
    const { bucketArn } = args;
    const writers = args.organization
        ? organizationBucketStatements(bucketArn, args.partition, args.organization)
        : writerBucketStatements(args.writers, {
              bucketArn,
              partition: args.partition,
              region: args.region,
              accountId: args.accountId,
              keyPrefix: normalizeKeyPrefix(args.keyPrefix),
          });
    return document<T>([
        denyInsecureTransport("s3:*", [bucketArn, join<T>(bucketArn, "/*")]),
        ...writers,
        ...(args.extraStatements ?? []),
    ]);
}
