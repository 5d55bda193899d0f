// One account's exports into the organization's Sentinel hub, deployed as one stack per account
// (with that account's credentials): the management account's organization trail, the GuardDuty
// administrator's exports, or a member's flow logs. The hub's stack gives the destination.
import * as pulumi from "@pulumi/pulumi";
import { LogDestinationArgs, SentinelLogSource, SentinelLogSourceArgs } from "sentinel-aws-s3";

export = async () => {
    const config = new pulumi.Config();
    // `<organization>/sentinel-organization-hub/<stack>`
    const hub = new pulumi.StackReference(config.require("hubStack"));
    // What this account exports: `cloudTrail`, `vpcFlowLogs` and/or `guardDuty`, as
    // SentinelLogSource takes them (checked there, with every problem named at once).
    const exports = config.requireObject<Omit<SentinelLogSourceArgs, "destination">>("exports");

    const source = new SentinelLogSource(pulumi.getStack(), {
        ...exports,
        destination: hub.requireOutput("logDestination") as pulumi.Output<LogDestinationArgs>,
    });
    return {
        trailArn: source.trailArn,
        detectorIds: source.detectorIds,
        flowLogIds: source.flowLogIds,
    };
};
