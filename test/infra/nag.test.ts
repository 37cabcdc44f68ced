import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCESS_LOG_FIELDS } from "../../infra/api-stage";
import { addNagChecks } from "../../infra/nag";
import { SalesStack } from "../../infra/stack";

// What an AWS reviewer runs first (cdk-nag's AWS Solutions and Serverless packs), and the
// properties behind its findings, on the synthesized templates. Bundling is skipped: the rules
// read the resources, not the code.
const NO_BUNDLING = { "aws:cdk:bundling-stacks": [] };
const env = (region: string) => ({ account: "123456789012", region });

interface Violation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}

/** Synthesizes the app under cdk-nag and lists what its two packs still report, errors and warnings. */
function nagFindings(app: App, outdir: string): string[] {
  addNagChecks(app);
  // Synth throws "Validation failed" on an error; warnings are only in the report.
  try {
    app.synth();
  } catch (error) {
    if (!(error instanceof Error && error.name === "ValidationFailed")) throw error;
  }
  const report = JSON.parse(readFileSync(join(outdir, "validation-report.json"), "utf8")) as {
    pluginReports: { pluginName: string; violations: Violation[] }[];
  };
  return report.pluginReports
    .filter((p) => p.pluginName === "AwsSolutions" || p.pluginName === "Serverless")
    .flatMap((p) => p.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.severity} ${v.ruleName} at ${c.constructPath}`)));
}

let findings: string[];
let template: Template;
let china: Template;

beforeAll(() => {
  // Prepare
  const outdir = mkdtempSync(join(tmpdir(), "nag-"));
  const app = new App({ outdir, context: NO_BUNDLING });
  const stack = new SalesStack(app, "Nag", { env: env("ap-southeast-1") });
  const external = new SalesStack(app, "NagChina", {
    env: env("cn-northwest-1"),
    externalAuth: { issuer: "https://sso.example.cn/oidc", audience: ["sales-web"] },
  });
  new SalesStack(app, "NagAnyAccount"); // as `cdk synth` without an account: ARNs hold tokens
  // Act
  findings = nagFindings(app, outdir);
  template = Template.fromStack(stack);
  china = Template.fromStack(external);
}, 120_000);

const functions = (t: Template) => Object.entries(t.findResources("AWS::Lambda::Function"));
const statements = (t: Template) =>
  Object.values(t.findResources("AWS::IAM::Policy")).flatMap(
    (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Condition?: unknown; Effect: string }[],
  );
const idOf = (t: Template, type: string, startsWith: string) => Object.keys(t.findResources(type)).find((id) => id.startsWith(startsWith))!;

describe("the CDK stack under cdk-nag", () => {
  it("has no finding, error or warning, left unfixed or unacknowledged, with Cognito or an external issuer", () => {
    // Assess
    expect(findings).toEqual([]);
  });

  it("has none either with the operator's address subscribed to the alarms", () => {
    const outdir = mkdtempSync(join(tmpdir(), "nag-"));
    const app = new App({ outdir, context: { ...NO_BUNDLING, alarmEmail: "ops@example.com" } });
    new SalesStack(app, "NagOps", { env: env("ap-southeast-1") });
    expect(nagFindings(app, outdir)).toEqual([]);
  });

  it("logs each API request (id, caller, route, status, latency) but never the path, headers or tokens", () => {
    const stage = Object.values(template.findResources("AWS::ApiGatewayV2::Stage"))[0].Properties;
    const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: "$context.requestId",
      caller: "$context.authorizer.claims.sub",
      routeKey: "$context.routeKey",
      status: "$context.status",
      latencyMs: "$context.responseLatency",
    });
    // Approval and quote links are in the path; the route key keeps only `{link}`.
    for (const value of Object.values(format)) expect(value).not.toMatch(/\$context\.(path|request\.header|authorizer\.error)|\$request/);
    expect(stage.AccessLogSettings.DestinationArn).toEqual({ "Fn::GetAtt": [expect.stringMatching(/^ApiAccessLogs/), "Arn"] });
    expect(Object.keys(ACCESS_LOG_FIELDS)).toContain("ip");
  });

  it("throttles the API stage, 50 requests a second with bursts of 100 unless the context says otherwise", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const app = new App({ context: { ...NO_BUNDLING, apiRateLimit: "20", apiBurstLimit: 40 } });
    Template.fromStack(new SalesStack(app, "Throttled", { env: env("ap-southeast-1") })).hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
    expect(() => new SalesStack(new App({ context: { ...NO_BUNDLING, apiRateLimit: "lots" } }), "Bad", { env: env("ap-southeast-1") })).toThrow(
      /apiRateLimit must be a positive number/,
    );
  });

  it("sends email only as the verified sender, through its identity and the configuration set, never on *", () => {
    const ses = statements(template).filter((s) => [s.Action].flat().some((a) => a.startsWith("ses:")));
    expect(ses.length).toBeGreaterThanOrEqual(5); // GraphQL, approval task, SES events, quote view, sweep
    const setId = idOf(template, "AWS::SES::ConfigurationSet", "MailEvents");
    for (const st of ses) {
      expect(st.Condition).toEqual({ StringEquals: { "ses:FromAddress": "sales-noreply@example.com" } });
      const resources = JSON.stringify(st.Resource);
      expect(st.Resource).not.toBe("*");
      expect(resources).toContain(":identity/sales-noreply@example.com");
      expect(resources).toContain(`:configuration-set/",{"Ref":"${setId}"}`);
    }
  });

  it("sends what asynchronous invocations could not deliver to a dead-letter queue, and alarms on it", () => {
    const queue = idOf(template, "AWS::SQS::Queue", "AsyncFailures");
    const dlq = { TargetArn: { "Fn::GetAtt": [queue, "Arn"] } };
    for (const name of ["EvidenceUploaded", "SesEvents", "PoolSweep"]) {
      const [, fn] = functions(template).find(([id]) => id.startsWith(name))!;
      expect(fn.Properties.DeadLetterConfig, name).toEqual(dlq);
    }
    template.hasResourceProperties("AWS::Scheduler::Schedule", { Target: Match.objectLike({ DeadLetterConfig: { Arn: { "Fn::GetAtt": [queue, "Arn"] } } }) });
    template.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "lambda", RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [queue, "Arn"] } } });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queue, "QueueName"] } }],
      AlarmActions: [{ Ref: Match.stringLikeRegexp("^Alarms") }],
    });
  });

  it("traces every function and the approval state machine with X-Ray, and logs the machine's events without their data (task tokens)", () => {
    for (const [id, fn] of functions(template).filter(([, f]) => f.Properties.Runtime === "nodejs22.x")) {
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: "Active" });
    }
    template.hasResourceProperties("AWS::StepFunctions::StateMachine", {
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: "ALL", IncludeExecutionData: false }),
    });
  });

  it("refuses plain HTTP on every bucket and topic, and keeps the files bucket's access logs", () => {
    const denyInsecure = Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    const buckets = Object.keys(template.findResources("AWS::S3::Bucket"));
    expect(buckets.length).toBe(2);
    for (const bucket of buckets) {
      template.hasResourceProperties("AWS::S3::BucketPolicy", { Bucket: { Ref: bucket }, PolicyDocument: { Statement: Match.arrayWith([denyInsecure]) } });
    }
    for (const topic of Object.keys(template.findResources("AWS::SNS::Topic"))) {
      template.hasResourceProperties("AWS::SNS::TopicPolicy", { Topics: [{ Ref: topic }], PolicyDocument: { Statement: Match.arrayWith([denyInsecure]) } });
    }
    template.hasResourceProperties("AWS::S3::Bucket", {
      VersioningConfiguration: { Status: "Enabled" },
      LoggingConfiguration: { DestinationBucketName: { Ref: idOf(template, "AWS::S3::Bucket", "AccessLogs") }, LogFilePrefix: "files/" },
    });
  });

  it("asks Cognito for strong passwords, offers TOTP MFA, blocks risky sign-ins and invites in Chinese first", () => {
    template.hasResourceProperties("AWS::Cognito::UserPool", {
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
      MfaConfiguration: "OPTIONAL",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
      UserPoolTier: "PLUS",
      UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
      AdminCreateUserConfig: {
        AllowAdminCreateUserOnly: true,
        InviteMessageTemplate: { EmailSubject: Match.stringLikeRegexp("^销售管理系统账号邀请"), EmailMessage: Match.stringLikeRegexp("登录名：\\{username\\}，临时密码：\\{####\\}") },
      },
    });
  });

  it("lets GraphQL create, disable and enable logins in its own user pool only; with an external issuer there is none", () => {
    const pool = idOf(template, "AWS::Cognito::UserPool", "Users");
    const [, graphql] = functions(template).find(([id]) => id.startsWith("Graphql"))!;
    expect(graphql.Properties.Environment.Variables.USER_POOL_ID).toEqual({ Ref: pool });
    const cognito = statements(template).filter((s) => [s.Action].flat().some((a) => a.startsWith("cognito-idp:")));
    expect(cognito).toEqual([
      expect.objectContaining({
        Action: ["cognito-idp:AdminCreateUser", "cognito-idp:AdminDisableUser", "cognito-idp:AdminEnableUser"],
        Resource: { "Fn::GetAtt": [pool, "Arn"] },
      }),
    ]);
    const [, chinaGraphql] = functions(china).find(([id]) => id.startsWith("Graphql"))!;
    expect(chinaGraphql.Properties.Environment.Variables.USER_POOL_ID).toBeUndefined();
    expect(statements(china).some((s) => [s.Action].flat().some((a) => a.startsWith("cognito-idp:")))).toBe(false);
  });
});
