// Grants of resource policies (bucket, queue and key policies) that every such policy checks alike.
import {
    PolicyDoc,
    RESTRICTING_CONDITION_KEYS,
    conditionsUnknown,
    hasBindingCondition,
    isAllow,
    isPublicPrincipal,
    known,
    statementLabel,
} from "./documents";
import { Finding, isUnknown, show, unknownFinding } from "./values";

/** Allow statements of a resource policy open to everyone without a condition that binds the caller. */
export function publicStatementFindings(doc: PolicyDoc, who: string): Finding[] {
    return doc.statements.flatMap((s): Finding[] => {
        const at = `${who} ${statementLabel(s)}`;
        if (isUnknown(s.effect) || s.principal?.opaque || conditionsUnknown(s)) {
            return [unknownFinding(`The effect, principal or conditions of ${at}`)];
        }
        if (
            isAllow(s) &&
            isPublicPrincipal(s) &&
            !hasBindingCondition(s, RESTRICTING_CONDITION_KEYS)
        ) {
            return [
                {
                    message: `${at} must not allow every principal ("*") ${show(known(s.action))} without a condition on the source or caller.`,
                },
            ];
        }
        return [];
    });
}
