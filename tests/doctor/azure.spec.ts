// The doctor's Azure half at the HTTP level: recorded bodies in the shapes of ARM (Microsoft's own
// example GET of an AmazonWebServicesS3 connector) and of the Log Analytics query API (Azure
// Monitor "Log Analytics API response format"), served through the SDK clients' `httpClient`
// option. No network.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    HttpClient,
    PipelineRequest,
    PipelineResponse,
    createHttpHeaders,
} from "@azure/core-rest-pipeline";
import { runDoctor } from "../../cli/doctor";
import { resolveInput } from "../../cli/doctor/input";
import type { Check } from "../../cli/doctor/report";
import { STATUS_CODES } from "../../cli/doctor/azure/statusCodes";
import { WORKSPACE_ID } from "../helpers";

const FIXTURES = path.join(__dirname, "fixtures");
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));
const MICROSOFT_EXAMPLE = JSON.parse(
    fs.readFileSync(
        path.join(
            __dirname,
            "..",
            "fixtures",
            "GetAmazonWebServicesS3ById.2025-10-01-preview.json",
        ),
        "utf8",
    ),
).responses["200"].body;

const SUB = "00000000-0000-0000-0000-000000000000";
const WS_PATH = `/subscriptions/${SUB}/resourceGroups/rg-sentinel/providers/Microsoft.OperationalInsights/workspaces/law-sentinel`;
const ROLE_ARN = "arn:aws:iam::123456789012:role/OIDC_MicrosoftSentinel-abc";
const QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/sentinel-cloudTrail-queue";
const CONNECTOR_NAME = "3f1c0a52-8f0e-5b7e-9d5c-2a4e6b8c0d1e";
const CONNECTOR_ID = `${WS_PATH}/providers/Microsoft.SecurityInsights/dataConnectors/${CONNECTOR_NAME}`;
const NOW = new Date("2026-06-01T12:00:00Z");

/** Microsoft's example connector, as this connection's. */
function ourConnector(overrides: Record<string, unknown> = {}) {
    return {
        ...MICROSOFT_EXAMPLE,
        id: CONNECTOR_ID,
        name: CONNECTOR_NAME,
        properties: {
            ...MICROSOFT_EXAMPLE.properties,
            destinationTable: "AWSCloudTrail",
            roleArn: ROLE_ARN,
            sqsUrls: [QUEUE],
            ...overrides,
        },
    };
}

function healthRow(status: string, minutesAgo: number, extended: Record<string, string>) {
    return [
        new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(),
        CONNECTOR_ID.toLowerCase(),
        "Amazon Web Services S3",
        "Data fetch status change",
        status,
        status === "Success" ? "Data fetched successfully" : "Data fetch failed",
        JSON.stringify(extended),
    ];
}

function healthBody(rows: unknown[][]) {
    const body = fixture("sentinel-health.json");
    body.tables[0].rows = rows;
    return body;
}

function rowsBody(rows: unknown[][]) {
    const body = fixture("newest-rows.json");
    body.tables[0].rows = rows;
    return body;
}

interface Routes {
    workspace?: { status: number; body: unknown };
    connector?: { status: number; body: unknown };
    list?: { status: number; body: unknown };
    health?: { status: number; body: unknown };
    rows?: { status: number; body: unknown };
}

const healthy: Required<Routes> = {
    workspace: { status: 200, body: fixture("workspace.json") },
    connector: { status: 200, body: ourConnector() },
    list: { status: 200, body: { value: [ourConnector()] } },
    health: {
        status: 200,
        body: healthBody([healthRow("Success", 5, { HealthResultType: "Success" })]),
    },
    rows: { status: 200, body: rowsBody([["AWSCloudTrail", "2026-06-01T11:50:00Z", 1234]]) },
};

