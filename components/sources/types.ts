// What a log source is: one module that states every fact about one AWS log type once, and
// implements the small interface the shared machinery asks of it. The hub (`AwsSentinelConnection`),
// the log source (`SentinelLogSource`), the Azure component, the policy pack and the doctor iterate
// the registry of modules (`sources/catalog.ts` for the facts, `sources/index.ts` for the
// components) and never name a source. A module that leaves a piece out does not compile.
//
// Two halves: `SourceFacts` is pure data and pure functions with no dependency at all (the policy
// pack bundles it); `SourceModule` adds the writer's statements, the arguments and the component
// and doctor parts.
import type * as pulumi from "@pulumi/pulumi";
import type { AwsFacts } from "../../cli/doctor/aws/facts";
import type { Finding } from "../../cli/doctor/finding";
import type { PolicyStatement, Text } from "../aws/documents/common";
import type { FieldPath, ObjectField, Problems } from "../shared/fields";

/** Arguments as given, before they are known to be well formed. */
export type Raw = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// The Sentinel side
// ---------------------------------------------------------------------------------------------

/** A column of a DCR stream declaration or of a custom table (Azure Monitor column types). */
export interface ColumnFacts {
    readonly name: string;
    readonly type: "string" | "int" | "long" | "real" | "boolean" | "datetime" | "dynamic";
    readonly description?: string;
}

/** One data flow of a data collection rule: input streams, transform, output stream. */
export interface DataFlowFacts {
    readonly streams: readonly string[];
    /** The KQL transform (`source | …`); absent for a pass-through flow. */
    readonly transformKql?: string;
    /**
     * The stream the flow writes; absent where Microsoft's DCR names none (a pass-through flow from
     * a `Microsoft-<Table>` stream writes that table).
     */
    readonly outputStream?: string;
}

/** The data collection rule a CCF source ingests through (the package owns one per source). */
export interface DcrFacts {
    /** Declared input streams (`Custom-…`) and their columns: only fields the files contain. */
    readonly streamDeclarations: Readonly<Record<string, readonly ColumnFacts[]>>;
    readonly dataFlows: readonly DataFlowFacts[];
}

/** A custom (`_CL`) Log Analytics table a CCF source writes, created before its DCR. */
export interface CustomTableFacts {
    readonly name: string;
    readonly columns: readonly ColumnFacts[];
}

/** The Content Hub solution that installs a CCF connector's definition. */
export interface SolutionFacts {
    /** Its name in Sentinel's Content hub. */
    readonly name: string;
    /** Its content package ID (`azuresentinel.<offer>`). */
    readonly packageId: string;
    /**
     * The solution is in Microsoft's repository but not offered in the Content hub yet (Microsoft's
     * Solutions Analyzer marks it "unpublished"): its definition can only be created by the package.
     */
    readonly unpublished?: boolean;
}

/** A classic "Amazon Web Services S3" connection: role, queue, built-in table. */
export interface ClassicSentinel {
    readonly kind: "classic";
}

/** A Codeless Connector Framework connection: the same ARM kind, plus a definition, a DCR and a DCE. */
export interface CcfSentinel {
    readonly kind: "ccf";
    /** `connectorDefinitionName`: the definition the solution installs. */
    readonly definitionName: string;
    /** A short title for a minimal definition the package creates when asked to. */
    readonly definitionTitle: string;
    readonly solution: SolutionFacts;
    /** The connection's SecurityInsights API version in Microsoft's packaged template. */
    readonly apiVersion: string;
    /** `dataFormat`, exactly as Microsoft's template writes it (key casing included). */
    readonly dataFormat: Readonly<Record<string, string | boolean>>;
    readonly dcr: DcrFacts;
    /** Custom tables the DCR writes (none for built-in tables). */
    readonly customTables: readonly CustomTableFacts[];
}

/** How Sentinel reads a source. */
export type SentinelSide = ClassicSentinel | CcfSentinel;

