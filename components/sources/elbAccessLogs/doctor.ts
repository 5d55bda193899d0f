// ELB access logs in `sentinel-aws-s3 doctor`: does each load balancer log to the bucket, under the
// prefix of its type's connection (DescribeLoadBalancers, DescribeLoadBalancerAttributes)? And can
// Application Load Balancers write at all (they write only to SSE-S3 buckets)?
import { unknownReason } from "../../../cli/doctor/aws/api";
import type { AwsFacts } from "../../../cli/doctor/aws/facts";
import { Finding, combine, fail, noBucket, pass, unknown } from "../../../cli/doctor/finding";
import type { SourceDoctor } from "../types";
import { WriterRequest, bucketPolicyAdmits } from "../writers/admitted";
import { LOG_DELIVERY_SERVICE } from "../writers/services";
import { elbWriterPrincipal } from "./accounts";
import { parseLoadBalancerArn } from "./args";
import { ELB_CONNECTION_FOLDERS, ELB_TYPES } from "./facts";

/** A load balancer's attributes, as DescribeLoadBalancerAttributes lists them. */
export type LoadBalancerAttributes = Readonly<Record<string, string | undefined>>;

/**
 * Does a load balancer write access logs under the prefix its connection reads? Attribute keys:
 * Elastic Load Balancing API reference, `LoadBalancerAttribute` (`access_logs.s3.enabled`,
 * `access_logs.s3.bucket`, `access_logs.s3.prefix`).
 */
export function evaluateElbLogging(args: {
    arn: string;
    attributes: LoadBalancerAttributes;
    bucketName: string;
    /** The prefix the hub handed off; undefined when the stack names none (then its type's folder). */
    expectedPrefix?: string;
}): Finding {
    const lb = parseLoadBalancerArn(args.arn);
    const what = `the load balancer ${args.arn.split(":loadbalancer/").pop()}`;
    const id = lb ? ELB_TYPES[lb.type] : undefined;
    const folder = id ? ELB_CONNECTION_FOLDERS[id].replace(/\/$/, "") : "";
    const prefix = args.attributes["access_logs.s3.prefix"] ?? "";
    const want = args.expectedPrefix;
    const fix = `Set its access logging where the load balancer is defined: \`accessLogs: { enabled: true, bucket: "${args.bucketName}", prefix: "${want ?? folder}" }\` on its aws.lb.LoadBalancer (the hub's \`logExports.elbAccessLogs\` gives both).`;
    if (args.attributes["access_logs.s3.enabled"] !== "true") {
        return fail(
            `${what} does not write access logs (access_logs.s3.enabled is not true).`,
            fix,
        );
    }
    const bucket = args.attributes["access_logs.s3.bucket"];
    if (bucket !== args.bucketName) {
        return fail(
            `${what} writes its access logs to ${bucket || "no bucket"}, not ${args.bucketName}.`,
            fix,
        );
    }
    const ok =
        want !== undefined ? prefix === want : prefix === folder || prefix.endsWith(`/${folder}`);
    if (!ok) {
        return fail(
            `${what} writes under ${JSON.stringify(prefix)}, where no connection reads (its type's folder is ${JSON.stringify(want ?? `…${folder}`)}).`,
            fix,
        );
    }
    return pass(`${what} writes access logs to ${bucket}/${prefix}/AWSLogs/.`);
}

