// CloudTrail in a hub: a created multi-region trail, a named existing one, or one written
// elsewhere; its rules, its plan and its wiring.
import * as cloudtrail from "@pulumi/aws/cloudtrail";
import * as pulumi from "@pulumi/pulumi";
import { Problems, StringField, isPlainObject } from "../../shared/fields";
import { checkedInput } from "../../shared/fieldChecks";
import type { HubPart, HubPlanContext, HubRuleContext, Raw } from "../types";
import { CLOUD_TRAIL_DEFAULTS as D, CLOUD_TRAIL_FIELDS, CloudTrailReadWriteType } from "./args";
import { CloudTrailOrganizationWriter, CloudTrailWriter, accountTrailsPattern } from "./writer";

/** The trail that writes CloudTrail logs, when CloudTrail is connected. */
export type TrailPlan =
    | {
          readonly kind: "create";
          readonly name: string;
          readonly includeGlobalServiceEvents: boolean;
          readonly managementEvents: CloudTrailReadWriteType;
      }
    | { readonly kind: "existing"; readonly arn: pulumi.Input<string> }
    /** A trail outside the component writes there, and the bucket policy is not the component's. */
    | { readonly kind: "external" }
    | { readonly kind: "none" };

/** CloudTrail's part of the hub's plan. */
export interface CloudTrailPlan {
    /** The trail the hub creates or names (in an organization hub, log sources' trails are admitted too). */
    readonly trail: TrailPlan;
    /** In an organization hub, the listed accounts' own trails are admitted and notified too. */
    readonly accountTrails: boolean;
}

/** The physical name a created trail gets: the bucket policy names it before it exists. */
export function defaultTrailName(componentName: string, stack: string): string {
    const cleaned = `${componentName}-${stack}`
        .replace(/[^A-Za-z0-9._-]/g, "-")
        .replace(/[._-]{2,}/g, "-");
    return cleaned.slice(0, 128).replace(/[._-]+$/, "");
}

/**
 * Whether the hub creates a trail: by default for a single account; in an organization hub only
 * with `createTrail: true` (an organization trail comes from a log source).
 */
export function createsTrail(settings: Raw | undefined, organization: boolean): boolean {
    const value = settings?.createTrail;
    return organization ? value === true : value !== false;
}

function rules(trail: Raw, ctx: HubRuleContext): Problems {
    const problems: Problems = [];
    const ct = ctx.at;
    const creates = createsTrail(trail, ctx.organization);
    if (creates && trail.trailArn !== undefined) {
        problems.push(
            `${ct.key("trailArn").code} names an existing trail, so set ${ct.key("createTrail").code} to false (or remove \`trailArn\` to create a trail).`,
        );
    }
    if (!creates && trail.trailName !== undefined) {
        problems.push(
            `${ct.key("trailName").code} only names a trail the component creates; remove it or set ${ct.key("createTrail").code} to true.`,
        );
    }
    for (const field of ["includeGlobalServiceEvents", "managementEvents"] as const) {
        if (!creates && trail[field] !== undefined) {
            problems.push(
                `${ct.key(field).code} only applies to a trail the component creates; remove it or set ${ct.key("createTrail").code} to true.`,
            );
        }
    }
    if (trail.accountTrails !== undefined) {
        const accountIds = isPlainObject(ctx.args.organization)
            ? ctx.args.organization.accountIds
            : undefined;
        if (!ctx.organization) {
            problems.push(
                `${ct.key("accountTrails").code} does nothing for a single account: it admits member accounts' trails into an organization hub. Remove it.`,
            );
        } else if (trail.accountTrails === true && accountIds === undefined) {
            problems.push(
                `${ct.key("accountTrails").code} admits the trails of the accounts in ${ctx.root.key("organization").key("accountIds").code}, which is not set: list the accounts whose own trails write to the hub (each gets its own notification prefix).`,
            );
        }
    }
    if (!creates && trail.trailArn === undefined && ctx.managesBucketPolicy && !ctx.organization) {
        problems.push(
            `${ct.key("trailArn").code} is required when ${ct.key("createTrail").code} is false and the component writes the bucket policy: the policy must admit that trail. Give the trail's ARN, or let the component create the trail.`,
        );
    }
    return problems;
}

function plan(settings: Raw | undefined, ctx: HubPlanContext): CloudTrailPlan {
    if (settings === undefined) {
        return { trail: { kind: "none" }, accountTrails: false };
    }
    const accountTrails = ctx.organization !== undefined && settings.accountTrails === true;
    if (createsTrail(settings, ctx.organization !== undefined)) {
        return {
            accountTrails,
            trail: {
                kind: "create",
                name:
                    (settings.trailName as string | undefined) ??
                    defaultTrailName(ctx.componentName, ctx.stack),
                includeGlobalServiceEvents:
                    (settings.includeGlobalServiceEvents as boolean | undefined) ??
                    D.includeGlobalServiceEvents,
                managementEvents:
                    (settings.managementEvents as CloudTrailReadWriteType | undefined) ??
                    D.managementEvents,
            },
        };
    }
    if (settings.trailArn !== undefined) {
        return {
            accountTrails,
            trail: {
                kind: "existing",
                arn: checkedInput(
                    ctx.subject,
                    ctx.at.key("trailArn"),
                    CLOUD_TRAIL_FIELDS.fields.trailArn as StringField,
                    settings.trailArn as pulumi.Input<string>,
                ),
            },
        };
    }
    return {
        trail: ctx.organization ? { kind: "none" } : { kind: "external" },
        accountTrails,
    };
}