// ---------------------------------------------------------------------------------------------
// Connections and the S3 key layout
// ---------------------------------------------------------------------------------------------

/** One connection of a source: its own queue, notification prefix and destination table. */
export interface ConnectionFacts {
    /**
     * Names the connection's queue (`<name>-<id>-queue`), its notification (`sentinel-<id>`), its
     * alarms and its outputs; a source with one connection uses its own key.
     */
    readonly id: string;
    /** The Log Analytics table the connection writes to. */
    readonly table: string;
    /** The folder AWS writes under `AWSLogs/<account>/`. */
    readonly pathSegment: string;
    /** The key suffix the notification filters on (`""`: none, where the writer adds none). */
    readonly suffix: string;
    /** CCF: the stream the connection names in `dcrConfig.streamName`. */
    readonly streamName?: string;
    /**
     * CCF: the connection's `destinationTable` exactly as Microsoft's template sends it, where that
     * is not `table` (WAF's poller sends `""`: its `SENTINEL_` stream names the table; VPC flow
     * logs' sends `null`).
     */
    readonly connectorTable?: string | null;
    /**
     * How Sentinel reads this connection, where it differs from its source's `sentinel` (a source
     * read by the classic connector or through CCF, depending on its settings). Every CCF reader of
     * one source shares its definition and DCR; only `dataFormat` may differ.
     */
    readonly sentinel?: SentinelSide;
    /**
     * The queue (and notification) this connection shares with another connection of its source
     * that reads the same objects another way: switching between them keeps the queue, so what is
     * waiting in it is read by the new connection. @default the connection's own ID
     */
    readonly queue?: string;
    /**
     * AWS writes the files under Hive-compatible prefixes:
     * `AWSLogs/aws-account-id=<account>/aws-service=<segment>/…` (VPC user guide, "Flow log files").
     */
    readonly hiveCompatible?: boolean;
    /** A short name of the connection for messages, where its source has several. */
    readonly title?: string;
    /**
     * CCF: properties Microsoft's connection sets beyond the shared ones, copied as they are (the
     * ELB connections' `dataType`).
     */
    readonly properties?: Readonly<Record<string, string>>;
}

/**
 * A bucket of the source's own beside the log bucket, for a writer that needs one (a name AWS
 * prescribes, an encryption or a policy the log bucket cannot share): created with the log bucket's
 * protection and lifecycle, or an existing one, with its own notification, the source's queues and
 * the Sentinel role's read grant. Every connection of the source reads from it.
 */
export interface OwnBucketFacts {
    /** Names the bucket's resources (`<name>-<id>-logs`, `<name>-<id>-notification`). */
    readonly id: string;
    /** The prefix AWS requires of the bucket's name (a created bucket's name gets it). */
    readonly namePrefix?: string;
    /**
     * The bucket's default encryption: the log bucket's (`bucketEncryption`), or SSE-S3 always,
     * where the writer supports no other.
     */
    readonly encryption: "logBucket" | "sseS3";
    /** The bucket's own server access logs go where the log bucket's do (false: the writer forbids them). */
    readonly accessLogs: boolean;
    /** Why the source needs a bucket of its own, for messages and documentation. */
    readonly reason: string;
}

/** The organization a hub connects, as far as key layouts are concerned. */
export interface LayoutOrganization {
    readonly organizationId: string;
    readonly accountIds?: readonly string[];
    readonly controlTower?: boolean;
}

/** Where a layout is asked about. */
export interface LayoutContext {
    /** `""` or `"<prefix>/"`: the hub's key prefix. */
    readonly keyPrefix: string;
    /** The hub's account (a placeholder while only the shape is checked). */
    readonly hubAccountId: string;
    readonly organization?: LayoutOrganization;
    /** An organization hub also creates (or reads) an export of its own account for this source. */
    readonly hubExport?: boolean;
    /** The source's settings on the hub (`logTypes.<key>`), when it is connected. */
    readonly settings?: Raw;
}

