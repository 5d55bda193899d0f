// IAM policies: wildcard grants, public trust, and the Sentinel role's name, trust and permissions.
import { defaultRoleName } from "../../components/aws/awsSentinelConnectionPlan";
import { RecordedResource } from "../../offline/mocks";
import {
    WORKSPACE_ID,
    add,
    assertClean,
    assertNotApplicable,
    assertReports,
    check,
    compliantStack,
    doc,
    editDoc,
    find,
    mutate,
    resource,
} from "./fixtures";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ISSUER = "sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d/";
const GOV_ISSUER = "sts.windows.net/cab8a31a-1906-4287-a0d8-4eef66b95f6e/";
const ROLE_NAME = defaultRoleName("sentinel", "sentinel-aws-s3", "test");

let base: RecordedResource[];
before(async () => {
    base = await compliantStack();
});

/** The compliant stack with the Sentinel role's trust statement changed. */
function trust(change: (statement: any, document: any) => void): RecordedResource[] {
    return mutate(base, ROLE, "sentinel-role", (p) =>
        editDoc(p, "assumeRolePolicy", (d) => change(d.Statement[0], d)),
    );
}

/** The compliant stack with the Sentinel role policy's statements changed. */
function permissions(change: (statements: any[]) => void): RecordedResource[] {
    return mutate(base, ROLE_POLICY, "sentinel-role-policy", (p) =>
        editDoc(p, "policy", (d) => change(d.Statement)),
    );
}

describe("iam-role-policy-no-wildcards", () => {
    const name = "iam-role-policy-no-wildcards";

    it("passes the component's role policy", async () => assertClean(await check(base), name));

    it("rejects a service-wide action", async () => {
        const report = await check(permissions((s) => (s[0].Action = ["sqs:*"])));
        assertReports(report, name, [
            'RolePolicy "sentinel-role-policy" statement "ReadConnectorQueues" must not allow the wildcard action "sqs:*"',
        ]);
    });

    it("rejects the resource *", async () => {
        const report = await check(permissions((s) => (s[1].Resource = "*")));
        assertReports(report, name, [
            'statement "ReadLogObjects" must not apply to every resource ("*"); name the exact ARNs (actions ["s3:GetObject"])',
        ]);
    });

    it("rejects NotAction and NotResource with Allow", async () => {
        const report = await check(
            permissions((s) => {
                s[0].NotAction = "iam:*";
                delete s[0].Action;
                s[1].NotResource = "arn:aws:s3:::other/*";
                delete s[1].Resource;
            }),
        );
        assertReports(report, name, [
            'must not combine Allow with NotAction ["iam:*"]',
            'must not combine Allow with NotResource ["arn:aws:s3:::other/*"]',
        ]);
    });

    it("accepts the resource * for actions configured as having no resource-level permissions", async () => {
        const stack = permissions((s) =>
            s.push({ Effect: "Allow", Action: "sqs:ListQueues", Resource: "*" }),
        );
        assertReports(await check(stack), name, [
            'statement #3 must not apply to every resource ("*")',
        ]);
        assertClean(
            await check(stack, { [name]: { allowedWildcardResourceActions: ["sqs:ListQueues"] } }),
            name,
        );
    });

    it("reads a role's inline policies", async () => {
        const stack = mutate(
            base,
            ROLE,
            "sentinel-role",
            (p) =>
                (p.inlinePolicies = [
                    { name: "admin", policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) },
                ]),
        );
        assertReports(await check(stack), name, [
            'inline policy "admin" of Role "sentinel-role" statement #1 must not allow the wildcard action "*"',
            'inline policy "admin" of Role "sentinel-role" statement #1 must not apply to every resource ("*")',
        ]);
    });

    it("rejects a document that is not JSON", async () => {
        const stack = mutate(
            base,
            ROLE_POLICY,
            "sentinel-role-policy",
            (p) => (p.policy = "{not json"),
        );
        assertReports(await check(stack), name, [
            'The policy document of RolePolicy "sentinel-role-policy" must be a valid IAM policy document, but it is not valid JSON',
        ]);
    });

    it("does not apply to a role without inline policies", async () => {
        assertNotApplicable(
            await check(base),
            name,
            "The role has no inline policies.",
            find(base, ROLE, "sentinel-role").urn,
        );
    });
});

