// Security Hub findings' arguments: on the hub (`logTypes.securityHubFindings`) and on a log source
// (`securityHubFindings`), each interface beside the description of its fields.
import { objectOf } from "../../shared/fields";
import * as f from "../../shared/formats";
import { ENABLED } from "../fields";

/**
 * Security Hub findings: EventBridge's imported-finding events through a Firehose stream into the
 * bucket, read into `AWSSecurityHubFindings`.
 */
export interface SecurityHubFindingsArgs {
    /** Connects this log type. @default true */
    readonly enabled?: boolean;
    /**
     * Creates the pipeline in the hub's account and region: an EventBridge rule for imported
     * findings, a Firehose stream writing gzip JSON lines to the bucket, and their roles. Set it
     * where Security Hub aggregates findings (its administrator's aggregation region).
     * @default true for a single account; false in an organization hub
     */
    readonly createPipeline?: boolean;
    /**
     * In an organization hub: the Security Hub delegated administrator's account, whose log source
     * creates the pipeline in the aggregation region (where every account's and region's findings
     * arrive). The hub admits that account's pipeline role only.
     */
    readonly administratorAccountId?: string;
}

/** The findings pipeline a log source creates, in the Security Hub administrator's account. */
export interface LogSourceSecurityHubArgs {
    /**
     * The Security Hub aggregation (home) region, where the administrator receives every account's
     * and linked region's findings: the pipeline is created there, once.
     */
    readonly aggregationRegion: string;
}

/** The description of `logTypes.securityHubFindings`. */
export const SECURITY_HUB_FIELDS = objectOf<SecurityHubFindingsArgs>(
    "SecurityHubFindingsArgs",
    {
        enabled: ENABLED,
        createPipeline: {
            kind: "boolean",
            doc: "Creates the pipeline (EventBridge rule, Firehose stream writing to the bucket, their roles) in the hub's account and region.",
            default: { text: "true for a single account; false in an organization hub" },
        },
        administratorAccountId: {
            kind: "string",
            doc: "In an organization hub: the Security Hub delegated administrator's account, whose log source's pipeline the hub admits.",
            format: f.ACCOUNT_ID,
        },
    },
    {
        doc: "Security Hub findings into `AWSSecurityHubFindings` (CCF, through EventBridge and Firehose).",
    },
);

/** The description of a log source's `securityHubFindings`. */
export const LOG_SOURCE_SECURITY_HUB_FIELDS = objectOf<LogSourceSecurityHubArgs>(
    "LogSourceSecurityHubArgs",
    {
        aggregationRegion: {
            kind: "string",
            required: true,
            doc: "The Security Hub aggregation region of the administrator account: the pipeline is created there, once.",
            format: f.REGION,
        },
    },
    {
        doc: "The findings pipeline writing to the hub (Security Hub's administrator account only).",
    },
);
