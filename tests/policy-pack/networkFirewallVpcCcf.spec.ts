// The pack on Network Firewall logs and VPC flow logs read through CCF: the components' own stack is
// clean; flow logs in a format their connection does not read, two flow logs on one VPC both
// feeding Sentinel, two connections (classic and CCF) of one table on one prefix, and the grants
// Microsoft's templates give beyond the poller's (the role changing logging or the bucket policy,
// queues readable by everyone) are refused.
import { RecordedResource, runOffline } from "../../offline/mocks";
import {
    ACCOUNT,
    WORKSPACE_ID,
    add,
    assertClean,
    assertNoMandatory,
    assertNotApplicable,
    assertReports,
    check,
    compliantStack,
    editDoc,
    find,
    mutate,
    resource,
} from "./fixtures";

const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
const CONNECTOR = "azure-native:resources:Resource";
const QUEUE = "aws:sqs/queue:Queue";
const VPC = "vpc-0123456789abcdef0";
const FIREWALL = `arn:aws:network-firewall:us-east-1:${ACCOUNT}:firewall/inspection`;
const DOUBLE = "sentinel-connector-no-double-ingestion";
const FORMAT = "ec2-flow-log-plain-text-format";

let stack: Promise<RecordedResource[]> | undefined;

/** Both sides with Network Firewall logs and VPC flow logs in Parquet through CCF. */
function ccfStack(): Promise<RecordedResource[]> {
    stack ??= runOffline(async () => {
        const { AwsSentinelConnection } =
            await import("../../components/aws/awsSentinelConnection");
        const { SentinelAwsS3DataConnectors } =
            await import("../../components/azure/sentinelAwsS3DataConnectors");
        const aws = new AwsSentinelConnection("sentinel", {
            workspaceId: WORKSPACE_ID,
            logTypes: {
                networkFirewall: { firewallArns: [FIREWALL] },
                vpcFlowLogs: { vpcIds: [VPC], connector: "ccf", fileFormat: "parquet" },
            },
        });
        new SentinelAwsS3DataConnectors("sentinel", {
            resourceGroupName: "rg-sentinel",
            workspaceName: "law-sentinel",
            awsConnection: aws,
            createConnectorDefinitions: true,
        });
    }).then((run) => run.resources);
    return stack;
}

/** A second S3 flow log on the compliant stack's VPC, into the same bucket and folder. */
function secondFlowLog(base: readonly RecordedResource[], props: Record<string, unknown> = {}) {
    const first = find(base, FLOW_LOG, `sentinel-flow-log-${VPC}`);
    return resource(FLOW_LOG, "second", {
        vpcId: VPC,
        trafficType: "ALL",
        logDestinationType: "s3",
        logDestination: first.state.logDestination,
        destinationOptions: { fileFormat: "plain-text" },
        ...props,
    });
}

