// The findings pipeline: an EventBridge rule for imported findings, targeting a Firehose stream that
// writes them under the source's folder of the bucket, each with its own role.
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { document, documentJson } from "../../aws/documents/common";
import {
    WRITER_ROLE_PATH,
    createFirehoseRole,
    createFirehoseToS3,
    writerName,
} from "../writers/firehose";
import {
    SECURITY_HUB_ERROR_SEGMENT,
    SECURITY_HUB_EVENT_PATTERN,
    SECURITY_HUB_ROLE_PREFIX,
    SECURITY_HUB_SEGMENT,
} from "./facts";

/** The findings pipeline's Firehose role, named for the organization hub to admit it. */
export function createFindingsRole(
    name: string,
    a: {
        readonly scope: string;
        readonly accountId: pulumi.Input<string>;
        readonly tags: Record<string, string>;
        readonly parent: pulumi.Resource;
    },
): iam.Role {
    return createFirehoseRole(`${name}-securityhub`, {
        roleName: writerName(SECURITY_HUB_ROLE_PREFIX, a.scope),
        ...a,
    });
}

/** What the pipeline gives: the stream's and the rule's ARNs. */
export type PipelineOutputs = {
    readonly deliveryStreamArn: pulumi.Output<string>;
    readonly ruleArn: pulumi.Output<string>;
};

/** Where the pipeline writes and runs. */
export interface PipelineArgs {
    /** Names it: unique per project, stack and component. */
    readonly scope: string;
    readonly bucketArn: pulumi.Input<string>;
    /** The folder in front of `AWSLogs/`. */
    readonly folder: pulumi.Input<string>;
    /** The account whose findings these are (the pipeline's own). */
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** The pipeline's region, when not the provider's. */
    readonly region?: string;
    /** The pipeline's region as the engine knows it. */
    readonly pipelineRegion: pulumi.Input<string>;
    readonly bucketRegion: pulumi.Input<string>;
    /** The Firehose role (`createFirehoseRole`), created before the key policy that may name it. */
    readonly role: iam.Role;
    /** The bucket's key, when the role's own policy must grant it (another account's bucket). */
    readonly bucketKeyArn?: pulumi.Input<string>;
    /** Whether the bucket uses the key, when known only later (a log source's destination). */
    readonly bucketUsesKey?: pulumi.Output<boolean>;
    readonly crossAccount: boolean;
    readonly tags: Record<string, string>;
    readonly parent: pulumi.Resource;
    readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * Creates the pipeline. The Firehose stream writes `<folder>AWSLogs/<account>/SecurityHubFindings/`
 * (Firehose then adds `YYYY/MM/dd/HH/`) and puts failed records beside it, outside the connector's
 * notification.
 */
export function createFindingsPipeline(name: string, a: PipelineArgs): PipelineOutputs {
    const base = `${name}-securityhub`;
    const streamName = writerName(`${name}-securityhub-findings`, a.scope);
    const prefix = pulumi.interpolate`${a.folder}AWSLogs/${a.accountId}/${SECURITY_HUB_SEGMENT}/`;
    const errorPrefix = pulumi.interpolate`${a.folder}AWSLogs/${a.accountId}/${SECURITY_HUB_ERROR_SEGMENT}/!{firehose:error-output-type}/`;
    const firehose = createFirehoseToS3(base, {
        streamName,
        role: a.role,
        bucketArn: a.bucketArn,
        prefix,
        errorPrefix,
        bucketKeyArn: a.bucketKeyArn,
        bucketUsesKey: a.bucketUsesKey,
        bucketRegion: a.bucketRegion,
        crossAccount: a.crossAccount,
        partition: a.partition,
        accountId: a.accountId,
        region: a.region,
        streamRegion: a.pipelineRegion,
        tags: a.tags,
        parent: a.parent,
        dependsOn: a.dependsOn,
    });
    const ruleName = streamName;
    const ruleArn = pulumi.interpolate`arn:${a.partition}:events:${a.pipelineRegion}:${a.accountId}:rule/${ruleName}`;
    // EventBridge user guide, "Cross-service confused deputy prevention": for a rule's target,
    // aws:SourceArn is the rule's ARN, aws:SourceAccount its account.
    const eventsRole = new iam.Role(
        `${base}-events-role`,
        {
            name: writerName("SecurityHubFindingsEvents", a.scope),
            path: WRITER_ROLE_PATH,
            description:
                "Lets EventBridge put imported Security Hub findings into their Firehose stream.",
            assumeRolePolicy: documentJson(
                document([
                    {
                        Effect: "Allow",
                        Principal: { Service: "events.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: {
                            StringEquals: { "aws:SourceAccount": pulumi.output(a.accountId) },
                            ArnEquals: { "aws:SourceArn": ruleArn },
                        },
                    },
                ]),
            ),
            tags: a.tags,
        },
        { parent: a.parent },
    );
    // Firehose developer guide, "Grant your application access to your Firehose resources":
    // PutRecord and PutRecordBatch on the stream.
    const eventsPolicy = new iam.RolePolicy(
        `${base}-events-role-policy`,
        {
            role: eventsRole.name,
            name: "PutFindingsIntoTheStream",
            policy: documentJson(
                document([
                    {
                        Effect: "Allow",
                        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
                        Resource: firehose.streamArn,
                    },
                ]),
            ),
        },
        { parent: a.parent },
    );
    const rule = new cloudwatch.EventRule(
        `${base}-rule`,
        {
            name: ruleName,
            description: "Imported Security Hub findings, for Microsoft Sentinel.",
            eventPattern: JSON.stringify(SECURITY_HUB_EVENT_PATTERN),
            region: a.region,
            tags: a.tags,
        },
        { parent: a.parent },
    );
    // The whole event goes to the stream (no input transformer): the DCR reads its `time` and
    // `detail`.
    new cloudwatch.EventTarget(
        `${base}-target`,
        {
            rule: rule.name,
            arn: firehose.stream.arn,
            roleArn: eventsRole.arn,
            region: a.region,
        },
        { parent: a.parent, dependsOn: [eventsPolicy] },
    );
    return { deliveryStreamArn: firehose.stream.arn, ruleArn: rule.arn.apply((arn) => arn) };
}
