// The pack on organization stacks: writers admitted by aws:SourceOrgID pass the writer rules, a
// writer admitted from every account without it fails them, and the Sentinel role may read every
// account's folder of each log type but nothing wider.
import { RecordedResource, runOffline } from "../../offline/mocks";
import { ORG_HUB, ORG_ID } from "../organization/fixtures";
import { assertClean, assertNoMandatory, assertReports, check, editDoc, mutate } from "./fixtures";

const BUCKET = "sentinel-logs-xxxxxxx";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const KEY = "aws:kms/key:Key";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

let hub: Promise<RecordedResource[]> | undefined;

/** An organization hub with a log source in a member account, in one program. */
function organizationStack(): Promise<RecordedResource[]> {
    hub ??= runOffline(async () => {
        const aws = await import("@pulumi/aws");
        const { AwsSentinelConnection } =
            await import("../../components/aws/awsSentinelConnection");
        const { SentinelLogSource } = await import("../../components/aws/sentinelLogSource");
        const connection = new AwsSentinelConnection("sentinel", {
            ...ORG_HUB,
            organization: { organizationId: ORG_ID, accountIds: ["111111111111"] },
        });
        const member = new aws.Provider("member", {
            region: "eu-west-1",
            assumeRoles: [{ roleArn: "arn:aws:iam::111111111111:role/Deploy" }],
        });
        new SentinelLogSource(
            "member",
            {
                destination: connection.logDestination,
                vpcFlowLogs: { vpcs: [{ vpcId: "vpc-0123456789abcdef0" }] },
                guardDuty: { regions: ["eu-west-1"] },
            },
            { provider: member },
        );
    }).then((run) => run.resources);
    return hub;
}

/** A copy where the bucket policy statement `sid` loses aws:SourceOrgID. */
async function withoutOrganization(type: string, name: string, sid: string) {
    return mutate(await organizationStack(), type, name, (props) =>
        editDoc(props, "policy", (d) => {
            const s = d.Statement.find((x) => x.Sid === sid);
            delete s.Condition.StringEquals["aws:SourceOrgID"];
        }),
    );
}

describe("The pack on an organization hub and its log sources", () => {
    it("raises no mandatory violation", async () => {
        assertNoMandatory(await check(await organizationStack()));
    });

    it("accepts writers bound to the organization by aws:SourceOrgID", async () => {
        const report = await check(await organizationStack());
        assertClean(report, "s3-bucket-policy-service-source-conditions");
        assertClean(report, "kms-key-policy-service-source-conditions");
    });

    it("rejects a bucket writer admitted from every account without the organization condition", async () => {
        // Left with ArnLike aws:SourceArn arn:aws:logs:*:*:* only, any account's log delivery could
        // write into the hub (IAM user guide, "The confused deputy problem").
        const report = await check(
            await withoutOrganization(BUCKET_POLICY, "sentinel-logs-policy", "AWSLogDeliveryWrite"),
        );
        assertReports(report, "s3-bucket-policy-service-source-conditions", [
            'BucketPolicy "sentinel-logs-policy" statement "AWSLogDeliveryWrite" must condition the service principal ["delivery.logs.amazonaws.com"] on aws:SourceAccount, aws:SourceOrgID or an aws:SourceArn naming the account',
        ]);
    });

    it("rejects a key grant to every account's trails without the organization condition", async () => {
        // Left with the encryption context arn:aws:cloudtrail:*:*:trail/*, which names no account.
        const report = await check(
            await withoutOrganization(KEY, "sentinel-logs-key", "CloudTrailEncryptsLogs"),
        );
        assertReports(report, "kms-key-policy-service-source-conditions", [
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
