// The description of every argument of `SentinelLogSource` (see awsSentinelConnectionFields.ts).
import { GuardDutyAutoEnable, LOG_DESTINATION_FORMAT } from "../shared/catalog";
import { Field, FieldsOf, StringFormat, objectOf } from "../shared/fields";
import * as f from "../shared/formats";
import {
    LogDestinationArgs,
    LogDestinationPrefixesArgs,
    LogSourceCloudTrailArgs,
    LogSourceFlowLogsArgs,
    LogSourceGuardDutyArgs,
    LogSourceVpcArgs,
    SentinelLogSourceArgs,
} from "./sentinelLogSourceArgs";
import {
    EXISTING_DETECTOR_IDS,
    FLOW_LOG_SETTINGS,
    REGION_ITEM,
    TAGS,
    TRAIL_SETTINGS,
} from "./exportFields";

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
        ...TRAIL_SETTINGS,
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
        ...FLOW_LOG_SETTINGS,
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
            items: REGION_ITEM,
        },
        existingDetectorIds: EXISTING_DETECTOR_IDS(
            "Existing detectors by region; the other regions get one created.",
        ),
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
    tags: TAGS,
    retainOnDelete: {
        kind: "boolean",
        doc: "Keeps the detectors it creates when they leave the stack.",
        default: { value: true },
    },
} as const satisfies FieldsOf<SentinelLogSourceArgs>;
