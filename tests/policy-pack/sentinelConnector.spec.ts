// Sentinel connector policies: complete properties, an OIDC_ role, the ARM type and a preview API.
import { RecordedResource } from "../../offline/mocks";
import {
    add,
    assertClean,
    assertNotApplicable,
    assertReports,
    check,
    compliantStack,
    find,
    mutate,
    resource,
} from "./fixtures";

const CONNECTOR = "azure-native:resources:Resource";
const CT = "connector-cloudTrail";
const WHO = `Resource "${CT}"`;

let base: RecordedResource[];
before(async () => {
    base = await compliantStack();
});

function connector(change: (props: Record<string, any>) => void, name = CT): RecordedResource[] {
    return mutate(base, CONNECTOR, name, change);
}

describe("sentinel-connector-properties-complete", () => {
    const name = "sentinel-connector-properties-complete";

    it("passes the connectors of the compliant stack", async () =>
        assertClean(await check(base), name));

    it("names every missing or malformed property", async () => {
        const report = await check(
            connector((p) => {
                p.properties.roleArn = "OIDC_role";
                p.properties.sqsUrls = ["https://example.com/queue"];
                p.properties.destinationTable = "AWSS3";
                delete p.properties.dataTypes;
            }),
        );
        assertReports(report, name, [
            `${WHO} must set properties.roleArn to the ARN of the Sentinel role, not "OIDC_role".`,
            `${WHO} must list SQS queue URLs (https://sqs.<region>.amazonaws.com/<account>/<queue>) in properties.sqsUrls, not "https://example.com/queue".`,
            `${WHO} must set properties.destinationTable to one of AWSCloudTrail, AWSVPCFlow, AWSGuardDuty, AWSRoute53Resolver, AWSSecurityHubFindings, AWSCloudFront_AccessLog_CL, AWSALBAccessLogs, AWSNLBAccessLogs, not "AWSS3".`,
            `${WHO} must set properties.dataTypes.logs.state to "Enabled", not "nothing".`,
        ]);
        const empty = await check(connector((p) => (p.properties.sqsUrls = [])));
        assertReports(empty, name, [
            `${WHO} must list at least one queue URL in properties.sqsUrls, not [].`,
        ]);
    });

    it("takes more destination tables from configuration", async () => {
        const stack = connector((p) => (p.properties.destinationTable = "AWSCloudWatch"));
        assertClean(
            await check(stack, { [name]: { additionalDestinationTables: ["AWSCloudWatch"] } }),
            name,
        );
    });

    it("reads typed connector classes", async () => {
        const typed = resource(
            "azure-native:securityinsights/v20250101preview:AwsS3DataConnector",
            "typed",
            {
                resourceGroupName: "rg",
                workspaceName: "ws",
                kind: "AmazonWebServicesS3",
                roleArn: "arn:aws:iam::123456789012:role/OIDC_x",
                sqsUrls: [],
                destinationTable: "AWSVPCFlow",
                dataTypes: { logs: { state: "Enabled" } },
            },
        );
        assertReports(await check(add(base, typed)), name, [
            'AwsS3DataConnector "typed" must list at least one queue URL in sqsUrls',
        ]);
    });

    it("does not apply to other ARM resources", async () => {
        const other = resource(CONNECTOR, "other", {
            kind: "StorageV2",
            resourceType: "storageAccounts",
        });
        assertNotApplicable(
            await check(add(base, other)),
            name,
            "The resource is not a Sentinel connector of kind AmazonWebServicesS3.",
            other.urn,
        );
    });
});

describe("sentinel-connector-role-oidc-prefix", () => {
    const name = "sentinel-connector-role-oidc-prefix";

    it("passes the component's role", async () => assertClean(await check(base), name));

    it("rejects a role without the OIDC_ prefix", async () => {
        const report = await check(
            connector(
                (p) =>
                    (p.properties.roleArn = "arn:aws:iam::123456789012:role/sentinel/SentinelRole"),
            ),
        );
        assertReports(report, name, [
            `${WHO} must use a role whose name starts with "OIDC_", not "arn:aws:iam::123456789012:role/sentinel/SentinelRole".`,
        ]);
    });

    it("leaves a missing role ARN to the completeness policy", async () => {
        const stack = connector((p) => delete p.properties.roleArn);
        assertNotApplicable(
            await check(stack),
            name,
            "The connector sets no role ARN",
            find(base, CONNECTOR, CT).urn,
        );
    });
});

