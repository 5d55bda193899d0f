// The pack on the sources delivered by CloudWatch Logs subscriptions (CloudWatch Logs, EKS audit
// logs): the components' own stack is clean, in a preview too; a subscription role that may put into
// other streams or do more than put records, or whose trust binds no source, is refused; a Firehose
// role of these pipelines wider than its folders is refused by the Firehose rule.
import assert from "node:assert/strict";
import { RecordedResource, runOffline } from "../../offline/mocks";
import {
    WORKSPACE_ID,
    assertClean,
    assertNoMandatory,
    assertNotApplicable,
    assertReports,
    check,
    compliantStack,
    editDoc,
    mutate,
} from "./fixtures";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const BUCKET = "arn:aws:s3:::sentinel-logs-xxxxxxx";
const POLICY = "iam-logs-subscription-role-scoped";

const program = async () => {
    const { AwsSentinelConnection } = await import("../../components/aws/awsSentinelConnection");
    const { SentinelAwsS3DataConnectors } =
        await import("../../components/azure/sentinelAwsS3DataConnectors");
    const aws = new AwsSentinelConnection("sentinel", {
        workspaceId: WORKSPACE_ID,
        logTypes: {
            cloudWatchLogs: { logGroupNames: ["/aws/lambda/checkout"] },
            eksAuditLogs: { clusterNames: ["production"] },
        },
    });
    new SentinelAwsS3DataConnectors("sentinel", {
        resourceGroupName: "rg-sentinel",
        workspaceName: "law-sentinel",
        awsConnection: aws,
    });
};

let stack: Promise<RecordedResource[]> | undefined;
const subscribed = () => (stack ??= runOffline(program).then((r) => r.resources));

describe("The pack on sources delivered by CloudWatch Logs subscriptions", () => {
    it("raises no mandatory violation on the components' own stack, deployed or previewed", async () => {
        for (const resources of [
            await subscribed(),
            (await runOffline(program, { preview: true })).resources,
        ]) {
            const report = await check(resources);
            assertNoMandatory(report);
            assertClean(report, POLICY);
            assertClean(report, "iam-firehose-role-prefix-scoped");
        }
    });

    it("does not apply to a stack without subscription filters", async () => {
        assertNotApplicable(
            await check(await compliantStack()),
            POLICY,
            "no CloudWatch Logs subscription filter",
        );
    });

    it("refuses a subscription role that may put into every stream of the account", async () => {
        const report = await check(
            mutate(
                await subscribed(),
                ROLE_POLICY,
                "sentinel-cloudwatch-logs-subscription-role-policy",
                (p) =>
                    editDoc(p, "policy", (d) => {
                        d.Statement[0].Resource =
                            "arn:aws:firehose:us-east-1:123456789012:deliverystream/*";
                    }),
            ),
        );
        assertReports(report, POLICY, [
            `RolePolicy "sentinel-cloudwatch-logs-subscription-role-policy" statement "PutIntoTheStream" must let the subscription role Role "sentinel-cloudwatch-logs-subscription-role" only put records into ["arn:aws:firehose:us-east-1:123456789012:deliverystream/sentinel-cloudwatch-logs-`,
        ]);
    });

    it("refuses a subscription role that may do more than put records", async () => {
        const report = await check(
            mutate(
                await subscribed(),
                ROLE_POLICY,
                "sentinel-eks-audit-logs-subscription-role-policy",
                (p) =>
                    editDoc(p, "policy", (d) => {
                        d.Statement.push({
                            Effect: "Allow",
                            Action: "s3:PutObject",
                            Resource: `${BUCKET}/*`,
                        });
                        d.Statement[0].Action = "firehose:*";
                    }),
            ),
        );
        assertReports(report, POLICY, [
            `must let the subscription role Role "sentinel-eks-audit-logs-subscription-role" only put records into`,
            `must let the subscription role Role "sentinel-eks-audit-logs-subscription-role" only put records into`,
        ]);
        const messages = report.violations
            .filter((v) => v.policyName === POLICY)
            .map((v) => v.message)
            .join("\n");
        assert.match(messages, /statement "PutIntoTheStream" .* not \["firehose:\*"\]/);
        assert.match(
            messages,
            /statement #2 .* not \["s3:PutObject","arn:aws:s3:::sentinel-logs-xxxxxxx\/\*"\]/,
        );
    });

    it("refuses a subscription role whose trust binds CloudWatch Logs to no source", async () => {
        const report = await check(
            mutate(await subscribed(), ROLE, "sentinel-cloudwatch-logs-subscription-role", (p) =>
                editDoc(p, "assumeRolePolicy", (d) => {
                    delete d.Statement[0].Condition;
                }),
            ),
        );
        assertReports(report, POLICY, [
            `The trust policy of Role "sentinel-cloudwatch-logs-subscription-role" statement #1 must bind ["logs.us-east-1.amazonaws.com"] with aws:SourceArn`,
        ]);
    });

    it("refuses a Firehose role of a subscription pipeline that may write beyond its folders", async () => {
        const report = await check(
            mutate(
                await subscribed(),
                ROLE_POLICY,
                "sentinel-eks-audit-logs-firehose-role-policy",
                (p) =>
                    editDoc(p, "policy", (d) => {
                        d.Statement.find(
                            (s: { Sid?: string }) => s.Sid === "WriteObjects",
                        ).Resource = `${BUCKET}/*`;
                    }),
            ),
        );
        assertReports(report, "iam-firehose-role-prefix-scoped", [
            `must let the role of FirehoseDeliveryStream "sentinel-eks-audit-logs-firehose" write only under`,
        ]);
    });
});
