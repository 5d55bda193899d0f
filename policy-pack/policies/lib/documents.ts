// IAM policy documents (identity, trust, bucket, queue and key policies) read into one normal form,
// whether they arrive as JSON strings or objects, with strings or lists, and with unknown values.
import {
    Finding,
    Str,
    UNKNOWN,
    Unknown,
    isRecord,
    isUnknown,
    strList,
    unknownFinding,
} from "./values";
import { SOURCE_ORG_ID_SERVICES } from "../../../components/shared/catalog";

/** The principals a statement names. `"*"` and `{ AWS: "*" }` both set `any`. */
export interface Principals {
    readonly any: boolean;
    readonly aws: readonly Str[];
    readonly service: readonly Str[];
    readonly federated: readonly Str[];
    readonly canonicalUser: readonly Str[];
    /** The principal block (or part of it) is unknown during preview. */
    readonly unknown: boolean;
    /**
     * The whole block, or a whole list in it, is unknown, so it could name anyone. An unknown
     * element of a known list is an ARN the cloud assigns at creation (a role, an account root
     * built from one): a named principal, never `*`.
     */
    readonly opaque: boolean;
}

/** One condition: operator (as written), key and values. */
export interface ConditionEntry {
    readonly operator: string;
    readonly key: string;
    readonly values: readonly Str[];
}

/** One statement in normal form; lists are `UNKNOWN` when unknown during preview. */
export interface Statement {
    readonly index: number;
    readonly sid?: string;
    readonly effect: Str | undefined;
    readonly principal?: Principals;
    readonly notPrincipal?: Principals;
    readonly action?: readonly Str[] | Unknown;
    readonly notAction?: readonly Str[] | Unknown;
    readonly resource?: readonly Str[] | Unknown;
    readonly notResource?: readonly Str[] | Unknown;
    readonly conditions: readonly ConditionEntry[] | Unknown;
}

/** A policy document in normal form. */
export interface PolicyDoc {
    readonly version: Str | undefined;
    readonly statements: readonly Statement[];
    /** How many statements are unknown during preview (and therefore missing from `statements`). */
    readonly unknownStatements: number;
}

/** The result of reading a document. */
export type DocResult =
    | { readonly kind: "absent" }
    | { readonly kind: "unknown" }
    | { readonly kind: "invalid"; readonly reason: string }
    | { readonly kind: "ok"; readonly doc: PolicyDoc };

/** Reads a policy document given as a JSON string or an object. */
export function readDocument(value: unknown): DocResult {
    if (value === undefined || value === null || value === "") {
        return { kind: "absent" };
    }
    if (isUnknown(value)) {
        return { kind: "unknown" };
    }
    let parsed: unknown = value;
    if (typeof value === "string") {
        try {
            parsed = JSON.parse(value);
        } catch (e) {
            return { kind: "invalid", reason: `it is not valid JSON (${(e as Error).message})` };
        }
    }
    if (!isRecord(parsed)) {
        return { kind: "invalid", reason: "it is not a JSON object" };
    }
    const rawStatements = parsed.Statement;
    if (isUnknown(rawStatements)) {
        return { kind: "unknown" };
    }
    const list =
        rawStatements === undefined
            ? []
            : Array.isArray(rawStatements)
              ? rawStatements
              : [rawStatements];
    const statements: Statement[] = [];
    let unknownStatements = 0;
    list.forEach((raw, index) => {
        if (isUnknown(raw)) {
            unknownStatements++;
        } else if (isRecord(raw)) {
            statements.push(readStatement(raw, index));
        }
    });
    const version = parsed.Version;
    return {
        kind: "ok",
        doc: {
            version: typeof version === "string" || isUnknown(version) ? version : undefined,
            statements,
            unknownStatements,
        },
    };
}

function optionalList(value: unknown): readonly Str[] | Unknown | undefined {
    return value === undefined ? undefined : strList(value);
}

function readStatement(raw: Record<string, unknown>, index: number): Statement {
    const effect = raw.Effect;
    return {
        index,
        sid: typeof raw.Sid === "string" && raw.Sid !== "" ? raw.Sid : undefined,
        effect: typeof effect === "string" || isUnknown(effect) ? effect : undefined,
        principal: raw.Principal === undefined ? undefined : readPrincipals(raw.Principal),
        notPrincipal: raw.NotPrincipal === undefined ? undefined : readPrincipals(raw.NotPrincipal),
        action: optionalList(raw.Action),
        notAction: optionalList(raw.NotAction),
        resource: optionalList(raw.Resource),
        notResource: optionalList(raw.NotResource),
        conditions: readConditions(raw.Condition),
    };
}

function readPrincipals(value: unknown): Principals {
    const empty = {
        any: false,
        aws: [],
        service: [],
        federated: [],
        canonicalUser: [],
        unknown: false,
        opaque: false,
    };
    if (isUnknown(value)) {
        return { ...empty, unknown: true, opaque: true };
    }
    if (value === "*") {
        return { ...empty, any: true };
    }
    if (!isRecord(value)) {
        return empty;
    }
    let unknown = false;
    let opaque = false;
    const list = (v: unknown): Str[] => {
        const l = strList(v);
        if (isUnknown(l)) {
            unknown = true;
            opaque = true;
            return [];
        }
        if (l.some(isUnknown)) {
            unknown = true;
        }
        return l;
    };
    const aws = list(value.AWS);
    return {
        any: aws.includes("*"),
        aws,
        service: list(value.Service),
        federated: list(value.Federated),
        canonicalUser: list(value.CanonicalUser),
        unknown,
        opaque,
    };
}

