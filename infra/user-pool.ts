import { CfnOutput, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import type { Construct } from "constructs";
import { acknowledge } from "./nag";

/**
 * The Cognito user pool people sign in with. Logins are created by `createUser` (AdminCreateUser:
 * Cognito mails the invitation with a temporary password), never by self sign-up; the ID token's
 * `custom:userId` names the user in the table.
 */
export function salesUserPool(scope: Construct) {
  const userPool = new cognito.UserPool(scope, "Users", {
    selfSignUpEnabled: false,
    signInAliases: { email: true },
    customAttributes: { userId: new cognito.StringAttribute({ mutable: false, minLen: 1, maxLen: 64 }) },
    passwordPolicy: {
      minLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(7),
    },
    // TOTP apps only: SMS to mainland numbers needs its own registration, and is the weaker factor.
    mfa: cognito.Mfa.OPTIONAL,
    mfaSecondFactor: { otp: true, sms: false },
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    // Threat protection (compromised credentials, risky sign-ins) blocks, not only reports.
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    userInvitation: {
      emailSubject: "销售管理系统账号邀请 / Your sales account",
      emailBody:
        "您好：<br>管理员已为您开通销售管理系统账号。登录名：{username}，临时密码：{####}（7 天内有效，首次登录时请修改）。<br><br>" +
        "Hello, an administrator has opened a sales account for you. Sign-in name: {username}; temporary password: {####} " +
        "(valid for 7 days; you will choose your own at first sign-in).",
    },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledge(userPool, ["AwsSolutions-COG2"], "MFA is optional (TOTP), as the issue asks: people turn it on for themselves; threat protection (PLUS plan) blocks risky sign-ins for everyone.");
  const client = userPool.addClient("Web", { authFlows: { userSrp: true }, generateSecret: false });
  new CfnOutput(Stack.of(scope), "UserPoolId", { value: userPool.userPoolId });
  new CfnOutput(Stack.of(scope), "UserPoolClientId", { value: client.userPoolClientId });
  return { userPool, issuer: userPool.userPoolProviderUrl, audience: [client.userPoolClientId] };
}
