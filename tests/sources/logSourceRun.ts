// An organization hub and one member account's log source writing into it, run under the offline
// engine: how the sources' organization tests build their stacks.
import type { MockCalls } from "../../testing";
import { runOffline } from "../../offline/mocks";
import { WORKSPACE_ID } from "../helpers";
import { ORG_ID } from "../organization/fixtures";

/** The member account the log source runs in (its provider assumes a role there). */
export const MEMBER = "100000000003";

/**
 * Runs a hub of the organization connecting `logTypes`, and a log source `member` with `settings`
 * in the member account; gives the log source's exports.
 */
export function runHubWithLogSource(
    logTypes: Record<string, object>,
    settings: Record<string, object>,
    calls: MockCalls = {},
) {
    return runOffline(
        async () => {
            const aws = await import("@pulumi/aws");
            const { AwsSentinelConnection } =
                await import("../../components/aws/awsSentinelConnection");
            const { SentinelLogSource } = await import("../../components/aws/sentinelLogSource");
            const hub = new AwsSentinelConnection("sentinel", {
                workspaceId: WORKSPACE_ID,
                organization: { organizationId: ORG_ID },
                logTypes,
            });
            const provider = new aws.Provider("member", {
                region: "us-east-1",
                assumeRoles: [{ roleArn: `arn:aws:iam::${MEMBER}:role/Admin` }],
            });
            const source = new SentinelLogSource(
                "member",
                { destination: hub.logDestination, ...settings },
                { provider },
            );
            return { exports: source.logExports };
        },
        { calls },
    );
}
