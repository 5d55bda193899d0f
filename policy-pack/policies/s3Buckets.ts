// S3 bucket settings, checked for every bucket the stack creates: public access block, default
// encryption, owner-enforced objects, versioning and a TLS-only policy.
import { stackPolicy, withDocument } from "./lib/builders";
import { eachBucket, items, missing } from "./lib/buckets";
import { globMatch, hasUnknown, isTlsDeny, known, readDocument } from "./lib/documents";
import { bucketName, settingsByBucket } from "./lib/stack";
import { ENCRYPTION_TYPES, PackPolicy, TYPES, VERSIONING_TYPES } from "./lib/types";
import { Finding, at, isUnknown, label, show, unknownFinding } from "./lib/values";

const PAB_FLAGS = [
    "blockPublicAcls",
    "blockPublicPolicy",
    "ignorePublicAcls",
    "restrictPublicBuckets",
] as const;

export const s3BucketPublicAccessBlock: PackPolicy = stackPolicy(
    {
        name: "s3-bucket-public-access-block",
        description:
            "Checks that every bucket the stack creates has a BucketPublicAccessBlock with all four settings true (or the stack sets them account-wide).",
        enforcementLevel: "mandatory",
        severity: "critical",
        remediationSteps:
            "Add an aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
    },
    ({ index }) => {
        const accountWide = index
            .ofType(TYPES.accountPublicAccessBlock)
            .some((a) => PAB_FLAGS.every((f) => a.props[f] === true));
        const settings = settingsByBucket(index, [TYPES.publicAccessBlock]);
        return eachBucket(index, (bucket, who) => {
            const blocks = settings.byBucket.get(bucket.urn) ?? [];
            if (accountWide) {
                return [];
            }
            if (blocks.length === 0) {
                return missing(
                    settings,
                    who,
                    "a BucketPublicAccessBlock with all four settings true",
                );
            }
            return blocks.flatMap((b) =>
                PAB_FLAGS.flatMap((flag): Finding[] => {
                    const v = b.props[flag];
                    if (isUnknown(v)) {
                        return [unknownFinding(`${flag} of ${label(b.type, b.name)}`)];
                    }
                    return v === true
                        ? []
                        : [
                              {
                                  message: `${who} must have ${flag} true in ${label(b.type, b.name)}, not ${show(v ?? "unset")}.`,
                                  urn: b.urn,
                              },
                          ];
                }),
            );
        });
    },
);

const SSE_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

export const s3BucketEncryption: PackPolicy = stackPolicy(
    {
        name: "s3-bucket-encryption",
        description:
            "Checks that every bucket the stack creates declares default encryption (SSE-S3, SSE-KMS or DSSE-KMS).",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            'Add an aws.s3.BucketServerSideEncryptionConfiguration with `sseAlgorithm: "aws:kms"` and a customer-managed key (the component\'s default) or `AES256`.',
    },
    ({ index }) => {
        const settings = settingsByBucket(index, ENCRYPTION_TYPES);
        return eachBucket(index, (bucket, who) => {
            const algorithms = [
                ...(settings.byBucket.get(bucket.urn) ?? []).flatMap((s) =>
                    items(s.props.rules).map((r) =>
                        at(r, "applyServerSideEncryptionByDefault", "sseAlgorithm"),
                    ),
                ),
                at(
                    bucket.props.serverSideEncryptionConfiguration,
                    "rule",
                    "applyServerSideEncryptionByDefault",
                    "sseAlgorithm",
                ),
                ...items(bucket.props.serverSideEncryptionConfigurations).flatMap((c) =>
                    items(at(c, "rules")).map((r) =>
                        at(r, "applyServerSideEncryptionByDefault", "sseAlgorithm"),
                    ),
                ),
            ].filter((a) => a !== undefined);
            if (algorithms.some((a) => typeof a === "string" && SSE_ALGORITHMS.includes(a))) {
                return [];
            }
            if (algorithms.some(isUnknown)) {
                return [unknownFinding(`The default encryption of ${who}`)];
            }
            return algorithms.length === 0
                ? missing(settings, who, "a default encryption configuration (SSE-KMS or SSE-S3)")
                : [
                      {
                          message: `${who} must use the default encryption algorithm aws:kms, aws:kms:dsse or AES256, not ${show(algorithms)}.`,
                      },
                  ];
        });
    },
);

export const s3BucketOwnershipEnforced: PackPolicy = stackPolicy(
    {
        name: "s3-bucket-ownership-enforced",
        description:
            "Checks that every bucket the stack creates has object ownership BucketOwnerEnforced (ACLs disabled).",
        enforcementLevel: "mandatory",
        severity: "medium",
        remediationSteps:
            'Add an aws.s3.BucketOwnershipControls with `rule: { objectOwnership: "BucketOwnerEnforced" }`; grant access with policies, not ACLs.',
    },
    ({ index }) => {
        const settings = settingsByBucket(index, [TYPES.ownership]);
        return eachBucket(index, (bucket, who) => {
            const controls = settings.byBucket.get(bucket.urn) ?? [];
            if (controls.length === 0) {
                return missing(
                    settings,
                    who,
                    "BucketOwnershipControls with objectOwnership BucketOwnerEnforced",
                );
            }
            return controls.flatMap((c): Finding[] => {
                const v = at(c.props.rule, "objectOwnership");
                if (isUnknown(v)) {
                    return [unknownFinding(`The object ownership of ${who}`)];
                }
                return v === "BucketOwnerEnforced"
                    ? []
                    : [
                          {
                              message: `${who} must have objectOwnership "BucketOwnerEnforced", not ${show(v ?? "unset")}.`,
                              urn: c.urn,
                          },
                      ];
            });
        });
    },
);

