// Who writes an Application Load Balancer's access logs into the bucket, by region, as pure data:
// in regions available before August 2022, Elastic Load Balancing's account of the region; in
// regions launched since, the log-delivery service principal (ALB user guide, "Enable access logs
// for your Application Load Balancer", step 2: "For regions launched in August 2022 or later, you
// should instead provide a policy that grants permissions to the
// logdelivery.elasticloadbalancing.amazonaws.com principal").

/** The service principal that writes ALB access logs in regions launched since August 2022. */
export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

/**
 * Elastic Load Balancing's account in each region that has one. The ALB user guide's table, as
 * terraform-provider-aws keeps it (`internal/service/elb/service_account_data_source.go`
 * @01f4311, which `aws.elb.getServiceAccount` reads), and as Microsoft's AWSS3ELB.json @6b49bfc maps
 * the commercial ones (`RegionToELBAccountId`, the same 22).
 */
export const ELB_REGIONAL_ACCOUNTS: Readonly<Record<string, string>> = {
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-south-1": "718504428378",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-southeast-3": "589379963580",
    "ca-central-1": "985666609251",
    "cn-north-1": "638102146993",
    "cn-northwest-1": "037604701340",
    "eu-central-1": "054676820928",
    "eu-north-1": "897822967062",
    "eu-south-1": "635631232127",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-west-3": "009996457667",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-gov-east-1": "190560391635",
    "us-gov-west-1": "048591011584",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
};

/** The principal that writes ALB access logs in a region: its ELB account's root, or the service. */
export type ElbWriterPrincipal = { readonly AWS: string } | { readonly Service: string };

/** The ALB writer of a region, in a partition. */
export function elbWriterPrincipal(partition: string, region: string): ElbWriterPrincipal {
    const account = ELB_REGIONAL_ACCOUNTS[region];
    return account === undefined
        ? { Service: ELB_LOG_DELIVERY_SERVICE }
        : { AWS: `arn:${partition}:iam::${account}:root` };
}
