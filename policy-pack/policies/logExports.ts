// The AWS exports that write the logs: VPC flow logs in the format their connection reads, CloudTrail
// trails and GuardDuty detectors set up as security reviewers expect.
import {
    FLOW_LOG_FILE_FORMAT,
    FLOW_LOG_REQUIRED_FIELD,
    GUARDDUTY_PUBLISHING_FREQUENCY,
} from "../../components/shared/catalog";
import { FlowLogFileFormat } from "../../components/sources/vpcFlowLogs/facts";
import { notificationFilterKey } from "../../components/sources/layout";
import { Outcome, ResourceContext, resourcePolicy, stackPolicy } from "./lib/builders";
import {
    connectorEntries,
    flowLogTargets,
    formatReadBy,
    notificationBucket,
    watches,
} from "./lib/flowLogs";
import { PackPolicy, TYPES } from "./lib/types";
import { Finding, isUnknown, label, show, unknownFinding } from "./lib/values";

/** A flow-log check, not applicable unless the flow log delivers to S3 (the only destination the connector reads). */
function s3FlowLog(check: (r: ResourceContext<unknown>) => Finding[]) {
    return (r: ResourceContext<unknown>): Outcome =>
        r.props.logDestinationType !== "s3" && !isUnknown(r.props.logDestinationType)
            ? "The flow log does not deliver to S3."
            : check(r);
}

export const ec2FlowLogPlainTextFormat: PackPolicy = stackPolicy(
    {
        name: "ec2-flow-log-plain-text-format",
        description: `Checks that a VPC flow log delivered to S3 where a Sentinel connection reads writes the file format that connection takes: "${FLOW_LOG_FILE_FORMAT}" for the classic connector (which does not read Parquet) and for a CCF connection reading CSV, "${FlowLogFileFormat.Parquet}" for a CCF connection reading Parquet. A flow log whose folder no connection reads is not checked.`,
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `Set \`destinationOptions.fileFormat\` to the format of the connection that reads the folder ("${FLOW_LOG_FILE_FORMAT}" for the classic connector), or read Parquet through the CCF connection (the component's \`vpcFlowLogs: { connector: "ccf", fileFormat: "parquet" }\`).`,
    },
    ({ index }): Outcome => {
        const flowLogs = flowLogTargets(index);
        if (flowLogs.length === 0) {
            return "The stack has no flow log delivering to S3.";
        }
        const entries = connectorEntries(index);
        const findings: Finding[] = [];
        let checked = 0;
        for (const f of flowLogs) {
            const who = label(f.res.type, f.res.name);
            const sameBucket = entries.filter(
                (e) =>
                    isUnknown(f.bucket) ||
                    notificationBucket(index, e.notification) === f.bucket ||
                    isUnknown(notificationBucket(index, e.notification)),
            );
            if (sameBucket.length === 0) {
                continue;
            }
            if (
                isUnknown(f.folder) ||
                isUnknown(f.hive) ||
                isUnknown(f.format) ||
                isUnknown(f.res.props.logDestinationType)
            ) {
                checked++;
                findings.push(
                    unknownFinding(`The destination or file format of ${who}`, f.res.urn),
                );
                continue;
            }
            const folder = f.folder;
            const hive = f.hive;
            // Flow logs' entries, and any entry whose prefix covers the flow log's whole
            // `AWSLogs/` folder (without a prefix, the whole bucket): its connection reads them.
            const watching = sameBucket.filter(
                (e) =>
                    !isUnknown(e.prefix) &&
                    watches(e.prefix ?? "", { folder, hive }) &&
                    (e.logType === undefined ||
                        e.logType === "vpcFlowLogs" ||
                        `${folder}AWSLogs/`.startsWith(notificationFilterKey(e.prefix ?? ""))),
            );
            for (const e of watching) {
                checked++;
                const read = formatReadBy(index, e);
                if (isUnknown(read)) {
                    findings.push(unknownFinding(`The format ${e.where} reads`, f.res.urn));
                } else if (read !== undefined && read !== f.format) {
                    findings.push({
                        message: `${who} must deliver the "${read}" file format where ${e.where} feeds a connection reading it, not ${show(f.format)}${read === FLOW_LOG_FILE_FORMAT ? " (the classic connector cannot read Parquet)" : ""}.`,
                        urn: f.res.urn,
                    });
                }
            }
        }
        return checked > 0 ? findings : "No flow log writes where a Sentinel connection reads.";
    },
);

