import type { ApprovalsCheck } from "../core/approval/recovery";

/** Where the sweep's approval metrics go; the alarms in infra/stack.ts read them from here. */
export const APPROVAL_METRICS_NAMESPACE = "SalesApi/Approvals";
export const APPROVAL_METRICS = { untold: "UntoldDecisions", failed: "FailedApprovals", redriven: "RedrivenApprovals" } as const;

/**
 * The sweep's approval counts as one CloudWatch Embedded Metric Format log line: Lambda's log
 * pipeline turns it into metrics, with no SDK call and no extra permission.
 */
export function approvalMetricsLine(check: ApprovalsCheck, at: Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [{ Namespace: APPROVAL_METRICS_NAMESPACE, Dimensions: [[]], Metrics: Object.values(APPROVAL_METRICS).map((Name) => ({ Name, Unit: "Count" })) }],
    },
    [APPROVAL_METRICS.untold]: check.untoldDecisions,
    [APPROVAL_METRICS.failed]: check.failed,
    [APPROVAL_METRICS.redriven]: check.redriven,
  });
}
