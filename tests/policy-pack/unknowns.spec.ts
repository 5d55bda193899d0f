// Preview values the cloud has not computed yet: the engine wraps properties in a proxy that throws
// on an unknown value. Policies must note what they cannot check (advisory) and never crash.
import * as assert from "assert";
import {
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
    unknownCheckingProxy,
} from "@pulumi/policy";
import { unknown } from "@pulumi/pulumi/output";
import { RecordedResource } from "../../offline/mocks";
import { policies } from "../../policy-pack/policies";
import { assertNoMandatory, check, compliantStack, copy, resource } from "./fixtures";

/** The sentinel the engine sends for an unknown string. */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function policy<T extends ResourceValidationPolicy | StackValidationPolicy>(name: string): T {
    const found = policies.find((p) => p.name === name);
    assert.ok(found, name);
    return found as unknown as T;
}

interface Reported {
    readonly message: string;
    readonly enforcementLevel?: string;
}

class NotApplicable extends Error {}

/** Runs a resource policy on properties wrapped as the engine wraps them. */
function runResource(
    name: string,
    type: string,
    props: Record<string, unknown>,
): { reported: Reported[]; notApplicable?: string } {
    const reported: Reported[] = [];
    const proxied = unknownCheckingProxy(props);
    const args: ResourceValidationArgs = {
        type,
        props: proxied,
        urn: `urn:pulumi:test::sentinel-aws-s3::${type}::example`,
        name: "example",
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        stackTags: new Map(),
        isType: (cls) => (cls as unknown as { __pulumiType?: string }).__pulumiType === type,
        asType: () => proxied as never,
        getConfig: <T extends object>() => ({}) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
    const report = (message: string | object) =>
        reported.push(typeof message === "string" ? { message } : (message as Reported));
    try {
        const validate = policy<ResourceValidationPolicy>(name).validateResource;
        for (const v of Array.isArray(validate) ? validate : [validate!]) {
            v(args, report as (m: string) => void);
        }
    } catch (e) {
        if (e instanceof NotApplicable) {
            return { reported, notApplicable: e.message };
        }
        throw e;
    }
    return { reported };
}

describe("Unknown preview values, read through the engine's proxy", () => {
    it("note an unknown policy document at advisory level instead of throwing", () => {
        const { reported } = runResource(
            "iam-role-policy-no-wildcards",
            "aws:iam/rolePolicy:RolePolicy",
            { role: UNKNOWN_STRING, policy: UNKNOWN_STRING },
        );
        assert.deepStrictEqual(
            reported.map((r) => [r.enforcementLevel, r.message]),
            [
                [
                    "advisory",
                    'The policy document of RolePolicy "example" is not known during preview, so this check is made again when the value is known (at update).',
                ],
            ],
        );
    });

    it("still decide what an unknown value cannot change", () => {
        // A key is set, so the queue is encrypted, whatever its ARN turns out to be...
        assert.deepStrictEqual(
            runResource("sqs-queue-encrypted", "aws:sqs/queue:Queue", {
                kmsMasterKeyId: UNKNOWN_STRING,
            }).reported,
            [],
        );
        // ...but whether it is the AWS managed key cannot be told yet.
        const managed = runResource("sqs-queue-no-aws-managed-key", "aws:sqs/queue:Queue", {
            kmsMasterKeyId: UNKNOWN_STRING,
        }).reported;
        assert.deepStrictEqual(
            managed.map((r) => r.enforcementLevel),
            ["advisory"],
        );
        assert.match(
            managed[0].message,
            /The KMS key of Queue "example" is not known during preview/,
        );
    });

    it("check what is known next to what is not", () => {
        const { reported } = runResource(
            "sqs-queue-policy-no-wildcard-actions",
            "aws:sqs/queuePolicy:QueuePolicy",
            {
                queueUrl: UNKNOWN_STRING,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: "*",
                            Action: "sqs:*",
                            Resource: UNKNOWN_STRING,
                        },
                        UNKNOWN_STRING,
                    ],
                },
            },
        );
        assert.deepStrictEqual(
            reported.map((r) => [r.enforcementLevel ?? "policy level", r.message]),
            [
                [
                    "advisory",
                    'Part of the policy document of QueuePolicy "example" is not known during preview, so this check is made again when the value is known (at update).',
                ],
                [
                    "policy level",
                    'QueuePolicy "example" statement #1 must not allow the wildcard action "sqs:*"; allow only sqs:SendMessage for S3.',
                ],
            ],
        );
    });

    it("tell a Sentinel role by its name prefix when its trust policy is unknown", () => {
        const named = runResource("iam-sentinel-role-trust-conditions", "aws:iam/role:Role", {
            namePrefix: "OIDC_Sentinel-",
            assumeRolePolicy: UNKNOWN_STRING,
        });
        assert.deepStrictEqual(
            named.reported.map((r) => r.enforcementLevel),
            ["advisory"],
        );
        const other = runResource("iam-sentinel-role-trust-conditions", "aws:iam/role:Role", {
            name: "builder",
            assumeRolePolicy: UNKNOWN_STRING,
        });
        assert.strictEqual(
            other.notApplicable,
            "Whether this is a Sentinel role is not known during preview; it is checked again at update.",
        );
    });

    it("leave no policy crashing on any resource whose every property is unknown", async () => {
        const stack = await compliantStack();
        for (const p of policies.filter(
            (x): x is typeof x & ResourceValidationPolicy => "validateResource" in x,
        )) {
            for (const r of stack.filter((x) => x.custom)) {
                const props = Object.fromEntries(
                    Object.keys(r.inputs).map((k) => [k, UNKNOWN_STRING]),
                );
                assert.doesNotThrow(
                    () => runResource(p.name, r.type, props),
                    `${p.name} on ${r.type}`,
                );
            }
        }
    });
});