async function logging(facts: AwsFacts): Promise<Finding> {
    const bucketName = facts.input.bucketName;
    if (!bucketName) {
        return noBucket;
    }
    const handed = facts.input.exports.elbAccessLogs ?? {};
    let arns = Object.keys(handed).filter((k) => parseLoadBalancerArn(k) !== undefined);
    const named = arns.length > 0;
    if (!named) {
        const described = await facts.api.call<
            { LoadBalancers?: { LoadBalancerArn?: string; Type?: string }[] },
            "elastic-load-balancing-v2"
        >("elastic-load-balancing-v2", (m) => new m.DescribeLoadBalancersCommand({}));
        if (!described.ok) {
            return unknown(unknownReason(described));
        }
        arns = (described.value.LoadBalancers ?? [])
            .map((l) => l.LoadBalancerArn ?? "")
            .filter((a) => parseLoadBalancerArn(a) !== undefined);
    }
    const findings: Finding[] = [];
    for (const arn of arns) {
        const r = await facts.api.call<
            { Attributes?: { Key?: string; Value?: string }[] },
            "elastic-load-balancing-v2"
        >(
            "elastic-load-balancing-v2",
            (m) => new m.DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }),
        );
        if (!r.ok) {
            findings.push(
                r.kind === "missing"
                    ? fail(
                          `the load balancer ${arn} does not exist.`,
                          "Remove it from `loadBalancerArns`, or give the ARN of the one that replaced it.",
                      )
                    : unknown(unknownReason(r)),
            );
            continue;
        }
        const attributes = Object.fromEntries(
            (r.value.Attributes ?? []).map((a) => [a.Key ?? "", a.Value]),
        );
        // Without ARNs in the stack, only the load balancers logging to this bucket are this
        // hub's: the others are not its business.
        if (!named && attributes["access_logs.s3.bucket"] !== bucketName) {
            continue;
        }
        findings.push(
            evaluateElbLogging({ arn, attributes, bucketName, expectedPrefix: handed[arn] }),
        );
    }
    if (findings.length === 0) {
        return fail(
            `no Application or Network Load Balancer in ${facts.region ?? "this region"} writes access logs to ${bucketName}.`,
            "Turn on access logging of the load balancers to read (`accessLogs` on their aws.lb.LoadBalancer) with the bucket and prefixes of the hub's `logExports.elbAccessLogs`.",
        );
    }
    const albs = arns.filter((a) => parseLoadBalancerArn(a)?.type === "app");
    if (albs.length > 0) {
        const key = await facts.bucketKey();
        if (key.ok && key.value !== undefined) {
            findings.unshift(
                fail(
                    `the bucket encrypts new objects with ${key.value}, but Application Load Balancers write only to SSE-S3 buckets: ${albs.length} load balancer(s) cannot deliver.`,
                    'Use SSE-S3 as the bucket\'s default encryption (`bucketEncryption: "s3"` on a created bucket).',
                ),
            );
        }
    }
    return combine(findings);
}

/**
 * The writes each load balancer type makes into its connection's folder of a single-account hub,
 * as the ALB and NLB guides admit them (the ALB writer of the region; NLB's log delivery bound to
 * the account and region). An organization hub's folders hold every account's: not checked here.
 */
export async function elbWriterRequests(facts: AwsFacts): Promise<WriterRequest[] | undefined> {
    const { partition, accountId, bucketName } = facts.input;
    const region = facts.region;
    if (!bucketName || !region) {
        return undefined;
    }
    const requests: WriterRequest[] = [];
    for (const c of facts.input.connections.filter((c) => c.logType === "elbAccessLogs")) {
        const prefix = await facts.objectPrefix(c);
        if (prefix.endsWith("AWSLogs/")) {
            return undefined;
        }
        const alb = c.destinationTable === "AWSALBAccessLogs";
        // A file name of the ALB and NLB guides' "Access log files" form.
        const file = `${accountId}_elasticloadbalancing_${region}_${alb ? "app" : "net"}.lb.0123456789abcdef_20260101T0000Z_${alb ? "10.0.0.1_" : ""}a1b2c3.log.gz`;
        const principal = alb
            ? elbWriterPrincipal(partition, region)
            : { Service: LOG_DELIVERY_SERVICE };
        requests.push({
            who: alb ? "Application Load Balancers" : "Network Load Balancers",
            request: {
                action: "s3:PutObject",
                resource: `arn:${partition}:s3:::${bucketName}/${prefix}${region}/2026/01/01/${file}`,
                principal:
                    "AWS" in principal ? { aws: principal.AWS } : { service: principal.Service },
                context: {
                    "aws:SecureTransport": true,
                    ...(alb
                        ? {}
                        : {
                              "aws:SourceAccount": accountId,
                              "aws:SourceArn": `arn:${partition}:logs:${region}:${accountId}:*`,
                              "s3:x-amz-acl": "bucket-owner-full-control",
                          }),
                },
            },
        });
    }
    return requests;
}

async function writers(facts: AwsFacts): Promise<Finding> {
    const requests = await elbWriterRequests(facts);
    if (requests === undefined) {
        return facts.input.bucketName
            ? unknown(
                  "an organization hub's ELB folders hold every account's files, admitted by the hub's per-account statements; not checked here.",
              )
            : noBucket;
    }
    return bucketPolicyAdmits(
        facts,
        requests,
        "Restore the bucket policy (`pulumi up`): ALB's writer of the region (its ELB account, or logdelivery.elasticloadbalancing.amazonaws.com) on `…/ALBLogs/AWSLogs/<account>/*`, and delivery.logs.amazonaws.com bound to the account on `…/NLBAccessLogs/AWSLogs/<account>/*`.",
    );
}

/** ELB access logs' checks. */
export const ELB_DOCTOR: SourceDoctor = {
    exportChecks: async (facts, title) => [
        [
            "aws.elbAccessLogs.export",
            `${title}: load balancers' access logging`,
            await logging(facts),
        ],
        [
            "aws.elbAccessLogs.writers",
            `${title}: the bucket policy admits the load balancers`,
            await writers(facts),
        ],
    ],
};
