// What the connector's SentinelHealth status codes mean and what fixes them. Microsoft documents
// the causes in "Troubleshoot AWS S3 connector issues" (learn.microsoft.com/azure/sentinel/
// aws-s3-troubleshoot); the codes and their messages are the ones the service writes, as quoted in
// Azure/Azure-Sentinel issues #11980 (S3B40029), #10933 (S3B40011) and #10888 (S3B40012). Any other
// code is shown verbatim with the service's own message.

/** A known status code. */
export interface StatusCodeInfo {
    readonly meaning: string;
    readonly fix: string;
}

export const STATUS_CODES: Readonly<Record<string, StatusCodeInfo>> = {
    S3B40029: {
        meaning:
            "Sentinel could not get a token for the role: AssumeRoleWithWebIdentity was refused (trust policy, session name, audience, OpenID Connect provider or the OIDC_ name prefix)",
        fix: "Make the trust policy admit both exact session names with this workspace ID and Sentinel's audience, and the provider list the audience; the AWS checks above name the part that is wrong.",
    },
    S3B40011: {
        meaning:
            "Sentinel assumed the role but reading the SQS queue was denied: the role policy, the queue policy or key, or (in an opt-in region) version 1 STS tokens",
        fix: "Grant the role the five SQS actions on the queue and kms:Decrypt on its key; in an opt-in region switch the account to version 2 global endpoint tokens.",
    },
    S3B40012: {
        meaning:
            "the connector has no valid credentials for its SQS queue: the queue (or the connector) was deleted and recreated",
        fix: "Replace the connector so it points at the current queue (`pulumi up` replaces it when the queue changes); if only the queue was deleted, recreate it with its policy.",
    },
};

/** A one-sentence explanation of a status code, or the service's message verbatim. */
export function explainStatus(
    code: string | undefined,
    message: string | undefined,
): { reason: string; fix: string } {
    const known = code ? STATUS_CODES[code] : undefined;
    if (known) {
        return { reason: `${code}: ${known.meaning}.`, fix: known.fix };
    }
    return {
        reason: `${code ?? "no status code"}: ${message ?? "no message"}`,
        fix: 'Read the message above and the AWS checks; Microsoft\'s "Troubleshoot AWS S3 connector issues" page lists the causes.',
    };
}
