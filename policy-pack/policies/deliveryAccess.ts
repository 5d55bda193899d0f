// The trust, role and key links of the delivery chain, judged as the doctor judges a live account
// (`cli/doctor/access.ts`, the same evaluator): Sentinel's token is admitted (the provider of the
// role's account, the audience, both session names with the workspace ID in lower case), the
// OpenID Connect provider accepts it, the role may read every queue its connectors list and the
// files their notifications announce, and the role and S3 may use the keys involved.
import { diagnoseTrust, evaluateKeyAccess, evaluateS3QueueKey } from "../../cli/doctor/access";
import type { KeyFacts } from "../../cli/doctor/aws/facts";
import type { AnyPolicy, Decision, PolicyRequest } from "../../cli/doctor/policy";
import {
    CONNECTOR_S3_ACTIONS,
    CONNECTOR_SQS_ACTIONS,
    SENTINEL_CLOUDS,
    SentinelCloud,
} from "../../components/shared/catalog";
import {
    DELIVERY_FACTS,
    ROLE_PERMISSIONS_FIX,
    oidcProviderFix,
    oidcProviderReason,
    rolePermissionsReason,
    trustCauseText,
    trustFix,
    trustRefusedReason,
} from "../../components/shared/delivery";
import { WRITERS, writerBucket } from "./deliveryExports";
import { Outcome, stackPolicy } from "./lib/builders";
import {
    AttachedDocument,
    CHAIN_TYPES,
    RoleDocuments,
    accountOf,
    connectorLinks,
    connectionOfFeed,
    decide,
    feedsOf,
    partitionOf,
    policiesOn,
    rawDocument,
    roleDocuments,
    sampleKey,
} from "./lib/deliveryChain";
import { readDocument } from "./lib/documents";
import { sentinelCloudOf } from "./lib/sentinel";
import { sentinelRoleGrants } from "./lib/sentinelRoles";
import { Res, StackIndex, settingsByBucket } from "./lib/stack";
import { ENCRYPTION_TYPES, PackPolicy, TYPES } from "./lib/types";
import { Finding, asArray, at, isUnknown, label, show, unknownFinding } from "./lib/values";

const guide = (key: keyof typeof DELIVERY_FACTS) =>
    `${DELIVERY_FACTS[key].guide}. Sentinel shows: ${DELIVERY_FACTS[key].shows}.`;

