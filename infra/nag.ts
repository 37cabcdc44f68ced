import { Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import type { IConstruct } from "constructs";

/** The rule packs an AWS reviewer runs first; synth fails while any finding is neither fixed nor acknowledged. */
export function addNagChecks(app: IConstruct) {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}

/**
 * Acknowledges findings on one construct (and what it contains), with the reason. Rule ids as cdk-nag
 * prints them (`AwsSolutions-IAM5[Resource::*]`, `Serverless-LambdaDLQ`); the pack prefix is added here.
 */
export function acknowledge(scope: IConstruct, rules: string[], reason: string) {
  for (const rule of rules) {
    const pack = rule.startsWith("Serverless-") ? "Serverless" : "AwsSolutions";
    Validations.of(scope).acknowledge({ id: `${pack}::${rule}`, reason });
  }
}
