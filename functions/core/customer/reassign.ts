import { ConditionFailedError } from "../../store";
import type { CustomerChange } from "../../store/customers";
import { canActForOwner, sellerIssue } from "../access";
import { type Actor, loadUser } from "../actor";
import { newActivity } from "../activity";
import { type FieldIssue, ForbiddenError, ValidationError } from "../errors";
import { type DealHandOver, dealsToHandOver, handOverDeal } from "../pipeline/hand-over";
import { hasRole, type User } from "../user/model";
import { OwnershipLimitError } from "./errors";
import type { Customer } from "./model";

/** Customers read per round; their transactions are packed below 100 writes (`packed`). */
const CHUNK = 40;
const ATTEMPTS = 3;
/** A transaction's writes: at most 100, two of them the owners' counters, one the webhook events (store/webhook-events.ts), one an idempotency key. */
const MAX_WRITES = 96;

export interface ReassignResult {
  moved: number;
  /** Of the requested customers, those the from-user no longer held (already moved, or released). */
  skipped: number;
}

/** One customer's move with the deals that go along (pipeline/hand-over.ts). */
interface Bundle {
  change: CustomerChange;
  deals: DealHandOver[];
}

/** Upper bound of a bundle's writes: the customer and its entry, each deal with its entry, followers and two totals items. */
const writesOf = (b: Bundle) => 2 + b.deals.reduce((n, d) => n + 4 + d.follow.length, 0);

/**
 * Hands customers from one person to another: all they hold, or the ones named, each with the
 * from-user's open deals on it (and their quotes and contracts). Customers and their deals move
 * together in one transaction with their timeline entries and both owners' counters; running it
 * again after a failure finishes the job without moving anything twice.
 *
 * Who: a manager within their team, ADMIN/GM anyone. The receiver must sell (REP, MANAGER, GM,
 * ADMIN) and stays within `maxCustomersPerOwner`, except when ADMIN hands over (a departure must
 * not wait for a receiver with room; the receiver then claims nothing until below the limit).
 */
export async function reassignCustomers(
  actor: Actor,
  input: { fromUserId: string; toUserId: string; customerIds?: string[] | null },
): Promise<ReassignResult> {
  const { viewer, deps } = actor;
  const [from, to] = await Promise.all([loadUser(actor, input.fromUserId), loadUser(actor, input.toUserId)]);
  const issues: FieldIssue[] = [];
  if (!from) issues.push({ path: ["fromUserId"], code: "UNKNOWN_USER", text: { zh: "用户不存在", en: "is not a user" } });
  if (!to || !to.active) issues.push({ path: ["toUserId"], code: "UNKNOWN_USER", text: { zh: "接收人不存在或已停用", en: "is not an active user" } });
  const notSeller = to?.active ? sellerIssue(to, "toUserId") : null;
  if (notSeller) issues.push(notSeller);
  if (from && to && from.id === to.id) issues.push({ path: ["toUserId"], code: "SAME_USER", text: { zh: "不能转给同一人", en: "must differ from fromUserId" } });
  if (issues.length) throw new ValidationError(issues);
  const team = await actor.team();
  if (!canActForOwner(viewer, from!.id, team) || !canActForOwner(viewer, to!.id, team)) throw new ForbiddenError();

  const ids = input.customerIds?.length ? [...new Set(input.customerIds)] : await deps.store.customers.idsOwnedBy(viewer.orgId, from!.id);
  const ownerLimit = hasRole(viewer, "ADMIN") ? undefined : (await actor.org()).maxCustomersPerOwner;
  if (ownerLimit !== undefined) await checkRoom(actor, ids, from!.id, to!, ownerLimit);

  const result: ReassignResult = { moved: 0, skipped: 0 };
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    // Counted as each transaction lands, so a retry after a partial round counts those as moved, not skipped.
    const progress = { moved: 0 };
    for (let attempt = 1; ; attempt++) {
      try {
        await moveChunk(actor, chunk, from!.id, to!.id, ownerLimit, progress);
        break;
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
        // The receiver filled up meanwhile (a claim): that is the limit, not a conflict.
        if (error.failed.includes(`owner:${to!.id}`) && ownerLimit !== undefined) {
          const [latest] = await deps.store.users.getMany([to!.id]);
          throw new OwnershipLimitError(ownerLimit, { name: to!.name, heldCount: latest?.ownedCount ?? to!.ownedCount, incoming: chunk.length });
        }
        // Someone changed one of these meanwhile: read the chunk again and move what is still theirs.
        if (attempt >= ATTEMPTS) throw error;
      }
    }
    result.moved += progress.moved;
    result.skipped += chunk.length - progress.moved;
  }
  return result;
}

