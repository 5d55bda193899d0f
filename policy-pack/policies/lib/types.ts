// Resource type tokens the policies read, with the older V2 aliases where @pulumi/aws has them,
// and the shared shape of every policy in the pack.
import {
    EnforcementLevel,
    ResourceValidationPolicy,
    Severity,
    StackValidationPolicy,
} from "@pulumi/policy";

export const TYPES = {
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    accountPublicAccessBlock: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
    encryption:
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    encryptionV2:
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    versioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    logging: "aws:s3/bucketLogging:BucketLogging",
    loggingV2: "aws:s3/bucketLoggingV2:BucketLoggingV2",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    lifecycleV2: "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
    acl: "aws:s3/bucketAcl:BucketAcl",
    aclV2: "aws:s3/bucketAclV2:BucketAclV2",
    object: "aws:s3/bucketObject:BucketObject",
    objectV2: "aws:s3/bucketObjectv2:BucketObjectv2",
    notification: "aws:s3/bucketNotification:BucketNotification",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    redrivePolicy: "aws:sqs/redrivePolicy:RedrivePolicy",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    rolePolicyAttachmentsExclusive:
        "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    policy: "aws:iam/policy:Policy",
    userPolicy: "aws:iam/userPolicy:UserPolicy",
    groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    key: "aws:kms/key:Key",
    keyPolicy: "aws:kms/keyPolicy:KeyPolicy",
    flowLog: "aws:ec2/flowLog:FlowLog",
    vpc: "aws:ec2/vpc:Vpc",
    trail: "aws:cloudtrail/trail:Trail",
    detector: "aws:guardduty/detector:Detector",
    armResource: "azure-native:resources:Resource",
    dcr: "azure-native:monitor:DataCollectionRule",
    firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    logSubscriptionFilter: "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
} as const;

export const BUCKET_TYPES: readonly string[] = [TYPES.bucket, TYPES.bucketV2];
export const ENCRYPTION_TYPES: readonly string[] = [TYPES.encryption, TYPES.encryptionV2];
export const VERSIONING_TYPES: readonly string[] = [TYPES.versioning, TYPES.versioningV2];
export const LOGGING_TYPES: readonly string[] = [TYPES.logging, TYPES.loggingV2];
export const LIFECYCLE_TYPES: readonly string[] = [TYPES.lifecycle, TYPES.lifecycleV2];

/** Typed Sentinel connector classes: `azure-native:securityinsights[/<version>]:AwsS3DataConnector`. */
export const TYPED_CONNECTOR_TYPE =
    /^azure-native:securityinsights(?:\/(v\d{8}(?:preview)?))?:AwsS3DataConnector$/;

/** Every policy of the pack carries an enforcement level, a severity and remediation steps. */
export type PackPolicy = (ResourceValidationPolicy | StackValidationPolicy) & {
    readonly enforcementLevel: EnforcementLevel;
    readonly severity: Severity;
    readonly remediationSteps: string;
};
