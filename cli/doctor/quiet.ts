// The doctor's stdout is its report and its stderr is for input errors only: the notices the cloud
// SDKs print on their own are silenced in the doctor's process (never by the library).

/**
 * The AWS SDK's documented switch for its Node.js version notice (`process.emitWarning` of a
 * `NodeVersionSupportWarning` by @aws-sdk/core on Node.js releases it will drop).
 */
export const AWS_NODE_VERSION_WARNING_SWITCH = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";

/** Turns off the SDKs' own notices in this process, unless the user chose otherwise. */
export function quietCloudSdks(env: NodeJS.ProcessEnv = process.env): void {
    env[AWS_NODE_VERSION_WARNING_SWITCH] ??= "true";
}

/**
 * The AWS clients' logger. The SDK's default drops every message, except that its credential
 * chain then prints its notices (such as both AWS_PROFILE and access keys being set) with
 * `console.warn`; given a logger, it logs them there instead.
 */
export const SILENT_AWS_LOGGER = {
    trace: (): void => undefined,
    debug: (): void => undefined,
    info: (): void => undefined,
    warn: (): void => undefined,
    error: (): void => undefined,
};
