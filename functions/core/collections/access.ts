import { canActForOwner } from "../access";
import type { Actor } from "../actor";
import { visibleContract } from "../contract/access";
import type { Contract } from "../contract/model";
import { ForbiddenError, NotFoundError } from "../errors";
import { hasRole } from "../user/model";
import { ContractNotSignedError } from "./errors";

/** Invoices, payments and collection requests are finance's to record (ADMIN too). */
export const recordsMoney = (actor: Actor) => hasRole(actor.viewer, "FINANCE", "ADMIN");

/**
 * A signed contract the viewer may change the collections of: finance (and ADMIN) any; with
 * `owners`, also whoever acts for its owner (the owner, their managers, GM), who record delivery
 * and acceptance and may set the plan.
 */
export async function signedContractFor(actor: Actor, id: string, who: "FINANCE" | "FINANCE_OR_OWNER"): Promise<Contract> {
  const contract = await visibleContract(actor, id);
  if (!contract) throw new NotFoundError("Contract", id);
  const owners = who === "FINANCE_OR_OWNER" && canActForOwner(actor.viewer, contract.ownerId, await actor.team());
  if (!recordsMoney(actor) && !owners) throw new ForbiddenError();
  if (contract.status !== "SIGNED" || !contract.signedOn) throw new ContractNotSignedError();
  return contract;
}