/** Serves the routes and records every request. */
function fakeAzure(routes: Routes) {
    const requests: { method: string; url: string; body?: string; authorization?: string }[] = [];
    const httpClient: HttpClient = {
        async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
            const body = typeof request.body === "string" ? request.body : undefined;
            requests.push({
                method: request.method,
                url: request.url,
                body,
                authorization: request.headers.get("authorization"),
            });
            const url = new URL(request.url);
            let route: { status: number; body: unknown } | undefined;
            if (url.host === "management.azure.com" && request.method === "GET") {
                route =
                    url.pathname === WS_PATH
                        ? routes.workspace
                        : url.pathname === CONNECTOR_ID
                          ? routes.connector
                          : url.pathname ===
                              `${WS_PATH}/providers/Microsoft.SecurityInsights/dataConnectors`
                            ? routes.list
                            : undefined;
            } else if (
                url.host === "api.loganalytics.io" &&
                url.pathname === `/v1/workspaces/${WORKSPACE_ID}/query`
            ) {
                route = /SentinelHealth/.test(body ?? "") ? routes.health : routes.rows;
            }
            const r = route ?? {
                status: 404,
                body: {
                    error: {
                        code: "NotFound",
                        message: `no route for ${request.method} ${request.url}`,
                    },
                },
            };
            return {
                request,
                status: r.status,
                headers: createHttpHeaders({ "content-type": "application/json; charset=utf-8" }),
                bodyAsText: JSON.stringify(r.body),
            };
        },
    };
    const credential = {
        getToken: async () => ({ token: "test-token", expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    return { requests, deps: { httpClient, credential } };
}

async function azureDoctor(routes: Routes, outputs: Record<string, unknown> = {}) {
    const azure = fakeAzure(routes);
    const input = resolveInput(
        {
            roleArn: ROLE_ARN,
            connections: [
                { logType: "cloudTrail", destinationTable: "AWSCloudTrail", sqsUrl: QUEUE },
            ],
            resourceGroupName: "rg-sentinel",
            workspaceName: "law-sentinel",
            ...outputs,
        },
        { "azure-only": true, subscription: SUB },
        {},
    );
    const report = await runDoctor(input, { azure: azure.deps, now: NOW });
    return {
        report,
        checks: new Map<string, Check>(report.checks.map((c) => [c.id, c])),
        requests: azure.requests,
    };
}

describe("doctor's Azure half (recorded HTTP bodies)", () => {
    it("finds the healthy connection healthy, with the AWS half reported as skipped", async () => {
        const { report, checks, requests } = await azureDoctor(healthy);
        assert.deepEqual(
            report.checks.map((c) => [c.id, c.status]),
            [
                ["aws", "skipped"],
                ["azure.workspace", "pass"],
                ["azure.cloudTrail.connector", "pass"],
                ["azure.cloudTrail.health", "pass"],
                ["azure.cloudTrail.rows", "pass"],
            ],
        );
        assert.equal(report.verdict, "healthy");
        assert.equal(report.exitCode, 0);
        assert.equal(report.target.workspaceId, WORKSPACE_ID);
        assert.match(
            checks.get("azure.cloudTrail.rows")!.reason,
            /newest row at 2026-06-01T11:50:00.000Z \(10 min ago\), 1234 rows/,
        );
        // Reads only: ARM GETs, and the query API's POST, each with the bearer token.
        for (const r of requests) {
            assert.equal(r.authorization, "Bearer test-token");
            assert.ok(
                (r.method === "GET" && r.url.startsWith("https://management.azure.com/")) ||
                    (r.method === "POST" &&
                        r.url ===
                            `https://api.loganalytics.io/v1/workspaces/${WORKSPACE_ID}/query`),
                `${r.method} ${r.url}`,
            );
        }
        const listed = requests.find((r) => r.url.includes("/dataConnectors?"))!;
        assert.match(listed.url, /api-version=2025-10-01-preview/);
        const healthQuery = JSON.parse(
            requests.find((r) => /SentinelHealth/.test(r.body ?? ""))!.body!,
        );
        assert.match(healthQuery.query, /SentinelResourceKind == "AmazonWebServicesS3"/);
        assert.equal(healthQuery.timespan, "P1D");
    });

    it("reads a connector by its ID when the stack outputs give it", async () => {
        const { checks, requests } = await azureDoctor(healthy, {
            connectorIds: { AWSCloudTrail: CONNECTOR_ID },
        });
        assert.equal(checks.get("azure.cloudTrail.connector")!.status, "pass");
        assert.ok(requests.some((r) => new URL(r.url).pathname === CONNECTOR_ID));
        assert.ok(!requests.some((r) => r.url.includes("/dataConnectors?")));
    });

    it("names every way Microsoft's example connector differs from this connection", async () => {
        const { checks } = await azureDoctor({
            ...healthy,
            list: {
                status: 200,
                body: {
                    value: [
                        {
                            ...MICROSOFT_EXAMPLE,
                            properties: {
                                ...MICROSOFT_EXAMPLE.properties,
                                destinationTable: "AWSCloudTrail",
                                roleArn: ROLE_ARN,
                            },
                        },
                    ],
                },
            },
        });
        const c = checks.get("azure.cloudTrail.connector")!;
        assert.equal(c.status, "fail");
        assert.match(
            c.reason,
            /the connector afef3743-0c88-469c-84ff-ca2e87dc1e48 is not this connection's: it reads https:\/\/sqs\.us-west-1\.amazonaws\.com\/111111111111\/sqsTestName\./,
        );
        assert.match(c.fix!, /pulumi up/);
    });

    it("names a missing connector, and one that belongs to another role", async () => {
        const missing = await azureDoctor({
            ...healthy,
            list: { status: 200, body: { value: [] } },
        });
        assert.match(
            missing.checks.get("azure.cloudTrail.connector")!.reason,
            /^no AmazonWebServicesS3 connector writes AWSCloudTrail\.$/,
        );
        assert.equal(missing.checks.get("azure.cloudTrail.health")!.status, "unknown");

        const otherRole = {
            ...MICROSOFT_EXAMPLE,
            properties: { ...MICROSOFT_EXAMPLE.properties, destinationTable: "AWSCloudTrail" },
        };
        const other = await azureDoctor({
            ...healthy,
            list: { status: 200, body: { value: [MICROSOFT_EXAMPLE, otherRole] } },
        });
        const c = other.checks.get("azure.cloudTrail.connector")!;
        assert.equal(c.status, "fail");
        assert.match(
            c.reason,
            /no AmazonWebServicesS3 connector writes AWSCloudTrail for this role and queue \(afef3743-0c88-469c-84ff-ca2e87dc1e48 reads https:\/\/sqs\.us-west-1\.amazonaws\.com\/111111111111\/sqsTestName as arn:aws:iam::072643944673:role\/RoleName\)\./,
        );
    });

    for (const code of Object.keys(STATUS_CODES)) {
        it(`explains SentinelHealth's ${code}`, async () => {
            const { checks, report } = await azureDoctor({
                ...healthy,
                health: {
                    status: 200,
                    body: healthBody([
                        healthRow("Failure", 2, {
                            HealthResultType: "PermanentFailure",
                            StatusCode: code,
                            StatusMessage: "the service's own message",
                        }),
                        healthRow("Success", 90, { HealthResultType: "Success" }),
                    ]),
                },
            });
            const c = checks.get("azure.cloudTrail.health")!;
            assert.equal(c.status, "fail");
            assert.equal(c.code, code);
            assert.ok(c.reason.includes(`${code}: ${STATUS_CODES[code].meaning}.`), c.reason);
            assert.equal(c.fix, STATUS_CODES[code].fix);
            assert.equal(report.exitCode, 1);
        });
    }

    it("shows any other status code and its message verbatim", async () => {
        const { checks } = await azureDoctor({
            ...healthy,
            health: {
                status: 200,
                body: healthBody([
                    healthRow("Failure", 1, {
                        StatusCode: "S3B40404",
                        StatusMessage: "Bucket in another region.",
                    }),
                ]),
            },
        });
        assert.match(
            checks.get("azure.cloudTrail.health")!.reason,
            /is Failure: S3B40404: Bucket in another region\.$/,
        );
    });

    it("passes a connector that recovered, naming the earlier failures", async () => {
        const { checks } = await azureDoctor({
            ...healthy,
            health: {
                status: 200,
                body: healthBody([
                    healthRow("Success", 1, {}),
                    healthRow("Failure", 60, { StatusCode: "S3B40029" }),
                ]),
            },
        });
        assert.match(
            checks.get("azure.cloudTrail.health")!.reason,
            /is Success; 1 failure\(s\) earlier in 24 h \(S3B40029\)/,
        );
    });

    it("reports empty tables: no health rows is unknown, no data rows is the problem", async () => {
        const { checks } = await azureDoctor({
            ...healthy,
            health: { status: 200, body: healthBody([]) },
            rows: { status: 200, body: rowsBody([]) },
        });
        assert.equal(checks.get("azure.cloudTrail.health")!.status, "unknown");
        assert.match(
            checks.get("azure.cloudTrail.health")!.reason,
            /Auditing and health monitoring/,
        );
        const rows = checks.get("azure.cloudTrail.rows")!;
        assert.equal(rows.status, "fail");
        assert.match(rows.reason, /no row in AWSCloudTrail in 7 days/);
    });

    it("asks to turn on health monitoring when the workspace has no SentinelHealth table", async () => {
        const { checks } = await azureDoctor({
            ...healthy,
            health: { status: 400, body: fixture("no-sentinelhealth-table.json") },
        });
        const c = checks.get("azure.cloudTrail.health")!;
        assert.equal(c.status, "unknown");
        assert.match(
            c.reason,
            /no SentinelHealth table: turn on Settings → Auditing and health monitoring/,
        );
    });

    it("turns a missing Azure permission into could-not-check, naming the role to assign", async () => {
        const { checks, report } = await azureDoctor({
            ...healthy,
            list: { status: 403, body: fixture("arm-forbidden.json") },
        });
        const c = checks.get("azure.cloudTrail.connector")!;
        assert.equal(c.status, "unknown");
        assert.match(
            c.reason,
            /may not read the data connectors \(AuthorizationFailed: .*\); assign Microsoft Sentinel Reader/,
        );
        assert.equal(report.exitCode, 0);
    });

    it("names a workspace ID that differs from the one given", async () => {
        const { checks } = await azureDoctor(healthy, {
            workspaceId: "11111111-2222-3333-4444-555555555555",
        });
        const c = checks.get("azure.workspace")!;
        assert.equal(c.status, "fail");
        assert.match(
            c.reason,
            new RegExp(`has ID ${WORKSPACE_ID}, not 11111111-2222-3333-4444-555555555555`),
        );
    });

    it("stops with the input error when no Azure credential is found and only Azure is checked", async () => {
        const azure = fakeAzure(healthy);
        const credential = {
            getToken: async () => {
                throw Object.assign(new Error("EnvironmentCredential is unavailable."), {
                    name: "CredentialUnavailableError",
                });
            },
        };
        const input = resolveInput(
            {
                roleArn: ROLE_ARN,
                connections: [
                    { logType: "cloudTrail", destinationTable: "AWSCloudTrail", sqsUrl: QUEUE },
                ],
                resourceGroupName: "rg-sentinel",
                workspaceName: "law-sentinel",
            },
            { "azure-only": true, subscription: SUB },
            {},
        );
        await assert.rejects(
            runDoctor(input, { azure: { ...azure.deps, credential }, now: NOW }),
            (e: Error) =>
                e.name === "DoctorInputError" &&
                /no Azure credentials: DefaultAzureCredential found none \(EnvironmentCredential is unavailable\.\); sign in with `az login`/.test(
                    e.message,
                ),
        );
        assert.deepEqual(azure.requests, []);
    });
});
