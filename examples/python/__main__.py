"""The deployment of the TypeScript program (program/index.ts with program/Pulumi.example.yaml), as a Python program.

Both sides of Microsoft Sentinel's "Amazon Web Services S3" connector, from the package's generated
Python SDK: `pulumi package add ../..` (or the git URL) writes it to sdks/sentinel-aws-s3 and adds it
to requirements.txt; the README ("From Python, Go, C#, Java or YAML") has the commands.

The SDK names each input type after the package schema's type with "Args" appended (`LogTypes` →
`LogTypesArgs`), the names the TypeScript interfaces have.
"""

import pulumi
import pulumi_sentinel_aws_s3 as sentinel

config = pulumi.Config()
workspace_id = config.require("workspaceId")
resource_group_name = config.require("resourceGroupName")
workspace_name = config.require("workspaceName")
azure_cloud = config.get("azureCloud") or "AzureCloud"
vpc_ids = config.require_object("vpcIds")

# The AWS side: bucket, one queue per log type, the notification, the OIDC provider and role, keys
# and the exports.
aws = sentinel.AwsSentinelConnection(
    "sentinel",
    workspace_id=workspace_id,
    azure_cloud=azure_cloud,
    log_types=sentinel.LogTypesArgs(
        cloud_trail=sentinel.CloudTrailLogArgs(),
        vpc_flow_logs=sentinel.VpcFlowLogsArgs(vpc_ids=vpc_ids),
        guard_duty=sentinel.GuardDutyLogArgs(),
        # Read through Microsoft's Codeless Connector Framework (their Content Hub solutions must be
        # installed in the workspace; the connectors check it at preview).
        route53_resolver_query_logs=sentinel.Route53ResolverQueryLogsArgs(vpc_ids=vpc_ids),
        security_hub_findings=sentinel.SecurityHubFindingsArgs(),
    ),
    tags={"owner": "security-team"},
)

# The Azure side: one Sentinel connector per table. `aws.connections` is one Output here, so the
# tables to connect are listed (they decide how many connectors exist) and each connector takes its
# queue URL from the connection with its table. Created after the AWS side (`depends_on`).
connectors = sentinel.SentinelAwsS3DataConnectors(
    "sentinel",
    resource_group_name=resource_group_name,
    workspace_name=workspace_name,
    role_arn=aws.role_arn,
    destination_tables=[
        "AWSCloudTrail",
        "AWSVPCFlow",
        "AWSGuardDuty",
        "AWSRoute53Resolver",
        "AWSSecurityHubFindings",
    ],
    connections_output=aws.connections,
    opts=pulumi.ResourceOptions(depends_on=[aws]),
)

# What `npx sentinel-aws-s3 doctor` reads (`pulumi stack output --json | npx sentinel-aws-s3 doctor`).
pulumi.export("roleArn", aws.role_arn)
pulumi.export("roleName", aws.role_name)
pulumi.export("workspaceId", aws.workspace_id)
pulumi.export("azureCloud", azure_cloud)
pulumi.export("resourceGroupName", resource_group_name)
pulumi.export("workspaceName", workspace_name)
pulumi.export("accountId", aws.account_id)
pulumi.export("region", aws.region)
pulumi.export("bucketName", aws.bucket_name)
pulumi.export("bucketArn", aws.bucket_arn)
pulumi.export("logsKeyArn", aws.logs_key_arn)
pulumi.export("trailArn", aws.trail_arn)
pulumi.export("detectorIds", aws.detector_ids)
pulumi.export("flowLogIds", aws.flow_log_ids)
pulumi.export("logExports", aws.log_exports)
pulumi.export("connections", aws.connections)
pulumi.export("connectorIds", connectors.connector_ids)
