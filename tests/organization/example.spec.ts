// examples/organization under the offline engine: the one-program deployment across four accounts,
// and the same as a hub stack and one source stack per account wired through a StackReference.
// Checks the cross-account wiring: writers admitted by the organization, each source writing to the
// hub's folders, the role reading every account, one connector queue per log type.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RecordedResource } from "../../offline/mocks";
import { checkResources } from "../../offline/policyCheck";
import { runProject } from "../../offline/program";
import { readProject } from "../../offline/project";
import { readStackFile } from "../../offline/stackFile";
import { doc, find, ofType, statement } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");
const ORG_ID = "o-a1b2c3d4e5";
const MANAGEMENT = "111111111111";
const LOG_ARCHIVE = "222222222222";
const SECURITY = "333333333333";
const REGIONS = ["eu-west-1", "eu-central-1", "eu-south-1"];

/** The organization examples, run from a copy (which resolves this repository's packages). */
const copies: string[] = [];
after(() => {
    for (const copy of copies) {
        fs.rmSync(copy, { recursive: true, force: true });
    }
});

function patchedExample(): string {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "sentinel-org-example-"));
    copies.push(copy);
    // The copy resolves @pulumi/aws and the other packages from this repository's node_modules.
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
    const dir = path.join(copy, "organization");
    fs.cpSync(path.join(ROOT, "examples", "organization"), dir, { recursive: true });
    return dir;
}

/** The organization, as AWS Organizations answers the hub (the management account owns the trail). */
const ORGANIZATION = { id: ORG_ID, managementAccountId: MANAGEMENT };

const providerOf = (r: RecordedResource) => r.options.provider.split("::").slice(-2, -1)[0];

function assertHub(resources: readonly RecordedResource[], hubAccount: string, bucket: string) {
    const bucketPolicy = doc(
        find(resources, "aws:s3/bucketPolicy:BucketPolicy", "org-logs-policy").inputs.policy,
    );
    const writers = bucketPolicy.Statement.filter((s) => s.Effect === "Allow");
    assert.deepEqual(
        writers.map((s) => s.Sid),
        [
            "CloudTrailAclCheck",
            "CloudTrailWrite",
            "AWSLogDeliveryAclCheck",
            "AWSLogDeliveryWrite",
            "GuardDutyBucketLocation",
            "GuardDutyWrite",
        ],
    );
    // Each writer as its guide binds it: the organization trail by its owner's trails, log
    // delivery by the organization, GuardDuty by its delegated administrator.
    const trails = { "aws:SourceArn": `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*` };
    assert.deepEqual(statement(bucketPolicy, "CloudTrailAclCheck").Condition, { ArnLike: trails });
    assert.deepEqual(statement(bucketPolicy, "CloudTrailWrite").Condition, {
        StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" },
        ArnLike: trails,
    });
    for (const sid of ["AWSLogDeliveryAclCheck", "AWSLogDeliveryWrite"]) {
        assert.equal(
            (statement(bucketPolicy, sid).Condition?.StringEquals as Record<string, string>)[
                "aws:SourceOrgID"
            ],
            ORG_ID,
            sid,
        );
    }
    for (const sid of ["GuardDutyBucketLocation", "GuardDutyWrite"]) {
        assert.deepEqual(statement(bucketPolicy, sid).Condition, {
            StringEquals: { "aws:SourceAccount": SECURITY },
            ArnLike: { "aws:SourceArn": `arn:aws:guardduty:*:${SECURITY}:detector/*` },
        });
    }
    // The opt-in region's GuardDuty principal, beside the global one.
    assert.deepEqual(statement(bucketPolicy, "GuardDutyWrite").Principal, {
        Service: ["guardduty.amazonaws.com", "guardduty.eu-south-1.amazonaws.com"],
    });
    const read = statement(
        doc(find(resources, "aws:iam/rolePolicy:RolePolicy", "org-role-policy").inputs.policy),
        "ReadLogObjects",
    );
    assert.deepEqual(read.Resource, [
        `arn:aws:s3:::${bucket}/cloudtrail/AWSLogs/*/CloudTrail/*`,
        `arn:aws:s3:::${bucket}/vpcflowlogs/AWSLogs/*/vpcflowlogs/*`,
        `arn:aws:s3:::${bucket}/guardduty/AWSLogs/*/GuardDuty/*`,
    ]);
    // One connector per log type, each reading its own queue of the hub's account.
    const connectors = ofType(resources, "azure-native:resources:Resource");
    const queues = connectors.map((c) => c.inputs.properties.sqsUrls[0] as string);
    assert.equal(connectors.length, 3);
    assert.equal(new Set(queues).size, 3);
    for (const q of queues) {
        assert.match(q, new RegExp(`^https://sqs\\.eu-west-1\\.amazonaws\\.com/${hubAccount}/`));
    }
}

