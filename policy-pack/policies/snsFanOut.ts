// An SNS hop between the bucket and a connector queue (fan-out): the topic admits only the bucket's
// notifications (the subscription's raw message delivery is a delivery rule, deliveryQueues.ts).
import { documentPolicy } from "./lib/builders";
import { s3SenderFindings } from "./lib/documents";
import { PackPolicy, TYPES } from "./lib/types";

export const snsTopicPolicyS3SourceConditions: PackPolicy = documentPolicy(
    {
        name: "sns-topic-policy-s3-source-conditions",
        description:
            'Checks that a topic policy lets s3.amazonaws.com publish only with both aws:SourceArn (the bucket) and aws:SourceAccount (its owner) conditions (S3 user guide, "Granting permissions to publish event notification messages to a destination").',
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            'Add `ArnLike: { "aws:SourceArn": <bucket ARN> }` and `StringEquals: { "aws:SourceAccount": <bucket owner account> }` to the statement that allows s3.amazonaws.com SNS:Publish: bucket names can be re-registered by another account.',
        types: [TYPES.topicPolicy, TYPES.topic],
        absent: "The resource sets no topic policy.",
    },
    (doc, r) => {
        return s3SenderFindings(
            doc,
            r.who,
            "SNS:Publish",
            "No statement lets s3.amazonaws.com publish.",
        );
    },
);

// Raw message delivery of the connector queue's subscription: `sns-connector-subscription-raw-delivery`.
export const snsFanOutPolicies: PackPolicy[] = [snsTopicPolicyS3SourceConditions];
