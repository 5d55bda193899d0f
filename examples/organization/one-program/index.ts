// An AWS Organization connected to Microsoft Sentinel from one hub, in one program: the hub in the
// log-archive account, the organization trail from the management account, GuardDuty from its
// delegated administrator (the security account) for every member, and flow logs from a member
// account, each created with a provider that assumes a role in that account.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    AwsSentinelConnection,
    SentinelAwsS3DataConnectors,
    SentinelLogSource,
} from "sentinel-aws-s3";

/** The accounts of the organization this program deploys into. */
interface Accounts {
    readonly management: string;
    readonly logArchive: string;
    readonly security: string;
    readonly member: string;
}

export = async () => {
    const config = new pulumi.Config();
    const organizationId = config.require("organizationId");
    const accounts = config.requireObject<Accounts>("accounts");
    // The regions the organization runs in; the first is the hub's.
    const regions = config.requireObject<string[]>("regions");
    const memberVpcs = config.requireObject<{ vpcId: string; region?: string }[]>("memberVpcs");
    const sentinel = config.requireObject<{
        workspaceId: string;
        resourceGroupName: string;
        workspaceName: string;
    }>("sentinel");
    // The role this deployment assumes in each account (Organizations creates this one in accounts
    // it creates; Control Tower's is AWSControlTowerExecution).
    const deployRole = config.get("deployRoleName") ?? "OrganizationAccountAccessRole";

    const accountProvider = (name: keyof Accounts) =>
        new aws.Provider(name, {
            region: regions[0],
            assumeRoles: [
                {
                    roleArn: `arn:aws:iam::${accounts[name]}:role/${deployRole}`,
                    sessionName: "sentinel-aws-s3",
                },
            ],
        });

    // The hub: bucket, queues, notification, the OIDC_ role and keys, admitting each service
    // writer as its guide binds it.
    const hub = new AwsSentinelConnection(
        "org",
        {
            workspaceId: sentinel.workspaceId,
            organization: {
                organizationId,
                // One CloudTrail notification per account keeps CloudTrail's digest files out.
                accountIds: Object.values(accounts),
                regions,
                // Each writer bound as its guide shows: the organization trail by the trails of
                // the account that owns it, GuardDuty by its delegated administrator's detectors.
                trailAccountId: accounts.management,
                guardDutyAdministratorAccountId: accounts.security,
            },
            logTypes: { cloudTrail: {}, vpcFlowLogs: {}, guardDuty: {} },
        },
        { provider: accountProvider("logArchive") },
    );

    // One organization trail records every account (management account, or CloudTrail's
    // delegated administrator).
    const management = new SentinelLogSource(
        "management",
        { destination: hub.logDestination, cloudTrail: { organizationTrail: true } },
        { provider: accountProvider("management") },
    );

    // GuardDuty's delegated administrator enables every member in each region and exports all
    // their findings.
    const security = new SentinelLogSource(
        "security",
        { destination: hub.logDestination, guardDuty: { regions, autoEnable: "ALL" } },
        { provider: accountProvider("security") },
    );

    // A member account's VPCs deliver their flow logs across accounts into the hub.
    const member = new SentinelLogSource(
        "member",
        { destination: hub.logDestination, vpcFlowLogs: { vpcs: memberVpcs } },
        { provider: accountProvider("member") },
    );

    const connectors = new SentinelAwsS3DataConnectors("org", {
        resourceGroupName: sentinel.resourceGroupName,
        workspaceName: sentinel.workspaceName,
        awsConnection: hub,
    });

    return {
        roleArn: hub.roleArn,
        bucketName: hub.bucketName,
        logDestination: hub.logDestination,
        trailArn: management.trailArn,
        detectorIds: security.detectorIds,
        flowLogIds: member.flowLogIds,
        connectorIds: connectors.connectorIds,
    };
};