/** Replaces the computed values of a recorded stack with unknowns, as a preview before anything exists. */
function asPreview(resources: readonly RecordedResource[]): RecordedResource[] {
    const computed = new Set([
        "arn",
        "url",
        "id",
        "bucket",
        "name",
        "policy",
        "assumeRolePolicy",
        "queueArn",
        "roleArn",
        "role",
        "kmsMasterKeyId",
        "kmsKeyArn",
        "redrivePolicy",
        "sqsUrls",
        "keyId",
        "trailArn",
    ]);
    const blank = (value: unknown): unknown => {
        if (Array.isArray(value)) {
            return value.map(blank);
        }
        if (typeof value === "object" && value !== null) {
            return Object.fromEntries(
                Object.entries(value).map(([k, v]) => [
                    k,
                    computed.has(k) && typeof v === "string"
                        ? unknown
                        : k === "sqsUrls"
                          ? unknown
                          : blank(v),
                ]),
            );
        }
        return value;
    };
    // The component fixes the role's name (so its ARN is known before it exists): it stays known.
    const keep = (r: RecordedResource, props: Record<string, unknown>) =>
        r.type === "aws:iam/role:Role" ? { ...props, name: r.inputs.name } : props;
    return copy(resources).map((r) =>
        r.custom
            ? {
                  ...r,
                  inputs: keep(r, blank(r.inputs) as Record<string, unknown>),
                  state: keep(r, blank(r.state) as Record<string, unknown>),
              }
            : r,
    );
}

describe("A preview of the compliant stack, with every computed value unknown", () => {
    it("has no mandatory violation and notes what it could not check", async () => {
        // The role's name stays known (the component fixes it), so it is still a Sentinel role.
        const report = await check(asPreview(await compliantStack()));
        assertNoMandatory(report);
        const notes = report.violations.map((v) => `${v.policyName}: ${v.message}`);
        for (const expected of [
            'iam-sentinel-role-trust-conditions: The policy document of the trust policy of Role "sentinel-role" is not known during preview',
            'sqs-queue-policy-tls-only: The policy document of QueuePolicy "sentinel-cloudTrail-queue-policy" is not known during preview',
            'sentinel-connector-role-oidc-prefix: The role ARN of Resource "connector-cloudTrail" is not known during preview',
            'sentinel-connector-properties-complete: properties.sqsUrls of Resource "connector-cloudTrail" is not known during preview',
            's3-bucket-policy-tls-only: The bucket policy of Bucket "sentinel-logs" is not known during preview',
            'iam-sentinel-role-permissions-least-privilege: The policy document of RolePolicy "sentinel-role-policy" is not known during preview',
        ]) {
            assert.ok(
                notes.some((n) => n.startsWith(expected)),
                `missing "${expected}" in:\n${notes.join("\n")}`,
            );
        }
        assert.ok(report.violations.every((v) => v.enforcementLevel === "advisory"));
    });

    it("matches bucket settings to their bucket through property dependencies when names are unknown", async () => {
        const bucket = resource("aws:s3/bucket:Bucket", "logs", { bucket: unknown });
        const pab = resource(
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "logs-pab",
            {
                bucket: unknown,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: unknown,
            },
            { propertyDependencies: { bucket: [bucket.urn] } },
        );
        const report = await check([bucket, pab]);
        const found = report.violations.filter(
            (v) => v.policyName === "s3-bucket-public-access-block",
        );
        assert.deepStrictEqual(
            found.map((v) => [v.enforcementLevel, v.message]),
            [
                [
                    "advisory",
                    'restrictPublicBuckets of BucketPublicAccessBlock "logs-pab" is not known during preview, so this check is made again when the value is known (at update).',
                ],
            ],
        );
    });
});
