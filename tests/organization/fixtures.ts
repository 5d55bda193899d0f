// What the organization suites share: one organization and a hub whose logs all come from log
// sources.
import type { AwsSentinelConnectionArgs } from "../../components/aws/awsSentinelConnectionArgs";
import { PLACEHOLDER_CLOUD } from "../../offline/mocks";
import { WORKSPACE_ID } from "../helpers";

export const ORG_ID = "o-a1b2c3d4e5";
/** The organization's management account, which owns the organization trail. */
export const MANAGEMENT = "111111111111";
/** GuardDuty's delegated administrator (the security account). */
export const SECURITY = "333333333333";

/** An organization hub whose logs all come from log sources. */
export const ORG_HUB: AwsSentinelConnectionArgs = {
    workspaceId: WORKSPACE_ID,
    organization: { organizationId: ORG_ID, guardDutyAdministratorAccountId: SECURITY },
    logTypes: { cloudTrail: {}, vpcFlowLogs: {}, guardDuty: {} },
};

/** The offline cloud of the organization: the hub's account is a member, the management account reads. */
export const ORG_CLOUD = {
    ...PLACEHOLDER_CLOUD,
    organization: { id: ORG_ID, managementAccountId: MANAGEMENT },
};
