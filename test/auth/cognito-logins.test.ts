import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CognitoIdentityProviderClient,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  UnsupportedUserStateException,
  UserNotFoundException,
  UsernameExistsException,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, describe, expect, it } from "vitest";
import { CognitoLogins, type CognitoSend } from "../../functions/auth/cognito-logins";
import type { Login } from "../../functions/auth/login-directory";

// Cognito has no faithful local emulator here: npm's cognito-local lacks AdminCreateUser's RESEND
// and the email-as-username pool, and brings aws-sdk v2 (128 MB). So the adapter is checked at the
// request level: the exact commands it sends and what it does with Cognito's errors (an injected
// client), and once through the real SDK client against a local HTTP endpoint (the wire format).

const POOL = "ap-southeast-1_Pool";
const login: Login = { userId: "01JUSER", email: "liu.yang@jierui.example", name: "刘洋", locale: "zh-CN" };

/** A client that records each command and answers with the queued errors, in order (undefined: success). */
function recordingClient(...answers: (Error | undefined)[]) {
  const sent: { command: string; input: unknown }[] = [];
  const client: CognitoSend = {
    send: async (command) => {
      sent.push({ command: command.constructor.name, input: command.input });
      const answer = answers.shift();
      if (answer) throw answer;
      return {};
    },
  };
  return { client, sent };
}
const meta = { $metadata: {} };

describe("Cognito logins", () => {
  it("creates the login with the email as username, the user's id as custom:userId, and has Cognito mail the invitation", async () => {
    // Prepare
    const { client, sent } = recordingClient();
    // Act
    await new CognitoLogins(POOL, client).invite(login);
    // Assess
    expect(sent).toEqual([
      {
        command: AdminCreateUserCommand.name,
        input: {
          UserPoolId: POOL,
          Username: "liu.yang@jierui.example",
          UserAttributes: [
            { Name: "email", Value: "liu.yang@jierui.example" },
            { Name: "email_verified", Value: "true" },
            { Name: "name", Value: "刘洋" },
            { Name: "locale", Value: "zh-CN" },
            { Name: "custom:userId", Value: "01JUSER" },
          ],
          DesiredDeliveryMediums: ["EMAIL"],
        },
      },
    ]);
  });

  it("mails the invitation again to a login that exists and was never used, and does nothing for one in use", async () => {
    const unused = recordingClient(new UsernameExistsException({ message: "exists", ...meta }));
    await new CognitoLogins(POOL, unused.client).invite(login);
    expect(unused.sent[1]).toEqual({
      command: AdminCreateUserCommand.name,
      input: { UserPoolId: POOL, Username: login.email, MessageAction: "RESEND", DesiredDeliveryMediums: ["EMAIL"] },
    });

    const inUse = recordingClient(
      new UsernameExistsException({ message: "exists", ...meta }),
      new UnsupportedUserStateException({ message: "confirmed", ...meta }),
    );
    await expect(new CognitoLogins(POOL, inUse.client).invite(login)).resolves.toBeUndefined();
    expect(inUse.sent).toHaveLength(2);
  });

  it("disables and enables the login; disabling a missing one is done, enabling a missing one opens it", async () => {
    const { client, sent } = recordingClient(undefined, undefined, new UserNotFoundException({ message: "no", ...meta }), new UserNotFoundException({ message: "no", ...meta }));
    const logins = new CognitoLogins(POOL, client);
    await logins.disable(login);
    await logins.enable(login);
    await logins.disable(login);
    await logins.enable(login);
    expect(sent.map((s) => s.command)).toEqual([
      AdminDisableUserCommand.name,
      AdminEnableUserCommand.name,
      AdminDisableUserCommand.name,
      AdminEnableUserCommand.name,
      AdminCreateUserCommand.name,
    ]);
    expect(sent[0].input).toEqual({ UserPoolId: POOL, Username: login.email });
    expect(sent[1].input).toEqual({ UserPoolId: POOL, Username: login.email });
  });

  it("passes on any other error (throttling, access denied) for the caller to report", async () => {
    const denied = Object.assign(new Error("not authorized to perform cognito-idp:AdminCreateUser"), { name: "AccessDeniedException" });
    const { client } = recordingClient(denied);
    await expect(new CognitoLogins(POOL, client).invite(login)).rejects.toThrow(/not authorized/);
  });

  it("speaks Cognito's JSON protocol through the real SDK client: the body on the wire, and errors told by their type", async () => {
    // Prepare: an HTTP endpoint that answers the first AdminCreateUser as Cognito does for a taken username.
    const requests: { target: string; body: unknown }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        requests.push({ target: String(req.headers["x-amz-target"]), body: JSON.parse(body) });
        res.setHeader("content-type", "application/x-amz-json-1.1");
        if (requests.length === 1) {
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: "UsernameExistsException", message: "An account with the given email already exists." }));
        } else res.end("{}");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    afterAll(() => new Promise<void>((r) => server.close(() => r())));
    const client = new CognitoIdentityProviderClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: "ap-southeast-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    // Act
    await new CognitoLogins(POOL, client).invite(login);
    // Assess
    expect(requests).toEqual([
      {
        target: "AWSCognitoIdentityProviderService.AdminCreateUser",
        body: expect.objectContaining({ UserPoolId: POOL, Username: login.email, DesiredDeliveryMediums: ["EMAIL"] }),
      },
      {
        target: "AWSCognitoIdentityProviderService.AdminCreateUser",
        body: { UserPoolId: POOL, Username: login.email, MessageAction: "RESEND", DesiredDeliveryMediums: ["EMAIL"] },
      },
    ]);
    expect((requests[0].body as { UserAttributes: unknown[] }).UserAttributes).toContainEqual({ Name: "custom:userId", Value: "01JUSER" });
  });
});
