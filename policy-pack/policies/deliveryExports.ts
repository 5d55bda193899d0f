// The export → bucket link of the delivery chain: an export writing into a bucket whose
// notification announces its log type to a connector must write under the prefix that
// notification filters on. A trail with a key prefix the notification does not carry, or flow logs
// with Hive-compatible folders, write files no message ever names: connected, and no row.
//
// Each writer names its destination in its own properties, so each writer resource type has a
// small description here of where it puts its files (its AWS guide's folder layout); the log type
// and folder come from the registry. A source whose writer is not described here is not checked by
// this rule (the doctor's `aws.<logType>.objects` check finds the same fault on a live account).
import { DELIVERY_FACTS, DeliveryFact, queueNotFedReason } from "../../components/shared/delivery";
import { LOG_TYPE_CATALOG, LogType } from "../../components/shared/catalog";
import { Outcome, stackPolicy } from "./lib/builders";
import { Feed, connectionOfFeed, connectorFeeds } from "./lib/deliveryChain";
import { BUCKET_REF, Res, StackIndex, bucketName } from "./lib/stack";
import { BUCKET_TYPES, PackPolicy, TYPES } from "./lib/types";
import {
    Finding,
    Str,
    UNKNOWN,
    Unknown,
    at,
    isUnknown,
    label,
    show,
    unknownFinding,
} from "./lib/values";

/** Where a writer puts its files: the bucket, and the key folder up to its log type's folder. */
export interface Destination {
    readonly logType: LogType | undefined;
    /** The bucket's name, or an S3 ARN holding it. */
    readonly bucket: unknown;
    /** The property the bucket comes from (for its dependencies). */
    readonly bucketProperty: string;
    /** The key folder the files are under, given the account and organization IDs. */
    readonly folder: Unknown | ((ids: { account: string; organization: string }) => string);
}

/** `arn:<partition>:s3:::<bucket>[/<prefix>]` → bucket and `<prefix>/` (empty when none). */
function splitS3Arn(arn: unknown): { bucket: Str | undefined; prefix: Str | undefined } {
    if (isUnknown(arn)) {
        return { bucket: arn, prefix: arn };
    }
    const m = typeof arn === "string" ? /^arn:aws[a-z-]*:s3:::([^/]+)(?:\/(.*))?$/.exec(arn) : null;
    if (!m) {
        return { bucket: undefined, prefix: undefined };
    }
    const prefix = (m[2] ?? "").replace(/\/+$/, "");
    return { bucket: m[1], prefix: prefix === "" ? "" : `${prefix}/` };
}

/** A key prefix property as written (`logs` or `logs/`) → `""` or `logs/`. */
function folderOf(prefix: unknown): Str | undefined {
    if (isUnknown(prefix)) {
        return prefix;
    }
    const trimmed = typeof prefix === "string" ? prefix.replace(/\/+$/, "") : "";
    return trimmed === "" ? "" : `${trimmed}/`;
}

/** `<prefix>AWSLogs/<account>/<segment>/`, the layout CloudTrail, flow logs, GuardDuty and Route 53 share. */
function standard(prefix: Str | undefined, logType: LogType): Destination["folder"] {
    return typeof prefix === "string"
        ? ({ account }) => `${prefix}AWSLogs/${account}/${LOG_TYPE_CATALOG[logType].pathSegment}/`
        : UNKNOWN;
}

/** The writers this rule knows, by resource type. */
export const WRITERS: Readonly<
    Record<string, (props: Record<string, unknown>) => Destination | undefined>
> = {
    // CloudTrail User Guide, "Finding your CloudTrail log files": <prefix>/AWSLogs/<account>/
    // CloudTrail/…, an organization trail's under AWSLogs/<organization>/<account>/.
    [TYPES.trail]: (p) => {
        const prefix = folderOf(p.s3KeyPrefix);
        const organization = p.isOrganizationTrail;
        return {
            logType: "cloudTrail",
            bucket: p.s3BucketName,
            bucketProperty: "s3BucketName",
            folder:
                isUnknown(prefix) || isUnknown(organization)
                    ? UNKNOWN
                    : (ids) =>
                          `${prefix ?? ""}AWSLogs/${organization === true ? `${ids.organization}/` : ""}${ids.account}/CloudTrail/`,
        };
    },
    // VPC User Guide, "Flow log files": <bucket-and-optional-prefix>/AWSLogs/<account>/
    // vpcflowlogs/…, or with Hive-compatible prefixes AWSLogs/aws-account-id=<account>/
    // aws-service=vpcflowlogs/….
    [TYPES.flowLog]: (p) => {
        if (p.logDestinationType !== "s3" && !isUnknown(p.logDestinationType)) {
            return undefined;
        }
        const { bucket, prefix } = splitS3Arn(p.logDestination);
        const hive = at(p.destinationOptions, "hiveCompatiblePartitions");
        return {
            logType: "vpcFlowLogs",
            bucket,
            bucketProperty: "logDestination",
            folder:
                isUnknown(hive) || isUnknown(p.logDestinationType)
                    ? UNKNOWN
                    : hive === true && typeof prefix === "string"
                      ? ({ account }) =>
                            `${prefix}AWSLogs/aws-account-id=${account}/aws-service=vpcflowlogs/`
                      : standard(prefix, "vpcFlowLogs"),
        };
    },
    // GuardDuty User Guide, "Exporting generated findings": <bucket>/<prefix>/AWSLogs/<account>/GuardDuty/….
    "aws:guardduty/publishingDestination:PublishingDestination": (p) => {
        const { bucket, prefix } = splitS3Arn(p.destinationArn);
        return {
            logType: "guardDuty",
            bucket,
            bucketProperty: "destinationArn",
            folder: standard(prefix, "guardDuty"),
        };
    },
    // Route 53 Developer Guide, query logging to S3: <bucket>/<prefix>/AWSLogs/<account>/vpcdnsquerylogs/….
    "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": (p) => {
        const { bucket, prefix } = splitS3Arn(p.destinationArn);
        if (bucket === undefined) {
            return undefined; // a log group or a Firehose stream
        }
        return {
            logType: "route53ResolverQueryLogs",
            bucket,
            bucketProperty: "destinationArn",
            folder: standard(prefix, "route53ResolverQueryLogs"),
        };
    },
};

