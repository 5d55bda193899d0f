// An AwsSentinelConnection hub in organization mode: each service writer admitted as its guide
// binds it (the organization trail by the trails of the account that owns it, CloudTrail user guide,
// "Creating a trail for an organization"; GuardDuty by its delegated administrator, GuardDuty user
// guide, "Exporting generated findings to Amazon S3 buckets"; log delivery by aws:SourceOrgID, which
// AWS's data-perimeter examples show it sends to S3), under its log type's folder; one notification
// per folder from the planner; the role reading every account's logs of each type and nothing wider;
// local exports only where asked.
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import type { PolicyDocument } from "../../components/aws/policyDocuments";
import { OPT_IN_REGIONS } from "../../components/shared/catalog";
import { FakeCloud, PLACEHOLDER_CLOUD, runOffline } from "../../offline/mocks";
import { MANAGEMENT, ORG_CLOUD, ORG_HUB, ORG_ID, SECURITY } from "./fixtures";
import { doc, find, inventory, ofType, statement } from "../helpers";

const HUB = PLACEHOLDER_CLOUD.accountId;
const MEMBERS = ["111111111111", "222222222222"];
const BUCKET = "sentinel-logs-xxxxxxx";
const GUARDDUTY_PRINCIPALS = [
    "guardduty.amazonaws.com",
    ...OPT_IN_REGIONS.map((r) => `guardduty.${r}.amazonaws.com`),
];
const ACL = { "s3:x-amz-acl": "bucket-owner-full-control" };

async function deployHub(args: AwsSentinelConnectionArgs, cloud: FakeCloud = ORG_CLOUD) {
    return runOffline(
        async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            const hub = new AwsSentinelConnection("sentinel", args);
            return { logDestination: hub.logDestination, connections: hub.connections };
        },
        { cloud },
    );
}

const policyOf = (run: Awaited<ReturnType<typeof deployHub>>, type: string, name: string) =>
    doc(find(run.resources, type, name).inputs.policy);

/** Log delivery's binding in an organization hub: the organization, and the logs service's ARNs. */
const orgBound = (sourceArn: string, extra: Record<string, string> = {}) => ({
    StringEquals: { ...extra, "aws:SourceOrgID": ORG_ID },
    ArnLike: { "aws:SourceArn": sourceArn },
});

/** GuardDuty's binding: the delegated administrator's account and detectors. */
const administratorBound = {
    StringEquals: { "aws:SourceAccount": SECURITY },
    ArnLike: { "aws:SourceArn": `arn:aws:guardduty:*:${SECURITY}:detector/*` },
};

