// The writers of each connected source (a trail, flow logs, GuardDuty's export, a pipeline), each
// checked by its source's module where AWS reports its delivery state.
import { LOG_TYPE_CATALOG, LogType } from "../../../components/shared/catalog";
import { sourceOf } from "../../../components/sources";
import type { DoctorCheckResult } from "../../../components/sources/types";
import type { AwsFacts } from "./facts";

export { TrailStatus, evaluateTrail } from "../../../components/sources/cloudTrail/doctor";
export { FlowLog, evaluateFlowLog } from "../../../components/sources/vpcFlowLogs/doctor";
export {
    Detector,
    evaluateDestinations,
    evaluateDetector,
} from "../../../components/sources/guardDuty/doctor";

/** The export checks of one log type. */
export async function exportChecks(
    facts: AwsFacts,
    logType: LogType,
): Promise<DoctorCheckResult[]> {
    const doctor = await sourceOf(logType).doctor();
    return doctor.exportChecks(facts, LOG_TYPE_CATALOG[logType].title);
}

/** The keys the connected sources' writers encrypt with beyond the bucket's. */
export async function exportKeys(facts: AwsFacts): Promise<string[]> {
    const logTypes = [...new Set(facts.input.connections.map((c) => c.logType))];
    const keys = await Promise.all(
        logTypes.map(async (t) => (await sourceOf(t).doctor()).exportKeys?.(facts) ?? []),
    );
    return keys.flat();
}
