// An AwsSentinelConnection hub in organization mode: every service writer admitted from any account
// of the organization (aws:SourceOrgID, IAM user guide, "AWS global condition context keys"), bound
// to its service and its log type's folder; one notification per folder from the planner; the role
// reading every account's logs of each type and nothing wider; local exports only where asked.
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import type { PolicyDocument } from "../../components/aws/policyDocuments";
import { OPT_IN_REGIONS } from "../../components/shared/catalog";
import { PLACEHOLDER_CLOUD, runOffline } from "../../offline/mocks";
import { ORG_HUB, ORG_ID } from "./fixtures";
import { doc, find, inventory, ofType, statement } from "../helpers";

const HUB = PLACEHOLDER_CLOUD.accountId;
const MEMBERS = ["111111111111", "222222222222"];
const BUCKET = "sentinel-logs-xxxxxxx";
const GUARDDUTY_PRINCIPALS = [
    "guardduty.amazonaws.com",
    ...OPT_IN_REGIONS.map((r) => `guardduty.${r}.amazonaws.com`),
];

async function deployHub(args: AwsSentinelConnectionArgs) {
    return runOffline(async () => {
        const { AwsSentinelConnection } =
            await import("../../components/aws/awsSentinelConnection");
        const hub = new AwsSentinelConnection("sentinel", args);
        return { logDestination: hub.logDestination, connections: hub.connections };
    });
}

const policyOf = (run: Awaited<ReturnType<typeof deployHub>>, type: string, name: string) =>
    doc(find(run.resources, type, name).inputs.policy);

/** The writer binding of an organization hub: the organization, and the service's own ARNs. */
const orgBound = (sourceArn: string, extra: Record<string, string> = {}) => ({
    StringEquals: { ...extra, "aws:SourceOrgID": ORG_ID },
    ArnLike: { "aws:SourceArn": sourceArn },
});

