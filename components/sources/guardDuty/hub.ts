// GuardDuty in a hub: a detector per region (created, publishing every 15 minutes, or existing)
// and its export of findings to the bucket, encrypted with the hub's key.
import * as guardduty from "@pulumi/aws/guardduty";
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import { join } from "../../aws/documents/common";
import {
    FieldPath,
    Problems,
    StringField,
    ValidationError,
    isPlainObject,
    show,
} from "../../shared/fields";
import { checkedInput } from "../../shared/fieldChecks";
import type { HubPart, HubWiring, OrganizationPlan, Raw } from "../types";
import { GUARD_DUTY_FIELDS } from "./args";
import {
    GUARDDUTY_PUBLISHING_FREQUENCY,
    GUARD_DUTY_SERVICE,
    guardDutyServicePrincipal,
} from "./facts";
import { GuardDutyOrganizationWriter, GuardDutyWriter, detectorArnPattern } from "./writer";

/** A GuardDuty detector, created or existing. */
export type DetectorPlan =
    { readonly kind: "create" } | { readonly kind: "existing"; readonly id: pulumi.Input<string> };

/** A region's GuardDuty detector and findings export. */
export interface GuardDutyExportPlan {
    /** The region, or undefined for the hub's own (its provider's). */
    readonly region: string | undefined;
    readonly detector: DetectorPlan;
}

/** GuardDuty's part of the hub's plan. */
export interface GuardDutyPlan {
    /** The GuardDuty exports the hub creates itself, one per region. */
    readonly guardDutyExports: readonly GuardDutyExportPlan[];
    /**
     * GuardDuty checks that the folder of its destination exists, so with a key prefix the
     * component writes an empty folder object at this key first.
     */
    readonly guardDutyFolderMarker: string | undefined;
    /** In an organization hub, GuardDuty's delegated administrator, whose detectors are admitted. */
    readonly guardDutyAdministratorAccountId: string | undefined;
}

/**
 * Why an account other than GuardDuty's delegated administrator must not export findings to an
 * organization hub: "When you configure export findings in an administrator account, all the
 * findings from the associated member accounts that are generated in the same Region are also
 * exported to the same location" (GuardDuty user guide, "Exporting generated findings to Amazon S3
 * buckets"), so a member's own export duplicates its findings in `AWSGuardDuty`, and the hub's
 * policies refuse it.
 */
export function administratorOnlyProblem(
    field: string,
    account: string,
    administrator: string | undefined,
): string {
    return `\`${field}\` exports GuardDuty findings from account ${account}, but only GuardDuty's delegated administrator exports in an organization (${administrator === undefined ? "the hub names none" : `the hub admits account ${administrator}`}): its export already carries every member's findings (GuardDuty user guide, "Exporting generated findings"), so a member's own export would duplicate them in AWSGuardDuty, and the hub's bucket and key policies refuse it. Remove it here; export from the administrator's account (\`organization.guardDutyAdministratorAccountId\` on the hub).`;
}

/**
 * Detectors given for regions GuardDuty does not export from (`existingDetectorIds` keys missing
 * from `regions`, at `gd`): settings that would do nothing.
 */
export function unusedDetectorProblems(guardDuty: Raw, gd: FieldPath): Problems {
    if (!isPlainObject(guardDuty.existingDetectorIds)) {
        return [];
    }
    const regions = Array.isArray(guardDuty.regions) ? guardDuty.regions : [];
    return Object.keys(guardDuty.existingDetectorIds)
        .filter((r) => !regions.includes(r))
        .map(
            (region) =>
                `${gd.key("existingDetectorIds").key(region).code} does nothing: ${show(region)} is not in ${gd.key("regions").code}; add the region there or remove the detector.`,
        );
}

/**
 * The principals GuardDuty signs with from these regions (undefined: the hub's own), one string
 * when there is one; `withGlobal` adds the global principal of the regions that are not opt-in.
 */
function guardDutyPrincipals(
    hub: HubWiring,
    regions: readonly (string | undefined)[],
    withGlobal = false,
): pulumi.Output<string | string[]> {
    return hub.region.apply((own) => {
        const principals = [
            ...new Set([
                ...(withGlobal ? [GUARD_DUTY_SERVICE] : []),
                ...regions.map((r) => guardDutyServicePrincipal(r ?? own, hub.optInRegions)),
            ]),
        ];
        return principals.length === 1 ? principals[0] : principals;
    });
}

