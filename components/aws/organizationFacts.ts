// What an organization hub reads of its organization from AWS Organizations: the management account
// (DescribeOrganization, which any account of the organization may call) and, where the hub's
// account may list them (the management account or a delegated administrator of Organizations),
// the organization's accounts. The `aws.organizations.getOrganization` invoke reads both and leaves
// the accounts empty when ListAccounts is denied (terraform-provider-aws, the
// aws_organizations_organization data source); a failure of the whole read is kept as a reason.
import { getOrganization } from "@pulumi/aws/organizations/getOrganization";
import * as pulumi from "@pulumi/pulumi";

/** The organization, as far as the hub could read it. */
export interface OrganizationFacts {
    /** The organization's ID, when read. */
    readonly organizationId?: string;
    /** The management account, when read. */
    readonly managementAccountId?: string;
    /** The active accounts, when the hub's account may list them. */
    readonly accountIds?: readonly string[];
    /** Why the organization could not be read at all. */
    readonly unreadable?: string;
}

/** Reads the organization of the hub's account (its provider's, through `parent`). */
export function readOrganization(parent: pulumi.Resource): pulumi.Output<OrganizationFacts> {
    return pulumi.output(
        getOrganization({}, { parent }).then(
            (org): OrganizationFacts => {
                const active = (org.accounts ?? []).filter(
                    (a) => a.status === undefined || a.status === "ACTIVE",
                );
                return {
                    organizationId: org.id || undefined,
                    managementAccountId: org.masterAccountId || undefined,
                    accountIds: active.length > 0 ? active.map((a) => a.id) : undefined,
                };
            },
            (error: unknown): OrganizationFacts => ({
                unreadable: error instanceof Error ? error.message : String(error),
            }),
        ),
    );
}

/**
 * The accounts of the organization the hub's CloudTrail notification leaves out: with
 * `organization.accountIds`, an account missing from it (one that joined later, say) writes files
 * that match no notification and never reach Sentinel.
 */
export function accountsLeftOut(
    facts: OrganizationFacts,
    listed: readonly string[] | undefined,
): string[] {
    if (listed === undefined || facts.accountIds === undefined) {
        return [];
    }
    return facts.accountIds.filter((a) => !listed.includes(a)).sort();
}

/** The warning for accounts left out, naming them and the fix. */
export function accountsLeftOutWarning(leftOut: readonly string[], field: string): string {
    return `\`${field}\` leaves out ${leftOut.length} account${leftOut.length === 1 ? "" : "s"} of the organization (${leftOut.join(", ")}): the organization trail writes their CloudTrail files under folders no notification covers, so they never reach Sentinel. Add ${leftOut.length === 1 ? "it" : "them"} to \`${field}\` and run \`pulumi up\` (\`sentinel-aws-s3 doctor\` lists the accounts writing files no notification covers).`;
}
