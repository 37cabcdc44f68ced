import { CfnOutput, Duration, type Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type * as sfn from "aws-cdk-lib/aws-stepfunctions";
import { APPROVAL_METRICS, APPROVAL_METRICS_NAMESPACE } from "../functions/workflow/metrics";
import { acknowledge } from "./nag";

/**
 * What an operator is paged for (README, "Cloud": what to do for each): approval executions that
 * failed or timed out, the sweep failing, decisions no workflow was told of for two sweeps running,
 * and approvals left failed after the sweep's re-drives. To an SNS topic; with the context value
 * `alarmEmail`, that address is subscribed.
 */
export function salesAlarms(stack: Stack, approvals: sfn.StateMachine, sweep: NodejsFunction, asyncFailures: sqs.Queue) {
  const topic = new sns.Topic(stack, "Alarms", { displayName: "Sales API alarms", enforceSSL: true });
  const email = stack.node.tryGetContext("alarmEmail") as string | undefined;
  if (email) {
    const subscription = topic.addSubscription(new subscriptions.EmailSubscription(email));
    acknowledge(subscription, ["Serverless-SNSRedrivePolicy"], "An email endpoint: SNS retries delivery itself, and a queue of undelivered alarm emails would be read by nobody (the alarms stay visible in CloudWatch).");
  }
  const sweepMetric = (metricName: string) =>
    new cloudwatch.Metric({ namespace: APPROVAL_METRICS_NAMESPACE, metricName, statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(15) });
  const alarms: [string, cloudwatch.IMetric, number, string][] = [
    ["ApprovalExecutionsFailed", approvals.metricFailed({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }), 1, "An approval execution failed: its failure is on the request, and the sweep re-drives it."],
    ["ApprovalExecutionsTimedOut", approvals.metricTimedOut({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }), 1, "An approval execution timed out (the state machine's own limit): the sweep re-drives it."],
    ["SweepErrors", sweep.metricErrors({ period: Duration.minutes(15), statistic: cloudwatch.Stats.SUM }), 1, "The scheduled sweep failed: pool releases, snapshots, resumes and re-drives wait for it."],
    ["ApprovalsFailed", sweepMetric(APPROVAL_METRICS.failed), 1, "Approvals still failed after the sweep: out of attempts, or their re-drive fails."],
    ["AsyncInvocationsFailed", asyncFailures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }), 1, "An S3 or SES event, or a scheduled sweep, failed after its retries: the event is in the AsyncFailures queue."],
  ];
  for (const [id, metric, threshold, description] of alarms) {
    new cloudwatch.Alarm(stack, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    }).addAlarmAction(new SnsAction(topic));
  }
  new cloudwatch.Alarm(stack, "UntoldDecisions", {
    metric: sweepMetric(APPROVAL_METRICS.untold),
    threshold: 1,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: "Decisions recorded that no workflow was told of, through two sweeps: the approvals wait.",
  }).addAlarmAction(new SnsAction(topic));
  new CfnOutput(stack, "AlarmTopic", { value: topic.topicArn });
}
