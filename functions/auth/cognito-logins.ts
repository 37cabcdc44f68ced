import type { AdminCreateUserCommand, AdminDisableUserCommand, AdminEnableUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import type { Login, LoginDirectory } from "./login-directory";

/** The one call the adapter makes on the client: injected in tests, as Cognito has no local emulator. */
export interface CognitoSend {
  send(command: AdminCreateUserCommand | AdminDisableUserCommand | AdminEnableUserCommand): Promise<unknown>;
}

// Loaded on the first call, not at start: every function imports deps.ts, and only user
// administration needs Cognito. In the Lambda bundle (CommonJS, infra/bundling.ts) the SDK is the
// runtime's, outside the bundle: `require` finds it (NODE_PATH), where `import()` would not look.
type Sdk = typeof import("@aws-sdk/client-cognito-identity-provider");
let sdk: Promise<Sdk> | undefined;
const loadSdk = () =>
  (sdk ??=
    typeof require === "function"
      ? Promise.resolve(require("@aws-sdk/client-cognito-identity-provider") as Sdk)
      : import("@aws-sdk/client-cognito-identity-provider"));

/** Cognito's error names: matched by name, as the runtime's SDK copy may not be the one imported here. */
const is = (error: unknown, name: string) => error instanceof Error && error.name === name;

/**
 * Logins in the stack's Cognito user pool, whose usernames are email addresses. Cognito mails the
 * invitation itself (the pool's bilingual template, infra/user-pool.ts). Only AdminCreateUser,
 * AdminDisableUser and AdminEnableUser are granted.
 */
export class CognitoLogins implements LoginDirectory {
  private client?: Promise<CognitoSend>;

  constructor(
    private readonly userPoolId: string,
    client?: CognitoSend,
  ) {
    if (client) this.client = Promise.resolve(client);
  }

  /** Sends the command `make` builds from the SDK's classes. */
  private async send(make: (sdk: Sdk) => AdminCreateUserCommand | AdminDisableUserCommand | AdminEnableUserCommand): Promise<void> {
    const loaded = await loadSdk();
    this.client ??= Promise.resolve(new loaded.CognitoIdentityProviderClient({}));
    await (await this.client).send(make(loaded));
  }

  async invite(login: Login): Promise<void> {
    try {
      await this.send(
        (c) =>
          new c.AdminCreateUserCommand({
            UserPoolId: this.userPoolId,
            Username: login.email,
            UserAttributes: [
              { Name: "email", Value: login.email },
              // The administrator vouches for the address: the invitation and password resets go there.
              { Name: "email_verified", Value: "true" },
              { Name: "name", Value: login.name },
              { Name: "locale", Value: login.locale },
              { Name: "custom:userId", Value: login.userId },
            ],
            DesiredDeliveryMediums: ["EMAIL"],
          }),
      );
    } catch (error) {
      if (!is(error, "UsernameExistsException")) throw error;
      await this.resend(login);
    }
  }

  async disable(login: Login): Promise<void> {
    try {
      await this.send((c) => new c.AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: login.email }));
    } catch (error) {
      if (!is(error, "UserNotFoundException")) throw error;
    }
  }

  async enable(login: Login): Promise<void> {
    try {
      await this.send((c) => new c.AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: login.email }));
    } catch (error) {
      if (!is(error, "UserNotFoundException")) throw error;
      await this.invite(login);
    }
  }

  /** A fresh temporary password for a login never used; Cognito refuses it for one in use: nothing to do. */
  private async resend(login: Login): Promise<void> {
    try {
      await this.send(
        (c) => new c.AdminCreateUserCommand({ UserPoolId: this.userPoolId, Username: login.email, MessageAction: "RESEND", DesiredDeliveryMediums: ["EMAIL"] }),
      );
    } catch (error) {
      if (!is(error, "UnsupportedUserStateException")) throw error;
    }
  }
}
