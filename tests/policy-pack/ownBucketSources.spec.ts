// The pack on the sources that write into a bucket of their own (AWS WAF, S3 server access logs):
// the components' stacks are clean; each connection's notification is held to its own suffix from
// the registry (none for access logs, scoped by the connection's folder instead); WAF's connection
// may send the empty table its template sends; and what Microsoft's templates grant beyond the
// poller (the Sentinel role allowed to change logging or the bucket policy, a queue readable by
// everyone, a bucket logging into itself) is refused.
import { DESTINATION_TABLES } from "../../components/sources/catalog";
import { RecordedResource, runOffline } from "../../offline/mocks";
import { microsoftTemplate } from "../sources/microsoft";
import {
    WORKSPACE_ID,
    add,
    assertClean,
    assertNoMandatory,
    assertNotApplicable,
    assertReports,
    check,
    compliantStack,
    editDoc,
    mutate,
    resource,
} from "./fixtures";

const ACCOUNT = "123456789012";
const ORG = "o-a1b2c3d4e5";
const WEB_ACL = `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/app/0f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b`;
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
const CONNECTOR = "azure-native:resources:Resource";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const TARGET = "sentinel-s3-access-logs-xxxxxxx";

const stacks = new Map<string, Promise<RecordedResource[]>>();

/** Both sides with WAF and S3 server access logs, in one account or an organization with a log source. */
function ownBucketStack(organization: boolean): Promise<RecordedResource[]> {
    const key = String(organization);
    if (!stacks.has(key)) {
        stacks.set(
            key,
            runOffline(async () => {
                const { AwsSentinelConnection } =
                    await import("../../components/aws/awsSentinelConnection");
                const { SentinelLogSource } =
                    await import("../../components/aws/sentinelLogSource");
                const { SentinelAwsS3DataConnectors } =
                    await import("../../components/azure/sentinelAwsS3DataConnectors");
                const aws = new AwsSentinelConnection("sentinel", {
                    workspaceId: WORKSPACE_ID,
                    accessLogsBucketName: "org-access-logs",
                    ...(organization ? { organization: { organizationId: ORG } } : {}),
                    logTypes: {
                        ...(organization ? {} : { cloudTrail: {} }),
                        waf: organization ? {} : { webAclArns: [WEB_ACL] },
                        s3ServerAccessLogs: { sourceBucketNames: ["app-data"] },
                    },
                });
                if (organization) {
                    new SentinelLogSource("member", {
                        destination: aws.logDestination,
                        waf: { webAclArns: [WEB_ACL] },
                        s3ServerAccessLogs: { sourceBuckets: [{ bucketName: "member-data" }] },
                    });
                }
                new SentinelAwsS3DataConnectors("sentinel", {
                    resourceGroupName: "rg-sentinel",
                    workspaceName: "law-sentinel",
                    awsConnection: aws,
                });
            }).then((run) => run.resources),
        );
    }
    return stacks.get(key)!;
}

const FILTER = "s3-bucket-notification-connector-filter";
const SEPARATE = "s3-bucket-access-logging-separate-target";

