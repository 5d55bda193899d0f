// The pack on CloudFront standard logs and ELB access logs: the components' own stack is clean (in a
// region with an ELB account and in one with the log-delivery service principal); a custom table
// whose columns do not match its DCR, an ALB writer not bound to its account folders, a Sentinel role
// reading beyond the sources' folders, and a notification or role wider than a source's prefix
// are refused.
import { RecordedResource, runOffline } from "../../offline/mocks";
import {
    WORKSPACE_ID,
    assertClean,
    assertNoMandatory,
    assertNotApplicable,
    assertReports,
    check,
    compliantStack,
    copy,
    editDoc,
    find,
    mutate,
} from "./fixtures";

const ACCOUNT = "123456789012";
const BUCKET = "arn:aws:s3:::sentinel-logs-xxxxxxx";
const DCR = "azure-native:monitor:DataCollectionRule";
const TABLE = "azure-native:operationalinsights:Table";
const CUSTOM_TABLE_POLICY = "sentinel-ccf-custom-table-matches-dcr";
const DCR_NAME = "sentinel-cloudFrontAccessLogs-dcr";
const TABLE_NAME = "sentinel-AWSCloudFront_AccessLog_CL";

const stacks = new Map<string, Promise<RecordedResource[]>>();

/** Both sides with CloudFront and ELB (ALB and NLB) in a region. */
function stack(region: string): Promise<RecordedResource[]> {
    let s = stacks.get(region);
    if (!s) {
        s = runOffline(
            async () => {
                const { AwsSentinelConnection } =
                    await import("../../components/aws/awsSentinelConnection");
                const { SentinelAwsS3DataConnectors } =
                    await import("../../components/azure/sentinelAwsS3DataConnectors");
                const aws = new AwsSentinelConnection("sentinel", {
                    workspaceId: WORKSPACE_ID,
                    bucketEncryption: "s3",
                    logTypes: {
                        cloudFrontAccessLogs: { distributionIds: ["E1U5RQF7T870K0"] },
                        elbAccessLogs: {
                            loadBalancerArns: [
                                `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188`,
                                `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:loadbalancer/net/tls/0123456789abcdef`,
                            ],
                        },
                    },
                });
                new SentinelAwsS3DataConnectors("sentinel", {
                    resourceGroupName: "rg-sentinel",
                    workspaceName: "law-sentinel",
                    awsConnection: aws,
                });
            },
            {
                cloud: {
                    accountId: ACCOUNT,
                    partition: "aws",
                    region,
                    subscriptionId: "00000000-0000-0000-0000-000000000000",
                    azureLocation: "westeurope",
                },
            },
        ).then((run) => run.resources);
        stacks.set(region, s);
    }
    return s;
}

