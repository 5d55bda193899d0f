// A Firehose stream the package owns, writing gzip objects under one prefix of the log bucket: the
// writer of the sources whose events need a pipeline (Security Hub findings through EventBridge).
// The stream's role may write that prefix and its error prefix only, and use the bucket's key only
// through S3. One builder for every such source: the delivering service is Firehose with a role.
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as iam from "@pulumi/aws/iam";
import * as kinesis from "@pulumi/aws/kinesis";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import {
    PolicyCondition,
    PolicyDocument,
    PolicyStatement,
    Text,
    document,
    documentJson,
    join,
} from "../../aws/documents/common";
import type { AccountBinding, OrganizationBinding, WriterFamily } from "../types";

/** The service principal of Amazon Data Firehose. */
export const FIREHOSE_SERVICE = "firehose.amazonaws.com";

/** The IAM path of the roles the package creates for writers, so a hub can admit them by path. */
export const WRITER_ROLE_PATH = "/sentinel-aws-s3/";

/**
 * Firehose's lowest buffering (Firehose API reference, BufferingHints: `IntervalInSeconds` 0 to
 * 900, `SizeInMBs` 1 to 128; Firehose developer guide, "Buffering hints": "When you configure
 * buffering interval as zero seconds, Firehose will not buffer data and will deliver data within a
 * few seconds"). Findings reach the bucket seconds after the event, not Microsoft's 300 s / 128 MB.
 */
export const FIREHOSE_BUFFERING = { intervalSeconds: 0, sizeMiB: 1 } as const;

/** What the S3 writes of a Firehose role need (Firehose guide, "Grant Firehose access to an Amazon S3 destination"). */
export const FIREHOSE_OBJECT_ACTIONS: readonly string[] = [
    "s3:AbortMultipartUpload",
    "s3:GetObject",
    "s3:PutObject",
];

/** The bucket-level reads of the same guide's policy. */
export const FIREHOSE_BUCKET_ACTIONS: readonly string[] = [
    "s3:GetBucketLocation",
    "s3:ListBucket",
    "s3:ListBucketMultipartUploads",
];

/** A name of at most `max` characters, unique per project, stack and component. */
export function writerName(base: string, scope: string, max = 64): string {
    const hash = createHash("sha256").update(scope).digest("hex").slice(0, 8);
    const cleaned = base.replace(/[^A-Za-z0-9_.-]/g, "-");
    return `${cleaned.slice(0, max - 9)}-${hash}`;
}

/**
 * The role ARN pattern of one source's Firehose roles in an account: the role's name starts with
 * the source's prefix, under the package's writer path.
 */
export function firehoseRolePattern(partition: Text, accountId: Text, rolePrefix: string): Text {
    return join("arn:", partition, ":iam::", accountId, `:role${WRITER_ROLE_PATH}${rolePrefix}*`);
}

/** Firehose roles of an organization member (a log source in another account) writing to a hub folder. */
export interface FirehoseOrganizationWriter {
    readonly folder: string;
    /**
     * The one account whose roles may write (a pipeline that belongs to one account); undefined:
     * every account of the organization (a pipeline per account, such as a log group's
     * subscription), bound by `aws:PrincipalOrgID`.
     */
    readonly accountId?: string;
    /** The name prefix of the roles the log sources create. */
    readonly rolePrefix: string;
}

/**
 * Who an organization writer's statements admit: one account's root bound to its roles by
 * `aws:PrincipalArn`; or, for every account, any principal bound to the organization by
 * `aws:PrincipalOrgID` (IAM user guide, "AWS global condition context keys", aws:PrincipalOrgID:
 * "Principal": "*" with the organization ID) and to the package's roles of the source in any of its
 * accounts by `aws:PrincipalArn`.
 */
function organizationWriterBinding<T extends Text>(
    m: FirehoseOrganizationWriter,
    at: OrganizationBinding<T>,
): { Principal: PolicyStatement<T | string>["Principal"]; Condition: PolicyCondition<T | string> } {
    const roles = {
        ArnLike: {
            "aws:PrincipalArn": firehoseRolePattern(
                at.partition,
                m.accountId ?? "*",
                m.rolePrefix,
            ) as T,
        },
    };
    return m.accountId === undefined
        ? {
              Principal: { AWS: "*" },
              Condition: { StringEquals: { "aws:PrincipalOrgID": at.organizationId }, ...roles },
          }
        : {
              Principal: { AWS: join<T>("arn:", at.partition, ":iam::", m.accountId, ":root") },
              Condition: roles,
          };
}

