// CloudFront standard logs, end to end: the standard logging (v2) deliveries the hub or a log
// source creates in us-east-1, the vended-logs writer, the queue and notification, and the CCF side
// (the custom table, the DCR, the connection) compared with Microsoft's templates.
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { validateAwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionValidation";
import { validateSentinelLogSourceArgs } from "../../components/aws/sentinelLogSource";
import { SOURCE_FACTS } from "../../components/sources/catalog";
import {
    CLOUDFRONT_FIELDS,
    CLOUDFRONT_PROJECTION,
    CLOUDFRONT_RECORD_FIELDS,
    MICROSOFT_CLOUDFRONT_POSITIONS,
} from "../../components/sources/cloudFrontAccessLogs/facts";
import {
    projectedColumns as ownColumns,
    transformOutputColumns,
} from "../../components/sources/kql";
import { PLACEHOLDER_CLOUD, runOffline } from "../../offline/mocks";
import { WORKSPACE_ID, deployAws, doc, find, ofType, statement } from "../helpers";
import { ORG_ID } from "../organization/fixtures";
import { microsoftTemplate, shared } from "./microsoft";

const ACCOUNT = "123456789012";
const BUCKET_ARN = "arn:aws:s3:::sentinel-logs-xxxxxxx";
const DIST_A = "E1U5RQF7T870K0";
const DIST_B = "EDFDVBD6EXAMPLE";
const SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource";
const DESTINATION = "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination";
const DELIVERY = "aws:cloudwatch/logDelivery:LogDelivery";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
const EU = { ...PLACEHOLDER_CLOUD, region: "eu-west-1" };

const cloudFront = (settings: object, more: Partial<AwsSentinelConnectionArgs> = {}) =>
    ({
        workspaceId: WORKSPACE_ID,
        logTypes: { cloudFrontAccessLogs: settings },
        ...more,
    }) as AwsSentinelConnectionArgs;

describe("CloudFront standard logs", () => {
    describe("in a single account in eu-west-1", () => {
        let run: Awaited<ReturnType<typeof deployAws>>;
        before(async () => {
            run = await deployAws(
                cloudFront({ distributionIds: [DIST_A, DIST_B] }, { keyPrefix: "security" }),
                { cloud: EU },
            );
        });

        it("delivers each distribution's standard logs from us-east-1 to the bucket's folder, plain text, tab-separated, in the connection's field order", () => {
            const destination = find(run.resources, DESTINATION, "sentinel-cloudfront-destination");
            assert.equal(destination.inputs.region, "us-east-1");
            assert.equal(destination.inputs.outputFormat, "plain");
            assert.deepEqual(destination.inputs.deliveryDestinationConfiguration, {
                destinationResourceArn: `${BUCKET_ARN}/security`,
            });
            assert.match(destination.inputs.name, /^sentinel-cloudfront-[0-9a-f]{8}$/);
            assert.deepEqual(
                ofType(run.resources, SOURCE).map((s) => [
                    s.name,
                    s.inputs.region,
                    s.inputs.logType,
                    s.inputs.resourceArn,
                ]),
                [DIST_A, DIST_B].map((id) => [
                    `sentinel-cloudfront-${id}`,
                    "us-east-1",
                    "ACCESS_LOGS",
                    `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`,
                ]),
            );
            const deliveries = ofType(run.resources, DELIVERY);
            assert.equal(deliveries.length, 2);
            const policy = find(run.resources, BUCKET_POLICY, "sentinel-logs-policy");
            for (const d of deliveries) {
                assert.equal(d.inputs.region, "us-east-1");
                assert.equal(d.inputs.fieldDelimiter, "\t");
                assert.deepEqual(d.inputs.recordFields, CLOUDFRONT_FIELDS);
                assert.equal(d.inputs.deliveryDestinationArn, destination.state.arn);
                // No suffix path: AWS's default AWSLogs/<account>/CloudFront/ layout.
                assert.equal(d.inputs.s3DeliveryConfigurations, undefined);
                assert.ok(
                    d.dependencies.includes(policy.urn),
                    `${d.name} waits for the bucket policy`,
                );
            }
            assert.ok(
                find(run.resources, SOURCE, `sentinel-cloudfront-${DIST_A}`).dependencies.includes(
                    policy.urn,
                ),
            );
        });

        it("admits the log delivery service from us-east-1, the deliveries' region, not the bucket's, in the family's one pair of statements", () => {
            const policy = doc(
                find(run.resources, BUCKET_POLICY, "sentinel-logs-policy").inputs.policy,
            );
            assert.deepEqual(statement(policy, "AWSLogDeliveryWrite"), {
                Sid: "AWSLogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${BUCKET_ARN}/security/AWSLogs/${ACCOUNT}/*`,
                Condition: {
                    StringEquals: {
                        "s3:x-amz-acl": "bucket-owner-full-control",
                        "aws:SourceAccount": ACCOUNT,
                    },
                    ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` },
                },
            });
            assert.deepEqual(statement(policy, "AWSLogDeliveryAclCheck").Condition, {
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` },
            });
            const key = doc(
                find(run.resources, "aws:kms/key:Key", "sentinel-logs-key").inputs.policy,
            );
            assert.deepEqual(statement(key, "AWSLogDeliveryEncryptsLogs").Condition, {
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` },
            });
        });

        it("feeds its own queue with the CloudFront folder's .gz files, and lets the role read only them", () => {
            const notification = find(run.resources, NOTIFICATION, "sentinel-notification");
            assert.deepEqual(
                notification.inputs.queues.map((q: any) => [q.id, q.filterPrefix, q.filterSuffix]),
                [
                    [
                        "sentinel-cloudFrontAccessLogs",
                        `security/AWSLogs/${ACCOUNT}/CloudFront/`,
                        ".gz",
                    ],
                ],
            );
            assert.deepEqual(
                run.result.connections?.map((c) => c.destinationTable),
                ["AWSCloudFront_AccessLog_CL"],
            );
            const rolePolicy = doc(
                find(run.resources, "aws:iam/rolePolicy:RolePolicy", "sentinel-role-policy").inputs
                    .policy,
            );
            assert.deepEqual(statement(rolePolicy, "ReadLogObjects").Resource, [
                `${BUCKET_ARN}/security/AWSLogs/${ACCOUNT}/CloudFront/*`,
            ]);
        });
    });

    it("only connects, admitting the deliveries of us-east-1, when they are made elsewhere", async () => {
        const run = await deployAws(cloudFront({}), { cloud: EU });
        assert.deepEqual(ofType(run.resources, DELIVERY), []);
        const policy = doc(
            find(run.resources, BUCKET_POLICY, "sentinel-logs-policy").inputs.policy,
        );
        assert.deepEqual(statement(policy, "AWSLogDeliveryWrite").Condition?.ArnLike, {
            "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*`,
        });
    });

    it("shares the log delivery family's statements with the sources of the hub's region", async () => {
        const run = await deployAws(
            cloudFront(
                {},
                {
                    logTypes: {
                        route53ResolverQueryLogs: {},
                        cloudFrontAccessLogs: { distributionIds: [DIST_A] },
                    },
                },
            ),
            { cloud: EU },
        );
        const policy = doc(
            find(run.resources, BUCKET_POLICY, "sentinel-logs-policy").inputs.policy,
        );
        assert.deepEqual(
            policy.Statement.map((s) => s.Sid),
            ["DenyInsecureTransport", "AWSLogDeliveryAclCheck", "AWSLogDeliveryWrite"],
        );
        // One statement builder per delivering service: the hub's region (Route 53 Resolver) and
        // us-east-1 (CloudFront's deliveries) in one list.
        assert.deepEqual(
            statement(policy, "AWSLogDeliveryWrite").Condition?.ArnLike["aws:SourceArn"],
            [`arn:aws:logs:eu-west-1:${ACCOUNT}:*`, `arn:aws:logs:us-east-1:${ACCOUNT}:*`],
        );
    });

    it("from an organization: the hub admits the organization's deliveries under its folder, a log source delivers its distributions there", async () => {
        const run = await runOffline(async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            const { SentinelLogSource } = await import("../../components/aws/sentinelLogSource");
            const hub = new AwsSentinelConnection("sentinel", {
                workspaceId: WORKSPACE_ID,
                organization: { organizationId: ORG_ID },
                logTypes: { cloudFrontAccessLogs: {} },
            });
            const source = new SentinelLogSource("member", {
                destination: hub.logDestination,
                cloudFrontAccessLogs: { distributionIds: [DIST_A] },
            });
            return { exports: source.logExports, prefixes: hub.logDestination.keyPrefixes };
        });
        const policy = doc(
            find(run.resources, BUCKET_POLICY, "sentinel-logs-policy").inputs.policy,
        );
        assert.deepEqual(statement(policy, "AWSLogDeliveryWrite"), {
            Sid: "AWSLogDeliveryWrite",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${BUCKET_ARN}/cloudfront/AWSLogs/*`,
            Condition: {
                StringEquals: {
                    "s3:x-amz-acl": "bucket-owner-full-control",
                    "aws:SourceOrgID": ORG_ID,
                },
                ArnLike: { "aws:SourceArn": "arn:aws:logs:*:*:*" },
            },
        });
        assert.deepEqual(
            find(run.resources, NOTIFICATION, "sentinel-notification").inputs.queues.map(
                (q: any) => q.filterPrefix,
            ),
            ["cloudfront/AWSLogs/"],
        );
        assert.equal(
            find(run.resources, DESTINATION, "member-cloudfront-destination").inputs
                .deliveryDestinationConfiguration.destinationResourceArn,
            `${BUCKET_ARN}/cloudfront`,
        );
        assert.equal(
            find(run.resources, SOURCE, `member-cloudfront-${DIST_A}`).inputs.resourceArn,
            `arn:aws:cloudfront::${ACCOUNT}:distribution/${DIST_A}`,
        );
        assert.deepEqual(Object.keys(run.result.exports.cloudFrontAccessLogs).sort(), [
            DIST_A,
            "deliveryDestinationArn",
        ]);
    });

    it("refuses a distribution given by ARN, domain name or in lower case, and one listed twice, each with the fix", () => {
        const problems = validateAwsSentinelConnectionArgs(
            "sentinel",
            cloudFront({
                distributionIds: [
                    `arn:aws:cloudfront::${ACCOUNT}:distribution/${DIST_A}`,
                    "d111111abcdef8.cloudfront.net",
                    DIST_B.toLowerCase(),
                    "vpc-0123456789abcdef0",
                ],
            }),
        );
        assert.deepEqual(problems, [
            `\`logTypes.cloudFrontAccessLogs.distributionIds[0]\` must be the distribution's ID, not its ARN: give "${DIST_A}".`,
            '`logTypes.cloudFrontAccessLogs.distributionIds[1]` must be the distribution\'s ID, not its domain name "d111111abcdef8.cloudfront.net": CloudFront console → Distributions → ID, such as "E1U5RQF7T870K0".',
            `\`logTypes.cloudFrontAccessLogs.distributionIds[2]\` must be written in upper case, as CloudFront gives it: "${DIST_B}".`,
            problems[3],
        ]);
        assert.match(problems[3], /distributionIds\[3\]` must be a CloudFront distribution ID/);
        assert.match(
            validateSentinelLogSourceArgs({
                destination: { format: "x" } as never,
                cloudFrontAccessLogs: { distributionIds: [DIST_A, DIST_A] },
            }).join("\n"),
            /`cloudFrontAccessLogs.distributionIds` lists "E1U5RQF7T870K0" more than once/,
        );
    });

    it("stops where CloudFront's v2 logging does not exist (outside the aws partition)", async () => {
        await assert.rejects(
            runOffline(
                async () => {
                    const { AwsSentinelConnection } =
                        await import("../../components/aws/awsSentinelConnection");
                    const hub = new AwsSentinelConnection(
                        "sentinel",
                        cloudFront({ distributionIds: [DIST_A] }),
                    );
                    return { exports: hub.logExports };
                },
                { cloud: { ...PLACEHOLDER_CLOUD, partition: "aws-cn", region: "cn-north-1" } },
            ),
            /`cloudFrontAccessLogs` needs the aws partition: CloudFront's standard logging \(v2\) is configured in us-east-1, and this bucket is in aws-cn/,
        );
    });

    describe("on the Sentinel side, against Microsoft's templates", () => {
        const facts = SOURCE_FACTS.cloudFrontAccessLogs;
        const connection = facts.connections[0];
        const poller = microsoftTemplate("cloudfront.AWSCloudFrontLog_PollingConfig.e5b36c8.json");
        const dcr = microsoftTemplate("cloudfront.AWSCloudFrontLog_DCR.b188254.json");
        const table = microsoftTemplate("cloudfront.AWSCloudFrontLog_Table.1b4ccf6.json");
        /** Microsoft's positional mapping: the column of each `Field<n>`, in n's order. */
        const microsoftPositions = [
            ...dcr.properties.dataFlows[0].transformKql.matchAll(/(\w+) = tostring\(Field(\d+)\)/g),
        ]
            .sort((a, b) => Number(a[2]) - Number(b[2]))
            .map((m) => m[1]);

        it("names the connection's definition, stream, table and format as Microsoft's connection does", () => {
            assert.equal(facts.sentinel.definitionName, poller.properties.connectorDefinitionName);
            assert.equal(connection.streamName, poller.properties.dcrConfig.streamName);
            assert.equal(connection.table, poller.properties.destinationTable);
            assert.deepEqual(facts.sentinel.dataFormat, poller.properties.dataFormat);
        });

        it("sends the fields in the order Microsoft's DCR maps them by position, as far as AWS offers a field for each", () => {
            assert.deepEqual(microsoftPositions, MICROSOFT_CLOUDFRONT_POSITIONS);
            assert.equal(microsoftPositions.length, 43);
            // Each field the delivery sends lands in the column Microsoft's DCR gives its position.
            assert.deepEqual(
                CLOUDFRONT_RECORD_FIELDS.map(([, column]) => column),
                microsoftPositions.slice(0, CLOUDFRONT_RECORD_FIELDS.length),
            );
            // Microsoft's next position is DistributionId, for which AWS's v2 field list has no
            // record field: any later field would land one column off.
            assert.equal(microsoftPositions[CLOUDFRONT_RECORD_FIELDS.length], "DistributionId");
            assert.equal(CLOUDFRONT_FIELDS.length, 34);
            assert.deepEqual(CLOUDFRONT_FIELDS.slice(0, 2), ["date", "time"]);
            assert.equal(CLOUDFRONT_FIELDS[33], "timestamp");
            // The stream declares one column per field sent, named as Microsoft's are.
            assert.deepEqual(
                facts.sentinel.dcr.streamDeclarations[connection.streamName],
                dcr.properties.streamDeclarations[connection.streamName].columns.slice(0, 34),
            );
        });

        it("creates Microsoft's table, and the DCR writes only its columns, TimeGenerated from the request's date and time", () => {
            const [custom] = facts.sentinel.customTables;
            assert.equal(custom.name, table.properties.schema.name);
            assert.deepEqual(custom.columns, table.properties.schema.columns);
            const [flow] = facts.sentinel.dcr.dataFlows;
            assert.equal(flow.outputStream, dcr.properties.dataFlows[0].outputStream);
            const written = transformOutputColumns(flow.transformKql);
            assert.deepEqual(written, ownColumns(CLOUDFRONT_PROJECTION));
            const names = custom.columns.map((c) => c.name);
            assert.deepEqual(
                written?.filter((c) => !names.includes(c)),
                [],
            );
            assert.match(
                flow.transformKql ?? "",
                /TimeGenerated = todatetime\(strcat\(Field1, "T", Field2\)\)/,
            );
            assert.doesNotMatch(flow.transformKql ?? "", /now\(\)/);
            assert.match(flow.transformKql ?? "", /^source\n\| where Field1 != "date"\n\| project/);
        });
    });

    it("in SentinelAwsS3DataConnectors: the custom table before the DCR, and the connection as Microsoft's template sends it", async () => {
        const run = await runOffline(async () => {
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            const { SentinelAwsS3DataConnectors } =
                await import("../../components/azure/sentinelAwsS3DataConnectors");
            const aws = new AwsSentinelConnection(
                "sentinel",
                cloudFront({ distributionIds: [DIST_A] }),
            );
            new SentinelAwsS3DataConnectors("sentinel", {
                resourceGroupName: "rg-sentinel",
                workspaceName: "law-sentinel",
                awsConnection: aws,
            });
        });
        const table = find(
            run.resources,
            "azure-native:operationalinsights:Table",
            "sentinel-AWSCloudFront_AccessLog_CL",
        );
        assert.equal(table.inputs.tableName, "AWSCloudFront_AccessLog_CL");
        assert.equal(table.inputs.schema.columns.length, 44);
        const dcr = find(
            run.resources,
            "azure-native:monitor:DataCollectionRule",
            "sentinel-cloudFrontAccessLogs-dcr",
        );
        assert.ok(dcr.dependencies.includes(table.urn), "the DCR waits for its table");
        assert.deepEqual(Object.keys(dcr.inputs.streamDeclarations), [
            "Custom-AwsCloudfront-AccessLog",
        ]);
        const connector = find(
            run.resources,
            "azure-native:resources:Resource",
            "sentinel-AWSCloudFront_AccessLog_CL",
        );
        const poller = microsoftTemplate("cloudfront.AWSCloudFrontLog_PollingConfig.e5b36c8.json");
        const { roleArn, sqsUrls } = connector.inputs.properties;
        const { dcrConfig, ...rest } = shared(connector.inputs.properties);
        const { dcrConfig: theirs, ...microsoft } = shared(poller.properties);
        assert.deepEqual(rest, microsoft);
        assert.equal(dcrConfig.streamName, theirs.streamName);
        assert.equal(dcrConfig.dataCollectionRuleImmutableId, dcr.state.immutableId);
        assert.match(roleArn, /^arn:aws:iam::123456789012:role\/OIDC_/);
        assert.equal(sqsUrls.length, 1);
    });
});
