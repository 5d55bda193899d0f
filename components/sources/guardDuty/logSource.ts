// GuardDuty from a log source: a detector and an export per region into the hub's GuardDuty folder,
// from GuardDuty's delegated administrator only, whose export carries every member's findings (a
// member's own export would duplicate them, and the hub's policies refuse it).
import * as guardduty from "@pulumi/aws/guardduty";
import * as pulumi from "@pulumi/pulumi";
import { OPT_IN_REGIONS } from "../../shared/connector";
import { Problems, ValidationError, isPlainObject, show } from "../../shared/fields";
import type { LogSourcePart } from "../types";
import { LOG_SOURCE_GUARD_DUTY_FIELDS, LogSourceGuardDutyArgs } from "./args";
import { GUARDDUTY_PUBLISHING_FREQUENCY, guardDutyServicePrincipal } from "./facts";
import { administratorOnlyProblem, unusedDetectorProblems } from "./hub";

/** The GuardDuty administrator a hub admits, if any (`logDestination.bindings.guardDuty`). */
function administratorOf(destination: Record<string, unknown>): string | undefined {
    const bindings = destination.bindings;
    const own = isPlainObject(bindings) ? bindings.guardDuty : undefined;
    const account = isPlainObject(own) ? own.administratorAccountId : undefined;
    return typeof account === "string" ? account : undefined;
}

/** GuardDuty's part in `SentinelLogSource`. */
export const GUARD_DUTY_LOG_SOURCE: LogSourcePart<LogSourceGuardDutyArgs> = {
    fields: LOG_SOURCE_GUARD_DUTY_FIELDS,
    // The exports belong to GuardDuty's delegated administrator only: checked against the account.
    needsOwnAccount: true,
    rules: (settings, at) => unusedDetectorProblems(settings, at),
    destinationProblems(destination, settings, at, destinationAt): Problems {
        const problems: Problems = [];
        if (
            destination.organizationId !== undefined &&
            administratorOf(destination) === undefined
        ) {
            problems.push(
                `${destinationAt.code} admits no GuardDuty administrator: set \`organization.guardDutyAdministratorAccountId\` on the hub to GuardDuty's delegated administrator, the account of the log source that exports findings.`,
            );
        }
        if (destination.keyArn === undefined) {
            problems.push(
                `${destinationAt.key("keyArn").code} is missing: GuardDuty exports only to a bucket with a KMS key (GuardDuty user guide, "Exporting generated findings"). Use the hub's \`logDestination\`, whose key the hub creates when it connects \`guardDuty\`.`,
            );
        }
        const regions = Array.isArray(settings.regions)
            ? settings.regions.filter((r): r is string => typeof r === "string")
            : [];
        const admitted = Array.isArray(destination.guardDutyOptInRegions)
            ? destination.guardDutyOptInRegions
            : [];
        for (const region of regions.filter(
            (r) => OPT_IN_REGIONS.includes(r) && !admitted.includes(r),
        )) {
            problems.push(
                `GuardDuty in ${show(region)} (${at.key("regions").code}) writes as ${guardDutyServicePrincipal(region)}, which the hub's bucket and key policies do not admit: add ${show(region)} to the hub's \`organization.regions\`.`,
            );
        }
        return problems;
    },
    create(gd, w) {
        // Only the administrator exports: checked before any detector or export is created.
        const administratorChecked = pulumi
            .all([w.accountId, w.destination])
            .apply(([account, d]) => {
                const administrator = administratorOf(d as never);
                if (account !== administrator) {
                    throw new ValidationError(`SentinelLogSource "${w.name}"`, [
                        administratorOnlyProblem("guardDuty", account, administrator),
                    ]);
                }
                return true;
            });
        const detectors = gd.regions.map((region) => {
            const existing = gd.existingDetectorIds?.[region];
            const id =
                existing !== undefined
                    ? pulumi.output(existing)
                    : new guardduty.Detector(
                          `${w.name}-guardduty-detector-${region}`,
                          {
                              enable: administratorChecked,
                              findingPublishingFrequency: GUARDDUTY_PUBLISHING_FREQUENCY,
                              region,
                              tags: w.tags,
                          },
                          w.kept,
                      ).id;
            // The hub writes the folder object GuardDuty checks for; the destination ends in "/".
            new guardduty.PublishingDestination(
                `${w.name}-guardduty-export-${region}`,
                {
                    detectorId: id,
                    destinationType: "S3",
                    destinationArn: pulumi.interpolate`${w.destination.bucketArn}/${w.folder}`,
                    kmsKeyArn: pulumi
                        .all([administratorChecked, w.destination])
                        .apply(([, d]) => d.keyArn ?? ""),
                    region,
                },
                { parent: w.parent },
            );
            if (gd.autoEnable !== undefined) {
                // GuardDuty API reference, UpdateOrganizationConfiguration: in the delegated
                // administrator, which members are enabled automatically in this region.
                new guardduty.OrganizationConfiguration(
                    `${w.name}-guardduty-organization-${region}`,
                    {
                        detectorId: pulumi.all([administratorChecked, id]).apply(([, d]) => d),
                        autoEnableOrganizationMembers: gd.autoEnable,
                        region,
                    },
                    { parent: w.parent },
                );
            }
            return { region, id };
        });
        // The detectors by region.
        return pulumi
            .all(detectors.map((d) => d.id))
            .apply((ids) => Object.fromEntries(detectors.map((d, i) => [d.region, ids[i]])));
    },
};