export const ec2FlowLogFormatIncludesStart: PackPolicy = resourcePolicy(
    {
        name: "ec2-flow-log-format-includes-start",
        description: `Checks that a custom VPC flow-log record format delivered to S3 includes \${${FLOW_LOG_REQUIRED_FIELD}}, which becomes TimeGenerated in Sentinel.`,
        enforcementLevel: "mandatory",
        severity: "medium",
        remediationSteps: `Add \`\${${FLOW_LOG_REQUIRED_FIELD}}\` to \`logFormat\` (or leave it unset for AWS's default format, which has it); without it rows get the ingestion time.`,
        types: [TYPES.flowLog],
    },
    s3FlowLog(({ props, who }) => {
        if (isUnknown(props.logFormat) || isUnknown(props.logDestinationType)) {
            return [unknownFinding(`The destination or record format of ${who}`)];
        }
        return typeof props.logFormat === "string" &&
            props.logFormat !== "" &&
            !props.logFormat.includes(`\${${FLOW_LOG_REQUIRED_FIELD}}`)
            ? [
                  {
                      message: `${who} must include \${${FLOW_LOG_REQUIRED_FIELD}} in its record format ${show(props.logFormat)}.`,
                  },
              ]
            : [];
    }),
);

export const ec2VpcFlowLogsEnabled: PackPolicy = stackPolicy(
    {
        name: "ec2-vpc-flow-logs-enabled",
        description: "Checks that every VPC the stack creates has a flow log.",
        enforcementLevel: "advisory",
        severity: "medium",
        remediationSteps:
            "Add the VPC's ID to the component's `logTypes.vpcFlowLogs.vpcIds` (or create an FlowLog for it).",
    },
    ({ index }) => {
        const vpcs = index.ofType(TYPES.vpc);
        if (vpcs.length === 0) {
            return "The stack creates no VPC.";
        }
        const flowLogs = index.ofType(TYPES.flowLog);
        const covered = new Set(
            flowLogs.flatMap((f) => index.dependencies(f, "vpcId", [TYPES.vpc]).map((v) => v.urn)),
        );
        const ids = new Set(
            flowLogs.map((f) => f.props.vpcId).filter((v): v is string => typeof v === "string"),
        );
        const unsure = flowLogs.some(
            (f) =>
                isUnknown(f.props.vpcId) &&
                index.dependencies(f, "vpcId", [TYPES.vpc]).length === 0,
        );
        const findings: Finding[] = vpcs
            .filter(
                (v) =>
                    !covered.has(v.urn) && !(typeof v.props.id === "string" && ids.has(v.props.id)),
            )
            .map((v) =>
                unsure
                    ? unknownFinding(`Which VPC each flow log records`, v.urn)
                    : { message: `${label(v.type, v.name)} must have a VPC flow log.`, urn: v.urn },
            );
        return findings;
    },
);

/** A boolean trail setting that must be true (or, with `defaultTrue`, not false). */
function trailFlag(property: string, defaultTrue: boolean, text: string) {
    return ({ props, who }: ResourceContext<unknown>): Finding[] => {
        const v = props[property];
        if (isUnknown(v)) {
            return [unknownFinding(`${property} of ${who}`)];
        }
        return v === false || (v === undefined && !defaultTrue)
            ? [{ message: `${who} must ${text} (${property} is ${show(v ?? "unset")}).` }]
            : [];
    };
}

export const cloudtrailTrailMultiRegion: PackPolicy = resourcePolicy(
    {
        name: "cloudtrail-trail-multi-region",
        description: "Checks that CloudTrail trails record every region (isMultiRegionTrail).",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: "Set `isMultiRegionTrail: true` (the component's trail is multi-region).",
        types: [TYPES.trail],
    },
    trailFlag("isMultiRegionTrail", false, "record every region"),
);

export const cloudtrailTrailLogFileValidation: PackPolicy = resourcePolicy(
    {
        name: "cloudtrail-trail-log-file-validation",
        description: "Checks that CloudTrail trails have log file integrity validation enabled.",
        enforcementLevel: "mandatory",
        severity: "medium",
        remediationSteps:
            "Set `enableLogFileValidation: true` (the digest files it writes are kept out of the connector by the notification prefix).",
        types: [TYPES.trail],
    },
    trailFlag("enableLogFileValidation", false, "validate its log files"),
);

