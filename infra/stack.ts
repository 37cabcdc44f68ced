import { fileURLToPath } from "node:url";
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import { HttpApi, HttpMethod, CorsHttpMethod } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3n from "aws-cdk-lib/aws-s3-notifications";
import * as ses from "aws-cdk-lib/aws-ses";
import * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Architecture, FilterCriteria, FilterRule, Runtime, StartingPosition, Tracing } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { NodejsFunction, type NodejsFunctionProps } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Schedule, ScheduleExpression } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import type { Construct } from "constructs";
import { INDEXES, TABLE_KEYS } from "../functions/store/table";
import { TTL_ATTRIBUTE } from "../functions/store/ttl";
import { dueJobKeyPrefix } from "../functions/store/due-jobs";
import { WEBHOOK_EVENTS_JOB } from "../functions/store/webhook-events";
import { APPROVAL_ASL } from "../functions/workflow/definition";
import { assetSources } from "../functions/http/quote-page/assets";
import { DEFAULT_THROTTLE, defaultStage, numberContext } from "./api-stage";
import { salesAlarms } from "./alarms";
import { acknowledgeStackFindings } from "./findings";
import { acknowledge } from "./nag";
import { sendMailStatement } from "./send-mail";
import { salesUserPool } from "./user-pool";
import { lambdaBundling } from "./bundling";
import { corsPolicy, parseOrigins, uploadCorsPolicy } from "../functions/http/cors";

/** Where the view page's files sit in the QuoteView bundle. */
const QUOTE_PAGE_DIR = "quote-page";

/** A function's bundling that also copies files it reads at run time (a font, the page's assets) beside the bundle. */
const bundlingWithFiles = (copy: (input: string, output: string) => string[]): NodejsFunctionProps["bundling"] =>
  lambdaBundling({ commandHooks: { beforeBundling: () => [], beforeInstall: () => [], afterBundling: copy } });

const handler = (name: string) => fileURLToPath(new URL(`../functions/handlers/${name}.ts`, import.meta.url));

/** What the functions do with the table: item reads and writes and index queries. Never Scan. */
const TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
];

export interface SalesStackProps extends StackProps {
  /**
   * An OpenID Connect issuer to trust instead of a new Cognito user pool: China regions have no
   * Cognito user pools, so deployments there bring their own (Authing, Keycloak, …). Its tokens
   * must carry the user id as `custom:userId` or `sub`.
   */
  externalAuth?: { issuer: string; audience: string[] };
}

