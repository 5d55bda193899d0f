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
function isConcreteResource(arn: string): boolean {
    return (
        !arn.includes("*") ||
        /^arn:[\w-]+:s3:::[a-z0-9.-]+\/(?:[^*]+\/)?AWSLogs\/\d{12}\/(?:[A-Za-z]+\/)?\*$/.test(arn)
    );
}

const isConcreteAction = (action: string) =>
    !action.includes("*") || action === "kms:GenerateDataKey*";

function assertLeastPrivilege(
    where: string,
    kind: string,
    document: PolicyDocument,
    accountRoot: string,
) {
    assert.equal(document.Version, "2012-10-17", `${where}: version`);
    for (const s of document.Statement.filter((x: PolicyStatement) => x.Effect === "Allow")) {
        const label = `${where} / ${s.Sid}`;
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
                assert.ok(isConcreteResource(r), `${label}: resource ${r} is concrete`);
            }
        }
        for (const a of actions) {
            assert.ok(isConcreteAction(a), `${label}: action ${a} is concrete`);
        }
        if (kind !== "identity") {
            assert.notEqual(s.Principal, "*", `${label}: no anonymous principal`);
            const principal = s.Principal as { Service?: string };
            if (principal.Service !== undefined || kind === "trust") {
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
            const identity = documents.filter((d) => d.kind === "identity");
            assert.equal(identity.length, 1, "one inline policy, no managed policy");
            for (const s of identity[0].document.Statement) {
                assert.equal(s.Effect, "Allow");
                for (const a of list(s.Action)) {
                    assert.ok(CONNECTOR_ACTIONS.includes(a), `${a} is a connector action`);
                    allowedActions.add(a);
                }
            }
            const trust = documents.filter((d) => d.kind === "trust")[0].document;
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
