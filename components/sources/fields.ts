// Argument descriptions every source's settings share.
import { Field } from "../shared/fields";
import * as f from "../shared/formats";

/** `logTypes.<source>.enabled`. */
export const ENABLED: Field = {
    kind: "boolean",
    doc: "Connects this log type; `false` keeps its settings but connects nothing.",
    default: { value: true },
};

/** A region (the items of a list of regions). */
export const REGION_ITEM: Field = { kind: "string", doc: "A region.", format: f.REGION };