const GUID = /([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/g;

/** The workspace IDs (lower case) the session-name conditions of a trust name. */
function trustWorkspaces(policy: AnyPolicy): string[] {
    const text = JSON.stringify(policy);
    const names = [...text.matchAll(/"(?:sts:RoleSessionName)"\s*:\s*(\[[^\]]*\]|"[^"]*")/gi)]
        .map((m) => m[1])
        .join(" ");
    return [...new Set([...names.matchAll(GUID)].map((m) => m[1].toLowerCase()))];
}

/** The ARN a connector of the stack knows a role by, if any connector names it. */
function roleArnOf(index: StackIndex, role: Res): string | undefined {
    if (typeof role.props.arn === "string") {
        return role.props.arn;
    }
    return connectorLinks(index).find(
        (l) => l.role?.urn === role.urn && typeof l.roleArn === "string",
    )?.roleArn as string | undefined;
}

export const iamSentinelRoleTrustAdmitsSentinel: PackPolicy = stackPolicy(
    {
        name: "iam-sentinel-role-trust-admits-sentinel",
        description:
            "Checks that a Sentinel role's trust admits the token Sentinel presents, evaluated as the doctor evaluates a live role: the provider of the role's own account, sts:AssumeRoleWithWebIdentity, the cloud's audience, and both session names with the workspace ID in lower case (Microsoft sends it so; StringEquals is case-sensitive), with no Deny in the way. A trust admitting only one of the two session names is an advisory: Microsoft's service switched prefixes once without notice.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `Use the component's trust policy. ${guide("trustRefused")}`,
    },
    ({ index }): Outcome => {
        const roles = sentinelRoleGrants(index)
            .roles.map((r) => r.res)
            .filter((r): r is Res => r !== undefined);
        const findings: Finding[] = [];
        let checked = 0;
        for (const role of roles) {
            const who = label(role.type, role.name);
            const normal = readDocument(role.props.assumeRolePolicy);
            const cloud =
                normal.kind === "ok"
                    ? normal.doc.statements.map(sentinelCloudOf).find((c) => c !== undefined)
                    : undefined;
            if (normal.kind === "unknown") {
                findings.push(unknownFinding(`The trust policy of ${who}`, role.urn));
                continue;
            }
            const raw = rawDocument(role.props.assumeRolePolicy);
            if (cloud === undefined || raw.kind !== "ok") {
                continue; // no OpenID Connect trust: iam-sentinel-role-trust-conditions reports it
            }
            const workspaces = trustWorkspaces(raw.policy);
            const roleArn = roleArnOf(index, role);
            const account = roleArn ? accountOf(roleArn) : undefined;
            const providerArn = account
                ? `arn:${partitionOf(roleArn)}:iam::${account}:oidc-provider/${cloud.issuerHost}`
                : undefined;
            for (const workspaceId of workspaces) {
                checked++;
                const d = diagnoseTrust({
                    trust: raw.policy,
                    roleArn: roleArn ?? `arn:aws:iam::000000000000:role/${show(role.props.name)}`,
                    providerArn,
                    cloud,
                    workspaceId,
                });
                if (d.verdict === "admits" || d.verdict === "admitsOthers") {
                    continue;
                }
                if (d.verdict === "unknown") {
                    findings.push({
                        message: `Whether ${who} admits Sentinel's tokens cannot be told from the stack: ${d.causes.map((c) => trustCauseText(c, cloud)).join("; ")}; the doctor checks the live role.`,
                        urn: role.urn,
                        advisory: true,
                    });
                    continue;
                }
                const oneName =
                    d.admitted.length > 0 && d.causes.every((c) => c.kind === "sessionNames");
                findings.push({
                    message: `${who} must admit Sentinel's tokens for workspace ${workspaceId}${oneName ? ` with both session names (it admits only ${d.admitted.join(", ")})` : ""}. ${trustRefusedReason(d.causes, cloud)} ${trustFix(workspaceId, cloud, providerArn)}`,
                    urn: role.urn,
                    advisory: oneName,
                });
            }
        }
        return checked > 0 || findings.length > 0
            ? findings
            : "The stack has no Sentinel role trusting Sentinel's OpenID Connect issuer with a workspace's session names.";
    },
);

/** The Sentinel cloud whose issuer a provider URL names (with or without its trailing slash). */
function issuerCloud(url: string): SentinelCloud | undefined {
    const bare = url
        .replace(/^https:\/\//i, "")
        .replace(/\/$/, "")
        .toLowerCase();
    return Object.values(SENTINEL_CLOUDS).find(
        (c) => c.issuerHost.replace(/\/$/, "").toLowerCase() === bare,
    );
}

export const iamOidcProviderAdmitsSentinel: PackPolicy = stackPolicy(
    {
        name: "iam-oidc-provider-admits-sentinel",
        description:
            "Checks that an IAM OpenID Connect provider for Sentinel's issuer, in a stack with a Sentinel role, has the issuer's exact URL (with its trailing slash) and lists Sentinel's audience: otherwise every token is refused.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `Give the provider the URL https://sts.windows.net/<tenant>/ and Sentinel's audience in \`clientIdLists\` (the component does; keep the audiences Defender for Cloud added). ${guide("oidcProvider")}`,
    },
    ({ index }): Outcome => {
        const providers = index.ofType(CHAIN_TYPES.oidcProvider);
        const sentinel = sentinelRoleGrants(index).roles.some((r) => r.res !== undefined);
        if (providers.length === 0 || !sentinel) {
            return "The stack has no OpenID Connect provider beside a Sentinel role.";
        }
        const findings: Finding[] = [];
        let checked = 0;
        for (const p of providers) {
            const who = label(p.type, p.name);
            const url = p.props.url;
            if (isUnknown(url)) {
                findings.push(unknownFinding(`The URL of ${who}`, p.urn));
                continue;
            }
            const cloud = typeof url === "string" ? issuerCloud(url) : undefined;
            if (cloud === undefined) {
                continue;
            }
            checked++;
            if (url !== cloud.issuerUrl) {
                findings.push({
                    message: `${who} must have Sentinel's issuer URL: ${oidcProviderReason(who, cloud, "url", show(url))} ${oidcProviderFix(`arn:<partition>:iam::<account>:oidc-provider/${cloud.issuerHost}`, cloud)}`,
                    urn: p.urn,
                });
            }
            const audiences = asArray(p.props.clientIdLists);
            if (isUnknown(audiences) || (audiences ?? []).some(isUnknown)) {
                findings.push(unknownFinding(`The audiences of ${who}`, p.urn));
            } else if (!(audiences ?? []).includes(cloud.audience)) {
                findings.push({
                    message: `${who} must list Sentinel's audience: ${oidcProviderReason(who, cloud, "audience")} ${oidcProviderFix(`arn:<partition>:iam::<account>:oidc-provider/${cloud.issuerHost}`, cloud)}`,
                    urn: p.urn,
                });
            }
        }
        return checked > 0 || findings.length > 0
            ? findings
            : "No OpenID Connect provider of the stack is for Sentinel's issuer.";
    },
);

/** What the role's own documents say, or why they cannot be read. */
function readable(docs: RoleDocuments): { policies: AnyPolicy[]; boundary?: AnyPolicy } | string {
    const unreadable = [
        ...docs.documents,
        ...(docs.boundary && docs.boundary !== "outside" ? [docs.boundary] : []),
    ].find((d) => d.doc.kind === "unknown" || d.doc.kind === "invalid");
    if (unreadable) {
        return unreadable.where;
    }
    const policy = (d: AttachedDocument) => (d.doc.kind === "ok" ? [d.doc.policy] : []);
    return {
        policies: docs.documents.flatMap(policy),
        boundary:
            docs.boundary && docs.boundary !== "outside" ? policy(docs.boundary)[0] : undefined,
    };
}

/** Does the role get a call: its policies or the resource's, no Deny, within its boundary? */
function grants(
    own: { policies: AnyPolicy[]; boundary?: AnyPolicy },
    resourcePolicies: AnyPolicy[],
    request: PolicyRequest,
    roleArn: string,
): Decision {
    const principal = { aws: roleArn };
    const context = {
        "aws:SecureTransport": true,
        "aws:PrincipalArn": roleArn,
        "aws:PrincipalAccount": accountOf(roleArn) ?? "",
    };
    const identity = decide(own.policies, { ...request, context });
    const resource = decide(resourcePolicies, { ...request, principal, context }, true);
    const boundary = own.boundary ? decide([own.boundary], { ...request, context }) : "allow";
    const all = [identity, resource, boundary];
    if (all.includes("deny") || boundary === "implicit-deny") {
        return "deny";
    }
    if ((identity === "allow" || resource === "allow") && boundary === "allow") {
        return "allow";
    }
    return all.includes("unknown") ? "unknown" : "implicit-deny";
}

export const iamSentinelRoleReadsConnectorQueues: PackPolicy = stackPolicy(
    {
        name: "iam-sentinel-role-reads-connector-queues",
        description:
            "Checks that the role a Sentinel connector assumes may make the connector's calls, evaluated as the doctor evaluates a live role: the five SQS actions on every queue the connector lists, and s3:GetObject on the files each queue's notification announces, granted by the role's policies or the queue's and bucket's, within its boundary, with no Deny in the way.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `${ROLE_PERMISSIONS_FIX} ${guide("rolePermissions")}`,
    },
    ({ index }): Outcome => {
        const links = connectorLinks(index).filter((l) => l.role !== undefined);
        if (links.length === 0) {
            return "No Sentinel connector of the stack assumes a role of the stack.";
        }
        const findings: Finding[] = [];
        for (const link of links) {
            const role = link.role!;
            const who = label(role.type, role.name);
            if (typeof link.roleArn !== "string") {
                findings.push(unknownFinding(`The role ARN of ${link.who}`, link.res.urn));
                continue;
            }
            const docs = roleDocuments(index, role);
            const own = readable(docs);
            if (typeof own === "string") {
                findings.push(unknownFinding(`The permissions of ${who} (${own})`, role.urn));
                continue;
            }
            const missing: string[] = [];
            const unsure: string[] = [];
            const need = (request: PolicyRequest, resourcePolicies: AnyPolicy[]) => {
                const d = grants(own, resourcePolicies, request, link.roleArn as string);
                const text = `${request.action} on ${request.resource}`;
                if (d === "unknown") {
                    unsure.push(text);
                } else if (d !== "allow") {
                    (docs.outside.length > 0 || docs.boundary === "outside"
                        ? unsure
                        : missing
                    ).push(text);
                }
            };
            const partition = partitionOf(link.roleArn);
            for (const q of link.queues) {
                if (typeof q.arn !== "string") {
                    unsure.push(`the connector's queue (its ARN is not known yet)`);
                    continue;
                }
                const queueDocs = q.queue ? policiesOn(index, q.queue, "queue") : [];
                if (queueDocs.some((d) => d.doc.kind === "unknown")) {
                    unsure.push(`the policy of ${label(q.queue!.type, q.queue!.name)}`);
                    continue;
                }
                const queuePolicies = queueDocs.flatMap((d) =>
                    d.doc.kind === "ok" ? [d.doc.policy] : [],
                );
                for (const action of CONNECTOR_SQS_ACTIONS) {
                    need({ action, resource: q.arn }, queuePolicies);
                }
                for (const feed of feedsOf(index, q.queue, q.arn)) {
                    const connection = connectionOfFeed(feed) ?? link.connections[0];
                    if (
                        typeof feed.prefix !== "string" ||
                        typeof feed.bucket.name !== "string" ||
                        !connection
                    ) {
                        if (isUnknown(feed.prefix) || isUnknown(feed.bucket.name)) {
                            unsure.push(`the files ${feed.where} announces`);
                        }
                        continue;
                    }
                    const bucketDocs = feed.bucket.res
                        ? policiesOn(index, feed.bucket.res, "bucket")
                        : [];
                    if (bucketDocs.some((d) => d.doc.kind === "unknown")) {
                        unsure.push(`the policy of the bucket of ${feed.where}`);
                        continue;
                    }
                    const resource = `arn:${partition}:s3:::${feed.bucket.name}/${sampleKey(feed.prefix, connection)}`;
                    for (const action of CONNECTOR_S3_ACTIONS) {
                        need(
                            { action, resource },
                            bucketDocs.flatMap((d) => (d.doc.kind === "ok" ? [d.doc.policy] : [])),
                        );
                    }
                }
            }
            if (missing.length > 0) {
                findings.push({
                    message: `${who} must be allowed the calls ${link.who} makes, but ${rolePermissionsReason(missing)} ${ROLE_PERMISSIONS_FIX}`,
                    urn: role.urn,
                });
            }
            if (unsure.length > 0) {
                findings.push(
                    unknownFinding(
                        `Whether ${who} may make ${[...new Set(unsure)].join("; ")}${docs.outside.length ? ` (policies attached from outside the stack: ${docs.outside.join(", ")})` : ""}`,
                        role.urn,
                    ),
                );
            }
        }
        return findings;
    },
);

/** The keys of the stack a key ID, ARN or alias names (by value or by the holder's dependency). */
function keysNamed(index: StackIndex, value: unknown, holder: Res, property: string): Res[] {
    const keys = index.ofType(TYPES.key);
    if (typeof value === "string") {
        const direct = keys.filter((k) => [k.props.arn, k.props.id, k.props.keyId].includes(value));
        if (direct.length > 0) {
            return direct;
        }
        const aliases = index
            .ofType("aws:kms/alias:Alias")
            .filter(
                (a) =>
                    a.props.name === value ||
                    a.props.arn === value ||
                    value.endsWith(`:${a.props.name}`),
            );
        const viaAlias = aliases.flatMap((a) => index.dependencies(a, "targetKeyId", [TYPES.key]));
        if (viaAlias.length > 0) {
            return viaAlias;
        }
    }
    // A known value naming no key of the stack names a key outside it; only an unknown one is
    // resolved through the holder's dependencies.
    return typeof value === "string" ? [] : index.dependencies(holder, property, [TYPES.key]);
}

/**
 * The property a writer names the key it encrypts its files with (CloudTrail User Guide, "Encrypting
 * CloudTrail log files with AWS KMS keys"; GuardDuty User Guide, "Exporting generated findings": the
 * export's key). Files a writer encrypts with its own key need that key's decrypt too.
 */
const WRITER_KEYS: Readonly<Record<string, string>> = {
    [TYPES.trail]: "kmsKeyId",
    "aws:guardduty/publishingDestination:PublishingDestination": "kmsKeyArn",
};

/** The keys the writers of a bucket encrypt their files with, beyond the bucket's own. */
function writerKeys(index: StackIndex, bucket: { res?: Res; name: unknown }): Res[] {
    return Object.entries(WRITER_KEYS).flatMap(([type, property]) =>
        index.ofType(type).flatMap((writer) => {
            const d = WRITERS[type]?.(writer.props);
            const written = d ? writerBucket(index, writer, d) : undefined;
            const same =
                (bucket.res !== undefined && written?.res?.urn === bucket.res.urn) ||
                (typeof bucket.name === "string" && written?.name === bucket.name);
            return same && writer.props[property] !== undefined
                ? keysNamed(index, writer.props[property], writer, property)
                : [];
        }),
    );
}

export const kmsConnectorKeysUsable: PackPolicy = stackPolicy(
    {
        name: "kms-connector-keys-usable",
        description:
            "Checks that the keys of the stack on the delivery path can be used, as the doctor checks a live account: S3 may encrypt notifications with a connector queue's key, and the Sentinel role a connector assumes may decrypt the queue's messages (through SQS) and the log files (through S3) encrypted with the bucket's default key or the key a writer of the bucket names (a trail's, a GuardDuty export's).",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: `Let the role decrypt in the key policy (kms:Decrypt with kms:ViaService = s3.<region>.amazonaws.com or sqs.<region>.amazonaws.com), and s3.amazonaws.com use a queue key, as the component's key policies do. ${guide("keyDecrypt")}`,
    },
    ({ index }): Outcome => {
        const links = connectorLinks(index).filter((l) => typeof l.roleArn === "string");
        if (links.length === 0 || !index.has(TYPES.key)) {
            return "The stack has no KMS key beside a Sentinel connector.";
        }
        const encryption = settingsByBucket(index, ENCRYPTION_TYPES);
        const findings: Finding[] = [];
        let checked = 0;
        const judged = new Set<string>();
        for (const link of links) {
            const roleArn = link.roleArn as string;
            const docs = link.role ? readable(roleDocuments(index, link.role)) : { policies: [] };
            const identity = typeof docs === "string" ? [] : docs.policies;
            const judge = (key: Res, via: "s3" | "sqs", region: string, bucketArn?: string) => {
                const id = [key.urn, via, bucketArn ?? "", roleArn].join("|");
                if (judged.has(id)) {
                    return;
                }
                judged.add(id);
                checked++;
                const who = label(key.type, key.name);
                const doc = rawDocument(key.props.policy);
                if (doc.kind !== "ok") {
                    if (doc.kind === "unknown") {
                        findings.push(unknownFinding(`The policy of ${who}`, key.urn));
                    }
                    return;
                }
                const facts: KeyFacts = {
                    arn: typeof key.props.arn === "string" ? key.props.arn : who,
                    policy: doc.policy,
                };
                const account = accountOf(roleArn) ?? "";
                const access = evaluateKeyAccess({
                    key: facts,
                    roleArn,
                    partition: partitionOf(roleArn),
                    accountId: account,
                    region,
                    via,
                    identityPolicies: identity,
                });
                const s3 = bucketArn ? evaluateS3QueueKey(facts, bucketArn, account) : undefined;
                for (const f of [access, ...(s3 ? [s3] : [])]) {
                    if (f.status === "fail") {
                        findings.push({
                            message:
                                `${who} must be usable on the path of the files and notifications ${roleArn} reads: ${f.reason} ${f.fix ?? ""}`.trim(),
                            urn: key.urn,
                        });
                    } else if (f.status === "unknown") {
                        findings.push(
                            unknownFinding(`Whether ${who} is usable (${f.reason})`, key.urn),
                        );
                    }
                }
            };
            for (const q of link.queues) {
                const region = typeof q.arn === "string" ? q.arn.split(":")[3] : undefined;
                if (region === undefined) {
                    continue;
                }
                const bucketsFed = feedsOf(index, q.queue, q.arn);
                if (q.queue && q.queue.props.kmsMasterKeyId !== undefined) {
                    for (const key of keysNamed(
                        index,
                        q.queue.props.kmsMasterKeyId,
                        q.queue,
                        "kmsMasterKeyId",
                    )) {
                        const buckets = bucketsFed.flatMap((f) =>
                            f.via === undefined && typeof f.bucket.name === "string"
                                ? [`arn:${partitionOf(q.arn)}:s3:::${f.bucket.name}`]
                                : [],
                        );
                        if (buckets.length === 0) {
                            judge(key, "sqs", region);
                        }
                        buckets.forEach((b) => judge(key, "sqs", region, b));
                    }
                }
                for (const feed of bucketsFed) {
                    for (const setting of feed.bucket.res
                        ? (encryption.byBucket.get(feed.bucket.res.urn) ?? [])
                        : []) {
                        const rules = asArray(setting.props.rules);
                        for (const rule of isUnknown(rules) ? [] : (rules ?? [])) {
                            const keyId = at(
                                rule,
                                "applyServerSideEncryptionByDefault",
                                "kmsMasterKeyId",
                            );
                            const algorithm = at(
                                rule,
                                "applyServerSideEncryptionByDefault",
                                "sseAlgorithm",
                            );
                            if (typeof algorithm === "string" && algorithm.startsWith("aws:kms")) {
                                keysNamed(index, keyId, setting, "rules").forEach((k) =>
                                    judge(k, "s3", region),
                                );
                            }
                        }
                    }
                }
                for (const feed of bucketsFed) {
                    writerKeys(index, feed.bucket).forEach((k) => judge(k, "s3", region));
                }
            }
        }
        return checked > 0 || findings.length > 0
            ? findings
            : "No key of the stack encrypts a connector queue, a notifying bucket or a log writer's files.";
    },
);

export const deliveryAccessPolicies: PackPolicy[] = [
    iamSentinelRoleTrustAdmitsSentinel,
    iamOidcProviderAdmitsSentinel,
    iamSentinelRoleReadsConnectorQueues,
    kmsConnectorKeysUsable,
];
