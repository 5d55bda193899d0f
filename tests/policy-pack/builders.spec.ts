// The two builders every policy is made with: one stack index per pack run, configuration from
// each policy's own schema.
import * as assert from "assert";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { configOf, stackIndexesBuilt } from "../../policy-pack/policies/lib/builders";
import { policies } from "../../policy-pack/policies";
import { check, compliantStack } from "./fixtures";

describe("The pack's policy builders", () => {
    it("build one stack index per pack run, shared by every stack policy", async () => {
        const stack = await compliantStack();
        const stackPolicies = policies.filter((p) => "validateStack" in p).length;
        assert.ok(stackPolicies > 10, `${stackPolicies} stack policies`);
        const before = stackIndexesBuilt();
        await check(stack);
        assert.strictEqual(stackIndexesBuilt() - before, 1);
        await check(stack);
        assert.strictEqual(stackIndexesBuilt() - before, 2);
    });

    it("read every policy's configuration defaults from its configSchema, under what is configured", () => {
        const configurable = policies.filter((p) => p.configSchema);
        assert.ok(configurable.length >= 6);
        for (const p of configurable) {
            const properties = p.configSchema!.properties as Record<string, PolicyConfigJSONSchema>;
            const defaults = Object.fromEntries(
                Object.entries(properties).map(([k, s]) => [k, s.default]),
            );
            assert.deepStrictEqual(configOf(p.configSchema, {}), defaults, p.name);
            const [key] = Object.keys(properties);
            assert.deepStrictEqual(
                configOf(p.configSchema, { [key]: "set" }),
                { ...defaults, [key]: "set" },
                p.name,
            );
        }
    });
});
