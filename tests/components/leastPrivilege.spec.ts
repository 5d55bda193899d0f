import assert from "node:assert/strict";
import { CONNECTOR_ACTIONS } from "../../components/shared/catalog";
import type { PolicyDocument, PolicyStatement } from "../../components/aws/policyDocuments";
import { RecordedResource } from "../../offline/mocks";
import { ALL_TYPES, GOV_CLOUD, VPC_A, WORKSPACE_ID, deployAws, doc, list } from "../helpers";

/** Every policy document a run wrote, with where it came from. */
function policyDocuments(
    resources: readonly RecordedResource[],
): { where: string; kind: "identity" | "trust" | "resource" | "key"; document: PolicyDocument }[] {
    const found: {
        where: string;
        kind: "identity" | "trust" | "resource" | "key";
        document: PolicyDocument;
    }[] = [];
    for (const r of resources) {
        const where = `${r.type} ${r.name}`;
        if (r.type === "aws:iam/rolePolicy:RolePolicy") {
            found.push({ where, kind: "identity", document: doc(r.inputs.policy) });
        } else if (r.type === "aws:iam/role:Role") {
            found.push({ where, kind: "trust", document: doc(r.inputs.assumeRolePolicy) });
        } else if (
            r.type === "aws:sqs/queuePolicy:QueuePolicy" ||
            r.type === "aws:s3/bucketPolicy:BucketPolicy"
        ) {
            found.push({ where, kind: "resource", document: doc(r.inputs.policy) });
        } else if (r.type === "aws:kms/key:Key") {
            found.push({ where, kind: "key", document: doc(r.inputs.policy) });
        }
    }
    return found;
}

/** A concrete resource: no `*` but a trailing `/*` under a named folder of one bucket. */
function isConcreteResource(arn: string, principal: string | undefined): boolean {
    return (
        !arn.includes("*") ||
        /^arn:[\w-]+:s3:::[a-z0-9.-]+\/(?:[^*]+\/)?AWSLogs\/\d{12}\/(?:[A-Za-z]+\/)?\*$/.test(
            arn,
        ) ||
        // GuardDuty user guide, "Exporting generated findings to Amazon S3 buckets", step 3: the
        // bucket statement allows PutObject on <bucket>/[prefix]/* (bound to the detector).
        (principal === "guardduty.amazonaws.com" &&
            /^arn:[\w-]+:s3:::[a-z0-9.-]+\/(?:[^*]+\/)?\*$/.test(arn))
    );
}

/**
 * Wildcard actions the service writers' own guides require in key policies; where a guide asks
 * for more than the least a writer seems to need, the guide wins (a refused writer fails).
 */
const GUIDE_WILDCARD_ACTIONS: Record<string, readonly string[]> = {
    // CloudTrail user guide, "Configure AWS KMS key policies for CloudTrail".
    "cloudtrail.amazonaws.com": ["kms:GenerateDataKey*"],
    // CloudWatch Logs user guide, "Enabling logging from AWS services", Amazon S3 with SSE-KMS.
    "delivery.logs.amazonaws.com": ["kms:GenerateDataKey*", "kms:ReEncrypt*"],
};

const isConcreteAction = (action: string, principal: string | undefined) =>
    !action.includes("*") || (GUIDE_WILDCARD_ACTIONS[principal ?? ""] ?? []).includes(action);

/**
 * Service principals a guide grants without source conditions: S3 on the key of a notification
 * destination (S3 user guide, "Enabling and configuring event notifications", AWS KMS key policy);
 * the queue policy binds S3 to the bucket.
 */
const UNCONDITIONED_BY_GUIDE = ["s3.amazonaws.com"];

/**
 * The role of the function holding Sentinel's audience on the OIDC provider: trusted by the Lambda
 * service as the Lambda developer guide's execution role is ("Lambda execution role"), allowed the
 * IAM provider actions on the one provider.
 */
const AUDIENCE_ROLE = "sentinel-oidc-audience-role";
const AUDIENCE_POLICY = "sentinel-oidc-audience-policy";

function assertLeastPrivilege(
    where: string,
    kind: string,
    document: PolicyDocument,
    accountRoot: string,
) {
    assert.equal(document.Version, "2012-10-17", `${where}: version`);
    for (const s of document.Statement.filter((x: PolicyStatement) => x.Effect === "Allow")) {
        const label = `${where} / ${s.Sid}`;
        const service = (s.Principal as { Service?: string } | undefined)?.Service;
        const actions = list(s.Action);
        const resources = list(s.Resource);
        assert.ok(actions.length > 0, `${label}: has actions`);
        if (kind === "key") {
            // In a key policy the resource "*" is the key itself; only the account root administers it.
            assert.deepEqual(resources, ["*"], `${label}: a key policy names the key as "*"`);
            if (actions.includes("kms:*")) {
                assert.deepEqual(
                    s.Principal,
                    { AWS: accountRoot },
                    `${label}: only the account root may have kms:*`,
                );
                continue;
            }
        } else if (kind !== "trust") {
            assert.ok(resources.length > 0, `${label}: has resources`);
            for (const r of resources) {
                assert.ok(isConcreteResource(r, service), `${label}: resource ${r} is concrete`);
            }
        }
        for (const a of actions) {
            assert.ok(isConcreteAction(a, service), `${label}: action ${a} is concrete`);
        }
        if (kind !== "identity") {
            assert.notEqual(s.Principal, "*", `${label}: no anonymous principal`);
            const lambdaTrust =
                kind === "trust" &&
                where.endsWith(` ${AUDIENCE_ROLE}`) &&
                service === "lambda.amazonaws.com";
            if (
                !lambdaTrust &&
                ((service !== undefined &&
                    !(kind === "key" && UNCONDITIONED_BY_GUIDE.includes(service))) ||
                    kind === "trust")
            ) {
                assert.ok(
                    s.Condition !== undefined && Object.keys(s.Condition).length > 0,
                    `${label}: a service or federated principal is conditioned`,
                );
            }
        }
    }
}

