// SQS across the stack: every queue that is not itself a dead-letter queue has one.
import { stackPolicy } from "./lib/builders";
import { QUEUE_REF, Res } from "./lib/stack";
import { PackPolicy, TYPES } from "./lib/types";
import { Finding, isRecord, isUnknown, label, unknownFinding } from "./lib/values";

/** The dead-letter target ARN of a redrive policy (JSON string or object). */
function deadLetterTarget(redrive: unknown): string | undefined {
    let value = redrive;
    if (typeof value === "string") {
        try {
            value = JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    return isRecord(value) && typeof value.deadLetterTargetArn === "string"
        ? value.deadLetterTargetArn
        : undefined;
}

export const sqsQueueDeadLetterQueue: PackPolicy = stackPolicy(
    {
        name: "sqs-queue-dead-letter-queue",
        description:
            "Checks that every SQS queue in the stack has a redrive policy (dead-letter queue), except queues that are themselves another queue's dead-letter target.",
        enforcementLevel: "advisory",
        severity: "low",
        remediationSteps:
            "Give the queue a `redrivePolicy` (or an aws.sqs.RedrivePolicy) naming a dead-letter queue, so notifications the connector cannot process are kept and alarmed on instead of retried forever.",
    },
    ({ index }) => {
        const queues = index.ofType(TYPES.queue);
        if (queues.length === 0) {
            return "The stack creates no SQS queue.";
        }
        // Redrive policies, inline or separate, with the queue they belong to.
        const redrives: Array<{ source: Res; queues: Res[]; policy: unknown }> = queues
            .filter((q) => q.props.redrivePolicy !== undefined && q.props.redrivePolicy !== "")
            .map((q) => ({ source: q, queues: [q], policy: q.props.redrivePolicy }));
        for (const r of index.ofType(TYPES.redrivePolicy)) {
            redrives.push({
                source: r,
                queues: index.refs(r, "queueUrl", QUEUE_REF).inStack,
                policy: r.props.redrivePolicy,
            });
        }
        const hasRedrive = new Set(redrives.flatMap((r) => r.queues.map((q) => q.urn)));
        const targets = new Set<string>();
        for (const r of redrives) {
            const arn = deadLetterTarget(r.policy);
            const byValue = arn ? index.find(QUEUE_REF, arn) : [];
            const byDependency = index
                .dependencies(r.source, "redrivePolicy", [TYPES.queue])
                .filter((q) => !r.queues.some((o) => o.urn === q.urn));
            [...byValue, ...byDependency].forEach((q) => targets.add(q.urn));
        }
        const unknownRedrive = redrives.some(
            (r) =>
                isUnknown(r.policy) &&
                index.dependencies(r.source, "redrivePolicy", [TYPES.queue]).length === 0,
        );
        const findings: Finding[] = [];
        for (const q of queues) {
            if (hasRedrive.has(q.urn) || targets.has(q.urn)) {
                continue;
            }
            findings.push(
                unknownRedrive
                    ? unknownFinding(
                          `Whether ${label(q.type, q.name)} is a dead-letter queue`,
                          q.urn,
                      )
                    : {
                          message: `${label(q.type, q.name)} must have a redrive policy with a dead-letter queue, since it is no other queue's dead-letter target.`,
                          urn: q.urn,
                      },
            );
        }
        return findings;
    },
);

export const sqsStackPolicies: PackPolicy[] = [sqsQueueDeadLetterQueue];
