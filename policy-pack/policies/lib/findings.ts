// Findings common to every policy document a policy reads.
import { DocResult, PolicyDoc } from "./documents";
import { Finding, unknownFinding } from "./values";

/**
 * Checks a document: an unknown document is noted (advisory), an invalid one is a violation, an
 * absent one yields nothing; a known document is checked, with a note if some statements are unknown.
 */
export function withDocument(doc: DocResult, where: string, check: (d: PolicyDoc) => Finding[]): Finding[] {
    switch (doc.kind) {
        case "unknown":
            return [unknownFinding(`The policy document of ${where}`)];
        case "invalid":
            return [{ message: `The policy document of ${where} must be a valid IAM policy document, but ${doc.reason}.` }];
        case "absent":
            return [];
        default:
            return [...(doc.doc.unknownStatements > 0 ? [unknownFinding(`Part of the policy document of ${where}`)] : []), ...check(doc.doc)];
    }
}
