// The S3 key layout of a source, with the defaults for writers that put their files under
// `[<folder>]AWSLogs/<account>/<segment>/` (CloudTrail, VPC flow logs, GuardDuty, the
// `delivery.logs` family, Firehose streams with the package's prefix), or under AWS's
// Hive-compatible `[<folder>]AWSLogs/aws-account-id=<account>/aws-service=<segment>/` for a
// connection that says so. A source whose writer lays its files out otherwise overrides the function
// that differs.
import type {
    ConnectionFacts,
    LayoutContext,
    LayoutFacts,
    LayoutPrefix,
    SourceFacts,
} from "./types";

/**
 * A key prefix or suffix as an S3 notification filter takes it: S3 user guide, "Configuring event
 * notifications using object key name filtering": a space is written "+" and any other special
 * character URL-encoded (percent-encoded); the safe characters of "Object key naming guidelines"
 * (letters, digits, `!-_.*'()`) and the `/` delimiter stay as they are. So a Hive-compatible folder
 * `aws-account-id=123456789012/` is filtered as `aws-account-id%3D123456789012/`, which is also how
 * the event carries the key ("The object key name value is URL encoded", "Event message structure").
 */
export function notificationFilterValue(value: string): string {
    return value.replace(/[^A-Za-z0-9!\-_.*'()/]/g, (ch) =>
        ch === " " ? "+" : encodeURIComponent(ch),
    );
}

/** A notification filter value back as the key prefix it stands for. */
export function notificationFilterKey(value: string): string {
    try {
        return decodeURIComponent(value.replace(/\+/g, " "));
    } catch {
        return value;
    }
}

/** A layout with every function present: the source's own where it has one, the default otherwise. */
export type ResolvedLayout = Required<LayoutFacts>;

/**
 * The folder a source's files are under, in front of `AWSLogs/`: the key prefix, plus in an
 * organization hub the source's own folder (S3 prefixes cannot wildcard the account, so one
 * notification per source across accounts needs a folder per source).
 */
function defaultFolder(this: LayoutFacts, ctx: LayoutContext): string {
    return ctx.organization ? `${ctx.keyPrefix}${this.organizationFolder}` : ctx.keyPrefix;
}

/** The layout of a source, its own functions over the defaults. */
export function layoutOf(source: Pick<SourceFacts, "layout">): ResolvedLayout {
    const own = source.layout;
    const layout: ResolvedLayout = {
        organizationFolder: own.organizationFolder,
        folder: (ctx) => (own.folder ?? defaultFolder).call(own, ctx),
        connectionPrefix: (connection, ctx) =>
            own.connectionPrefix
                ? own.connectionPrefix(connection, ctx)
                : ctx.organization
                  ? `${layout.folder(ctx)}AWSLogs/`
                  : `${layout.folder(ctx)}AWSLogs/${accountFolders(connection, ctx.hubAccountId)}`,
        prefixes: (connection, ctx) =>
            own.prefixes
                ? own.prefixes(connection, ctx)
                : [
                      {
                          id: `sentinel-${queueOf(connection)}`,
                          prefix: notificationFilterValue(layout.connectionPrefix(connection, ctx)),
                          stablePrefix: `${layout.folder(ctx)}AWSLogs/`,
                      } satisfies LayoutPrefix,
                  ],
        readablePattern: (connection, ctx) => {
            if (own.readablePattern) {
                return own.readablePattern(connection, ctx);
            }
            // Every account's folder of this connection only: `AWSLogs/`, any account path, then
            // the connection's segment.
            const prefix = layout.connectionPrefix(connection, ctx);
            return ctx.organization ? `${prefix}${accountFolders(connection, "*")}*` : `${prefix}*`;
        },
        notes: (ctx) => own.notes?.(ctx) ?? [],
    };
    return layout;
}

/**
 * The folders AWS writes a connection's files under after `AWSLogs/`, for one account (or `*`):
 * `<account>/<segment>/`, or Hive-compatible `aws-account-id=<account>/aws-service=<segment>/`
 * (VPC user guide, "Flow log files").
 */
export function accountFolders(connection: ConnectionFacts, account: string): string {
    return connection.hiveCompatible
        ? `aws-account-id=${account}/aws-service=${connection.pathSegment}/`
        : `${account}/${connection.pathSegment}/`;
}

/**
 * The key that names a connection's queue, notification and alarms: its own ID, or the queue it
 * shares with another connection of its source reading the same objects another way.
 */
export function queueOf(connection: Pick<ConnectionFacts, "id" | "queue">): string {
    return connection.queue ?? connection.id;
}

/** The connection of a source with an ID (every source's connections are listed in its facts). */
export function connectionOf(source: SourceFacts, id: string): ConnectionFacts {
    const found = source.connections.find((c) => c.id === id);
    if (found === undefined) {
        throw new Error(`${source.key} has no connection "${id}"`);
    }
    return found;
}
