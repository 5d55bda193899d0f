// The description of every argument of `SentinelLogSource` (see awsSentinelConnectionFields.ts).
import { LOG_DESTINATION_FORMAT } from "../shared/connector";
import { Field, FieldsOf, StringFormat, objectOf } from "../shared/fields";
import * as f from "../shared/formats";
import { ALL_SOURCES } from "../sources";
import { LogDestinationArgs, SentinelLogSourceArgs } from "./sentinelLogSourceArgs";
import { TAGS } from "./exportFields";

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
        keyPrefixes: {
            kind: "map",
            doc: "The folder of each log type the hub connects, by log type.",
            required: true,
            values: prefix,
        },
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
        bindings: {
            kind: "map",
            doc: "How the hub binds log sources' writers, by log type.",
            values: {
                kind: "map",
                doc: "One source's bindings.",
                values: { kind: "string", doc: "A binding." },
            },
        },
        buckets: {
            kind: "map",
            doc: "The bucket of each log type that has one of its own (not the log bucket), by log type.",
            values: { kind: "string", input: true, doc: "A bucket name.", format: f.BUCKET_NAME },
        },
    },
    {
        doc: "Where to write: an organization hub's `logDestination` (the same program's, or a `StackReference` output).",
        required: true,
        open: true,
        input: true,
    },
);

/** The description of every field of `SentinelLogSourceArgs`. */
export const SENTINEL_LOG_SOURCE_FIELDS = {
    destination,
    ...(Object.fromEntries(ALL_SOURCES.map((s) => [s.key, s.logSource.fields])) as {
        readonly [K in (typeof ALL_SOURCES)[number]["key"]]: Field;
    }),
    tags: TAGS,
    retainOnDelete: {
        kind: "boolean",
        doc: "Keeps the detectors it creates when they leave the stack.",
        default: { value: true },
    },
} as const satisfies FieldsOf<SentinelLogSourceArgs>;
