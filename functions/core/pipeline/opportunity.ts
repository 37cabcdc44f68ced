import { canActForOwner, canHoldCustomers, sellerIssue } from "../access";
import { type Actor, loadUser } from "../actor";
import { diffFields, newActivity } from "../activity";
import { visibleCustomer } from "../customer/access";
import { CustomerInPoolError } from "../customer/errors";
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "../errors";
import { markResult } from "../idempotency";
import { newId } from "../ids";
import { opportunityToChange } from "./access";
import { checkOpportunityFields, OPPORTUNITY_FIELDS, type OpportunityInput } from "./input";
import type { Opportunity } from "./model";
import { ownerFollowWrites } from "../quote/follow-owner";
import { saveOpportunity } from "./save";
import type { User } from "../user/model";
import { isOpen } from "./stages";

export interface CreateOpportunityInput extends OpportunityInput {
  customerId: string;
  /** Defaults to the creator (or, for support staff, the customer's owner). */
  ownerId?: string | null;
}

/** Who may own a deal: an active person who sells, whom the viewer acts for (`team`: the viewer's reports). Also the import's row check. */
export function checkDealOwner(viewer: User, owner: User | null, team: Set<string>): void {
  if (!owner || !owner.active) {
    throw new ValidationError([{ path: ["ownerId"], code: "UNKNOWN_USER", text: { zh: "负责人不存在或已停用", en: "is not an active user" } }]);
  }
  const notSeller = sellerIssue(owner, "ownerId");
  if (notSeller) throw new ValidationError([notSeller]);
  if (!canActForOwner(viewer, owner.id, team)) throw new ForbiddenError();
}

async function checkOwner(actor: Actor, ownerId: string): Promise<void> {
  checkDealOwner(actor.viewer, await loadUser(actor, ownerId), await actor.team());
}

/** A new deal on a customer the actor works, starting at LEAD. */
export async function createOpportunity(actor: Actor, input: CreateOpportunityInput): Promise<Opportunity> {
  const { viewer, deps } = actor;
  const customer = await visibleCustomer(actor, input.customerId);
  if (!customer) throw new NotFoundError("Customer", input.customerId);
  if (!customer.ownerId) throw new CustomerInPoolError();
  const org = await actor.org();
  const fields = checkOpportunityFields(input, null, org.currency);
  const ownerId = input.ownerId ?? (canHoldCustomers(viewer) ? viewer.id : customer.ownerId);
  await checkOwner(actor, ownerId);
  const now = deps.clock.now();
  const at = now.toISOString();
  const o: Opportunity = {
    id: newId(now),
    orgId: viewer.orgId,
    customerId: customer.id,
    ownerId,
    ...fields,
    stage: "LEAD",
    stageEnteredAt: at,
    lostReason: null,
    stageHistory: [{ stage: "LEAD", enteredAt: at, exitedAt: null, movedBy: viewer.id, reason: null, evidenceIds: [] }],
    wonAt: null,
    lostAt: null,
    createdAt: at,
    createdBy: viewer.id,
    updatedAt: at,
    version: 1,
  };
  const activity = newActivity({ orgId: o.orgId, subjectType: "OPPORTUNITY", subjectId: o.id, kind: "CREATED", actorId: viewer.id }, now);
  markResult(o.id);
  return saveOpportunity(actor, null, o, activity, [{ kind: "ENTERED", stage: "LEAD", at }]);
}

export async function updateOpportunity(
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: OpportunityInput & { ownerId?: string | null },
): Promise<Opportunity> {
  const current = await opportunityToChange(actor, id);
  if (current.version !== expectedVersion) throw new VersionConflictError(current, current.version);
  const org = await actor.org();
  const fields = checkOpportunityFields(input, current, org.currency);
  // Won and lost deals stay CLOSED in the forecast whatever is sent.
  if (!isOpen(current.stage)) fields.forecastCategory = "CLOSED";
  const ownerId = input.ownerId ?? current.ownerId;
  if (ownerId !== current.ownerId) await checkOwner(actor, ownerId);
  const merged = { ...current, ...fields, ownerId };
  const changes = diffFields(current, merged, [...OPPORTUNITY_FIELDS, "ownerId"]);
  if (!changes.length) return current;
  const now = actor.deps.clock.now();
  const next: Opportunity = { ...merged, updatedAt: now.toISOString(), version: current.version + 1 };
  const activity = newActivity(
    { orgId: current.orgId, subjectType: "OPPORTUNITY", subjectId: id, kind: "UPDATED", actorId: actor.viewer.id, changes },
    now,
  );
  // Its quotes and contracts change hands with it (their lists are read by owner).
  const follow = ownerId !== current.ownerId ? await ownerFollowWrites(actor, id, ownerId) : [];
  return saveOpportunity(actor, current, next, activity, [], follow);
}
