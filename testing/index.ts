// `sentinel-aws-s3/testing`: Pulumi mocks for unit tests of programs that use the components. They
// answer the invokes the components make (account, partition, region) and return, for each
// resource, what the cloud would (ARNs, URLs, IDs, generated names), so outputs such as the role
// ARN, the queue URLs and the object prefixes are realistic under `pulumi.runtime.setMocks`.
import * as pulumi from "@pulumi/pulumi";

/** The values only the cloud knows, as the mocks answer them. */
export interface MockCloud {
    readonly accountId: string;
    readonly partition: string;
    readonly region: string;
    readonly subscriptionId: string;
    /** The Azure region of the workspace (and of the DCE and DCRs created beside it). */
    readonly azureLocation: string;
    /**
     * The AWS Organization the accounts belong to, as `aws.organizations.getOrganization` answers:
     * by default the calling account is the management account and its accounts cannot be listed
     * (as from a member account, where ListAccounts is denied).
     */
    readonly organization?: MockOrganization;
}

/** An AWS Organization in the mock cloud. */
export interface MockOrganization {
    /** The organization's ID. @default none (the answer leaves it empty) */
    readonly id?: string;
    /** The management account. @default the calling account */
    readonly managementAccountId?: string;
    /** The active accounts the caller may list. @default none (not listable) */
    readonly accountIds?: readonly string[];
}

/** AWS's documentation account in us-east-1, and the all-zero Azure subscription. */
export const DEFAULT_MOCK_CLOUD: MockCloud = {
    accountId: "123456789012",
    partition: "aws",
    region: "us-east-1",
    subscriptionId: "00000000-0000-0000-0000-000000000000",
    azureLocation: "westeurope",
};

/** The suffix of names the mocks generate, where Pulumi or AWS would add random characters. */
export const GENERATED_SUFFIX = "xxxxxxx";

/** A resource the mocks were asked to create. */
export interface MockedResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
}

/** Answers for invokes of your own program, by token. */
export type MockCalls = Readonly<
    Record<string, (inputs: Record<string, any>) => Record<string, any>>
>;

/** A deterministic hex string of a given length derived from a name (stands in for cloud IDs). */
export function mockHex(seed: string, length: number): string {
    let h = 2166136261;
    let out = "";
    while (out.length < length) {
        for (const ch of seed + out.length) {
            h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
        }
        out += h.toString(16).padStart(8, "0");
    }
    return out.slice(0, length);
}

/**
 * What the mocks answer for the invokes the components make (account, partition, region), or
 * undefined for any other invoke.
 */
