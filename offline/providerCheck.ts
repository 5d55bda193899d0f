// What a provider's Check does to a resource's inputs, as far as the policies can tell: Pulumi's
// autonames filled in, and policy documents passed through the Terraform bridge's JSON-document
// transform. The offline engine applies it in a preview, where the analyzer sees Check's result
// (the engine analyzes a resource after its provider's Check: pulumi/pulumi
// pkg/resource/deploy/step_generator.go, `inputs = resp.Properties` before the analyzers run).
import { isUnknown as isUnknownValue, unknown } from "@pulumi/pulumi/output";
import { GENERATED_SUFFIX } from "../testing";

/** The suffix generated (auto-)names get here, where the cloud would add random characters. */
export const GENERATED = GENERATED_SUFFIX;

/**
 * Properties whose value may be an IAM policy document object: pulumi-aws maps them with the
 * Terraform bridge's `TransformJSONDocument` (resources.go: `AltTypes: PolicyDocument`, `Transform:
 * tfbridge.TransformJSONDocument`; the SDK types them `string | PolicyDocument`). At Check the
 * transform marshals an object to a JSON string, and turns one that contains any unknown value
 * into a single unknown string (pulumi-terraform-bridge pkg/tfbridge/transforms.go: "We can't
 * marshal properties that contain unknowns"). The other document properties (BucketPolicy, Key,
 * KeyPolicy, Queue and inline role policies) are plain strings in the provider's schema.
 */
export const JSON_DOCUMENT_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
    "aws:iam/role:Role": ["assumeRolePolicy"],
    "aws:iam/rolePolicy:RolePolicy": ["policy"],
    "aws:iam/policy:Policy": ["policy"],
    "aws:iam/userPolicy:UserPolicy": ["policy"],
    "aws:iam/groupPolicy:GroupPolicy": ["policy"],
    "aws:sqs/queuePolicy:QueuePolicy": ["policy"],
    "aws:s3/bucket:Bucket": ["policy"],
    "aws:sns/topicPolicy:TopicPolicy": ["policy"],
};

/**
 * The name property the provider fills in at Check when the program sets none (Pulumi's
 * autonaming: the logical name plus random characters), and the prefix property that, when set,
 * leaves the name to the cloud (Terraform computes `name_prefix` names at create, so they are
 * unknown during a preview).
 */
const AUTONAMED: Readonly<Record<string, { readonly name: string; readonly prefix: string }>> = {
    "aws:s3/bucket:Bucket": { name: "bucket", prefix: "bucketPrefix" },
    "aws:sqs/queue:Queue": { name: "name", prefix: "namePrefix" },
    "aws:iam/role:Role": { name: "name", prefix: "namePrefix" },
    "aws:iam/policy:Policy": { name: "name", prefix: "namePrefix" },
    "aws:iam/rolePolicy:RolePolicy": { name: "name", prefix: "namePrefix" },
    "aws:cloudtrail/trail:Trail": { name: "name", prefix: "namePrefix" },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { name: "name", prefix: "namePrefix" },
    "aws:sns/topic:Topic": { name: "name", prefix: "namePrefix" },
    "aws:lambda/function:Function": { name: "name", prefix: "namePrefix" },
};

/** True when a value holds an unknown anywhere. */
function containsUnknown(value: unknown): boolean {
    if (isUnknownValue(value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsUnknown);
    }
    if (typeof value === "object" && value !== null) {
        return Object.values(value).some(containsUnknown);
    }
    return false;
}

/**
 * What a custom resource's inputs become after the provider's Check, as far as the policies can
 * tell: autonames filled in, policy documents as JSON strings (or unknown). The analyzer receives
 * these, not the program's own inputs (the engine analyzes after Check).
 */
export function providerCheck(
    type: string,
    name: string,
    inputs: Record<string, any>,
): Record<string, any> {
    const checked: Record<string, any> = { ...inputs };
    for (const key of JSON_DOCUMENT_PROPERTIES[type] ?? []) {
        const value = checked[key];
        if (typeof value === "object" && value !== null && !isUnknownValue(value)) {
            checked[key] = containsUnknown(value) ? unknown : JSON.stringify(value);
        }
    }
    const auto = AUTONAMED[type];
    if (auto && checked[auto.name] === undefined && checked[auto.prefix] === undefined) {
        checked[auto.name] = `${name}-${GENERATED}`;
    }
    return checked;
}
