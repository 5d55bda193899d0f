// Typed stack configuration of the program: two structured keys mirroring the components' args,
// read through the components' own argument descriptions (no second copy of their types).
//
//   sentinel-aws-s3:sentinel  → the workspace (ID, cloud, resource group, name, onboarding, API version)
//   sentinel-aws-s3:aws       → AwsSentinelConnectionArgs without workspaceId/azureCloud
//   sentinel-aws-s3:name      → the components' name
//
// Every problem is reported at once, naming the config key path, before any resource exists.
import type * as pulumi from "@pulumi/pulumi";
import { AwsSentinelConnectionArgs } from "../components/aws/awsSentinelConnectionArgs";
import { AWS_SENTINEL_CONNECTION_FIELDS } from "../components/aws/awsSentinelConnectionFields";
import { validateAwsSentinelConnectionArgs } from "../components/aws/awsSentinelConnectionValidation";
import { SENTINEL_WORKSPACE_FIELDS } from "../components/azure/sentinelAwsS3DataConnectorsFields";
import {
    SentinelWorkspaceArgs,
    validateSentinelWorkspaceArgs,
} from "../components/azure/sentinelAwsS3DataConnectorsValidation";
import { FieldPath, ValidationError, isPlainObject, show } from "../components/shared/fields";
import { checkField, closest, unknownKeyProblem } from "../components/shared/fieldChecks";
import { REGION } from "../components/shared/formats";

/** What the program builds from a stack's configuration. */
export interface ProgramConfig {
    /** The components' name (and so the prefix of every child's name). */
    readonly name: string;
    readonly aws: AwsSentinelConnectionArgs;
    readonly sentinel: SentinelWorkspaceArgs;
}

/** The components' name when the `name` key is not set. */
export const DEFAULT_COMPONENT_NAME = "sentinel";

/** The program's own keys in the project's namespace. */
export const PROGRAM_KEYS = ["name", "sentinel", "aws"] as const;

/** The program's keys that hold objects (structured configuration). */
export const OBJECT_KEYS: readonly string[] = ["sentinel", "aws"];

/** The AWS arguments that sit under `sentinel` (they describe the workspace, not the AWS side). */
const SENTINEL_SIDE = ["workspaceId", "azureCloud"] as const;

/** The `sentinel` object's keys: the workspace-level settings of both components. */
export const SENTINEL_KEYS = [...SENTINEL_SIDE, ...Object.keys(SENTINEL_WORKSPACE_FIELDS)];

/** The `aws` object's keys. */
export const AWS_KEYS = Object.keys(AWS_SENTINEL_CONNECTION_FIELDS).filter(
    (k) => !(SENTINEL_SIDE as readonly string[]).includes(k),
);

/** A stack's configuration as the program receives it: every `namespace:key` → string. */
export type RawConfig = Readonly<Record<string, string>>;

/**
 * Reads and checks the program's configuration. Throws one `ValidationError` listing every problem,
 * each naming its key as `<project>:<key>.<path>`.
 */
export function readStackConfig(config: pulumi.Config, all: RawConfig): ProgramConfig {
    return parseStackConfig(config.name, all);
}

