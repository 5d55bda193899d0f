// Findings common to every policy document a policy reads.
import { ResourceValidation } from "@pulumi/policy";
import { DocResult, PolicyDoc, readDocument } from "./documents";
import { validateTypes } from "./types";
import { Finding, emit, label, unknownFinding } from "./values";

/**
 * Checks a document: an unknown document is noted (advisory), an invalid one is a violation, an
 * absent one yields nothing; a known document is checked, with a note if some statements are unknown.
 */
export function withDocument(
    doc: DocResult,
    where: string,
    check: (d: PolicyDoc) => Finding[],
): Finding[] {
    switch (doc.kind) {
        case "unknown":
            return [unknownFinding(`The policy document of ${where}`)];
        case "invalid":
            return [
                {
                    message: `The policy document of ${where} must be a valid IAM policy document, but ${doc.reason}.`,
                },
            ];
        case "absent":
            return [];
        default:
            return [
                ...(doc.doc.unknownStatements > 0
                    ? [unknownFinding(`Part of the policy document of ${where}`)]
                    : []),
                ...check(doc.doc),
            ];
    }
}

/**
 * A validation of the policy document in `policy` of the given types. It is not applicable when the
 * resource sets no document, or when `check` returns undefined (nothing in the document it checks).
 */
export function validateDocument(
    types: readonly string[],
    reasons: { readonly absent: string; readonly inapplicable: string },
    check: (doc: PolicyDoc, who: string) => Finding[] | undefined,
): ResourceValidation {
    return validateTypes(types, (args, props, report) => {
        const who = label(args.type, args.name);
        const doc = readDocument(props.policy);
        if (doc.kind === "absent") {
            return args.notApplicable(reasons.absent);
        }
        let applies = true;
        const findings = withDocument(doc, who, (d) => {
            const result = check(d, who);
            applies = result !== undefined;
            return result ?? [];
        });
        if (!applies && findings.length === 0) {
            return args.notApplicable(reasons.inapplicable);
        }
        emit(report, findings);
    });
}
