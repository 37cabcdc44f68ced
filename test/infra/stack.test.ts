import { existsSync } from "node:fs";
import { App, Stage } from "aws-cdk-lib";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import type { Asset } from "aws-cdk-lib/aws-s3-assets";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { INDEXES } from "../../functions/store/table";
import { SalesStack } from "../../infra/stack";
import { QUOTE_PAGE_ASSETS } from "../../functions/http/quote-page/assets";

let stack: SalesStack;
let template: Template;
let china: Template;

beforeAll(() => {
  stack = new SalesStack(new App({ context: { corsOrigins: "https://crm.example.com, https://m.crm.example.com/" } }), "Test", { env: { account: "123456789012", region: "ap-southeast-1" } });
  template = Template.fromStack(stack);
  china = Template.fromStack(
    new SalesStack(new App(), "China", {
      env: { account: "123456789012", region: "cn-northwest-1" },
      externalAuth: { issuer: "https://sso.example.cn/oidc", audience: ["sales-web"] },
    }),
  );
}, 120_000);

describe("the CDK stack", () => {
  it("lets browsers call the API and upload evidence from the configured origins only, without credentials, as the local server does", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: {
        AllowOrigins: ["https://crm.example.com", "https://m.crm.example.com"],
        AllowMethods: ["GET", "POST"],
        AllowHeaders: ["authorization", "content-type"],
        AllowCredentials: false,
        MaxAge: 600,
      },
    });
    template.hasResourceProperties("AWS::S3::Bucket", { CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ["https://crm.example.com", "https://m.crm.example.com"] })] } });
    // No origins configured: no browser origin at all, never "*".
    china.hasResourceProperties("AWS::ApiGatewayV2::Api", { CorsConfiguration: Match.absent() });
    expect(JSON.stringify(china.toJSON())).not.toContain('"AllowOrigins":["*"]');
  });

  it("has the table the local runner creates: same keys and indexes, on demand, PITR, deletion protection, TTL on `ttl`", () => {
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true },
      DeletionProtectionEnabled: true,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: Object.entries(INDEXES).map(([name, k]) =>
        Match.objectLike({
          IndexName: name,
          KeySchema: [
            { AttributeName: k.partitionKey, KeyType: "HASH" },
            { AttributeName: k.sortKey, KeyType: "RANGE" },
          ],
        }),
      ),
    });
    template.hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Retain" });
  });

  it("runs the functions on nodejs22.x with the table name and a month of logs", () => {
    const functions = template.findResources("AWS::Lambda::Function", { Properties: { Runtime: "nodejs22.x" } });
    expect(Object.keys(functions).length).toBeGreaterThanOrEqual(3);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.Environment.Variables.TABLE_NAME).toBeDefined();
    }
    template.allResourcesProperties("AWS::Logs::LogGroup", { RetentionInDays: 30 });
  });

  it("renders quote PDFs in their own function, with the font beside it, which GraphQL invokes to send quotes", () => {
    const functions = Object.entries(template.findResources("AWS::Lambda::Function"));
    const pdf = functions.find(([, f]) => f.Properties.Environment?.Variables?.QUOTE_PDF_FONT);
    const graphql = functions.find(([, f]) => f.Properties.Environment?.Variables?.QUOTE_PDF_FUNCTION);
    expect(pdf?.[1].Properties.Environment.Variables.QUOTE_PDF_FONT).toBe("/var/task/NotoSansSC_400Regular.ttf");
    expect(graphql?.[1].Properties.Environment.Variables.QUOTE_PDF_FUNCTION).toEqual({ Ref: pdf?.[0] });
    const statements = Object.values(template.findResources("AWS::IAM::Policy")).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements.some((s) => [s.Action].flat().includes("lambda:InvokeFunction") && JSON.stringify(s.Resource).includes(pdf?.[0] as string))).toBe(true);
  });

  it("puts GraphQL behind an HTTP API with a JWT authorizer on the Cognito user pool", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: Match.objectLike({ Issuer: Match.anyValue(), Audience: Match.anyValue() }),
    });
    const routes = Object.values(template.findResources("AWS::ApiGatewayV2::Route")).filter((r) => String(r.Properties.RouteKey).endsWith("/graphql"));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(["GET /graphql", "POST /graphql"]);
    for (const r of routes) expect(r.Properties.AuthorizationType).toBe("JWT");
  });

  it("trusts an external OIDC issuer instead of Cognito where there is none (China regions)", () => {
    china.resourceCountIs("AWS::Cognito::UserPool", 0);
    china.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      JwtConfiguration: { Issuer: "https://sso.example.cn/oidc", Audience: ["sales-web"] },
    });
  });

  it("keeps evidence in a private bucket whose uploads are confirmed by an S3 event", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: "Enabled" },
    });
    template.hasResourceProperties("Custom::S3BucketNotifications", {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({ Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "evidence/" }] } } }),
          // An import's file starts its dry run in the sheets function.
          Match.objectLike({ Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "import-uploads/" }] } } }),
        ],
      },
    });
  });

  it("runs spreadsheet imports in their own function, 15 minutes at most, failures to the dead-letter queue", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Timeout: 900,
      DeadLetterConfig: Match.objectLike({ TargetArn: Match.anyValue() }),
      Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue(), FILES_BUCKET: Match.anyValue() }) },
    });
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ SHEETS_FUNCTION: Match.anyValue() }) },
    });
  });

  it("wakes the webhook dispatcher from the table's stream for new event jobs only, failures to the dead-letter queue, and retries every minute", () => {
    template.hasResourceProperties("AWS::DynamoDB::Table", { StreamSpecification: { StreamViewType: "KEYS_ONLY" } });
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      StartingPosition: "LATEST",
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ["INSERT"], dynamodb: { Keys: { pk: { S: [{ prefix: "DUE#WEBHOOK_EVENTS#" }] } } } }) }] },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    template.hasResourceProperties("AWS::Scheduler::Schedule", { ScheduleExpression: "rate(1 minute)" });
  });

  it("invokes the pool sweep on an EventBridge Scheduler schedule", () => {
    template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "rate(5 minutes)",
      Target: Match.objectLike({ Arn: Match.anyValue(), RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }) }),
    });
  });

  it("runs approvals on a Standard state machine from the ASL file, with callback waits that time out", () => {
    const machines = template.findResources("AWS::StepFunctions::StateMachine");
    expect(Object.keys(machines)).toHaveLength(1);
    const [machine] = Object.values(machines);
    expect(machine.Properties.StateMachineType).toBe("STANDARD");
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    expect(definition).toContain("arn:aws:states:::lambda:invoke.waitForTaskToken");
    expect(definition).toContain("TimeoutSecondsPath");
    expect(definition).toContain("States.Timeout");
    // CloudFormation fills in the approval function's ARN from the one ASL file.
    expect(machine.Properties.DefinitionSubstitutions.ApprovalFunctionArn).toEqual({ "Fn::GetAtt": [expect.stringMatching(/^ApprovalTask/), "Arn"] });
  });

  it("lets functions answer tasks of that one state machine only (grantTaskResponse), never states:* or on *", () => {
    const statements = Object.values(template.findResources("AWS::IAM::Policy")).flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const taskResponse = statements.filter((st) => [st.Action].flat().includes("states:SendTaskSuccess"));
    expect(taskResponse.length).toBeGreaterThanOrEqual(4); // graphql, approval page, sweep, the approval task itself
    for (const st of taskResponse) expect(st.Resource).toEqual({ Ref: expect.stringMatching(/^Approvals/) });
    for (const st of statements) {
      const actions = [st.Action].flat();
      expect(actions).not.toContain("states:*");
      if (actions.some((a) => a.startsWith("states:"))) expect(st.Resource).not.toBe("*");
    }
  });

  it("serves the approval pages without the JWT authorizer (the link is the credential)", () => {
    const routes = Object.values(template.findResources("AWS::ApiGatewayV2::Route")).map((r) => r.Properties);
    const pages = routes.filter((r) => String(r.RouteKey).includes("/approvals/{link}"));
    expect(pages.map((r) => r.RouteKey).sort()).toEqual(["GET /approvals/{link}", "GET /approvals/{link}/document", "HEAD /approvals/{link}", "POST /approvals/{link}"]);
    for (const r of pages) expect(r.AuthorizationType ?? "NONE").toBe("NONE");
  });

  it("alarms an SNS topic on failed and timed-out approval executions, a failing sweep, untold decisions and approvals left failed", () => {
    const alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm")).map((a) => a.Properties);
    const on = (metricName: string, namespace: string) => alarms.find((a) => a.MetricName === metricName && a.Namespace === namespace);
    for (const [metric, namespace] of [
      ["ExecutionsFailed", "AWS/States"],
      ["ExecutionsTimedOut", "AWS/States"],
      ["Errors", "AWS/Lambda"],
      ["UntoldDecisions", "SalesApi/Approvals"],
      ["FailedApprovals", "SalesApi/Approvals"],
    ]) {
      const alarm = on(metric, namespace);
      expect(alarm, metric).toMatchObject({ Threshold: 1, ComparisonOperator: "GreaterThanOrEqualToThreshold", TreatMissingData: "notBreaching" });
      expect(alarm!.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
    }
    // The state machine's alarms watch this state machine; the backlog must last two sweeps.
    expect(on("ExecutionsFailed", "AWS/States")!.Dimensions).toEqual([{ Name: "StateMachineArn", Value: { Ref: expect.stringMatching(/^Approvals/) } }]);
    expect(on("UntoldDecisions", "SalesApi/Approvals")).toMatchObject({ EvaluationPeriods: 2, DatapointsToAlarm: 2 });
    // The alarms' topic and SES's events topic; nobody's address subscribed to the alarms unless asked.
    template.resourceCountIs("AWS::SNS::Topic", 2);
    template.resourcePropertiesCountIs("AWS::SNS::Subscription", { Protocol: "email" }, 0);
  });

  it("subscribes the operator's address to the alarms when the alarmEmail context value is set", () => {
    const app = new App({ context: { alarmEmail: "ops@example.com" } });
    const withEmail = Template.fromStack(new SalesStack(app, "Ops", { env: { account: "123456789012", region: "ap-southeast-1" } }));
    withEmail.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "ops@example.com" });
  }, 120_000);

  it("publishes SES's delivery, bounce and complaint events of quote emails to a topic whose function marks the send", () => {
    const sets = template.findResources("AWS::SES::ConfigurationSet");
    expect(Object.keys(sets)).toHaveLength(1);
    const [setId] = Object.keys(sets);
    const topics = template.findResources("AWS::SNS::Topic", { Properties: { DisplayName: "SES delivery, bounce and complaint events" } });
    const [topicId] = Object.keys(topics);
    template.hasResourceProperties("AWS::SES::ConfigurationSetEventDestination", {
      ConfigurationSetName: { Ref: setId },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(["delivery", "bounce", "complaint"]),
        SnsDestination: { TopicARN: { Ref: topicId } },
      },
    });
    const functions = Object.entries(template.findResources("AWS::Lambda::Function"));
    const subscription = Object.values(template.findResources("AWS::SNS::Subscription", { Properties: { Protocol: "lambda", TopicArn: { Ref: topicId } } }));
    expect(subscription).toHaveLength(1);
    const handler = functions.find(([id]) => JSON.stringify(subscription[0].Properties.Endpoint).includes(id));
    expect(handler?.[1].Properties.Environment.Variables.TABLE_NAME).toBeDefined();
    // Quote emails are sent with the configuration set (GraphQL sends them); locally it is unset.
    const graphql = functions.find(([, f]) => f.Properties.Environment?.Variables?.QUOTE_PDF_FUNCTION);
    expect(graphql?.[1].Properties.Environment.Variables.SES_CONFIGURATION_SET).toEqual({ Ref: setId });
  });

  it("serves the quote view page, its PDF, heartbeats and answers without the JWT authorizer, with pdf.js and the page's files in its bundle", () => {
    const routes = Object.values(template.findResources("AWS::ApiGatewayV2::Route")).map((r) => r.Properties);
    const view = routes.filter((r) => String(r.RouteKey).includes(" /q/"));
    expect(view.map((r) => r.RouteKey).sort()).toEqual([
      "GET /q/assets/{name}",
      "GET /q/{link}",
      "GET /q/{link}/{action}",
      "HEAD /q/assets/{name}",
      "HEAD /q/{link}",
      "HEAD /q/{link}/{action}",
      "POST /q/{link}/{action}",
    ]);
    for (const r of view) expect(r.AuthorizationType ?? "NONE").toBe("NONE");
    // One function behind all of them, which finds the page's files where the bundle put them.
    expect(new Set(view.map((r) => JSON.stringify(r.Target))).size).toBe(1);
    const fn = stack.node.findChild("QuoteView") as NodejsFunction;
    const code = fn.node.findChild("Code") as Asset;
    const bundle = `${Stage.of(stack)!.outdir}/${code.assetPath}`;
    const functions = Object.values(template.findResources("AWS::Lambda::Function"));
    const dir = functions.map((f) => f.Properties.Environment?.Variables?.QUOTE_PAGE_ASSETS).find(Boolean) as string;
    expect(dir).toMatch(/^\/var\/task\//);
    for (const name of QUOTE_PAGE_ASSETS.map((a) => a.name)) {
      expect(existsSync(`${bundle}/${dir.slice("/var/task/".length)}/${name}`), name).toBe(true);
    }
  });

  it("never grants Scan on the table", () => {
    const policies = template.findResources("AWS::IAM::Policy");
    const actions = Object.values(policies).flatMap((p) =>
      p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()),
    );
    expect(actions).toContain("dynamodb:Query");
    expect(actions).not.toContain("dynamodb:Scan");
    expect(actions.some((a) => a === "dynamodb:*")).toBe(false);
  });
});
