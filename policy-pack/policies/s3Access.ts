// Who may reach a bucket: nobody anonymous, and AWS services only on behalf of a named source.
import { LOG_TYPES, sourceFacts } from "../../components/shared/catalog";
import { documentPolicy, resourcePolicy, withDocument } from "./lib/builders";
import {
    PolicyDoc,
    Statement,
    conditionsUnknown,
    isAllow,
    known,
    readDocument,
    sourceBound,
    statementLabel,
} from "./lib/documents";
import { PackPolicy, TYPES } from "./lib/types";
import { publicStatementFindings } from "./lib/grants";
import { Finding, Unknown, asArray, at, isUnknown, show, unknownFinding } from "./lib/values";

/** Canned ACLs that open a bucket or object to everyone or every AWS user. */
const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];
/** ACL grantee groups that mean everyone or every AWS user. */
const PUBLIC_GRANTEES = /\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;

/** The conditions that bind a service writer, for messages. */
const SOURCE_KEYS_TEXT =
    "aws:SourceAccount or an aws:SourceArn naming the account (aws:SourceOrgID only for writers shown to send it: delivery.logs.amazonaws.com)";

/** Service-principal Allow statements without a source condition (confused deputy). */
export function serviceSourceFindings(
    doc: PolicyDoc,
    who: string,
    bound: (s: Statement) => boolean = (s) => sourceBound(s),
    keysText: string | ((s: Statement) => string) = SOURCE_KEYS_TEXT,
): Finding[] | undefined {
    const services = doc.statements.filter(
        (s) => isAllow(s) && (known(s.principal?.service).length > 0 || s.principal?.opaque),
    );
    if (services.length === 0) {
        return undefined;
    }
    return services.flatMap((s): Finding[] => {
        const at = `${who} ${statementLabel(s)}`;
        if (
            conditionsUnknown(s) ||
            (s.principal?.opaque && known(s.principal.service).length === 0)
        ) {
            return [unknownFinding(`The principal or conditions of ${at}`)];
        }
        if (bound(s)) {
            return [];
        }
        return [
            {
                message: `${at} must condition the service principal ${show(known(s.principal?.service))} on ${typeof keysText === "string" ? keysText : keysText(s)} (the trail, detector, log delivery or bucket acting), so another account cannot use it.`,
            },
        ];
    });
}

/**
 * Writer services whose guide binds them only by the account folder they may write, with no
 * condition key (the registry's `pack.pathBoundWriterServices`: ALB's log delivery).
 */
const PATH_BOUND_SERVICES: readonly string[] = [
    ...new Set(LOG_TYPES.flatMap((t) => sourceFacts(t).pack.pathBoundWriterServices ?? [])),
];

/**
 * True when a bucket-policy statement binds its service principal: by the source conditions, or,
 * for a path-bound writer, by resources that each name one account's folder (`…/AWSLogs/<account>/…`).
 */
function bucketWriterBound(s: Statement): boolean {
    if (sourceBound(s)) {
        return true;
    }
    const services = known(s.principal?.service);
    const resources = isUnknown(s.resource) ? [] : known(s.resource);
    return (
        services.length > 0 &&
        services.every((p) => PATH_BOUND_SERVICES.includes(p)) &&
        resources.length > 0 &&
        resources.every((r) => /\/AWSLogs\/\d{12}\//.test(r))
    );
}

export const s3BucketNoPublicAccess: PackPolicy = resourcePolicy(
    {
        name: "s3-bucket-no-public-access",
        description:
            "Checks that no bucket policy allows a `*` principal without a binding condition and that no bucket or object ACL (canned or grant) opens access to AllUsers or AuthenticatedUsers.",
        enforcementLevel: "mandatory",
        severity: "critical",
        remediationSteps:
            "Remove public-read/public-read-write/authenticated-read ACLs and AllUsers/AuthenticatedUsers grants (use BucketOwnerEnforced ownership), and grant bucket access to named principals or to service principals with source conditions.",
        types: [
            TYPES.bucketPolicy,
            TYPES.bucket,
            TYPES.bucketV2,
            TYPES.acl,
            TYPES.aclV2,
            TYPES.object,
            TYPES.objectV2,
        ],
    },
    ({ props, who }) => {
        const findings: Finding[] = [];
        const doc = readDocument(props.policy);
        findings.push(...withDocument(doc, who, (d) => publicStatementFindings(d, who)));
        const acl = props.acl;
        if (isUnknown(acl)) {
            findings.push(unknownFinding(`The ACL of ${who}`));
        } else if (typeof acl === "string" && PUBLIC_ACLS.includes(acl)) {
            findings.push({
                message: `${who} must not use the canned ACL ${show(acl)}, which opens it to ${acl === "authenticated-read" ? "every AWS account" : "everyone"}.`,
            });
        }
        const grants: Array<unknown[] | Unknown | undefined> = [
            asArray(props.grants),
            asArray(at(props.accessControlPolicy, "grants")),
        ];
        const grantees = grants.flatMap((g): unknown[] =>
            isUnknown(g)
                ? [g]
                : (g ?? []).map((x: unknown) => at(x, "uri") ?? at(x, "grantee", "uri")),
        );
        if (grantees.some(isUnknown)) {
            findings.push(unknownFinding(`The ACL grants of ${who}`));
        }
        for (const uri of grantees.filter(
            (u): u is string => typeof u === "string" && PUBLIC_GRANTEES.test(u),
        )) {
            findings.push({
                message: `${who} must not grant access to the ACL group ${show(uri)}.`,
            });
        }
        if (doc.kind === "absent" && acl === undefined && grantees.length === 0) {
            return "The resource sets no policy, ACL or grant.";
        }
        return findings;
    },
);

export const s3BucketPolicyServiceSourceConditions: PackPolicy = documentPolicy(
    {
        name: "s3-bucket-policy-service-source-conditions",
        description:
            "Checks that bucket-policy statements allowing AWS service principals (cloudtrail.amazonaws.com, delivery.logs.amazonaws.com, guardduty.amazonaws.com, …) are bound to their source: aws:SourceAccount or an aws:SourceArn naming the account; aws:SourceOrgID (an organization hub) only for writers shown to send it (delivery.logs.amazonaws.com), since for the others (a trail, a detector) it admits every account of the organization. A SourceArn pattern with a wildcard account admits every account's trails, deliveries or detectors.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            "Add `aws:SourceArn` (the trail, detector or log-delivery ARN) and/or `aws:SourceAccount` (your account) conditions to every statement that allows a service principal, as the component's bucket policy does: in an organization hub, the organization trail by its owner's trails, GuardDuty by its delegated administrator, and only log delivery by `aws:SourceOrgID`.",
        types: [TYPES.bucketPolicy, TYPES.bucket, TYPES.bucketV2],
        absent: "The resource sets no bucket policy.",
    },
    (doc, r) =>
        serviceSourceFindings(
            doc,
            r.who,
            bucketWriterBound,
            // A writer its guide binds by its account folder alone is told so.
            (s) =>
                known(s.principal?.service).some((p) => PATH_BOUND_SERVICES.includes(p))
                    ? "aws:SourceAccount or an aws:SourceArn naming the account, or (its guide binds it by path only) resources naming each account's folder"
                    : SOURCE_KEYS_TEXT,
        ) ?? "No statement allows an AWS service principal.",
);

export const s3AccessPolicies: PackPolicy[] = [
    s3BucketNoPublicAccess,
    s3BucketPolicyServiceSourceConditions,
];
