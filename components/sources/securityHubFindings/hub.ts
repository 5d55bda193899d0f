// Security Hub findings in a hub: the findings pipeline in the hub's own account and region, or, in
// an organization hub, the Security Hub administrator's log source's pipeline admitted.
import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../../shared/fields";
import type { HubPart } from "../types";
import { FirehoseOrganizationWriter, FirehoseWriter, writerRoleArn } from "../writers/firehose";
import { SECURITY_HUB_FIELDS } from "./args";
import { SECURITY_HUB_ROLE_PREFIX } from "./facts";
import { PipelineOutputs, createFindingsPipeline, createFindingsRole } from "./pipeline";

/** Security Hub findings' part of the hub's plan. */
export interface SecurityHubPlan {
    /** The hub creates the findings pipeline in its own account and region. */
    readonly findingsPipeline: boolean;
    /** In an organization hub, the administrator account whose pipeline it admits. */
    readonly findingsAdministratorAccountId: string | undefined;
}

/** Whether the hub creates the pipeline: by default for a single account, only when asked in an organization. */
function createsPipeline(
    settings: Record<string, unknown> | undefined,
    organization: boolean,
): boolean {
    const value = settings?.createPipeline;
    return typeof value === "boolean" ? value : !organization;
}

/** Security Hub findings' part in `AwsSentinelConnection`. */
export const SECURITY_HUB_HUB: HubPart<SecurityHubPlan, PipelineOutputs | Record<string, never>> = {
    fields: SECURITY_HUB_FIELDS,
    rules(settings, ctx): Problems {
        const at = ctx.at;
        const problems: Problems = [];
        const creates = createsPipeline(settings, ctx.organization);
        if (!ctx.organization && settings.administratorAccountId !== undefined) {
            problems.push(
                `${at.key("administratorAccountId").code} does nothing for a single account: it names the Security Hub administrator whose log source writes into an organization hub. Remove it.`,
            );
        }
        if (ctx.organization && !creates && settings.administratorAccountId === undefined) {
            problems.push(
                `${at.key("administratorAccountId").code} is required in an organization hub: the findings pipeline belongs to Security Hub's delegated administrator, in its aggregation region (where every account's findings arrive), and the hub admits that account's pipeline only. Give the account, or set ${at.key("createPipeline").code} to true when this hub's account is the administrator.`,
            );
        }
        return problems;
    },
    createsExport: (settings, ctx) => createsPipeline(settings, ctx.organization),
    plan: (settings, ctx) => ({
        findingsPipeline:
            settings !== undefined && createsPipeline(settings, ctx.organization !== undefined),
        findingsAdministratorAccountId:
            settings !== undefined && ctx.organization
                ? (settings.administratorAccountId as string | undefined)
                : undefined,
    }),
    admitsWriter: (p) => p.findingsPipeline,
    destinationBinding: (p) =>
        p.findingsAdministratorAccountId === undefined
            ? undefined
            : { administratorAccountId: p.findingsAdministratorAccountId },
    wire(p, hub) {
        const organizationWriter: FirehoseOrganizationWriter | undefined =
            hub.organization && p.findingsAdministratorAccountId !== undefined
                ? {
                      folder: hub.folder,
                      accountId: p.findingsAdministratorAccountId,
                      rolePrefix: SECURITY_HUB_ROLE_PREFIX,
                  }
                : undefined;
        const scope = `${pulumi.getProject()}/${pulumi.getStack()}/${hub.name}`;
        // The hub's own pipeline writes with a role of its account: created now, before the key
        // policy that grants it the key.
        const role = p.findingsPipeline
            ? createFindingsRole(hub.name, {
                  scope,
                  accountId: hub.accountId,
                  tags: hub.tags,
                  parent: hub.parent,
              })
            : undefined;
        const writer: FirehoseWriter | undefined = role && {
            roleArn: writerRoleArn(hub.partition, hub.accountId, role),
            sid: `${SECURITY_HUB_ROLE_PREFIX}Encrypts`,
        };
        return {
            writer,
            organizationWriter,
            exports(wiring) {
                if (!role) {
                    return {};
                }
                return createFindingsPipeline(hub.name, {
                    scope,
                    role,
                    bucketArn: wiring.bucketArn,
                    folder: hub.folder,
                    accountId: hub.accountId,
                    partition: hub.partition,
                    pipelineRegion: hub.region,
                    bucketRegion: hub.region,
                    crossAccount: false,
                    tags: hub.tags,
                    parent: hub.parent,
                    dependsOn: wiring.dependsOn,
                });
            },
        };
    },
};
