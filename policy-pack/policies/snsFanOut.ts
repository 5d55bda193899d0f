// An SNS hop between the bucket and a connector queue (fan-out): the topic admits only the bucket's
// notifications, and the connector queue subscribes with raw message delivery, so Sentinel reads the
// S3 event itself rather than SNS's envelope around it.
import { documentPolicy, stackPolicy } from "./lib/builders";
import { connectorQueues } from "./lib/connectorQueues";
import { s3SenderFindings } from "./lib/documents";
import { queueIdentity } from "./lib/sentinel";
import { PackPolicy, TYPES } from "./lib/types";
import { Finding, isUnknown, label, show, unknownFinding } from "./lib/values";

export const snsSubscriptionConnectorRawDelivery: PackPolicy = stackPolicy(
    {
        name: "sns-subscription-connector-raw-delivery",
        description:
            'Checks that every SNS subscription delivering to a connector queue sets raw message delivery: otherwise SQS receives SNS\'s envelope with the S3 event as a string in `Message`, and Sentinel finds no `Records` in it (Amazon SNS developer guide, "Amazon SNS raw message delivery").',
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "Set `rawMessageDelivery: true` on the subscription of the connector queue to its topic (the component's fan-out does).",
    },
    ({ index }) => {
        const subscriptions = index.ofType(TYPES.subscription);
        if (subscriptions.length === 0) {
            return "The stack has no SNS subscription.";
        }
        const connectors = connectorQueues(index);
        const findings: Finding[] = [];
        let checked = 0;
        for (const sub of subscriptions) {
            const who = label(sub.type, sub.name);
            const { endpoint, protocol, rawMessageDelivery } = sub.props;
            if (isUnknown(endpoint) || isUnknown(protocol)) {
                findings.push(unknownFinding(`The endpoint of ${who}`, sub.urn));
                continue;
            }
            const identity = typeof endpoint === "string" ? queueIdentity(endpoint) : undefined;
            const viaDependency = index
                .dependencies(sub, "endpoint", [TYPES.queue])
                .some((q) => connectors.byUrn.has(q.urn));
            if (
                protocol !== "sqs" ||
                !(viaDependency || (identity !== undefined && connectors.byIdentity.has(identity)))
            ) {
                continue;
            }
            checked++;
            if (isUnknown(rawMessageDelivery)) {
                findings.push(unknownFinding(`The raw message delivery of ${who}`, sub.urn));
            } else if (rawMessageDelivery !== true && rawMessageDelivery !== "true") {
                findings.push({
                    message: `${who} delivers to the connector queue ${show(endpoint)} and must set rawMessageDelivery to true: SNS's envelope has no Records for Sentinel to read.`,
                    urn: sub.urn,
                });
            }
        }
        return checked > 0 ? findings : "No SNS subscription delivers to a connector queue.";
    },
);

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

export const snsFanOutPolicies: PackPolicy[] = [
    snsSubscriptionConnectorRawDelivery,
    snsTopicPolicyS3SourceConditions,
];
