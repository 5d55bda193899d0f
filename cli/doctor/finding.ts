// Helpers for the outcome of one check, before it gets its id and title.
import type { Check, CheckStatus } from "./report";

/** What a check found. */
export interface Finding {
    readonly status: CheckStatus;
    readonly reason: string;
    readonly fix?: string;
    readonly code?: string;
}

export const pass = (reason: string): Finding => ({ status: "pass", reason });
export const fail = (reason: string, fix: string, code?: string): Finding => ({
    status: "fail",
    reason,
    fix,
    ...(code ? { code } : {}),
});
export const unknown = (reason: string): Finding => ({ status: "unknown", reason });

/** Gives a finding its place in the checklist. */
export function toCheck(side: Check["side"], id: string, title: string, f: Finding): Check {
    return { id, side, title, ...f };
}

/** How long ago a time was, in words. */
export function ago(time: Date, now: Date): string {
    const s = Math.max(0, Math.round((now.getTime() - time.getTime()) / 1000));
    if (s < 120) {
        return `${s} s ago`;
    }
    if (s < 7200) {
        return `${Math.round(s / 60)} min ago`;
    }
    if (s < 172_800) {
        return `${Math.round(s / 3600)} h ago`;
    }
    return `${Math.round(s / 86_400)} days ago`;
}

/** One finding for several things checked alike: the first problem, else the first unknown, else all passes. */
export function combine(findings: readonly Finding[]): Finding {
    const failed = findings.find((f) => f.status === "fail");
    if (failed) {
        return failed;
    }
    const unsure = findings.find((f) => f.status === "unknown");
    if (unsure) {
        return unsure;
    }
    return pass(findings.map((f) => f.reason).join(" "));
}

/** What a check says when it needs the bucket and the input names none. */
export const noBucket = unknown(
    "no bucket name: give `--bucket` or the stack output `bucketName`.",
);
