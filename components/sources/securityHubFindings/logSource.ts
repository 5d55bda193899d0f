// Security Hub findings from a log source: the findings pipeline of Security Hub's delegated
// administrator, in its aggregation region, writing into the hub's Security Hub folder. Only there:
// the administrator's aggregation region receives every member's and linked region's findings, so
// a pipeline anywhere else would duplicate or miss them.
import * as pulumi from "@pulumi/pulumi";
import { Problems, ValidationError, isPlainObject } from "../../shared/fields";
import type { LogSourcePart } from "../types";
import { LOG_SOURCE_SECURITY_HUB_FIELDS, LogSourceSecurityHubArgs } from "./args";
import { createFindingsPipeline, createFindingsRole } from "./pipeline";

/** The administrator account a hub admits for the findings pipeline, if any. */
function administratorOf(destination: Record<string, unknown>): string | undefined {
    const bindings = destination.bindings;
    const own = isPlainObject(bindings) ? bindings.securityHubFindings : undefined;
    const account = isPlainObject(own) ? own.administratorAccountId : undefined;
    return typeof account === "string" ? account : undefined;
}

/** The problem of a log source whose account is not the administrator the hub admits. */
export function administratorProblem(
    account: string,
    administrator: string | undefined,
): string | undefined {
    return administrator === account
        ? undefined
        : `\`securityHubFindings\` belongs in the Security Hub administrator's account only (its aggregation region receives every account's findings): this log source runs in account ${account}, and the hub admits ${administrator === undefined ? "no administrator" : `the pipeline of account ${administrator}`}. Remove \`securityHubFindings\` here, and create it in the log source of that account.`;
}

/** Security Hub findings' part in `SentinelLogSource`. */
export const SECURITY_HUB_LOG_SOURCE: LogSourcePart<LogSourceSecurityHubArgs> = {
    fields: LOG_SOURCE_SECURITY_HUB_FIELDS,
    needsOwnAccount: true,
    destinationProblems(destination, _settings, _at, destinationAt): Problems {
        return administratorOf(destination) === undefined
            ? [
                  `${destinationAt.code} admits no Security Hub administrator: set \`logTypes.securityHubFindings.administratorAccountId\` on the hub to the account of this log source (Security Hub's delegated administrator).`,
              ]
            : [];
    },
    create(settings, w) {
        // The findings are the log source's own account's: it must be the administrator the hub
        // admits, or the hub's bucket refuses its role.
        const accountId = pulumi.all([w.accountId, w.destination]).apply(([account, d]) => {
            const problem = administratorProblem(account, administratorOf(d as never));
            if (problem) {
                throw new ValidationError(`SentinelLogSource "${w.name}"`, [problem]);
            }
            return account;
        });
        const scope = `${pulumi.getProject()}/${pulumi.getStack()}/${w.name}`;
        return createFindingsPipeline(w.name, {
            scope,
            role: createFindingsRole(w.name, {
                scope,
                accountId,
                tags: w.tags,
                parent: w.parent,
            }),
            bucketArn: w.destination.bucketArn,
            folder: w.folder,
            accountId,
            partition: w.partition,
            region: settings.aggregationRegion,
            pipelineRegion: settings.aggregationRegion,
            bucketRegion: w.destination.region,
            bucketKeyArn: w.destination.apply((d) => d.keyArn ?? ""),
            bucketUsesKey: w.destination.apply((d) => d.bucketUsesKey && d.keyArn !== undefined),
            crossAccount: true,
            tags: w.tags,
            parent: w.parent,
            dependsOn: [],
        });
    },
};