describe("iam-policy-no-wildcard-actions", () => {
    const name = "iam-policy-no-wildcard-actions";
    const policy = (statement: object) =>
        resource("aws:iam/policy:Policy", "extra-policy", { policy: doc(statement) });

    it("passes exact actions", async () => {
        assertClean(
            await check(
                add(base, policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" })),
            ),
            name,
        );
    });

    it("rejects full administrator and service-wide actions", async () => {
        const report = await check(
            add(
                base,
                policy({ Effect: "Allow", Action: ["*", "kms:*", "s3:Get*"], Resource: "*" }),
            ),
        );
        assertReports(report, name, [
            'Policy "extra-policy" statement #1 must not allow the wildcard action "*"',
            'must not allow the wildcard action "kms:*"',
        ]);
    });

    it("reads user and group policies too", async () => {
        const user = resource("aws:iam/userPolicy:UserPolicy", "user-policy", {
            user: "alice",
            policy: doc({ Effect: "Allow", Action: "iam:*", Resource: "*" }),
        });
        assertReports(await check(add(base, user)), name, [
            'UserPolicy "user-policy" statement #1 must not allow the wildcard action "iam:*"',
        ]);
    });

    it("does not apply to other resources", async () => {
        assertNotApplicable(
            await check(base),
            name,
            "Policy only applies to resources of type",
            find(base, ROLE, "sentinel-role").urn,
        );
    });
});

describe("iam-role-trust-no-public-principal", () => {
    const name = "iam-role-trust-no-public-principal";

    it("passes the component's trust policy", async () => assertClean(await check(base), name));

    it("rejects a trust open to every AWS principal", async () => {
        const stack = trust((s) => {
            s.Principal = { AWS: "*" };
            s.Action = "sts:AssumeRole";
            delete s.Condition;
        });
        assertReports(await check(stack), name, [
            'Role "sentinel-role" trust statement "MicrosoftSentinelWebIdentity" must not let every principal ("*") assume the role without a condition on the caller.',
        ]);
    });

    it("accepts * bound to the organization", async () => {
        const other = resource(ROLE, "org-role", {
            name: "org-role",
            assumeRolePolicy: doc({
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
            }),
        });
        assertClean(await check(add(base, other)), name);
    });
});

describe("iam-sentinel-role-trust-conditions", () => {
    const name = "iam-sentinel-role-trust-conditions";
    const at = 'Role "sentinel-role" trust statement "MicrosoftSentinelWebIdentity"';

    it("passes the component's trust policy", async () => assertClean(await check(base), name));

    it("rejects StringLike on the session name", async () => {
        const stack = trust((s) => {
            s.Condition.StringLike = { "sts:RoleSessionName": "MicrosoftSentinel_*" };
            delete s.Condition.StringEquals["sts:RoleSessionName"];
        });
        assertReports(await check(stack), name, [
            `${at} must use StringEquals, not StringLike, on "sts:RoleSessionName" (values ["MicrosoftSentinel_*"])`,
        ]);
    });

    it("rejects wildcards and foreign values under StringEquals", async () => {
        const stack = trust(
            (s) =>
                (s.Condition.StringEquals["sts:RoleSessionName"] = [
                    "Microsoft*",
                    `Someone_${WORKSPACE_ID}`,
                ]),
        );
        assertReports(await check(stack), name, [
            `${at} must not use the wildcard value "Microsoft*" on "sts:RoleSessionName"`,
            `${at} must require an exact session name "MicrosoftSentinel_<workspaceId>" or "MicrosoftDefenderForClouds_<workspaceId>" on "sts:RoleSessionName", not "Someone_${WORKSPACE_ID}"`,
        ]);
    });

    it("requires the session-name condition", async () => {
        const stack = trust((s) => delete s.Condition.StringEquals["sts:RoleSessionName"]);
        assertReports(await check(stack), name, [
            `${at} must require StringEquals on "sts:RoleSessionName" with the workspace's exact session names`,
        ]);
    });

    it("requires the cloud's audience", async () => {
        const stack = trust(
            (s) => (s.Condition.StringEquals[`${ISSUER}:aud`] = "api://someone-else"),
        );
        assertReports(await check(stack), name, [
            `${at} must require the audience "api://1462b192-27f7-4cb9-8523-0f4ecb54b47e" on "${ISSUER}:aud", not "api://someone-else"`,
        ]);
    });

    it("checks the Azure Government issuer against its own audience", async () => {
        const stack = trust((s) => {
            s.Principal.Federated = `arn:aws-us-gov:iam::123456789012:oidc-provider/${GOV_ISSUER}`;
            s.Condition.StringEquals = {
                [`${GOV_ISSUER}:aud`]: "api://1462b192-27f7-4cb9-8523-0f4ecb54b47e",
                "sts:RoleSessionName": `MicrosoftSentinel_${WORKSPACE_ID}`,
            };
        });
        assertReports(await check(stack), name, [
            'must require the audience "api://d4230588-5f84-4281-a9c7-2c15194b28f7"',
        ]);
    });

    it("requires web-identity federation from the provider with its trailing slash", async () => {
        const stack = trust((s) => {
            s.Action = ["sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:AssumeRole"];
            s.Principal.Federated = s.Principal.Federated.replace(/\/$/, "");
        });
        assertReports(await check(stack), name, [
            `${at} must allow only "sts:AssumeRoleWithWebIdentity", not "sts:TagSession"`,
            `${at} must allow only "sts:AssumeRoleWithWebIdentity", not "sts:AssumeRole"`,
            `${at} must name the provider "arn:<partition>:iam::<account>:oidc-provider/${ISSUER}" (with the trailing slash)`,
        ]);
    });

    it("rejects other principals in a Sentinel role's trust", async () => {
        const stack = trust((_s, d) =>
            d.Statement.push({
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::210987654321:root" },
                Action: "sts:AssumeRole",
            }),
        );
        assertReports(await check(stack), name, [
            `Role "sentinel-role" trust statement #2 must not let anyone but Sentinel's OpenID Connect issuer assume the Sentinel role, but it trusts {"AWS":["arn:aws:iam::210987654321:root"]}.`,
        ]);
    });

    it("binds roles to the configured workspaces", async () => {
        const other = "99999999-8888-7777-6666-555555555555";
        assertReports(await check(base, { [name]: { workspaceIds: [other] } }), name, [
            `${at} must require a session name of an allowed workspace (${other}) on "sts:RoleSessionName", not "MicrosoftSentinel_${WORKSPACE_ID}"`,
            `not "MicrosoftDefenderForClouds_${WORKSPACE_ID}"`,
        ]);
        assertClean(
            await check(base, { [name]: { workspaceIds: [WORKSPACE_ID.toUpperCase()] } }),
            name,
        );
    });

    it("requires an OIDC_-named role to trust the issuer", async () => {
        const stack = trust((s) => {
            s.Principal = { Service: "ec2.amazonaws.com" };
            s.Action = "sts:AssumeRole";
            delete s.Condition;
        });
        assertReports(await check(stack), name, [
            "must not let anyone but Sentinel's OpenID Connect issuer assume the Sentinel role",
            'Role "sentinel-role" must trust Sentinel\'s OpenID Connect issuer (Federated principal, sts:AssumeRoleWithWebIdentity) because its name starts with "OIDC_"',
        ]);
    });

    it("does not apply to other roles", async () => {
        const ec2 = resource(ROLE, "ec2-role", {
            assumeRolePolicy: doc({
                Effect: "Allow",
                Principal: { Service: "ec2.amazonaws.com" },
                Action: "sts:AssumeRole",
            }),
        });
        assertNotApplicable(
            await check(add(base, ec2)),
            name,
            "The role is not a Sentinel role",
            ec2.urn,
        );
    });
});

describe("iam-sentinel-role-name-prefix", () => {
    const name = "iam-sentinel-role-name-prefix";
    const rename = (change: (p: Record<string, any>) => void) =>
        mutate(base, ROLE, "sentinel-role", (p) => {
            delete p.name;
            delete p.namePrefix;
            change(p);
        });

    it("passes the component's OIDC_ prefix", async () => assertClean(await check(base), name));

    it("rejects a name, a name prefix or an auto-generated name without OIDC_", async () => {
        assertReports(await check(rename((p) => (p.name = "SentinelRole"))), name, [
            'Role "sentinel-role" is trusted by Sentinel\'s issuer, so its name must start with "OIDC_", not "SentinelRole"',
        ]);
        assertReports(await check(rename((p) => (p.namePrefix = "Sentinel-"))), name, [
            'its name prefix must start with "OIDC_", not "Sentinel-"',
        ]);
        assertReports(await check(rename(() => undefined)), name, [
            'its auto-generated name must start with "OIDC_", not "sentinel-role-"',
        ]);
    });

    it("does not apply to roles the issuer does not trust", async () => {
        const ec2 = resource(ROLE, "ec2-role", {
            assumeRolePolicy: doc({
                Effect: "Allow",
                Principal: { Service: "ec2.amazonaws.com" },
                Action: "sts:AssumeRole",
            }),
        });
        assertNotApplicable(
            await check(add(base, ec2)),
            name,
            "The role is not trusted by Sentinel's OpenID Connect issuer.",
            ec2.urn,
        );
    });
});

describe("iam-sentinel-role-no-legacy-trust", () => {
    const name = "iam-sentinel-role-no-legacy-trust";

    it("passes OpenID Connect trust", async () => assertClean(await check(base), name));

    it("rejects trust in Microsoft's legacy account, with or without an external ID", async () => {
        const legacy = (n: string, condition?: object) =>
            resource(ROLE, n, {
                name: n,
                assumeRolePolicy: doc({
                    Effect: "Allow",
                    Principal: { AWS: "197857026523" },
                    Action: "sts:AssumeRole",
                    Condition: condition,
                }),
            });
        const report = await check(
            add(
                base,
                legacy("legacy", { StringEquals: { "sts:ExternalId": WORKSPACE_ID } }),
                legacy("legacy-open"),
            ),
        );
        assertReports(report, name, [
            `Role "legacy" trust statement #1 must not trust Microsoft's legacy account 197857026523 with sts:ExternalId ["${WORKSPACE_ID}"]; trust Sentinel's OpenID Connect issuer instead.`,
            `Role "legacy-open" trust statement #1 must not trust Microsoft's legacy account 197857026523 (without even an external ID)`,
        ]);
    });

    it("does not apply to roles without legacy trust", async () => {
        assertNotApplicable(
            await check(base),
            name,
            "The role does not trust Microsoft's legacy account.",
            find(base, ROLE, "sentinel-role").urn,
        );
    });
});

describe("iam-sentinel-role-no-aws-managed-policies", () => {
    const name = "iam-sentinel-role-no-aws-managed-policies";
    const managed = (n: string) => `arn:aws:iam::aws:policy/${n}`;

    it("passes the component's role", async () => assertClean(await check(base), name));

    it("rejects managed policies attached by any means", async () => {
        const stack = add(
            mutate(
                base,
                ROLE,
                "sentinel-role",
                (p) => (p.managedPolicyArns = [managed("AmazonSQSReadOnlyAccess")]),
            ),
            resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "s3-read", {
                role: ROLE_NAME,
                policyArn: managed("AmazonS3ReadOnlyAccess"),
            }),
            resource("aws:iam/policyAttachment:PolicyAttachment", "lambda-sqs", {
                roles: [ROLE_NAME],
                policyArn: managed("service-role/AWSLambdaSQSQueueExecutionRole"),
            }),
            resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "security-audit", {
                role: ROLE_NAME,
                policyArn: managed("SecurityAudit"),
            }),
        );
        assertReports(await check(stack), name, [
            `Sentinel Role "sentinel-role" must not have the AWS managed policy "${managed("AmazonSQSReadOnlyAccess")}" attached (by the managedPolicyArns of Role "sentinel-role"): older instructions attach it`,
            `"${managed("AmazonS3ReadOnlyAccess")}" attached (by RolePolicyAttachment "s3-read")`,
            `"${managed("service-role/AWSLambdaSQSQueueExecutionRole")}" attached (by PolicyAttachment "lambda-sqs")`,
            `"${managed("SecurityAudit")}" attached (by RolePolicyAttachment "security-audit"): AWS managed policies are not scoped`,
        ]);
    });

    it("treats roles outside the stack named OIDC_ as Sentinel roles", async () => {
        const stack = add(
            base,
            resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "external", {
                role: "OIDC_Existing",
                policyArn: managed("ReadOnlyAccess"),
            }),
        );
        assertReports(await check(stack), name, [
            'Sentinel role "OIDC_Existing" (outside this stack) must not have the AWS managed policy',
        ]);
    });

    it("does not apply to a stack without Sentinel roles", async () => {
        const ec2 = resource(ROLE, "ec2-role", {
            assumeRolePolicy: doc({
                Effect: "Allow",
                Principal: { Service: "ec2.amazonaws.com" },
                Action: "sts:AssumeRole",
            }),
        });
        assertNotApplicable(await check([ec2]), name, "The stack has no Sentinel role.");
    });
});

