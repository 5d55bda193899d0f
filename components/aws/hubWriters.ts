// The writers a hub's bucket and key policies admit, from its plan: for a single account each
// export bound to its source (the trail, the account's log deliveries, the account's detectors);
// for an organization every account's writers of each connected log type.
import * as pulumi from "@pulumi/pulumi";
import { LOG_TYPE_CATALOG, guardDutyServicePrincipal } from "../shared/catalog";
import { AwsConnectionPlan, plannedWriters } from "./awsSentinelConnectionPlan";
import { LogWriters, OrganizationWriters, detectorArnPattern, join } from "./policyDocuments";

/** Where the hub is, as the engine will know it. */
export interface HubLocation {
    readonly partition: pulumi.Output<string>;
    readonly region: pulumi.Output<string>;
    readonly accountId: pulumi.Output<string>;
}

/**
 * The principals GuardDuty signs with from these regions (undefined: the hub's own), one string
 * when there is one; `withGlobal` adds the global principal of the regions that are not opt-in.
 */
export function guardDutyPrincipals(
    plan: AwsConnectionPlan,
    hubRegion: pulumi.Output<string>,
    regions: readonly (string | undefined)[],
    withGlobal = false,
): pulumi.Output<string | string[]> {
    return hubRegion.apply((hub) => {
        const principals = [
            ...new Set([
                ...(withGlobal ? [LOG_TYPE_CATALOG.guardDuty.writerService] : []),
                ...regions.map((r) => guardDutyServicePrincipal(r ?? hub, plan.optInRegions)),
            ]),
        ];
        return principals.length === 1 ? principals[0] : principals;
    });
}

/** The writers of a single-account hub, bound to its own exports. */
export function accountWriters(
    plan: AwsConnectionPlan,
    at: HubLocation,
    trailArn: pulumi.Output<string> | undefined,
    detectorIds: readonly pulumi.Output<string>[],
): LogWriters<pulumi.Output<string>> {
    const writes = plannedWriters(plan);
    const exports = plan.guardDutyExports;
    const onlyHubRegion = exports.every((e) => e.region === undefined);
    const one = exports.length === 1 ? exports[0] : undefined;
    // A created detector's ID is known only once it exists; the account's detector pattern binds
    // the same detectors (one per account and region, GuardDuty API reference, CreateDetector).
    const detectorArn =
        one?.detector.kind === "existing" && one.region === undefined
            ? join(
                  "arn:",
                  at.partition,
                  ":guardduty:",
                  at.region,
                  ":",
                  at.accountId,
                  ":detector/",
                  detectorIds[0],
              )
            : onlyHubRegion
              ? detectorArnPattern(at.partition, at.region, at.accountId)
              : join("arn:", at.partition, ":guardduty:*:", at.accountId, ":detector/*");
    return {
        ...(writes.cloudTrail && trailArn ? { cloudTrail: { trailArn } } : {}),
        ...(writes.vpcFlowLogs ? { vpcFlowLogs: {} } : {}),
        ...(writes.guardDuty
            ? {
                  guardDuty: {
                      detectorArn,
                      principal: guardDutyPrincipals(
                          plan,
                          at.region,
                          exports.map((e) => e.region),
                      ),
                  },
              }
            : {}),
    };
}

/** The writers of an organization hub: every account's, for each connected log type. */
export function organizationWriters(
    plan: AwsConnectionPlan,
    hubRegion: pulumi.Output<string>,
): OrganizationWriters<pulumi.Output<string>> | undefined {
    const org = plan.organization;
    if (!org) {
        return undefined;
    }
    const writes = plannedWriters(plan);
    const folder = (t: keyof typeof plan.folders) => plan.folders[t] ?? "";
    return {
        organizationId: org.organizationId,
        ...(writes.cloudTrail ? { cloudTrail: { folder: folder("cloudTrail") } } : {}),
        ...(writes.vpcFlowLogs ? { vpcFlowLogs: { folder: folder("vpcFlowLogs") } } : {}),
        ...(writes.guardDuty
            ? {
                  guardDuty: {
                      folder: folder("guardDuty"),
                      // Log sources export from any region: the global principal, and the
                      // regional ones of the opt-in regions they may export from.
                      principals: guardDutyPrincipals(
                          plan,
                          hubRegion,
                          [
                              undefined,
                              ...org.regions,
                              ...plan.guardDutyExports.map((e) => e.region),
                          ],
                          true,
                      ),
                  },
              }
            : {}),
    };
}
