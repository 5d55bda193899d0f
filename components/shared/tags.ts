/** Tags every taggable child carries unless the user overrides them. */
export const DEFAULT_TAGS: Readonly<Record<string, string>> = { "managed-by": "sentinel-aws-s3" };

/** The component's tags: the defaults, then the user's. */
export function mergeTags(
    userTags: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
    return { ...DEFAULT_TAGS, ...(userTags ?? {}) };
}