export function mockCall(
    c: MockCloud,
    token: string,
    inputs?: Record<string, any>,
): Record<string, any> | undefined {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                accountId: c.accountId,
                arn: `arn:${c.partition}:iam::${c.accountId}:user/placeholder`,
                id: c.accountId,
                userId: "AIDAPLACEHOLDER",
            };
        case "aws:index/getPartition:getPartition":
            return {
                partition: c.partition,
                id: c.partition,
                dnsSuffix: "amazonaws.com",
                reverseDnsPrefix: "com.amazonaws",
            };
        case "azure-native:operationalinsights:getWorkspace":
            return {
                id: `/subscriptions/${c.subscriptionId}/resourceGroups/${inputs?.resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/${inputs?.workspaceName}`,
                name: inputs?.workspaceName,
                location: c.azureLocation,
                customerId: "0f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b",
            };
        case "azure-native:securityinsights:getCustomizableConnectorDefinition":
            // The workspace has every Content Hub solution installed; pass your own answer in
            // `calls` (one that throws) to test a workspace without one.
            return {
                id: `/subscriptions/${c.subscriptionId}/resourceGroups/${inputs?.resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/${inputs?.workspaceName}/providers/Microsoft.SecurityInsights/dataConnectorDefinitions/${inputs?.dataConnectorDefinitionName}`,
                name: inputs?.dataConnectorDefinitionName,
                kind: "Customizable",
            };
        case "azure-native:monitor:getDataCollectionEndpoint":
            return {
                id: `/subscriptions/${c.subscriptionId}/resourceGroups/${inputs?.resourceGroupName}/providers/Microsoft.Insights/dataCollectionEndpoints/${inputs?.dataCollectionEndpointName}`,
                name: inputs?.dataCollectionEndpointName,
                logsIngestion: {
                    endpoint: `https://${inputs?.dataCollectionEndpointName}-${mockHex(String(inputs?.dataCollectionEndpointName), 4)}.${c.azureLocation}-1.ingest.monitor.azure.com`,
                },
            };
        case "aws:eks/getCluster:getCluster": {
            // Every cluster asked for exists and sends its audit log to CloudWatch Logs; pass your
            // own answer in `calls` to test a cluster without it.
            const region = inputs?.region ?? c.region;
            return {
                id: inputs?.name,
                name: inputs?.name,
                arn: `arn:${c.partition}:eks:${region}:${c.accountId}:cluster/${inputs?.name}`,
                status: "ACTIVE",
                region,
                enabledClusterLogTypes: ["api", "audit", "authenticator"],
            };
        }
        case "aws:s3/getBucket:getBucket": {
            // A bucket of the region the invoke asks in (pass `calls` for one elsewhere).
            const region = inputs?.region ?? c.region;
            return {
                id: inputs?.bucket,
                bucket: inputs?.bucket,
                arn: `arn:${c.partition}:s3:::${inputs?.bucket}`,
                region,
                bucketDomainName: `${inputs?.bucket}.s3.amazonaws.com`,
                bucketRegionalDomainName: `${inputs?.bucket}.s3.${region}.amazonaws.com`,
                hostedZoneId: "Z3AQBSTGFYJSTF",
            };
        }
        case "aws:organizations/getOrganization:getOrganization": {
            const org = c.organization ?? {};
            const management = org.managementAccountId ?? c.accountId;
            const accounts = (org.accountIds ?? []).map((id) => ({
                id,
                arn: `arn:${c.partition}:organizations::${management}:account/${org.id ?? "o-unknown"}/${id}`,
                email: `${id}@example.com`,
                name: id,
                status: "ACTIVE",
            }));
            return {
                id: org.id ?? "",
                arn: org.id
                    ? `arn:${c.partition}:organizations::${management}:organization/${org.id}`
                    : "",
                masterAccountId: management,
                masterAccountArn: `arn:${c.partition}:organizations::${management}:account/${org.id ?? "o-unknown"}/${management}`,
                masterAccountEmail: `${management}@example.com`,
                masterAccountName: management,
                featureSet: "ALL",
                accounts,
                nonMasterAccounts: accounts.filter((a) => a.id !== management),
                roots: [],
                awsServiceAccessPrincipals: [],
                enabledPolicyTypes: [],
            };
        }
        case "aws:index/getRegion:getRegion":
            return {
                region: c.region,
                name: c.region,
                id: c.region,
                endpoint: `ec2.${c.region}.amazonaws.com`,
                description: c.region,
            };
        default:
            return undefined;
    }
}

/**
 * The accounts and regions of explicit AWS providers: a resource or invoke that uses one is answered
 * in the account of the role the provider assumes (`assumeRoles[0].roleArn`) and in its `region`,
 * so programs spanning accounts get each account's ARNs.
 */
export class MockProviderClouds {
    private readonly byName = new Map<string, Partial<MockCloud>>();

    /** Notes an AWS provider's account and region; other resources are ignored. */
    record(args: pulumi.runtime.MockResourceArgs): void {
        if (args.type !== "pulumi:providers:aws") {
            return;
        }
        const parse = (v: unknown) => (typeof v === "string" ? safeJson(v) : v);
        const roles = parse(args.inputs.assumeRoles) ?? parse(args.inputs.assumeRole);
        const first = Array.isArray(roles) ? roles[0] : roles;
        const account = /^arn:[^:]+:iam::(\d{12}):/.exec(String(first?.roleArn ?? ""))?.[1];
        this.byName.set(args.name, {
            ...(account !== undefined ? { accountId: account } : {}),
            ...(typeof args.inputs.region === "string" ? { region: args.inputs.region } : {}),
        });
    }

