import { ConditionFailedError } from "../../store";
import { type Actor, loadUser } from "../actor";
import { diffFields, newActivity } from "../activity";
import { type FieldIssue, ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "../errors";
import { markResult } from "../idempotency";
import { newId } from "../ids";
import { UserHasCustomersError, UserHasOpenDealsError, UserHasOpenWorkOrdersError } from "./errors";
import { checkUserFields, type UserFields, type UserInput } from "./input";
import { closeLogin, openLogin } from "./logins";
import { hasRole, reportsOf, type User } from "./model";
import { refileAfterManagerChange } from "../team/filing";

const FIELDS = ["name", "email", "phone", "roles", "managerId", "salesAssistantId", "region", "department", "locale", "active"] as const;
/** What people may change about themselves; the rest is ADMIN's. */
const SELF_SERVICE = new Set(["name", "phone", "locale"]);

export async function createUser(actor: Actor, input: UserInput): Promise<User> {
  if (!hasRole(actor.viewer, "ADMIN")) throw new ForbiddenError();
  const fields = checkUserFields(input, null);
  await checkManager(actor, null, fields);
  await checkAssistant(actor, null, fields);
  await checkEmailFree(actor, null, fields.email);
  const now = actor.deps.clock.now();
  const user: User = {
    id: newId(now),
    orgId: actor.viewer.orgId,
    ...fields,
    active: true,
    ownedCount: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  };
  const activity = newActivity(
    { orgId: user.orgId, subjectType: "USER", subjectId: user.id, kind: "CREATED", actorId: actor.viewer.id },
    now,
  );
  try {
    markResult(user.id);
    await actor.deps.store.users.create(user, activity);
  } catch (error) {
    if (error instanceof ConditionFailedError && error.failed.includes("email")) throw emailTaken();
    throw error;
  }
  // After the user is saved (logins.ts says why); a failure leaves a whole user to invite again.
  await openLogin(actor.deps, user, "invite");
  return user;
}

export async function updateUser(actor: Actor, id: string, expectedVersion: number, input: UserInput): Promise<User> {
  const { viewer, deps } = actor;
  actor.users.clear(id);
  const current = await loadUser(actor, id);
  if (!current) throw new NotFoundError("User", id);
  const fields = checkUserFields(input, current);
  const changes = diffFields(current, fields, FIELDS);
  const isAdmin = hasRole(viewer, "ADMIN");
  if (!isAdmin && (viewer.id !== id || changes.some((c) => !SELF_SERVICE.has(c.field)))) throw new ForbiddenError();
  if (current.version !== expectedVersion) throw new VersionConflictError(current, current.version);
  if (!changes.length) return current;
  if (id === viewer.id && (!fields.active || !fields.roles.includes("ADMIN")) && isAdmin) {
    throw new ForbiddenError({ zh: "不能停用自己或取消自己的管理员角色", en: "You cannot deactivate yourself or drop your own ADMIN role" });
  }
  if (current.active && !fields.active && current.ownedCount > 0) throw new UserHasCustomersError(current.ownedCount);
  if (current.active && !fields.active) {
    const open = await deps.store.workOrders.openAssigned(current.orgId, id, 100);
    if (open.length) throw new UserHasOpenWorkOrdersError(open.length);
    const deals = await deps.store.opportunities.openOwnedCount(current.orgId, id);
    if (deals) throw new UserHasOpenDealsError(deals);
  }
  await checkManager(actor, id, fields);
  if (fields.salesAssistantId !== (current.salesAssistantId ?? null)) await checkAssistant(actor, id, fields);
  if (fields.email !== current.email) await checkEmailFree(actor, id, fields.email);

  const now = deps.clock.now();
  const next: User = { ...current, ...fields, updatedAt: now.toISOString(), version: current.version + 1 };
  const activity = newActivity({ orgId: current.orgId, subjectType: "USER", subjectId: id, kind: "UPDATED", actorId: viewer.id, changes }, now);
  try {
    await deps.store.users.update(current, next, activity);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    if (error.failed.includes("email")) throw emailTaken();
    const [latest] = await deps.store.users.getMany([id]);
    if (latest && latest.version === current.version && latest.ownedCount > 0) throw new UserHasCustomersError(latest.ownedCount);
    throw new VersionConflictError(latest, latest?.version ?? 0);
  }
  // Their customers and deals follow them to the new manager's team list.
  if ((next.managerId ?? null) !== (current.managerId ?? null)) await refileAfterManagerChange(deps, next);
  // Sign-in follows the saved state (logins.ts).
  if (current.active && !next.active) await closeLogin(deps, next);
  if (!current.active && next.active) await openLogin(deps, next, "enable");
  return next;
}

/** A manager must be an active colleague, and nobody may end up managing themselves, even indirectly. */
async function checkManager(actor: Actor, userId: string | null, fields: UserFields): Promise<void> {
  if (!fields.managerId) return;
  const issue = (code: string, zh: string, en: string): FieldIssue => ({ path: ["managerId"], code, text: { zh, en } });
  const manager = await loadUser(actor, fields.managerId);
  if (!manager || !manager.active) throw new ValidationError([issue("UNKNOWN_USER", "上级不存在或已停用", "is not an active user")]);
  if (userId && (manager.id === userId || reportsOf(userId, await actor.orgUsers()).has(manager.id))) {
    throw new ValidationError([issue("CYCLE", "不能设为自己或自己的下属", "cannot be the user or someone reporting to them")]);
  }
}

/** A sales assistant is another active colleague of the same organization. */
async function checkAssistant(actor: Actor, userId: string | null, fields: UserFields): Promise<void> {
  if (!fields.salesAssistantId) return;
  const issue = (code: string, zh: string, en: string) => new ValidationError([{ path: ["salesAssistantId"], code, text: { zh, en } }]);
  if (fields.salesAssistantId === userId) throw issue("SELF", "销售助理不能是本人", "cannot be the user themselves");
  const assistant = await loadUser(actor, fields.salesAssistantId);
  if (!assistant || !assistant.active) throw issue("UNKNOWN_USER", "销售助理不存在或已停用", "is not an active user");
}

/**
 * An address is unique within the organization (other organizations are never consulted, so
 * nothing about them leaks). The claim item written with the user settles races; this look-up
 * also covers users whose claim predates per-organization claims.
 */
async function checkEmailFree(actor: Actor, userId: string | null, email: string): Promise<void> {
  const holder = await actor.deps.store.users.byEmail(actor.viewer.orgId, email);
  if (holder && holder !== userId) throw emailTaken();
}

const emailTaken = () =>
  new ValidationError([{ path: ["email"], code: "EMAIL_TAKEN", text: { zh: "该邮箱已被使用", en: "is already in use" } }]);
