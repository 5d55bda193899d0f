// Bucket notification policies: one configuration per bucket, connector filters, CloudTrail digests.
import * as assert from "assert";
import { RecordedResource } from "../../offline/mocks";
import { passesDigests } from "../../policy-pack/policies/s3Notifications";
import {
    ACCOUNT,
    add,
    assertClean,
    assertNotApplicable,
    assertReports,
    check,
    compliantStack,
    copy,
    find,
    mutate,
    resource,
} from "./fixtures";

const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
const CONNECTOR = "azure-native:resources:Resource";
const AT = 'BucketNotification "sentinel-notification" queue entry';

let base: RecordedResource[];
let bucketName: string;
before(async () => {
    base = await compliantStack();
    bucketName = find(base, "aws:s3/bucket:Bucket", "sentinel-logs").state.bucket;
});

/** The compliant stack with the notification's queue entries changed. */
function entries(
    change: (queues: any[]) => void,
    stack: RecordedResource[] = base,
): RecordedResource[] {
    return mutate(stack, NOTIFICATION, "sentinel-notification", (p) => change(p.queues));
}

/** The stack without the Sentinel connectors. */
function withoutConnectors(stack: RecordedResource[]): RecordedResource[] {
    return copy(stack.filter((r) => r.type !== CONNECTOR));
}

describe("s3-bucket-notification-single-per-bucket", () => {
    const name = "s3-bucket-notification-single-per-bucket";

    it("passes one notification per bucket", async () => assertClean(await check(base), name));

    it("rejects a second notification of a bucket, in the stack or not", async () => {
        const second = resource(NOTIFICATION, "second", {
            bucket: bucketName,
            topics: [
                {
                    topicArn: "arn:aws:sns:us-east-1:123456789012:t",
                    events: ["s3:ObjectRemoved:*"],
                },
            ],
        });
        const a = resource(NOTIFICATION, "existing-a", { bucket: "existing-bucket", queues: [] });
        const b = resource(NOTIFICATION, "existing-b", { bucket: "existing-bucket", queues: [] });
        assertReports(await check(add(base, second, a, b)), name, [
            'Bucket "sentinel-logs" must have one BucketNotification, but "sentinel-notification" and "second" all set its notification configuration and overwrite each other.',
            'bucket "existing-bucket" must have one BucketNotification, but "existing-a" and "existing-b"',
        ]);
    });

    it("does not apply without notifications", async () => {
        assertNotApplicable(
            await check(copy(base.filter((r) => r.type !== NOTIFICATION))),
            name,
            "The stack has no bucket notification.",
        );
    });
});

describe("s3-bucket-notification-connector-filter", () => {
    const name = "s3-bucket-notification-connector-filter";

    it("passes the component's notification", async () => assertClean(await check(base), name));

    it("rejects the bucket root, a wrong suffix and other events", async () => {
        const report = await check(
            entries((q) => {
                delete q[0].filterPrefix;
                q[1].filterSuffix = ".json";
                q[2].events = ["s3:ObjectCreated:Put", "s3:ObjectRemoved:*"];
            }),
        );
        assertReports(report, name, [
            `${AT} "sentinel-cloudTrail" must filter on its log type's prefix (such as "AWSLogs/<account>/CloudTrail/"), not the bucket root.`,
            `${AT} "sentinel-vpcFlowLogs" must filter on the suffix ".gz", not ".json".`,
            `${AT} "sentinel-guardDuty" must listen to exactly ["s3:ObjectCreated:*"], not ["s3:ObjectCreated:Put","s3:ObjectRemoved:*"].`,
        ]);
    });

    it("recognizes connector queues by the connectors' queue URLs", async () => {
        const report = await check(
            entries((q) => {
                q[0].id = "cloudtrail";
                delete q[0].filterSuffix;
            }),
        );
        assertReports(report, name, [
            `${AT} "cloudtrail" must filter on the suffix ".gz", not "none".`,
        ]);
    });

    it("recognizes connector queues by what the Sentinel role may read", async () => {
        const report = await check(
            entries((q) => {
                q[0].id = "cloudtrail";
                delete q[0].filterSuffix;
            }, withoutConnectors(base)),
        );
        assertReports(report, name, [`${AT} "cloudtrail" must filter on the suffix ".gz"`]);
    });

    it("leaves notifications of other queues alone", async () => {
        const other = entries((q) =>
            q.push({
                id: "archive",
                queueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:archive`,
                events: ["s3:ObjectRemoved:*"],
            }),
        );
        assertClean(await check(other), name);
    });

    it("does not apply when no notification feeds a connector queue", async () => {
        const other = resource(NOTIFICATION, "other", {
            bucket: "other-bucket",
            queues: [
                {
                    id: "archive",
                    queueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:archive`,
                    events: ["s3:ObjectCreated:*"],
                },
            ],
        });
        assertNotApplicable(
            await check([other]),
            name,
            "No bucket notification feeds a connector queue.",
        );
    });
});