/** One notification a connection needs. */
export interface LayoutPrefix {
    /** The notification's ID (`sentinel-<connection>` or `sentinel-<connection>-<account>`). */
    readonly id: string;
    readonly prefix: string;
    /** The part of the prefix that does not depend on the hub's account. */
    readonly stablePrefix: string;
    /** One of a set of per-account prefixes (they count against S3's limit per account). */
    readonly perAccount?: boolean;
}

/**
 * A source's S3 key layout. Each function has a default (`sources/layout.ts`) for writers that put
 * `AWSLogs/<account>/<segment>/` under the folder; a source whose writer differs overrides it.
 */
export interface LayoutFacts {
    /** The folder in front of `AWSLogs/` in an organization hub (`cloudtrail/`). */
    readonly organizationFolder: string;
    /** The folder the source's files are under, in front of `AWSLogs/`. */
    folder?(ctx: LayoutContext): string;
    /** The notifications of one connection. */
    prefixes?(connection: ConnectionFacts, ctx: LayoutContext): LayoutPrefix[];
    /** The key prefix a connection's objects are under (its `objectPrefix` output). */
    connectionPrefix?(connection: ConnectionFacts, ctx: LayoutContext): string;
    /** The object pattern the Sentinel role may read for a connection (an IAM `*` matches `/`). */
    readablePattern?(connection: ConnectionFacts, ctx: LayoutContext): string;
    /** Facts about what reaches the queues, worth a warning. */
    notes?(ctx: LayoutContext): string[];
}

// ---------------------------------------------------------------------------------------------
// Writers: who puts the objects in the bucket, and the grants each guide requires
// ---------------------------------------------------------------------------------------------

/** Where a single-account hub is: the bucket and the writers' own account. */
export interface AccountBinding<T extends Text = string> {
    readonly bucketArn: T;
    readonly partition: T;
    readonly region: T;
    readonly accountId: T;
    /** `""` or `"<prefix>/"`. */
    readonly keyPrefix: string;
}

/** Where an organization hub is: the bucket, and the organization its writers belong to. */
export interface OrganizationBinding<T extends Text = string> {
    readonly bucketArn: T;
    readonly partition: T;
    readonly organizationId: string;
}

/**
 * The statements one delivering service (or role) needs in the bucket and key policies, for every
 * source it writes. Shared by the sources it writes for: the `delivery.logs.amazonaws.com` family
 * (flow logs, Route 53 Resolver, Network Firewall, CloudFront) has one builder, keyed by the service.
 */
