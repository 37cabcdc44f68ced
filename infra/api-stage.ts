import { RemovalPolicy } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { HttpStage, LogGroupLogDestination, type HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";

/**
 * One access log line per request: who called which route, the answer and how long it took. Never
 * the path, headers or query: approval and quote links are credentials and sit in the path (the
 * route key keeps `{link}` as a placeholder), and tokens travel in the Authorization header.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  ip: "$context.identity.sourceIp",
  // The JWT's subject on /graphql; empty on the link pages, whose caller is the link.
  caller: "$context.authorizer.claims.sub",
  routeKey: "$context.routeKey",
  status: "$context.status",
  latencyMs: "$context.responseLatency",
  integrationLatencyMs: "$context.integrationLatency",
  responseLength: "$context.responseLength",
  integrationError: "$context.integrationErrorMessage",
} as const;

/** Steady requests per second and the burst the whole API accepts: `-c apiRateLimit=… -c apiBurstLimit=…`. */
export const DEFAULT_THROTTLE = { rateLimit: 50, burstLimit: 100 };

/**
 * The API's `$default` stage, in place of the one HttpApi creates (it has no access-log or throttle
 * settings): same construct id, so an existing deployment keeps its stage.
 */
export function defaultStage(api: HttpApi, throttle: { rateLimit: number; burstLimit: number }) {
  const logs = new LogGroup(api, "AccessLogs", { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
  return new HttpStage(api, "DefaultStage", {
    httpApi: api,
    stageName: "$default",
    autoDeploy: true,
    throttle,
    accessLogSettings: { destination: new LogGroupLogDestination(logs), format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)) },
  });
}

/** A positive number from the context, else the default. */
export function numberContext(scope: Construct, key: string, fallback: number): number {
  const raw = scope.node.tryGetContext(key) as string | number | undefined;
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`Context value ${key} must be a positive number, got ${String(raw)}`);
  return value;
}
