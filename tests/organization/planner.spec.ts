// The notification planner on its own: one notification per log type and folder, per-account
// CloudTrail prefixes that keep digests out, S3's limit of 100 and its overlap rule.
import assert from "node:assert/strict";
import {
    connectionPrefix,
    planNotifications,
    readablePattern,
} from "../../components/aws/notificationPlan";
import { LOG_TYPES, LogType } from "../../components/shared/catalog";

const HUB = "111122223333";
const ORG = { organizationId: "o-a1b2c3d4e5" };
const accounts = (n: number) => Array.from({ length: n }, (_, i) => String(200000000000 + i));

describe("planNotifications", () => {
    it("gives a single account one prefix per log type under its own AWSLogs/<account>/", () => {
        const plan = planNotifications({
            logTypes: LOG_TYPES,
            keyPrefix: "sec/",
            hubAccountId: HUB,
        });
        assert.deepEqual(
            plan.notifications.map((n) => [n.id, n.prefix, n.suffix]),
            [
                ["sentinel-cloudTrail", `sec/AWSLogs/${HUB}/CloudTrail/`, ".gz"],
                ["sentinel-vpcFlowLogs", `sec/AWSLogs/${HUB}/vpcflowlogs/`, ".gz"],
                ["sentinel-guardDuty", `sec/AWSLogs/${HUB}/GuardDuty/`, ".gz"],
                ["sentinel-route53ResolverQueryLogs", `sec/AWSLogs/${HUB}/vpcdnsquerylogs/`, ".gz"],
                ["sentinel-securityHubFindings", `sec/AWSLogs/${HUB}/SecurityHubFindings/`, ".gz"],
                ["sentinel-cloudWatchLogs", `sec/AWSLogs/${HUB}/CloudWatch/`, ".gz"],
                ["sentinel-eksAuditLogs", `sec/AWSLogs/${HUB}/eks-audit-logs/`, ".gz"],
                // WAF's own bucket holds its files from the root; access logs have no suffix.
                ["sentinel-waf", `AWSLogs/${HUB}/WAFLogs/`, ".gz"],
                ["sentinel-s3ServerAccessLogs", `sec/S3AccessLogs/${HUB}/`, ""],
                [
                    "sentinel-networkFirewallAlert",
                    `sec/AWSLogs/${HUB}/network-firewall/alert/`,
                    ".gz",
                ],
                [
                    "sentinel-networkFirewallFlow",
                    `sec/AWSLogs/${HUB}/network-firewall/flow/`,
                    ".gz",
                ],
                ["sentinel-networkFirewallTls", `sec/AWSLogs/${HUB}/network-firewall/tls/`, ".gz"],
                ["sentinel-cloudFrontAccessLogs", `sec/AWSLogs/${HUB}/CloudFront/`, ".gz"],
                // ELB: one folder per load balancer type in front of AWSLogs/ (the LB's prefix).
                [
                    "sentinel-albAccessLogs",
                    `sec/ALBLogs/AWSLogs/${HUB}/elasticloadbalancing/`,
                    ".gz",
                ],
                [
                    "sentinel-nlbAccessLogs",
                    `sec/NLBAccessLogs/AWSLogs/${HUB}/elasticloadbalancing/`,
                    ".gz",
                ],
            ],
        );
        assert.deepEqual([plan.problems, plan.notes], [[], []]);
    });

    it("gives an organization one prefix per log type folder, covering every account", () => {
        const plan = planNotifications({
            logTypes: LOG_TYPES,
            keyPrefix: "",
            hubAccountId: HUB,
            organization: ORG,
        });
        assert.deepEqual(
            plan.notifications.map((n) => [n.id, n.prefix]),
            [
                ["sentinel-cloudTrail", "cloudtrail/AWSLogs/"],
                ["sentinel-vpcFlowLogs", "vpcflowlogs/AWSLogs/"],
                ["sentinel-guardDuty", "guardduty/AWSLogs/"],
                ["sentinel-route53ResolverQueryLogs", "route53resolver/AWSLogs/"],
                ["sentinel-securityHubFindings", "securityhub/AWSLogs/"],
                ["sentinel-cloudWatchLogs", "cloudwatch/AWSLogs/"],
                ["sentinel-eksAuditLogs", "eks/AWSLogs/"],
                ["sentinel-waf", "AWSLogs/"],
                // Access logs' own bucket holds them under one folder, every account's.
                ["sentinel-s3ServerAccessLogs", "S3AccessLogs/"],
                // One folder per Network Firewall log type: S3 prefixes cannot wildcard the
                // account in front of network-firewall/<log type>/.
                ["sentinel-networkFirewallAlert", "networkfirewall/alert/AWSLogs/"],
                ["sentinel-networkFirewallFlow", "networkfirewall/flow/AWSLogs/"],
                ["sentinel-networkFirewallTls", "networkfirewall/tls/AWSLogs/"],
                ["sentinel-cloudFrontAccessLogs", "cloudfront/AWSLogs/"],
                ["sentinel-albAccessLogs", "elb/ALBLogs/AWSLogs/"],
                ["sentinel-nlbAccessLogs", "elb/NLBAccessLogs/AWSLogs/"],
            ],
        );
        // Without the accounts, digest files reach the CloudTrail queue: said clearly, with why.
        assert.equal(plan.notes.length, 1);
        assert.match(
            plan.notes[0],
            /CloudTrail-Digest\/…json\.gz, …\/CloudTrail-Aggregated\/…\) reach the CloudTrail queue/,
        );
        assert.match(
            plan.notes[0],
            /S3 prefixes cannot leave them out without one prefix per account/,
        );
    });

    it("keeps CloudTrail digests out with one prefix per account ending CloudTrail/", () => {
        const plan = planNotifications({
            logTypes: ["cloudTrail", "guardDuty"],
            keyPrefix: "",
            hubAccountId: HUB,
            organization: { ...ORG, accountIds: accounts(3) },
            hubTrail: true,
        });
        assert.deepEqual(
            plan.notifications.map((n) => n.prefix),
            [
                "cloudtrail/AWSLogs/o-a1b2c3d4e5/200000000000/CloudTrail/",
                "cloudtrail/AWSLogs/o-a1b2c3d4e5/200000000001/CloudTrail/",
                "cloudtrail/AWSLogs/o-a1b2c3d4e5/200000000002/CloudTrail/",
                `cloudtrail/AWSLogs/${HUB}/CloudTrail/`,
                "guardduty/AWSLogs/",
            ],
        );
        assert.ok(plan.notifications.every((n) => !"…/CloudTrail-Digest/".startsWith(n.prefix)));
        assert.deepEqual([plan.problems, plan.notes], [[], []]);
    });

    it("refuses more notifications than S3 allows, saying how many accounts fit and what to do beyond", () => {
        const input = {
            logTypes: ["cloudTrail", "vpcFlowLogs", "guardDuty"] as LogType[],
            keyPrefix: "",
            hubAccountId: HUB,
        };
        assert.deepEqual(
            planNotifications({ ...input, organization: { ...ORG, accountIds: accounts(98) } })
                .problems,
            [],
        );
        const [problem] = planNotifications({
            ...input,
            organization: { ...ORG, accountIds: accounts(99) },
            kept: [
                { where: "existingBucketNotifications.topics[0]", events: ["s3:ObjectRemoved:*"] },
            ],
        }).problems;
        assert.match(
            problem,
            /`organization.accountIds` lists 99 accounts, but S3 allows 100 notification configurations per bucket and this one would need 102/,
        );
        assert.match(
            problem,
            /At most 97 accounts fit: list at most 97, or leave `organization.accountIds` out/,
        );
        assert.match(problem, /or split the accounts across hubs/);
    });

    it("refuses a kept notification whose filter overlaps a connector's", () => {
        const plan = planNotifications({
            logTypes: ["vpcFlowLogs"],
            keyPrefix: "",
            hubAccountId: HUB,
            organization: ORG,
            kept: [
                {
                    where: "existingBucketNotifications.queues[0]",
                    events: ["s3:ObjectCreated:Put"],
                    filterPrefix: "vpcflowlogs/",
                },
                {
                    where: "existingBucketNotifications.queues[1]",
                    events: ["s3:ObjectCreated:*"],
                    filterPrefix: "exports/",
                },
                { where: "existingBucketNotifications.queues[2]", events: ["s3:ObjectRemoved:*"] },
            ],
        });
        assert.equal(plan.problems.length, 1);
        assert.match(
            plan.problems[0],
            /^`existingBucketNotifications.queues\[0\]` \(prefix "vpcflowlogs\/", suffix ""\) overlaps the connector's notifications under "vpcflowlogs\/AWSLogs\/…"/,
        );
    });

    it("reads Control Tower's organization trail under the organization ID", () => {
        const ct = { ...ORG, controlTower: true };
        const plan = planNotifications({
            logTypes: ["cloudTrail"],
            keyPrefix: "",
            hubAccountId: HUB,
            organization: ct,
        });
        // Not o-…/AWSLogs/: AWS Config writes its .json.gz files under o-…/AWSLogs/<account>/Config/
        // in the same bucket (Control Tower user guide, "Logging and monitoring").
        assert.deepEqual(
            plan.notifications.map((n) => n.prefix),
            ["o-a1b2c3d4e5/AWSLogs/o-a1b2c3d4e5/"],
        );
        const listed = planNotifications({
            logTypes: ["cloudTrail"],
            keyPrefix: "",
            hubAccountId: HUB,
            organization: { ...ct, accountIds: ["200000000000"] },
        });
        assert.deepEqual(
            listed.notifications.map((n) => n.prefix),
            ["o-a1b2c3d4e5/AWSLogs/o-a1b2c3d4e5/200000000000/CloudTrail/"],
        );
    });
});

