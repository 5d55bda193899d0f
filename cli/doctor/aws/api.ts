// The doctor's only door to AWS: SDK v3 clients loaded on first use, credentials from the SDK's
// default provider chain, endpoints from the SDK's own settings (`AWS_ENDPOINT_URL`,
// `AWS_ENDPOINT_URL_<SERVICE>`, `endpoint_url` in the config file: the AWS SDKs and Tools Reference
// Guide, "Service-specific endpoints"). Every call must be a listed read (permissions.ts), and its
// failure becomes a value: a denied call is "could not check", not a crash.
import { DoctorInputError } from "../errors";
import { doctorOperation } from "../permissions";
import { SILENT_AWS_LOGGER } from "../quiet";

/** The SDK module of each service the doctor reads. */
interface AwsModules {
    sts: typeof import("@aws-sdk/client-sts");
    s3: typeof import("@aws-sdk/client-s3");
    sqs: typeof import("@aws-sdk/client-sqs");
    cloudwatch: typeof import("@aws-sdk/client-cloudwatch");
    iam: typeof import("@aws-sdk/client-iam");
    kms: typeof import("@aws-sdk/client-kms");
    cloudtrail: typeof import("@aws-sdk/client-cloudtrail");
    ec2: typeof import("@aws-sdk/client-ec2");
    guardduty: typeof import("@aws-sdk/client-guardduty");
    route53resolver: typeof import("@aws-sdk/client-route53resolver");
    firehose: typeof import("@aws-sdk/client-firehose");
    logs: typeof import("@aws-sdk/client-cloudwatch-logs");
    eks: typeof import("@aws-sdk/client-eks");
    wafv2: typeof import("@aws-sdk/client-wafv2");
    "network-firewall": typeof import("@aws-sdk/client-network-firewall");
    "elastic-load-balancing-v2": typeof import("@aws-sdk/client-elastic-load-balancing-v2");
}

/** The AWS services the doctor reads. */
export type AwsService = keyof AwsModules;

/** The SDK module of a service. */
export type AwsModule<S extends AwsService> = AwsModules[S];

// Dynamic imports: the SDKs load only when the doctor runs, never when the library is imported.
const LOADERS: { readonly [S in AwsService]: () => Promise<AwsModules[S]> } = {
    sts: () => import("@aws-sdk/client-sts"),
    s3: () => import("@aws-sdk/client-s3"),
    sqs: () => import("@aws-sdk/client-sqs"),
    cloudwatch: () => import("@aws-sdk/client-cloudwatch"),
    iam: () => import("@aws-sdk/client-iam"),
    kms: () => import("@aws-sdk/client-kms"),
    cloudtrail: () => import("@aws-sdk/client-cloudtrail"),
    ec2: () => import("@aws-sdk/client-ec2"),
    guardduty: () => import("@aws-sdk/client-guardduty"),
    route53resolver: () => import("@aws-sdk/client-route53resolver"),
    firehose: () => import("@aws-sdk/client-firehose"),
    logs: () => import("@aws-sdk/client-cloudwatch-logs"),
    eks: () => import("@aws-sdk/client-eks"),
    wafv2: () => import("@aws-sdk/client-wafv2"),
    "network-firewall": () => import("@aws-sdk/client-network-firewall"),
    "elastic-load-balancing-v2": () => import("@aws-sdk/client-elastic-load-balancing-v2"),
};

const CLIENT_CLASS: Record<AwsService, string> = {
    sts: "STSClient",
    s3: "S3Client",
    sqs: "SQSClient",
    cloudwatch: "CloudWatchClient",
    iam: "IAMClient",
    kms: "KMSClient",
    cloudtrail: "CloudTrailClient",
    ec2: "EC2Client",
    guardduty: "GuardDutyClient",
    route53resolver: "Route53ResolverClient",
    firehose: "FirehoseClient",
    logs: "CloudWatchLogsClient",
    eks: "EKSClient",
    wafv2: "WAFV2Client",
    "network-firewall": "NetworkFirewallClient",
    "elastic-load-balancing-v2": "ElasticLoadBalancingV2Client",
};

/** The result of one call. */
export type Outcome<T> =
    | { readonly ok: true; readonly value: T }
    | {
          readonly ok: false;
          /** `denied`: a missing permission; `missing`: the resource does not exist. */
          readonly kind: "denied" | "missing" | "error";
          readonly action: string;
          readonly message: string;
      };

