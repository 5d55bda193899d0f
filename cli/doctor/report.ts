// The doctor's result: an ordered checklist, a verdict and an exit code. Pure data and rendering.

/** ✓ passed, ✗ a problem, ? could not be checked, - not run (the half was skipped). */
export type CheckStatus = "pass" | "fail" | "unknown" | "skipped";

/** One line of the checklist. */
export interface Check {
    /** Stable identifier, such as `aws.cloudTrail.notification` (part of the `--json` contract). */
    readonly id: string;
    readonly side: "aws" | "azure";
    /** What is checked, such as "CloudTrail: the bucket notification sends new log files to the queue". */
    readonly title: string;
    readonly status: CheckStatus;
    /** Why: what was found, or why it could not be checked. One or two sentences. */
    readonly reason: string;
    /** For a problem: how to fix it, in one or two sentences. */
    readonly fix?: string;
    /** A status code the cloud reported (SentinelHealth's `StatusCode`), when there is one. */
    readonly code?: string;
}

/** The overall result. */
export type Verdict = "healthy" | "no-problem-found" | "problems-found";

/** Version of the `--json` document; raised only when a field changes meaning or disappears. */
export const REPORT_SCHEMA_VERSION = 1;

/** The whole report, as `--json` prints it. */
export interface DoctorReport {
    readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
    readonly verdict: Verdict;
    /** 0 healthy or nothing found, 1 a problem found (2, bad input, never has a report). */
    readonly exitCode: 0 | 1;
    readonly summary: Readonly<Record<CheckStatus, number>>;
    /** What was checked: the resolved input. */
    readonly target: DoctorTarget;
    readonly checks: readonly Check[];
}

/** The resolved input a report is about. */
export interface DoctorTarget {
    readonly roleArn: string;
    readonly bucketName?: string;
    readonly region?: string;
    readonly workspaceId?: string;
    readonly connections: readonly { destinationTable: string; sqsUrl: string }[];
}

/** Exit code of bad input or missing credentials. */
export const EXIT_BAD_INPUT = 2;

/** Builds the report from the checks, in their order. */
export function buildReport(target: DoctorTarget, checks: readonly Check[]): DoctorReport {
    const summary = { pass: 0, fail: 0, unknown: 0, skipped: 0 };
    for (const c of checks) {
        summary[c.status] += 1;
    }
    const verdict: Verdict =
        summary.fail > 0 ? "problems-found" : summary.unknown > 0 ? "no-problem-found" : "healthy";
    return {
        schemaVersion: REPORT_SCHEMA_VERSION,
        verdict,
        exitCode: summary.fail > 0 ? 1 : 0,
        summary,
        target,
        checks,
    };
}

/**
 * The links a log file travels, in order: the writer exports it, it lands in the bucket, the
 * bucket notifies the queue, the queue's policy admits S3, the message waits in the queue (or fails
 * into the dead-letter queue), Sentinel assumes the role and reads with its keys, the connector
 * runs, and rows arrive. The first problem to fix is the one on the earliest link.
 */
export const DELIVERY_CHAIN = [
    "export",
    "objects",
    "notification",
    "queuePolicy",
    "messages",
    "deadLetters",
    "role",
    "connector",
    "rows",
] as const;

/** One link of the delivery chain. */
export type DeliveryLink = (typeof DELIVERY_CHAIN)[number];

/** The link of a connection's check, by the last part of its ID (`aws.<connection>.<part>`). */
const CONNECTION_LINKS: Readonly<Record<string, DeliveryLink>> = {
    objects: "objects",
    notification: "notification",
    coverage: "notification",
    queuePolicy: "queuePolicy",
    delivery: "messages",
    backlog: "messages",
    deadLetters: "deadLetters",
    connector: "connector",
    dcr: "connector",
    health: "connector",
    rows: "rows",
};

/** The link a check is about; on the AWS side, a source's writer unless it names another. */
export function linkOf(check: Pick<Check, "id" | "side">): DeliveryLink {
    const [, scope, part] = check.id.split(".");
    if (check.side === "azure") {
        return CONNECTION_LINKS[part ?? ""] ?? "connector";
    }
    if (scope === "role" || scope === "keys" || scope === "sts") {
        return "role";
    }
    return CONNECTION_LINKS[part ?? ""] ?? "export";
}

/**
 * The problem to fix first: the failed check on the earliest link, in checklist order within a
 * link. A writer's problem counts only after the queue's path when its files arrive anyway (the
 * source's `objects` check passed): the files that are there must reach the queue first.
 */
export function firstProblem(checks: readonly Check[]): Check | undefined {
    const filesArrive = (scope: string) =>
        checks.some(
            (c) =>
                c.side === "aws" &&
                linkOf(c) === "objects" &&
                c.status === "pass" &&
                c.id.split(".")[1].startsWith(scope),
        );
    const rank = (c: Check): number => {
        const link = linkOf(c);
        const at = DELIVERY_CHAIN.indexOf(link);
        return link === "export" && c.id !== "aws.credentials" && filesArrive(c.id.split(".")[1])
            ? DELIVERY_CHAIN.indexOf("queuePolicy") + 0.5
            : at;
    };
    return checks
        .map((c, i) => ({ c, i }))
        .filter(({ c }) => c.status === "fail")
        .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)[0]?.c;
}

const MARK: Record<CheckStatus, string> = { pass: "✓", fail: "✗", unknown: "?", skipped: "-" };

/** The one-line verdict. */
export function verdictLine(report: DoctorReport): string {
    const { pass, fail, unknown } = report.summary;
    if (report.verdict === "problems-found") {
        const first = firstProblem(report.checks)!;
        return `✗ ${fail} problem${fail === 1 ? "" : "s"} found; fix the first one first: ${first.title}.`;
    }
    if (report.verdict === "no-problem-found") {
        return `? No problem found in ${pass} checks, but ${unknown} could not be checked (see the ? lines).`;
    }
    return `✓ Healthy: all ${pass} checks passed. New files take 20-30 minutes to appear in Sentinel.`;
}

/** The human-readable checklist. */
export function renderText(report: DoctorReport): string {
    const lines: string[] = [];
    const t = report.target;
    lines.push(`sentinel-aws-s3 doctor: ${t.roleArn}`);
    lines.push(
        `  ${t.connections.map((c) => c.destinationTable).join(", ")}${t.bucketName ? ` from s3://${t.bucketName}` : ""}${t.region ? ` (${t.region})` : ""}${t.workspaceId ? `, workspace ${t.workspaceId}` : ""}`,
    );
    for (const side of ["aws", "azure"] as const) {
        const checks = report.checks.filter((c) => c.side === side);
        if (checks.length === 0) {
            continue;
        }
        lines.push("", side === "aws" ? "AWS" : "Azure");
        for (const c of checks) {
            lines.push(`  ${MARK[c.status]} ${c.title}: ${c.reason}`);
            if (c.status === "fail" && c.fix) {
                lines.push(`      fix: ${c.fix}`);
            }
        }
    }
    lines.push("", verdictLine(report));
    return lines.join("\n") + "\n";
}
