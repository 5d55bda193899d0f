// Renders a value for an error message. Dependency-free, so the policy pack's bundle can carry it.

/** Renders a value for an error message (an Output, whose value is not known yet, by name). */
export function show(value: unknown): string {
    // Pulumi marks its Output instances with this property (what `Output.isInstance` checks).
    if (
        typeof value === "object" &&
        value !== null &&
        (value as { __pulumiOutput?: unknown }).__pulumiOutput === true
    ) {
        return "an Output";
    }
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}
