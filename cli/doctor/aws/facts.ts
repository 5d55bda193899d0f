// What the doctor reads from AWS, each read made at most once and shared by the checks.
import {
    CONNECTIONS,
    CatalogConnection,
    NOTIFICATION_SUFFIX,
    logObjectPrefix,
    sourceFacts,
} from "../../../components/shared/catalog";
import { layoutOf, notificationFilterKey } from "../../../components/sources/layout";
import { DoctorConnection, DoctorInput, catalogConnectionOf } from "../input";
import { AnyPolicy, parsePolicy } from "../policy";
import { AwsApi, Outcome } from "./api";

export { catalogConnectionOf };

/** A queue's attributes, as GetQueueAttributes returns them (all strings). */
export type QueueAttributes = Readonly<Record<string, string>>;

/** One S3 notification of any kind, flattened. */
export interface BucketNotification {
    readonly kind: "queue" | "topic" | "lambda";
    readonly id?: string;
    readonly destinationArn: string;
    readonly events: readonly string[];
    readonly prefix?: string;
    readonly suffix?: string;
}

/** The SNS topics a queue policy lets `sns.amazonaws.com` send from (its `aws:SourceArn` values). */
export function topicsAdmitted(policyText: string | undefined): string[] {
    let policy: { Statement?: unknown } | undefined;
    try {
        policy = policyText ? JSON.parse(policyText) : undefined;
    } catch {
        return [];
    }
    const statements = Array.isArray(policy?.Statement)
        ? policy.Statement
        : policy?.Statement
          ? [policy.Statement]
          : [];
    const list = (v: unknown): string[] =>
        typeof v === "string"
            ? [v]
            : Array.isArray(v)
              ? v.filter((x) => typeof x === "string")
              : [];
    type Statement = {
        Effect?: unknown;
        Principal?: { Service?: unknown };
        Condition?: Record<string, Record<string, unknown>>;
    };
    return (statements as Statement[]).flatMap((st) => {
        if (st?.Effect !== "Allow" || !list(st.Principal?.Service).includes("sns.amazonaws.com")) {
            return [];
        }
        return Object.values(st.Condition ?? {})
            .flatMap((keys) =>
                Object.entries(keys ?? {})
                    .filter(([k]) => k.toLowerCase() === "aws:sourcearn")
                    .flatMap(([, v]) => list(v)),
            )
            .filter((arn) => arn.includes(":sns:"));
    });
}

/** One S3 notification to a queue, flattened. */
export interface QueueNotification {
    readonly id?: string;
    readonly queueArn: string;
    readonly events: readonly string[];
    readonly prefix?: string;
    readonly suffix?: string;
}

/** A policy attached to the role, by name. */
export interface NamedPolicy {
    readonly name: string;
    readonly document: AnyPolicy | undefined;
}

/** A key and its policy. */
export interface KeyFacts {
    readonly arn: string;
    readonly manager?: string;
    readonly policy: AnyPolicy | undefined;
}

/** The newest log object found under a prefix. */
export interface NewestObject {
    readonly key: string;
    readonly lastModified: Date;
}

/** A CloudWatch series: newest first. */
export interface Series {
    readonly points: readonly { readonly time: Date; readonly value: number }[];
}

/** How far the newest-object search descends and how wide. */
const MAX_LIST_DEPTH = 6;
const MAX_BRANCHES = 30;

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

/** Memoised reads for one doctor run. */
export class AwsFacts {
    private readonly memo = new Map<string, Promise<unknown>>();

    constructor(
        readonly input: DoctorInput,
        readonly api: AwsApi,
        /** The workspace ID to check the trust against (given, or read from Azure). */
        readonly workspaceId: string | undefined,
        readonly now: Date = new Date(),
    ) {}

    /** One read, made at most once per run and shared by the checks. */
    once<T>(key: string, read: () => Promise<T>): Promise<T> {
        let p = this.memo.get(key) as Promise<T> | undefined;
        if (!p) {
            p = read();
            this.memo.set(key, p);
        }
        return p;
    }

