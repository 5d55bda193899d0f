// The argument descriptions the hub and the log sources share: how flow logs and trails are
// configured, which regions GuardDuty exports from, and the tags.
import { Field } from "../shared/fields";
import * as f from "../shared/formats";
import {
    AWS_CONNECTION_DEFAULTS as D,
    CloudTrailReadWriteType,
    FlowLogAggregationInterval,
    FlowLogTrafficType,
} from "./awsSentinelConnectionArgs";

/** How a created flow log records. */
export const FLOW_LOG_SETTINGS = {
    logFormat: {
        kind: "string",
        doc: "A custom record format; it must include `${start}` (Sentinel's TimeGenerated).",
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
} as const satisfies Record<string, Field>;

/** What a created trail records. */
export const TRAIL_SETTINGS = {
    includeGlobalServiceEvents: {
        kind: "boolean",
        doc: "Also records global-service events (IAM, STS, CloudFront) in the created trail.",
        default: { value: D.includeGlobalServiceEvents },
    },
    managementEvents: {
        kind: "enum",
        doc: "Which management events the created trail records; `WriteOnly` keeps the changes and drops the reads.",
        default: { value: D.managementEvents },
        values: Object.values(CloudTrailReadWriteType),
    },
} as const satisfies Record<string, Field>;

/** The regions GuardDuty exports from (its items). */
export const REGION_ITEM: Field = { kind: "string", doc: "A region.", format: f.REGION };

/** Existing detectors by region. */
export const EXISTING_DETECTOR_IDS = (doc: string): Field => ({
    kind: "map",
    doc,
    keys: f.REGION,
    values: { kind: "string", doc: "A detector ID.", format: f.DETECTOR_ID },
});

/** Tags on every taggable child. */
export const TAGS: Field = {
    kind: "map",
    doc: "Tags on every taggable child, merged over `managed-by: sentinel-aws-s3`.",
    keys: f.TAG_KEY,
    values: { kind: "string", doc: "A tag value.", format: f.TAG_VALUE },
};
