// The rules of an organization hub, and of one that reads AWS Control Tower's log archive.
import { FieldPath, Problems, isPlainObject, show } from "../shared/fields";
import { CONTROL_TOWER_BUCKET_PATTERN } from "../shared/patterns";
import { sourceOf } from "../sources";
import { Raw, enabledLogTypes } from "./awsSentinelConnectionValidation";

/** The rules tying `organization` to the other arguments. */
export function organizationRules(args: Raw, at: FieldPath): Problems {
    const org = args.organization;
    if (!isPlainObject(org)) {
        return [];
    }
    const problems: Problems = [];
    if (org.controlTower !== true) {
        return problems;
    }
    // AWS Control Tower user guide, mandatory controls on the log archive: changes to the bucket
    // policy, encryption, logging and lifecycle of the buckets Control Tower created are denied.
    const ct = at.key("organization").key("controlTower").code;
    const bucket = args.existingBucketName;
    if (bucket === undefined) {
        problems.push(
            `${ct} reads Control Tower's log archive bucket: set ${at.key("existingBucketName").code} to it (aws-controltower-logs-<log archive account>-<home region>).`,
        );
    } else if (typeof bucket === "string" && !CONTROL_TOWER_BUCKET_PATTERN.test(bucket)) {
        problems.push(
            `${at.key("existingBucketName").code} must be Control Tower's log archive bucket, aws-controltower-logs-<log archive account>-<home region>, with ${ct}; got ${show(bucket)}.`,
        );
    }
    if (args.manageBucketPolicy === true || args.bucketPolicyStatements !== undefined) {
        problems.push(
            `${at.key("manageBucketPolicy").code} cannot be used with ${ct}: Control Tower's mandatory controls deny changes to the log archive bucket's policy. Leave the bucket policy to Control Tower, or replicate the logs into a hub bucket of your own (see the README's "AWS Control Tower").`,
        );
    }
    if (args.bucketPolicyManagedElsewhere !== undefined) {
        problems.push(
            `${at.key("bucketPolicyManagedElsewhere").code} does nothing with ${ct}: the component creates no export there. Remove it.`,
        );
    }
    if (args.keyPrefix !== undefined) {
        problems.push(
            `${at.key("keyPrefix").code} does nothing with ${ct}: Control Tower's trail writes under the organization ID. Remove it.`,
        );
    }
    for (const logType of enabledLogTypes(args.logTypes).filter((t) => !sourceOf(t).controlTower)) {
        problems.push(
            `${at.key("logTypes").key(logType).code} cannot be connected with ${ct}: only CloudTrail writes to the log archive bucket, and its policy cannot admit other writers. Connect it from a hub bucket of your own.`,
        );
    }
    return problems;
}

/** Where Control Tower's log archive bucket is, read from its name. */
export interface ControlTowerBucketOwner {
    /** The log archive account, which owns the bucket. */
    readonly accountId: string;
    /** Control Tower's home region, where the bucket is. */
    readonly region: string;
}

const CONTROL_TOWER_BUCKET_PARTS =
    /^aws-controltower-logs-(\d{12})-([a-z]{2}(?:-[a-z]+)+-\d{1,2})$/;

/**
 * The account and region of Control Tower's log archive bucket, from its name
 * `aws-controltower-logs-<log archive account>-<home region>` (the name Control Tower gives it, as
 * AWS's own samples build it), or undefined for another name.
 */
export function controlTowerBucketOwner(bucket: string): ControlTowerBucketOwner | undefined {
    const match = CONTROL_TOWER_BUCKET_PARTS.exec(bucket);
    return match ? { accountId: match[1], region: match[2] } : undefined;
}

/**
 * Why a hub cannot read Control Tower's log archive from its provider's account and region: S3
 * sends notifications only to queues in the bucket's region ("The Amazon SQS queue must be in the
 * same AWS Region as your Amazon S3 bucket", S3 user guide, "Event notification types and
 * destinations"), and puts the bucket owner's account in `aws:SourceAccount` (S3 user guide,
 * "Granting permissions to publish event notification messages to a destination"), so the queues
 * and the notification belong to the log archive account, in the home region.
 */
export function controlTowerLocationProblem(
    bucket: string,
    hubAccountId: string,
    hubRegion: string,
    at: FieldPath = FieldPath.root(),
): string | undefined {
    const owner = controlTowerBucketOwner(bucket);
    if (owner === undefined || (owner.accountId === hubAccountId && owner.region === hubRegion)) {
        return undefined;
    }
    return `${at.key("existingBucketName").code} ${show(bucket)} belongs to the log archive account ${owner.accountId} in ${owner.region}, but the hub's AWS provider is account ${hubAccountId} in ${hubRegion}: S3 notifies only queues in the bucket's region and sends the bucket owner's account, so create the hub with a provider for account ${owner.accountId} and region ${owner.region} (the log archive account, in Control Tower's home region).`;
}
