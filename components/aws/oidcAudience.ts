// Sentinel's audience on the account's IAM OpenID Connect provider for Sentinel's issuer, managed
// as one entry of its client-ID list. An account has one provider per issuer URL ("You cannot
// register the same provider multiple times in a single Amazon Web Services account", IAM API
// reference, CreateOpenIDConnectProvider), and Microsoft Defender for Cloud's AWS connector trusts
// the same issuer with audiences of its own (Learn, "Connect a Microsoft Sentinel connected AWS
// account to Defender for Cloud"): a provider resource owning the whole list would fail on the
// provider Defender (or Microsoft's script, or another stack) created, or drop their audiences.
// Neither pulumi-aws nor Terraform has a resource for one client ID (pulumi/pulumi-aws#4460), so a
// small function does what the IAM API offers for exactly this (AddClientIDToOpenIDConnectProvider
// and RemoveClientIDFromOpenIDConnectProvider, both idempotent), invoked by `aws.lambda.Invocation`
// on create, update and delete (its CRUD lifecycle), with the credentials of the hub's own account.
import * as iam from "@pulumi/aws/iam";
import * as lambda from "@pulumi/aws/lambda";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, document, documentJson } from "./policyDocuments";

/**
 * The function's source (a Node.js runtime, which includes the AWS SDK for JavaScript v3: AWS
 * Developer Tools Blog, "Why and how you should use AWS SDK for JavaScript (v3) on Node.js 18").
 * The provider's tags record what the package did, so nothing it did not add is ever removed:
 * `sentinel-aws-s3:holder:<hub>` per hub using the audience, `sentinel-aws-s3:added-audience` when a
 * hub added it (absent when it was there before), `sentinel-aws-s3:created-provider` when a hub
 * created the provider. The last hub to let go removes the audience only if a hub added it, and the
 * provider only if a hub created it and no audience is left.
 */
export const OIDC_AUDIENCE_HANDLER = String.raw`"use strict";
const iam = require("@aws-sdk/client-iam");
const HOLDER = "sentinel-aws-s3:holder:";
const ADDED = "sentinel-aws-s3:added-audience";
const CREATED = "sentinel-aws-s3:created-provider";
const client = () => exports.client || new iam.IAMClient({});
const is = (error, code) => Boolean(error) && String(error.name || error.Code || "").startsWith(code);
async function read(arn) {
    try {
        const p = await client().send(new iam.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
        return { audiences: p.ClientIDList || [], tags: Object.fromEntries((p.Tags || []).map((t) => [t.Key, t.Value])) };
    } catch (error) {
        if (is(error, "NoSuchEntity")) return undefined;
        throw error;
    }
}
const tag = (arn, tags) => client().send(new iam.TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
const untag = (arn, keys) => keys.length === 0 ? undefined : client().send(new iam.UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: keys }));
async function hold(e) {
    let provider = await read(e.providerArn);
    if (provider === undefined) {
        if (!e.createIfMissing) throw new Error("the OpenID Connect provider " + e.providerArn + " does not exist: create it, or leave existingOidcProviderArn out so the hub creates it.");
        try {
            await client().send(new iam.CreateOpenIDConnectProviderCommand({ Url: e.url, ClientIDList: [e.audience], ThumbprintList: e.thumbprints, Tags: [{ Key: CREATED, Value: "true" }, { Key: ADDED, Value: e.audience }, { Key: HOLDER + e.holder, Value: "true" }] }));
            return { providerArn: e.providerArn, created: true, added: true };
        } catch (error) {
            if (!is(error, "EntityAlreadyExists")) throw error;
            provider = await read(e.providerArn);
        }
    }
    const added = !provider.audiences.includes(e.audience);
    if (added) await client().send(new iam.AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: e.providerArn, ClientID: e.audience }));
    await tag(e.providerArn, { [HOLDER + e.holder]: "true", ...(added ? { [ADDED]: e.audience } : {}) });
    return { providerArn: e.providerArn, created: false, added };
}
async function release(e) {
    const provider = await read(e.providerArn);
    if (provider === undefined) return { providerArn: e.providerArn, released: true };
    await untag(e.providerArn, [HOLDER + e.holder]);
    const others = Object.keys(provider.tags).filter((k) => k.startsWith(HOLDER) && k !== HOLDER + e.holder);
    if (others.length > 0) return { providerArn: e.providerArn, released: false, holders: others.length };
    const audiences = provider.audiences.slice();
    if (provider.tags[ADDED] === e.audience && audiences.includes(e.audience)) {
        await client().send(new iam.RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: e.providerArn, ClientID: e.audience }));
        audiences.splice(audiences.indexOf(e.audience), 1);
    }
    await untag(e.providerArn, [ADDED].filter((k) => k in provider.tags));
    if (provider.tags[CREATED] === "true" && audiences.length === 0) {
        await client().send(new iam.DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: e.providerArn }));
        return { providerArn: e.providerArn, released: true, deleted: true };
    }
    await untag(e.providerArn, [CREATED].filter((k) => k in provider.tags));
    return { providerArn: e.providerArn, released: true };
}
exports.handler = async (event) => {
    const lifecycle = event.tf || {};
    const { tf, ...input } = event;
    const previous = lifecycle.prev_input || lifecycle.prevInput;
    if (lifecycle.action === "delete") return release(input);
    const result = await hold(input);
    if (previous && (previous.providerArn !== input.providerArn || previous.audience !== input.audience || previous.holder !== input.holder)) await release(previous);
    return result;
};
`;