describe("An organization hub", () => {
    let run: Awaited<ReturnType<typeof deployHub>>;
    before(async () => {
        run = await deployHub({
            ...ORG_HUB,
            organization: { organizationId: ORG_ID, accountIds: MEMBERS },
        });
    });

    it("creates the connection and no export of its own", () => {
        const types = new Set(inventory(run.resources).map((line) => line.split(" ")[0]));
        for (const exportType of [
            "aws:cloudtrail/trail:Trail",
            "aws:ec2/flowLog:FlowLog",
            "aws:guardduty/detector:Detector",
            "aws:guardduty/publishingDestination:PublishingDestination",
        ]) {
            assert.equal(types.has(exportType), false, exportType);
        }
        assert.equal(ofType(run.resources, "aws:sqs/queue:Queue").length, 6);
        assert.equal(ofType(run.resources, "aws:iam/role:Role").length, 1);
    });

    describe("the bucket policy, statement by statement", () => {
        let policy: PolicyDocument;
        before(() => {
            policy = policyOf(run, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy");
        });

        it("has exactly TLS-only and one check and one write per writer", () => {
            assert.deepEqual(
                policy.Statement.map((s) => s.Sid),
                [
                    "DenyInsecureTransport",
                    "CloudTrailAclCheck",
                    "CloudTrailWrite",
                    "AWSLogDeliveryAclCheck",
                    "AWSLogDeliveryWrite",
                    "GuardDutyBucketLocation",
                    "GuardDutyWrite",
                ],
            );
        });

        it("admits the organization's trails (organization and account trails) under cloudtrail/AWSLogs/", () => {
            // CloudTrail user guide, "Amazon S3 bucket policy for CloudTrail": GetBucketAcl on the
            // bucket; PutObject on the log path with bucket-owner-full-control.
            assert.deepEqual(statement(policy, "CloudTrailAclCheck"), {
                Sid: "CloudTrailAclCheck",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: `arn:aws:s3:::${BUCKET}`,
                Condition: orgBound("arn:aws:cloudtrail:*:*:trail/*"),
            });
            assert.deepEqual(statement(policy, "CloudTrailWrite"), {
                Sid: "CloudTrailWrite",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `arn:aws:s3:::${BUCKET}/cloudtrail/AWSLogs/*`,
                Condition: orgBound("arn:aws:cloudtrail:*:*:trail/*", {
                    "s3:x-amz-acl": "bucket-owner-full-control",
                }),
            });
        });

        it("admits every account's flow-log delivery under vpcflowlogs/AWSLogs/", () => {
            // VPC user guide, "Amazon S3 bucket permissions for flow logs": delivery.logs, with
            // aws:SourceArn of the logs service.
            assert.deepEqual(statement(policy, "AWSLogDeliveryAclCheck"), {
                Sid: "AWSLogDeliveryAclCheck",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: `arn:aws:s3:::${BUCKET}`,
                Condition: orgBound("arn:aws:logs:*:*:*"),
            });
            assert.deepEqual(statement(policy, "AWSLogDeliveryWrite"), {
                Sid: "AWSLogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `arn:aws:s3:::${BUCKET}/vpcflowlogs/AWSLogs/*`,
                Condition: orgBound("arn:aws:logs:*:*:*", {
                    "s3:x-amz-acl": "bucket-owner-full-control",
                }),
            });
        });

        it("admits GuardDuty of every account, global and opt-in regional principals, under guardduty/", () => {
            // GuardDuty user guide, "Exporting generated findings": GetBucketLocation and
            // PutObject on <bucket>/[prefix]/*; opt-in regions sign as guardduty.<region>.
            const location = statement(policy, "GuardDutyBucketLocation");
            const write = statement(policy, "GuardDutyWrite");
            for (const s of [location, write]) {
                assert.deepEqual(s.Principal, { Service: GUARDDUTY_PRINCIPALS });
                assert.deepEqual(s.Condition, orgBound("arn:aws:guardduty:*:*:detector/*"));
            }
            assert.equal(location.Action, "s3:GetBucketLocation");
            assert.equal(location.Resource, `arn:aws:s3:::${BUCKET}`);
            assert.equal(write.Action, "s3:PutObject");
            assert.equal(write.Resource, `arn:aws:s3:::${BUCKET}/guardduty/*`);
        });

        it("admits no writer without the organization condition", () => {
            for (const s of policy.Statement.filter((s) => s.Effect === "Allow")) {
                assert.equal(
                    (s.Condition?.StringEquals as Record<string, string>)["aws:SourceOrgID"],
                    ORG_ID,
                    s.Sid,
                );
            }
        });
    });

    describe("the logs key policy, statement by statement", () => {
        let policy: PolicyDocument;
        before(() => {
            policy = policyOf(run, "aws:kms/key:Key", "sentinel-logs-key");
        });

        it("has the account's administration, each writer's grants and the role's decrypt", () => {
            assert.deepEqual(
                policy.Statement.map((s) => s.Sid),
                [
                    "AccountRootAdministersKey",
                    "CloudTrailEncryptsLogs",
                    "CloudTrailDescribesKey",
                    "CloudTrailDecryptsWithBucketKey",
                    "AWSLogDeliveryEncryptsLogs",
                    "GuardDutyEncryptsFindings",
                    "SentinelDecryptsLogObjects",
                ],
            );
        });

        it("lets the organization's trails encrypt, bound to trail ARNs by the encryption context", () => {
            // CloudTrail user guide, "Configure AWS KMS key policies for CloudTrail".
            assert.deepEqual(statement(policy, "CloudTrailEncryptsLogs"), {
                Sid: "CloudTrailEncryptsLogs",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:GenerateDataKey*",
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceOrgID": ORG_ID },
                    StringLike: {
                        "kms:EncryptionContext:aws:cloudtrail:arn":
                            "arn:aws:cloudtrail:*:*:trail/*",
                    },
                },
            });
            for (const sid of ["CloudTrailDescribesKey", "CloudTrailDecryptsWithBucketKey"]) {
                assert.deepEqual(
                    statement(policy, sid).Condition,
                    orgBound("arn:aws:cloudtrail:*:*:trail/*"),
                    sid,
                );
            }
        });

        it("gives flow-log delivery the five actions the CloudWatch Logs guide lists", () => {
            assert.deepEqual(statement(policy, "AWSLogDeliveryEncryptsLogs"), {
                Sid: "AWSLogDeliveryEncryptsLogs",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: [
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:DescribeKey",
                ],
                Resource: "*",
                Condition: orgBound("arn:aws:logs:*:*:*"),
            });
        });

        it("lets GuardDuty of every account and region encrypt findings", () => {
            assert.deepEqual(statement(policy, "GuardDutyEncryptsFindings"), {
                Sid: "GuardDutyEncryptsFindings",
                Effect: "Allow",
                Principal: { Service: GUARDDUTY_PRINCIPALS },
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: "*",
                Condition: orgBound("arn:aws:guardduty:*:*:detector/*"),
            });
        });

        it("lets the role decrypt only through S3 in the hub's region", () => {
            const s = statement(policy, "SentinelDecryptsLogObjects");
            assert.deepEqual(s.Action, ["kms:Decrypt"]);
            assert.deepEqual(s.Condition, {
                StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
            });
        });
    });

    it("lets only S3 of this bucket and account send to each queue", () => {
        for (const t of ["cloudTrail", "vpcFlowLogs", "guardDuty"]) {
            const s = statement(
                policyOf(run, "aws:sqs/queuePolicy:QueuePolicy", `sentinel-${t}-queue-policy`),
                "AllowS3BucketNotifications",
            );
            assert.deepEqual(s.Principal, { Service: "s3.amazonaws.com" });
            assert.deepEqual(s.Condition, {
                ArnEquals: { "aws:SourceArn": `arn:aws:s3:::${BUCKET}` },
                StringEquals: { "aws:SourceAccount": HUB },
            });
        }
    });

    it("notifies per listed account for CloudTrail and once per folder for the other types", () => {
        const queues = find(
            run.resources,
            "aws:s3/bucketNotification:BucketNotification",
            "sentinel-notification",
        ).inputs.queues as Array<Record<string, unknown>>;
        assert.deepEqual(
            queues.map((q) => [q.id, q.filterPrefix, q.filterSuffix]),
            [
                ...MEMBERS.map((a) => [
                    `sentinel-cloudTrail-${a}`,
                    `cloudtrail/AWSLogs/${ORG_ID}/${a}/CloudTrail/`,
                    ".gz",
                ]),
                ["sentinel-vpcFlowLogs", "vpcflowlogs/AWSLogs/", ".gz"],
                ["sentinel-guardDuty", "guardduty/AWSLogs/", ".gz"],
            ],
        );
    });

    it("lets the role read every account's logs of each type and nothing wider", () => {
        const read = statement(
            policyOf(run, "aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy"),
            "ReadLogObjects",
        );
        assert.deepEqual(read.Action, ["s3:GetObject"]);
        assert.deepEqual(read.Resource, [
            `arn:aws:s3:::${BUCKET}/cloudtrail/AWSLogs/*/CloudTrail/*`,
            `arn:aws:s3:::${BUCKET}/vpcflowlogs/AWSLogs/*/vpcflowlogs/*`,
            `arn:aws:s3:::${BUCKET}/guardduty/AWSLogs/*/GuardDuty/*`,
        ]);
    });

    it("writes GuardDuty's folder object, which exports of every account need", () => {
        const marker = find(
            run.resources,
            "aws:s3/bucketObjectv2:BucketObjectv2",
            "sentinel-guardduty-folder",
        );
        assert.equal(marker.inputs.key, "guardduty/");
    });

    it("gives log sources the destination as plain data", () => {
        const d = run.result.logDestination;
        assert.deepEqual(
            { ...d, keyArn: typeof d.keyArn },
            {
                format: "sentinel-aws-s3/log-destination/v1",
                bucketName: BUCKET,
                bucketArn: `arn:aws:s3:::${BUCKET}`,
                accountId: HUB,
                region: "us-east-1",
                partition: "aws",
                keyArn: "string",
                bucketUsesKey: true,
                organizationId: ORG_ID,
                keyPrefixes: {
                    cloudTrail: "cloudtrail/",
                    vpcFlowLogs: "vpcflowlogs/",
                    guardDuty: "guardduty/",
                },
                cloudTrailAccountIds: MEMBERS,
                guardDutyOptInRegions: OPT_IN_REGIONS,
            },
        );
        assert.match(d.keyArn as string, /^arn:aws:kms:us-east-1:123456789012:key\//);
    });

    it("points each connection at its type's folder, which holds every account's", () => {
        assert.deepEqual(
            run.result.connections.map((c) => [c.logType, c.objectPrefix]),
            [
                ["cloudTrail", "cloudtrail/AWSLogs/"],
                ["vpcFlowLogs", "vpcflowlogs/AWSLogs/"],
                ["guardDuty", "guardduty/AWSLogs/"],
            ],
        );
    });
});

describe("An organization hub without account IDs", () => {
    it("notifies once for CloudTrail, and says that digest files reach the queue", async () => {
        const warnings: string[] = [];
        const { log } = await import("@pulumi/pulumi");
        const warn = log.warn;
        log.warn = async (message: string) => {
            warnings.push(message);
        };
        try {
            const run = await deployHub(ORG_HUB);
            const queues = find(
                run.resources,
                "aws:s3/bucketNotification:BucketNotification",
                "sentinel-notification",
            ).inputs.queues as Array<Record<string, unknown>>;
            assert.deepEqual(queues[0].filterPrefix, "cloudtrail/AWSLogs/");
            assert.equal(run.result.logDestination.cloudTrailAccountIds, undefined);
        } finally {
            log.warn = warn;
        }
        assert.equal(warnings.filter((w) => /digest files/.test(w)).length, 1, warnings.join("\n"));
    });
});

describe("An organization hub with exports of its own", () => {
    let run: Awaited<ReturnType<typeof deployHub>>;
    before(async () => {
        run = await deployHub({
            ...ORG_HUB,
            organization: { organizationId: ORG_ID, accountIds: MEMBERS, regions: ["eu-south-1"] },
            logTypes: {
                cloudTrail: { createTrail: true },
                vpcFlowLogs: { vpcIds: ["vpc-0123456789abcdef0"] },
                guardDuty: { regions: ["eu-west-1", "eu-south-1"] },
            },
        });
    });

    it("creates its trail under cloudtrail/, with a notification of its own account's folder", () => {
        const trail = find(run.resources, "aws:cloudtrail/trail:Trail", "sentinel-trail");
        assert.equal(trail.inputs.s3KeyPrefix, "cloudtrail");
        const queues = find(
            run.resources,
            "aws:s3/bucketNotification:BucketNotification",
            "sentinel-notification",
        ).inputs.queues as Array<Record<string, unknown>>;
        assert.ok(
            queues.some(
                (q) =>
                    q.id === "sentinel-cloudTrail-hub" &&
                    q.filterPrefix === `cloudtrail/AWSLogs/${HUB}/CloudTrail/`,
            ),
        );
    });

    it("delivers its flow logs into vpcflowlogs/", () => {
        const flow = ofType(run.resources, "aws:ec2/flowLog:FlowLog");
        assert.equal(flow.length, 1);
        assert.equal(flow[0].inputs.logDestination, `arn:aws:s3:::${BUCKET}/vpcflowlogs/`);
    });

    it("creates a detector and an export in each GuardDuty region, into guardduty/", () => {
        const detectors = ofType(run.resources, "aws:guardduty/detector:Detector");
        assert.deepEqual(detectors.map((d) => d.inputs.region).sort(), ["eu-south-1", "eu-west-1"]);
        const exports = ofType(
            run.resources,
            "aws:guardduty/publishingDestination:PublishingDestination",
        );
        assert.deepEqual(exports.map((e) => e.inputs.region).sort(), ["eu-south-1", "eu-west-1"]);
        for (const e of exports) {
            assert.equal(e.inputs.destinationArn, `arn:aws:s3:::${BUCKET}/guardduty/`);
            const detector = detectors.find((d) => d.inputs.region === e.inputs.region)!;
            assert.equal(e.inputs.detectorId, detector.id);
        }
    });

    it("names the regional principal of the organization's opt-in regions only", () => {
        const write = statement(
            policyOf(run, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy"),
            "GuardDutyWrite",
        );
        assert.deepEqual(write.Principal, {
            Service: ["guardduty.amazonaws.com", "guardduty.eu-south-1.amazonaws.com"],
        });
    });
});
