import { Stack } from "aws-cdk-lib";
import { CfnRoute, type HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import { CfnPolicy, CfnRole } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { flattenCfnReference } from "cdk-nag/lib/utils/flatten-cfn-reference";
import type { IConstruct } from "constructs";
import { acknowledge } from "./nag";

/**
 * The cdk-nag findings this stack keeps on purpose, each on the narrowest construct with its reason.
 * Everything else is fixed in the stack; a new finding fails synth (and test/infra/nag.test.ts).
 */
export function acknowledgeStackFindings(stack: Stack, parts: { api: HttpApi; functions: IFunction[]; deadLetters: IConstruct }) {
  for (const fn of parts.functions) {
    acknowledge(fn, ["AwsSolutions-L1", "Serverless-LambdaLatestVersion"], "nodejs22.x on purpose: the local stack and the tests run Node 22 (ARCHITECTURE, Verified); move both together.");
    // The asynchronously invoked ones (S3 and SNS events, the schedule) have the dead-letter queue.
    if (!(fn.node.defaultChild as { deadLetterConfig?: unknown }).deadLetterConfig) {
      acknowledge(fn, ["Serverless-LambdaDLQ"], "Invoked synchronously only (HTTP API, Step Functions RequestResponse tasks with their Retry/Catch, GraphQL's Invoke): the caller sees and handles the error; no async event can be lost.");
    }
  }
  acknowledge(parts.deadLetters, ["AwsSolutions-SQS3", "Serverless-SQSRedrivePolicy"], "It is the dead-letter queue (of the asynchronously invoked functions, the SES events subscription and the schedule).");

  for (const route of parts.api.node.findAll().filter((c): c is CfnRoute => c instanceof CfnRoute)) {
    const open = (route.authorizationType ?? "NONE") === "NONE";
    if (open && /\{link\}|\/q\/assets\//.test(route.routeKey)) {
      acknowledge(route, ["AwsSolutions-APIG4"], "Approval and quote pages: the unguessable, expiring link in the path is the credential (the recipients have no account); /q/assets are the page's static files.");
    }
  }
  for (const role of stack.node.findAll().filter((c): c is CfnRole => c instanceof CfnRole)) {
    const managed = stack.resolve(role.managedPolicyArns) as unknown[] | undefined;
    for (const arn of (managed ?? []).map(flattenCfnReference)) {
      if (arn.endsWith(":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")) {
        acknowledge(role, [`AwsSolutions-IAM4[Policy::${arn}]`], "Grants only logs:CreateLogGroup, CreateLogStream and PutLogEvents, which every function needs to write its own log group.");
      }
    }
  }
  for (const policy of stack.node.findAll().filter((c): c is CfnPolicy => c instanceof CfnPolicy)) {
    for (const [finding, reason] of wildcardFindings(stack, policy)) acknowledge(policy, [`AwsSolutions-IAM5[${finding}]`], reason);
  }
}

/** Actions that have no resource-level permissions, so only `*` will do (ListStreams: CDK's DynamoEventSource grants it so). */
const RESOURCELESS = /^(dynamodb:ListStreams|xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups))$/;

/** The wildcards granted on purpose; a wildcard matching none stays a finding. */
const WILDCARDS: { finding: RegExp; reason: string; actions?: RegExp }[] = [
  { finding: /^Resource::<Table\w+\.Arn>\/index\/\*$/, reason: "Queries on the table's own indexes (each serves an access pattern; Scan is never granted)." },
  { finding: /^Resource::<Files\w+\.Arn>\/(evidence|quotes|organizations|exports|import-uploads|imports|import-templates)\/\*$/, reason: "Objects under one prefix of the files bucket, whose keys are made per file." },
  { finding: /^Action::s3:(GetObject|GetBucket|List|Abort|PutObject|DeleteObject)\*$/, reason: "CDK's grantRead/grantPut action groups, limited to one prefix of the files bucket." },
  { finding: /^Resource::<\w+\.Arn>:\*$/, reason: "Invoking the function's versions and aliases as well (CDK grantInvoke); one function only." },
  {
    finding: /^Resource::arn:<AWS::Partition>:states:.+:execution:.*"Ref":"Approvals\w+".*:\*$/,
    reason: "DescribeExecution on this state machine's executions, whose names are made per approval request.",
  },
  { finding: /^Resource::\*$/, actions: RESOURCELESS, reason: "X-Ray traces, CloudWatch Logs deliveries and DynamoDB ListStreams (the stream trigger's lookup) have no resource-level permissions." },
];

type Statement = { Effect?: string; Action?: string | string[]; Resource?: unknown };

/** The IAM5 findings of a policy (as cdk-nag computes them) that a WILDCARDS entry explains, with its reason. */
function wildcardFindings(stack: Stack, policy: CfnPolicy): Map<string, string> {
  const document = stack.resolve(policy.policyDocument) as { Statement?: Statement[] };
  const explained = new Map<string, string>();
  const unexplained = new Set<string>();
  for (const st of document.Statement ?? []) {
    if (st.Effect !== "Allow") continue;
    const actions = [st.Action ?? []].flat();
    const findings = [
      ...actions.filter((a) => a.includes("*")).map((a) => `Action::${a}`),
      ...[st.Resource ?? []].flat().map(flattenCfnReference).filter((r) => r.includes("*")).map((r) => `Resource::${r}`),
    ];
    for (const finding of findings) {
      const rule = WILDCARDS.find((w) => w.finding.test(finding) && (!w.actions || actions.every((a) => w.actions!.test(a))));
      if (rule) explained.set(finding, rule.reason);
      else unexplained.add(finding);
    }
  }
  // A finding is one per policy: explained in one statement but not in another, it must stay.
  for (const finding of unexplained) explained.delete(finding);
  return explained;
}
