// The description of every argument of `SentinelLogSource` (see awsSentinelConnectionFields.ts).
import { GuardDutyAutoEnable, LOG_DESTINATION_FORMAT } from "../shared/catalog";
import { Field, FieldsOf, StringFormat, objectOf } from "../shared/fields";
import * as f from "../shared/formats";
import {
    AWS_CONNECTION_DEFAULTS as D,
    CloudTrailReadWriteType,
    FlowLogAggregationInterval,
    FlowLogTrafficType,
} from "./awsSentinelConnectionArgs";
import {
    LogDestinationArgs,
    LogDestinationPrefixesArgs,
    LogSourceCloudTrailArgs,
    LogSourceFlowLogsArgs,
    LogSourceGuardDutyArgs,
    LogSourceVpcArgs,
    SentinelLogSourceArgs,
} from "./sentinelLogSourceArgs";

const inputString = (doc: string, format?: StringFormat): Field => ({
    kind: "string",
    input: true,
    required: true,
    doc,
    format,
});

const prefix: Field = { kind: "string", input: true, doc: "A folder in front of `AWSLogs/`." };

const destination = objectOf<LogDestinationArgs>(
    "LogDestinationArgs",
    {
        format: inputString(`Marks a hub's destination (${LOG_DESTINATION_FORMAT}).`),
        bucketName: inputString("The hub's bucket.", f.BUCKET_NAME),
        bucketArn: inputString("The hub's bucket ARN."),
        accountId: inputString("The hub's account.", f.ACCOUNT_ID),
        region: inputString("The hub's region.", f.REGION),
        partition: inputString("The hub's partition."),
        keyArn: {
            kind: "string",
            input: true,
            doc: "The key exports encrypt with.",
            format: f.KMS_KEY_ARN,
        },
        bucketUsesKey: {
            kind: "boolean",
            required: true,
            doc: "Whether the bucket's default encryption uses the key.",
        },
        organizationId: {
            kind: "string",
            input: true,
            doc: "The organization the hub admits writers from.",
            format: f.ORGANIZATION_ID,
        },
        keyPrefixes: objectOf<LogDestinationPrefixesArgs>(
            "LogDestinationPrefixesArgs",
            { cloudTrail: prefix, vpcFlowLogs: prefix, guardDuty: prefix },
            { doc: "The folder of each log type the hub connects.", required: true },
        ),
        cloudTrailAccountIds: {
            kind: "list",
            doc: "The accounts whose organization-trail folders the hub's CloudTrail notification covers.",
            items: { kind: "string", doc: "An account ID.", format: f.ACCOUNT_ID },
        },
        guardDutyOptInRegions: {
            kind: "list",
            doc: "The opt-in regions whose regional GuardDuty principal the hub admits.",
            items: { kind: "string", doc: "A region.", format: f.REGION },
        },
    },
    {
        doc: "Where to write: an organization hub's `logDestination` (the same program's, or a `StackReference` output).",
        required: true,
        open: true,
        input: true,
    },
);

const cloudTrail = objectOf<LogSourceCloudTrailArgs>(
    "LogSourceCloudTrailArgs",
    {
        organizationTrail: {
            kind: "boolean",
            doc: "Creates an organization trail for every account (in the management account or CloudTrail's delegated administrator).",
            default: { value: false },
        },
        trailName: {
            kind: "string",
            doc: "The trail's name.",
            default: { text: "<component name>-<stack>" },
            format: f.TRAIL_NAME,
        },
        includeGlobalServiceEvents: {
            kind: "boolean",
            doc: "Also records global-service events (IAM, STS, CloudFront).",
            default: { value: D.includeGlobalServiceEvents },
        },
        managementEvents: {
            kind: "enum",
            doc: "Which management events the trail records.",
            default: { value: D.managementEvents },
            values: Object.values(CloudTrailReadWriteType),
        },
    },
    { doc: "A trail writing to the hub." },
);

const vpc = objectOf<LogSourceVpcArgs>(
    "LogSourceVpcArgs",
    {
        vpcId: {
            kind: "string",
            required: true,
            doc: "The VPC's ID (it names the flow log).",
            format: f.VPC_ID,
        },
        region: {
            kind: "string",
            doc: "The VPC's region.",
            default: { text: "the provider's region" },
            format: f.REGION,
        },
    },
    { doc: "A VPC to log." },
);

const vpcFlowLogs = objectOf<LogSourceFlowLogsArgs>(
    "LogSourceFlowLogsArgs",
    {
        vpcs: {
            kind: "list",
            required: true,
            minItems: 1,
            itemName: "VPC",
            doc: "The VPCs to log, in any region of the account.",
            items: vpc,
        },
        logFormat: {
            kind: "string",
            doc: "A custom record format; it must include `${start}`.",
            default: { text: "AWS's default format" },
            format: f.FLOW_LOG_FORMAT,
        },
        trafficType: {
            kind: "enum",
            doc: "The traffic to record.",
            default: { value: D.flowLogTrafficType },
            values: Object.values(FlowLogTrafficType),
        },
        maxAggregationInterval: {
            kind: "enum",
            doc: "Seconds over which packets are aggregated into one record.",
            default: { value: D.flowLogAggregationSeconds },
            values: Object.values(FlowLogAggregationInterval),
            hint: "Flow logs aggregate over 60 or 600 seconds only.",
        },
    },
    { doc: "Flow logs writing to the hub." },
);

const guardDuty = objectOf<LogSourceGuardDutyArgs>(
    "LogSourceGuardDutyArgs",
    {
        regions: {
            kind: "list",
            required: true,
            minItems: 1,
            unique: true,
            itemName: "region",
            doc: "The regions to export findings from.",
            items: { kind: "string", doc: "A region.", format: f.REGION },
        },
        existingDetectorIds: {
            kind: "map",
            doc: "Existing detectors by region; the other regions get one created.",
            keys: f.REGION,
            values: { kind: "string", doc: "A detector ID.", format: f.DETECTOR_ID },
        },
        autoEnable: {
            kind: "enum",
            doc: "In the delegated administrator: which members GuardDuty enables automatically in each region.",
            default: { text: "the organization configuration is left as it is" },
            values: Object.values(GuardDutyAutoEnable),
        },
    },
    { doc: "GuardDuty exports writing to the hub." },
);

/** The description of every field of `SentinelLogSourceArgs`. */
export const SENTINEL_LOG_SOURCE_FIELDS = {
    destination,
    cloudTrail,
    vpcFlowLogs,
    guardDuty,
    tags: {
        kind: "map",
        doc: "Tags on every taggable child, merged over `managed-by: sentinel-aws-s3`.",
        keys: f.TAG_KEY,
        values: { kind: "string", doc: "A tag value.", format: f.TAG_VALUE },
    },
    retainOnDelete: {
        kind: "boolean",
        doc: "Keeps the detectors it creates when they leave the stack.",
        default: { value: true },
    },
} as const satisfies FieldsOf<SentinelLogSourceArgs>;