describe("An organization hub", () => {
    let run: Awaited<ReturnType<typeof deployHub>>;
    before(async () => {
        run = await deployHub({
            ...ORG_HUB,
            organization: { ...ORG_HUB.organization!, accountIds: MEMBERS },
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
        // The Sentinel role, and the role of the function adding its audience to the OIDC provider.
        assert.deepEqual(
            ofType(run.resources, "aws:iam/role:Role")
                .map((r) => r.name)
                .sort(),
            ["sentinel-oidc-audience-role", "sentinel-role"],
        );
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

        it("admits the organization trail by the trails of its owner, the management account read from Organizations", () => {
            // CloudTrail user guide, "Creating a trail for an organization with the AWS CLI": the
            // bucket check, and writes to AWSLogs/<management account>/* and AWSLogs/<orgId>/*, all
            // bound by aws:SourceArn to a trail "owned by the management account"; a wildcard needs
            // an ARN operator ("Cross-service confused deputy prevention").
            const trails = `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*`;
            assert.deepEqual(statement(policy, "CloudTrailAclCheck"), {
                Sid: "CloudTrailAclCheck",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: `arn:aws:s3:::${BUCKET}`,
                Condition: { ArnLike: { "aws:SourceArn": trails } },
            });
            assert.deepEqual(statement(policy, "CloudTrailWrite"), {
                Sid: "CloudTrailWrite",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: [
                    `arn:aws:s3:::${BUCKET}/cloudtrail/AWSLogs/${ORG_ID}/*`,
                    `arn:aws:s3:::${BUCKET}/cloudtrail/AWSLogs/${MANAGEMENT}/*`,
                ],
                Condition: { StringEquals: ACL, ArnLike: { "aws:SourceArn": trails } },
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

        it("admits GuardDuty of its delegated administrator only, global and opt-in regional principals, under guardduty/", () => {
            // GuardDuty user guide, "Exporting generated findings": GetBucketLocation and
            // PutObject on <bucket>/[prefix]/*, bound by aws:SourceAccount and aws:SourceArn to the
            // exporting account and detector, which in an organization is the administrator ("all
            // the findings from the associated member accounts ... are also exported"); opt-in
            // regions sign as guardduty.<region>.
            const location = statement(policy, "GuardDutyBucketLocation");
            const write = statement(policy, "GuardDutyWrite");
            for (const s of [location, write]) {
                assert.deepEqual(s.Principal, { Service: GUARDDUTY_PRINCIPALS });
                assert.deepEqual(s.Condition, administratorBound);
            }
            assert.equal(location.Action, "s3:GetBucketLocation");
            assert.equal(location.Resource, `arn:aws:s3:::${BUCKET}`);
            assert.equal(write.Action, "s3:PutObject");
            assert.equal(write.Resource, `arn:aws:s3:::${BUCKET}/guardduty/*`);
        });

        it("binds only log delivery by aws:SourceOrgID, the one writer shown to send it to S3", () => {
            // aws-samples/data-perimeter-policy-examples, resource_control_policies: VPC Flow Logs
            // log delivery populates aws:SourceOrgID; the CloudTrail and GuardDuty guides bind their
            // writers to trails and detectors instead.
            const byOrg = policy.Statement.filter(
                (s) =>
                    (s.Condition?.StringEquals as Record<string, string> | undefined)?.[
                        "aws:SourceOrgID"
                    ] !== undefined,
            ).map((s) => s.Sid);
            assert.deepEqual(byOrg, ["AWSLogDeliveryAclCheck", "AWSLogDeliveryWrite"]);
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

        it("lets the organization trail encrypt, bound to its owner's trails without aws:SourceOrgID", () => {
            // CloudTrail user guide, "Configure AWS KMS key policies for CloudTrail": aws:SourceArn
            // and the encryption context arn:aws:cloudtrail:*:account-id:trail/*, for an
            // organization trail the management account's. No aws:SourceOrgID: AWS's data-perimeter
            // examples warn that services' calls to KMS may not carry it.
            const trails = `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*`;
            assert.deepEqual(statement(policy, "CloudTrailEncryptsLogs"), {
                Sid: "CloudTrailEncryptsLogs",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:GenerateDataKey*",
                Resource: "*",
                Condition: {
                    ArnLike: { "aws:SourceArn": trails },
                    StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": trails },
                },
            });
            for (const sid of ["CloudTrailDescribesKey", "CloudTrailDecryptsWithBucketKey"]) {
                assert.deepEqual(
                    statement(policy, sid).Condition,
                    { ArnLike: { "aws:SourceArn": trails } },
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

        it("lets GuardDuty's delegated administrator encrypt findings, in every region", () => {
            // GuardDuty user guide, "Exporting generated findings", key policy: aws:SourceAccount
            // and aws:SourceArn of the exporting account and detector.
            assert.deepEqual(statement(policy, "GuardDutyEncryptsFindings"), {
                Sid: "GuardDutyEncryptsFindings",
                Effect: "Allow",
                Principal: { Service: GUARDDUTY_PRINCIPALS },
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: "*",
                Condition: administratorBound,
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
                bindings: { guardDuty: { administratorAccountId: SECURITY } },
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
        assert.equal(
            warnings.filter((w) => /digest and aggregated files/.test(w)).length,
            1,
            warnings.join("\n"),
        );
    });
});

describe("An organization hub with exports of its own", () => {
    let run: Awaited<ReturnType<typeof deployHub>>;
    before(async () => {
        run = await deployHub({
            ...ORG_HUB,
            organization: {
                ...ORG_HUB.organization!,
                accountIds: MEMBERS,
                regions: ["eu-south-1"],
                // The hub's own account exports GuardDuty: it is the administrator.
                guardDutyAdministratorAccountId: HUB,
            },
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

describe("An organization hub's CloudTrail bindings", () => {
    it("binds the organization trail to `organization.trailAccountId` when given, without reading Organizations", async () => {
        const run = await runOffline(
            async () => {
                const { AwsSentinelConnection } =
                    await import("../../components/aws/awsSentinelConnection");
                new AwsSentinelConnection("sentinel", {
                    ...ORG_HUB,
                    organization: { ...ORG_HUB.organization!, trailAccountId: "444444444444" },
                });
            },
            {
                cloud: ORG_CLOUD,
                calls: {
                    "aws:organizations/getOrganization:getOrganization": () => {
                        throw new Error("AccessDeniedException: not authorized");
                    },
                },
            },
        );
        const write = statement(
            policyOf(run as never, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy"),
            "CloudTrailWrite",
        );
        assert.deepEqual(write.Condition, {
            StringEquals: ACL,
            ArnLike: { "aws:SourceArn": "arn:aws:cloudtrail:*:444444444444:trail/*" },
        });
        assert.deepEqual(write.Resource, [
            `arn:aws:s3:::${BUCKET}/cloudtrail/AWSLogs/${ORG_ID}/*`,
            `arn:aws:s3:::${BUCKET}/cloudtrail/AWSLogs/444444444444/*`,
        ]);
    });

    it("asks for `organization.trailAccountId` when the organization cannot be read", async () => {
        await assert.rejects(
            runOffline(
                async () => {
                    const { AwsSentinelConnection } =
                        await import("../../components/aws/awsSentinelConnection");
                    const hub = new AwsSentinelConnection("sentinel", ORG_HUB);
                    // The policies the bucket notification waits for name the trail's owner.
                    return hub.connectorPrerequisites.map((r) => r.urn);
                },
                {
                    cloud: ORG_CLOUD,
                    calls: {
                        "aws:organizations/getOrganization:getOrganization": () => {
                            throw new Error("AccessDeniedException: not authorized");
                        },
                    },
                },
            ),
            /`organization\.trailAccountId` is required: the hub could not read its organization's management account, which owns the organization trail/,
        );
    });

    it("refuses an organization ID that is not the hub account's organization, naming both", async () => {
        await assert.rejects(
            deployHub(ORG_HUB, {
                ...ORG_CLOUD,
                organization: { id: "o-zzzzzzzzzz", managementAccountId: MANAGEMENT },
            }),
            /`organization\.organizationId` is o-a1b2c3d4e5, but the hub's account belongs to the organization o-zzzzzzzzzz/,
        );
    });

    it("admits and notifies the listed accounts' own trails with `accountTrails`", async () => {
        // CloudTrail user guide, "Setting bucket policy for multiple accounts": one PutObject
        // resource per account's AWSLogs/<account>/*, bound to those accounts' trails.
        const run = await deployHub({
            ...ORG_HUB,
            organization: { ...ORG_HUB.organization!, accountIds: MEMBERS },
            logTypes: { ...ORG_HUB.logTypes, cloudTrail: { accountTrails: true } },
        });
        const policy = policyOf(run, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy");
        const trails = MEMBERS.map((a) => `arn:aws:cloudtrail:*:${a}:trail/*`);
        assert.deepEqual(statement(policy, "CloudTrailAccountTrailsWrite"), {
            Sid: "CloudTrailAccountTrailsWrite",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: MEMBERS.map((a) => `arn:aws:s3:::${BUCKET}/cloudtrail/AWSLogs/${a}/*`),
            Condition: { StringEquals: ACL, ArnLike: { "aws:SourceArn": trails } },
        });
        assert.deepEqual(statement(policy, "CloudTrailAclCheck").Condition, {
            ArnLike: {
                "aws:SourceArn": [`arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*`, ...trails],
            },
        });
        const key = policyOf(run, "aws:kms/key:Key", "sentinel-logs-key");
        assert.deepEqual(statement(key, "CloudTrailEncryptsLogs").Condition?.StringLike, {
            "kms:EncryptionContext:aws:cloudtrail:arn": [
                `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*`,
                ...trails,
            ],
        });
        const queues = find(
            run.resources,
            "aws:s3/bucketNotification:BucketNotification",
            "sentinel-notification",
        ).inputs.queues as Array<Record<string, unknown>>;
        assert.deepEqual(
            queues
                .filter((q) => String(q.id).startsWith("sentinel-cloudTrail"))
                .map((q) => q.filterPrefix),
            [
                ...MEMBERS.map((a) => `cloudtrail/AWSLogs/${ORG_ID}/${a}/CloudTrail/`),
                ...MEMBERS.map((a) => `cloudtrail/AWSLogs/${a}/CloudTrail/`),
            ],
        );
        assert.deepEqual(run.result.logDestination.bindings, {
            cloudTrail: { accountTrails: "true" },
            guardDuty: { administratorAccountId: SECURITY },
        });
    });

    it("admits its own trail by its exact ARN, beside the organization trail", async () => {
        const run = await deployHub({
            ...ORG_HUB,
            logTypes: {
                ...ORG_HUB.logTypes,
                cloudTrail: { createTrail: true, trailName: "org-hub" },
            },
        });
        const write = statement(
            policyOf(run, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy"),
            "CloudTrailAccountTrailsWrite",
        );
        assert.equal(write.Resource, `arn:aws:s3:::${BUCKET}/cloudtrail/AWSLogs/${HUB}/*`);
        assert.deepEqual(write.Condition, {
            StringEquals: ACL,
            ArnLike: { "aws:SourceArn": `arn:aws:cloudtrail:us-east-1:${HUB}:trail/org-hub` },
        });
    });
});

describe("An organization hub's GuardDuty exports", () => {
    it("refuses exports of the hub's own account when it is not GuardDuty's administrator, naming both", async () => {
        await assert.rejects(
            deployHub({
                ...ORG_HUB,
                logTypes: { ...ORG_HUB.logTypes, guardDuty: { regions: ["eu-west-1"] } },
            }),
            new RegExp(
                `\`logTypes\\.guardDuty\\.regions\` exports GuardDuty findings from account ${HUB}, but only GuardDuty's delegated administrator exports in an organization \\(the hub admits account ${SECURITY}\\)`,
            ),
        );
    });
});

describe("An organization hub whose account list leaves accounts out", () => {
    it("warns at preview of the organization's accounts that have no CloudTrail prefix, naming them", async () => {
        // A new account's organization-trail files land under AWSLogs/<orgId>/<account>/CloudTrail/
        // (CloudTrail user guide, "Finding your CloudTrail log files"), which no listed prefix covers.
        const warnings: string[] = [];
        const { log } = await import("@pulumi/pulumi");
        const warn = log.warn;
        log.warn = async (message: string) => {
            warnings.push(message);
        };
        try {
            await deployHub(
                { ...ORG_HUB, organization: { ...ORG_HUB.organization!, accountIds: MEMBERS } },
                {
                    ...ORG_CLOUD,
                    organization: {
                        ...ORG_CLOUD.organization,
                        accountIds: [...MEMBERS, "999999999999", "888888888888"],
                    },
                },
            );
        } finally {
            log.warn = warn;
        }
        assert.deepEqual(
            warnings.filter((w) => w.includes("leaves out")),
            [
                "`organization.accountIds` leaves out 2 accounts of the organization (888888888888, 999999999999): the organization trail writes their CloudTrail files under folders no notification covers, so they never reach Sentinel. Add them to `organization.accountIds` and run `pulumi up` (`sentinel-aws-s3 doctor` lists the accounts writing files no notification covers).",
            ],
        );
    });

    it("says nothing when the accounts cannot be listed (a member account)", async () => {
        const warnings: string[] = [];
        const { log } = await import("@pulumi/pulumi");
        const warn = log.warn;
        log.warn = async (message: string) => {
            warnings.push(message);
        };
        try {
            await deployHub({
                ...ORG_HUB,
                organization: { ...ORG_HUB.organization!, accountIds: MEMBERS },
            });
        } finally {
            log.warn = warn;
        }
        assert.deepEqual(
            warnings.filter((w) => w.includes("leaves out")),
            [],
        );
    });
});
