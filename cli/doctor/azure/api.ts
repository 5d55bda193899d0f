// The doctor's only door to Azure: ARM GETs through @azure/core-rest-pipeline and Log Analytics
// queries through @azure/monitor-query-logs, both authenticated with DefaultAzureCredential (or the
// credential and HTTP client a test passes). Loaded on first use.
import type { TokenCredential } from "@azure/identity";
import type { HttpClient, Pipeline } from "@azure/core-rest-pipeline";
import type { LogsQueryClient, LogsTable } from "@azure/monitor-query-logs";
import type { AzureCloud } from "../../../components/shared/catalog";

/** Endpoints and token scopes per Azure cloud (Azure Government developer guide, "Endpoint mapping"). */
export const AZURE_ENDPOINTS: Readonly<
    Record<AzureCloud, { arm: string; logs: string; logsScope: string }>
> = {
    AzureCloud: {
        arm: "https://management.azure.com",
        logs: "https://api.loganalytics.io/v1",
        logsScope: "https://api.loganalytics.io/.default",
    },
    AzureUSGovernment: {
        arm: "https://management.usgovcloudapi.net",
        logs: "https://api.loganalytics.us/v1",
        logsScope: "https://api.loganalytics.us/.default",
    },
};

/** The result of one Azure read. */
export type AzureOutcome<T> =
    | { readonly ok: true; readonly value: T }
    | {
          readonly ok: false;
          readonly kind: "denied" | "missing" | "error";
          readonly message: string;
      };

/** What a test may inject; a real run uses DefaultAzureCredential and the default HTTP client. */
export interface AzureDependencies {
    readonly credential?: TokenCredential;
    readonly httpClient?: HttpClient;
}

/** A query's rows as objects keyed by column name, per table. */
export type QueryRows = Record<string, unknown>[];

function isCredentialError(e: unknown): boolean {
    const name = (e as Error)?.name ?? "";
    return /CredentialUnavailableError|AuthenticationError|AggregateAuthenticationError|AuthenticationRequiredError/.test(
        name,
    );
}

/** No Azure credential: the Azure half stops at its first call, and the AWS half runs on. */
export class AzureCredentialsError extends Error {
    constructor(cause: unknown) {
        super(
            `no Azure credentials: DefaultAzureCredential found none (${((cause as Error)?.message ?? "").split("\n")[0]}); sign in with \`az login\` (or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET) and run the doctor again, or pass \`--aws-only\` to check the AWS side alone.`,
        );
        this.name = "AzureCredentialsError";
    }
}

function failure(e: unknown): AzureOutcome<never> {
    if (isCredentialError(e)) {
        throw new AzureCredentialsError(e);
    }
    const err = e as { statusCode?: number; code?: string; message?: string; details?: unknown };
    const message = [
        `${err.code ? `${err.code}: ` : ""}${(err.message ?? String(e)).split("\n")[0]}`,
        ...innerMessages(err.details),
    ].join("; ");
    const kind =
        err.statusCode === 403 || err.statusCode === 401
            ? "denied"
            : err.statusCode === 404
              ? "missing"
              : "error";
    return { ok: false, kind, message };
}

/** The messages of an error body's nested `innererror`s (ARM and Log Analytics error shape). */
function innerMessages(body: unknown): string[] {
    const out: string[] = [];
    let inner = (body as { error?: { innererror?: unknown } } | undefined)?.error?.innererror;
    while (inner && typeof inner === "object" && out.length < 5) {
        const i = inner as { message?: string; innererror?: unknown };
        if (i.message) {
            out.push(i.message);
        }
        inner = i.innererror;
    }
    return out;
}

/** Lazily created clients for one Azure cloud. */
export class AzureApi {
    private credential?: Promise<TokenCredential>;
    private pipeline?: Promise<{ pipeline: Pipeline; httpClient: HttpClient }>;
    private logs?: Promise<LogsQueryClient>;

    constructor(
        readonly cloud: AzureCloud,
        private readonly deps: AzureDependencies = {},
        private readonly onCall?: () => void,
    ) {}

    private getCredential(): Promise<TokenCredential> {
        this.credential ??= this.deps.credential
            ? Promise.resolve(this.deps.credential)
            : import("@azure/identity").then((m) => new m.DefaultAzureCredential());
        return this.credential;
    }

    /** GET of an ARM path (starting `/subscriptions/…`, with its `api-version`). */
    async arm<T>(path: string): Promise<AzureOutcome<T>> {
        const rest = await import("@azure/core-rest-pipeline");
        this.pipeline ??= this.getCredential().then((credential) => {
            const pipeline = rest.createPipelineFromOptions({ retryOptions: { maxRetries: 2 } });
            pipeline.addPolicy(
                rest.bearerTokenAuthenticationPolicy({
                    credential,
                    scopes: `${AZURE_ENDPOINTS[this.cloud].arm}/.default`,
                }),
            );
            return { pipeline, httpClient: this.deps.httpClient ?? rest.createDefaultHttpClient() };
        });
        const { pipeline, httpClient } = await this.pipeline;
        this.onCall?.();
        try {
            const response = await pipeline.sendRequest(
                httpClient,
                rest.createPipelineRequest({
                    url: `${AZURE_ENDPOINTS[this.cloud].arm}${path}`,
                    method: "GET",
                }),
            );
            const body = response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
            if (response.status >= 400) {
                const error = body?.error ?? {};
                return failure({
                    statusCode: response.status,
                    code: error.code,
                    message: error.message ?? `HTTP ${response.status}`,
                    details: body,
                });
            }
            return { ok: true, value: body as T };
        } catch (e) {
            return failure(e);
        }
    }

    /** Runs a Kusto query on a workspace over the last `duration` (ISO 8601, such as P1D). */
    async query(
        workspaceId: string,
        kusto: string,
        duration: string,
    ): Promise<AzureOutcome<QueryRows>> {
        this.logs ??= Promise.all([import("@azure/monitor-query-logs"), this.getCredential()]).then(
            ([m, credential]) =>
                new m.LogsQueryClient(credential, {
                    endpoint: AZURE_ENDPOINTS[this.cloud].logs,
                    credentials: { scopes: [AZURE_ENDPOINTS[this.cloud].logsScope] },
                    ...(this.deps.httpClient ? { httpClient: this.deps.httpClient } : {}),
                    retryOptions: { maxRetries: 2 },
                }),
        );
        this.onCall?.();
        try {
            const result = await (await this.logs).queryWorkspace(workspaceId, kusto, { duration });
            const tables: LogsTable[] =
                result.status === "Success" ? result.tables : result.partialTables;
            if (result.status !== "Success" && tables.length === 0) {
                return failure({
                    code: result.partialError.code,
                    message: result.partialError.message,
                });
            }
            return { ok: true, value: tables.flatMap(rowsOf) };
        } catch (e) {
            return failure(e);
        }
    }
}

function rowsOf(table: LogsTable): QueryRows {
    return table.rows.map((row) =>
        Object.fromEntries(table.columnDescriptors.map((c, i) => [c.name ?? String(i), row[i]])),
    );
}

/** The reason a failed read gives for a "could not check". */
export function azureUnknownReason(
    o: Extract<AzureOutcome<unknown>, { ok: false }>,
    what: string,
): string {
    return o.kind === "denied"
        ? `the Azure credentials may not ${what} (${o.message}); assign Microsoft Sentinel Reader on the workspace.`
        : `${what} failed: ${o.message}`;
}