describe("CloudTrail's files beside the log files", () => {
    // CloudTrail user guide, "Finding your CloudTrail log files": an account's folder holds
    // CloudTrail/ and, beside it, CloudTrail-Digest/, CloudTrail-Insight/,
    // CloudTrail-NetworkActivity/ and CloudTrail-Aggregated/, all .json.gz.
    const notified = (plan: ReturnType<typeof planNotifications>, key: string) =>
        plan.notifications.filter((n) => key.startsWith(n.prefix) && key.endsWith(n.suffix));
    const filesOf = (folder: string, account: string) => ({
        log: `${folder}${account}/CloudTrail/eu-west-1/2025/01/31/${account}_CloudTrail_eu-west-1_20250131T0000Z_abcdefghijklmnop.json.gz`,
        others: [
            `${folder}${account}/CloudTrail-Digest/eu-west-1/2025/01/31/${account}_CloudTrail-Digest_eu-west-1_org_us-east-1_20250131T000000Z.json.gz`,
            `${folder}${account}/CloudTrail-Insight/eu-west-1/2025/01/31/${account}_CloudTrail-Insight_eu-west-1_20250131T0000Z_abcdefghijklmnop.json.gz`,
            `${folder}${account}/CloudTrail-NetworkActivity/eu-west-1/2025/01/31/${account}_CloudTrail-NetworkActivity_eu-west-1_20250131T0000Z_abcdefghijklmnop.json.gz`,
            `${folder}${account}/CloudTrail-Aggregated/eu-west-1/2025/01/31/${account}_CloudTrail-Aggregated_eu-west-1_20250131T0000Z_abcdefghijklmnop.json.gz`,
        ],
    });

    for (const [mode, organization, folder] of [
        ["an organization hub", ORG, "cloudtrail/AWSLogs/o-a1b2c3d4e5/"],
        [
            "a Control Tower hub",
            { ...ORG, controlTower: true },
            "o-a1b2c3d4e5/AWSLogs/o-a1b2c3d4e5/",
        ],
    ] as const) {
        it(`keeps digest, Insights, network-activity and aggregated files out of the queue in ${mode} with accountIds`, () => {
            const listed = accounts(2);
            const plan = planNotifications({
                logTypes: ["cloudTrail"],
                keyPrefix: "",
                hubAccountId: HUB,
                organization: { ...organization, accountIds: listed },
            });
            for (const account of listed) {
                const files = filesOf(folder, account);
                assert.deepEqual(
                    notified(plan, files.log).map((n) => n.id),
                    [`sentinel-cloudTrail-${account}`],
                );
                for (const other of files.others) {
                    assert.deepEqual(notified(plan, other), [], other);
                }
            }
        });
    }

    it("keeps them out of the account trails' folders too, with `accountTrails`", () => {
        const plan = planNotifications({
            logTypes: ["cloudTrail"],
            keyPrefix: "",
            hubAccountId: HUB,
            organization: { ...ORG, accountIds: [HUB] },
            hubTrail: true,
            settings: { cloudTrail: { accountTrails: true } },
        });
        // The hub's own folder is one of the listed accounts': one prefix, not two overlapping.
        assert.deepEqual(
            plan.notifications.map((n) => n.prefix),
            [
                `cloudtrail/AWSLogs/o-a1b2c3d4e5/${HUB}/CloudTrail/`,
                `cloudtrail/AWSLogs/${HUB}/CloudTrail/`,
            ],
        );
        const files = filesOf("cloudtrail/AWSLogs/", HUB);
        assert.equal(notified(plan, files.log).length, 1);
        for (const other of files.others) {
            assert.deepEqual(notified(plan, other), [], other);
        }
    });
});

describe("the role's read patterns", () => {
    it("cover one account's folder, or every account's folder of the log type and nothing wider", () => {
        assert.equal(readablePattern("cloudTrail", "", HUB), `AWSLogs/${HUB}/CloudTrail/*`);
        assert.equal(
            readablePattern("cloudTrail", "", HUB, ORG),
            "cloudtrail/AWSLogs/*/CloudTrail/*",
        );
        assert.equal(
            readablePattern("guardDuty", "x/", HUB, ORG),
            "x/guardduty/AWSLogs/*/GuardDuty/*",
        );
        assert.equal(
            readablePattern("cloudTrail", "", HUB, { ...ORG, controlTower: true }),
            "o-a1b2c3d4e5/AWSLogs/o-a1b2c3d4e5/*/CloudTrail/*",
        );
        assert.equal(connectionPrefix("vpcFlowLogs", "", HUB, ORG), "vpcflowlogs/AWSLogs/");
    });
});
