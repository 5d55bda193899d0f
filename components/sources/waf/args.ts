// AWS WAF logs' arguments: on the hub (`logTypes.waf`) and on a log source (`waf`), each interface
// beside the description of its fields.
import { Field, StringFormat, objectOf } from "../../shared/fields";
import { ENABLED, OWN_BUCKET_FIELDS, OwnBucketArgs } from "../fields";
import { webAclArnProblem } from "./facts";

/**
 * AWS WAF logs: each web ACL's traffic, delivered by WAF to a bucket of its own (named
 * `aws-waf-logs-…`, as WAF requires), read into `AWSWAF`.
 */
export interface WafLogArgs extends OwnBucketArgs {
    /** Connects this log type. @default true */
    readonly enabled?: boolean;
    /**
     * The web ACLs of this account whose traffic to log (ARNs, plain values: they name the logging
     * configurations): the component gives each one a logging configuration writing to the WAF
     * bucket, in the web ACL's own region (`us-east-1` for CloudFront's). A web ACL has one logging
     * configuration, which this replaces. Without it the component only connects the bucket, for
     * logging configured elsewhere.
     * @default none: only the connection
     */
    readonly webAclArns?: string[];
}

/** The WAF logging a log source creates: a logging configuration per web ACL, writing to the hub's WAF bucket. */
export interface LogSourceWafArgs {
    /** The web ACLs of this account whose traffic to log, in any region. */
    readonly webAclArns: string[];
}

/** A web ACL ARN (regional, or CloudFront's in us-east-1). */
const WEB_ACL_ARN: StringFormat = {
    what: "a web ACL ARN",
    example:
        "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/my-acl/0f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b",
    test: (value) => webAclArnProblem(value),
    problem: (at, value) => `${at.code} ${JSON.stringify(value)} ${webAclArnProblem(value)}.`,
};

const WEB_ACL_ARNS: Field = {
    kind: "list",
    minItems: 1,
    unique: true,
    itemName: "web ACL ARN",
    doc: "The web ACLs of this account to log, each given a logging configuration writing to the WAF bucket in its own region (`us-east-1` for CloudFront's); it replaces the web ACL's logging configuration.",
    items: { kind: "string", doc: "A web ACL ARN.", format: WEB_ACL_ARN },
};

/** The description of `logTypes.waf`. */
export const WAF_FIELDS = objectOf<WafLogArgs>(
    "WafLogArgs",
    {
        enabled: ENABLED,
        webAclArns: { ...WEB_ACL_ARNS, default: { text: "none: only the connection" } },
        ...OWN_BUCKET_FIELDS,
    },
    {
        doc: "AWS WAF logs into `AWSWAF` (CCF), through a bucket of their own named `aws-waf-logs-…`.",
    },
);

/** The description of a log source's `waf`. */
export const LOG_SOURCE_WAF_FIELDS = objectOf<LogSourceWafArgs>(
    "LogSourceWafArgs",
    { webAclArns: { ...WEB_ACL_ARNS, required: true } },
    { doc: "WAF logging of this account's web ACLs, writing to the hub's WAF bucket." },
);
