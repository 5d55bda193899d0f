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
