// Which accounts of an organization hub write files that no notification sends to Sentinel. An
// organization hub's connection reads a folder that holds every account's (`<folder>AWSLogs/`, or
// Control Tower's `<orgId>/AWSLogs/<orgId>/`): under it each account writes `<account>/<segment>/`,
// and an organization trail `<orgId>/<account>/<segment>/` (CloudTrail user guide, "Finding your
// CloudTrail log files"). With per-account notification prefixes, an account that joined later has
// none: its files arrive and nothing tells Sentinel. Reads only (ListObjectsV2).
import { NOTIFICATION_EVENTS, sourceFacts } from "../../../components/shared/catalog";
import { Finding, fail, pass, unknown } from "../finding";
import type { DoctorConnection } from "../input";
import { Outcome, unknownReason } from "./api";
import type { AwsFacts, BucketNotification } from "./facts";

/** An account's folder of the connection's files. */
export interface AccountFolder {
    readonly account: string;
    /** The folder its files are in (`…/<account>/<segment>/`). */
    readonly folder: string;
}

const ACCOUNT = /^\d{12}$/;
const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;

/** Whether a connection's prefix holds every account's folders (an organization hub's). */
export function organizationWide(prefix: string | undefined): boolean {
    return (
        prefix !== undefined &&
        (/(?:^|\/)AWSLogs\/$/.test(prefix) || /(?:^|\/)AWSLogs\/o-[a-z0-9]{10,32}\/$/.test(prefix))
    );
}

/** Does a notification send a new file at this key to one of these destinations? */
function notifies(n: BucketNotification, key: string, destinations: readonly string[]): boolean {
    return (
        destinations.includes(n.destinationArn) &&
        n.events.some(
            (e) =>
                e === "s3:*" || e === NOTIFICATION_EVENTS[0] || e.startsWith("s3:ObjectCreated:"),
        ) &&
        key.startsWith(n.prefix ?? "") &&
        key.endsWith(n.suffix ?? "")
    );
}

/**
 * The accounts whose files no notification sends to the connection's queue (directly, or through
 * the topics that feed it), from the folders that hold files.
 */
export function evaluateCoverage(args: {
    title: string;
    prefix: string;
    /** The file name ending the connection's notifications filter on (`.gz`). */
    suffix: string;
    folders: readonly AccountFolder[];
    notifications: readonly BucketNotification[];
    /** The queue's ARN, and the topics that deliver to it. */
    destinations: readonly string[];
}): Finding {
    if (args.folders.length === 0) {
        return unknown(`no account has ${args.title} files under ${args.prefix} yet.`);
    }
    const folders = [...args.folders].sort((a, b) => a.account.localeCompare(b.account));
    const silent = folders.filter(
        (f) =>
            !args.notifications.some((n) =>
                notifies(n, `${f.folder}file${args.suffix}`, args.destinations),
            ),
    );
    const accounts = [...new Set(folders.map((f) => f.account))];
    if (silent.length === 0) {
        return pass(
            `every account writing ${args.title} files under ${args.prefix} is notified (${accounts.length}: ${accounts.join(", ")}).`,
        );
    }
    const names = [...new Set(silent.map((f) => f.account))];
    return fail(
        `${names.length} account${names.length === 1 ? "" : "s"} write${names.length === 1 ? "s" : ""} ${args.title} files that no notification sends to the queue, so they never reach Sentinel: ${silent.map((f) => `${f.account} (${f.folder})`).join(", ")}.`,
        `Cover ${names.length === 1 ? "it" : "them"} on the hub and run \`pulumi up\`: add ${names.join(", ")} to \`organization.accountIds\` (for an account's own trail, with \`logTypes.cloudTrail.accountTrails\`), or leave \`accountIds\` out so one prefix covers every account.`,
    );
}

/** Every page of one ListObjectsV2 listing's folders (or, with `maxKeys`, whether it holds a key). */
async function list(
    facts: AwsFacts,
    prefix: string,
): Promise<Outcome<{ folders: string[]; hasKeys: boolean }>> {
    const folders: string[] = [];
    let hasKeys = false;
    let token: string | undefined;
    do {
        const o = await facts.api.call<
            {
                CommonPrefixes?: { Prefix?: string }[];
                KeyCount?: number;
                Contents?: unknown[];
                NextContinuationToken?: string;
            },
            "s3"
        >(
            "s3",
            (m) =>
                new m.ListObjectsV2Command({
                    Bucket: facts.input.bucketName!,
                    Prefix: prefix,
                    Delimiter: "/",
                    ContinuationToken: token,
                }),
        );
        if (!o.ok) {
            return o;
        }
        folders.push(...(o.value.CommonPrefixes ?? []).map((p) => p.Prefix!).filter(Boolean));
        hasKeys ||= (o.value.Contents ?? []).length > 0;
        token = o.value.NextContinuationToken;
    } while (token);
    return { ok: true, value: { folders, hasKeys } };
}

/** The account folders under an organization-wide prefix that hold the segment's files. */
export async function accountFolders(
    facts: AwsFacts,
    prefix: string,
    segment: string,
): Promise<Outcome<AccountFolder[]>> {
    const top = await list(facts, prefix);
    if (!top.ok) {
        return top;
    }
    const name = (folder: string) => folder.slice(0, -1).split("/").pop() ?? "";
    const accounts: string[] = [];
    for (const folder of top.value.folders) {
        if (ACCOUNT.test(name(folder))) {
            accounts.push(folder);
        } else if (ORGANIZATION.test(name(folder))) {
            const inner = await list(facts, folder);
            if (!inner.ok) {
                return inner;
            }
            accounts.push(...inner.value.folders.filter((f) => ACCOUNT.test(name(f))));
        }
    }
    const found: AccountFolder[] = [];
    for (const folder of accounts) {
        const files = await list(facts, `${folder}${segment}/`);
        if (!files.ok) {
            return files;
        }
        if (files.value.folders.length > 0 || files.value.hasKeys) {
            found.push({ account: name(folder), folder: `${folder}${segment}/` });
        }
    }
    return { ok: true, value: found };
}

/** The coverage check of one connection of an organization hub. */
export async function coverageCheck(facts: AwsFacts, c: DoctorConnection): Promise<Finding> {
    const title = sourceFacts(c.logType).title;
    const connection =
        sourceFacts(c.logType).connections.find((x) => x.table === c.destinationTable) ??
        sourceFacts(c.logType).connections[0];
    const prefix = c.objectPrefix!;
    const [folders, notifications, destinations] = await Promise.all([
        accountFolders(facts, prefix, connection.pathSegment),
        facts.bucketNotifications(),
        facts.queueDestinations(c),
    ]);
    if (!folders.ok) {
        return unknown(unknownReason(folders));
    }
    if (!notifications.ok) {
        return unknown(unknownReason(notifications));
    }
    return evaluateCoverage({
        title,
        prefix,
        suffix: connection.suffix,
        folders: folders.value,
        notifications: notifications.value,
        destinations,
    });
}