describe("sentinel-connector-resource-type", () => {
    const name = "sentinel-connector-resource-type";

    it("passes the compliant connectors", async () => assertClean(await check(base), name));

    it("requires a dataConnectors resource of SecurityInsights under a workspace", async () => {
        const report = await check(
            connector((p) => {
                p.resourceProviderNamespace = "Microsoft.SecurityInsights";
                p.parentResourcePath = "workspaces/ws";
                p.resourceType = "connectors";
            }),
        );
        assertReports(report, name, [
            `${WHO} must set resourceProviderNamespace to "Microsoft.OperationalInsights", not "Microsoft.SecurityInsights".`,
            `${WHO} must set parentResourcePath to "workspaces/<workspace>/providers/Microsoft.SecurityInsights", not "workspaces/ws".`,
            `${WHO} must set resourceType to "dataConnectors", not "connectors".`,
        ]);
    });
});

describe("sentinel-connector-resource-type (typed classes)", () => {
    it("does not apply to a typed class, which sets its type itself", async () => {
        const typed = resource(
            "azure-native:securityinsights/v20250101preview:AwsS3DataConnector",
            "typed",
            { kind: "AmazonWebServicesS3" },
        );
        assertNotApplicable(
            await check(add(base, typed)),
            "sentinel-connector-resource-type",
            "A typed connector class sets its resource type itself.",
            typed.urn,
        );
    });
});

describe("sentinel-connector-preview-api-version", () => {
    const name = "sentinel-connector-preview-api-version";

    it("passes 2025-10-01-preview", async () => assertClean(await check(base), name));

    it("rejects stable and too-old versions", async () => {
        for (const version of ["2024-09-01", "2021-03-01-preview"]) {
            assertReports(await check(connector((p) => (p.apiVersion = version))), name, [
                `${WHO} must use a preview API version from 2021-09-01-preview on, such as "2025-10-01-preview", not "${version}".`,
            ]);
        }
    });

    it("reads the version of a typed class from its token", async () => {
        const typed = (token: string) =>
            resource(token, "typed", {
                kind: "AmazonWebServicesS3",
                roleArn: "arn:aws:iam::1:role/OIDC_x",
                sqsUrls: [],
                destinationTable: "AWSVPCFlow",
            });
        assertReports(
            await check(
                add(base, typed("azure-native:securityinsights/v20240901:AwsS3DataConnector")),
            ),
            name,
            ['not "v20240901"'],
        );
        assertNotApplicable(
            await check(add(base, typed("azure-native:securityinsights:AwsS3DataConnector"))),
            name,
            "uses the SDK's default API version",
        );
    });
});

describe("sentinel-connector-unique-table-role", () => {
    const name = "sentinel-connector-unique-table-role";

    it("passes one connector per table", async () => assertClean(await check(base), name));

    it("advises on two connectors with the same table and role in one workspace", async () => {
        const report = await check(
            connector(
                (p) => (p.properties.destinationTable = "AWSCloudTrail"),
                "connector-guardDuty",
            ),
        );
        assertReports(
            report,
            name,
            ['Resource "connector-guardDuty" must not repeat the table "AWSCloudTrail" and role'],
            "advisory",
        );
    });
});

describe("sentinel-connector-queue-not-shared", () => {
    const name = "sentinel-connector-queue-not-shared";

    it("passes one queue per connector", async () => assertClean(await check(base), name));

    it("rejects a queue read by two connectors", async () => {
        const url = find(base, CONNECTOR, CT).inputs.properties.sqsUrls[0];
        const report = await check(
            connector((p) => p.properties.sqsUrls.push(url), "connector-guardDuty"),
        );
        assertReports(report, name, [
            `Resource "connector-guardDuty" must not read the queue "${url}", which Resource "${CT}" already reads.`,
        ]);
    });

    it("does not apply to a single connector", async () => {
        const one = base.filter((r) => r.type !== CONNECTOR || r.name === CT);
        assertNotApplicable(
            await check(one),
            name,
            "The stack has fewer than two Sentinel connectors.",
        );
    });
});