function exportsOf(
    settings: Raw | undefined,
    organization: OrganizationPlan | undefined,
    existingId: () => pulumi.Input<string>,
): GuardDutyExportPlan[] {
    if (settings === undefined) {
        return [];
    }
    if (Array.isArray(settings.regions)) {
        const existing = isPlainObject(settings.existingDetectorIds)
            ? settings.existingDetectorIds
            : {};
        return (settings.regions as string[]).map((region) => {
            const id = existing[region];
            return {
                region,
                detector:
                    typeof id === "string"
                        ? { kind: "existing" as const, id }
                        : { kind: "create" as const },
            };
        });
    }
    if (organization) {
        return [];
    }
    return [
        {
            region: undefined,
            detector:
                settings.existingDetectorId === undefined
                    ? { kind: "create" }
                    : { kind: "existing", id: existingId() },
        },
    ];
}

/** GuardDuty's part in `AwsSentinelConnection`. */
export const GUARD_DUTY_HUB: HubPart<GuardDutyPlan, pulumi.Output<Record<string, string>>> = {
    fields: GUARD_DUTY_FIELDS,
    rules(guardDuty, ctx) {
        const gd = ctx.at;
        const problems: Problems = [];
        if (guardDuty.existingDetectorId !== undefined && guardDuty.regions !== undefined) {
            problems.push(
                `${gd.key("existingDetectorId").code} names one region's detector, but ${gd.key("regions").code} lists regions: give each region's detector in ${gd.key("existingDetectorIds").code} instead.`,
            );
        }
        return [...problems, ...unusedDetectorProblems(guardDuty, gd)];
    },
    hubRules(connected, ctx) {
        const org = ctx.args.organization;
        if (!isPlainObject(org)) {
            return [];
        }
        const problems: Problems = [];
        const administrator = ctx.root.key("organization").key("guardDutyAdministratorAccountId");
        if (org.regions !== undefined && !connected) {
            problems.push(
                `${ctx.root.key("organization").key("regions").code} does nothing without ${ctx.at.code}: it names the regions GuardDuty exports come from. Remove it, or connect GuardDuty.`,
            );
        }
        if (org.guardDutyAdministratorAccountId !== undefined && !connected) {
            problems.push(
                `${administrator.code} does nothing without ${ctx.at.code}: it names the account whose GuardDuty exports the hub admits. Remove it, or connect GuardDuty.`,
            );
        }
        if (
            connected &&
            org.guardDutyAdministratorAccountId === undefined &&
            org.controlTower !== true
        ) {
            // GuardDuty user guide, "Exporting generated findings to Amazon S3 buckets": the
            // administrator's export carries every member's findings, and the bucket and key
            // policies bind the exporting account and detector.
            problems.push(
                `${administrator.code} is required with ${ctx.at.code} in an organization hub: GuardDuty's delegated administrator exports every member's findings, so the hub admits that account's detectors only (GuardDuty user guide, "Exporting generated findings"). Give the administrator's account ID (\`aws guardduty list-organization-admin-accounts\` in the management account).`,
            );
        }
        return problems;
    },
    createsExport: (settings, ctx) =>
        settings !== undefined && (!ctx.organization || settings.regions !== undefined),
    plan(settings, ctx) {
        const guardDutyExports = exportsOf(settings, ctx.organization, () =>
            checkedInput(
                ctx.subject,
                ctx.at.key("existingDetectorId"),
                GUARD_DUTY_FIELDS.fields.existingDetectorId as StringField,
                settings!.existingDetectorId as pulumi.Input<string>,
            ),
        );
        // Where GuardDuty exports into a folder (a key prefix, or an organization hub's
        // guardduty/), that folder object must exist before any export is created.
        const marker =
            settings !== undefined &&
            (guardDutyExports.length > 0 || ctx.organization) &&
            ctx.folder !== ""
                ? ctx.folder
                : undefined;
        return {
            guardDutyExports,
            guardDutyFolderMarker: marker,
            guardDutyAdministratorAccountId:
                settings !== undefined
                    ? ctx.organization?.guardDutyAdministratorAccountId
                    : undefined,
        };
    },
    admitsWriter: (p) => p.guardDutyExports.length > 0,
    destinationBinding: (p) =>
        p.guardDutyAdministratorAccountId === undefined
            ? undefined
            : { administratorAccountId: p.guardDutyAdministratorAccountId },
    // GuardDuty's export always needs a customer-managed key (GuardDuty user guide, "Exporting
    // generated findings"), also for log sources writing to an organization hub.
    needsLogsKey: (_p, connected, organization) => connected && !organization?.controlTower,
    wire(p, hub) {
        const exports = p.guardDutyExports;
        // Detectors first: a named detector's ID is bound in the policies that admit its export.
        const detectors = exports.map((e) => ({
            region: e.region,
            id:
                e.detector.kind === "existing"
                    ? pulumi.output(e.detector.id)
                    : new guardduty.Detector(
                          e.region === undefined
                              ? `${hub.name}-guardduty-detector`
                              : `${hub.name}-guardduty-detector-${e.region}`,
                          {
                              enable: true,
                              findingPublishingFrequency: GUARDDUTY_PUBLISHING_FREQUENCY,
                              region: e.region,
                              tags: hub.tags,
                          },
                          hub.kept,
                      ).id,
        }));
        const onlyHubRegion = exports.every((e) => e.region === undefined);
        const one = exports.length === 1 ? exports[0] : undefined;
        // A created detector's ID is known only once it exists; the account's detector pattern
        // binds the same detectors (one per account and region, GuardDuty API reference,
        // CreateDetector).
        const detectorArn =
            one?.detector.kind === "existing" && one.region === undefined
                ? join(
                      "arn:",
                      hub.partition,
                      ":guardduty:",
                      hub.region,
                      ":",
                      hub.accountId,
                      ":detector/",
                      detectors[0].id,
                  )
                : onlyHubRegion
                  ? detectorArnPattern(hub.partition, hub.region, hub.accountId)
                  : join("arn:", hub.partition, ":guardduty:*:", hub.accountId, ":detector/*");
        const writer: GuardDutyWriter | undefined =
            exports.length > 0
                ? {
                      detectorArn,
                      principal: guardDutyPrincipals(
                          hub,
                          exports.map((e) => e.region),
                      ),
                  }
                : undefined;
        const administrator = p.guardDutyAdministratorAccountId;
        const organizationWriter: GuardDutyOrganizationWriter | undefined =
            hub.organization && administrator !== undefined
                ? {
                      folder: hub.folder,
                      administratorAccountId: administrator,
                      // Log sources export from any region: the global principal, and the
                      // regional ones of the opt-in regions they may export from. The hub exports
                      // its own findings only as the administrator: any other account's export
                      // duplicates the administrator's.
                      principals: pulumi
                          .all([
                              hub.accountId,
                              guardDutyPrincipals(
                                  hub,
                                  [
                                      undefined,
                                      ...hub.organization.regions,
                                      ...exports.map((e) => e.region),
                                  ],
                                  true,
                              ),
                          ])
                          .apply(([account, principals]) => {
                              if (exports.length > 0 && account !== administrator) {
                                  throw new ValidationError(`AwsSentinelConnection "${hub.name}"`, [
                                      administratorOnlyProblem(
                                          "logTypes.guardDuty.regions",
                                          account,
                                          administrator,
                                      ),
                                  ]);
                              }
                              return principals;
                          }),
                  }
                : undefined;
        // The detectors by region (the hub's own region's by its name, once known).
        const detectorIds = pulumi
            .all([hub.region, ...detectors.map((d) => d.id)])
            .apply(([own, ...ids]) =>
                Object.fromEntries(detectors.map((d, i) => [d.region ?? own, ids[i]])),
            );
        return {
            writer,
            organizationWriter,
            exports(wiring) {
                const opts = { parent: hub.parent, dependsOn: [...wiring.dependsOn] };
                // GuardDuty checks that the folder of its destination exists
                // (CreatePublishingDestination fails with BadRequestException otherwise): an empty
                // folder object, kept on delete like the bucket, never expired by the bucket's
                // lifecycle rule.
                const marker =
                    p.guardDutyFolderMarker === undefined
                        ? undefined
                        : new s3.BucketObjectv2(
                              `${hub.name}-guardduty-folder`,
                              {
                                  bucket: wiring.bucketName,
                                  key: p.guardDutyFolderMarker,
                                  content: "",
                                  tags: hub.tags,
                              },
                              { ...opts, retainOnDelete: wiring.retainOnDelete },
                          );
                const key = wiring.logsKeyArn;
                if (key) {
                    // Into a folder the destination is `arn:…:s3:::<bucket>/<folder>/` (with the
                    // trailing slash, GuardDuty API reference, DestinationProperties), after the
                    // folder object exists.
                    for (const d of detectors) {
                        new guardduty.PublishingDestination(
                            d.region === undefined
                                ? `${hub.name}-guardduty-export`
                                : `${hub.name}-guardduty-export-${d.region}`,
                            {
                                detectorId: d.id,
                                destinationType: "S3",
                                destinationArn:
                                    p.guardDutyFolderMarker === undefined
                                        ? wiring.bucketArn
                                        : pulumi.interpolate`${wiring.bucketArn}/${p.guardDutyFolderMarker}`,
                                kmsKeyArn: key,
                                region: d.region,
                            },
                            {
                                parent: hub.parent,
                                dependsOn: [...wiring.dependsOn, ...(marker ? [marker] : [])],
                            },
                        );
                    }
                }
                return detectorIds;
            },
        };
    },
};
