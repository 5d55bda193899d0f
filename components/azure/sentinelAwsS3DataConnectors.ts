import { Resource } from "@pulumi/azure-native/resources/resource";
import { SentinelOnboardingState } from "@pulumi/azure-native/securityinsights/sentinelOnboardingState";
import * as pulumi from "@pulumi/pulumi";
import { Sleep } from "@pulumiverse/time/sleep";
import { CONNECTOR_KIND, DEFAULT_SENTINEL_API_VERSION, DestinationTable } from "../shared/catalog";
import { awsS3ConnectorBody, connectorResourceName } from "./connectorBody";
import { validateSentinelAwsS3DataConnectorsArgs } from "./sentinelAwsS3DataConnectorsValidation";
import { throwIfInvalid } from "../shared/validation";

/** One connection: a destination table and the queue that carries its notifications. */
export interface SentinelConnectionInput {
    /** The Log Analytics table the connector writes to; one connector per table. */
    readonly destinationTable: DestinationTable;
    /** The URL of the SQS queue the connector polls. */
    readonly sqsUrl: pulumi.Input<string>;
}

/** The wait before connectors are created, so a new IAM role can be assumed. */
export const DEFAULT_IAM_PROPAGATION_DELAY = "30s";

/** Arguments of `SentinelAwsS3DataConnectors`. */
export interface SentinelAwsS3DataConnectorsArgs {
    /** The resource group of the Log Analytics workspace Sentinel uses. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** The name of that Log Analytics workspace. */
    readonly workspaceName: pulumi.Input<string>;
    /** The ARN of the AWS role Sentinel assumes (`AwsSentinelConnection.roleArn`); its name starts with `OIDC_`. */
    readonly roleArn: pulumi.Input<string>;
    /**
     * The connections, one connector each (`AwsSentinelConnection.connections` fits as is). A plain
     * list: the number of connectors follows it.
     */
    readonly connections: readonly SentinelConnectionInput[];
    /**
     * Onboards the workspace to Microsoft Sentinel (`SentinelOnboardingState` "default") first. Leave
     * off when Sentinel is already enabled on the workspace. The onboarding is retained when removed
     * from the stack: offboarding would delete every Sentinel setting of the workspace.
     * @default false
     */
    readonly onboardWorkspace?: boolean;
    /** The SecurityInsights API version; the connector kind exists only in preview versions. @default "2025-10-01-preview" */
    readonly apiVersion?: string;
    /**
     * Resource names of existing connectors by table, to adopt connectors created in the portal
     * (`pulumi import`). @default a UUID derived from the role ARN and the table
     */
    readonly connectorNames?: Partial<Record<DestinationTable, string>>;
    /**
     * How long to wait after the role (or its ARN) changes before creating connectors, for IAM to
     * propagate: a duration like "30s", or "0s" for none.
     * @default "30s"
     */
    readonly iamPropagationDelay?: string;
}

/** A connector the component created. */
export interface SentinelDataConnector {
    readonly destinationTable: DestinationTable;
    /** The connector's ARM ID. */
    readonly id: pulumi.Output<string>;
    /** The connector's resource name. */
    readonly name: pulumi.Output<string>;
}

/**
 * The Azure side of Microsoft Sentinel's "Amazon Web Services S3" connector: one data connector of kind
 * `AmazonWebServicesS3` per connection, on a Log Analytics workspace.
 *
 * Creates: optionally the workspace's Sentinel onboarding; a short wait for IAM propagation; per
 * connection a `Microsoft.SecurityInsights/dataConnectors` resource (through the generic ARM resource,
 * since `@pulumi/azure-native` 3.x has no typed class for this preview-only kind) with a stable name,
 * replaced (deleted first) whenever its queue URL or role ARN changes. `dependsOn` given to the
 * component applies to every connector.
 *
 * @example
 * ```ts
 * const connectors = new SentinelAwsS3DataConnectors("sentinel", {
 *     resourceGroupName: "rg-sentinel",
 *     workspaceName: "law-sentinel",
 *     roleArn: aws.roleArn,
 *     connections: aws.connections,
 * }, { dependsOn: aws.connectorPrerequisites });
 * ```
 */
export class SentinelAwsS3DataConnectors extends pulumi.ComponentResource {
    /** The component's type token. */
    static readonly TYPE = "sentinel-aws-s3:index:SentinelAwsS3DataConnectors";

    /** The connectors, in the order of `connections`. */
    public readonly connectors: SentinelDataConnector[];
    /** The connectors' ARM IDs by destination table. */
    public readonly connectorIds: Partial<Record<DestinationTable, pulumi.Output<string>>>;

    constructor(
        name: string,
        args: SentinelAwsS3DataConnectorsArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        throwIfInvalid(
            `SentinelAwsS3DataConnectors "${name}"`,
            validateSentinelAwsS3DataConnectorsArgs(args),
        );
        super(SentinelAwsS3DataConnectors.TYPE, name, {}, opts);

        const apiVersion = args.apiVersion ?? DEFAULT_SENTINEL_API_VERSION;
        const given = opts?.dependsOn;
        const roleArn = pulumi.output(args.roleArn);
        const before: pulumi.Input<pulumi.Resource>[] = [];
        if (args.onboardWorkspace ?? false) {
            before.push(
                new SentinelOnboardingState(
                    `${name}-onboarding`,
                    {
                        resourceGroupName: args.resourceGroupName,
                        workspaceName: args.workspaceName,
                        sentinelOnboardingStateName: "default",
                    },
                    { parent: this, retainOnDelete: true },
                ),
            );
        }
        const delay = args.iamPropagationDelay ?? DEFAULT_IAM_PROPAGATION_DELAY;
        if (!/^0+[smh]?$/.test(delay)) {
            before.push(
                new Sleep(
                    `${name}-iam-propagation`,
                    { createDuration: delay, triggers: { roleArn } },
                    { parent: this, dependsOn: given },
                ),
            );
        }
        const dependsOn = pulumi
            .output(given ?? [])
            .apply((d) => [...(Array.isArray(d) ? d : [d]), ...before]) as pulumi.Input<
            pulumi.Input<pulumi.Resource>[]
        >;

        this.connectors = args.connections.map((connection) => {
            const table = connection.destinationTable;
            const sqsUrl = pulumi.output(connection.sqsUrl);
            const resourceName =
                args.connectorNames?.[table] ??
                roleArn.apply((arn) => connectorResourceName(arn, table));
            const body = pulumi
                .all([roleArn, sqsUrl])
                .apply(([arn, url]) =>
                    awsS3ConnectorBody({ roleArn: arn, sqsUrls: [url], destinationTable: table }),
                );
            const connector = new Resource(
                `${name}-${table}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    resourceProviderNamespace: "Microsoft.OperationalInsights",
                    parentResourcePath: pulumi.interpolate`workspaces/${args.workspaceName}/providers/Microsoft.SecurityInsights`,
                    resourceType: "dataConnectors",
                    resourceName,
                    apiVersion,
                    kind: CONNECTOR_KIND,
                    properties: body.properties,
                },
                {
                    parent: this,
                    dependsOn,
                    deleteBeforeReplace: true,
                    replaceOnChanges: ["properties.roleArn", "properties.sqsUrls", "resourceName"],
                },
            );
            return { destinationTable: table, id: connector.id, name: pulumi.output(resourceName) };
        });
        this.connectorIds = Object.fromEntries(
            this.connectors.map((c) => [c.destinationTable, c.id]),
        );

        this.registerOutputs({ connectors: this.connectors, connectorIds: this.connectorIds });
    }
}