/** Refuses up front a hand-over that would take the receiver past the limit, before anything moves. */
async function checkRoom(actor: Actor, ids: string[], fromId: string, to: User, limit: number): Promise<void> {
  const held = (await actor.deps.store.customers.getMany(ids)).filter((c) => c && c.orgId === actor.viewer.orgId && c.ownerId === fromId).length;
  const [latest] = await actor.deps.store.users.getMany([to.id]);
  const heldCount = latest?.ownedCount ?? to.ownedCount;
  if (held && heldCount + held > limit) throw new OwnershipLimitError(limit, { name: to.name, heldCount, incoming: held });
}

/**
 * Moves what the from-user still holds of these customers, with their open deals: as few
 * transactions as fit, each whole customers with all their deals, counted in `progress`; a failed
 * condition (ConditionFailedError) leaves the transactions before it done, the rest to a re-read.
 */
async function moveChunk(
  actor: Actor,
  chunk: string[],
  fromId: string,
  toId: string,
  ownerLimit: number | undefined,
  progress: { moved: number },
): Promise<void> {
  const { deps, viewer } = actor;
  const now = deps.clock.now();
  const current = (await deps.store.customers.getMany(chunk)).filter(
    (c): c is Customer => !!c && c.orgId === viewer.orgId && c.ownerId === fromId,
  );
  const deals = await dealsToHandOver(actor, current.map((c) => c.id), fromId);
  const bundles: Bundle[] = await Promise.all(
    current.map(async (c) => ({
      change: {
        prev: c,
        next: { ...c, ownerId: toId, ownedSince: now.toISOString(), updatedAt: now.toISOString(), version: c.version + 1 },
        activity: newActivity(
          { orgId: c.orgId, subjectType: "CUSTOMER", subjectId: c.id, kind: "REASSIGNED", actorId: viewer.id, fromOwnerId: fromId, toOwnerId: toId },
          now,
        ),
      },
      deals: await Promise.all((deals.get(c.id) ?? []).map((o) => handOverDeal(actor, o, toId, now))),
    })),
  );
  for (const group of packed(bundles)) {
    // A customer with more deals than one transaction holds: its deals first, a few at a time (a
    // re-run finds the rest still open and the customer still the from-user's), then the customer.
    if (group.length === 1 && writesOf(group[0]) > MAX_WRITES) {
      for (const few of packed(group[0].deals.map((d) => ({ change: group[0].change, deals: [d] })))) {
        const ds = few.flatMap((b) => b.deals);
        await deps.store.opportunities.save(viewer.orgId, ds.map((d) => d.change), ds.flatMap((d) => d.follow));
      }
      await deps.store.customers.save([group[0].change], { ownerLimit });
    } else {
      const ds = group.flatMap((b) => b.deals);
      const dealWrites = ds.length ? await deps.store.opportunities.changeWrites(viewer.orgId, ds.map((d) => d.change)) : [];
      await deps.store.customers.save(group.map((b) => b.change), { ownerLimit, extra: [...dealWrites, ...ds.flatMap((d) => d.follow)] });
    }
    progress.moved += group.length;
  }
}

/** Bundles in order, grouped so each group's writes fit one transaction (an oversized bundle alone). */
function packed(bundles: Bundle[]): Bundle[][] {
  const groups: Bundle[][] = [];
  let size = MAX_WRITES + 1;
  for (const b of bundles) {
    const n = writesOf(b);
    if (size + n > MAX_WRITES) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1].push(b);
    size += n;
  }
  return groups;
}