describe("The pack on sources with a bucket of their own", () => {
    for (const organization of [false, true]) {
        it(`raises no mandatory violation on the components' own stack (${organization ? "an organization with a log source" : "a single account"})`, async () => {
            const report = await check(await ownBucketStack(organization));
            assertNoMandatory(report);
            for (const policy of [
                FILTER,
                SEPARATE,
                "s3-bucket-access-logging",
                "sentinel-connector-properties-complete",
                "sentinel-connector-ccf-stream-declared",
                "iam-sentinel-role-permissions-least-privilege",
                "s3-bucket-no-public-access",
                "s3-bucket-policy-service-source-conditions",
                "sqs-queue-policy-no-public-access",
                "kms-key-policy-service-source-conditions",
            ]) {
                assertClean(report, policy);
            }
        });
    }

    describe("holds each connector notification to its connection's own suffix", () => {
        it("refuses a suffix on the access logs' notification: their files have none", async () => {
            const report = await check(
                mutate(
                    await ownBucketStack(false),
                    NOTIFICATION,
                    "sentinel-s3-access-notification",
                    (p) => {
                        p.queues[0].filterSuffix = ".gz";
                    },
                ),
            );
            assertReports(report, FILTER, [
                'BucketNotification "sentinel-s3-access-notification" queue entry "sentinel-s3ServerAccessLogs" must not filter on a suffix: AWSS3ServerAccess\'s files have none, so ".gz" matches none of them.',
            ]);
        });

        it("accepts no suffix only when the prefix is the connection's own folder", async () => {
            const report = await check(
                mutate(
                    await ownBucketStack(false),
                    NOTIFICATION,
                    "sentinel-s3-access-notification",
                    (p) => {
                        p.queues[0].filterPrefix = "logs/";
                    },
                ),
            );
            assertReports(report, FILTER, [
                'BucketNotification "sentinel-s3-access-notification" queue entry "sentinel-s3ServerAccessLogs" filters on no suffix, so its prefix must be the connection\'s own folder (`[<keyPrefix>]S3AccessLogs/<account>/`, or `[<keyPrefix>]S3AccessLogs/` in an organization hub) to keep every other object from the queue, not "logs/".',
            ]);
        });

        it("still requires .gz of WAF's notification", async () => {
            const report = await check(
                mutate(
                    await ownBucketStack(false),
                    NOTIFICATION,
                    "sentinel-waf-notification",
                    (p) => {
                        delete p.queues[0].filterSuffix;
                    },
                ),
            );
            assertReports(report, FILTER, [
                'BucketNotification "sentinel-waf-notification" queue entry "sentinel-waf" must filter on the suffix ".gz", not "none".',
            ]);
        });
    });

    it("accepts the empty table WAF's connection sends, and no other", async () => {
        const report = await check(
            mutate(await ownBucketStack(false), CONNECTOR, "sentinel-AWSWAF", (p) => {
                p.properties.destinationTable = "AWSS3";
            }),
        );
        assertReports(report, "sentinel-connector-properties-complete", [
            `Resource "sentinel-AWSWAF" must set properties.destinationTable to one of ${DESTINATION_TABLES.join(", ")} (or null with the stream Custom-VPCFlowLogsParquet, "" with the stream SENTINEL_AWSWAF), not "AWSS3".`,
        ]);
    });

    describe("refuses what Microsoft's templates grant beyond the poller", () => {
        const template = microsoftTemplate("s3access.AWSS3ServerAccessAndConfig.2cb621b.json");
        const resolve = (value: unknown): unknown =>
            JSON.parse(
                JSON.stringify(value)
                    .replace(
                        /\{"Fn::Sub":"arn:aws:s3:::\$\{BucketName\}"\}/g,
                        `"arn:aws:s3:::${TARGET}"`,
                    )
                    .replace(
                        /\{"Fn::Sub":"arn:aws:s3:::\$\{BucketName\}\/\*"\}/g,
                        `"arn:aws:s3:::${TARGET}/*"`,
                    )
                    .replace(
                        /\{"Fn::GetAtt":\["SentinelSQSQueue","Arn"\]\}/g,
                        `"arn:aws:sqs:us-east-1:${ACCOUNT}:sentinel-s3ServerAccessLogs-queue-xxxxxxx"`,
                    ),
            );

        it("the Sentinel role's bucket-level reads (s3:GetBucketAcl, s3:ListBucket) and a read of the whole bucket", async () => {
            const granted = resolve(
                template.Resources.SentinelWebIdentityBasedRole.Properties.Policies[0]
                    .PolicyDocument.Statement[0],
            );
            const report = await check(
                mutate(
                    await ownBucketStack(false),
                    "aws:iam/rolePolicy:RolePolicy",
                    "sentinel-role-policy",
                    (p) =>
                        editDoc(p, "policy", (d) =>
                            d.Statement.push({ Sid: "Microsoft", ...(granted as object) }),
                        ),
                ),
            );
            assertReports(report, "iam-sentinel-role-permissions-least-privilege", [
                'statement "Microsoft" must not be allowed "s3:GetBucketAcl"',
                'statement "Microsoft" must not be allowed "s3:ListBucket"',
                `statement "Microsoft" must read only the connector's log folders with s3:GetObject, not "arn:aws:s3:::${TARGET}/*"`,
            ]);
        });

        it("the Sentinel role allowed to change WAF's logging or a bucket policy, as Microsoft's Network Firewall template has it", async () => {
            const report = await check(
                mutate(
                    await ownBucketStack(false),
                    "aws:iam/rolePolicy:RolePolicy",
                    "sentinel-role-policy",
                    (p) =>
                        editDoc(p, "policy", (d) =>
                            d.Statement.push(
                                {
                                    Sid: "WebACLLogDelivery",
                                    Effect: "Allow",
                                    Action: [
                                        "wafv2:PutLoggingConfiguration",
                                        "wafv2:DeleteLoggingConfiguration",
                                    ],
                                    Resource: WEB_ACL,
                                },
                                {
                                    Sid: "BucketPolicy",
                                    Effect: "Allow",
                                    Action: ["s3:PutBucketPolicy", "s3:GetBucketPolicy"],
                                    Resource: `arn:aws:s3:::${TARGET}`,
                                },
                            ),
                        ),
                ),
            );
            assertReports(report, "iam-sentinel-role-permissions-least-privilege", [
                'statement "WebACLLogDelivery" must not be allowed "wafv2:PutLoggingConfiguration"',
                'statement "WebACLLogDelivery" must not be allowed "wafv2:DeleteLoggingConfiguration"',
                'statement "BucketPolicy" must not be allowed "s3:PutBucketPolicy"',
                'statement "BucketPolicy" must not be allowed "s3:GetBucketPolicy"',
            ]);
        });

        it("a queue anyone may read, as Microsoft's queue policy has it", async () => {
            const open = resolve(
                template.Resources.SentinelSQSQueuePolicy.Properties.PolicyDocument.Statement[0],
            );
            const report = await check(
                mutate(
                    await ownBucketStack(false),
                    "aws:sqs/queuePolicy:QueuePolicy",
                    "sentinel-s3ServerAccessLogs-queue-policy",
                    (p) => editDoc(p, "policy", (d) => d.Statement.push(open)),
                ),
            );
            assertReports(report, "sqs-queue-policy-no-public-access", [
                'statement "StmtAllowReceiveDeleteChangeVisibility" must not allow every principal ("*")',
            ]);
        });

        it("a bucket logging into itself, as Microsoft's bucket does", async () => {
            const logging = template.Resources.S3Bucket.Properties.LoggingConfiguration;
            const self = resource(LOGGING, "self-logging", {
                bucket: TARGET,
                targetBucket: TARGET,
                targetPrefix: logging.LogFilePrefix,
            });
            const report = await check(add(await ownBucketStack(false), self));
            assertReports(report, SEPARATE, [
                'BucketLogging "sentinel-s3-access-logging-app-data" writes into Bucket "sentinel-s3-access-logs", which must not log its own access (BucketLogging "self-logging" does): a bucket receiving access logs that is logged too writes logs about logs.',
                `BucketLogging "self-logging" must write Bucket "sentinel-s3-access-logs"'s access logs into another bucket, not into itself: each log delivery is logged again, an endless loop.`,
            ]);
        });
    });

    it("refuses access logs written into a bucket that is logged itself", async () => {
        // The access-log bucket logged to the log bucket's access-log target, as a source would be.
        const chained = resource(LOGGING, "chained", {
            bucket: TARGET,
            targetBucket: "org-access-logs",
            targetPrefix: "chained/",
        });
        const report = await check(add(await ownBucketStack(false), chained));
        assertReports(report, SEPARATE, [
            'BucketLogging "sentinel-s3-access-logging-app-data" writes into Bucket "sentinel-s3-access-logs", which must not log its own access (BucketLogging "chained" does): a bucket receiving access logs that is logged too writes logs about logs.',
        ]);
    });

    it("does not apply where no server access logging is set", async () => {
        assertNotApplicable(
            await check(await compliantStack()),
            SEPARATE,
            "The stack sets no server access logging.",
        );
    });
});
