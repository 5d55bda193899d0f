// The writer statements of the bucket and key policies, from the registry: each source that has a
// writer to admit gives its member, and each writer family builds the statements of all its members
// at once (the `delivery.logs` family's one pair covers every source it writes).
import { ALL_SOURCES, LogWriters, OrganizationWriters } from "../../sources";
import type { AccountBinding, OrganizationBinding, WriterFamily } from "../../sources/types";
import { PolicyStatement, Text } from "./common";

type AnyFamily = WriterFamily<unknown, unknown>;

/** The members of each family, in the order the families first appear in the registry. */
function byFamily(members: Readonly<Record<string, unknown>>): Map<AnyFamily, unknown[]> {
    const families = new Map<AnyFamily, unknown[]>();
    for (const source of ALL_SOURCES) {
        const member = members[source.key];
        if (member === undefined) {
            continue;
        }
        const family = source.writer.family as AnyFamily;
        families.set(family, [...(families.get(family) ?? []), member]);
    }
    return families;
}

/** The bucket statements of a single-account hub's writers. */
export function writerBucketStatements<T extends Text>(
    writers: LogWriters,
    at: AccountBinding<T>,
): PolicyStatement<T | string>[] {
    return [...byFamily(writers)].flatMap(([family, members]) =>
        family.bucketStatements(members, at),
    );
}

/** The key statements of a single-account hub's writers. */
export function writerKeyStatements<T extends Text>(
    writers: LogWriters,
    at: AccountBinding<T>,
): PolicyStatement<T | string>[] {
    return [...byFamily(writers)].flatMap(([family, members]) => family.keyStatements(members, at));
}

/** The bucket statements of an organization hub's writers. */
export function organizationBucketStatements<T extends Text>(
    bucketArn: T,
    partition: T,
    writers: OrganizationWriters,
): PolicyStatement<T | string>[] {
    const { organizationId, ...members } = writers;
    const at: OrganizationBinding<T> = { bucketArn, partition, organizationId };
    return [...byFamily(members)].flatMap(([family, list]) =>
        family.organizationBucketStatements(list, at),
    );
}

/** The key statements of an organization hub's writers. */
export function organizationKeyStatements<T extends Text>(
    partition: T,
    writers: OrganizationWriters,
): PolicyStatement<T | string>[] {
    const { organizationId, ...members } = writers;
    // The key statements name no bucket.
    const at: OrganizationBinding<T> = { bucketArn: "" as T, partition, organizationId };
    return [...byFamily(members)].flatMap(([family, list]) =>
        family.organizationKeyStatements(list, at),
    );
}
