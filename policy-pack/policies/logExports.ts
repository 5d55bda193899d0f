// The AWS exports that write the logs: VPC flow logs in the format the connector reads, CloudTrail
// trails and GuardDuty detectors set up as security reviewers expect.
import { Trail } from "@pulumi/aws/cloudtrail/trail";
import { FlowLog } from "@pulumi/aws/ec2/flowLog";
import { Detector } from "@pulumi/aws/guardduty/detector";
import { ResourceValidationArgs, validateResourceOfType } from "@pulumi/policy";
import {
    FLOW_LOG_FILE_FORMAT,
    FLOW_LOG_REQUIRED_FIELD,
    GUARDDUTY_PUBLISHING_FREQUENCY,
} from "../../components/shared/catalog";
import { StackIndex } from "./lib/stack";
import { PackPolicy, TYPES } from "./lib/types";
import {
    Finding,
    at,
    configWithDefaults,
    emit,
    isUnknown,
    label,
    plainProps,
    show,
    unknownFinding,
} from "./lib/values";

/** Reads a flow log; not applicable unless it delivers to S3 (the only destination the connector reads). */
function s3FlowLog(args: ResourceValidationArgs, flowLog: unknown) {
    const props = plainProps(flowLog);
    const who = label(args.type, args.name);
    if (props.logDestinationType !== "s3" && !isUnknown(props.logDestinationType)) {
        return args.notApplicable("The flow log does not deliver to S3.");
    }
    return { props, who };
}

export const ec2FlowLogPlainTextFormat: PackPolicy = {
    name: "ec2-flow-log-plain-text-format",
    description: `Checks that VPC flow logs delivered to S3 use the "${FLOW_LOG_FILE_FORMAT}" file format; the connector does not read Parquet.`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: `Set \`destinationOptions.fileFormat: "${FLOW_LOG_FILE_FORMAT}"\` (or leave it unset). Disable this policy for S3 flow logs that no Sentinel connector reads.`,
    validateResource: validateResourceOfType(FlowLog, (flowLog, args, report) => {
        const { props, who } = s3FlowLog(args, flowLog);
        const format = at(props.destinationOptions, "fileFormat");
        if (isUnknown(format) || isUnknown(props.logDestinationType)) {
            emit(report, [unknownFinding(`The destination or file format of ${who}`)]);
        } else if (format !== undefined && format !== FLOW_LOG_FILE_FORMAT) {
            report(
                `${who} must deliver the "${FLOW_LOG_FILE_FORMAT}" file format to S3, not ${show(format)}, which the connector cannot read.`,
            );
        }
    }),
};

export const ec2FlowLogFormatIncludesStart: PackPolicy = {
    name: "ec2-flow-log-format-includes-start",
    description: `Checks that a custom VPC flow-log record format delivered to S3 includes \${${FLOW_LOG_REQUIRED_FIELD}}, which becomes TimeGenerated in Sentinel.`,
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: `Add \`\${${FLOW_LOG_REQUIRED_FIELD}}\` to \`logFormat\` (or leave it unset for AWS's default format, which has it); without it rows get the ingestion time.`,
    validateResource: validateResourceOfType(FlowLog, (flowLog, args, report) => {
        const { props, who } = s3FlowLog(args, flowLog);
        if (isUnknown(props.logFormat) || isUnknown(props.logDestinationType)) {
            emit(report, [unknownFinding(`The destination or record format of ${who}`)]);
        } else if (
            typeof props.logFormat === "string" &&
            props.logFormat !== "" &&
            !props.logFormat.includes(`\${${FLOW_LOG_REQUIRED_FIELD}}`)
        ) {
            report(
                `${who} must include \${${FLOW_LOG_REQUIRED_FIELD}} in its record format ${show(props.logFormat)}.`,
            );
        }
    }),
};