describe("s3-bucket-notification-cloudtrail-digest-excluded", () => {
    const name = "s3-bucket-notification-cloudtrail-digest-excluded";

    it("passes a prefix ending CloudTrail/", async () => assertClean(await check(base), name));

    it("rejects a CloudTrail prefix that also catches CloudTrail-Digest/", async () => {
        for (const prefix of [`AWSLogs/${ACCOUNT}/`, `AWSLogs/${ACCOUNT}/CloudTrail`]) {
            const report = await check(entries((q) => (q[0].filterPrefix = prefix)));
            assertReports(report, name, [
                `${AT} "sentinel-cloudTrail" feeds a CloudTrail connector queue, so its prefix must end with "CloudTrail/" to leave out CloudTrail-Digest/ files, not "${prefix}".`,
            ]);
        }
    });

    it("knows the CloudTrail queue from its connector's table", async () => {
        const report = await check(
            entries((q) => ((q[0].id = "logs-1"), (q[0].filterPrefix = `AWSLogs/${ACCOUNT}/`))),
        );
        assertReports(report, name, [`${AT} "logs-1" feeds a CloudTrail connector queue`]);
    });

    it("rejects another connector queue's filter that lets a trail's digests through", async () => {
        // CloudTrail User Guide, "CloudTrail digest file structure": digests are written to
        // AWSLogs/<account>/CloudTrail-Digest/ beside the logs, as .json.gz files.
        for (const [prefix, suffix] of [
            [undefined, ".gz"],
            [`AWSLogs/${ACCOUNT}/`, ".gz"],
            ["AWSLogs/", undefined],
        ]) {
            const report = await check(
                entries((q) => {
                    q[1].filterPrefix = prefix;
                    q[1].filterSuffix = suffix;
                }),
            );
            assertReports(report, name, [
                `${AT} "sentinel-vpcFlowLogs" feeds a connector queue from a bucket Trail "sentinel-trail" writes to, and its filter (prefix ${JSON.stringify(prefix ?? "none")}, suffix ${JSON.stringify(suffix ?? "none")}) also passes CloudTrail-Digest/ files, which are not log records; filter on the log type's own path.`,
            ]);
        }
        // A suffix digests do not have keeps them out.
        const logGz = await check(
            entries((q) => ((q[1].filterPrefix = undefined), (q[1].filterSuffix = ".log.gz"))),
        );
        assertClean(logGz, name);
    });

    it("knows where an organization trail and a trail with a key prefix write their digests", () => {
        // Organization trails write AWSLogs/<org>/<account>/CloudTrail-Digest/ (CloudTrail User Guide).
        assert.ok(passesDigests("AWSLogs/o-abc123defg/", ".gz", ""));
        assert.ok(!passesDigests("AWSLogs/o-abc123defg/123456789012/vpcflowlogs/", ".gz", ""));
        assert.ok(passesDigests("security/", undefined, "security"));
        assert.ok(!passesDigests("AWSLogs/", ".gz", "security"));
        assert.ok(passesDigests(`AWSLogs/${ACCOUNT}/CloudTrail-Digest/`, ".json.gz", ""));
        assert.ok(!passesDigests(`AWSLogs/${ACCOUNT}/CloudTrail/`, ".gz", ""));
    });

    it("checks the other connector queues of a bucket a trail writes to, and nothing without a trail", async () => {
        const noCloudTrailQueue = withoutConnectors(entries((q) => q.shift()));
        assertClean(await check(noCloudTrailQueue), name);
        const noTrail = copy(
            noCloudTrailQueue.filter((r) => r.type !== "aws:cloudtrail/trail:Trail"),
        );
        assertNotApplicable(
            await check(noTrail),
            name,
            "No bucket notification feeds a CloudTrail connector queue or a connector queue on a bucket a trail writes to.",
        );
    });
});
