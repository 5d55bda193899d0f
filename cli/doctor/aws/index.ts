// The AWS half of the doctor: credentials, then per log type the path of its files (writer, bucket,
// notification, queue), then the role Sentinel assumes. Reads only.
import type { DoctorInput } from "../input";
import { Finding, pass, toCheck, unknown } from "../finding";
import type { Check } from "../report";
import { AwsApi, unknownReason } from "./api";
import { deliveryChecks } from "./delivery";
import { exportChecks } from "./exports";
import { AwsFacts } from "./facts";
import { identityChecks } from "./identity";

/** Runs every AWS check, in checklist order. */
export async function runAwsChecks(
    input: DoctorInput,
    options: { workspaceId?: string; now?: Date; api?: AwsApi } = {},
): Promise<Check[]> {
    const api = options.api ?? new AwsApi(input.region);
    const facts = new AwsFacts(input, api, options.workspaceId ?? input.workspaceId, options.now);
    const who = await facts.identity();
    const identity: Finding = who.ok
        ? pass(
              `account ${who.value.Account} as ${who.value.Arn}${who.value.Account !== input.accountId ? `; the role is in account ${input.accountId}, so reads there need a role of that account` : ""}.`,
          )
        : unknown(unknownReason(who));
    // A source's writers are checked once, before its first connection's delivery checks.
    const perConnection = await Promise.all(
        input.connections.map(async (c, i) => [
            ...(input.connections.findIndex((o) => o.logType === c.logType) === i
                ? await exportChecks(facts, c.logType)
                : []),
            ...(await deliveryChecks(facts, c)),
        ]),
    );
    const role = await identityChecks(facts);
    return [
        toCheck("aws", "aws.credentials", "AWS credentials", identity),
        ...[...perConnection.flat(), ...role].map(([id, title, f]) => toCheck("aws", id, title, f)),
    ];
}
