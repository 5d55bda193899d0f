// CloudTrail from a log source: an organization trail (management account or CloudTrail's delegated
// administrator) or a trail of the account, writing into the hub's CloudTrail folder.
import * as cloudtrail from "@pulumi/aws/cloudtrail";
import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../../shared/fields";
import type { LogSourcePart } from "../types";
import {
    CLOUD_TRAIL_DEFAULTS as D,
    LOG_SOURCE_CLOUD_TRAIL_FIELDS,
    LogSourceCloudTrailArgs,
} from "./args";
import { defaultTrailName } from "./hub";

/** CloudTrail's part in `SentinelLogSource`. */
export const CLOUD_TRAIL_LOG_SOURCE: LogSourcePart<LogSourceCloudTrailArgs> = {
    fields: LOG_SOURCE_CLOUD_TRAIL_FIELDS,
    organizationReason: (settings) =>
        settings.organizationTrail === true ? "an organization trail needs it" : undefined,
    destinationProblems(destination, settings, at): Problems {
        if (
            settings.organizationTrail !== true &&
            Array.isArray(destination.cloudTrailAccountIds)
        ) {
            return [
                `${at.key("organizationTrail").code} is false, but the hub lists \`organization.accountIds\`: its CloudTrail notification then covers only the organization trail's folder of each listed account, and an account trail writes under \`AWSLogs/<account>/CloudTrail/\`, which no notification covers. Create the organization trail (\`organizationTrail: true\`), or leave \`accountIds\` out on the hub.`,
            ];
        }
        return [];
    },
    create(trail, w) {
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
                enableLogging: true,
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
