// The policy pack as `pulumi policy analyze --file` runs it: over a stack's state, without its
// program or providers (what a pipeline can run on `pulumi stack export` of any stack). The state
// is the example stack's, recorded by the offline engine; the pack is built outside the checkout.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runProgram } from "../../offline/program";
import { readStackFile } from "../../offline/stackFile";
import { UntypedDeployment, stackState } from "../../offline/stackState";
import { buildPackInto } from "../policy-pack/packServer";
import { ROOT, pulumi, pulumiVersion, tempDir } from "./cli";

describe("The policy pack under `pulumi policy analyze`", function () {
    this.timeout(600_000);
    let dir: string;
    let pack: string;
    let clean: UntypedDeployment;

    before(async function () {
        if (!pulumiVersion()) {
            this.skip();
        }
        dir = tempDir("analyze");
        pack = buildPackInto(path.join(dir, "pack"), true);
        const stack = readStackFile(path.join(ROOT, "program", "Pulumi.example.yaml"));
        const run = await runProgram(stack);
        clean = stackState(run.resources, { project: "sentinel-aws-s3", stack: stack.stack });
    });

    const analyze = (state: UntypedDeployment, label: string) => {
        const file = path.join(dir, `${label}.json`);
        fs.writeFileSync(file, JSON.stringify(state));
        return pulumi(["policy", "analyze", "--file", file, "--policy-pack", pack], {
            cwd: dir,
            label: `policy analyze, ${label} state`,
        });
    };

    it("passes the example stack's state", () => {
        const r = analyze(clean, "clean");
        assert.equal(r.status, 0, r.output);
        assert.doesNotMatch(r.output, /\[mandatory\]/);
    });

    it("fails the same state with the Sentinel role's policy widened, naming the policies", () => {
        const widened = JSON.parse(JSON.stringify(clean)) as UntypedDeployment;
        const rolePolicy = widened.deployment.resources.find(
            (r) =>
                r.type === "aws:iam/rolePolicy:RolePolicy" &&
                String(r.inputs.role ?? "").startsWith("OIDC_"),
        );
        assert.ok(rolePolicy, "the Sentinel role's policy is in the state");
        for (const props of [rolePolicy.inputs, rolePolicy.outputs]) {
            const document = JSON.parse(String(props.policy));
            document.Statement.push({ Effect: "Allow", Action: "s3:*", Resource: "*" });
            props.policy = JSON.stringify(document);
        }
        const r = analyze(widened, "widened");
        assert.notEqual(r.status, 0, r.output);
        assert.match(r.output, /\[mandatory\]/);
        assert.match(r.output, /iam-sentinel-role-permissions-least-privilege/);
    });
});
