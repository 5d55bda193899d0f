// The built pack, started as the Pulumi CLI starts a local pack (`pulumi preview --policy-pack
// ./policy-pack`), driven over gRPC like the engine drives an analyzer. Built by the pack's own build
// into a temporary directory, with the repository's dependencies, so the checkout stays as it is.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { policies } from "../../policy-pack/policies";
import {
    analyzeRequest,
    configure,
    diagnostics,
    buildPackInto,
    rpc,
    stackResource,
    ServedPack,
    servePack,
} from "./packServer";
const { EnforcementLevel } = analyzerproto;

const SINGLE_REGION_TRAIL = analyzeRequest("aws:cloudtrail/trail:Trail", "trail", {
    s3BucketName: "logs",
    enableLogFileValidation: true,
    kmsKeyId: "k",
});

describe("The compiled policy pack over gRPC", function () {
    this.timeout(60_000);
    let served: ServedPack | undefined;
    let client: AnalyzerClient;
    let packDir: string;

    before(async () => {
        packDir = buildPackInto(fs.mkdtempSync(path.join(os.tmpdir(), "sentinel-pack-")), true);
        served = await servePack(packDir, require.resolve("@pulumi/pulumi/cmd/run-policy-pack"));
        client = served.client;
    });

    after(() => {
        served?.stop();
        fs.rmSync(packDir, { recursive: true, force: true });
    });

    it("describes every policy with its enforcement level, severity and configuration schema", async () => {
        const info = await rpc<Empty, analyzerproto.AnalyzerInfo>(
            client,
            "getAnalyzerInfo",
            new Empty(),
        );
        assert.strictEqual(info.getName(), "sentinel-aws-s3");
        assert.strictEqual(info.getVersion(), "0.1.0");
        const listed = info.getPoliciesList();
        assert.deepStrictEqual(
            listed.map((p) => p.getName()),
            policies.map((p) => p.name),
        );
        for (const p of listed) {
            const own = policies.find((x) => x.name === p.getName())!;
            assert.strictEqual(
                p.getEnforcementlevel(),
                own.enforcementLevel === "mandatory"
                    ? EnforcementLevel.MANDATORY
                    : EnforcementLevel.ADVISORY,
                p.getName(),
            );
            assert.notStrictEqual(
                p.getSeverity(),
                analyzerproto.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED,
                p.getName(),
            );
            assert.ok(p.getRemediationSteps(), p.getName());
        }
        const trust = listed.find((p) => p.getName() === "iam-sentinel-role-trust-conditions")!;
        assert.deepStrictEqual(
            trust.getConfigschema()?.getProperties()?.toJavaScript().workspaceIds,
            {
                type: "array",
                items: {
                    type: "string",
                    pattern:
                        "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
                },
                default: [],
                description:
                    "Log Analytics workspace IDs (customer ID GUIDs) Sentinel roles may be bound to; empty accepts the workspace the trust names (any exact, workspace-bound session names).",
            },
        );
    });

    it("reports a bad resource's violations from Analyze", async () => {
        const resp = await rpc<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(
            client,
            "analyze",
            SINGLE_REGION_TRAIL,
        );
        assert.deepStrictEqual(
            diagnostics(resp).map((d) => [d.policy, d.level]),
            [["cloudtrail-trail-multi-region", EnforcementLevel.MANDATORY]],
        );
        assert.match(
            diagnostics(resp)[0].message,
            /^Checks that CloudTrail trails record every region \(isMultiRegionTrail\)\.\nTrail "trail" must record every region/,
        );
        assert.ok(
            resp.getNotApplicableList().some((n) => n.getPolicyName() === "sqs-queue-encrypted"),
        );
    });

    it("applies Configure to the next Analyze: a mandatory policy made advisory, a setting changed", async () => {
        await configure(client, {
            "cloudtrail-trail-multi-region": { level: EnforcementLevel.ADVISORY },
            "sqs-queue-message-retention": {
                level: EnforcementLevel.MANDATORY,
                properties: { minMessageRetentionSeconds: 86400 },
            },
        });
        const trail = await rpc<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(
            client,
            "analyze",
            SINGLE_REGION_TRAIL,
        );
        assert.deepStrictEqual(
            diagnostics(trail).map((d) => [d.policy, d.level]),
            [["cloudtrail-trail-multi-region", EnforcementLevel.ADVISORY]],
        );
        const queue = analyzeRequest("aws:sqs/queue:Queue", "queue", {
            sqsManagedSseEnabled: true,
            messageRetentionSeconds: 3600,
        });
        const resp = await rpc<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(
            client,
            "analyze",
            queue,
        );
        assert.deepStrictEqual(diagnostics(resp), [
            {
                policy: "sqs-queue-message-retention",
                level: EnforcementLevel.MANDATORY,
                message:
                    'Checks that SQS queues keep messages at least `minMessageRetentionSeconds` (default 14 days), so notifications outlast an outage of the connector.\nQueue "queue" must keep messages at least 86400 seconds, not 3600.',
                urn: "",
            },
        ]);
        await configure(client, {});
    });

    it("reports stack-level violations from AnalyzeStack", async () => {
        const bucket = stackResource("aws:s3/bucket:Bucket", "logs", {
            bucket: "logs-1234",
            arn: "arn:aws:s3:::logs-1234",
        });
        const pab = stackResource(
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "logs-pab",
            {
                bucket: "logs-1234",
                blockPublicAcls: true,
                blockPublicPolicy: false,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { bucket: [bucket.getUrn()] },
        );
        const req = new analyzerproto.AnalyzeStackRequest();
        req.setResourcesList([bucket, pab]);
        const resp = await rpc<analyzerproto.AnalyzeStackRequest, analyzerproto.AnalyzeResponse>(
            client,
            "analyzeStack",
            req,
        );
        const pabFindings = diagnostics(resp).filter(
            (d) => d.policy === "s3-bucket-public-access-block",
        );
        assert.deepStrictEqual(
            pabFindings.map((d) => [d.level, d.urn]),
            [[EnforcementLevel.MANDATORY, pab.getUrn()]],
        );
        assert.match(
            pabFindings[0].message,
            /Bucket "logs" must have blockPublicPolicy true in BucketPublicAccessBlock "logs-pab", not false\.$/,
        );
        for (const policy of [
            "s3-bucket-encryption",
            "s3-bucket-versioning",
            "s3-bucket-ownership-enforced",
            "s3-bucket-policy-tls-only",
        ]) {
            assert.ok(
                diagnostics(resp).some(
                    (d) => d.policy === policy && d.level === EnforcementLevel.MANDATORY,
                ),
                policy,
            );
        }
    });
});
