// The IAM, bucket, queue and key policy documents the AWS side writes, as pure functions (one module
// per subject under documents/).
export * from "./documents/bucket";
export * from "./documents/common";
export * from "./documents/identity";
export * from "./documents/keys";
export * from "./documents/writers";
export * from "./documents/queues";