/** The Node.js runtime the function runs on (a managed runtime with the AWS SDK v3). */
export const OIDC_AUDIENCE_RUNTIME = "nodejs22.x";

/** What the function is invoked with. */
export interface OidcAudienceInput {
    readonly providerArn: string;
    readonly url: string;
    readonly audience: string;
    readonly thumbprints: readonly string[];
    /** Create the provider when it does not exist (the hub was not given one). */
    readonly createIfMissing: boolean;
    /** The hub holding the audience (a hash of its project, stack and name). */
    readonly holder: string;
}

/**
 * The function's permissions: the IAM calls it makes, on the one provider ARN (Service
 * Authorization Reference, IAM: each of these actions takes the `oidc-provider` resource).
 */
export function oidcAudiencePolicy<T extends string | pulumi.Output<string>>(
    providerArn: T,
): PolicyDocument<T | string> {
    return document<T>([
        {
            Sid: "ManageSentinelAudience",
            Effect: "Allow",
            Action: [
                "iam:GetOpenIDConnectProvider",
                "iam:CreateOpenIDConnectProvider",
                "iam:AddClientIDToOpenIDConnectProvider",
                "iam:RemoveClientIDFromOpenIDConnectProvider",
                "iam:TagOpenIDConnectProvider",
                "iam:UntagOpenIDConnectProvider",
                "iam:DeleteOpenIDConnectProvider",
            ],
            Resource: providerArn,
        },
    ]);
}

/** The trust of the function's role: the Lambda service (Lambda developer guide, "Lambda execution role"). */
export const LAMBDA_TRUST: PolicyDocument = document([
    {
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
    },
]);

/** The audience entry: the function, its role and the invocation that holds the audience. */
export interface OidcAudience {
    /** The provider's ARN, once the audience is on it. */
    readonly providerArn: pulumi.Output<string>;
    /** The invocation that holds the audience: what a connector waits for. */
    readonly entry: lambda.Invocation;
}

/** Creates the entry of Sentinel's audience on the provider (creating the provider if asked). */
export function createOidcAudience(
    name: string,
    o: {
        readonly providerArn: pulumi.Output<string>;
        readonly input: pulumi.Output<Omit<OidcAudienceInput, "providerArn">>;
        readonly tags: Record<string, string>;
        readonly parent: pulumi.Resource;
    },
): OidcAudience {
    const opts = { parent: o.parent };
    const role = new iam.Role(
        `${name}-oidc-audience-role`,
        {
            description: "Adds Microsoft Sentinel's audience to the account's OIDC provider.",
            assumeRolePolicy: JSON.stringify(LAMBDA_TRUST),
            tags: o.tags,
        },
        opts,
    );
    const policy = new iam.RolePolicy(
        `${name}-oidc-audience-policy`,
        { role: role.name, policy: documentJson(oidcAudiencePolicy(o.providerArn)) },
        opts,
    );
    const fn = new lambda.Function(
        `${name}-oidc-audience`,
        {
            description: "Holds Microsoft Sentinel's audience on the account's OIDC provider.",
            runtime: OIDC_AUDIENCE_RUNTIME,
            handler: "index.handler",
            role: role.arn,
            timeout: 60,
            code: new pulumi.asset.AssetArchive({
                "index.js": new pulumi.asset.StringAsset(OIDC_AUDIENCE_HANDLER),
            }),
            tags: o.tags,
        },
        { ...opts, dependsOn: [policy] },
    );
    const invocation = new lambda.Invocation(
        `${name}-oidc-audience`,
        {
            functionName: fn.name,
            input: pulumi.jsonStringify(
                pulumi.all([o.providerArn, o.input]).apply(([providerArn, input]) => ({
                    providerArn,
                    ...input,
                })),
            ),
            // aws.lambda.Invocation (Terraform's aws_lambda_invocation): CRUD invokes on create,
            // update and delete, with `tf.action` and `tf.prev_input` in the payload.
            lifecycleScope: "CRUD",
        },
        { ...opts, dependsOn: [policy] },
    );
    return {
        // Through the invocation's input (known during a preview, as the ARN is), so whatever
        // names the provider waits for the audience to be on it.
        providerArn: pulumi.all([invocation.input, o.providerArn]).apply(([, arn]) => arn),
        entry: invocation,
    };
}
