import { App } from "aws-cdk-lib";
import { addNagChecks } from "./nag";
import { SalesStack } from "./stack";

const app = new App();
// `-c jwtIssuer=https://… -c jwtAudience=client-id` trusts an existing OIDC provider instead of Cognito.
const issuer = app.node.tryGetContext("jwtIssuer") as string | undefined;
const audience = app.node.tryGetContext("jwtAudience") as string | undefined;
new SalesStack(app, "SalesApi", {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  externalAuth: issuer && audience ? { issuer, audience: audience.split(",") } : undefined,
});
// cdk-nag (AWS Solutions and Serverless): synth fails on any finding neither fixed nor acknowledged.
addNagChecks(app);
app.synth();
