import { CognitoLogins } from "./auth/cognito-logins";
import type { Deps } from "./core/actor";
import { systemClock } from "./core/clock";
import { requireEnv } from "./env";
import { S3FileStore } from "./files/s3-file-store";
import { SesMailSender } from "./mail/sender";
import { LambdaPdfRenderer } from "./pdf/lambda-renderer";
import { LambdaSheetsWorker } from "./sheets/lambda-worker";
import { createStore } from "./store";
import { createDb } from "./store/client";
import { SfnWorkflowEngine } from "./workflow/sfn-engine";

/** The dependencies as a Lambda builds them from its environment, once per instance. */
export function depsFromEnv(): Deps {
  const db = createDb({ table: requireEnv("TABLE_NAME"), endpoint: process.env.DYNAMODB_ENDPOINT });
  return {
    store: createStore(db),
    clock: systemClock,
    files: new S3FileStore(requireEnv("FILES_BUCKET")),
    // Unset locally (the emulator): only AWS publishes delivery, bounce and complaint events.
    mail: new SesMailSender({}, process.env.SES_CONFIGURATION_SET || undefined),
    // Rendering only ever happens in the quote PDF Lambda: pdf-lib, fontkit and the font stay out of
    // these bundles. Functions that never send quotes have no QUOTE_PDF_FUNCTION; asked, they say so.
    pdf: new LambdaPdfRenderer(process.env.QUOTE_PDF_FUNCTION ?? ""),
    // Imports run in the sheets Lambda (exceljs stays out of these bundles); unset where no function starts them.
    sheets: new LambdaSheetsWorker(process.env.SHEETS_FUNCTION ?? ""),
    // The approval task function itself has no ARN to start executions with (it is in the machine).
    workflows: new SfnWorkflowEngine(process.env.STATE_MACHINE_ARN),
    // Webhook endpoints: https to public addresses only (webhookTargets unset: PUBLIC); secrets sealed under a key kept outside the table.
    config: { publicUrl: requireEnv("PUBLIC_URL"), mailFrom: requireEnv("MAIL_FROM"), webhookSecretKey: process.env.WEBHOOK_SECRET_KEY || undefined },
    // Set on the GraphQL function when the stack has a user pool; unset with an external OIDC issuer.
    logins: process.env.USER_POOL_ID ? new CognitoLogins(process.env.USER_POOL_ID) : undefined,
  };
}
