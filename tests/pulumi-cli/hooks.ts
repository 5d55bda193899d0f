// Root hooks of `npm run test:cli`: the timings of the CLI's commands, printed once at the end.
import { reportTimings } from "./cli";

export const mochaHooks = {
    afterAll(): void {
        reportTimings();
    },
};