export class SalesStack extends Stack {
  constructor(scope: Construct, id: string, props: SalesStackProps = {}) {
    super(scope, id, props);

    // The same keys and indexes the local runner creates (functions/store/table.ts).
    const table = new dynamodb.Table(this, "Table", {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // Outbox and approval link items carry an expiry (epoch seconds); DynamoDB deletes them after it.
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Keys only: the webhook dispatcher wakes on new event jobs and reads them itself.
      stream: dynamodb.StreamViewType.KEYS_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [indexName, keys] of Object.entries(INDEXES)) {
      table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: keys.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: keys.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // No user pool where the stack trusts an external issuer: logins are then managed there.
    const pool = props.externalAuth ? undefined : salesUserPool(this);
    const auth = props.externalAuth ?? pool!;

    // Server access logs of the files bucket (cdk-nag counts a log destination as logged).
    const accessLogs = new s3.Bucket(this, "AccessLogs", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Browsers may call the API and upload evidence from the partner front ends' origins only
    // (`-c corsOrigins=https://crm.example.com,…`); without any, only non-browser clients can.
    const cors = corsPolicy(parseOrigins(this.node.tryGetContext("corsOrigins"), []));
    if (!cors.allowOrigins.length) Annotations.of(this).addInfo("No corsOrigins given: browsers on other origins cannot call the API (-c corsOrigins=https://…).");

    // Evidence files (requirement documents, signed contracts…): private, encrypted, versioned,
    // uploaded by clients with pre-signed PUTs that carry the declared SHA-256.
    const files = new s3.Bucket(this, "Files", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: "files/",
      removalPolicy: RemovalPolicy.RETAIN,
      // Exported workbooks (and the rows behind them) are fetched once within 10 minutes: gone after a day.
      lifecycleRules: [{ prefix: "exports/", expiration: Duration.days(1), noncurrentVersionExpiration: Duration.days(1) }],
      // The same rule the local `/files/…` URLs answer preflights with.
      cors: cors.allowOrigins.length
        ? [uploadCorsPolicy(cors.allowOrigins)].map((p) => ({ allowedMethods: p.allowMethods.map((m) => m as s3.HttpMethods), allowedOrigins: p.allowOrigins, allowedHeaders: p.allowHeaders, maxAge: p.maxAgeSeconds }))
        : undefined,
    });

    const api = new HttpApi(this, "Api", {
      createDefaultStage: false,
      corsPreflight: cors.allowOrigins.length
        ? {
            allowOrigins: cors.allowOrigins,
            allowMethods: cors.allowMethods.map((m) => m as CorsHttpMethod),
            allowHeaders: cors.allowHeaders,
            maxAge: Duration.seconds(cors.maxAgeSeconds),
            allowCredentials: false,
          }
        : undefined,
    });
    defaultStage(api, {
      rateLimit: numberContext(this, "apiRateLimit", DEFAULT_THROTTLE.rateLimit),
      burstLimit: numberContext(this, "apiBurstLimit", DEFAULT_THROTTLE.burstLimit),
    });
    const publicUrl = api.apiEndpoint;
    // What asynchronous invocations (S3 and SNS events, the schedule) could not deliver after their retries.
    const asyncFailures = new sqs.Queue(this, "AsyncFailures", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const mailFrom = (this.node.tryGetContext("mailFrom") as string | undefined) ?? "sales-noreply@example.com";

    const fn = (id: string, name: string, extra: Partial<NodejsFunctionProps> = {}) => {
      const f = new NodejsFunction(this, id, {
        entry: handler(name),
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: 1024,
        timeout: Duration.seconds(29),
        tracing: Tracing.ACTIVE,
        environment: {
          TABLE_NAME: table.tableName,
          FILES_BUCKET: files.bucketName,
          PUBLIC_URL: publicUrl,
          MAIL_FROM: mailFrom,
          NODE_OPTIONS: "--enable-source-maps",
        },
        bundling: lambdaBundling(),
        logGroup: new LogGroup(this, `${id}Logs`, { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
        ...extra,
      });
      table.grant(f, ...TABLE_ACTIONS);
      return f;
    };

    // The approval workflow: one Standard state machine from the ASL file the local runner also runs.
    const approvalTask = fn("ApprovalTask", "approval-task");
    const approvals = new sfn.StateMachine(this, "Approvals", {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(APPROVAL_ASL)),
      definitionSubstitutions: { ApprovalFunctionArn: approvalTask.functionArn },
      // Every event, but never the execution data: the input and output carry task tokens.
      logs: {
        destination: new LogGroup(this, "ApprovalsLogs", { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
      tracingEnabled: true,
    });
    approvalTask.grantInvoke(approvals);
    // Only the task response on this one machine; a separate policy, as the machine already depends on the function.
    new iam.Policy(this, "ApprovalTaskResponse", {
      roles: [approvalTask.role!],
      statements: [new iam.PolicyStatement({ actions: ["states:SendTaskSuccess", "states:SendTaskFailure"], resources: [approvals.stateMachineArn] })],
    });
    // What SES events are published for (delivery, bounce, complaint of quote emails).
    const sesEventsTopic = new sns.Topic(this, "SesEventsTopic", { displayName: "SES delivery, bounce and complaint events", enforceSSL: true });
    const mailEvents = new ses.ConfigurationSet(this, "MailEvents");
    const sendEmail = sendMailStatement(this, mailFrom, mailEvents.configurationSetName);
    approvalTask.addToRolePolicy(sendEmail);

    const graphql = fn("Graphql", "graphql");
    // Signing upload and download URLs needs the rights the URLs grant.
    files.grantPut(graphql, "evidence/*");
    files.grantRead(graphql, "evidence/*");

    // Quotes sent to customers: rendered by their own function (the 10 MB font stays out of the GraphQL
    // bundle and its cold start), archived under quotes/, mailed as raw MIME with the PDF attached.
    const FONT = "NotoSansSC_400Regular.ttf";
    const quotePdf = fn("QuotePdf", "quote-pdf", {
      memorySize: 1769,
      bundling: bundlingWithFiles((input, output) => [`cp "${input}/node_modules/@expo-google-fonts/noto-sans-sc/400Regular/${FONT}" "${output}/${FONT}"`]),
    });
    quotePdf.addEnvironment("QUOTE_PDF_FONT", `/var/task/${FONT}`);
    quotePdf.grantInvoke(graphql);
    graphql.addEnvironment("QUOTE_PDF_FUNCTION", quotePdf.functionName);
    files.grantPut(graphql, "quotes/*");
    files.grantRead(graphql, "quotes/*");
    // The letterhead logo: written by updateOrganization, read into every quote PDF.
    files.grantPut(graphql, "organizations/*");
    files.grantRead(graphql, "organizations/*");
    // SES v2 SendEmail with raw content; both actions, as CDK's own EmailIdentity.grantSendEmail gives.
    graphql.addToRolePolicy(sendMailStatement(this, mailFrom, mailEvents.configurationSetName, ["ses:SendEmail", "ses:SendRawEmail"]));
    // What became of a quote email: SES publishes the configuration set's delivery, bounce and complaint
    // events to a topic; its function marks the send and tells the rep of a bounce (an email: SendEmail).
    mailEvents.addEventDestination("ToTopic", {
      destination: ses.EventDestination.snsTopic(sesEventsTopic),
      events: [ses.EmailSendingEvent.DELIVERY, ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    graphql.addEnvironment("SES_CONFIGURATION_SET", mailEvents.configurationSetName);
    const sesEvents = fn("SesEvents", "ses-events", { deadLetterQueue: asyncFailures });
    sesEvents.addToRolePolicy(sendEmail);
    sesEventsTopic.addSubscription(new subscriptions.LambdaSubscription(sesEvents, { deadLetterQueue: asyncFailures }));

    const evidenceUploaded = fn("EvidenceUploaded", "evidence-uploaded", { deadLetterQueue: asyncFailures });
    files.grantRead(evidenceUploaded, "evidence/*");
    files.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(evidenceUploaded), { prefix: "evidence/" });

    // Spreadsheet imports in their own function (exceljs stays out of the GraphQL bundle), up to 15
    // minutes for a large file: a file arriving under import-uploads/ starts its dry run (S3 event),
    // commitImport starts the commit (an asynchronous invoke, retried, then the dead-letter queue).
    const sheets = fn("Sheets", "sheets", { timeout: Duration.minutes(15), memorySize: 1769, deadLetterQueue: asyncFailures });
    files.grantRead(sheets, "import-uploads/*");
    files.grantRead(sheets, "imports/*");
    files.grantPut(sheets, "imports/*");
    files.grantRead(sheets, "import-templates/*");
    files.grantPut(sheets, "import-templates/*");
    files.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(sheets), { prefix: "import-uploads/" });
    sheets.grantInvoke(graphql);
    graphql.addEnvironment("SHEETS_FUNCTION", sheets.functionName);
    // Signing the upload URL of an import's file, and the links to its error report and the templates.
    files.grantPut(graphql, "import-uploads/*");
    files.grantRead(graphql, "imports/*");
    files.grantRead(graphql, "import-templates/*");
    api.addRoutes({
      path: "/graphql",
      methods: [HttpMethod.POST, HttpMethod.GET],
      integration: new HttpLambdaIntegration("GraphqlIntegration", graphql),
      authorizer: new HttpJwtAuthorizer("Jwt", auth.issuer, { jwtAudience: auth.audience }),
    });

    const approvalPage = fn("ApprovalPage", "approval-page");
    // The link is the credential: no JWT authorizer on the approval pages.
    api.addRoutes({ path: "/approvals/{link}", methods: [HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST], integration: new HttpLambdaIntegration("ApprovalPageIntegration", approvalPage) });
    // The contract draft legal reviews, behind the same link: a redirect to a short-lived download URL.
    api.addRoutes({ path: "/approvals/{link}/document", methods: [HttpMethod.GET], integration: new HttpLambdaIntegration("ApprovalDocumentIntegration", approvalPage) });
    files.grantRead(approvalPage, "evidence/*");

    // The link in a quote email: the view page (the PDF's pages drawn by pdf.js, read tracking, the
    // customer's answer). Its script, style and pdf.js are served by the function itself (no CDN), so
    // they are copied beside the bundle, where QUOTE_PAGE_ASSETS points (the same list the local runner reads).
    const quoteView = fn("QuoteView", "quote-view", {
      bundling: bundlingWithFiles((_input, output) => [
        `mkdir -p "${output}/${QUOTE_PAGE_DIR}"`,
        ...assetSources().map((a) => `cp "${a.path}" "${output}/${QUOTE_PAGE_DIR}/${a.name}"`),
      ]),
    });
    quoteView.addEnvironment("QUOTE_PAGE_ASSETS", `/var/task/${QUOTE_PAGE_DIR}`);
    const quoteViewIntegration = new HttpLambdaIntegration("QuoteViewIntegration", quoteView);
    // The link is the credential: no JWT authorizer. /q/assets/{name} is the page's files.
    api.addRoutes({ path: "/q/{link}", methods: [HttpMethod.GET, HttpMethod.HEAD], integration: quoteViewIntegration });
    api.addRoutes({ path: "/q/{link}/{action}", methods: [HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST], integration: quoteViewIntegration });
    api.addRoutes({ path: "/q/assets/{name}", methods: [HttpMethod.GET, HttpMethod.HEAD], integration: quoteViewIntegration });
    files.grantRead(quoteView, "quotes/*");
    // The owner is emailed from here: the customer's first view, a page read again and again, an acceptance.
    quoteView.addToRolePolicy(sendEmail);

    // An export's one-time link: the workbook once, within 10 minutes. The link is the credential.
    const exportDownload = fn("ExportDownload", "export-download");
    api.addRoutes({ path: "/exports/{link}", methods: [HttpMethod.GET, HttpMethod.HEAD], integration: new HttpLambdaIntegration("ExportDownloadIntegration", exportDownload) });
    files.grantRead(exportDownload, "exports/*");
    // The rows an export hands the sheets worker, and the workbook it writes back (stat'ed here).
    files.grantPut(graphql, "exports/*");
    files.grantRead(graphql, "exports/*");

    const sweep = fn("PoolSweep", "sweep", { timeout: Duration.minutes(5), deadLetterQueue: asyncFailures });
    // The 72-hour reminders of unanswered quotes go out from the sweep.
    sweep.addToRolePolicy(sendEmail);
    // Starting approvals (submit, the scheduled check) and resuming them after a decision.
    for (const f of [graphql, approvalPage, sweep]) {
      f.addEnvironment("STATE_MACHINE_ARN", approvals.stateMachineArn);
      approvals.grantTaskResponse(f);
    }
    approvals.grantStartExecution(graphql);
    approvals.grantStartExecution(sweep);
    // A start refused as ExecutionAlreadyExists is told apart (running, or closed: re-drive) by describing it.
    approvals.grantExecution(graphql, "states:DescribeExecution");
    approvals.grantExecution(sweep, "states:DescribeExecution");
    // The one sweep: pool releases, re-drives, follow-ups and every due job (reminders, SLAs, digests,
    // email retries). Every few minutes so a 2-hour SLA or an 08:30 digest is not a quarter-hour late;
    // a run that overlaps the next is safe (each job is once-only through the outbox and conditional writes).
    new Schedule(this, "PoolSweepSchedule", {
      description: "The one sweep: pool releases, approvals re-driven, every due job (reminders, SLAs, digests) and email retries",
      schedule: ScheduleExpression.rate(Duration.minutes(5)),
      target: new LambdaInvoke(sweep, { retryAttempts: 2, deadLetterQueue: asyncFailures }),
    });

    // Webhooks: delivered by their own function every minute (fan-out of committed events, then due
    // attempts with backoff); endpoints' signing secrets are sealed under a key the table never holds.
    const webhookKey = new secretsmanager.Secret(this, "WebhookSecretKey", {
      description: "Seals webhook endpoints' signing secrets (AES-256-GCM) so the table and its backups hold none in clear",
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledge(webhookKey, ["AwsSolutions-SMG4"], "A sealing key, not a credential anyone presents: rotating it would leave every sealed endpoint secret unreadable; an endpoint's own secret is rotated with rotateWebhookSecret.");
    const webhooks = fn("WebhookDispatch", "webhooks", { timeout: Duration.minutes(2), deadLetterQueue: asyncFailures });
    for (const f of [graphql, webhooks]) f.addEnvironment("WEBHOOK_SECRET_KEY", webhookKey.secretValue.unsafeUnwrap());
    // New events off the table's stream (delivered within seconds of the change), ...
    webhooks.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        retryAttempts: 2,
        onFailure: new SqsDlq(asyncFailures),
        filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual("INSERT"), dynamodb: { Keys: { pk: { S: FilterRule.beginsWith(dueJobKeyPrefix(WEBHOOK_EVENTS_JOB)) } } } })],
      }),
    );
    // ... and every minute the retries that fell due (and anything a failed stream batch left).
    new Schedule(this, "WebhookDispatchSchedule", {
      description: "Webhook deliveries: failed attempts retried with backoff for 24 hours, and any event the stream trigger missed",
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new LambdaInvoke(webhooks, { retryAttempts: 0, deadLetterQueue: asyncFailures }),
    });

    if (pool) {
      // createUser opens the login (and deactivation closes it): these three actions on this pool only.
      graphql.addEnvironment("USER_POOL_ID", pool.userPool.userPoolId);
      pool.userPool.grant(graphql, "cognito-idp:AdminCreateUser", "cognito-idp:AdminDisableUser", "cognito-idp:AdminEnableUser");
    }

    salesAlarms(this, approvals, sweep, asyncFailures);
    acknowledgeStackFindings(this, {
      api,
      functions: [approvalTask, graphql, quotePdf, sesEvents, evidenceUploaded, approvalPage, quoteView, exportDownload, sweep, webhooks, sheets],
      deadLetters: asyncFailures,
    });

    new CfnOutput(this, "GraphqlUrl", { value: `${api.apiEndpoint}/graphql` });
    new CfnOutput(this, "TableName", { value: table.tableName });
    new CfnOutput(this, "FilesBucket", { value: files.bucketName });
    new CfnOutput(this, "ApprovalStateMachine", { value: approvals.stateMachineArn });
  }
}