describe("The pack on Network Firewall logs and VPC flow logs through CCF", () => {
    it("raises no mandatory violation on the components' own stack", async () => {
        const report = await check(await ccfStack());
        assertNoMandatory(report);
        for (const policy of [
            DOUBLE,
            FORMAT,
            "s3-bucket-notification-connector-filter",
            "iam-sentinel-role-permissions-least-privilege",
            "sentinel-connector-properties-complete",
            "sentinel-connector-ccf-stream-declared",
            "sentinel-connector-ccf-dcr-workspace",
            "s3-bucket-policy-service-source-conditions",
        ]) {
            assertClean(report, policy);
        }
    });

    it("refuses plain text where the Parquet connection reads", async () => {
        const report = await check(
            mutate(await ccfStack(), FLOW_LOG, `sentinel-flow-log-${VPC}`, (p) => {
                p.destinationOptions.fileFormat = "plain-text";
            }),
        );
        assertReports(report, FORMAT, [
            `FlowLog "sentinel-flow-log-${VPC}" must deliver the "parquet" file format where BucketNotification "sentinel-notification" queue entry "sentinel-vpcFlowLogsParquet" feeds a connection reading it, not "plain-text".`,
        ]);
    });

    it("refuses a Parquet notification filtered on .gz", async () => {
        const report = await check(
            mutate(await ccfStack(), NOTIFICATION, "sentinel-notification", (p) => {
                p.queues.find((q: any) => q.id === "sentinel-vpcFlowLogsParquet").filterSuffix =
                    ".gz";
            }),
        );
        assertReports(report, "s3-bucket-notification-connector-filter", [
            'queue entry "sentinel-vpcFlowLogsParquet" must filter on the suffix ".parquet", not ".gz".',
        ]);
    });

    describe(DOUBLE, () => {
        it("refuses a second flow log on one VPC feeding the same queue", async () => {
            const base = await compliantStack();
            const report = await check(add(base, secondFlowLog(base)));
            assertReports(report, DOUBLE, [
                `FlowLog "second" must not feed Sentinel (BucketNotification "sentinel-notification" queue entry "sentinel-vpcFlowLogs"): FlowLog "sentinel-flow-log-${VPC}" already logs ${VPC} into BucketNotification "sentinel-notification" queue entry "sentinel-vpcFlowLogs", and two flow logs on one resource put its traffic twice in AWSVPCFlow.`,
            ]);
        });

        it("accepts a second flow log that feeds no queue: to CloudWatch Logs, or in a format no entry takes", async () => {
            const base = await compliantStack();
            const report = await check(
                add(
                    base,
                    secondFlowLog(base, { logDestinationType: "cloud-watch-logs" }),
                    // Parquet ends .log.parquet: the classic entry (.gz) does not take it.
                    resource(FLOW_LOG, "third", {
                        vpcId: VPC,
                        logDestinationType: "s3",
                        logDestination: find(base, FLOW_LOG, `sentinel-flow-log-${VPC}`).state
                            .logDestination,
                        destinationOptions: { fileFormat: "parquet" },
                    }),
                ),
            );
            assertClean(report, DOUBLE);
        });

        it("refuses a CCF connection reading the classic connection's prefix into the same table", async () => {
            const base = await compliantStack();
            const classic = find(base, CONNECTOR, "connector-vpcFlowLogs");
            const notification = find(base, NOTIFICATION, "sentinel-notification");
            const classicEntry = notification.state.queues.find(
                (q: any) => q.id === "sentinel-vpcFlowLogs",
            );
            const queueName = "parquet-queue";
            const queueArn = `arn:aws:sqs:us-east-1:${ACCOUNT}:${queueName}`;
            const queueUrl = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/${queueName}`;
            const queue = resource(
                QUEUE,
                queueName,
                { name: queueName },
                {
                    state: { arn: queueArn, url: queueUrl },
                },
            );
            const ccf = resource(CONNECTOR, "connector-vpc-ccf", {
                ...classic.inputs,
                resourceName: "aws-s3-vpc-ccf",
                properties: {
                    connectorDefinitionName: "AWSS3VPCFlowLogsParquetDefinition",
                    dataTypes: { logs: { state: "enabled" } },
                    dcrConfig: {
                        streamName: "Custom-VPCFlowLogsParquet",
                        dataCollectionEndpoint: "https://dce.westeurope-1.ingest.monitor.azure.com",
                        dataCollectionRuleImmutableId: "dcr-0",
                    },
                    destinationTable: null,
                    dataFormat: { Format: "Parquet", IsCompressed: false, compressType: "Gzip" },
                    roleArn: classic.inputs.properties.roleArn,
                    sqsUrls: [queueUrl],
                },
            });
            const withEntry = mutate(
                add(base, queue, ccf),
                NOTIFICATION,
                "sentinel-notification",
                (p) =>
                    p.queues.push({
                        ...classicEntry,
                        id: "vpc-parquet",
                        queueArn,
                        filterSuffix: ".parquet",
                    }),
            );
            const report = await check(withEntry);
            assertReports(report, DOUBLE, [
                `Resource "connector-vpc-ccf" (CCF) must not read "AWSVPCFlow" from "AWSLogs/${ACCOUNT}/vpcflowlogs/": Resource "connector-vpcFlowLogs" (classic) already reads it from "AWSLogs/${ACCOUNT}/vpcflowlogs/" of the same bucket, so the same files reach the table twice.`,
            ]);
        });

        it("does not apply without flow logs feeding Sentinel or two connections of a table", async () => {
            const report = await check([
                resource(FLOW_LOG, "cw", {
                    vpcId: VPC,
                    logDestinationType: "cloud-watch-logs",
                }),
            ]);
            assertNotApplicable(
                report,
                DOUBLE,
                "No flow log feeds Sentinel and no two connections share a table.",
            );
        });
    });

    describe("Microsoft's template grants beyond the poller's", () => {
        it("refuses a Sentinel role allowed to change logging configurations, log deliveries or the bucket policy", async () => {
            const report = await check(
                mutate(
                    await ccfStack(),
                    "aws:iam/rolePolicy:RolePolicy",
                    "sentinel-role-policy",
                    (p) =>
                        editDoc(p, "policy", (d) => {
                            // AWS_NetworkFirewall_Configuration.json @6b56bb8, AWSFirewallLoggingPolicy.
                            d.Statement.push(
                                {
                                    Sid: "WebACLLogDelivery",
                                    Effect: "Allow",
                                    Action: [
                                        "Firewallv2:PutLoggingConfiguration",
                                        "Firewallv2:DeleteLoggingConfiguration",
                                    ],
                                    Resource: "*",
                                },
                                {
                                    Sid: "LogDelivery",
                                    Effect: "Allow",
                                    Action: ["logs:CreateLogDelivery", "logs:DeleteLogDelivery"],
                                    Resource: "*",
                                },
                                {
                                    Sid: "BucketPolicy",
                                    Effect: "Allow",
                                    Action: ["s3:PutBucketPolicy", "s3:GetBucketPolicy"],
                                    Resource: "arn:aws:s3:::sentinel-logs-xxxxxxx",
                                },
                            );
                        }),
                ),
            );
            const messages = report.violations
                .filter(
                    (v) =>
                        v.policyName === "iam-sentinel-role-permissions-least-privilege" &&
                        v.enforcementLevel === "mandatory",
                )
                .map((v) => v.message)
                .join("\n");
            for (const action of [
                "Firewallv2:PutLoggingConfiguration",
                "logs:CreateLogDelivery",
                "s3:PutBucketPolicy",
            ]) {
                if (!messages.includes(action)) {
                    throw new Error(`${action} was not refused:\n${messages}`);
                }
            }
        });

        it("refuses a connector queue readable by everyone", async () => {
            const report = await check(
                mutate(
                    await ccfStack(),
                    "aws:sqs/queuePolicy:QueuePolicy",
                    "sentinel-networkFirewallAlert-queue-policy",
                    (p) =>
                        editDoc(p, "policy", (d) => {
                            // AWSS3ServerAccessAndConfig.json @2cb621b: Principal "*" may receive.
                            d.Statement.push({
                                Effect: "Allow",
                                Principal: "*",
                                Action: [
                                    "SQS:ReceiveMessage",
                                    "SQS:DeleteMessage",
                                    "SQS:ChangeMessageVisibility",
                                ],
                                Resource: "*",
                            });
                        }),
                ),
            );
            assertReports(report, "sqs-queue-policy-no-public-access", [
                'QueuePolicy "sentinel-networkFirewallAlert-queue-policy"',
            ]);
        });
    });
});
