// The program's stack configuration, read through the components' own argument descriptions.
import assert from "node:assert/strict";
import { ValidationError } from "../../components/shared/fields";
import { parseStackConfig } from "../../program/stackConfig";
import { VPC_A, WORKSPACE_ID } from "../helpers";

const BASE: Record<string, string> = {
    "aws:region": "eu-west-1",
    "sentinel-aws-s3:sentinel": JSON.stringify({
        workspaceId: WORKSPACE_ID,
        resourceGroupName: "rg-sentinel",
        workspaceName: "law-sentinel",
    }),
    "sentinel-aws-s3:aws": JSON.stringify({
        logTypes: { cloudTrail: {}, vpcFlowLogs: { vpcIds: [VPC_A] } },
    }),
};

function problems(config: Record<string, string | undefined>): string[] {
    const all = Object.fromEntries(
        Object.entries({ ...BASE, ...config }).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
    try {
        parseStackConfig("sentinel-aws-s3", all);
    } catch (e) {
        assert.ok(e instanceof ValidationError, String(e));
        return [...e.problems];
    }
    return [];
}

describe("The program's stack configuration", () => {
    it("reads a valid stack into both components' arguments", () => {
        const config = parseStackConfig("sentinel-aws-s3", BASE);
        assert.equal(config.name, "sentinel");
        assert.equal(config.aws.workspaceId, WORKSPACE_ID);
        assert.deepEqual(config.aws.logTypes.vpcFlowLogs?.vpcIds, [VPC_A]);
        assert.equal(config.sentinel.workspaceName, "law-sentinel");
    });

    it("requires aws:region: the bucket's region is for good, and the environment's differs between machines", () => {
        const [problem] = problems({ "aws:region": undefined });
        assert.match(problem, /`aws:region` is required/);
        assert.match(problem, /pulumi config set aws:region <region>/);
        assert.match(
            problems({ "aws:region": "Ireland" })[0],
            /`aws:region` must be an AWS region name/,
        );
    });

    it("refuses keys of the project namespace the program does not read, suggesting the closest", () => {
        assert.deepEqual(problems({ "sentinel-aws-s3:sentinal": "{}" }), [
            "`sentinel-aws-s3:sentinal` is not a setting of this program, so it does nothing; did you mean `sentinel-aws-s3:sentinel`?",
        ]);
        assert.match(
            problems({ "sentinel-aws-s3:region": "x" })[0],
            /remove it \(`pulumi config rm`\)/,
        );
        assert.deepEqual(
            problems({ "aws:profile": "x", "other:key": "y" }),
            [],
            "other namespaces are theirs",
        );
    });

    it("names a scalar or an encrypted value where an object is expected, with the --path form", () => {
        const [scalar] = problems({ "sentinel-aws-s3:aws": "cloudTrail" });
        assert.match(
            scalar,
            /`sentinel-aws-s3:aws` is required: an object with at least logTypes; got "cloudTrail"/,
        );
        assert.match(scalar, /pulumi config set --path 'sentinel-aws-s3:aws\.<key>' <value>/);
        const [secret] = problems({
            "sentinel-aws-s3:aws": JSON.stringify({
                logTypes: { cloudTrail: { secure: "v1:abc" } },
            }),
        });
        assert.match(
            secret,
            /`sentinel-aws-s3:aws\.logTypes\.cloudTrail` must be an object; got an encrypted \(secure\) value/,
        );
        assert.match(
            secret,
            /pulumi config set --path 'sentinel-aws-s3:aws\.logTypes\.cloudTrail\.<key>' <value>/,
        );
    });

    it("keeps each setting under its own key", () => {
        assert.deepEqual(
            problems({
                "sentinel-aws-s3:aws": JSON.stringify({
                    workspaceId: WORKSPACE_ID,
                    logTypes: { cloudTrail: {} },
                }),
                "sentinel-aws-s3:sentinel": JSON.stringify({
                    workspaceId: WORKSPACE_ID,
                    resourceGroupName: "rg",
                    workspaceName: "law-sentinel",
                    keyPrefix: "x",
                }),
            }),
            [
                "`sentinel-aws-s3:sentinel.keyPrefix` belongs under `sentinel-aws-s3:aws`; move it there.",
                "`sentinel-aws-s3:aws.workspaceId` belongs under `sentinel-aws-s3:sentinel`; move it there.",
            ],
        );
    });

    it("reports every problem of both sections in one pass", () => {
        const found = problems({
            "sentinel-aws-s3:sentinel": JSON.stringify({
                workspaceId: "x",
                workspaceName: "w",
                onboard: true,
            }),
            "sentinel-aws-s3:aws": JSON.stringify({
                logTypes: { cloudtrail: {} },
                keyPrefx: "a",
                maxReceiveCount: 0,
            }),
            "sentinel-aws-s3:name": "Bad Name",
        });
        for (const fragment of [
            "`sentinel-aws-s3:sentinel.onboard` is not a known setting; did you mean `onboardWorkspace`?",
            "`sentinel-aws-s3:sentinel.resourceGroupName` is required",
            "`sentinel-aws-s3:sentinel.workspaceName` must be a Log Analytics workspace name",
            "`sentinel-aws-s3:sentinel.workspaceId` must be the Log Analytics workspace ID",
            "`sentinel-aws-s3:aws.logTypes.cloudtrail` is not a known setting; did you mean `cloudTrail`?",
            "`sentinel-aws-s3:aws.keyPrefx` is not a known setting; did you mean `keyPrefix`?",
            "`sentinel-aws-s3:aws.maxReceiveCount` must be a whole number",
            '`sentinel-aws-s3:name` "Bad Name" must be 1-48 lowercase letters',
        ]) {
            assert.ok(
                found.some((p) => p.includes(fragment)),
                `${fragment} in:\n${found.join("\n")}`,
            );
        }
        assert.equal(found.length, 8, found.join("\n"));
    });
});
