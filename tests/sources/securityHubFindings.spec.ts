// Security Hub findings, end to end: the EventBridge → Firehose → S3 pipeline and its roles, the
// organization's administrator binding, the queue and notification, and the CCF side compared with
// Microsoft's templates.
import assert from "node:assert/strict";
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { validateAwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionValidation";
import { SOURCE_FACTS } from "../../components/sources/catalog";
import { projectedColumns as ownColumns } from "../../components/sources/kql";
import { SECURITY_HUB_PROJECTION } from "../../components/sources/securityHubFindings/facts";
import { RecordedResource, runOffline } from "../../offline/mocks";
import { WORKSPACE_ID, deployAws, doc, find, list, ofType, one, statement } from "../helpers";
import { ORG_ID } from "../organization/fixtures";
import { microsoftTemplate, projectedColumns } from "./microsoft";

const ACCOUNT = "123456789012";
const ADMIN = "100000000002";
const BUCKET_ARN = "arn:aws:s3:::sentinel-logs-xxxxxxx";
const STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

const hub = (settings: object, more: Partial<AwsSentinelConnectionArgs> = {}) =>
    ({
        workspaceId: WORKSPACE_ID,
        logTypes: { securityHubFindings: settings },
        ...more,
    }) as AwsSentinelConnectionArgs;

describe("Security Hub findings", () => {
    describe("in a single account", () => {
        let run: Awaited<ReturnType<typeof deployAws>>;
        let stream: RecordedResource;
        before(async () => {
            run = await deployAws(hub({}));
            stream = one(run.resources, STREAM);
        });

        it("sends EventBridge's imported-finding events, whole, to a Firehose stream", () => {
            const rule = one(run.resources, "aws:cloudwatch/eventRule:EventRule");
            assert.deepEqual(JSON.parse(rule.inputs.eventPattern), {
                source: ["aws.securityhub"],
                "detail-type": ["Security Hub Findings - Imported"],
            });
            const target = one(run.resources, "aws:cloudwatch/eventTarget:EventTarget");
            assert.equal(target.inputs.arn, stream.state.arn);
            assert.equal(target.inputs.inputTransformer, undefined);
            assert.equal(target.inputs.input, undefined);
        });

        it("writes gzip JSON lines under the findings' folder, at Firehose's lowest buffering, failures beside it", () => {
            const s3 = stream.inputs.extendedS3Configuration;
            assert.equal(stream.inputs.destination, "extended_s3");
            assert.equal(s3.bucketArn, BUCKET_ARN);
            assert.equal(s3.prefix, `AWSLogs/${ACCOUNT}/SecurityHubFindings/`);
            assert.equal(
                s3.errorOutputPrefix,
                `AWSLogs/${ACCOUNT}/SecurityHubFindings-errors/!{firehose:error-output-type}/`,
            );
            assert.ok(!s3.errorOutputPrefix.startsWith(s3.prefix), "failures reach no queue");
            assert.deepEqual([s3.bufferingInterval, s3.bufferingSize], [0, 1]);
            assert.deepEqual([s3.compressionFormat, s3.fileExtension], ["GZIP", ".gz"]);
            assert.deepEqual(s3.processingConfiguration, {
                enabled: true,
                processors: [{ type: "AppendDelimiterToRecord" }],
            });
            assert.deepEqual(stream.inputs.serverSideEncryption, {
                enabled: true,
                keyType: "AWS_OWNED_CMK",
            });
        });

        it("lets Firehose's role write only the findings' and the failures' folders, and use the key only through S3", () => {
            const role = find(run.resources, ROLE, "sentinel-securityhub-firehose-role");
            assert.equal(role.inputs.path, "/sentinel-aws-s3/");
            assert.match(role.inputs.name, /^SecurityHubFindingsFirehose-[0-9a-f]{8}$/);
            assert.deepEqual(doc(role.inputs.assumeRolePolicy).Statement, [
                {
                    Effect: "Allow",
                    Principal: { Service: "firehose.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "sts:ExternalId": ACCOUNT } },
                },
            ]);
            const policy = doc(
                find(run.resources, ROLE_POLICY, "sentinel-securityhub-firehose-role-policy").inputs
                    .policy,
            );
            assert.deepEqual(statement(policy, "WriteObjects").Resource, [
                `${BUCKET_ARN}/AWSLogs/${ACCOUNT}/SecurityHubFindings/*`,
                `${BUCKET_ARN}/AWSLogs/${ACCOUNT}/SecurityHubFindings-errors/*`,
            ]);
            assert.deepEqual(list(statement(policy, "WriteObjects").Action), [
                "s3:AbortMultipartUpload",
                "s3:GetObject",
                "s3:PutObject",
            ]);
            assert.equal(statement(policy, "FindBucket").Resource, BUCKET_ARN);
            // The key's own policy grants it (so the role policy names no key ARN, complete at
            // preview), through S3 only.
            assert.ok(!policy.Statement.some((s) => s.Sid === "EncryptObjects"));
            const key = doc(
                find(run.resources, "aws:kms/key:Key", "sentinel-logs-key").inputs.policy,
            );
            assert.deepEqual(statement(key, "SecurityHubFindingsFirehoseEncrypts"), {
                Sid: "SecurityHubFindingsFirehoseEncrypts",
                Effect: "Allow",
                Principal: { AWS: role.state.arn },
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
            });
        });

        it("lets EventBridge's role put records into this stream only, assumed for this rule only", () => {
            const role = find(run.resources, ROLE, "sentinel-securityhub-events-role");
            const rule = one(run.resources, "aws:cloudwatch/eventRule:EventRule");
            assert.deepEqual(doc(role.inputs.assumeRolePolicy).Statement[0].Condition, {
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnEquals: { "aws:SourceArn": rule.state.arn },
            });
            const policy = doc(
                find(run.resources, ROLE_POLICY, "sentinel-securityhub-events-role-policy").inputs
                    .policy,
            );
            assert.deepEqual(policy.Statement, [
                {
                    Effect: "Allow",
                    Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
                    Resource: stream.state.arn,
                },
            ]);
        });

        it("feeds its queue from the findings' folder; the bucket policy names no writer role", () => {
            const notification = find(
                run.resources,
                "aws:s3/bucketNotification:BucketNotification",
                "sentinel-notification",
            );
            assert.deepEqual(
                notification.inputs.queues.map((q: any) => [q.id, q.filterPrefix, q.filterSuffix]),
                [
                    [
                        "sentinel-securityHubFindings",
                        `AWSLogs/${ACCOUNT}/SecurityHubFindings/`,
                        ".gz",
                    ],
                ],
            );
            const policy = doc(
                find(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy")
                    .inputs.policy,
            );
            assert.deepEqual(
                policy.Statement.map((s) => s.Sid),
                ["DenyInsecureTransport"],
            );
        });

        it("gives the stream's and the rule's ARNs in logExports", async () => {
            const result = await runOffline(async () => {
                const { AwsSentinelConnection } =
                    await import("../../components/aws/awsSentinelConnection");
                return new AwsSentinelConnection("sentinel", hub({})).logExports;
            });
            assert.deepEqual(Object.keys(result.result.securityHubFindings).sort(), [
                "deliveryStreamArn",
                "ruleArn",
            ]);
        });
    });

    it("uses no key on an SSE-S3 bucket", async () => {
        const run = await deployAws(hub({}, { bucketEncryption: "s3" }));
        assert.deepEqual(ofType(run.resources, "aws:kms/key:Key"), []);
    });

    describe("in an organization", () => {
        const org = (settings: object) =>
            hub(settings, { organization: { organizationId: ORG_ID } });

        it("admits the Security Hub administrator's Firehose roles only, in the bucket and the key", async () => {
            const run = await deployAws(org({ administratorAccountId: ADMIN }));
            assert.deepEqual(
                ofType(run.resources, STREAM),
                [],
                "the administrator's log source creates it",
            );
            const policy = doc(
                find(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "sentinel-logs-policy")
                    .inputs.policy,
            );
            const bound = {
                ArnLike: {
                    "aws:PrincipalArn": `arn:aws:iam::${ADMIN}:role/sentinel-aws-s3/SecurityHubFindingsFirehose*`,
                },
            };
            assert.deepEqual(statement(policy, "SecurityHubFindingsFirehoseWrite"), {
                Sid: "SecurityHubFindingsFirehoseWrite",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ADMIN}:root` },
                Action: [
                    "s3:AbortMultipartUpload",
                    "s3:GetObject",
                    "s3:PutObject",
                    "s3:PutObjectAcl",
                ],
                Resource: `${BUCKET_ARN}/securityhub/AWSLogs/${ADMIN}/*`,
                Condition: bound,
            });
            const key = doc(
                find(run.resources, "aws:kms/key:Key", "sentinel-logs-key").inputs.policy,
            );
            assert.deepEqual(
                statement(key, "SecurityHubFindingsFirehoseEncrypts").Condition,
                bound,
            );
        });

        it("requires the administrator's account, and refuses it for a single account", () => {
            const problems = validateAwsSentinelConnectionArgs("sentinel", org({}));
            assert.equal(problems.length, 1, problems.join("\n"));
            assert.match(
                problems[0],
                /^`logTypes.securityHubFindings.administratorAccountId` is required in an organization hub/,
            );
            assert.match(
                validateAwsSentinelConnectionArgs(
                    "sentinel",
                    hub({ administratorAccountId: ADMIN }),
                )[0],
                /does nothing for a single account/,
            );
        });

        const withSource = (account: string) =>
            runOffline(async () => {
                const aws = await import("@pulumi/aws");
                const { AwsSentinelConnection } =
                    await import("../../components/aws/awsSentinelConnection");
                const { SentinelLogSource } =
                    await import("../../components/aws/sentinelLogSource");
                const h = new AwsSentinelConnection(
                    "sentinel",
                    org({ administratorAccountId: ADMIN }),
                );
                const provider = new aws.Provider("security", {
                    region: "us-east-1",
                    assumeRoles: [{ roleArn: `arn:aws:iam::${account}:role/Admin` }],
                });
                const source = new SentinelLogSource(
                    "security",
                    {
                        destination: h.logDestination,
                        securityHubFindings: { aggregationRegion: "eu-west-1" },
                    },
                    { provider },
                );
                return { bindings: h.logDestination.bindings, exports: source.logExports };
            });

        it("from the administrator's log source: the pipeline in the aggregation region, into the hub's folder", async () => {
            const run = await withSource(ADMIN);
            assert.deepEqual(run.result.bindings, {
                securityHubFindings: { administratorAccountId: ADMIN },
            });
            const stream = one(run.resources, STREAM);
            assert.equal(stream.inputs.region, "eu-west-1");
            assert.equal(
                stream.inputs.extendedS3Configuration.prefix,
                `securityhub/AWSLogs/${ADMIN}/SecurityHubFindings/`,
            );
            assert.equal(
                one(run.resources, "aws:cloudwatch/eventRule:EventRule").inputs.region,
                "eu-west-1",
            );
            const policy = doc(
                find(run.resources, ROLE_POLICY, "security-securityhub-firehose-role-policy").inputs
                    .policy,
            );
            // Firehose developer guide, "Cross-account delivery": s3:PutObjectAcl across accounts,
            // and the hub's key granted by the role's own policy too (cross-account KMS).
            assert.ok(list(statement(policy, "WriteObjects").Action).includes("s3:PutObjectAcl"));
            assert.deepEqual(statement(policy, "EncryptObjects").Condition, {
                StringEquals: {
                    "kms:ViaService": "s3.us-east-1.amazonaws.com",
                    "kms:EncryptionContext:aws:s3:arn": BUCKET_ARN,
                },
            });
            assert.deepEqual(statement(policy, "WriteObjects").Resource, [
                `${BUCKET_ARN}/securityhub/AWSLogs/${ADMIN}/SecurityHubFindings/*`,
                `${BUCKET_ARN}/securityhub/AWSLogs/${ADMIN}/SecurityHubFindings-errors/*`,
            ]);
        });

        it("refuses the pipeline in any other account, naming the administrator", async () => {
            await assert.rejects(
                withSource("100000000003"),
                /`securityHubFindings` belongs in the Security Hub administrator's account only .* this log source runs in account 100000000003, and the hub admits the pipeline of account 100000000002/,
            );
        });
    });

    describe("on the Sentinel side, against Microsoft's templates", () => {
        const facts = SOURCE_FACTS.securityHubFindings;
        const connection = facts.connections[0];
        const dcr = microsoftTemplate("securityhub.AWSSecurityHubFindings_DCR.2e4cf34.json");
        const poller = microsoftTemplate(
            "securityhub.AWSSecurityHubFindings_PollingConfig.074133a.json",
        );

        it("names the definition, stream and table of the connection Microsoft's DCR goes with", () => {
            assert.equal(facts.sentinel.definitionName, poller.properties.connectorDefinitionName);
            assert.equal(connection.streamName, poller.properties.dcrConfig.streamName);
            assert.equal(connection.table, poller.properties.destinationTable);
            assert.equal(facts.sentinel.dataFormat.Format, poller.properties.dataFormat.Format);
            // The objects are gzip (Firehose GZIP): the format says so.
            assert.equal(facts.sentinel.dataFormat.IsCompressed, true);
        });

        it("declares the event's time and detail, and writes the table's columns from the one finding", () => {
            const own = facts.sentinel.dcr;
            assert.deepEqual(
                own.streamDeclarations[connection.streamName],
                dcr.properties.streamDeclarations[connection.streamName].columns,
            );
            assert.equal(own.dataFlows[0].outputStream, dcr.properties.dataFlows[0].outputStream);
            assert.deepEqual(
                ownColumns(SECURITY_HUB_PROJECTION),
                projectedColumns(dcr.properties.dataFlows[0].transformKql),
            );
            assert.match(
                own.dataFlows[0].transformKql ?? "",
                /TimeGenerated = todatetime\(\['time'\]\)/,
            );
        });
    });
});
