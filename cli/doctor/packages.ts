// The cloud SDKs only the doctor loads. The library does not install them (they are optional peer
// dependencies): before any call the doctor checks that those of the side(s) it runs resolve, and
// otherwise names the one command that installs them.
import { DoctorInputError } from "./errors";

/** The AWS SDK v3 clients the doctor's AWS half loads (aws/api.ts). */
export const AWS_PACKAGES = [
    "@aws-sdk/client-cloudtrail",
    "@aws-sdk/client-cloudwatch",
    "@aws-sdk/client-cloudwatch-logs",
    "@aws-sdk/client-ec2",
    "@aws-sdk/client-eks",
    "@aws-sdk/client-elastic-load-balancing-v2",
    "@aws-sdk/client-firehose",
    "@aws-sdk/client-guardduty",
    "@aws-sdk/client-iam",
    "@aws-sdk/client-kms",
    "@aws-sdk/client-network-firewall",
    "@aws-sdk/client-route53resolver",
    "@aws-sdk/client-s3",
    "@aws-sdk/client-sqs",
    "@aws-sdk/client-sts",
    "@aws-sdk/client-wafv2",
] as const;

/** The Azure SDK packages the doctor's Azure half loads (azure/api.ts). */
export const AZURE_PACKAGES = [
    "@azure/core-rest-pipeline",
    "@azure/identity",
    "@azure/monitor-query-logs",
] as const;

/** Finds a package's entry point, throwing when it is not installed. */
export type Resolver = (name: string) => string;

/** The packages of the sides a run needs that do not resolve, in install order. */
export function missingPackages(
    sides: { readonly aws: boolean; readonly azure: boolean },
    resolve: Resolver = require.resolve,
): string[] {
    const wanted = [...(sides.aws ? AWS_PACKAGES : []), ...(sides.azure ? AZURE_PACKAGES : [])];
    return wanted.filter((name) => {
        try {
            resolve(name);
            return false;
        } catch {
            return true;
        }
    });
}

/** Throws the input error naming the install command when a needed package is missing. */
export function requirePackages(
    sides: { readonly aws: boolean; readonly azure: boolean },
    resolve?: Resolver,
): void {
    const missing = missingPackages(sides, resolve);
    if (missing.length > 0) {
        throw new DoctorInputError([
            `the doctor needs cloud SDK packages the library does not install (${missing.length} missing); install them where sentinel-aws-s3 is installed with \`npm install --no-save ${missing.join(" ")}\`.`,
        ]);
    }
}
