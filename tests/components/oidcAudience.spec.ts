// Sentinel's audience on the account's one OpenID Connect provider for its issuer, beside Microsoft
// Defender for Cloud's: the function the hub invokes, run as shipped against an in-memory IAM that
// answers as the IAM API reference documents (CreateOpenIDConnectProvider refuses a second provider
// for one URL; AddClientIDToOpenIDConnectProvider and RemoveClientIDFromOpenIDConnectProvider are
// idempotent). moto 5.2 implements neither client-ID operation, so the function is not run there.
// Both orders of deployment: Defender first (its provider exists), and the hub first.
import assert from "node:assert/strict";
import * as vm from "node:vm";
import { OIDC_AUDIENCE_HANDLER } from "../../components/aws/oidcAudience";
import { SENTINEL_CLOUDS } from "../../components/shared/catalog";

const CLOUD = SENTINEL_CLOUDS.AzureCloud;
const ARN = `arn:aws:iam::123456789012:oidc-provider/${CLOUD.issuerHost}`;
/**
 * The audiences Defender for Cloud's AWS connector puts on the provider
 * (Azure/Microsoft-Defender-for-Cloud, MultiCloud/AWS/variables.tf, `oidc_client_id_list`).
 */
const DEFENDER = [
    "api://4d8bed1f-eee7-4d8e-b0dc-8462049a4479",
    "api://AzureSecurityCenter.MultiCloud.DefenderForServers",
    "api://AzureSecurityCenter.MultiCloud.DefenderForDatabases",
    "api://b2f86835-c959-461c-b08c-2cd5ca382af5",
    "api://6610e979-c931-41ec-adc7-b9920c9d52f1",
    "api://AzureSecurityCenter.MultiCloud.DefenderForServers.VmScanner",
];

interface Provider {
    url: string;
    audiences: string[];
    thumbprints: string[];
    tags: Map<string, string>;
}

class IamError extends Error {
    constructor(code: string) {
        super(code);
        this.name = code;
    }
}

/** IAM's OIDC provider operations over one account's providers, by ARN. */
class FakeIam {
    readonly providers = new Map<string, Provider>();
    readonly calls: string[] = [];