function parse(value: string | undefined): unknown {
    if (value === undefined) {
        return undefined;
    }
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/** `readStackConfig` on the raw configuration (as `pulumi.runtime.allConfig()` returns it). */
export function parseStackConfig(project: string, all: RawConfig): ProgramConfig {
    const key = (k: string) => `${project}:${k}`;
    const problems: string[] = [];
    const setHint = (k: string) =>
        `set it with \`pulumi config set --path '${key(k)}.<key>' <value>\` (see Pulumi.example.yaml)`;

    // The region decides where the bucket lives for good, and a region taken from the environment
    // differs between a laptop and CI, so the stack must say it.
    const region = all["aws:region"];
    if (region === undefined) {
        problems.push(
            "`aws:region` is required: the region of the log bucket, queues and exports (a bucket never moves). Set it with `pulumi config set aws:region <region>`.",
        );
    } else if (!(typeof REGION.test === "object" && REGION.test.test(region))) {
        problems.push(
            `\`aws:region\` must be ${REGION.what} such as "eu-west-1"; got ${show(region)}.`,
        );
    }
    for (const k of Object.keys(all)) {
        const own = k.slice(project.length + 1);
        if (k.startsWith(`${project}:`) && !(PROGRAM_KEYS as readonly string[]).includes(own)) {
            const suggestion = closest(own, PROGRAM_KEYS);
            problems.push(
                `\`${k}\` is not a setting of this program, so it does nothing; ${suggestion ? `did you mean \`${key(suggestion)}\`?` : "remove it (`pulumi config rm`)."}`,
            );
        }
    }

    const name = parse(all[key("name")]) ?? DEFAULT_COMPONENT_NAME;
    const nameValue = typeof name === "number" ? String(name) : name;
    const sentinel = parse(all[key("sentinel")]);
    const aws = parse(all[key("aws")]);
    if (!isPlainObject(sentinel)) {
        problems.push(
            `\`${key("sentinel")}\` is required: an object with workspaceId, resourceGroupName and workspaceName; got ${sentinel === undefined ? "nothing" : show(sentinel)}. ${capitalize(setHint("sentinel"))}.`,
        );
    }
    if (!isPlainObject(aws)) {
        problems.push(
            `\`${key("aws")}\` is required: an object with at least logTypes; got ${aws === undefined ? "nothing" : show(aws)}. ${capitalize(setHint("aws"))}.`,
        );
    }
    const s = isPlainObject(sentinel) ? sentinel : {};
    const a = isPlainObject(aws) ? aws : {};
    for (const k of Object.keys(s).filter((k) => !SENTINEL_KEYS.includes(k))) {
        problems.push(
            AWS_KEYS.includes(k)
                ? `\`${key("sentinel")}.${k}\` belongs under \`${key("aws")}\`; move it there.`
                : unknownKeyProblem(FieldPath.config(key("sentinel")).key(k), SENTINEL_KEYS),
        );
    }
    for (const k of SENTINEL_SIDE.filter((k) => a[k] !== undefined)) {
        problems.push(
            `\`${key("aws")}.${k}\` belongs under \`${key("sentinel")}\`; move it there.`,
        );
    }
    const awsArgs = {
        ...Object.fromEntries(
            Object.entries(a).filter(([k]) => !(SENTINEL_SIDE as readonly string[]).includes(k)),
        ),
        workspaceId: s.workspaceId,
        azureCloud: s.azureCloud,
    } as unknown as AwsSentinelConnectionArgs;
    const sentinelArgs = Object.fromEntries(
        Object.keys(SENTINEL_WORKSPACE_FIELDS)
            .filter((k) => s[k] !== undefined)
            .map((k) => [k, s[k]]),
    ) as unknown as SentinelWorkspaceArgs;
    // The AWS arguments' workspaceId and azureCloud sit under `sentinel`, the rest under `aws`.
    const awsAt = FieldPath.root((first) =>
        (SENTINEL_SIDE as readonly string[]).includes(first)
            ? `${key("sentinel")}.${first}`
            : `${key("aws")}.${first}`,
    );
    problems.push(
        ...(typeof nameValue === "string" && nameValue !== ""
            ? []
            : [`\`${key("name")}\` must be a name such as "sentinel"; got ${show(name)}.`]),
        ...(isPlainObject(sentinel)
            ? validateSentinelWorkspaceArgs(sentinelArgs, {
                  at: FieldPath.config(key("sentinel")),
                  configKey: true,
              })
            : []),
        ...(isPlainObject(aws)
            ? validateAwsSentinelConnectionArgs(String(nameValue), awsArgs, {
                  at: awsAt,
                  configKey: true,
                  nameField: `\`${key("name")}\``,
              })
            : isPlainObject(sentinel)
              ? SENTINEL_SIDE.flatMap((k) =>
                    checkField(awsAt.key(k), AWS_SENTINEL_CONNECTION_FIELDS[k], s[k], {
                        configKey: true,
                    }),
                )
              : []),
    );
    if (problems.length > 0) {
        throw new ValidationError(`The stack configuration of ${project}`, problems);
    }
    return { name: String(nameValue), aws: awsArgs, sentinel: sentinelArgs };
}

function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
