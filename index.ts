// The program: both sides of the Microsoft Sentinel AWS S3 connector in one deployment per stack.
// Configuration: `sentinel-aws-s3:sentinel` (the workspace) and `sentinel-aws-s3:aws` (the AWS side);
// see Pulumi.example.yaml.
import * as pulumi from "@pulumi/pulumi";
import { AwsSentinelConnection } from "./components/aws/awsSentinelConnection";
import { SentinelAwsS3DataConnectors } from "./components/azure/sentinelAwsS3DataConnectors";
import { readStackConfig } from "./components/stackConfig";

export = async () => {
    const config = readStackConfig(new pulumi.Config());

    const aws = new AwsSentinelConnection(config.name, config.aws);
    const sentinel = new SentinelAwsS3DataConnectors(
        config.name,
        { ...config.sentinel, roleArn: aws.roleArn, connections: aws.connections },
        // The connectors are created once the role, its policy, the queue policies and the bucket
        // notification exist (and IAM has had time to propagate the new role).
        { dependsOn: aws.connectorPrerequisites },
    );

    return {
        roleArn: aws.roleArn,
        roleName: aws.roleName,
        bucketName: aws.bucketName,
        connections: aws.connections.map((c) => ({
            logType: c.logType,
            destinationTable: c.destinationTable,
            sqsUrl: c.sqsUrl,
        })),
        connectorIds: sentinel.connectorIds,
    };
};