    async send(command: { constructor: { name: string }; input: Record<string, any> }) {
        const op = command.constructor.name.replace(/Command$/, "");
        const input = command.input;
        this.calls.push(op);
        const arn: string = input.OpenIDConnectProviderArn;
        const existing = this.providers.get(arn);
        const needed = () => {
            if (!existing) {
                throw new IamError("NoSuchEntityException");
            }
            return existing;
        };
        switch (op) {
            case "GetOpenIDConnectProvider": {
                const p = needed();
                return {
                    Url: p.url.replace(/^https:\/\//, ""),
                    ClientIDList: [...p.audiences],
                    ThumbprintList: [...p.thumbprints],
                    Tags: [...p.tags].map(([Key, Value]) => ({ Key, Value })),
                };
            }
            case "CreateOpenIDConnectProvider": {
                const created = `arn:aws:iam::123456789012:oidc-provider/${String(input.Url).replace(/^https:\/\//, "")}`;
                if (this.providers.has(created)) {
                    throw new IamError("EntityAlreadyExistsException");
                }
                this.providers.set(created, {
                    url: input.Url,
                    audiences: [...input.ClientIDList],
                    thumbprints: [...(input.ThumbprintList ?? [])],
                    tags: new Map((input.Tags ?? []).map((t: any) => [t.Key, t.Value])),
                });
                return { OpenIDConnectProviderArn: created };
            }
            case "AddClientIDToOpenIDConnectProvider": {
                const p = needed();
                if (!p.audiences.includes(input.ClientID)) {
                    p.audiences.push(input.ClientID);
                }
                return {};
            }
            case "RemoveClientIDFromOpenIDConnectProvider": {
                const p = needed();
                p.audiences = p.audiences.filter((a) => a !== input.ClientID);
                return {};
            }
            case "TagOpenIDConnectProvider":
                for (const t of input.Tags) {
                    needed().tags.set(t.Key, t.Value);
                }
                return {};
            case "UntagOpenIDConnectProvider":
                for (const k of input.TagKeys) {
                    needed().tags.delete(k);
                }
                return {};
            case "DeleteOpenIDConnectProvider":
                needed();
                this.providers.delete(arn);
                return {};
            default:
                throw new Error(`unexpected IAM call ${op}`);
        }
    }

    /** What another tool does: Defender's template creating the provider with its audiences. */
    defenderCreates(): void {
        this.providers.set(ARN, {
            url: CLOUD.issuerUrl,
            audiences: [...DEFENDER],
            thumbprints: [CLOUD.thumbprint],
            tags: new Map(),
        });
    }

    audiences(): string[] | undefined {
        return this.providers.get(ARN)?.audiences;
    }
}

/** The shipped function, loaded with `require("@aws-sdk/client-iam")` answering with the fake. */
function load(fake: FakeIam): (event: Record<string, unknown>) => Promise<any> {
    const commands = Object.fromEntries(
        [
            "GetOpenIDConnectProvider",
            "CreateOpenIDConnectProvider",
            "AddClientIDToOpenIDConnectProvider",
            "RemoveClientIDFromOpenIDConnectProvider",
            "TagOpenIDConnectProvider",
            "UntagOpenIDConnectProvider",
            "DeleteOpenIDConnectProvider",
        ].map((op) => {
            const Command = {
                [`${op}Command`]: class {
                    constructor(readonly input: Record<string, unknown>) {}
                },
            }[`${op}Command`];
            return [`${op}Command`, Command];
        }),
    );
    const sdk = { ...commands, IAMClient: class {} };
    const module = { exports: {} as Record<string, any> };
    vm.runInNewContext(OIDC_AUDIENCE_HANDLER, {
        module,
        exports: module.exports,
        require: (id: string) => {
            assert.equal(id, "@aws-sdk/client-iam");
            return sdk;
        },
    });
    module.exports.client = fake;
    // Results cross from the function's context as plain data (as Lambda returns them, JSON).
    return async (event) => JSON.parse(JSON.stringify(await module.exports.handler(event)));
}

const input = (holder: string, createIfMissing = true) => ({
    providerArn: ARN,
    url: CLOUD.issuerUrl,
    audience: CLOUD.audience,
    thumbprints: [CLOUD.thumbprint],
    createIfMissing,
    holder,
});
const create = (holder: string, createIfMissing = true) => ({
    ...input(holder, createIfMissing),
    tf: { action: "create", prev_input: null },
});
const remove = (holder: string, createIfMissing = true) => ({
    ...input(holder, createIfMissing),
    tf: { action: "delete", prev_input: input(holder, createIfMissing) },
});

describe("Sentinel's audience on a shared OpenID Connect provider", () => {
    it("Defender first: adds Sentinel's audience to Defender's provider, never fails on it, and leaves Defender's audiences when it goes", async () => {
        const fake = new FakeIam();
        fake.defenderCreates();
        const handler = load(fake);
        assert.deepEqual(await handler(create("hub-a")), {
            providerArn: ARN,
            created: false,
            added: true,
        });
        assert.deepEqual(fake.audiences(), [...DEFENDER, CLOUD.audience]);
        assert.equal(fake.calls.includes("CreateOpenIDConnectProvider"), false);

        await handler(remove("hub-a"));
        assert.deepEqual(fake.audiences(), DEFENDER);
        assert.deepEqual([...fake.providers.get(ARN)!.tags.keys()], []);
    });

    it("the hub first: creates the provider with Sentinel's audience; once Defender adds its own, leaving removes Sentinel's only and keeps the provider", async () => {
        const fake = new FakeIam();
        const handler = load(fake);
        assert.deepEqual(await handler(create("hub-a")), {
            providerArn: ARN,
            created: true,
            added: true,
        });
        assert.deepEqual(fake.audiences(), [CLOUD.audience]);
        assert.deepEqual(fake.providers.get(ARN)!.thumbprints, [CLOUD.thumbprint]);
        // Learn, "Connect a Microsoft Sentinel connected AWS account to Defender for Cloud": add
        // Defender's client IDs to the existing provider (Actions > Add audience).
        for (const audience of DEFENDER) {
            fake.providers.get(ARN)!.audiences.push(audience);
        }

        await handler(remove("hub-a"));
        assert.deepEqual(fake.audiences(), DEFENDER);
        assert.equal(fake.calls.includes("DeleteOpenIDConnectProvider"), false);
    });

    it("the hub alone: deletes the provider it created once nothing else uses it", async () => {
        const fake = new FakeIam();
        const handler = load(fake);
        await handler(create("hub-a"));
        await handler(remove("hub-a"));
        assert.equal(fake.providers.has(ARN), false);
    });

    it("never removes an audience it did not add (Microsoft's script put Sentinel's there first)", async () => {
        const fake = new FakeIam();
        fake.providers.set(ARN, {
            url: CLOUD.issuerUrl,
            audiences: [CLOUD.audience],
            thumbprints: [CLOUD.thumbprint],
            tags: new Map(),
        });
        const handler = load(fake);
        assert.equal((await handler(create("hub-a"))).added, false);
        await handler(remove("hub-a"));
        assert.deepEqual(fake.audiences(), [CLOUD.audience]);
        assert.equal(fake.calls.includes("RemoveClientIDFromOpenIDConnectProvider"), false);
    });

    it("keeps the audience while another hub of the account holds it", async () => {
        const fake = new FakeIam();
        const handler = load(fake);
        await handler(create("hub-a"));
        await handler(create("hub-b"));
        await handler(remove("hub-a"));
        assert.deepEqual(fake.audiences(), [CLOUD.audience]);
        await handler(remove("hub-b"));
        assert.equal(fake.providers.has(ARN), false);
    });

    it("takes the provider another hub created at the same moment (EntityAlreadyExists)", async () => {
        const fake = new FakeIam();
        const handler = load(fake);
        const send = fake.send.bind(fake);
        // Another deployment creates the provider between this one's read and its create.
        let raced = false;
        fake.send = async (command) => {
            if (command.constructor.name === "CreateOpenIDConnectProviderCommand" && !raced) {
                raced = true;
                fake.defenderCreates();
            }
            return send(command);
        };
        const result = await handler(create("hub-a"));
        assert.deepEqual(result, { providerArn: ARN, created: false, added: true });
        assert.deepEqual(fake.audiences(), [...DEFENDER, CLOUD.audience]);
    });

    it("with `existingOidcProviderArn`, refuses a provider that does not exist rather than create it", async () => {
        const fake = new FakeIam();
        const handler = load(fake);
        await assert.rejects(
            handler(create("hub-a", false)),
            /the OpenID Connect provider arn:aws:iam::123456789012:oidc-provider\/sts\.windows\.net\/.*\/ does not exist/,
        );
        assert.equal(fake.providers.has(ARN), false);
    });

    it("moves its hold when the audience changes on an update", async () => {
        const fake = new FakeIam();
        fake.defenderCreates();
        const handler = load(fake);
        await handler(create("hub-a"));
        const moved = { ...input("hub-b") };
        await handler({ ...moved, tf: { action: "update", prev_input: input("hub-a") } });
        const tags = [...fake.providers.get(ARN)!.tags.keys()].sort();
        assert.deepEqual(tags, ["sentinel-aws-s3:added-audience", "sentinel-aws-s3:holder:hub-b"]);
        assert.deepEqual(fake.audiences(), [...DEFENDER, CLOUD.audience]);
    });
});