export const ec2VpcFlowLogsEnabled: PackPolicy = {
    name: "ec2-vpc-flow-logs-enabled",
    description: "Checks that every VPC the stack creates has a flow log.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Add the VPC's ID to the component's `logTypes.vpcFlowLogs.vpcIds` (or create an FlowLog for it).",
    validateStack: (args, report) => {
        const index = new StackIndex(args.resources);
        const vpcs = index.ofType(TYPES.vpc);
        if (vpcs.length === 0) {
            return args.notApplicable("The stack creates no VPC.");
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
        emit(report, findings);
    },
};

/** A boolean trail setting that must be true (or, with `defaultTrue`, not false). */
function trailFlag(property: string, defaultTrue: boolean, text: string) {
    return validateResourceOfType(Trail, (trail, args, report) => {
        const props = plainProps(trail);
        const who = label(args.type, args.name);
        const v = props[property];
        if (isUnknown(v)) {
            emit(report, [unknownFinding(`${property} of ${who}`)]);
        } else if (v === false || (v === undefined && !defaultTrue)) {
            report(`${who} must ${text} (${property} is ${show(v ?? "unset")}).`);
        }
    });
}

export const cloudtrailTrailMultiRegion: PackPolicy = {
    name: "cloudtrail-trail-multi-region",
    description: "Checks that CloudTrail trails record every region (isMultiRegionTrail).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `isMultiRegionTrail: true` (the component's trail is multi-region).",
    validateResource: trailFlag("isMultiRegionTrail", false, "record every region"),
};

export const cloudtrailTrailLogFileValidation: PackPolicy = {
    name: "cloudtrail-trail-log-file-validation",
    description: "Checks that CloudTrail trails have log file integrity validation enabled.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps:
        "Set `enableLogFileValidation: true` (the digest files it writes are kept out of the connector by the notification prefix).",
    validateResource: trailFlag("enableLogFileValidation", false, "validate its log files"),
};

export const cloudtrailTrailLoggingEnabled: PackPolicy = {
    name: "cloudtrail-trail-logging-enabled",
    description: "Checks that CloudTrail trails are logging (enableLogging is not false).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `enableLogging: true` or leave it unset.",
    validateResource: trailFlag("enableLogging", true, "be logging"),
};

export const cloudtrailTrailKmsEncryption: PackPolicy = {
    name: "cloudtrail-trail-kms-encryption",
    description:
        "Checks that CloudTrail trails encrypt log files with a customer-managed KMS key (SSE-KMS).",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Keep the component's `bucketEncryption: \"kms\"` (the default), which sets the trail's `kmsKeyId` to the logs key.",
    validateResource: validateResourceOfType(Trail, (trail, args, report) => {
        const props = plainProps(trail);
        const who = label(args.type, args.name);
        if (isUnknown(props.kmsKeyId)) {
            return; // A key is set; only its ARN is not known yet.
        }
        if (typeof props.kmsKeyId !== "string" || props.kmsKeyId === "") {
            report(
                `${who} must encrypt its log files with a customer-managed KMS key (kmsKeyId is unset).`,
            );
        }
    }),
};

export const guarddutyDetectorEnabled: PackPolicy = {
    name: "guardduty-detector-enabled",
    description: "Checks that GuardDuty detectors are enabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `enable: true` or leave it unset.",
    validateResource: validateResourceOfType(Detector, (detector, args, report) => {
        const props = plainProps(detector);
        const who = label(args.type, args.name);
        if (isUnknown(props.enable)) {
            emit(report, [unknownFinding(`Whether ${who} is enabled`)]);
        } else if (props.enable === false) {
            report(`${who} must be enabled (enable is false).`);
        }
    }),
};

const FREQUENCIES = ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"];

/** Configuration of `guardduty-detector-publishing-frequency`. */
export interface PublishingFrequencyConfig {
    readonly maxPublishingFrequency: string;
}

export const PUBLISHING_FREQUENCY_DEFAULTS: PublishingFrequencyConfig = {
    maxPublishingFrequency: GUARDDUTY_PUBLISHING_FREQUENCY,
};

export const guarddutyDetectorPublishingFrequency: PackPolicy = {
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
    validateResource: validateResourceOfType(Detector, (detector, args, report) => {
        const props = plainProps(detector);
        const who = label(args.type, args.name);
        const { maxPublishingFrequency } = configWithDefaults(
            PUBLISHING_FREQUENCY_DEFAULTS,
            args.getConfig(),
        );
        const v = props.findingPublishingFrequency;
        if (isUnknown(v)) {
            emit(report, [unknownFinding(`The finding-publishing frequency of ${who}`)]);
            return;
        }
        const actual = typeof v === "string" ? v : "SIX_HOURS";
        if (FREQUENCIES.indexOf(actual) > FREQUENCIES.indexOf(maxPublishingFrequency)) {
            report(
                `${who} must publish findings at least every ${maxPublishingFrequency}, not ${show(actual)}${v === undefined ? " (the default)" : ""}.`,
            );
        }
    }),
};

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