export const s3BucketVersioning: PackPolicy = stackPolicy(
    {
        name: "s3-bucket-versioning",
        description:
            "Checks that every bucket the stack creates has versioning enabled, so overwritten or deleted log files can be recovered.",
        enforcementLevel: "mandatory",
        severity: "medium",
        remediationSteps:
            'Add an aws.s3.BucketVersioning with `versioningConfiguration: { status: "Enabled" }` and a lifecycle rule expiring noncurrent versions.',
    },
    ({ index }) => {
        const settings = settingsByBucket(index, VERSIONING_TYPES);
        return eachBucket(index, (bucket, who) => {
            const statuses = [
                ...(settings.byBucket.get(bucket.urn) ?? []).map((v) =>
                    at(v.props.versioningConfiguration, "status"),
                ),
                ...[
                    at(bucket.props.versioning, "enabled"),
                    ...items(bucket.props.versionings).map((v) => at(v, "enabled")),
                ]
                    .filter((e) => e !== undefined)
                    .map((e) => (e === true ? "Enabled" : isUnknown(e) ? e : "Disabled")),
            ];
            if (statuses.includes("Enabled")) {
                return [];
            }
            if (statuses.some(isUnknown)) {
                return [unknownFinding(`The versioning status of ${who}`)];
            }
            return statuses.length === 0
                ? missing(settings, who, "versioning enabled")
                : [{ message: `${who} must have versioning "Enabled", not ${show(statuses)}.` }];
        });
    },
);

/** True when a resource pattern covers an ARN, whatever partition either names. */
function covers(patterns: readonly string[], arn: string): boolean {
    const norm = (v: string) => v.replace(/^arn:aws[a-z-]*:/, "arn:aws:");
    return patterns.some((p) => p === "*" || globMatch(norm(p), norm(arn)));
}

export const s3BucketPolicyTlsOnly: PackPolicy = stackPolicy(
    {
        name: "s3-bucket-policy-tls-only",
        description:
            "Checks that every bucket the stack creates has a policy denying everyone `s3:*` on the bucket and its objects when aws:SecureTransport is false.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps:
            'Add to the bucket policy `{ Effect: Deny, Principal: "*", Action: "s3:*", Resource: [<bucket ARN>, <bucket ARN>/*], Condition: { Bool: { "aws:SecureTransport": "false" } } }` (the component\'s bucket policy has it).',
    },
    ({ index }) => {
        const settings = settingsByBucket(index, [TYPES.bucketPolicy]);
        return eachBucket(index, (bucket, who) => {
            const sources = [
                ...(settings.byBucket.get(bucket.urn) ?? []).map((p) => ({
                    where: label(p.type, p.name),
                    doc: readDocument(p.props.policy),
                })),
                { where: `the inline policy of ${who}`, doc: readDocument(bucket.props.policy) },
            ].filter((d) => d.doc.kind !== "absent");
            if (sources.length === 0) {
                return missing(settings, who, "a bucket policy that denies requests without TLS");
            }
            const name = bucketName(bucket);
            let unsure = false;
            let tlsDenies = 0;
            const denied: string[] = [];
            for (const { where, doc } of sources) {
                if (doc.kind !== "ok") {
                    unsure = unsure || doc.kind === "unknown";
                    if (doc.kind === "invalid") {
                        return withDocument(doc, where, () => []);
                    }
                    continue;
                }
                unsure = unsure || doc.doc.unknownStatements > 0;
                for (const s of doc.doc.statements.filter((st) => isTlsDeny(st, "s3"))) {
                    tlsDenies++;
                    denied.push(...known(s.resource));
                    // An unknown resource (an ARN known after creation) may be the one missing.
                    unsure = unsure || hasUnknown(s.resource);
                }
            }
            // The deny may be split over statements, but together they must cover the bucket and its objects.
            if (
                tlsDenies > 0 &&
                (typeof name !== "string" ||
                    (covers(denied, `arn:aws:s3:::${name}`) &&
                        covers(denied, `arn:aws:s3:::${name}/any-object`)))
            ) {
                return [];
            }
            return unsure
                ? [unknownFinding(`The bucket policy of ${who}`)]
                : [
                      {
                          message: `${who} must have a bucket policy statement denying "s3:*" to everyone on the bucket and its objects when "aws:SecureTransport" is "false".`,
                      },
                  ];
        });
    },
);

export const s3BucketPolicies: PackPolicy[] = [
    s3BucketPublicAccessBlock,
    s3BucketEncryption,
    s3BucketOwnershipEnforced,
    s3BucketVersioning,
    s3BucketPolicyTlsOnly,
];
