// CloudTrail, as the connector reads it: trails write gzip JSON (`Records[]`) under
// `AWSLogs/<account>/CloudTrail/` (an organization trail under `AWSLogs/<orgId>/<account>/CloudTrail/`)
// into `AWSCloudTrail` through the classic connection. The writer is `cloudtrail.amazonaws.com`,
// bound to the trail.
import { NOTIFICATION_SUFFIX } from "../../shared/connector";
import type { LayoutContext, LayoutPrefix, SourceFacts } from "../types";

/** CloudTrail's service principal. */
export const CLOUD_TRAIL_SERVICE = "cloudtrail.amazonaws.com";

/** The folder CloudTrail writes its digest files in, next to `CloudTrail/`; they are not log records. */
export const CLOUDTRAIL_DIGEST_SEGMENT = "CloudTrail-Digest";

/**
 * The folders CloudTrail writes beside `CloudTrail/` in an account's folder, whose files are not
 * the management events `AWSCloudTrail` reads (CloudTrail user guide, "Finding your CloudTrail log
 * files": CloudTrail-Digest, CloudTrail-Insight, CloudTrail-NetworkActivity, CloudTrail-Aggregated).
 * A notification prefix ending `CloudTrail/` leaves every one of them out.
 */
export const CLOUDTRAIL_SIBLING_SEGMENTS: readonly string[] = [
    CLOUDTRAIL_DIGEST_SEGMENT,
    "CloudTrail-Insight",
    "CloudTrail-NetworkActivity",
    "CloudTrail-Aggregated",
];

const SEGMENT = "CloudTrail";

/**
 * The folder CloudTrail's files are under in front of `AWSLogs/`: Control Tower's trail writes
 * under the organization ID; an organization hub's trails under `cloudtrail/`.
 */
function folder(ctx: LayoutContext): string {
    const org = ctx.organization;
    if (org?.controlTower) {
        return ctx.keyPrefix === "" ? `${org.organizationId}/` : ctx.keyPrefix;
    }
    return org ? `${ctx.keyPrefix}cloudtrail/` : ctx.keyPrefix;
}

/**
 * The prefix of an organization hub's CloudTrail objects: every account's, or, reading Control
 * Tower's log archive, only the organization trail's `AWSLogs/<orgId>/` (AWS Config also delivers
 * `.json.gz` files there, under `AWSLogs/<account>/Config/`: Control Tower user guide, "Logging and
 * monitoring in AWS Control Tower").
 */
function organizationPrefix(ctx: LayoutContext): string {
    const org = ctx.organization!;
    return org.controlTower
        ? `${folder(ctx)}AWSLogs/${org.organizationId}/`
        : `${folder(ctx)}AWSLogs/`;
}

/** CloudTrail's facts. */
export const CLOUD_TRAIL_FACTS = {
    key: "cloudTrail",
    title: "CloudTrail",
    connections: [
        {
            id: "cloudTrail",
            table: "AWSCloudTrail",
            pathSegment: SEGMENT,
            suffix: NOTIFICATION_SUFFIX,
        },
    ],
    sentinel: { kind: "classic" },
    pack: { writerServices: [CLOUD_TRAIL_SERVICE] },
    controlTower: true,
    doctorOperations: [
        {
            service: "cloudtrail",
            operation: "DescribeTrails",
            action: "cloudtrail:DescribeTrails",
            purpose: "the trails writing to the bucket",
        },
        {
            service: "cloudtrail",
            operation: "GetTrailStatus",
            action: "cloudtrail:GetTrailStatus",
            purpose: "logging status and last delivery error",
        },
    ],
    layout: {
        organizationFolder: "cloudtrail/",
        folder,
        connectionPrefix: (connection, ctx) =>
            ctx.organization
                ? organizationPrefix(ctx)
                : `${folder(ctx)}AWSLogs/${ctx.hubAccountId}/${connection.pathSegment}/`,
        prefixes(connection, ctx): LayoutPrefix[] {
            const org = ctx.organization;
            const f = folder(ctx);
            const id = `sentinel-${connection.id}`;
            if (!org) {
                return [
                    {
                        id,
                        prefix: `${f}AWSLogs/${ctx.hubAccountId}/${SEGMENT}/`,
                        stablePrefix: `${f}AWSLogs/`,
                    },
                ];
            }
            if (org.accountIds === undefined) {
                const covered = organizationPrefix(ctx);
                return [{ id, prefix: covered, stablePrefix: covered }];
            }
            // An organization trail writes AWSLogs/<orgId>/<account>/CloudTrail/ and its digests,
            // Insights and aggregated files next to it (CloudTrail user guide, "Finding your
            // CloudTrail log files"): a prefix ending CloudTrail/ per account keeps them out.
            const prefixes: LayoutPrefix[] = org.accountIds.map((account) => {
                const prefix = `${f}AWSLogs/${org.organizationId}/${account}/${SEGMENT}/`;
                return { id: `${id}-${account}`, prefix, stablePrefix: prefix, perAccount: true };
            });
            // Account trails of the listed accounts write AWSLogs/<account>/CloudTrail/ (CloudTrail
            // user guide, "Receiving CloudTrail log files from multiple accounts").
            const accountTrails = ctx.settings?.accountTrails === true ? org.accountIds : [];
            for (const account of accountTrails) {
                const prefix = `${f}AWSLogs/${account}/${SEGMENT}/`;
                prefixes.push({
                    id: `${id}-account-${account}`,
                    prefix,
                    stablePrefix: prefix,
                    perAccount: true,
                });
            }
            const own = `${f}AWSLogs/${ctx.hubAccountId}/${SEGMENT}/`;
            if (ctx.hubExport && !prefixes.some((p) => p.prefix === own)) {
                prefixes.push({ id: `${id}-hub`, prefix: own, stablePrefix: `${f}AWSLogs/` });
            }
            return prefixes;
        },
        notes(ctx): string[] {
            const org = ctx.organization;
            if (!org || org.accountIds !== undefined) {
                return [];
            }
            const covered = organizationPrefix(ctx);
            return [
                `CloudTrail's digest and aggregated files (${covered}${org.controlTower ? "" : "<organization or account>/"}<account>/${CLOUDTRAIL_DIGEST_SEGMENT}/…json.gz, …/CloudTrail-Aggregated/…) reach the CloudTrail queue: they sit beside the log files under the one prefix that covers every account, and S3 prefixes cannot leave them out without one prefix per account. Sentinel receives them as messages without CloudTrail records. List the accounts in \`organization.accountIds\` (up to the notification limit) to keep them out.`,
            ];
        },
    },
} as const satisfies SourceFacts<"cloudTrail">;
