// CloudTrail from a log source: an organization trail (management account or CloudTrail's delegated
// administrator) or a trail of the account, writing into the hub's CloudTrail folder.
import * as cloudtrail from "@pulumi/aws/cloudtrail";
import * as pulumi from "@pulumi/pulumi";
import { Problems, ValidationError, isPlainObject } from "../../shared/fields";
import type { LogSourcePart } from "../types";
import {
    CLOUD_TRAIL_DEFAULTS as D,
    LOG_SOURCE_CLOUD_TRAIL_FIELDS,
    LogSourceCloudTrailArgs,
} from "./args";
import { defaultTrailName } from "./hub";

/** The hub admits account trails of the accounts it lists (`logDestination.bindings.cloudTrail`). */
function admitsAccountTrails(destination: Record<string, unknown>): boolean {
    const bindings = destination.bindings;
    const own = isPlainObject(bindings) ? bindings.cloudTrail : undefined;
    return isPlainObject(own) && own.accountTrails === "true";
}

/** CloudTrail's part in `SentinelLogSource`. */
export const CLOUD_TRAIL_LOG_SOURCE: LogSourcePart<LogSourceCloudTrailArgs> = {
    fields: LOG_SOURCE_CLOUD_TRAIL_FIELDS,
    // An account trail is admitted only for the accounts the hub lists: checked against the account.
    needsOwnAccount: true,
    organizationReason: (settings) =>
        settings.organizationTrail === true ? "an organization trail needs it" : undefined,
    destinationProblems(destination, settings, at): Problems {
        if (
            settings.organizationTrail !== true &&
            destination.organizationId !== undefined &&
            !admitsAccountTrails(destination)
        ) {
            return [
                `${at.key("organizationTrail").code} is false, but the hub admits the organization trail only: it binds CloudTrail to the trails of the account that owns the organization trail (CloudTrail user guide, "Creating a trail for an organization"), and notifies their folders. Create the organization trail (\`organizationTrail: true\`, in the management account or CloudTrail's delegated administrator), or admit this account's own trails on the hub (\`logTypes.cloudTrail.accountTrails: true\`, with the account in \`organization.accountIds\`).`,
            ];
        }
        return [];
    },
    create(trail, w) {
        // An account trail writes AWSLogs/<account>/: the hub admits and notifies only the accounts
        // it lists.
        const accountChecked =
            trail.organizationTrail === true
                ? pulumi.output(true)
                : pulumi.all([w.accountId, w.destination]).apply(([account, d]) => {
                      const listed = d.cloudTrailAccountIds ?? [];
                      if (!listed.includes(account)) {
                          throw new ValidationError(`SentinelLogSource "${w.name}"`, [
                              `\`cloudTrail\` creates a trail of account ${account}, which the hub does not list in \`organization.accountIds\` (${listed.length > 0 ? listed.join(", ") : "none"}): its bucket and key policies refuse the trail and no notification covers its folder. Add the account to the hub's \`organization.accountIds\`, or create the organization trail instead (\`organizationTrail: true\`).`,
                          ]);
                      }
                      return true;
                  });
        const created = new cloudtrail.Trail(
            `${w.name}-trail`,
            {
                name: trail.trailName ?? defaultTrailName(w.name, pulumi.getStack()),
                s3BucketName: w.destination.bucketName,
                // CloudTrail takes the folder without its trailing slash (CreateTrail S3KeyPrefix).
                s3KeyPrefix: w.folder.apply((p) => p.replace(/\/$/, "") || undefined),
                isOrganizationTrail: trail.organizationTrail ?? false,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents:
                    trail.includeGlobalServiceEvents ?? D.includeGlobalServiceEvents,
                enableLogFileValidation: true,
                enableLogging: accountChecked,
                kmsKeyId: w.destination.apply((d) => (d.bucketUsesKey ? d.keyArn : undefined)),
                eventSelectors: [
                    {
                        readWriteType: trail.managementEvents ?? D.managementEvents,
                        includeManagementEvents: true,
                    },
                ],
                tags: w.tags,
            },
            { parent: w.parent },
        );
        return { trailArn: created.arn };
    },
};
