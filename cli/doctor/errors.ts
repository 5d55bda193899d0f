// The doctor's "exit 2": input it cannot use, or no credentials to read a cloud with.

/** Bad input or missing credentials; lists every problem, each naming the field and the fix. */
export class DoctorInputError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(
            `doctor cannot run: ${problems.length === 1 ? "one problem" : `${problems.length} problems`}:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
        );
        this.name = "DoctorInputError";
    }
}
