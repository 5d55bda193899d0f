// The organization's Sentinel hub as a stack of its own, deployed with the log-archive account's
// credentials: the bucket, queues, notification, role and keys, and the Sentinel connectors. Each
// account's exports are a stack of the `source` project, which reads `logDestination` from here.
import * as pulumi from "@pulumi/pulumi";
import { AwsSentinelConnection, SentinelAwsS3DataConnectors } from "sentinel-aws-s3";

export = async () => {
    const config = new pulumi.Config();
    const sentinel = config.requireObject<{
        workspaceId: string;
        resourceGroupName: string;
        workspaceName: string;
    }>("sentinel");

    const hub = new AwsSentinelConnection("org", {
        workspaceId: sentinel.workspaceId,
        organization: {
            organizationId: config.require("organizationId"),
            accountIds: config.getObject<string[]>("accountIds"),
            regions: config.getObject<string[]>("regions"),
            // The account that owns the organization trail (default: the management account, read
            // from AWS Organizations) and GuardDuty's delegated administrator, which alone exports.
            trailAccountId: config.get("trailAccountId"),
            guardDutyAdministratorAccountId: config.require("guardDutyAdministratorAccountId"),
        },
        logTypes: { cloudTrail: {}, vpcFlowLogs: {}, guardDuty: {} },
    });
    const connectors = new SentinelAwsS3DataConnectors("org", {
        resourceGroupName: sentinel.resourceGroupName,
        workspaceName: sentinel.workspaceName,
        awsConnection: hub,
    });

    return {
        // What the source stacks read through a StackReference.
        logDestination: hub.logDestination,
        roleArn: hub.roleArn,
        bucketName: hub.bucketName,
        connectorIds: connectors.connectorIds,
    };
};