function readConditions(value: unknown): readonly ConditionEntry[] | Unknown {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    if (!isRecord(value)) {
        return [];
    }
    const entries: ConditionEntry[] = [];
    for (const [operator, block] of Object.entries(value)) {
        if (isUnknown(block)) {
            return UNKNOWN;
        }
        if (!isRecord(block)) {
            continue;
        }
        for (const [key, values] of Object.entries(block)) {
            const l = strList(values);
            entries.push({ operator, key, values: isUnknown(l) ? [UNKNOWN] : l });
        }
    }
    return entries;
}

/** A principal block as written, for messages. */
export function principalText(p: Principals | undefined): string {
    if (p === undefined) {
        return "no principal";
    }
    if (p.any) {
        return '"*"';
    }
    const parts: Array<[string, readonly Str[]]> = [
        ["AWS", p.aws],
        ["Service", p.service],
        ["Federated", p.federated],
        ["CanonicalUser", p.canonicalUser],
    ];
    const block = Object.fromEntries(
        parts
            .filter(([, v]) => v.length > 0)
            .map(([k, v]) => [k, v.map((x) => (typeof x === "string" ? x : "(unknown)"))]),
    );
    return JSON.stringify(block);
}

/** How a statement is named in messages. */
export function statementLabel(s: Statement): string {
    return s.sid !== undefined ? `statement "${s.sid}"` : `statement #${s.index + 1}`;
}

/** True for an Allow statement (case-insensitive, as IAM reads it). */
export function isAllow(s: Statement): boolean {
    return typeof s.effect === "string" && s.effect.toLowerCase() === "allow";
}

/** True for a Deny statement. */
export function isDeny(s: Statement): boolean {
    return typeof s.effect === "string" && s.effect.toLowerCase() === "deny";
}

const globs = new Map<string, RegExp>();

/** Matches an IAM pattern (`*` and `?` wildcards). */
export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
    if (!hasWildcard(pattern)) {
        return caseInsensitive ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
    }
    const key = `${caseInsensitive ? "i" : "s"}${pattern}`;
    let re = globs.get(key);
    if (!re) {
        const escaped = pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".");
        re = new RegExp(`^${escaped}$`, caseInsensitive ? "i" : "");
        globs.set(key, re);
    }
    return re.test(value);
}

/** True when a string holds an IAM wildcard. */
export function hasWildcard(value: string): boolean {
    return value.includes("*") || value.includes("?");
}

/** The known strings of a list. */
export function known(list: readonly Str[] | Unknown | undefined): string[] {
    return list === undefined || isUnknown(list)
        ? []
        : list.filter((v): v is string => typeof v === "string");
}

/** True when a list is unknown or holds an unknown element. */
export function hasUnknown(list: readonly Str[] | Unknown | undefined): boolean {
    return list !== undefined && (isUnknown(list) || list.some(isUnknown));
}

/** True when one of the statement's action patterns covers an action. */
export function allowsAction(s: Statement, action: string): boolean {
    return known(s.action).some((p) => globMatch(p, action, true));
}

/** True for `*` or a service-wide `svc:*` action. */
export function isServiceWideAction(action: string): boolean {
    return action === "*" || /^[a-z0-9-]+:\*$/i.test(action);
}

/** The condition entries on a key (condition keys are case-insensitive). */
export function conditionsOn(s: Statement, key: string): ConditionEntry[] {
    if (isUnknown(s.conditions)) {
        return [];
    }
    return s.conditions.filter((c) => c.key.toLowerCase() === key.toLowerCase());
}

/** The operator without `ForAllValues:`/`ForAnyValue:` and `IfExists`. */
export function baseOperator(operator: string): string {
    return operator.replace(/^For(All|Any)Values?:/i, "").replace(/IfExists$/i, "");
}

/**
 * Condition keys that narrow who can use a grant: source resource or account, organization,
 * network, caller identity. A statement open to `*` is public unless one of them binds it.
 */
export const RESTRICTING_CONDITION_KEYS: readonly string[] = [
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceIp",
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:userid",
    "aws:username",
    "kms:CallerAccount",
    "kms:ViaService",
];

/** Condition keys that bind a service principal to the resource or account acting (confused deputy). */
export const SOURCE_CONDITION_KEYS: readonly string[] = [
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
];

/** Source keys that name an account by themselves. */
const ACCOUNT_SOURCE_KEYS: readonly string[] = ["aws:SourceAccount", "aws:SourceOwner"];

/** Source keys that name an organization (or its paths). */
const ORGANIZATION_SOURCE_KEYS: readonly string[] = ["aws:SourceOrgID", "aws:SourceOrgPaths"];

