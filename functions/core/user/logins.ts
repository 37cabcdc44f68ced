import type { Login } from "../../auth/login-directory";
import type { Actor, Deps } from "../actor";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { loadUser } from "../actor";
import { LoginNotOpenedError } from "./errors";
import { hasRole, type User } from "./model";

/**
 * Sign-in accounts follow the users table, which stays the authority: `authenticate` refuses an
 * inactive or unknown user whatever token they bring. So the table is written first and the login
 * after. A user whose login failed is whole and can be invited again (`resendInvitation`); a login
 * opened first for a user then refused (a taken email, a race) would leave an invitation out for an
 * account that does not exist, and block that address, as `custom:userId` cannot change.
 */
const loginOf = (user: User): Login => ({ userId: user.id, email: user.email, name: user.name, locale: user.locale });

/** A new user, or one active again: open (or re-enable) the login and mail the invitation. */
export async function openLogin(deps: Deps, user: User, how: "invite" | "enable"): Promise<void> {
  if (!deps.logins) return;
  try {
    await deps.logins[how](loginOf(user));
  } catch (error) {
    throw new LoginNotOpenedError(user.id, error);
  }
}

/**
 * A deactivated user's login is disabled. Should that fail, they are still refused (the table says
 * inactive), so the deactivation stands; the failure is logged for the operator.
 */
export async function closeLogin(deps: Deps, user: User): Promise<void> {
  if (!deps.logins) return;
  try {
    await deps.logins.disable(loginOf(user));
  } catch (error) {
    console.error(JSON.stringify({ message: "login disable failed", userId: user.id, error: String(error) }));
  }
}

/**
 * ADMIN: makes sure an active user can sign in: opens a missing login, re-enables a disabled one,
 * and mails the invitation again to one never used (Cognito's temporary password lasts 7 days).
 */
export async function resendInvitation(actor: Actor, id: string): Promise<User> {
  if (!hasRole(actor.viewer, "ADMIN")) throw new ForbiddenError();
  actor.users.clear(id);
  const user = await loadUser(actor, id);
  if (!user) throw new NotFoundError("User", id);
  if (!user.active) {
    throw new ValidationError([{ path: ["id"], code: "INACTIVE", text: { zh: "该用户已停用，请先启用", en: "is deactivated; activate the user first" } }]);
  }
  await openLogin(actor.deps, user, "invite");
  await openLogin(actor.deps, user, "enable");
  return user;
}
