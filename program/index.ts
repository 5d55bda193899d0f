// The program: both sides of the Microsoft Sentinel AWS S3 connector in one deployment per stack.
// Configuration: `sentinel-aws-s3:sentinel` (the workspace) and `sentinel-aws-s3:aws` (the AWS side);
// see Pulumi.example.yaml.
import * as pulumi from "@pulumi/pulumi";
import { AwsSentinelConnection } from "../components/aws/awsSentinelConnection";
import { SentinelAwsS3DataConnectors } from "../components/azure/sentinelAwsS3DataConnectors";
import { readStackConfig } from "./stackConfig";

export = async () => {
    const config = readStackConfig(new pulumi.Config(), pulumi.runtime.allConfig());

    const aws = new AwsSentinelConnection(config.name, config.aws);
    // The connectors wait for the AWS side's role, its policy, the queue policies and the bucket
    // notification (and for IAM to propagate the new role).
    const sentinel = new SentinelAwsS3DataConnectors(config.name, {
        ...config.sentinel,
        awsConnection: aws,
    });

    // What `npx sentinel-aws-s3 doctor` reads (`pulumi stack output --json | … doctor`).
    const outputs = {
        roleArn: aws.roleArn,
        roleName: aws.roleName,
        workspaceId: aws.workspaceId,
        azureCloud: config.aws.azureCloud ?? "AzureCloud",
        resourceGroupName: config.sentinel.resourceGroupName,
        workspaceName: config.sentinel.workspaceName,
        accountId: aws.accountId,
        region: aws.region,
        bucketName: aws.bucketName,
        bucketArn: aws.bucketArn,
        logsKeyArn: aws.logsKeyArn,
        queueKeyArn: aws.queueKeyArn,
        trailArn: aws.trailArn,
        detectorIds: aws.detectorIds,
        flowLogIds: aws.flowLogIds,
        logExports: aws.logExports,
        connections: aws.connections.map((c) => ({
            logType: c.logType,
            destinationTable: c.destinationTable,
            sqsUrl: c.sqsUrl,
            queueArn: c.queueArn,
            deadLetterQueueUrl: c.deadLetterQueueUrl,
            objectPrefix: c.objectPrefix,
        })),
        connectorIds: sentinel.connectorIds,
    };
    return Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== undefined));
};