describe("The pack on CloudFront standard logs and ELB access logs", () => {
    for (const region of ["us-east-1", "ap-southeast-4"]) {
        it(`raises no mandatory violation on the components' own stack in ${region}`, async () => {
            const report = await check(await stack(region));
            assertNoMandatory(report);
            for (const policy of [
                CUSTOM_TABLE_POLICY,
                "s3-bucket-policy-service-source-conditions",
                "sentinel-connector-ccf-stream-declared",
                "iam-sentinel-role-permissions-least-privilege",
            ]) {
                assertClean(report, policy);
            }
        });
    }

    it("does not apply the custom-table rule to a stack without a custom table", async () => {
        assertNotApplicable(
            await check(await compliantStack()),
            CUSTOM_TABLE_POLICY,
            "no custom table",
        );
    });

    it("refuses a custom table without a column its DCR writes, or without TimeGenerated written", async () => {
        const report = await check(
            mutate(await stack("us-east-1"), TABLE, TABLE_NAME, (p) => {
                p.schema.columns = p.schema.columns.filter((c: any) => c.name !== "CIp");
            }),
        );
        assertReports(report, CUSTOM_TABLE_POLICY, [
            `DataCollectionRule "${DCR_NAME}" writes ["CIp"] to AWSCloudFront_AccessLog_CL, which Table "${TABLE_NAME}" does not have`,
        ]);
        const untimed = await check(
            mutate(await stack("us-east-1"), DCR, DCR_NAME, (p) => {
                p.dataFlows[0].transformKql = p.dataFlows[0].transformKql.replace(
                    /,\n\s+TimeGenerated = .*$/,
                    "",
                );
            }),
        );
        assertReports(untimed, CUSTOM_TABLE_POLICY, [
            `DataCollectionRule "${DCR_NAME}" writes no TimeGenerated to AWSCloudFront_AccessLog_CL`,
        ]);
    });

    it("refuses a pass-through flow whose declared types differ from the table's, and a DCR that does not wait for its table", async () => {
        const report = await check(
            mutate(await stack("us-east-1"), DCR, DCR_NAME, (p) => {
                delete p.dataFlows[0].transformKql;
                p.streamDeclarations["Custom-AwsCloudfront-AccessLog"].columns = [
                    { name: "TimeGenerated", type: "datetime" },
                    { name: "ScBytes", type: "long" },
                ];
            }),
        );
        assertReports(report, CUSTOM_TABLE_POLICY, [
            'passes ScBytes (long) through to AWSCloudFront_AccessLog_CL, where Table "sentinel-AWSCloudFront_AccessLog_CL" types ScBytes as string',
        ]);
        const resources = copy(await stack("us-east-1"));
        const dcr = find(resources, DCR, DCR_NAME);
        const table = find(resources, TABLE, TABLE_NAME);
        (dcr as { dependencies: string[] }).dependencies = dcr.dependencies.filter(
            (d) => d !== table.urn,
        );
        assertReports(await check(resources), CUSTOM_TABLE_POLICY, [
            `writes AWSCloudFront_AccessLog_CL but does not wait for Table "${TABLE_NAME}"`,
        ]);
    });

    it("refuses an ALB writer (logdelivery.elasticloadbalancing) not bound to its account folder", async () => {
        const report = await check(
            mutate(
                await stack("ap-southeast-4"),
                "aws:s3/bucketPolicy:BucketPolicy",
                "sentinel-logs-policy",
                (p) =>
                    editDoc(p, "policy", (d) => {
                        d.Statement.find((s) => s.Sid === "ElbAlbAccessLogsWrite").Resource =
                            `${BUCKET}/ALBLogs/AWSLogs/*`;
                    }),
            ),
        );
        assertReports(report, "s3-bucket-policy-service-source-conditions", [
            'statement "ElbAlbAccessLogsWrite" must condition the service principal ["logdelivery.elasticloadbalancing.amazonaws.com"] on aws:SourceAccount or an aws:SourceArn naming the account, or (its guide binds it by path only) resources naming each account\'s folder',
        ]);
    });

    it("refuses a Sentinel role that may read beyond the sources' folders", async () => {
        const report = await check(
            mutate(
                await stack("us-east-1"),
                "aws:iam/rolePolicy:RolePolicy",
                "sentinel-role-policy",
                (p) =>
                    editDoc(p, "policy", (d) => {
                        d.Statement.find((s) => s.Sid === "ReadLogObjects").Resource = [
                            `${BUCKET}/AWSLogs/${ACCOUNT}/*`,
                            `${BUCKET}/ALBLogs/*`,
                        ];
                    }),
            ),
        );
        assertReports(report, "iam-sentinel-role-permissions-least-privilege", [
            `${BUCKET}/AWSLogs/${ACCOUNT}/*`,
            `${BUCKET}/ALBLogs/*`,
        ]);
    });

    it("refuses Microsoft's ALB notification, which filters on no suffix and lets ELB's test file into the queue", async () => {
        const report = await check(
            mutate(
                await stack("us-east-1"),
                "aws:s3/bucketNotification:BucketNotification",
                "sentinel-notification",
                (p) => {
                    const alb = p.queues.find((q: any) => q.id === "sentinel-albAccessLogs");
                    alb.filterPrefix = "ALBLogs/";
                    delete alb.filterSuffix;
                },
            ),
        );
        assertReports(report, "s3-bucket-notification-connector-filter", [
            'queue entry "sentinel-albAccessLogs" must filter on the suffix ".gz", not "none"',
        ]);
    });
});