function assertSources(resources: readonly RecordedResource[], bucket: string, key: string) {
    const trail = find(resources, "aws:cloudtrail/trail:Trail", "management-trail");
    assert.deepEqual(
        [trail.inputs.s3BucketName, trail.inputs.s3KeyPrefix, trail.inputs.isOrganizationTrail],
        [bucket, "cloudtrail", true],
    );
    assert.equal(trail.inputs.kmsKeyId, key);
    const exports = ofType(resources, "aws:guardduty/publishingDestination:PublishingDestination");
    assert.deepEqual(
        exports.map((e) => [e.inputs.region, e.inputs.destinationArn, e.inputs.kmsKeyArn]),
        REGIONS.map((r) => [r, `arn:aws:s3:::${bucket}/guardduty/`, key]),
    );
    assert.deepEqual(
        ofType(resources, "aws:guardduty/organizationConfiguration:OrganizationConfiguration").map(
            (c) => c.inputs.autoEnableOrganizationMembers,
        ),
        ["ALL", "ALL", "ALL"],
    );
    const flowLogs = ofType(resources, "aws:ec2/flowLog:FlowLog");
    assert.deepEqual(
        flowLogs.map((f) => [f.inputs.vpcId, f.inputs.logDestination]),
        [
            ["vpc-0123456789abcdef0", `arn:aws:s3:::${bucket}/vpcflowlogs/`],
            ["vpc-0fedcba9876543210", `arn:aws:s3:::${bucket}/vpcflowlogs/`],
        ],
    );
}

describe("examples/organization/one-program", () => {
    let resources: RecordedResource[];
    let outputs: Record<string, any>;
    before(async () => {
        const dir = path.join(patchedExample(), "one-program");
        const stack = readStackFile(path.join(dir, "Pulumi.example.yaml"));
        const run = await runProject(readProject(dir), {
            ...stack,
            cloud: { ...stack.cloud, organization: ORGANIZATION },
        });
        resources = run.resources;
        outputs = run.result as Record<string, any>;
    });

    it("puts the hub in the log-archive account and admits every account's writers", () => {
        assert.equal(providerOf(find(resources, "aws:s3/bucket:Bucket", "org-logs")), "logArchive");
        assert.match(outputs.roleArn, new RegExp(`^arn:aws:iam::${LOG_ARCHIVE}:role/OIDC_`));
        assertHub(resources, LOG_ARCHIVE, outputs.bucketName);
    });

    it("writes each account's exports into the hub's folders, with each account's provider", () => {
        assertSources(resources, outputs.bucketName, outputs.logDestination.keyArn);
        assert.equal(
            providerOf(find(resources, "aws:cloudtrail/trail:Trail", "management-trail")),
            "management",
        );
        for (const e of ofType(
            resources,
            "aws:guardduty/publishingDestination:PublishingDestination",
        )) {
            assert.equal(providerOf(e), "security");
        }
        for (const f of ofType(resources, "aws:ec2/flowLog:FlowLog")) {
            assert.equal(providerOf(f), "member");
        }
        assert.match(outputs.trailArn, /^arn:aws:cloudtrail:eu-west-1:111111111111:trail\//);
    });

    it("notifies per listed account, so no digest file reaches the CloudTrail queue", () => {
        const queues = find(
            resources,
            "aws:s3/bucketNotification:BucketNotification",
            "org-notification",
        ).inputs.queues as Array<{ filterPrefix: string }>;
        assert.deepEqual(
            queues.map((q) => q.filterPrefix),
            [
                ...["111111111111", "222222222222", "333333333333", "444444444444"].map(
                    (a) => `cloudtrail/AWSLogs/${ORG_ID}/${a}/CloudTrail/`,
                ),
                "vpcflowlogs/AWSLogs/",
                "guardduty/AWSLogs/",
            ],
        );
    });

    it("passes the policy pack", async () => {
        const report = await checkResources(resources);
        assert.deepEqual(
            report.violations
                .filter((v) => v.enforcementLevel === "mandatory")
                .map((v) => `${v.policyName}: ${v.message}`),
            [],
        );
    });
});

describe("examples/organization/stacks (a hub stack and one stack per account)", () => {
    const HUB_STACK = "acme/sentinel-organization-hub/prod";
    let hub: { resources: RecordedResource[]; outputs: Record<string, any> };
    const sources: RecordedResource[] = [];

    before(async () => {
        const example = patchedExample();
        const hubDir = path.join(example, "stacks", "hub");
        const hubStack = readStackFile(path.join(hubDir, "Pulumi.example.yaml"));
        const run = await runProject(readProject(hubDir), {
            ...hubStack,
            cloud: { ...hubStack.cloud, accountId: LOG_ARCHIVE, organization: ORGANIZATION },
        });
        hub = { resources: run.resources, outputs: run.result as Record<string, any> };
        const sourceDir = path.join(example, "stacks", "source");
        const accounts = {
            management: "111111111111",
            security: "333333333333",
            member: "444444444444",
        };
        for (const [stack, accountId] of Object.entries(accounts)) {
            const file = readStackFile(path.join(sourceDir, `Pulumi.${stack}.yaml`));
            const source = await runProject(
                readProject(sourceDir),
                { ...file, cloud: { ...file.cloud, accountId } },
                // The hub's outputs, as `pulumi stack output` would give them to the reference.
                { stacks: { [HUB_STACK]: JSON.parse(JSON.stringify(hub.outputs)) } },
            );
            sources.push(...source.resources);
        }
    });

    it("the hub admits every account's writers and reads every account", () => {
        assertHub(hub.resources, LOG_ARCHIVE, hub.outputs.bucketName);
    });

    it("each account's stack writes into the hub's folders through the StackReference", () => {
        assertSources(sources, hub.outputs.bucketName, hub.outputs.logDestination.keyArn);
    });

    it("passes the policy pack, each stack on its own", async () => {
        for (const resources of [hub.resources, sources]) {
            const report = await checkResources(resources);
            assert.deepEqual(
                report.violations
                    .filter((v) => v.enforcementLevel === "mandatory")
                    .map((v) => `${v.policyName}: ${v.message}`),
                [],
            );
        }
    });
});
