// The npm package as a consumer gets it: pack, install into a fresh project, compile a program
// against its typings, and run it under that project's own Pulumi mocks.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { packedPackage } from "./packed";
import { PUBLIC_RUNTIME_NAMES } from "./publicApi";

const ROOT = path.join(__dirname, "..");
const version = (pkg: string) =>
    JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8"))
        .version;

const CONSUMER_PROGRAM = `
import * as path from "path";
import { setSentinelMocks, valueOf } from "sentinel-aws-s3/testing";

async function main() {
    const mocks = await setSentinelMocks({ cloud: { accountId: "111122223333", region: "eu-west-1" } });
    // Imported after the mocks are set.
    const library = await import("sentinel-aws-s3");
    const { AwsSentinelConnection, SentinelAwsS3DataConnectors } = library;
    const aws = new AwsSentinelConnection("soc", {
        workspaceId: "0f3e5c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b",
        logTypes: { guardDuty: {}, cloudTrail: {} },
    });
    const sentinel = new SentinelAwsS3DataConnectors("soc", {
        resourceGroupName: "rg-soc",
        workspaceName: "law-soc",
        awsConnection: aws,
    });
    const ids = await valueOf(
        (await import("@pulumi/pulumi")).all(sentinel.connectorIds),
    );
    const libDir = path.dirname(require.resolve("sentinel-aws-s3"));
    console.log(
        JSON.stringify({
            registered: mocks.resources.map((r) => ({ type: r.type, name: r.name })),
            roleArn: await valueOf(aws.roleArn),
            prefixes: await valueOf((await import("@pulumi/pulumi")).all(aws.connections.map((c) => c.objectPrefix))),
            connectorTables: Object.keys(ids),
            exported: Object.keys(library).sort(),
            pulumiForConsumer: require.resolve("@pulumi/pulumi"),
            pulumiForLibrary: require.resolve("@pulumi/pulumi", { paths: [libDir] }),
            awsForLibrary: require.resolve("@pulumi/aws", { paths: [libDir] }),
            awsForConsumer: require.resolve("@pulumi/aws"),
        }),
    );
}
main().catch((e) => {
    console.error(e);
    process.exit(1);
});
`;