const FACT: DeliveryFact = DELIVERY_FACTS.queueNotFed;

/** The bucket a writer names, as the stack knows it: its name, and the bucket in the stack. */
export function writerBucket(
    index: StackIndex,
    writer: Res,
    d: Destination,
): { name: Str | undefined; res?: Res } {
    const name =
        typeof d.bucket === "string"
            ? (splitS3Arn(d.bucket).bucket ?? d.bucket)
            : isUnknown(d.bucket)
              ? d.bucket
              : undefined;
    const byValue = typeof name === "string" ? index.find(BUCKET_REF, name) : [];
    const res =
        byValue[0] ??
        index
            .ofType(...BUCKET_TYPES)
            .find((b) => typeof name === "string" && bucketName(b) === name) ??
        (typeof name === "string"
            ? undefined
            : index.dependencies(writer, d.bucketProperty, BUCKET_TYPES)[0]);
    return { name: res ? (bucketName(res) ?? name) : name, res };
}

export const s3ExportDestinationNotified: PackPolicy = stackPolicy(
    {
        name: "s3-export-destination-notified",
        description:
            "Checks that an export writing into a bucket whose notification announces its log type to a connector writes under the prefix that notification filters on: a trail key prefix, a flow-log subfolder or Hive-compatible folders the notification does not carry produce files no message names.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `Give the export and the notification the same key prefix (the component's \`keyPrefix\` sets both), and leave flow logs' Hive-compatible prefixes off. ${FACT.guide}. Sentinel shows: ${FACT.shows}.`,
    },
    ({ index }): Outcome => {
        const findings: Finding[] = [];
        let checked = 0;
        const announced = connectorFeeds(index).map((c) => c.feed);
        for (const [type, describe] of Object.entries(WRITERS)) {
            for (const writer of index.ofType(type)) {
                const d = describe(writer.props);
                if (d === undefined || d.logType === undefined) {
                    continue;
                }
                const who = label(writer.type, writer.name);
                const bucket = writerBucket(index, writer, d);
                if (isUnknown(bucket.name) && bucket.res === undefined) {
                    findings.push(unknownFinding(`The bucket ${who} writes to`, writer.urn));
                    continue;
                }
                const mine = announced.filter(
                    (f: Feed) =>
                        ((bucket.res !== undefined && f.bucket.res?.urn === bucket.res.urn) ||
                            (typeof bucket.name === "string" && f.bucket.name === bucket.name)) &&
                        connectionOfFeed(f)?.logType === d.logType,
                );
                if (mine.length === 0) {
                    continue; // the bucket announces no file of this log type to a connector
                }
                checked++;
                if (
                    typeof d.folder !== "function" ||
                    mine.some((f) => typeof f.prefix !== "string")
                ) {
                    findings.push(
                        unknownFinding(
                            `Where ${who} writes, or what its bucket's notification filters on,`,
                            writer.urn,
                        ),
                    );
                    continue;
                }
                const folder = d.folder;
                const covered = mine.some((f) => {
                    const prefix = f.prefix as string;
                    const account =
                        // `AWSLogs/<account>/`, or Hive-compatible `AWSLogs/aws-account-id=<account>/`.
                        /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]+\/)?(?:aws-account-id=)?(\d{12})\//.exec(
                            prefix,
                        )?.[1] ?? "111122223333";
                    const organization =
                        /(?:^|\/)(o-[a-z0-9]{10,32})\//.exec(prefix)?.[1] ?? "o-aaaaaaaaaa";
                    const key = `${folder({ account, organization })}us-east-1/2025/01/01/file.gz`;
                    return key.startsWith(prefix);
                });
                if (!covered) {
                    const sample = folder({ account: "<account>", organization: "<organization>" });
                    findings.push({
                        message: `${who} must write under a prefix its bucket's notification announces to the ${LOG_TYPE_CATALOG[d.logType].title} connector, but it writes under ${show(sample)} and the notification filters on ${mine.map((f) => show(f.prefix)).join(", ")}: ${queueNotFedReason("the connector's queue", `bucket ${show(bucket.name)} for these files`)}`,
                        urn: writer.urn,
                    });
                }
            }
        }
        return checked > 0 || findings.length > 0
            ? findings
            : "No export of the stack writes into a bucket whose notification announces its log type to a connector.";
    },
);

export const deliveryExportPolicies: PackPolicy[] = [s3ExportDestinationNotified];
