// The shared shapes of the policy documents the AWS side writes. Pure: each value in a document is
// either a string or, where the component only knows it once the cloud has computed it, an Output
// of one. Called with strings the builders return plain documents (tests and the doctor do); called
// with Outputs they keep each unknown value where it is, so one ARN the cloud assigns at creation
// does not make the rest of the document unknown during a preview.
import * as pulumi from "@pulumi/pulumi";
import { POLICY_VERSION } from "../../shared/connector";

/** A value in a policy document: a string, or an Output of one. */
export type Text = string | pulumi.Output<string>;

/** A principal block of a resource policy. */
export type PolicyPrincipal<T extends Text = string> =
    | "*"
    | {
          readonly AWS?: T | T[];
          readonly Service?: T | T[];
          readonly Federated?: T | T[];
      };

/** The conditions of a statement: operator → condition key → value(s). */
export type PolicyCondition<T extends Text = string> = Readonly<
    Record<string, Readonly<Record<string, T | T[]>>>
>;

/** One statement of an IAM policy document. */
export interface PolicyStatement<T extends Text = string> {
    readonly Sid?: string;
    readonly Effect: "Allow" | "Deny";
    readonly Principal?: PolicyPrincipal<T>;
    readonly NotPrincipal?: PolicyPrincipal<T>;
    readonly Action?: string | string[];
    readonly NotAction?: string | string[];
    readonly Resource?: T | T[];
    readonly NotResource?: T | T[];
    readonly Condition?: PolicyCondition<T>;
}

/** An IAM policy document. */
export interface PolicyDocument<T extends Text = string> {
    readonly Version: typeof POLICY_VERSION;
    readonly Statement: PolicyStatement<T>[];
}

/** Concatenates strings, or Outputs of them into an Output: plain in, plain out. */
export function join<T extends Text>(...parts: (T | string)[]): T {
    return (
        parts.every((p) => typeof p === "string") ? parts.join("") : pulumi.concat(...parts)
    ) as T;
}

/** A document of the statements given (undefined ones left out). */
export function document<T extends Text>(
    statements: Array<PolicyStatement<T | string> | undefined>,
): PolicyDocument<T | string> {
    return {
        Version: POLICY_VERSION,
        Statement: statements.filter((s): s is PolicyStatement<T | string> => s !== undefined),
    };
}

/** A document as a JSON string (an Output when any value in it is one). */
export function documentJson(doc: PolicyDocument<Text>): pulumi.Output<string> {
    return pulumi.jsonStringify(pulumi.output(doc));
}

/** The account root principal ARN. */
export function accountRootArn<T extends Text>(partition: T, accountId: T): T {
    return join<T>("arn:", partition, ":iam::", accountId, ":root");
}

/** Denies every request to the resources that does not use TLS. */
export function denyInsecureTransport<T extends Text>(
    action: string,
    resources: T[],
): PolicyStatement<T | string> {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: action,
        Resource: resources.length === 1 ? resources[0] : resources,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}
