// A log bucket and a reader role written by hand, the way many first attempts look: the bucket is
// readable by anyone and the role may do anything. `npm start -- --program examples/hand-written`
// runs it offline through the policy pack, which refuses it (exit code 1) and names each mistake.
import * as aws from "@pulumi/aws";

const bucketName = "hand-written-security-logs";

// Public: a public-read ACL and a bucket policy letting everyone ("*") read every object.
const logs = new aws.s3.Bucket("logs", { bucket: bucketName, acl: "public-read" });
new aws.s3.BucketPolicy("logs-public-read", {
    bucket: logs.id,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "PublicRead",
                Effect: "Allow",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: `arn:aws:s3:::${bucketName}/*`,
            },
        ],
    }),
});

// Wildcard: a role whose policy allows every action on every resource.
const reader = new aws.iam.Role("log-reader", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "lambda.amazonaws.com" },
                Action: "sts:AssumeRole",
            },
        ],
    }),
});
new aws.iam.RolePolicy("log-reader-everything", {
    role: reader.name,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" }],
    }),
});

export const bucket = logs.bucket;
export const roleArn = reader.arn;
