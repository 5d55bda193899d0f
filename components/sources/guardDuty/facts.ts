// GuardDuty findings, as the classic connector reads them: each detector exports gzip JSON lines
// under `AWSLogs/<account>/GuardDuty/<region>/…` (always KMS-encrypted with a customer-managed key)
// into `AWSGuardDuty`. The writer is `guardduty.amazonaws.com` (regional in opt-in regions), bound
// to the account and the detector.
import { NOTIFICATION_SUFFIX, OPT_IN_REGIONS } from "../../shared/connector";
import type { SourceFacts } from "../types";

/** GuardDuty's global service principal. */
export const GUARD_DUTY_SERVICE = "guardduty.amazonaws.com";

/** GuardDuty's fastest finding-export frequency (the default is six hours). */
export const GUARDDUTY_PUBLISHING_FREQUENCY = "FIFTEEN_MINUTES";

/**
 * The principal GuardDuty writes findings and uses keys with: `guardduty.amazonaws.com`, or in an
 * opt-in region the regional `guardduty.<region>.amazonaws.com` (GuardDuty user guide, "Exporting
 * generated findings to Amazon S3 buckets", steps 2 and 3: the key and bucket policies name the
 * regional principal in opt-in regions).
 */
export function guardDutyServicePrincipal(
    region: string,
    optInRegions: readonly string[] = OPT_IN_REGIONS,
): string {
    return optInRegions.includes(region) ? `guardduty.${region}.amazonaws.com` : GUARD_DUTY_SERVICE;
}

/**
 * Which members a GuardDuty delegated administrator enables automatically in a region (GuardDuty
 * API reference, UpdateOrganizationConfiguration `AutoEnableOrganizationMembers`).
 */
export const GuardDutyAutoEnable = {
    /** Every member account, existing and new. */
    All: "ALL",
    /** Accounts that join the organization from now on. */
    New: "NEW",
    /** None: members are enabled one by one. */
    None: "NONE",
} as const;
/** Which members a GuardDuty delegated administrator enables automatically in a region. */
export type GuardDutyAutoEnable = (typeof GuardDutyAutoEnable)[keyof typeof GuardDutyAutoEnable];

/** GuardDuty's facts. */
export const GUARD_DUTY_FACTS = {
    key: "guardDuty",
    title: "GuardDuty findings",
    connections: [
        {
            id: "guardDuty",
            table: "AWSGuardDuty",
            pathSegment: "GuardDuty",
            suffix: NOTIFICATION_SUFFIX,
        },
    ],
    sentinel: { kind: "classic" },
    pack: { writerServices: [GUARD_DUTY_SERVICE] },
    eventDriven: true,
    layout: { organizationFolder: "guardduty/" },
    doctorOperations: [
        {
            service: "guardduty",
            operation: "ListDetectors",
            action: "guardduty:ListDetectors",
            purpose: "the region's detector",
        },
        {
            service: "guardduty",
            operation: "GetDetector",
            action: "guardduty:GetDetector",
            purpose: "status and finding publishing frequency",
        },
        {
            service: "guardduty",
            operation: "ListPublishingDestinations",
            action: "guardduty:ListPublishingDestinations",
            purpose: "the detector's exports",
        },
        {
            service: "guardduty",
            operation: "DescribePublishingDestination",
            action: "guardduty:DescribePublishingDestination",
            purpose: "each export's bucket and status",
        },
    ],
} as const satisfies SourceFacts<"guardDuty">;
