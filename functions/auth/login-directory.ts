import type { Locale } from "../core/text";

/** What the sign-in service knows of a person: how to reach them and which user they are. */
export interface Login {
  /** The user's id in the table: the token's `custom:userId`. */
  userId: string;
  email: string;
  name: string;
  locale: Locale;
}

/**
 * The sign-in accounts beside the users table: Cognito in AWS, nothing locally (the local stack
 * signs its own tokens) or where an external OIDC provider manages them. Every call is safe to repeat.
 */
export interface LoginDirectory {
  /**
   * Opens the login and has the invitation (temporary password) mailed; for a login that exists
   * and was never used, mails the invitation again; for one in use, does nothing.
   */
  invite(login: Login): Promise<void>;
  /** The person can no longer sign in (nothing to do when there is no login). */
  disable(login: Login): Promise<void>;
  /** The person can sign in again; a login that does not exist is opened (invite). */
  enable(login: Login): Promise<void>;
}