/** A hub's own Firehose role: its own IAM policy admits its writes; the key policy grants it the key. */
export interface FirehoseWriter {
    readonly roleArn: Text;
    /** The statement's ID (one per source). */
    readonly sid: string;
}

/**
 * The statements of a Firehose role's writes. A hub's own stream writes with a role of the hub's
 * account: its IAM policy admits its object writes (the bucket policy needs nothing), and the key
 * policy grants it the key through S3 only (so the role's policy names no key ARN, which AWS assigns
 * at creation, and is complete during a preview). A log source's
 * stream in another account needs the hub to admit it (Firehose developer guide, "Cross-account
 * delivery to an Amazon S3 destination": the bucket policy grants the role the S3 actions, with
 * `s3:PutObjectAcl`, and the key policy must let it use the key): bound to that account's root
 * principal and, by `aws:PrincipalArn`, to the package's writer roles of that source.
 */
export const FIREHOSE_WRITER: WriterFamily<FirehoseWriter, FirehoseOrganizationWriter> = {
    principal: FIREHOSE_SERVICE,
    bucketStatements: () => [],
    keyStatements<T extends Text>(
        members: readonly FirehoseWriter[],
        at: AccountBinding<T>,
    ): PolicyStatement<T | string>[] {
        return members.map((m) => ({
            Sid: m.sid,
            Effect: "Allow",
            Principal: { AWS: m.roleArn as T },
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: "*",
            Condition: {
                StringEquals: { "kms:ViaService": join<T>("s3.", at.region, ".amazonaws.com") },
            },
        }));
    },
    organizationBucketStatements<T extends Text>(
        members: readonly FirehoseOrganizationWriter[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[] {
        return members.flatMap((m): PolicyStatement<T | string>[] => {
            const { Principal, Condition } = organizationWriterBinding(m, at);
            return [
                {
                    Sid: `${m.rolePrefix}FindBucket`,
                    Effect: "Allow",
                    Principal,
                    Action: [...FIREHOSE_BUCKET_ACTIONS],
                    Resource: at.bucketArn,
                    Condition,
                },
                {
                    Sid: `${m.rolePrefix}Write`,
                    Effect: "Allow",
                    Principal,
                    Action: [...FIREHOSE_OBJECT_ACTIONS, "s3:PutObjectAcl"],
                    Resource: join<T>(
                        at.bucketArn,
                        `/${m.folder}AWSLogs/${m.accountId === undefined ? "" : `${m.accountId}/`}*`,
                    ),
                    Condition,
                },
            ];
        });
    },
    organizationKeyStatements<T extends Text>(
        members: readonly FirehoseOrganizationWriter[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[] {
        return members.map((m) => {
            const { Principal, Condition } = organizationWriterBinding(m, at);
            return {
                Sid: `${m.rolePrefix}Encrypts`,
                Effect: "Allow",
                Principal,
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: "*",
                Condition,
            };
        });
    },
};

/**
 * Creates the role a Firehose stream writes with (its trust only; `createFirehoseToS3` gives it its
 * policy): before the key policy that may name it. CloudWatch Logs user guide, "Step 1: Create a
 * Firehose delivery stream": Firehose assumes the role with the account as its external ID.
 */
export function createFirehoseRole(
    name: string,
    a: {
        readonly roleName: string;
        readonly accountId: pulumi.Input<string>;
        readonly tags: Record<string, string>;
        readonly parent: pulumi.Resource;
    },
): iam.Role {
    return new iam.Role(
        `${name}-firehose-role`,
        {
            name: a.roleName,
            path: WRITER_ROLE_PATH,
            description:
                "Lets Amazon Data Firehose write one source's logs for Microsoft Sentinel.",
            assumeRolePolicy: documentJson(
                document<Text>([
                    {
                        Effect: "Allow",
                        Principal: { Service: FIREHOSE_SERVICE },
                        Action: "sts:AssumeRole",
                        Condition: {
                            StringEquals: { "sts:ExternalId": pulumi.output(a.accountId) },
                        },
                    },
                ]),
            ),
            tags: a.tags,
        },
        { parent: a.parent },
    );
}

/** A role's ARN from its name, under the writers' path (known before it exists). */
export function writerRoleArn(
    partition: pulumi.Input<string>,
    accountId: pulumi.Input<string>,
    role: iam.Role,
): pulumi.Output<string> {
    return pulumi.interpolate`arn:${partition}:iam::${accountId}:role${WRITER_ROLE_PATH}${role.name}`;
}

/** Where a Firehose stream writes and what it may use. */
export interface FirehoseToS3Args {
    /** The stream's name (known before it exists, so the documents naming it are complete). */
    readonly streamName: string;
    /** The role it writes with (`createFirehoseRole`). */
    readonly role: iam.Role;
    readonly bucketArn: pulumi.Input<string>;
    /** The key prefix the objects go under (the connection's folder). */
    readonly prefix: pulumi.Input<string>;
    /**
     * Where records that fail go: outside the connector's notification prefix, with
     * `!{firehose:error-output-type}` (Firehose developer guide, "Custom prefixes for Amazon S3
     * objects": an error prefix with an expression must include it).
     */
    readonly errorPrefix: pulumi.Input<string>;
    /**
     * The key of the bucket's default encryption, when the role's own policy must grant it (another
     * account's bucket); a hub's own key grants its role in the key policy instead.
     */
    readonly bucketKeyArn?: pulumi.Input<string>;
    /**
     * Whether the bucket uses `bucketKeyArn`, when that is known only once another stack's output
     * resolves (a log source's destination); without it, a given `bucketKeyArn` is used.
     */
    readonly bucketUsesKey?: pulumi.Output<boolean>;
    /** The bucket's region (S3 calls KMS there). */
    readonly bucketRegion: pulumi.Input<string>;
    /** The bucket is another account's (a log source writing into a hub). */
    readonly crossAccount: boolean;
    readonly partition: pulumi.Input<string>;
    readonly accountId: pulumi.Input<string>;
    /** The stream's region (undefined: the provider's). */
    readonly region?: string;
    readonly streamRegion: pulumi.Input<string>;
    /**
     * The record processors, in order (Firehose API reference, `Processor`).
     * @default one record per line (`AppendDelimiterToRecord`)
     */
    readonly processors?: readonly FirehoseProcessor[];
    readonly tags: Record<string, string>;
    readonly parent: pulumi.Resource;
    readonly dependsOn: readonly pulumi.Resource[];
}

/** A Firehose record processor (Firehose API reference, `Processor` and `ProcessorParameter`). */
export interface FirehoseProcessor {
    readonly type: string;
    readonly parameters?: readonly {
        readonly parameterName: string;
        readonly parameterValue: string;
    }[];
}

/**
 * One record per line (Firehose API reference, Processor: "If you want to add a new line delimiter
 * between records in objects that are delivered to Amazon S3, choose AppendDelimiterToRecord").
 */
export const ONE_RECORD_PER_LINE: readonly FirehoseProcessor[] = [
    { type: "AppendDelimiterToRecord" },
];

/** The objects a Firehose role writes: its prefix and its error prefix (up to the first expression). */
function writtenObjects(bucketArn: Text, prefix: Text, errorPrefix: Text): Text[] {
    const stable = pulumi.output(errorPrefix).apply((p) => p.replace(/!\{.*$/, ""));
    return [join(bucketArn, "/", prefix, "*"), join(bucketArn, "/", stable, "*")];
}

/**
 * The policy of a Firehose role writing to S3, from the Firehose developer guide ("Grant Firehose
 * access to an Amazon S3 destination"), narrowed to the prefixes it writes: the object actions on
 * its prefix and error prefix only (with `s3:PutObjectAcl` across accounts, "Cross-account
 * delivery"), the bucket reads on the bucket, the key only through S3 for this bucket (S3 user
 * guide, "Changes to note before enabling an S3 Bucket Key": with a Bucket Key the encryption
 * context is the bucket's ARN), and its error log stream.
 */
export function firehoseRolePolicy(args: {
    bucketArn: Text;
    prefix: Text;
    errorPrefix: Text;
    bucketKeyArn?: Text;
    bucketRegion: Text;
    crossAccount: boolean;
    logStreamArn: Text;
}): PolicyDocument<Text> {
    return document<Text>([
        {
            Sid: "WriteObjects",
            Effect: "Allow",
            Action: [...FIREHOSE_OBJECT_ACTIONS, ...(args.crossAccount ? ["s3:PutObjectAcl"] : [])],
            Resource: writtenObjects(args.bucketArn, args.prefix, args.errorPrefix),
        },
        {
            Sid: "FindBucket",
            Effect: "Allow",
            Action: [...FIREHOSE_BUCKET_ACTIONS],
            Resource: args.bucketArn,
        },
        args.bucketKeyArn === undefined
            ? undefined
            : {
                  Sid: "EncryptObjects",
                  Effect: "Allow",
                  Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                  Resource: args.bucketKeyArn,
                  Condition: {
                      StringEquals: {
                          "kms:ViaService": join("s3.", args.bucketRegion, ".amazonaws.com"),
                          "kms:EncryptionContext:aws:s3:arn": args.bucketArn,
                      },
                  },
              },
        {
            Sid: "LogDeliveryErrors",
            Effect: "Allow",
            Action: "logs:PutLogEvents",
            Resource: args.logStreamArn,
        },
    ]);
}

/** The stream and its role. */
export interface FirehoseToS3 {
    readonly stream: kinesis.FirehoseDeliveryStream;
    readonly streamArn: pulumi.Output<string>;
    readonly role: iam.Role;
}

/**
 * Creates a Firehose stream writing gzip objects, one record per line, under a prefix of the
 * bucket, with its role, its role policy and the log group of its delivery errors.
 */
export function createFirehoseToS3(name: string, a: FirehoseToS3Args): FirehoseToS3 {
    const opts = { parent: a.parent };
    const logGroupName = `/aws/kinesisfirehose/${a.streamName}`;
    const logStreamName = "DestinationDelivery";
    const logGroup = new cloudwatch.LogGroup(
        `${name}-firehose-errors`,
        { name: logGroupName, retentionInDays: 30, region: a.region, tags: a.tags },
        opts,
    );
    const logStream = new cloudwatch.LogStream(
        `${name}-firehose-errors`,
        { name: logStreamName, logGroupName: logGroup.name, region: a.region },
        opts,
    );
    const role = a.role;
    const logStreamArn = pulumi.interpolate`arn:${a.partition}:logs:${a.streamRegion}:${a.accountId}:log-group:${logGroupName}:log-stream:${logStreamName}`;
    const policyWith = (bucketKeyArn: pulumi.Input<string> | undefined) =>
        documentJson(
            firehoseRolePolicy({
                bucketArn: pulumi.output(a.bucketArn),
                prefix: pulumi.output(a.prefix),
                errorPrefix: pulumi.output(a.errorPrefix),
                bucketKeyArn: bucketKeyArn === undefined ? undefined : pulumi.output(bucketKeyArn),
                bucketRegion: pulumi.output(a.bucketRegion),
                crossAccount: a.crossAccount,
                logStreamArn,
            }),
        );
    const policy = new iam.RolePolicy(
        `${name}-firehose-role-policy`,
        {
            role: role.name,
            name: "WriteToTheLogBucket",
            policy:
                a.bucketUsesKey === undefined
                    ? policyWith(a.bucketKeyArn)
                    : a.bucketUsesKey.apply((uses) =>
                          policyWith(uses ? a.bucketKeyArn : undefined),
                      ),
        },
        opts,
    );
    const stream = new kinesis.FirehoseDeliveryStream(
        `${name}-firehose`,
        {
            name: a.streamName,
            destination: "extended_s3",
            region: a.region,
            // The stream's own records at rest (Microsoft's template's AWS_OWNED_CMK).
            serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
            extendedS3Configuration: {
                roleArn: role.arn,
                bucketArn: a.bucketArn,
                // Without a timestamp expression Firehose appends YYYY/MM/dd/HH/ (Firehose
                // developer guide, "Custom prefixes for Amazon S3 objects").
                prefix: a.prefix,
                errorOutputPrefix: a.errorPrefix,
                bufferingInterval: FIREHOSE_BUFFERING.intervalSeconds,
                bufferingSize: FIREHOSE_BUFFERING.sizeMiB,
                compressionFormat: "GZIP",
                fileExtension: ".gz",
                processingConfiguration: {
                    enabled: true,
                    processors: (a.processors ?? ONE_RECORD_PER_LINE).map((p) => ({
                        type: p.type,
                        ...(p.parameters
                            ? { parameters: p.parameters.map((x) => ({ ...x })) }
                            : {}),
                    })),
                },
                cloudwatchLoggingOptions: {
                    enabled: true,
                    logGroupName,
                    logStreamName,
                },
            },
            tags: a.tags,
        },
        { parent: a.parent, dependsOn: [policy, logStream, ...a.dependsOn] },
    );
    return {
        stream,
        streamArn: pulumi.interpolate`arn:${a.partition}:firehose:${a.streamRegion}:${a.accountId}:deliverystream/${a.streamName}`,
        role,
    };
}
