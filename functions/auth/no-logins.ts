import type { LoginDirectory } from "./login-directory";

/** Locally (and with an external OIDC provider) there are no logins to keep: the user record is all. */
export const noLogins: LoginDirectory = {
  invite: async () => {},
  disable: async () => {},
  enable: async () => {},
};