const CONFIGURATIONS = {
    "all three log types, new bucket": { args: ALL_TYPES },
    "existing bucket with its own key, KMS-encrypted queues": {
        args: {
            workspaceId: WORKSPACE_ID,
            logTypes: { vpcFlowLogs: { vpcIds: [VPC_A] }, guardDuty: {} },
            existingBucketName: "corp-logs",
            existingBucketKmsKeyArn:
                "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
            manageBucketPolicy: true,
            queueEncryption: "kms" as const,
            keyPrefix: "sec",
        },
    },
    "GovCloud and Azure Government": {
        args: { ...ALL_TYPES, azureCloud: "AzureUSGovernment" as const },
        cloud: GOV_CLOUD,
    },
    "one log type, SSE-S3": {
        args: {
            workspaceId: WORKSPACE_ID,
            logTypes: { cloudTrail: {} },
            bucketEncryption: "s3" as const,
        },
    },
};

describe("AwsSentinelConnection least privilege", () => {
    const allowedActions = new Set<string>();

    for (const [title, config] of Object.entries(CONFIGURATIONS)) {
        it(`every policy document has concrete actions and resources (${title})`, async () => {
            const run = await deployAws(config.args, {
                cloud: (config as { cloud?: typeof GOV_CLOUD }).cloud,
            });
            const documents = policyDocuments(run.resources);
            assert.ok(
                documents.some((d) => d.kind === "identity") &&
                    documents.some((d) => d.kind === "trust") &&
                    documents.some((d) => d.kind === "resource"),
            );
            const accountRoot = `arn:${(config as { cloud?: typeof GOV_CLOUD }).cloud?.partition ?? "aws"}:iam::123456789012:root`;
            for (const { where, kind, document } of documents) {
                assertLeastPrivilege(where, kind, document, accountRoot);
            }
            // The audience function's policy: the provider actions on the account's one provider.
            const audience = documents.filter((d) => d.where.endsWith(` ${AUDIENCE_POLICY}`));
            assert.equal(audience.length, 1);
            for (const s of audience[0].document.Statement) {
                assert.ok(
                    list(s.Action).every((a) => /^iam:\w+OpenIDConnectProvider$/.test(a)),
                    "only OIDC provider actions",
                );
                assert.deepEqual(
                    list(s.Resource).map((r) =>
                        /:oidc-provider\/sts\.windows\.net\/[0-9a-f-]+\/$/.test(r),
                    ),
                    [true],
                );
            }
            const identity = documents.filter(
                (d) => d.kind === "identity" && !d.where.endsWith(` ${AUDIENCE_POLICY}`),
            );
            assert.equal(identity.length, 1, "one inline policy, no managed policy");
            for (const s of identity[0].document.Statement) {
                assert.equal(s.Effect, "Allow");
                for (const a of list(s.Action)) {
                    assert.ok(CONNECTOR_ACTIONS.includes(a), `${a} is a connector action`);
                    allowedActions.add(a);
                }
            }
            const trust = documents.filter(
                (d) => d.kind === "trust" && !d.where.endsWith(` ${AUDIENCE_ROLE}`),
            )[0].document;
            assert.deepEqual(
                trust.Statement.map((s) => list(s.Action)),
                [["sts:AssumeRoleWithWebIdentity"]],
            );
            for (const role of run.resources.filter((r) => r.type === "aws:iam/role:Role")) {
                assert.equal(
                    role.inputs.managedPolicyArns,
                    undefined,
                    "no managed policy on the role",
                );
                assert.equal(role.inputs.inlinePolicies, undefined);
            }
            assert.equal(
                run.resources.filter(
                    (r) =>
                        r.type.startsWith("aws:iam/rolePolicyAttachment") ||
                        r.type.startsWith("aws:iam/policyAttachment"),
                ).length,
                0,
            );
        });
    }

    it("allows exactly the five SQS actions, s3:GetObject and kms:Decrypt across configurations", () => {
        assert.deepEqual([...allowedActions].sort(), [...CONNECTOR_ACTIONS].sort());
    });
});
