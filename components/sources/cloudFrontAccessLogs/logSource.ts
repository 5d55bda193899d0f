// CloudFront standard logs from a log source: the standard logging (v2) of the account's
// distributions, delivered into the hub's CloudFront folder from us-east-1.
import * as pulumi from "@pulumi/pulumi";
import type { LogSourcePart } from "../types";
import { LOG_SOURCE_CLOUDFRONT_FIELDS, LogSourceCloudFrontArgs } from "./args";
import { createCloudFrontLogging } from "./hub";

/** CloudFront standard logs' part in `SentinelLogSource`. */
export const CLOUDFRONT_LOG_SOURCE: LogSourcePart<LogSourceCloudFrontArgs> = {
    fields: LOG_SOURCE_CLOUDFRONT_FIELDS,
    // The distributions' ARNs name the log source's own account.
    needsOwnAccount: true,
    create(settings, w) {
        return createCloudFrontLogging(w.name, {
            subject: `SentinelLogSource "${w.name}"`,
            scope: `${pulumi.getProject()}/${pulumi.getStack()}/${w.name}`,
            distributionIds: settings.distributionIds,
            bucketArn: w.destination.bucketArn,
            folder: w.folder,
            partition: w.partition,
            accountId: w.accountId,
            tags: w.tags,
            opts: { parent: w.parent },
        });
    },
};
