// The cloud SDKs are the doctor's alone: the library does not install them, and the doctor names
// the command that does before it makes any call.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { main } from "../../cli/doctor";
import { AWS_PACKAGES, AZURE_PACKAGES, missingPackages } from "../../cli/doctor/packages";
import { EXIT_BAD_INPUT } from "../../cli/doctor/report";

const ROOT = path.join(__dirname, "..", "..");
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

const OUTPUTS = {
    roleArn: "arn:aws:iam::123456789012:role/OIDC_MicrosoftSentinel-x",
    bucketName: "logs",
    workspaceId: "11111111-2222-3333-4444-555555555555",
    connections: [
        {
            destinationTable: "AWSCloudTrail",
            sqsUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/q",
        },
    ],
};

/** Runs the command on piped outputs with a resolver that misses `missing`. */
async function run(flags: string[], missing: readonly string[]) {
    let stdout = "";
    let stderr = "";
    let calls = 0;
    const stdin = Object.assign(Readable.from([JSON.stringify(OUTPUTS)]), { isTTY: false });
    const code = await main(
        flags,
        {
            stdin,
            stdout: { isTTY: false, write: (t: string) => (stdout += t) },
            stderr: { write: (t: string) => (stderr += t) },
            env: {},
        },
        {
            onCall: () => (calls += 1),
            resolve: (name) => {
                if (missing.includes(name)) {
                    throw Object.assign(new Error(`Cannot find module '${name}'`), {
                        code: "MODULE_NOT_FOUND",
                    });
                }
                return name;
            },
        },
    );
    return { code, stdout, stderr, calls };
}

/** The `import("…")`s of the doctor's sources. */
function importedPackages(dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            out.push(...importedPackages(file));
        } else if (entry.name.endsWith(".ts")) {
            for (const m of fs.readFileSync(file, "utf8").matchAll(/import\("(@[^"]+)"\)/g)) {
                out.push(m[1]);
            }
        }
    }
    return [...new Set(out)].sort();
}

describe("doctor's cloud SDK packages", () => {
    it("are optional peer dependencies and development dependencies, not the library's", () => {
        for (const name of [...AWS_PACKAGES, ...AZURE_PACKAGES]) {
            assert.ok(PKG.peerDependencies[name], `${name} is a peer dependency`);
            assert.deepEqual(PKG.peerDependenciesMeta[name], { optional: true }, name);
            assert.equal(PKG.devDependencies[name], PKG.peerDependencies[name], name);
        }
        assert.deepEqual(
            Object.keys(PKG.dependencies).filter((n) => /^@aws-sdk\/|^@azure\//.test(n)),
            [],
        );
        for (const name of ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/azure-native"]) {
            assert.equal(PKG.peerDependenciesMeta[name], undefined, `${name} stays required`);
        }
    });

    it("are exactly the packages the doctor imports", () => {
        assert.deepEqual(
            importedPackages(path.join(ROOT, "cli", "doctor")),
            [...AWS_PACKAGES, ...AZURE_PACKAGES].sort(),
        );
    });

    it("resolve in this checkout", () => {
        assert.deepEqual(missingPackages({ aws: true, azure: true }), []);
    });

    it("when missing, stop the run before any call with the command that installs them", async () => {
        const r = await run([], ["@aws-sdk/client-sts", "@azure/identity"]);
        assert.equal(r.code, EXIT_BAD_INPUT);
        assert.equal(r.calls, 0);
        assert.equal(r.stdout, "");
        assert.equal(
            r.stderr,
            "doctor cannot run: one problem:\n  - the doctor needs cloud SDK packages the library does not install (2 missing); install them where sentinel-aws-s3 is installed with `npm install --no-save @aws-sdk/client-sts @azure/identity`.\n",
        );
    });

    it("asks only for the side it runs", async () => {
        const missing = [...AWS_PACKAGES, ...AZURE_PACKAGES];
        const aws = await run(["--aws-only"], missing);
        assert.equal(aws.code, EXIT_BAD_INPUT);
        assert.match(aws.stderr, new RegExp(`npm install --no-save ${AWS_PACKAGES.join(" ")}\``));
        assert.doesNotMatch(aws.stderr, /@azure/);
        const azure = await run(["--azure-only"], missing);
        assert.match(
            azure.stderr,
            new RegExp(`npm install --no-save ${AZURE_PACKAGES.join(" ")}\``),
        );
        assert.doesNotMatch(azure.stderr, /@aws-sdk/);
        // The other side's packages may be absent when it is skipped.
        const noAws = (name: string) => {
            if (name.startsWith("@aws-sdk/")) {
                throw new Error(`Cannot find module '${name}'`);
            }
            return name;
        };
        assert.deepEqual(missingPackages({ aws: false, azure: true }, noAws), []);
        assert.equal(
            missingPackages({ aws: true, azure: false }, noAws).length,
            AWS_PACKAGES.length,
        );
    });
});
