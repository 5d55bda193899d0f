// The log bucket's policy: TLS only, and the writers of the exports, each bound to its source.
import type * as pulumi from "@pulumi/pulumi";
import { LOG_TYPE_CATALOG, normalizeKeyPrefix } from "../../shared/catalog";
import {
    PolicyDocument,
    PolicyStatement,
    Text,
    denyInsecureTransport,
    document,
    join,
} from "./common";
import { OrganizationWriters, organizationBucketStatements } from "./organization";

/** The exports whose writers the bucket and key policies admit; each present key enables one writer. */
export interface LogWriters<T extends Text = string> {
    /** The ARN of the trail writing to the bucket. */
    readonly cloudTrail?: { readonly trailArn: T };
    /** VPC flow logs of this account and region write to the bucket. */
    readonly vpcFlowLogs?: Record<string, never>;
    /**
     * The detector exporting findings: its ARN (or, for a detector the component creates, the ARN
     * pattern of the region's detector: an account has one detector per region, GuardDuty API
     * reference, CreateDetector) and the principal GuardDuty signs with in this region.
     */
    readonly guardDuty?: {
        readonly detectorArn: T;
        readonly principal: T | readonly T[] | pulumi.Output<string | string[]>;
    };
}

/** Where the log bucket lives and who writes to it. */
export interface LogBucketPolicyArgs<T extends Text = string> {
    readonly bucketArn: T;
    readonly partition: T;
    readonly region: T;
    readonly accountId: T;
    readonly keyPrefix?: string;
    readonly writers: LogWriters<T>;
    /** In an organization hub, the writers admitted from every account (instead of `writers`). */
    readonly organization?: OrganizationWriters<T>;
    /** Statements of the user's, appended unchanged. */
    readonly extraStatements?: readonly PolicyStatement[];
}

/** The ARN pattern of VPC flow-log deliveries from one account and region. */
export function flowLogSourceArn<T extends Text>(partition: T, region: T, accountId: T): T {
    return join<T>("arn:", partition, ":logs:", region, ":", accountId, ":*");
}

/** The ARN pattern of the GuardDuty detector of one account and region. */
export function detectorArnPattern<T extends Text>(partition: T, region: T, accountId: T): T {
    return join<T>("arn:", partition, ":guardduty:", region, ":", accountId, ":detector/*");
}

/**
 * The log bucket's policy: TLS only, and for each enabled export the writer statements AWS
 * documents, each bound to its source (trail, detector or this account's log deliveries).
 */
export function logBucketPolicy<T extends Text>(
    args: LogBucketPolicyArgs<T>,
): PolicyDocument<T | string> {
    const { bucketArn, accountId, writers } = args;
    const prefix = normalizeKeyPrefix(args.keyPrefix);
    const accountObjects = join<T>(bucketArn, `/${prefix}AWSLogs/`, accountId, "/*");
    const acl = { "s3:x-amz-acl": "bucket-owner-full-control" };
    const statements: Array<PolicyStatement<T | string> | undefined> = [
        denyInsecureTransport("s3:*", [bucketArn, join<T>(bucketArn, "/*")]),
    ];
    if (args.organization) {
        statements.push(
            ...organizationBucketStatements(bucketArn, args.partition, args.organization),
        );
        return document<T>([...statements, ...(args.extraStatements ?? [])]);
    }
    if (writers.cloudTrail) {
        // CloudTrail user guide, "Amazon S3 bucket policy for CloudTrail": GetBucketAcl on the
        // bucket and PutObject on <prefix>/AWSLogs/<account>/* with the ACL condition, both bound
        // to the trail by aws:SourceArn.
        const source = { "aws:SourceArn": writers.cloudTrail.trailArn };
        const Principal = { Service: LOG_TYPE_CATALOG.cloudTrail.writerService };
        statements.push(
            {
                Sid: "CloudTrailAclCheck",
                Effect: "Allow",
                Principal,
                Action: "s3:GetBucketAcl",
                Resource: bucketArn,
                Condition: { StringEquals: source },
            },
            {
                Sid: "CloudTrailWrite",
                Effect: "Allow",
                Principal,
                Action: "s3:PutObject",
                Resource: accountObjects,
                Condition: { StringEquals: { ...acl, ...source } },
            },
        );
    }
    if (writers.vpcFlowLogs) {
        // VPC user guide, "Amazon S3 bucket permissions for flow logs".
        const Principal = { Service: LOG_TYPE_CATALOG.vpcFlowLogs.writerService };
        const account = { "aws:SourceAccount": accountId };
        const source = {
            "aws:SourceArn": flowLogSourceArn(args.partition, args.region, accountId),
        };
        statements.push(
            {
                Sid: "FlowLogsAclCheck",
                Effect: "Allow",
                Principal,
                Action: "s3:GetBucketAcl",
                Resource: bucketArn,
                Condition: { StringEquals: account, ArnLike: source },
            },
            {
                Sid: "FlowLogsWrite",
                Effect: "Allow",
                Principal,
                Action: "s3:PutObject",
                Resource: accountObjects,
                Condition: { StringEquals: { ...acl, ...account }, ArnLike: source },
            },
        );
    }
    if (writers.guardDuty) {
        // GuardDuty user guide, "Exporting generated findings to Amazon S3 buckets", step 3:
        // GetBucketLocation on the bucket and PutObject on <bucket>/[prefix]/*, bound to the
        // account and the detector.
        const Principal = { Service: writers.guardDuty.principal as T | T[] };
        const Condition = {
            StringEquals: { "aws:SourceAccount": accountId },
            ArnLike: { "aws:SourceArn": writers.guardDuty.detectorArn },
        };
        statements.push(
            {
                Sid: "GuardDutyBucketLocation",
                Effect: "Allow",
                Principal,
                Action: "s3:GetBucketLocation",
                Resource: bucketArn,
                Condition,
            },
            {
                Sid: "GuardDutyWrite",
                Effect: "Allow",
                Principal,
                Action: "s3:PutObject",
                Resource: join<T>(bucketArn, `/${prefix}*`),
                Condition,
            },
        );
    }
    return document<T>([...statements, ...(args.extraStatements ?? [])]);
}
