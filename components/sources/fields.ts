// Argument descriptions every source's settings share.
import { Field, objectOf } from "../shared/fields";
import * as f from "../shared/formats";

/** `logTypes.<source>.enabled`. */
export const ENABLED: Field = {
    kind: "boolean",
    doc: "Connects this log type; `false` keeps its settings but connects nothing.",
    default: { value: true },
};

/** A region (the items of a list of regions). */
export const REGION_ITEM: Field = { kind: "string", doc: "A region.", format: f.REGION };

/** A VPC of a log source's account, in any region. */
export interface LogSourceVpcArgs {
    /** The VPC's ID; it names the resources created for it, so it is a plain value. */
    readonly vpcId: string;
    /** The VPC's region. @default the provider's region */
    readonly region?: string;
}

/** The description of a log source's VPC. */
export const LOG_SOURCE_VPC_FIELDS = objectOf<LogSourceVpcArgs>(
    "LogSourceVpcArgs",
    {
        vpcId: {
            kind: "string",
            required: true,
            doc: "The VPC's ID (it names the resources created for it).",
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
