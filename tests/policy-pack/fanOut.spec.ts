// The pack on a stack with an SNS hop between the bucket and the connector queues (fan-out): the
// component's fan-out passes; the topic entries are checked as connector entries are; a
// subscription without raw message delivery (Amazon SNS developer guide, "Amazon SNS raw message
// delivery") and a topic policy that does not bind S3 to the bucket and its owner (S3 user guide,
// "Granting permissions to publish event notification messages to a destination") fail.
import { RecordedResource, runOffline } from "../../offline/mocks";
import {
    WORKSPACE_ID,
    assertClean,
    assertNoMandatory,
    assertReports,
    check,
    editDoc,
    mutate,
} from "./fixtures";

const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";

let stack: Promise<RecordedResource[]> | undefined;

/** The hub with fan-out and one Sentinel connector per log type. */
function fanOutStack(): Promise<RecordedResource[]> {
    stack ??= runOffline(async () => {
        const { AwsSentinelConnection } =
            await import("../../components/aws/awsSentinelConnection");
        const azure = await import("@pulumi/azure-native/resources");
        const aws = new AwsSentinelConnection("sentinel", {
            workspaceId: WORKSPACE_ID,
            notificationFanOut: true,
            logTypes: { cloudTrail: {}, guardDuty: {} },
        });
        for (const c of aws.connections) {
            new azure.Resource(
                `connector-${c.logType}`,
                {
                    resourceGroupName: "sentinel-rg",
                    resourceProviderNamespace: "Microsoft.OperationalInsights",
                    parentResourcePath:
                        "workspaces/sentinel-ws/providers/Microsoft.SecurityInsights",
                    resourceType: "dataConnectors",
                    resourceName: `aws-s3-${c.logType}`,
                    apiVersion: "2025-10-01-preview",
                    kind: "AmazonWebServicesS3",
                    properties: {
                        roleArn: aws.roleArn,
                        sqsUrls: [c.sqsUrl],
                        destinationTable: c.destinationTable,
                        dataTypes: { logs: { state: "Enabled" } },
                    },
                },
                { dependsOn: aws.connectorPrerequisites },
            );
        }
    }).then((run) => run.resources);
    return stack;
}

describe("The pack on an SNS hop between the bucket and the connector queues", () => {
    it("raises no mandatory violation on the component's fan-out", async () => {
        const report = await check(await fanOutStack());
        assertNoMandatory(report);
        for (const name of [
            "sns-connector-subscription-raw-delivery",
            "sns-topic-policy-s3-source-conditions",
            "kms-key-policy-service-source-conditions",
            "s3-bucket-notification-connector-filter",
            "s3-bucket-notification-cloudtrail-digest-excluded",
        ]) {
            assertClean(report, name);
        }
    });

    it("rejects a connector queue's subscription without raw message delivery", async () => {
        const report = await check(
            mutate(await fanOutStack(), SUBSCRIPTION, "sentinel-cloudTrail-subscription", (p) => {
                p.rawMessageDelivery = false;
            }),
        );
        assertReports(report, "sns-connector-subscription-raw-delivery", [
            'TopicSubscription "sentinel-cloudTrail-subscription" must deliver raw messages',
        ]);
    });

    it("checks a topic entry feeding a connector queue as a connector entry", async () => {
        const report = await check(
            mutate(await fanOutStack(), NOTIFICATION, "sentinel-notification", (p) => {
                p.topics[0].filterPrefix = "AWSLogs/123456789012/";
            }),
        );
        assertReports(report, "s3-bucket-notification-cloudtrail-digest-excluded", [
            'BucketNotification "sentinel-notification" topic entry "sentinel-cloudTrail" feeds a CloudTrail connector queue, so its prefix must end with "CloudTrail/"',
        ]);
    });

    it("rejects a topic policy that lets S3 publish without naming the bucket's owner", async () => {
        const report = await check(
            mutate(await fanOutStack(), TOPIC_POLICY, "sentinel-guardDuty-topic-policy", (p) =>
                editDoc(p, "policy", (d) => {
                    delete d.Statement[0].Condition.StringEquals;
                }),
            ),
        );
        assertReports(report, "sns-topic-policy-s3-source-conditions", [
            "must condition s3.amazonaws.com's SNS:Publish on aws:SourceAccount",
        ]);
    });
});