describe("iam-sentinel-role-permissions-least-privilege", () => {
    const name = "iam-sentinel-role-permissions-least-privilege";
    const where = 'Sentinel Role "sentinel-role" (RolePolicy "sentinel-role-policy")';

    it("passes the component's role policy", async () => assertClean(await check(base), name));

    it("rejects actions beyond the connector's, and wildcards", async () => {
        const report = await check(
            permissions((s) => {
                s[0].Action.push("sqs:SendMessage");
                s[1].Action = ["s3:Get*"];
            }),
        );
        assertReports(report, name, [
            `${where} statement "ReadConnectorQueues" must not be allowed "sqs:SendMessage"; the connector needs only sqs:ReceiveMessage, sqs:DeleteMessage`,
            `${where} statement "ReadLogObjects" must list exact actions, not the wildcard "s3:Get*"`,
        ]);
    });

    it("accepts configured extra actions", async () => {
        const stack = permissions((s) => s[1].Action.push("kms:DescribeKey"));
        assertReports(await check(stack), name, ['must not be allowed "kms:DescribeKey"']);
        assertClean(
            await check(stack, { [name]: { allowedExtraActions: ["kms:DescribeKey"] } }),
            name,
        );
    });

    it("reads customer-managed policies attached to the role", async () => {
        const policy = resource(
            "aws:iam/policy:Policy",
            "extra-policy",
            { policy: doc({ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }) },
            {
                state: { arn: "arn:aws:iam::123456789012:policy/extra" },
            },
        );
        const attachment = resource(
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "extra-attachment",
            {
                role: ROLE_NAME,
                policyArn: "arn:aws:iam::123456789012:policy/extra",
            },
        );
        assertReports(await check(add(base, policy, attachment)), name, [
            'Sentinel Role "sentinel-role" (Policy "extra-policy" (attached by RolePolicyAttachment "extra-attachment")) statement #1 must not be allowed "s3:PutObject"',
            'statement #1 must not apply to every resource ("*")',
        ]);
    });

    it("notes attached policies it cannot read", async () => {
        const attachment = resource(
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "elsewhere",
            {
                role: ROLE_NAME,
                policyArn: "arn:aws:iam::123456789012:policy/defined-elsewhere",
            },
        );
        assertReports(
            await check(add(base, attachment)),
            name,
            [
                'has the policy "arn:aws:iam::123456789012:policy/defined-elsewhere" attached (by RolePolicyAttachment "elsewhere"), which this stack does not define',
            ],
            "advisory",
        );
    });
});