export interface WriterFamily<Member, OrgMember> {
    /** What the family is, for documentation (`delivery.logs.amazonaws.com`). */
    readonly principal: string;
    bucketStatements<T extends Text>(
        members: readonly Member[],
        at: AccountBinding<T>,
    ): PolicyStatement<T | string>[];
    keyStatements<T extends Text>(
        members: readonly Member[],
        at: AccountBinding<T>,
    ): PolicyStatement<T | string>[];
    organizationBucketStatements<T extends Text>(
        members: readonly OrgMember[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[];
    organizationKeyStatements<T extends Text>(
        members: readonly OrgMember[],
        at: OrganizationBinding<T>,
    ): PolicyStatement<T | string>[];
}

/** A source's writer: the family that builds its statements. */
export interface WriterFacts<Member = unknown, OrgMember = unknown> {
    /** The family: sources with the same family share its statements. */
    readonly family: WriterFamily<Member, OrgMember>;
}

// ---------------------------------------------------------------------------------------------
// What the policy pack and the doctor know of a source
// ---------------------------------------------------------------------------------------------

/** One AWS read the doctor makes for a source, with the IAM action that authorizes it. */
export interface DoctorOperationFacts {
    /** The SDK client package suffix, such as `cloudtrail` for `@aws-sdk/client-cloudtrail`. */
    readonly service: string;
    /** The API operation, as the SDK names its command (without `Command`). */
    readonly operation: string;
    /** The IAM action checked for it (Service Authorization Reference). */
    readonly action: string;
    /** What the doctor reads with it. */
    readonly purpose: string;
}

/** What the pack knows of a source beyond its connections. */
export interface PackFacts {
    /** The service principals that write the source's objects (none when a role the package creates does). */
    readonly writerServices: readonly string[];
    /**
     * Writer service principals whose guide binds them only by the account folder the bucket policy
     * lets them write, with no condition key (ALB's log delivery): a statement naming an account in
     * each of its resources binds them.
     */
    readonly pathBoundWriterServices?: readonly string[];
}

/** A source's facts: everything about it that creates no resource. */
export interface SourceFacts<Key extends string = string> {
    /** The key in `logTypes` and in `SentinelLogSource`'s arguments. */
    readonly key: Key;
    /** Human name, for messages and documentation. */
    readonly title: string;
    /** The connections the source can make, in a stable order. */
    readonly connections: readonly ConnectionFacts[];
    readonly layout: LayoutFacts;
    readonly sentinel: SentinelSide;
    readonly pack: PackFacts;
    /**
     * The writer writes only when something happens (findings): hours without a file, or without
     * rows, is no fault.
     */
    readonly eventDriven?: boolean;
    /** The source can be read from AWS Control Tower's log archive bucket. */
    readonly controlTower?: boolean;
    /**
     * Settings of `logTypes.<key>` with which a hub of the placeholder account creates the source's
     * export, for a stack that connects every source (`npm run bench`); `{}` when none is needed.
     */
    readonly exampleSettings?: Readonly<Record<string, unknown>>;
    /** The AWS reads the doctor makes for the source (its auditor policy lists them). */
    readonly doctorOperations?: readonly DoctorOperationFacts[];
    /** The source's files go to a bucket of its own, not the log bucket. */
    readonly ownBucket?: OwnBucketFacts;
}

// ---------------------------------------------------------------------------------------------
// The component parts
// ---------------------------------------------------------------------------------------------

/** The organization an organization hub connects, decided. */
export interface OrganizationPlan {
    readonly organizationId: string;
    readonly accountIds?: readonly string[];
    /** The regions log sources export GuardDuty findings from. */
    readonly regions: readonly string[];
    readonly controlTower: boolean;
    /** The account owning the organization trail, when given (else the management account). */
    readonly trailAccountId?: string;
    /** GuardDuty's delegated administrator, when given. */
    readonly guardDutyAdministratorAccountId?: string;
}

/** What a source's rules see of the hub's arguments. */
export interface HubRuleContext {
    /** Where `logTypes.<key>` sits. */
    readonly at: FieldPath;
    /** Where the hub's arguments sit. */
    readonly root: FieldPath;
    /** The hub's arguments as given. */
    readonly args: Raw;
    /** The hub connects an organization. */
    readonly organization: boolean;
    /** The component writes the bucket policy. */
    readonly managesBucketPolicy: boolean;
}

/** What a source's plan is decided from. */
export interface HubPlanContext {
    readonly componentName: string;
    readonly stack: string;
    /** The subject of messages about Output values that resolve to bad values. */
    readonly subject: string;
    /** Where `logTypes.<key>` sits. */
    readonly at: FieldPath;
    readonly organization: OrganizationPlan | undefined;
    /** `""` or `"<prefix>/"`. */
    readonly keyPrefix: string;
    /** The folder the source writes under, in front of `AWSLogs/`. */
    readonly folder: string;
}

/** The hub's resources a source's exports write into, as the engine knows them. */
export interface HubWiring {
    readonly name: string;
    readonly partition: pulumi.Output<string>;
    readonly region: pulumi.Output<string>;
    readonly accountId: pulumi.Output<string>;
    /** Regions where services sign with a regional service principal. */
    readonly optInRegions: readonly string[];
    /** The folder the source writes under, in front of `AWSLogs/`. */
    readonly folder: string;
    readonly organization: OrganizationPlan | undefined;
    /**
     * In an organization hub, the organization's management account as AWS Organizations gives it
     * (DescribeOrganization, which any account of the organization may call): read when called, and
     * failing the deployment with a message when it cannot be read.
     */
    readonly managementAccountId: (() => pulumi.Output<string>) | undefined;
    readonly tags: Record<string, string>;
    readonly parent: pulumi.Resource;
    /** Options of resources kept when they leave the stack. */
    readonly kept: pulumi.CustomResourceOptions;
    /** ARNs of this account and region. */
    regional(service: string, resource: pulumi.Input<string>): pulumi.Output<string>;
}

/**
 * What exports are wired with, once the bucket policy and keys that admit their writers exist. The
 * bucket is the one the source's files go to: the log bucket, or the source's own.
 */
export interface ExportWiring {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    /** The logs key, when the hub has one. */
    readonly logsKeyArn: pulumi.Output<string> | undefined;
    /** The key of the bucket's default encryption (SSE-KMS), when the hub created one. */
    readonly bucketKeyArn: pulumi.Output<string> | undefined;
    /** What every export waits for: the bucket policy that admits the writer, the key it uses. */
    readonly dependsOn: readonly pulumi.Resource[];
    readonly retainOnDelete: boolean;
}

/**
 * The IDs and ARNs a source's exports give, by name (`trailArn`, a VPC ID, a region): the hub's
 * `logExports` output holds them per source, for the doctor and for programs.
 */
export type ExportOutputs = pulumi.Input<
    Readonly<Record<string, pulumi.Input<string> | undefined>>
>;

/** A source wired into a hub: its writer, known before the policies, and its exports. */
export interface WiredSource<Outputs extends ExportOutputs = ExportOutputs> {
    /** What a single-account hub's bucket and key policies must admit; none when nothing. */
    readonly writer?: unknown;
    /** What an organization hub's policies admit from every account; none when nothing. */
    readonly organizationWriter?: unknown;
    /** Creates the exports, after the bucket policy and keys. */
    exports(wiring: ExportWiring): Outputs;
}

/** A source's part in `AwsSentinelConnection`. */
export interface HubPart<Plan extends object, Outputs extends ExportOutputs = ExportOutputs> {
    /** The description of `logTypes.<key>`: every setting, its default, check and documentation. */
    readonly fields: ObjectField;
    /** The rules tying the source's settings to each other and to the hub's (when connected). */
    rules(settings: Raw, ctx: HubRuleContext): Problems;
    /**
     * The IDs of the connections these settings make (each its own queue, notification and Sentinel
     * connection), from settings already checked. @default the source's connections without a
     * `sentinel` of their own (alternative readers are made only when the settings choose them)
     */
    connections?(settings: Raw): readonly string[];
    /** The rules about the hub's other settings that concern this source (whether connected or not). */
    hubRules?(connected: boolean, ctx: HubRuleContext): Problems;
    /** The hub creates or names an export of its own for this source (its writer is then admitted). */
    createsExport(settings: Raw | undefined, ctx: HubRuleContext): boolean;
    /**
     * The source's part of the hub's plan, decided (`settings` undefined when not connected): an
     * object whose members are this source's alone.
     */
    plan(settings: Raw | undefined, ctx: HubPlanContext): Plan;
    /** A single-account hub admits this source's writer (it creates or names an export). */
    admitsWriter(plan: Plan): boolean;
    /**
     * How the hub binds the writers of log sources for this source (an account, for example), given
     * to them in `logDestination.bindings` so they can check they write as bound.
     */
    destinationBinding?(plan: Plan): Readonly<Record<string, string>> | undefined;
    /** The source needs the hub's customer-managed key even on an SSE-S3 bucket. */
    needsLogsKey?(
        plan: Plan,
        connected: boolean,
        organization: OrganizationPlan | undefined,
    ): boolean;
    /** Wires the source: what must exist before the policies (GuardDuty's detectors), then exports. */
    wire(plan: Plan, hub: HubWiring): WiredSource<Outputs>;
}

/** What a log source's part sees of the destination, once known. */
export interface Destination {
    readonly format: string;
    readonly bucketName: string;
    readonly bucketArn: string;
    readonly accountId: string;
    readonly region: string;
    readonly partition: string;
    readonly keyArn?: string;
    readonly bucketUsesKey: boolean;
    readonly organizationId?: string;
    readonly keyPrefixes: Readonly<Record<string, string | undefined>>;
    readonly cloudTrailAccountIds?: readonly string[];
    readonly guardDutyOptInRegions?: readonly string[];
    readonly bindings?: Readonly<Record<string, Readonly<Record<string, string>>>>;
    /** The bucket of each log type that has one of its own (not the log bucket), by log type. */
    readonly buckets?: Readonly<Record<string, string>>;
}

/** What a log source's exports are wired with. */
export interface LogSourceWiring {
    readonly name: string;
    /** The log source's own account and partition (empty unless the part `needsOwnAccount`). */
    readonly accountId: pulumi.Output<string>;
    readonly partition: pulumi.Output<string>;
    /** The destination, resolved and checked. */
    readonly destination: pulumi.Output<Destination>;
    /** The folder this source writes under in the hub's bucket. */
    readonly folder: pulumi.Output<string>;
    readonly tags: Record<string, string>;
    readonly parent: pulumi.Resource;
    readonly kept: pulumi.CustomResourceOptions;
}

/** A source's part in `SentinelLogSource` (`Settings`: its argument, already checked). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface LogSourcePart<Settings = any> {
    /** The description of the log source's `<key>` argument. */
    readonly fields: ObjectField;
    /** The rules tying the settings together (beyond each field's own check). */
    rules?(settings: Raw, at: FieldPath): Problems;
    /** What the destination must admit for these settings (checked when it is known). */
    destinationProblems?(
        destination: Raw,
        settings: Raw,
        at: FieldPath,
        destinationAt: FieldPath,
    ): Problems;
    /** The exports need the log source's own account and partition (an invoke the others skip). */
    readonly needsOwnAccount?: boolean;
    /** Why these settings need an organization hub in particular, for the message when it is not one. */
    organizationReason?(settings: Raw): string | undefined;
    /** Creates the exports into the hub. */
    create(settings: Settings, wiring: LogSourceWiring): ExportOutputs;
}

/** A log source: its facts and its parts. */
export interface SourceModule<
    Key extends string = string,
    Plan extends object = object,
    Outputs extends ExportOutputs = ExportOutputs,
> extends SourceFacts<Key> {
    readonly writer: WriterFacts;
    /** The defaults of the source's settings, as documented on its fields. */
    readonly defaults?: Readonly<Record<string, unknown>>;
    readonly hub: HubPart<Plan, Outputs>;
    readonly logSource: LogSourcePart;
    /**
     * The source's checks in `sentinel-aws-s3 doctor`, loaded only when the doctor runs (they read
     * AWS through the doctor's SDK clients).
     */
    doctor(): Promise<SourceDoctor>;
}

/** A doctor check's result, as the doctor's checklist shows it: `[id, title, finding]`. */
export type DoctorCheckResult = [id: string, title: string, finding: Finding];

/** What the doctor asks of a source. */
export interface SourceDoctor {
    /** The checks of the source's writer (trail, flow logs, detector, pipeline). */
    exportChecks(facts: AwsFacts, title: string): Promise<DoctorCheckResult[]>;
    /** The keys the source's writer encrypts with beyond the bucket's (the role must decrypt them). */
    exportKeys?(facts: AwsFacts): Promise<string[]>;
}