    get bucketArn(): string | undefined {
        const b = this.input.bucketName;
        return b === undefined ? undefined : `arn:${this.input.partition}:s3:::${b}`;
    }

    /** The bucket a connection's files are in: its own, or the log bucket. */
    bucketNameOf(c: DoctorConnection): string | undefined {
        return c.bucketName ?? this.input.bucketName;
    }

    /** The ARN of the bucket a connection's files are in. */
    bucketArnOf(c: DoctorConnection): string | undefined {
        const b = this.bucketNameOf(c);
        return b === undefined ? undefined : `arn:${this.input.partition}:s3:::${b}`;
    }

    /** The region of the connection's queues (undefined: the SDK's own). */
    get region(): string | undefined {
        return this.input.region;
    }

    queueName(c: DoctorConnection): string {
        return c.sqsUrl.split("/").pop()!;
    }

    identity() {
        return this.once("identity", () =>
            this.api.call<{ Account?: string; Arn?: string }, "sts">(
                "sts",
                (m) => new m.GetCallerIdentityCommand({}),
            ),
        );
    }

    queueAttributes(url: string): Promise<Outcome<QueueAttributes>> {
        return this.once(`queue:${url}`, async () => {
            const o = await this.api.call<{ Attributes?: Record<string, string> }, "sqs">(
                "sqs",
                (m) => new m.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }),
            );
            return o.ok ? ok(o.value.Attributes ?? {}) : o;
        });
    }

    /** The queue's ARN: given, read, or built from its URL. */
    async queueArn(c: DoctorConnection): Promise<string> {
        if (c.queueArn) {
            return c.queueArn;
        }
        const attrs = await this.queueAttributes(c.sqsUrl);
        if (attrs.ok && attrs.value.QueueArn) {
            return attrs.value.QueueArn;
        }
        const [, account, name] = /\/(\d{12})\/([^/]+)$/.exec(c.sqsUrl) ?? [];
        return `arn:${this.input.partition}:sqs:${this.region ?? "<region>"}:${account}:${name}`;
    }

    /**
     * Every notification of a bucket (the log bucket when none is named), to queues, topics and
     * functions, flattened.
     */
    bucketNotifications(
        bucket: string | undefined = this.input.bucketName,
    ): Promise<Outcome<BucketNotification[]>> {
        return this.once(`notification:${bucket}`, async () => {
            type Configuration = {
                Id?: string;
                QueueArn?: string;
                TopicArn?: string;
                LambdaFunctionArn?: string;
                Events?: string[];
                Filter?: { Key?: { FilterRules?: { Name?: string; Value?: string }[] } };
            };
            const o = await this.api.call<
                {
                    QueueConfigurations?: Configuration[];
                    TopicConfigurations?: Configuration[];
                    LambdaFunctionConfigurations?: Configuration[];
                },
                "s3"
            >(
                "s3",
                (m) =>
                    new m.GetBucketNotificationConfigurationCommand({
                        Bucket: bucket!,
                    }),
            );
            if (!o.ok) {
                return o;
            }
            const flat = (
                list: Configuration[] | undefined,
                kind: BucketNotification["kind"],
            ): BucketNotification[] =>
                (list ?? []).map((q) => {
                    const rules = q.Filter?.Key?.FilterRules ?? [];
                    const rule = (name: string) =>
                        rules.find((r) => r.Name?.toLowerCase() === name)?.Value;
                    return {
                        kind,
                        id: q.Id,
                        destinationArn: q.QueueArn ?? q.TopicArn ?? q.LambdaFunctionArn ?? "",
                        events: q.Events ?? [],
                        prefix: rule("prefix"),
                        suffix: rule("suffix"),
                    };
                });
            return ok([
                ...flat(o.value.QueueConfigurations, "queue"),
                ...flat(o.value.TopicConfigurations, "topic"),
                ...flat(o.value.LambdaFunctionConfigurations, "lambda"),
            ]);
        });
    }

    /** The queue notifications of a bucket (the log bucket when none is named). */
    async notifications(
        bucket: string | undefined = this.input.bucketName,
    ): Promise<Outcome<QueueNotification[]>> {
        const all = await this.bucketNotifications(bucket);
        if (!all.ok) {
            return all;
        }
        return ok(
            all.value
                .filter((n) => n.kind === "queue")
                .map(({ id, destinationArn, events, prefix, suffix }) => ({
                    id,
                    queueArn: destinationArn,
                    events,
                    prefix,
                    suffix,
                })),
        );
    }

    /**
     * What delivers to a connection's queue: the queue itself, and the SNS topics its policy lets
     * send (`sns.amazonaws.com` bound by `aws:SourceArn` to the topic, Amazon SNS developer guide,
     * "Subscribing an Amazon SQS queue to an Amazon SNS topic").
     */
    async queueDestinations(c: DoctorConnection): Promise<string[]> {
        const queueArn = await this.queueArn(c);
        const attrs = await this.queueAttributes(c.sqsUrl);
        return [queueArn, ...(attrs.ok ? topicsAdmitted(attrs.value.Policy) : [])];
    }

    /** The prefix to look under: given, or the one the queue's notification filters on. */
    async objectPrefix(c: DoctorConnection): Promise<string> {
        if (c.objectPrefix) {
            return c.objectPrefix;
        }
        const connection = catalogConnectionOf(c);
        const pattern = prefixPattern(c.logType, this.input.accountId, connection);
        const queueArn = await this.queueArn(c);
        const n = await this.notifications(this.bucketNameOf(c));
        const configured = n.ok
            ? n.value
                  .map((q) => ({ ...q, key: notificationFilterKey(q.prefix ?? "") }))
                  .find((q) => q.queueArn === queueArn && q.key && pattern.test(q.key))?.key
            : undefined;
        return configured ?? logObjectPrefix(c.logType, this.input.accountId, "", connection);
    }

    /** The key that encrypts new objects by default (undefined for SSE-S3 or none). */
    bucketKey(): Promise<Outcome<string | undefined>> {
        return this.once("bucketKey", async () => {
            const o = await this.api.call<
                {
                    ServerSideEncryptionConfiguration?: {
                        Rules?: {
                            ApplyServerSideEncryptionByDefault?: {
                                SSEAlgorithm?: string;
                                KMSMasterKeyID?: string;
                            };
                        }[];
                    };
                },
                "s3"
            >("s3", (m) => new m.GetBucketEncryptionCommand({ Bucket: this.input.bucketName! }));
            if (!o.ok) {
                return o.kind === "missing" ? ok(undefined) : o;
            }
            const rule =
                o.value.ServerSideEncryptionConfiguration?.Rules?.[0]
                    ?.ApplyServerSideEncryptionByDefault;
            return ok(rule?.SSEAlgorithm?.startsWith("aws:kms") ? rule.KMSMasterKeyID : undefined);
        });
    }

    /**
     * The newest object under a prefix whose key ends with `suffix` (any, for `""`), descending only
     * into the newest date folders; in the log bucket unless a bucket is named.
     */
    newestObject(
        prefix: string,
        bucket: string | undefined = this.input.bucketName,
        suffix: string = NOTIFICATION_SUFFIX,
    ): Promise<Outcome<NewestObject | undefined>> {
        return this.once(`newest:${bucket}:${prefix}:${suffix}`, () =>
            this.descend({ bucket: bucket!, suffix }, prefix, 0),
        );
    }

    private async descend(
        where: { readonly bucket: string; readonly suffix: string },
        prefix: string,
        depth: number,
    ): Promise<Outcome<NewestObject | undefined>> {
        const o = await this.api.call<
            {
                Contents?: { Key?: string; LastModified?: Date }[];
                CommonPrefixes?: { Prefix?: string }[];
            },
            "s3"
        >(
            "s3",
            (m) =>
                new m.ListObjectsV2Command({
                    Bucket: where.bucket,
                    Prefix: prefix,
                    Delimiter: "/",
                }),
        );
        if (!o.ok) {
            return o;
        }
        let newest: NewestObject | undefined;
        const consider = (n: NewestObject | undefined) => {
            if (n && (!newest || n.lastModified > newest.lastModified)) {
                newest = n;
            }
        };
        for (const obj of o.value.Contents ?? []) {
            if (obj.Key?.endsWith(where.suffix) && obj.LastModified) {
                consider({ key: obj.Key, lastModified: new Date(obj.LastModified) });
            }
        }
        const folders = (o.value.CommonPrefixes ?? [])
            .map((p) => p.Prefix!)
            .filter(Boolean)
            .sort();
        if (depth < MAX_LIST_DEPTH && folders.length > 0) {
            // Date folders (2025/, 01/, or Hive-compatible year=2025/, …) sort in time order:
            // only the newest can hold the newest file.
            const dated = folders.every((f) => /\/(?:[a-z]+=)?\d+\/$/.test(f));
            const next = dated ? folders.slice(-1) : folders.slice(0, MAX_BRANCHES);
            for (const sub of await Promise.all(
                next.map((f) => this.descend(where, f, depth + 1)),
            )) {
                if (!sub.ok) {
                    return sub;
                }
                consider(sub.value);
            }
        }
        return ok(newest);
    }

    role() {
        return this.once("role", async () => {
            const o = await this.api.call<
                {
                    Role?: {
                        AssumeRolePolicyDocument?: string;
                        PermissionsBoundary?: { PermissionsBoundaryArn?: string };
                    };
                },
                "iam"
            >("iam", (m) => new m.GetRoleCommand({ RoleName: this.input.roleName }));
            return o.ok ? ok(o.value.Role ?? {}) : o;
        });
    }

    /** The role's inline and managed policies. */
    rolePolicies(): Promise<Outcome<NamedPolicy[]>> {
        return this.once("rolePolicies", async () => {
            const RoleName = this.input.roleName;
            const inline = await this.api.call<{ PolicyNames?: string[] }, "iam">(
                "iam",
                (m) => new m.ListRolePoliciesCommand({ RoleName }),
            );
            if (!inline.ok) {
                return inline;
            }
            const attached = await this.api.call<
                { AttachedPolicies?: { PolicyArn?: string; PolicyName?: string }[] },
                "iam"
            >("iam", (m) => new m.ListAttachedRolePoliciesCommand({ RoleName }));
            if (!attached.ok) {
                return attached;
            }
            const policies: NamedPolicy[] = [];
            for (const PolicyName of inline.value.PolicyNames ?? []) {
                const p = await this.api.call<{ PolicyDocument?: string }, "iam">(
                    "iam",
                    (m) => new m.GetRolePolicyCommand({ RoleName, PolicyName }),
                );
                if (!p.ok) {
                    return p;
                }
                policies.push({ name: PolicyName, document: parsePolicy(p.value.PolicyDocument) });
            }
            for (const a of attached.value.AttachedPolicies ?? []) {
                const doc = await this.managedPolicy(a.PolicyArn!);
                if (!doc.ok) {
                    return doc;
                }
                policies.push({ name: a.PolicyName ?? a.PolicyArn!, document: doc.value });
            }
            return ok(policies);
        });
    }

    /** The default version's document of a managed policy. */
    managedPolicy(arn: string): Promise<Outcome<AnyPolicy | undefined>> {
        return this.once(`managed:${arn}`, async () => {
            const p = await this.api.call<{ Policy?: { DefaultVersionId?: string } }, "iam">(
                "iam",
                (m) => new m.GetPolicyCommand({ PolicyArn: arn }),
            );
            if (!p.ok) {
                return p;
            }
            const v = await this.api.call<{ PolicyVersion?: { Document?: string } }, "iam">(
                "iam",
                (m) =>
                    new m.GetPolicyVersionCommand({
                        PolicyArn: arn,
                        VersionId: p.value.Policy?.DefaultVersionId,
                    }),
            );
            return v.ok ? ok(parsePolicy(v.value.PolicyVersion?.Document)) : v;
        });
    }

    /** A key's ARN, manager and policy; `keyId` may be an ARN, an ID or an alias. */
    key(keyId: string): Promise<Outcome<KeyFacts>> {
        return this.once(`key:${keyId}`, async () => {
            const d = await this.api.call<
                { KeyMetadata?: { Arn?: string; KeyManager?: string } },
                "kms"
            >("kms", (m) => new m.DescribeKeyCommand({ KeyId: keyId }));
            if (!d.ok) {
                return d;
            }
            const arn = d.value.KeyMetadata?.Arn ?? keyId;
            const manager = d.value.KeyMetadata?.KeyManager;
            if (manager === "AWS") {
                return ok({ arn, manager, policy: undefined });
            }
            const p = await this.api.call<{ Policy?: string }, "kms">(
                "kms",
                (m) => new m.GetKeyPolicyCommand({ KeyId: arn, PolicyName: "default" }),
            );
            return p.ok ? ok({ arn, manager, policy: parsePolicy(p.value.Policy) }) : p;
        });
    }

    /**
     * One SQS metric of a queue (namespace AWS/SQS, dimension QueueName: the Amazon SQS Developer
     * Guide, "Available CloudWatch metrics for Amazon SQS"), newest point first.
     */
    queueMetric(
        queueName: string,
        metric: string,
        stat: "Maximum" | "Sum",
        minutes: number,
    ): Promise<Outcome<Series>> {
        return this.once(`metric:${queueName}:${metric}:${stat}:${minutes}`, async () => {
            const o = await this.api.call<
                { MetricDataResults?: { Timestamps?: Date[]; Values?: number[] }[] },
                "cloudwatch"
            >(
                "cloudwatch",
                (m) =>
                    new m.GetMetricDataCommand({
                        StartTime: new Date(this.now.getTime() - minutes * 60_000),
                        // One period past now, so the current (partial) period is included.
                        EndTime: new Date(this.now.getTime() + 300_000),
                        ScanBy: "TimestampDescending",
                        MetricDataQueries: [
                            {
                                Id: "m",
                                MetricStat: {
                                    Metric: {
                                        Namespace: "AWS/SQS",
                                        MetricName: metric,
                                        Dimensions: [{ Name: "QueueName", Value: queueName }],
                                    },
                                    Period: 300,
                                    Stat: stat,
                                },
                            },
                        ],
                    }),
            );
            if (!o.ok) {
                return o;
            }
            const r = o.value.MetricDataResults?.[0];
            const points = (r?.Timestamps ?? [])
                .map((t, i) => ({ time: new Date(t), value: r?.Values?.[i] ?? 0 }))
                .sort((a, b) => b.time.getTime() - a.time.getTime());
            return ok({ points });
        });
    }
}

/**
 * The prefixes AWS writes a connection (by default its log type's first) under for an account, with
 * any bucket key prefix in front (the source's layout: `AWSLogs/<account>/<folder>/`, Hive-compatible
 * folders, or its own).
 */
export function prefixPattern(
    logType: DoctorConnection["logType"],
    accountId: string,
    connection: CatalogConnection = CONNECTIONS.find((c) => c.logType === logType)!,
): RegExp {
    const prefix = accountPrefix(logType, accountId, connection);
    return new RegExp(`^(?:.+/)?${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}

/** The prefix an account's files of a connection are under, without a bucket key prefix. */
export function accountPrefix(
    logType: DoctorConnection["logType"],
    accountId: string,
    connection: CatalogConnection = CONNECTIONS.find((c) => c.logType === logType)!,
): string {
    return layoutOf(sourceFacts(logType)).connectionPrefix(connection, {
        keyPrefix: "",
        hubAccountId: accountId,
    });
}

/** Does a destination ARN (`arn:…:s3:::bucket` or `…:::bucket/prefix/`) point into the bucket? */
export function isBucketDestination(destinationArn: string, bucketArn: string): boolean {
    return destinationArn === bucketArn || destinationArn.startsWith(`${bucketArn}/`);
}
