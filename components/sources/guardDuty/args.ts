// GuardDuty's arguments: on the hub (`logTypes.guardDuty`) and on a log source (`guardDuty`), each
// interface beside the description of its fields.
import * as pulumi from "@pulumi/pulumi";
import { Field, objectOf } from "../../shared/fields";
import * as f from "../../shared/formats";
import { ENABLED, REGION_ITEM } from "../fields";

import { GuardDutyAutoEnable } from "./facts";

export { GuardDutyAutoEnable };

/** GuardDuty findings: exported every 15 minutes to the bucket, KMS-encrypted, read into `AWSGuardDuty`. */
export interface GuardDutyLogArgs {
    /** Connects this log type. @default true */
    readonly enabled?: boolean;
    /**
     * The ID of the region's existing GuardDuty detector (an account has one per region). Without
     * it the component creates a detector publishing findings every 15 minutes; with it, set the
     * detector's finding-publishing frequency to `FIFTEEN_MINUTES` yourself (the default is 6 hours).
     * Not with `regions` (use `existingDetectorIds` there).
     * @default a detector is created, publishing every 15 minutes
     */
    readonly existingDetectorId?: pulumi.Input<string>;
    /**
     * The regions to export findings from, each with its detector and export to the bucket (a
     * detector and its export are regional). In an organization hub, findings of other accounts
     * come from `SentinelLogSource`s and these are the hub account's own, if any.
     * @default the hub's region (an organization hub exports none itself)
     */
    readonly regions?: string[];
    /**
     * Existing detectors by region (with `regions`): those regions use them, the others get a
     * detector created.
     */
    readonly existingDetectorIds?: { [region: string]: string };
}

/**
 * The GuardDuty exports a log source creates, one per region: only in GuardDuty's delegated
 * administrator account (the hub's `organization.guardDutyAdministratorAccountId`), whose export
 * carries every member's findings. A log source in any other account refuses it (a member's own
 * export would duplicate its findings, and the hub's policies refuse it).
 */
export interface LogSourceGuardDutyArgs {
    /** The regions to export findings from, each with its detector and export to the hub. */
    readonly regions: string[];
    /** Existing detectors by region; the other regions get one created (15-minute publishing). */
    readonly existingDetectorIds?: { [region: string]: string };
    /**
     * In GuardDuty's delegated administrator account: which members GuardDuty enables automatically
     * in each region, so the administrator's one export carries every member's findings.
     * @default the organization configuration is left as it is
     */
    readonly autoEnable?: GuardDutyAutoEnable;
}

/** Existing detectors by region. */
const existingDetectorIds = (doc: string): Field => ({
    kind: "map",
    doc,
    keys: f.REGION,
    values: { kind: "string", doc: "A detector ID.", format: f.DETECTOR_ID },
});

/** The description of `logTypes.guardDuty`. */
export const GUARD_DUTY_FIELDS = objectOf<GuardDutyLogArgs>(
    "GuardDutyLogArgs",
    {
        enabled: ENABLED,
        existingDetectorId: {
            kind: "string",
            input: true,
            doc: "The region's existing detector; then set its publishing frequency to FIFTEEN_MINUTES yourself.",
            default: { text: "a detector is created, publishing every 15 minutes" },
            format: f.DETECTOR_ID,
        },
        regions: {
            kind: "list",
            doc: "The regions to export findings from, each with its detector and export.",
            default: { text: "the hub's region (an organization hub exports none itself)" },
            minItems: 1,
            unique: true,
            itemName: "region",
            items: REGION_ITEM,
        },
        existingDetectorIds: existingDetectorIds(
            "Existing detectors by region (with `regions`); the other regions get one created.",
        ),
    },
    { doc: "GuardDuty findings into `AWSGuardDuty`." },
);

/** The description of a log source's `guardDuty`. */
export const LOG_SOURCE_GUARD_DUTY_FIELDS = objectOf<LogSourceGuardDutyArgs>(
    "LogSourceGuardDutyArgs",
    {
        regions: {
            kind: "list",
            required: true,
            minItems: 1,
            unique: true,
            itemName: "region",
            doc: "The regions to export findings from.",
            items: REGION_ITEM,
        },
        existingDetectorIds: existingDetectorIds(
            "Existing detectors by region; the other regions get one created.",
        ),
        autoEnable: {
            kind: "enum",
            doc: "In the delegated administrator: which members GuardDuty enables automatically in each region.",
            default: { text: "the organization configuration is left as it is" },
            values: Object.values(GuardDutyAutoEnable),
        },
    },
    {
        doc: "GuardDuty exports writing to the hub, in GuardDuty's delegated administrator account only (its export carries every member's findings).",
    },
);
