// ELB access logs' arguments: on the hub (`logTypes.elbAccessLogs`) and on a log source
// (`elbAccessLogs`), each interface beside the description of its fields.
import { StringFormat, objectOf } from "../../shared/fields";
import * as f from "../../shared/formats";
import { ENABLED } from "../fields";

/**
 * An Application or Network Load Balancer's ARN (Elastic Load Balancing API reference,
 * `LoadBalancerArn`: `arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/<app|net>/<name>/<id>`).
 */
export const LOAD_BALANCER_ARN_PATTERN =
    /^arn:(aws[a-z-]*):elasticloadbalancing:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):loadbalancer\/(app|net)\/([A-Za-z0-9-]{1,32})\/([0-9a-f]{16})$/;

/** The parts of a load balancer ARN, or undefined for another value. */
export function parseLoadBalancerArn(
    arn: string,
): { partition: string; region: string; accountId: string; type: "app" | "net" } | undefined {
    const m = LOAD_BALANCER_ARN_PATTERN.exec(arn);
    return m
        ? { partition: m[1], region: m[2], accountId: m[3], type: m[4] as "app" | "net" }
        : undefined;
}

export const LOAD_BALANCER_ARN: StringFormat = {
    what: "an Application or Network Load Balancer's ARN (arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app|net/<name>/<id>)",
    example:
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
    test: LOAD_BALANCER_ARN_PATTERN,
    problem: (at, value) => {
        const elb = /^arn:aws[a-z-]*:elasticloadbalancing:[^:]*:\d{12}:loadbalancer\/(.*)$/.exec(
            value,
        );
        if (elb && !elb[1].includes("/")) {
            return `${at.code} is a Classic Load Balancer (${JSON.stringify(value)}): its access logs have another format, which Microsoft's ELB connector does not read. Connect Application or Network Load Balancers (\`loadbalancer/app/…\`, \`loadbalancer/net/…\`), or migrate the Classic one.`;
        }
        if (elb && elb[1].startsWith("gwy/")) {
            return `${at.code} is a Gateway Load Balancer (${JSON.stringify(value)}): it writes no access logs (ELB user guide: access logs are an ALB and NLB feature). Leave it out.`;
        }
        if (/^arn:aws[a-z-]*:elasticloadbalancing:.*:targetgroup\//.test(value)) {
            return `${at.code} is a target group's ARN (${JSON.stringify(value)}), not a load balancer's: give the load balancer's ARN (\`aws elbv2 describe-load-balancers\`).`;
        }
        return undefined;
    },
};

/**
 * ELB access logs: Application and Network Load Balancers' access logs in the bucket, read into
 * `AWSALBAccessLogs` and `AWSNLBAccessLogs`.
 */
export interface ElbAccessLogsArgs {
    /** Connects this log type. @default true */
    readonly enabled?: boolean;
    /**
     * The Application and Network Load Balancers of this account and region whose access logs to
     * read. Access logging is an attribute of the load balancer, which its own program owns: set it
     * there with the bucket and prefix this component outputs (`logExports.elbAccessLogs`), and the
     * doctor checks each of these logs there. They must be in the bucket's region (ELB writes only
     * to a bucket of its own region). Without them the component connects the log type for load
     * balancers configured elsewhere.
     * @default none: only the connection
     */
    readonly loadBalancerArns?: string[];
    /**
     * In an organization hub: the accounts whose load balancers write into the hub. Required there:
     * an Application Load Balancer's writer is bound only by the account folders the bucket policy
     * lets it write (the ALB guide gives no condition key for it).
     */
    readonly accountIds?: string[];
}

/** The load balancers of a log source's account whose access logs write into the hub. */
export interface LogSourceElbArgs {
    /**
     * The Application and Network Load Balancers of the log source's account whose access logs to
     * read, in the hub bucket's region. Set their access logging where they are defined, with the
     * bucket and prefixes this log source outputs (`logExports.elbAccessLogs`).
     */
    readonly loadBalancerArns: string[];
}

const LOAD_BALANCER_ARNS = {
    kind: "list",
    minItems: 1,
    unique: true,
    itemName: "load balancer ARN",
    items: { kind: "string", doc: "A load balancer ARN.", format: LOAD_BALANCER_ARN },
} as const;

/** The description of `logTypes.elbAccessLogs`. */
export const ELB_FIELDS = objectOf<ElbAccessLogsArgs>(
    "ElbAccessLogsArgs",
    {
        enabled: ENABLED,
        loadBalancerArns: {
            ...LOAD_BALANCER_ARNS,
            doc: "The Application and Network Load Balancers of this account and region whose access logs to read; set their access logging to the bucket and prefix of `logExports.elbAccessLogs` where they are defined (the doctor checks it).",
            default: { text: "none: only the connection" },
        },
        accountIds: {
            kind: "list",
            minItems: 1,
            unique: true,
            itemName: "account ID",
            doc: "In an organization hub (required there): the accounts whose load balancers write into the hub; ALB's writer is bound only by these accounts' folders.",
            items: { kind: "string", doc: "An account ID.", format: f.ACCOUNT_ID },
        },
    },
    {
        doc: "ELB access logs into `AWSALBAccessLogs` and `AWSNLBAccessLogs` (CCF; the load balancers' own programs turn their logging on).",
    },
);

/** The description of a log source's `elbAccessLogs`. */
export const LOG_SOURCE_ELB_FIELDS = objectOf<LogSourceElbArgs>(
    "LogSourceElbArgs",
    {
        loadBalancerArns: {
            ...LOAD_BALANCER_ARNS,
            required: true,
            doc: "The Application and Network Load Balancers of the log source's account, in the hub's region, whose access logs to read; set their logging to the bucket and prefix of `logExports.elbAccessLogs`.",
        },
    },
    { doc: "Load balancers of the log source's account writing access logs into the hub." },
);
