// The argument descriptions the hub and the log sources share.
import { Field } from "../shared/fields";
import * as f from "../shared/formats";

/** Tags on every taggable child. */
export const TAGS: Field = {
    kind: "map",
    doc: "Tags on every taggable child, merged over `managed-by: sentinel-aws-s3`.",
    keys: f.TAG_KEY,
    values: { kind: "string", doc: "A tag value.", format: f.TAG_VALUE },
};