interface SdkClient {
    send(command: unknown): Promise<unknown>;
}

/** The SDK's own message, without its deserialisation hints. */
function describe(e: {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
}): string {
    const status = e.$metadata?.httpStatusCode;
    if (e.name === "SyntaxError" || /Deserialization error/.test(e.message ?? "")) {
        return `HTTP ${status ?? "error"} with a body that is not the service's answer (the endpoint does not implement this operation?)`;
    }
    const message = (e.message ?? "").split("\n")[0].trim();
    return e.name && !message.startsWith(e.name) ? `${e.name}: ${message}` : message;
}

/** Classifies an SDK error. */
export function classifyError(e: unknown): "credentials" | "denied" | "missing" | "error" {
    const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const name = err.name ?? "";
    if (
        name === "CredentialsProviderError" ||
        /Could not load credentials/i.test(err.message ?? "")
    ) {
        return "credentials";
    }
    if (
        /AccessDenied|UnauthorizedOperation|AuthorizationError|NotAuthorized|Forbidden/i.test(
            name,
        ) ||
        err.$metadata?.httpStatusCode === 403
    ) {
        return "denied";
    }
    if (/NoSuch|NotFound|NonExistent|DoesNotExist/i.test(name)) {
        return "missing";
    }
    return "error";
}

/** Lazily created SDK clients, one per service and region. */
export class AwsApi {
    private readonly clients = new Map<string, Promise<SdkClient>>();

    /**
     * @param region the region of the connection's resources; the SDK's own when undefined.
     * @param onCall told of every call, for the progress line.
     * @param clientConfig added to every client's configuration (tests pass a request handler).
     */
    constructor(
        readonly region: string | undefined,
        private readonly onCall?: () => void,
        private readonly clientConfig: object = {},
    ) {}

    /** Loads a service's SDK module. */
    sdk<S extends AwsService>(service: S): Promise<AwsModule<S>> {
        return LOADERS[service]();
    }

    private client(service: AwsService, region: string | undefined): Promise<SdkClient> {
        const key = `${service}|${region ?? ""}`;
        let client = this.clients.get(key);
        if (!client) {
            client = this.sdk(service).then((m) => {
                const Client = (m as unknown as Record<string, new (c: object) => SdkClient>)[
                    CLIENT_CLASS[service]
                ];
                return new Client({
                    logger: SILENT_AWS_LOGGER,
                    ...this.clientConfig,
                    ...(region === undefined ? {} : { region }),
                });
            });
            this.clients.set(key, client);
        }
        return client;
    }

    /**
     * Sends one listed read. `make` builds the command from the service's SDK module, e.g.
     * `api.call("sqs", (m) => new m.GetQueueAttributesCommand({...}))`.
     */
    async call<T, S extends AwsService = AwsService>(
        service: S,
        make: (m: AwsModule<S>) => object,
        region: string | undefined = this.region,
    ): Promise<Outcome<T>> {
        const command = make(await this.sdk(service));
        const operation = command.constructor.name.replace(/Command$/, "");
        const listed = doctorOperation(service, operation);
        if (!listed) {
            throw new Error(`${service}:${operation} is not a listed doctor operation`);
        }
        this.onCall?.();
        try {
            const client = await this.client(service, region);
            return { ok: true, value: (await client.send(command)) as T };
        } catch (e) {
            const kind = classifyError(e);
            const message = describe(e as Error);
            if (kind === "credentials") {
                throw new DoctorInputError([
                    `no AWS credentials: the SDK's default provider chain found none (${message}); set AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or sign in with \`aws sso login\`.`,
                ]);
            }
            if (/Region is missing/i.test(message)) {
                throw new DoctorInputError([
                    "no AWS region: pass `--region`, set AWS_REGION, or give queue URLs of the form https://sqs.<region>.amazonaws.com/….",
                ]);
            }
            return { ok: false, kind, action: listed.action, message };
        }
    }
}

/** The reason a failed call gives for a "could not check". */
export function unknownReason(o: Extract<Outcome<unknown>, { ok: false }>): string {
    return o.kind === "denied"
        ? `the credentials lack ${o.action} (${o.message})`
        : `${o.action} failed: ${o.message}`;
}
