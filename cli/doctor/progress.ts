// A one-line spinner while the calls run, only on a terminal: nothing is written to a pipe or file.

/** The stream the spinner writes to. */
export interface ProgressStream {
    readonly isTTY?: boolean;
    write(text: string): unknown;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** Shows what is being read and how long it has taken; `stop` clears the line. */
export class Progress {
    private timer?: NodeJS.Timeout;
    private frame = 0;
    private calls = 0;
    private readonly started = Date.now();

    constructor(
        private readonly stream: ProgressStream,
        private readonly label: string,
        private readonly intervalMs = 100,
    ) {}

    /** Whether anything is shown at all. */
    get active(): boolean {
        return this.stream.isTTY === true;
    }

    start(): this {
        if (this.active) {
            this.render();
            this.timer = setInterval(() => this.render(), this.intervalMs);
            this.timer.unref();
        }
        return this;
    }

    /** Counts one more call made. */
    tick(): void {
        this.calls += 1;
    }

    private render(): void {
        const seconds = Math.floor((Date.now() - this.started) / 1000);
        this.stream.write(
            `\r\x1b[2K${FRAMES[this.frame++ % FRAMES.length]} ${this.label} (${this.calls} calls, ${seconds} s)`,
        );
    }

    stop(): void {
        if (this.timer) {
            clearInterval(this.timer);
            this.timer = undefined;
        }
        if (this.active) {
            this.stream.write("\r\x1b[2K");
        }
    }
}