describe("the npm package", function () {
    this.timeout(300_000);
    let dir: string;
    let files: string[];
    let output: any;

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "sentinel-aws-s3-pack-"));
        const packed = packedPackage();
        files = [...packed.files];
        const consumer = path.join(dir, "consumer");
        fs.mkdirSync(consumer);
        fs.writeFileSync(
            path.join(consumer, "package.json"),
            JSON.stringify({
                name: "consumer",
                private: true,
                dependencies: {
                    "sentinel-aws-s3": `file:${packed.tarball}`,
                    "@pulumi/pulumi": version("@pulumi/pulumi"),
                    "@pulumi/aws": version("@pulumi/aws"),
                    "@pulumi/azure-native": version("@pulumi/azure-native"),
                },
            }),
        );
        execFileSync(
            "npm",
            ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"],
            { cwd: consumer, stdio: ["ignore", "ignore", "pipe"] },
        );
        fs.writeFileSync(path.join(consumer, "index.ts"), CONSUMER_PROGRAM);
        fs.writeFileSync(
            path.join(consumer, "tsconfig.json"),
            JSON.stringify({
                compilerOptions: {
                    strict: true,
                    target: "ES2022",
                    module: "commonjs",
                    esModuleInterop: true,
                    skipLibCheck: true,
                    types: ["node"],
                    typeRoots: [path.join(ROOT, "node_modules", "@types")],
                },
                files: ["index.ts"],
            }),
        );
        execFileSync(
            process.execPath,
            [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", consumer],
            { stdio: ["ignore", "pipe", "pipe"] },
        );
        output = JSON.parse(
            execFileSync(process.execPath, [path.join(consumer, "index.js")], {
                cwd: consumer,
                encoding: "utf8",
            }),
        );
    });

    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("contains only the build, the README and its pages, the licence and what `pulumi package add` reads", () => {
        const outside = files.filter(
            (f) =>
                !/^dist\/.+\.(js|d\.ts)$/.test(f) &&
                // The pages the README links to (docs/reference.md, docs/sources.md, …).
                !/^docs\/[\w-]+\.md$/.test(f) &&
                // The plugin manifest, and the sources and settings Pulumi's schema analyzer reads.
                !/^(components|provider)\/.+\.ts$|^provider\/schema\/\w+\.json$/.test(f) &&
                ![
                    "README.md",
                    "LICENSE",
                    "package.json",
                    "PulumiPlugin.yaml",
                    // The schema the build wrote, which the started plugin serves; and `prepare`.
                    "dist/provider/package-schema.json",
                    "scripts/prepare.cjs",
                ].includes(f),
        );
        assert.deepEqual(outside, []);
        for (const f of [
            "README.md",
            "docs/reference.md",
            "LICENSE",
            "dist/components/index.js",
            "dist/components/index.d.ts",
            "dist/components/aws/awsSentinelConnection.d.ts",
            "dist/components/azure/sentinelAwsS3DataConnectors.d.ts",
            "dist/testing/index.js",
            "dist/testing/index.d.ts",
            "PulumiPlugin.yaml",
            "dist/provider/index.js",
            "dist/provider/package-schema.json",
            "scripts/prepare.cjs",
            "provider/schema/package.json",
            "provider/schema/tsconfig.json",
        ]) {
            assert.ok(files.includes(f), `${f} is packed`);
        }
    });

    it("compiles a consumer program against its typings and runs both components under the package's mocks", () => {
        const types = new Set(output.registered.map((r: { type: string }) => r.type));
        for (const t of [
            "sentinel-aws-s3:index:AwsSentinelConnection",
            "sentinel-aws-s3:index:SentinelAwsS3DataConnectors",
            "aws:iam/role:Role",
            "aws:sqs/queue:Queue",
            "aws:s3/bucketNotification:BucketNotification",
            "azure-native:resources:Resource",
        ]) {
            assert.ok(types.has(t), `${t} was registered`);
        }
        assert.deepEqual(output.connectorTables, ["AWSCloudTrail", "AWSGuardDuty"]);
        assert.match(
            output.roleArn,
            /^arn:aws:iam::111122223333:role\/OIDC_MicrosoftSentinel-soc-[0-9a-f]{8}$/,
        );
    });

    it("gives consumers mocks (sentinel-aws-s3/testing) that answer the components' invokes", () => {
        // Without them a minimal mock yields AWSLogs/undefined/CloudTrail/.
        assert.deepEqual(output.prefixes, [
            "AWSLogs/111122223333/CloudTrail/",
            "AWSLogs/111122223333/GuardDuty/",
        ]);
    });

    it("exports from the built package the public runtime names only (tests/publicApi.ts lists them)", () => {
        const built = (output.exported as string[]).filter((n) => n !== "__esModule");
        assert.deepEqual(built, [...PUBLIC_RUNTIME_NAMES].sort());
    });

    it("shares the consumer's Pulumi SDKs instead of bringing its own copies", () => {
        assert.equal(output.pulumiForLibrary, output.pulumiForConsumer);
        assert.equal(output.awsForLibrary, output.awsForConsumer);
    });

    it("installs none of the doctor's cloud SDKs (optional peer dependencies)", () => {
        const modules = path.join(dir, "consumer", "node_modules");
        const installed = (scope: string) =>
            fs.existsSync(path.join(modules, scope))
                ? fs.readdirSync(path.join(modules, scope)).map((n) => `${scope}/${n}`)
                : [];
        assert.deepEqual(
            [...installed("@aws-sdk"), ...installed("@azure")].filter((n) =>
                /^@aws-sdk\/client-|^@azure\//.test(n),
            ),
            [],
        );
        const lock = JSON.parse(
            fs.readFileSync(path.join(dir, "consumer", "package-lock.json"), "utf8"),
        );
        assert.deepEqual(
            Object.keys(lock.packages).filter((p) =>
                /node_modules\/(@aws-sdk\/client-|@azure\/)/.test(p),
            ),
            [],
        );
    });

    it("ships TSDoc in its declarations", () => {
        const dts = fs.readFileSync(
            path.join(
                dir,
                "consumer",
                "node_modules",
                "sentinel-aws-s3",
                "dist",
                "components",
                "aws",
                "awsSentinelConnectionArgs.d.ts",
            ),
            "utf8",
        );
        assert.match(dts, /The Log Analytics workspace ID/);
        assert.match(dts, /@default/);
        const component = fs.readFileSync(
            path.join(
                dir,
                "consumer",
                "node_modules",
                "sentinel-aws-s3",
                "dist",
                "components",
                "aws",
                "awsSentinelConnection.d.ts",
            ),
            "utf8",
        );
        assert.match(component, /least-privilege by construction/);
    });
});