/**
 * True when the organization keys bind a service statement: every service principal it allows is
 * one shown to send `aws:SourceOrgID` (`SOURCE_ORG_ID_SERVICES`). For the others (a trail, a
 * detector) it would admit every account of the organization as the writer, where their guides bind
 * one trail's or detector's account.
 */
function organizationBinds(s: Statement): boolean {
    const services = known(s.principal?.service);
    return services.length > 0 && services.every((x) => SOURCE_ORG_ID_SERVICES.includes(x));
}

/**
 * True when an ARN condition value binds to one account: its account field is 12 digits, or it is
 * an S3 bucket (or object) ARN without wildcards in the bucket name, which is unique across
 * accounts. `arn:aws:logs:*:*:*` or `arn:aws:cloudtrail:*:*:trail/*` match every account's.
 * Unknown values (a preview) and values that are no ARN are left to the other checks.
 */
export function arnBindsAccount(value: Str): boolean {
    if (isUnknown(value) || !value.startsWith("arn:")) {
        return true;
    }
    const [, , service, , account, ...rest] = value.split(":");
    if (service === "s3" && account === "") {
        const bucket = rest.join(":").split("/")[0];
        return bucket !== "" && !/[*?]/.test(bucket);
    }
    return /^\d{12}$/.test(account ?? "");
}

/**
 * True when a service principal's statement is bound to its source (the confused-deputy
 * conditions): an account key with a value (an organization key, for the writers shown to send it),
 * or `aws:SourceArn` whose every ARN names one account. `extraKeys` adds keys that bind by
 * themselves (`kms:ViaService`, …).
 */
export function sourceBound(s: Statement, extraKeys: readonly string[] = []): boolean {
    const keys = [
        ...ACCOUNT_SOURCE_KEYS,
        ...(organizationBinds(s) ? ORGANIZATION_SOURCE_KEYS : []),
        ...extraKeys,
    ];
    if (hasBindingCondition(s, keys)) {
        return true;
    }
    return conditionsOn(s, "aws:SourceArn").some(
        (c) =>
            c.values.length > 0 &&
            c.values.every((v) => isUnknown(v) || (v !== "" && v !== "*")) &&
            c.values.every(arnBindsAccount),
    );
}

/** True when the statement's conditions are unknown during preview. */
export function conditionsUnknown(s: Statement): boolean {
    return isUnknown(s.conditions);
}

/** True when one of the keys is conditioned on a value other than a bare `*`. */
export function hasBindingCondition(s: Statement, keys: readonly string[]): boolean {
    return keys.some((k) =>
        conditionsOn(s, k).some((c) =>
            c.values.some((v) => isUnknown(v) || (v !== "" && v !== "*")),
        ),
    );
}

/** True when the statement applies to everyone: `"*"` or `{ AWS: "*" }`. */
export function isPublicPrincipal(s: Statement): boolean {
    return s.principal?.any === true || s.notPrincipal !== undefined;
}

/** True when the statement is a TLS-only deny: Deny to everyone on `svc:*` when `aws:SecureTransport` is false. */
export function isTlsDeny(s: Statement, service: string): boolean {
    if (!isDeny(s) || s.principal?.any !== true) {
        return false;
    }
    const actions = known(s.action).map((a) => a.toLowerCase());
    if (!actions.includes("*") && !actions.includes(`${service}:*`)) {
        return false;
    }
    return conditionsOn(s, "aws:SecureTransport").some(
        (c) =>
            baseOperator(c.operator).toLowerCase() === "bool" &&
            c.values.some((v) => typeof v === "string" && v.toLowerCase() === "false"),
    );
}

/** True for the account root principal (`arn:<partition>:iam::<account>:root` or a bare account ID). */
export function isAccountRoot(principal: string): boolean {
    return /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(principal) || /^\d{12}$/.test(principal);
}

/**
 * The findings of statements letting `s3.amazonaws.com` do `action` on a notification destination
 * (a queue or a topic) without both `aws:SourceArn` (the bucket) and `aws:SourceAccount` (its
 * owner), as the S3 user guide's destination policies bind S3; `none` when no statement lets S3 act.
 */
export function s3SenderFindings(
    doc: PolicyDoc,
    who: string,
    action: string,
    none: string,
): Finding[] | string {
    const senders = doc.statements.filter(
        (s) =>
            isAllow(s) &&
            known(s.principal?.service).some((p) => p.toLowerCase() === "s3.amazonaws.com") &&
            allowsAction(s, action),
    );
    if (senders.length === 0) {
        return none;
    }
    return senders.flatMap((s): Finding[] => {
        const at = `${who} ${statementLabel(s)}`;
        if (conditionsUnknown(s)) {
            return [unknownFinding(`The conditions of ${at}`)];
        }
        const missing = ["aws:SourceArn", "aws:SourceAccount"].filter(
            (k) => !hasBindingCondition(s, [k]),
        );
        return missing.length === 0
            ? []
            : [
                  {
                      message: `${at} must condition s3.amazonaws.com's ${action} on ${missing.join(" and ")} (the bucket ARN and its owner account).`,
                  },
              ];
    });
}