export const cloudtrailTrailLoggingEnabled: PackPolicy = resourcePolicy(
    {
        name: "cloudtrail-trail-logging-enabled",
        description: "Checks that CloudTrail trails are logging (enableLogging is not false).",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: "Set `enableLogging: true` or leave it unset.",
        types: [TYPES.trail],
    },
    trailFlag("enableLogging", true, "be logging"),
);

export const cloudtrailTrailKmsEncryption: PackPolicy = resourcePolicy(
    {
        name: "cloudtrail-trail-kms-encryption",
        description:
            "Checks that CloudTrail trails encrypt log files with a customer-managed KMS key (SSE-KMS).",
        enforcementLevel: "advisory",
        severity: "medium",
        remediationSteps:
            "Keep the component's `bucketEncryption: \"kms\"` (the default), which sets the trail's `kmsKeyId` to the logs key.",
        types: [TYPES.trail],
    },
    ({ props, who }) =>
        // An unknown key is still a key; only its ARN is not known yet.
        isUnknown(props.kmsKeyId) || (typeof props.kmsKeyId === "string" && props.kmsKeyId !== "")
            ? []
            : [
                  {
                      message: `${who} must encrypt its log files with a customer-managed KMS key (kmsKeyId is unset).`,
                  },
              ],
);

export const guarddutyDetectorEnabled: PackPolicy = resourcePolicy(
    {
        name: "guardduty-detector-enabled",
        description: "Checks that GuardDuty detectors are enabled.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: "Set `enable: true` or leave it unset.",
        types: [TYPES.detector],
    },
    ({ props, who }) => {
        if (isUnknown(props.enable)) {
            return [unknownFinding(`Whether ${who} is enabled`)];
        }
        return props.enable === false
            ? [{ message: `${who} must be enabled (enable is false).` }]
            : [];
    },
);

const FREQUENCIES = ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"];

/** Configuration of `guardduty-detector-publishing-frequency`. */
export interface PublishingFrequencyConfig {
    readonly maxPublishingFrequency: string;
}

export const guarddutyDetectorPublishingFrequency: PackPolicy =
    resourcePolicy<PublishingFrequencyConfig>(
        {
            name: "guardduty-detector-publishing-frequency",
            description:
                "Checks that GuardDuty detectors publish findings at least as often as `maxPublishingFrequency` (default every 15 minutes; AWS's default is 6 hours).",
            enforcementLevel: "advisory",
            severity: "low",
            remediationSteps: `Set \`findingPublishingFrequency: "${GUARDDUTY_PUBLISHING_FREQUENCY}"\` (the component does for the detector it creates).`,
            configSchema: {
                properties: {
                    maxPublishingFrequency: {
                        type: "string",
                        enum: FREQUENCIES,
                        default: GUARDDUTY_PUBLISHING_FREQUENCY,
                        description: "The slowest finding-publishing frequency accepted.",
                    },
                },
            },
            types: [TYPES.detector],
        },
        ({ props, who, config }) => {
            const { maxPublishingFrequency } = config;
            const v = props.findingPublishingFrequency;
            if (isUnknown(v)) {
                return [unknownFinding(`The finding-publishing frequency of ${who}`)];
            }
            const actual = typeof v === "string" ? v : "SIX_HOURS";
            return FREQUENCIES.indexOf(actual) > FREQUENCIES.indexOf(maxPublishingFrequency)
                ? [
                      {
                          message: `${who} must publish findings at least every ${maxPublishingFrequency}, not ${show(actual)}${v === undefined ? " (the default)" : ""}.`,
                      },
                  ]
                : [];
        },
    );

export const logExportPolicies: PackPolicy[] = [
    ec2FlowLogPlainTextFormat,
    ec2FlowLogFormatIncludesStart,
    ec2VpcFlowLogsEnabled,
    cloudtrailTrailMultiRegion,
    cloudtrailTrailLogFileValidation,
    cloudtrailTrailLoggingEnabled,
    cloudtrailTrailKmsEncryption,
    guarddutyDetectorEnabled,
    guarddutyDetectorPublishingFrequency,
];
