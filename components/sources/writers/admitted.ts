// For the doctor: would the bucket policy let a writer put its objects where the connection reads
// them? A writer the bucket policy refuses delivers nothing, and neither CloudFront's deliveries nor
// ELB report that anywhere the doctor can read; the policy (GetBucketPolicy) says it in advance.
import { unknownReason } from "../../../cli/doctor/aws/api";
import type { AwsFacts } from "../../../cli/doctor/aws/facts";
import { Finding, fail, pass, unknown } from "../../../cli/doctor/finding";
import { PolicyRequest, evaluate, parsePolicy } from "../../../cli/doctor/policy";

/** One write a writer makes, named for the message. */
export interface WriterRequest {
    readonly who: string;
    readonly request: PolicyRequest;
}

/** Does the bucket policy allow each write? */
export async function bucketPolicyAdmits(
    facts: AwsFacts,
    requests: readonly WriterRequest[],
    fix: string,
): Promise<Finding> {
    const o = await facts.once("bucketPolicy", () =>
        facts.api.call<{ Policy?: string }, "s3">(
            "s3",
            (m) => new m.GetBucketPolicyCommand({ Bucket: facts.input.bucketName! }),
        ),
    );
    if (!o.ok) {
        return o.kind === "missing"
            ? fail(
                  `the bucket has no policy, so ${requests.map((r) => r.who).join(" and ")} may not write to it.`,
                  fix,
              )
            : unknown(unknownReason(o));
    }
    const policy = parsePolicy(o.value.Policy);
    const findings = requests.map((r) => ({ r, decision: evaluate([policy], r.request, true) }));
    const refused = findings.filter((f) => f.decision === "deny" || f.decision === "implicit-deny");
    if (refused.length > 0) {
        return fail(
            `the bucket policy does not let ${refused.map((f) => `${f.r.who} write ${f.r.request.resource.split(":::").pop()}`).join(", nor ")}${refused.some((f) => f.decision === "deny") ? " (a Deny statement refuses it)" : ""}: its files never arrive.`,
            fix,
        );
    }
    const unsure = findings.filter((f) => f.decision === "unknown");
    if (unsure.length > 0) {
        return unknown(
            `the bucket policy has conditions the doctor cannot evaluate for ${unsure.map((f) => f.r.who).join(", ")}; check that it may write.`,
        );
    }
    return pass(
        `the bucket policy lets ${requests.map((r) => r.who).join(" and ")} write where the connection reads.`,
    );
}
