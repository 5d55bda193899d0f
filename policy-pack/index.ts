import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_ENFORCEMENT_LEVEL, POLICY_PACK_NAME, policies } from "./policies";

new PolicyPack(POLICY_PACK_NAME, {
    description:
        "Least privilege and the Microsoft Sentinel Amazon Web Services S3 connector's security rules for AWS and Azure resources.",
    enforcementLevel: POLICY_PACK_ENFORCEMENT_LEVEL,
    policies: [...policies],
});