/** What CloudTrail's exports give: the trail's ARN, when the hub creates or names one. */
export type CloudTrailOutputs = { readonly trailArn?: pulumi.Output<string> };

/** CloudTrail's part in `AwsSentinelConnection`. */
export const CLOUD_TRAIL_HUB: HubPart<CloudTrailPlan, CloudTrailOutputs> = {
    fields: CLOUD_TRAIL_FIELDS,
    rules,
    hubRules(connected, ctx) {
        const org = ctx.args.organization;
        const controlTower = isPlainObject(org) && org.controlTower === true;
        const trailAccount = ctx.root.key("organization").key("trailAccountId").code;
        if (isPlainObject(org) && org.trailAccountId !== undefined) {
            if (controlTower) {
                return [
                    `${trailAccount} does nothing with ${ctx.root.key("organization").key("controlTower").code}: the component writes no policy of Control Tower's log archive bucket. Remove it.`,
                ];
            }
            if (!connected) {
                return [
                    `${trailAccount} does nothing without ${ctx.at.code}: it names the account whose organization trail the hub admits. Remove it, or connect CloudTrail.`,
                ];
            }
        }
        const settings = isPlainObject(ctx.args.logTypes)
            ? ctx.args.logTypes.cloudTrail
            : undefined;
        if (!controlTower || !isPlainObject(settings) || settings.enabled === false) {
            return [];
        }
        return createsTrail(settings, true)
            ? [
                  `${ctx.at.key("createTrail").code} cannot be true with ${ctx.root.key("organization").key("controlTower").code}: Control Tower's organization trail already writes there.`,
              ]
            : [];
    },
    createsExport: (settings, ctx) => createsTrail(settings, ctx.organization),
    plan,
    admitsWriter: (p) => p.trail.kind === "create" || p.trail.kind === "existing",
    destinationBinding: (p) => (p.accountTrails ? { accountTrails: "true" } : undefined),
    wire(p, hub) {
        const trail = p.trail;
        const trailArn =
            trail.kind === "create"
                ? hub.regional("cloudtrail", `trail/${trail.name}`)
                : trail.kind === "existing"
                  ? pulumi.output(trail.arn)
                  : undefined;
        const writer: CloudTrailWriter | undefined = trailArn ? { trailArn } : undefined;
        const org = hub.organization;
        // The organization trail's owner: given, or the organization's management account.
        const trailAccountId =
            org?.trailAccountId !== undefined
                ? pulumi.output(org.trailAccountId)
                : hub.managementAccountId?.();
        const organizationWriter: CloudTrailOrganizationWriter | undefined = org &&
            trailAccountId && {
                folder: hub.folder,
                trailAccountId,
                accountTrails: [
                    // The hub's own trail, by its ARN, writing the hub account's folder.
                    ...(trailArn ? [{ accountId: hub.accountId, trailArn }] : []),
                    // The listed accounts' trails, with `accountTrails` (CloudTrail user guide,
                    // "Setting bucket policy for multiple accounts").
                    ...(p.accountTrails ? (org.accountIds ?? []) : []).map((accountId) => ({
                        accountId,
                        trailArn: accountTrailsPattern(hub.partition, pulumi.output(accountId)),
                    })),
                ],
            };
        return {
            writer,
            organizationWriter,
            exports(wiring): CloudTrailOutputs {
                if (trail.kind !== "create") {
                    return { trailArn };
                }
                // CloudTrail takes the prefix without the trailing slash (CloudTrail API reference,
                // CreateTrail S3KeyPrefix) and writes <prefix>/AWSLogs/<account>/CloudTrail/.
                const prefix = hub.folder.replace(/\/$/, "");
                const created = new cloudtrail.Trail(
                    `${hub.name}-trail`,
                    {
                        name: trail.name,
                        s3BucketName: wiring.bucketName,
                        s3KeyPrefix: prefix === "" ? undefined : prefix,
                        isMultiRegionTrail: true,
                        includeGlobalServiceEvents: trail.includeGlobalServiceEvents,
                        enableLogFileValidation: true,
                        enableLogging: true,
                        // CloudTrail API reference, PutEventSelectors: management events of the
                        // chosen kind.
                        eventSelectors: [
                            {
                                readWriteType: trail.managementEvents,
                                includeManagementEvents: true,
                            },
                        ],
                        kmsKeyId: wiring.bucketKeyArn,
                        tags: hub.tags,
                    },
                    { parent: hub.parent, dependsOn: [...wiring.dependsOn] },
                );
                return { trailArn: created.arn };
            },
        };
    },
};
