// The package root exports exactly the public runtime names (tests/publicApi.ts), at most 45.
import assert from "node:assert/strict";
import * as library from "../components";
import { PUBLIC_RUNTIME_NAMES } from "./publicApi";

describe("The package root", () => {
    it("exports exactly the public runtime names, at most 45", () => {
        const exported = Object.keys(library).filter(
            (k) => (library as Record<string, unknown>)[k] !== undefined,
        );
        assert.deepEqual([...exported].sort(), [...PUBLIC_RUNTIME_NAMES].sort());
        assert.ok(exported.length <= 45);
    });
});