    /** The cloud of a provider reference (`<urn>::<id>`), or `base` for the default provider. */
    cloudFor(base: MockCloud, provider: string | undefined): MockCloud {
        const parts = provider?.split("::") ?? [];
        const own = parts.length >= 2 ? this.byName.get(parts[parts.length - 2]) : undefined;
        return own === undefined ? base : { ...base, ...own };
    }
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** The outputs of other stacks a program reads through `pulumi.StackReference`, by stack name. */
export type MockStacks = Readonly<Record<string, Record<string, any>>>;

/** Mocks that answer like AWS and Azure for the resources and invokes the components use. */
export class SentinelMocks implements pulumi.runtime.Mocks {
    /** Every resource created, in order. */
    readonly resources: MockedResource[] = [];
    readonly cloud: MockCloud;
    private readonly providers = new MockProviderClouds();

    constructor(
        cloud: Partial<MockCloud> = {},
        private readonly calls: MockCalls = {},
        private readonly stacks: MockStacks = {},
    ) {
        this.cloud = { ...DEFAULT_MOCK_CLOUD, ...cloud };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        const own = this.calls[args.token];
        if (own) {
            return own(args.inputs);
        }
        const answer = mockCall(
            this.providers.cloudFor(this.cloud, args.provider),
            args.token,
            args.inputs,
        );
        if (answer === undefined) {
            throw new Error(
                `no mock for the invoke ${args.token}; pass it in the mocks' \`calls\``,
            );
        }
        return answer;
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
        this.resources.push({ type: args.type, name: args.name, inputs: args.inputs });
        this.providers.record(args);
        return mockResource(this.providers.cloudFor(this.cloud, args.provider), args, this.stacks);
    }
}

/**
 * What creating a resource returns in the mock cloud: its inputs plus what the cloud computes.
 * Resources with a `region` input are answered in that region; stack references read `stacks`.
 */
export function mockResource(
    c: MockCloud,
    args: pulumi.runtime.MockResourceArgs,
    stacks: MockStacks = {},
): { id: string; state: Record<string, any> } {
    const i = args.inputs;
    const region: string = i.region ?? c.region;
    // Seeds of generated IDs: the name, and the region where one is given.
    const seed = i.region === undefined ? args.name : `${i.region}/${args.name}`;
    const generated = (base: string) => `${base}-${GENERATED_SUFFIX}`;
    const arnPrefix = (service: string) => `arn:${c.partition}:${service}:${region}:${c.accountId}`;
    switch (args.type) {
        case "pulumi:pulumi:StackReference": {
            const name = String(i.name ?? args.name);
            const outputs = stacks[name];
            if (outputs === undefined) {
                throw new Error(
                    `no mock outputs for the stack reference ${name}; pass them in the mocks' \`stacks\``,
                );
            }
            return { id: name, state: { name, outputs, secretOutputNames: [] } };
        }
        case "aws:s3/bucket:Bucket": {
            const bucket = i.bucket ?? generated(args.name);
            return {
                id: bucket,
                state: { ...i, bucket, arn: `arn:${c.partition}:s3:::${bucket}`, region },
            };
        }
        case "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration":
            // The provider's ID is the web ACL's ARN.
            return { id: i.resourceArn, state: { ...i, region } };
        case "aws:s3/bucketLogging:BucketLogging":
            return { id: i.bucket, state: { ...i, region } };
        case "aws:sqs/queue:Queue": {
            const name = i.name ?? generated(args.name);
            const url = `https://sqs.${region}.amazonaws.com/${c.accountId}/${name}`;
            return { id: url, state: { ...i, name, url, arn: `${arnPrefix("sqs")}:${name}` } };
        }
        case "aws:lambda/function:Function": {
            const name = i.name ?? generated(args.name);
            const arn = `${arnPrefix("lambda")}:function:${name}`;
            return {
                id: name,
                state: { ...i, name, arn, qualifiedArn: `${arn}:$LATEST`, version: "$LATEST" },
            };
        }
        case "aws:lambda/invocation:Invocation": {
            // What the function answers is its own; the mocks cannot run it, and answer that it
            // succeeded for the provider it was given.
            const input = typeof i.input === "string" ? safeJson(i.input) : undefined;
            const result = JSON.stringify({
                providerArn: (input as { providerArn?: string } | undefined)?.providerArn,
            });
            return {
                id: `${i.functionName}_$LATEST_${mockHex(seed, 32)}`,
                state: { ...i, result },
            };
        }
        case "aws:sns/topic:Topic": {
            const name = i.name ?? generated(args.name);
            const arn = `${arnPrefix("sns")}:${name}`;
            return { id: arn, state: { ...i, name, arn } };
        }
        case "aws:sns/topicSubscription:TopicSubscription": {
            const arn = `${String(i.topic)}:${mockHex(seed, 8)}-0000-4000-8000-${mockHex(`${seed}/id`, 12)}`;
            return { id: arn, state: { ...i, arn, confirmationWasAuthenticated: true } };
        }
        case "aws:kms/key:Key": {
            const keyId = `0000abcd-0000-4000-8000-${mockHex(args.name, 12)}`;
            return { id: keyId, state: { ...i, keyId, arn: `${arnPrefix("kms")}:key/${keyId}` } };
        }
        case "aws:iam/role:Role": {
            const name = i.name ?? `${i.namePrefix ?? `${args.name}-`}${GENERATED_SUFFIX}`;
            return {
                id: name,
                state: {
                    ...i,
                    name,
                    arn: `arn:${c.partition}:iam::${c.accountId}:role${i.path ?? "/"}${name}`,
                    uniqueId: "AROAPLACEHOLDER",
                },
            };
        }
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
            const arn = `arn:${c.partition}:iam::${c.accountId}:oidc-provider/${String(i.url).replace(/^https:\/\//, "")}`;
            return { id: arn, state: { ...i, arn } };
        }
        case "aws:cloudtrail/trail:Trail": {
            const name = i.name ?? generated(args.name);
            const arn = `${arnPrefix("cloudtrail")}:trail/${name}`;
            return { id: arn, state: { ...i, name, arn, homeRegion: region } };
        }
        case "aws:guardduty/detector:Detector": {
            const id = mockHex(seed, 32);
            return {
                id,
                state: {
                    ...i,
                    accountId: c.accountId,
                    arn: `${arnPrefix("guardduty")}:detector/${id}`,
                },
            };
        }
        case "aws:ec2/flowLog:FlowLog": {
            const id = `fl-${mockHex(seed, 17)}`;
            return { id, state: { ...i, arn: `${arnPrefix("ec2")}:vpc-flow-log/${id}` } };
        }
        case "aws:cloudwatch/metricAlarm:MetricAlarm": {
            const name = i.name ?? generated(args.name);
            return {
                id: name,
                state: { ...i, name, arn: `${arnPrefix("cloudwatch")}:alarm:${name}` },
            };
        }
        case "aws:iam/rolePolicy:RolePolicy":
            return { id: `${i.role}:${i.name ?? generated(args.name)}`, state: { ...i } };
        case "azure-native:resources:Resource": {
            const id = `/subscriptions/${c.subscriptionId}/resourceGroups/${i.resourceGroupName}/providers/${i.resourceProviderNamespace}/${i.parentResourcePath}/${i.resourceType}/${i.resourceName ?? generated(args.name)}`;
            return {
                id,
                state: {
                    ...i,
                    name: i.resourceName,
                    type: `${i.resourceProviderNamespace}/${i.resourceType}`,
                },
            };
        }
        case "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": {
            const id = `rqlc-${mockHex(seed, 16)}`;
            return {
                id,
                state: {
                    ...i,
                    arn: `${arnPrefix("route53resolver")}:resolver-query-log-config/${id}`,
                    ownerId: c.accountId,
                    shareStatus: "NOT_SHARED",
                },
            };
        }
        case "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation":
            return { id: `rqlca-${mockHex(seed, 16)}`, state: { ...i } };
        case "aws:networkfirewall/loggingConfiguration:LoggingConfiguration":
            // The provider's ID of a logging configuration is its firewall's ARN.
            return { id: String(i.firewallArn), state: { ...i } };
        case "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
            const name = i.name ?? generated(args.name);
            const arn = `${arnPrefix("firehose")}:deliverystream/${name}`;
            return { id: arn, state: { ...i, name, arn } };
        }
        case "aws:cloudwatch/eventRule:EventRule": {
            const name = i.name ?? generated(args.name);
            return { id: name, state: { ...i, name, arn: `${arnPrefix("events")}:rule/${name}` } };
        }
        case "aws:cloudwatch/logGroup:LogGroup": {
            const name = i.name ?? generated(args.name);
            return {
                id: name,
                state: { ...i, name, arn: `${arnPrefix("logs")}:log-group:${name}` },
            };
        }
        case "aws:cloudwatch/logDeliverySource:LogDeliverySource": {
            const name = i.name ?? generated(args.name);
            const service = String(i.resourceArn ?? "").split(":")[2] ?? "";
            return {
                id: name,
                state: { ...i, name, service, arn: `${arnPrefix("logs")}:delivery-source:${name}` },
            };
        }
        case "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": {
            const name = i.name ?? generated(args.name);
            return {
                id: name,
                state: {
                    ...i,
                    name,
                    deliveryDestinationType: "S3",
                    arn: `${arnPrefix("logs")}:delivery-destination:${name}`,
                },
            };
        }
        case "aws:cloudwatch/logDelivery:LogDelivery": {
            const id = mockHex(seed, 16);
            return { id, state: { ...i, arn: `${arnPrefix("logs")}:delivery:${id}` } };
        }
        case "azure-native:monitor:DataCollectionEndpoint": {
            const name = i.dataCollectionEndpointName ?? generated(args.name);
            return {
                id: `/subscriptions/${c.subscriptionId}/resourceGroups/${i.resourceGroupName}/providers/Microsoft.Insights/dataCollectionEndpoints/${name}`,
                state: {
                    ...i,
                    name,
                    immutableId: `dce-${mockHex(args.name, 32)}`,
                    logsIngestion: {
                        endpoint: `https://${name}-${mockHex(args.name, 4)}.${i.location}-1.ingest.monitor.azure.com`,
                    },
                },
            };
        }
        case "azure-native:monitor:DataCollectionRule": {
            const name = i.dataCollectionRuleName ?? generated(args.name);
            return {
                id: `/subscriptions/${c.subscriptionId}/resourceGroups/${i.resourceGroupName}/providers/Microsoft.Insights/dataCollectionRules/${name}`,
                state: { ...i, name, immutableId: `dcr-${mockHex(args.name, 32)}` },
            };
        }
        case "azure-native:operationalinsights:Table": {
            const id = `/subscriptions/${c.subscriptionId}/resourceGroups/${i.resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/${i.workspaceName}/tables/${i.tableName}`;
            return { id, state: { ...i, name: i.tableName } };
        }
        case "azure-native:securityinsights:SentinelOnboardingState": {
            const id = `/subscriptions/${c.subscriptionId}/resourceGroups/${i.resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/${i.workspaceName}/providers/Microsoft.SecurityInsights/onboardingStates/${i.sentinelOnboardingStateName ?? "default"}`;
            return { id, state: { ...i } };
        }
        default:
            return { id: args.custom === false ? "" : `${args.name}-id`, state: { ...i } };
    }
}

/** Options of `setSentinelMocks`. */
export interface SentinelMocksOptions {
    readonly cloud?: Partial<MockCloud>;
    readonly calls?: MockCalls;
    /** Outputs of the stacks the program references, by stack name (`org/project/stack`). */
    readonly stacks?: MockStacks;
    readonly project?: string;
    readonly stack?: string;
    /** Runs as a preview. @default false */
    readonly preview?: boolean;
}

/**
 * Sets the mocks for the rest of the process; import the code under test after this. Returns the
 * mocks, whose `resources` list what was created.
 */
export async function setSentinelMocks(options: SentinelMocksOptions = {}): Promise<SentinelMocks> {
    const mocks = new SentinelMocks(options.cloud, options.calls, options.stacks);
    await pulumi.runtime.setMocks(
        mocks,
        options.project ?? "project",
        options.stack ?? "stack",
        options.preview ?? false,
    );
    return mocks;
}

/** The value of an Output (run with `preview: false`: an Output unknown in a preview never resolves). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}
