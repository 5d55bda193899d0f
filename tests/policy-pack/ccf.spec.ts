// The pack on sources read through the Codeless Connector Framework: the components' own stack is
// clean; a connection whose stream its DCR does not read, a DCR writing to another workspace, a CCF
// connection trusted in Azure Government and a Firehose role wider than its stream's folders are
// refused.
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

const CONNECTOR = "azure-native:resources:Resource";
const DCR = "azure-native:monitor:DataCollectionRule";
const BUCKET = "arn:aws:s3:::sentinel-logs-xxxxxxx";

let stack: Promise<RecordedResource[]> | undefined;

/** Both sides with CloudTrail (classic), Route 53 Resolver and Security Hub (CCF). */
function ccfStack(): Promise<RecordedResource[]> {
    stack ??= runOffline(async () => {
        const { AwsSentinelConnection } =
            await import("../../components/aws/awsSentinelConnection");
        const { SentinelAwsS3DataConnectors } =
            await import("../../components/azure/sentinelAwsS3DataConnectors");
        const aws = new AwsSentinelConnection("sentinel", {
            workspaceId: WORKSPACE_ID,
            logTypes: {
                cloudTrail: {},
                route53ResolverQueryLogs: { vpcIds: ["vpc-0123456789abcdef0"] },
                securityHubFindings: {},
            },
        });
        new SentinelAwsS3DataConnectors("sentinel", {
            resourceGroupName: "rg-sentinel",
            workspaceName: "law-sentinel",
            awsConnection: aws,
        });
    }).then((run) => run.resources);
    return stack;
}

describe("The pack on CCF sources", () => {
    it("raises no mandatory violation on the components' own stack", async () => {
        const report = await check(await ccfStack());
        assertNoMandatory(report);
        for (const policy of [
            "sentinel-connector-ccf-stream-declared",
            "sentinel-connector-ccf-dcr-workspace",
            "sentinel-connector-ccf-azure-cloud",
            "iam-firehose-role-prefix-scoped",
        ]) {
            assertClean(report, policy);
        }
    });

    it("does not apply to a stack of classic connections only", async () => {
        const report = await check(await compliantStack());
        assertNotApplicable(report, "sentinel-connector-ccf-stream-declared", "no CCF connection");
        assertNotApplicable(report, "iam-firehose-role-prefix-scoped", "no Firehose stream");
    });

    it("refuses a connection whose stream its DCR does not declare", async () => {
        const report = await check(
            mutate(await ccfStack(), CONNECTOR, "sentinel-AWSRoute53Resolver", (p) => {
                p.properties.dcrConfig.streamName = "Custom-AWSRoute53ResolverLogs";
            }),
        );
        assertReports(report, "sentinel-connector-ccf-stream-declared", [
            'Resource "sentinel-AWSRoute53Resolver" must send a stream DataCollectionRule "sentinel-route53ResolverQueryLogs-dcr" declares and reads, not "Custom-AWSRoute53ResolverLogs"',
        ]);
    });

    it("refuses a DCR that writes to another workspace", async () => {
        const report = await check(
            mutate(await ccfStack(), DCR, "sentinel-securityHubFindings-dcr", (p) => {
                p.destinations.logAnalytics[0].workspaceResourceId =
                    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-other/providers/Microsoft.OperationalInsights/workspaces/law-other";
            }),
        );
        assertReports(report, "sentinel-connector-ccf-dcr-workspace", [
            'DataCollectionRule "sentinel-securityHubFindings-dcr" must write to the workspace of Resource "sentinel-AWSSecurityHubFindings"',
        ]);
    });

    it("refuses a CCF connection whose role trusts Sentinel in Azure Government", async () => {
        const gov = "cab8a31a-1906-4287-a0d8-4eef66b95f6e";
        const report = await check(
            mutate(await ccfStack(), "aws:iam/role:Role", "sentinel-role", (p) =>
                editDoc(p, "assumeRolePolicy", (d) => {
                    const s = d.Statement[0];
                    s.Principal.Federated = `arn:aws:iam::123456789012:oidc-provider/sts.windows.net/${gov}/`;
                    s.Condition.StringEquals = {
                        [`sts.windows.net/${gov}/:aud`]:
                            "api://d4230588-5f84-4281-a9c7-2c15194b28f7",
                        "sts:RoleSessionName": s.Condition.StringEquals["sts:RoleSessionName"],
                    };
                }),
            ),
        );
        assertReports(report, "sentinel-connector-ccf-azure-cloud", [
            'Resource "sentinel-AWSRoute53Resolver" must not be a CCF connection',
            'Resource "sentinel-AWSSecurityHubFindings" must not be a CCF connection',
        ]);
    });

    it("refuses a Firehose role that may write beyond its stream's folders", async () => {
        const report = await check(
            mutate(
                await ccfStack(),
                "aws:iam/rolePolicy:RolePolicy",
                "sentinel-securityhub-firehose-role-policy",
                (p) =>
                    editDoc(p, "policy", (d) => {
                        d.Statement.find((s) => s.Sid === "WriteObjects").Resource = `${BUCKET}/*`;
                    }),
            ),
        );
        assertReports(report, "iam-firehose-role-prefix-scoped", [
            `must let the role of FirehoseDeliveryStream "sentinel-securityhub-firehose" write only under`,
        ]);
    });
});
