// How decisive a policy check was: of the checks a mandatory policy made (one per resource for a
// resource policy, one per stack for a stack policy), which reached a verdict and which could not
// because a value was unknown (during a preview). A check that found a mandatory violation has
// decided, whatever else was unknown; one that only noted unknown values, or declared itself not
// applicable because it could not tell, has not.
import { isUndecidedText } from "../policy-pack/policies";
import type { PolicyNotApplicable, PolicyViolation } from "./policyCheck";

/** A mandatory check that could not decide, with why. */
export interface UndecidedCheck {
    readonly policyName: string;
    /** The resource checked (resource policies), absent for a stack policy. */
    readonly urn?: string;
    readonly resourceType?: string;
    readonly resourceName?: string;
    /** What could not be known: the pack's notes, each naming the resource and value. */
    readonly reasons: string[];
}

/** The tally of the mandatory checks of one run. */
export interface Decisions {
    /** Checks made by policies at mandatory level (not-applicable ones excluded). */
    readonly mandatoryChecks: number;
    readonly decided: number;
    readonly undecided: UndecidedCheck[];
}

/** A policy as the tally needs it: its name, kind and effective level. */
export interface CheckedPolicy {
    readonly name: string;
    readonly kind: "resource" | "stack";
    readonly enforcementLevel: string;
}

/** A resource analyzed on its own, as the engine analyzes custom resources. */
export interface AnalyzedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
}

/** Tallies the mandatory checks of a run from what the pack reported. */
export function tallyDecisions(
    policies: readonly CheckedPolicy[],
    analyzed: readonly AnalyzedResource[],
    violations: readonly PolicyViolation[],
    notApplicable: readonly PolicyNotApplicable[],
): Decisions {
    const undecided: UndecidedCheck[] = [];
    let checks = 0;
    const judge = (
        policyName: string,
        reported: readonly PolicyViolation[],
        skipped: PolicyNotApplicable | undefined,
        subject?: AnalyzedResource,
    ) => {
        if (skipped && !isUndecidedText(skipped.reason)) {
            return;
        }
        checks++;
        if (reported.some((v) => v.enforcementLevel === "mandatory")) {
            return;
        }
        const reasons = skipped
            ? [skipped.reason]
            : reported.filter((v) => isUndecidedText(v.message)).map((v) => v.message);
        if (reasons.length > 0) {
            undecided.push({
                policyName,
                urn: subject?.urn,
                resourceType: subject?.type,
                resourceName: subject?.name,
                reasons,
            });
        }
    };
    for (const p of policies.filter((x) => x.enforcementLevel === "mandatory")) {
        const own = violations.filter((v) => v.policyName === p.name);
        const skips = notApplicable.filter((n) => n.policyName === p.name);
        if (p.kind === "stack") {
            judge(
                p.name,
                own,
                skips.find((n) => n.urn === undefined),
            );
            continue;
        }
        for (const r of analyzed) {
            judge(
                p.name,
                own.filter((v) => v.urn === r.urn),
                skips.find((n) => n.urn === r.urn),
                r,
            );
        }
    }
    return { mandatoryChecks: checks, decided: checks - undecided.length, undecided };
}
