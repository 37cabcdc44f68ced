import { ConditionFailedError } from "../../store";
import type { CustomerChange } from "../../store/customers";
import { canActForOwner } from "../access";
import { type Actor, loadUser } from "../actor";
import { newActivity } from "../activity";
import { ForbiddenError, ValidationError } from "../errors";
import type { Customer } from "./model";

/** Customers moved per transaction: two writes each plus the two owner counters stay under 100. */
const CHUNK = 40;
const ATTEMPTS = 3;

export interface ReassignResult {
  moved: number;
  /** Of the requested customers, those the from-user no longer held (already moved, or released). */
  skipped: number;
}

/**
 * Hands customers from one person to another: all they hold, or the ones named. Each chunk moves
 * atomically with its timeline entries and both owners' counters; running it again after a failure
 * finishes the job without moving anything twice.
 */
export async function reassignCustomers(
  actor: Actor,
  input: { fromUserId: string; toUserId: string; customerIds?: string[] | null },
): Promise<ReassignResult> {
  const { viewer, deps } = actor;
  const [from, to] = await Promise.all([loadUser(actor, input.fromUserId), loadUser(actor, input.toUserId)]);
  const issues = [];
  if (!from) issues.push({ path: ["fromUserId"], code: "UNKNOWN_USER", text: { zh: "用户不存在", en: "is not a user" } });
  if (!to || !to.active) issues.push({ path: ["toUserId"], code: "UNKNOWN_USER", text: { zh: "接收人不存在或已停用", en: "is not an active user" } });
  if (from && to && from.id === to.id) issues.push({ path: ["toUserId"], code: "SAME_USER", text: { zh: "不能转给同一人", en: "must differ from fromUserId" } });
  if (issues.length) throw new ValidationError(issues);
  const team = await actor.team();
  if (!canActForOwner(viewer, from!.id, team) || !canActForOwner(viewer, to!.id, team)) throw new ForbiddenError();

  const ids = input.customerIds?.length ? [...new Set(input.customerIds)] : await deps.store.customers.idsOwnedBy(viewer.orgId, from!.id);
  const result: ReassignResult = { moved: 0, skipped: 0 };
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    for (let attempt = 1; ; attempt++) {
      const now = deps.clock.now();
      const current = (await deps.store.customers.getMany(chunk)).filter(
        (c): c is Customer => !!c && c.orgId === viewer.orgId && c.ownerId === from!.id,
      );
      const changes: CustomerChange[] = current.map((c) => {
        const moved = { ...c, ownerId: to!.id, ownedSince: now.toISOString() };
        return {
          prev: c,
          next: { ...moved, updatedAt: now.toISOString(), version: c.version + 1 },
          activity: newActivity(
            { orgId: c.orgId, subjectType: "CUSTOMER", subjectId: c.id, kind: "REASSIGNED", actorId: viewer.id, fromOwnerId: from!.id, toOwnerId: to!.id },
            now,
          ),
        };
      });
      try {
        if (changes.length) await deps.store.customers.save(changes);
        result.moved += changes.length;
        result.skipped += chunk.length - changes.length;
        break;
      } catch (error) {
        // Someone changed one of these meanwhile: read the chunk again and move what is still theirs.
        if (!(error instanceof ConditionFailedError) || attempt >= ATTEMPTS) throw error;
      }
    }
  }
  return result;
}
