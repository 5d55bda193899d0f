// What the organization suites share: one organization and a hub whose logs all come from log
// sources.
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { WORKSPACE_ID } from "../helpers";

export const ORG_ID = "o-a1b2c3d4e5";

/** An organization hub whose logs all come from log sources. */
export const ORG_HUB: AwsSentinelConnectionArgs = {
    workspaceId: WORKSPACE_ID,
    organization: { organizationId: ORG_ID },
    logTypes: { cloudTrail: {}, vpcFlowLogs: {}, guardDuty: {} },
};
