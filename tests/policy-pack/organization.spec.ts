// The pack on organization stacks: each writer bound as its guide binds it passes the writer rules
// (the organization trail by its owner's trails, GuardDuty by its delegated administrator, log
// delivery by aws:SourceOrgID, which AWS's data-perimeter examples show it sends to S3); a trail or
// detector admitted by aws:SourceOrgID alone, from any account of the organization, fails them; and
// the Sentinel role may read every account's folder of each log type but nothing wider.
import { RecordedResource, runOffline } from "../../offline/mocks";
import { MANAGEMENT, ORG_CLOUD, ORG_HUB, ORG_ID, SECURITY } from "../organization/fixtures";
import { assertClean, assertNoMandatory, assertReports, check, editDoc, mutate } from "./fixtures";

const BUCKET = "sentinel-logs-xxxxxxx";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const KEY = "aws:kms/key:Key";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const SOURCE_RULE = "s3-bucket-policy-service-source-conditions";
const KEY_RULE = "kms-key-policy-service-source-conditions";

let hub: Promise<RecordedResource[]> | undefined;

/** An organization hub with log sources in a member account and the GuardDuty administrator. */
function organizationStack(): Promise<RecordedResource[]> {
    hub ??= runOffline(
        async () => {
            const aws = await import("@pulumi/aws");
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            const { SentinelLogSource } = await import("../../components/aws/sentinelLogSource");
            const connection = new AwsSentinelConnection("sentinel", {
                ...ORG_HUB,
                organization: { ...ORG_HUB.organization!, accountIds: [MANAGEMENT] },
            });
            const provider = (name: string, account: string) =>
                new aws.Provider(name, {
                    region: "eu-west-1",
                    assumeRoles: [{ roleArn: `arn:aws:iam::${account}:role/Deploy` }],
                });
            new SentinelLogSource(
                "member",
                {
                    destination: connection.logDestination,
                    vpcFlowLogs: { vpcs: [{ vpcId: "vpc-0123456789abcdef0" }] },
                },
                { provider: provider("member", "444444444444") },
            );
            new SentinelLogSource(
                "security",
                { destination: connection.logDestination, guardDuty: { regions: ["eu-west-1"] } },
                { provider: provider("security", SECURITY) },
            );
        },
        { cloud: ORG_CLOUD },
    ).then((run) => run.resources);
    return hub;
}

/** A copy where statement `sid` of a bucket or key policy gets `condition` instead of its own. */
async function withCondition(
    type: string,
    name: string,
    sid: string,
    condition: Record<string, unknown>,
) {
    return mutate(await organizationStack(), type, name, (props) =>
        editDoc(props, "policy", (d) => {
            d.Statement.find((x) => x.Sid === sid).Condition = condition;
        }),
    );
}

/** A writer admitted from every account of the organization: aws:SourceOrgID and a wildcard ARN. */
const byOrganization = (sourceArn: string) => ({
    StringEquals: { "aws:SourceOrgID": ORG_ID },
    ArnLike: { "aws:SourceArn": sourceArn },
});

describe("The pack on an organization hub and its log sources", () => {
    it("raises no mandatory violation", async () => {
        assertNoMandatory(await check(await organizationStack()));
    });

    it("accepts each writer bound as its guide binds it", async () => {
        const report = await check(await organizationStack());
        assertClean(report, SOURCE_RULE);
        assertClean(report, KEY_RULE);
    });

    it("rejects a bucket writer admitted from every account without the organization condition", async () => {
        // Left with ArnLike aws:SourceArn arn:aws:logs:*:*:* only, any account's log delivery could
        // write into the hub (IAM user guide, "The confused deputy problem").
        const report = await check(
            await withCondition(BUCKET_POLICY, "sentinel-logs-policy", "AWSLogDeliveryWrite", {
                ArnLike: { "aws:SourceArn": "arn:aws:logs:*:*:*" },
            }),
        );
        assertReports(report, SOURCE_RULE, [
            'BucketPolicy "sentinel-logs-policy" statement "AWSLogDeliveryWrite" must condition the service principal ["delivery.logs.amazonaws.com"] on aws:SourceAccount or an aws:SourceArn naming the account',
        ]);
    });

    it("rejects trails of any account of the organization, bound by aws:SourceOrgID alone", async () => {
        // CloudTrail user guide, "Creating a trail for an organization": aws:SourceArn "must be a
        // trail ARN that is owned by the management account"; the organization ID would admit a
        // trail of any member.
        const report = await check(
            await withCondition(
                BUCKET_POLICY,
                "sentinel-logs-policy",
                "CloudTrailWrite",
                byOrganization("arn:aws:cloudtrail:*:*:trail/*"),
            ),
        );
        assertReports(report, SOURCE_RULE, [
            'BucketPolicy "sentinel-logs-policy" statement "CloudTrailWrite" must condition the service principal ["cloudtrail.amazonaws.com"] on aws:SourceAccount or an aws:SourceArn naming the account (aws:SourceOrgID only for writers shown to send it: delivery.logs.amazonaws.com)',
        ]);
    });

    it("rejects GuardDuty of any account of the organization, bound by aws:SourceOrgID alone", async () => {
        // GuardDuty user guide, "Exporting generated findings": aws:SourceAccount and
        // aws:SourceArn of the exporting account and detector.
        const report = await check(
            await withCondition(
                KEY,
                "sentinel-logs-key",
                "GuardDutyEncryptsFindings",
                byOrganization("arn:aws:guardduty:*:*:detector/*"),
            ),
        );
        assertReports(report, KEY_RULE, [
            'Key "sentinel-logs-key" statement "GuardDutyEncryptsFindings" must condition the service principal',
        ]);
    });

    it("rejects a key grant to every account's trails by the organization condition", async () => {
        // Left with the encryption context arn:aws:cloudtrail:*:*:trail/*, which names no account.
        const report = await check(
            await withCondition(KEY, "sentinel-logs-key", "CloudTrailEncryptsLogs", {
                StringEquals: { "aws:SourceOrgID": ORG_ID },
                StringLike: {
                    "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:*:trail/*",
                },
            }),
        );
        assertReports(report, KEY_RULE, [
            'Key "sentinel-logs-key" statement "CloudTrailEncryptsLogs" must condition the service principal ["cloudtrail.amazonaws.com"]',
        ]);
    });

    it("accepts the role's organization-wide read patterns, one folder per log type", async () => {
        assertClean(
            await check(await organizationStack()),
            "iam-sentinel-role-permissions-least-privilege",
        );
    });

    for (const wider of [
        `arn:aws:s3:::${BUCKET}/cloudtrail/AWSLogs/*`,
        `arn:aws:s3:::${BUCKET}/cloudtrail/*`,
        `arn:aws:s3:::${BUCKET}/*`,
        `arn:aws:s3:::${BUCKET}/AWSLogs/*/CloudTrail-Digest/*`,
        "arn:aws:s3:::*/cloudtrail/AWSLogs/*/CloudTrail/*",
    ]) {
        it(`rejects the wider read ${wider}`, async () => {
            const stack = mutate(
                await organizationStack(),
                ROLE_POLICY,
                "sentinel-role-policy",
                (props) =>
                    editDoc(props, "policy", (d) => {
                        const read = d.Statement.find((s) => s.Sid === "ReadLogObjects");
                        read.Resource = [...read.Resource, wider];
                    }),
            );
            assertReports(await check(stack), "iam-sentinel-role-permissions-least-privilege", [
                `statement "ReadLogObjects" must read only the connector's log folders with s3:GetObject, not "${wider}"`,
            ]);
        });
    }
});
