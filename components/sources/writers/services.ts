// The services that deliver logs for several sources, as plain facts (the policy pack reads them).

/** The service principal of AWS log delivery (flow logs, Route 53 Resolver, Network Firewall, CloudFront). */
export const LOG_DELIVERY_SERVICE = "delivery.logs.amazonaws.com";

/**
 * What log delivery needs on the key of an SSE-KMS bucket (CloudWatch Logs user guide, "Enabling
 * logging from AWS services", Amazon S3 → "Server-side encryption for Amazon S3 bucket"): the key
 * policy lets `delivery.logs.amazonaws.com` use these.
 */
export const FLOW_LOG_DELIVERY_KMS_ACTIONS: readonly string[] = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:DescribeKey",
];

/**
 * The doctor's read of the bucket policy (`GetBucketPolicy`, s3:GetBucketPolicy), for sources whose
 * writer reports no delivery error anywhere else: would the policy let it write?
 */
export const BUCKET_POLICY_DOCTOR_OPERATION = {
    service: "s3",
    operation: "GetBucketPolicy",
    action: "s3:GetBucketPolicy",
    purpose:
        "whether the bucket policy lets the source's writer put objects where the connection reads",
} as const;

/**
 * The writer services shown to send `aws:SourceOrgID` with their writes to S3, which an
 * organization hub may bind by the organization: AWS's data-perimeter examples
 * (aws-samples/data-perimeter-policy-examples, `resource_control_policies/README.md`) list "VPC
 * Flow Logs log delivery", `delivery.logs.amazonaws.com`, among the service integrations that
 * populate it. The other writers are bound as their own guides show (a trail, a detector).
 */
export const SOURCE_ORG_ID_SERVICES: readonly string[] = [LOG_DELIVERY_SERVICE];
