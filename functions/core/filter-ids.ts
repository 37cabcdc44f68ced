import { type Actor, loadUser } from "./actor";
import type { Checker } from "./validate";

/**
 * The owner and customer a list filter names, checked as every list checks them: an id the
 * organization does not have (malformed, unknown, of another kind or another organization) is a field
 * error (UNKNOWN_USER, UNKNOWN_CUSTOMER); one that exists but is out of the viewer's view is not an
 * error, the list is then empty. Read through the request's loaders (one batch each, only when given).
 */
export async function checkFilterIds(actor: Actor, c: Checker, filter: { ownerId?: string | null; customerId?: string | null }): Promise<void> {
  const [owner, customer] = await Promise.all([
    filter.ownerId != null ? loadUser(actor, filter.ownerId) : undefined,
    filter.customerId != null ? actor.customers.load(filter.customerId) : undefined,
  ]);
  if (owner === null) c.fail("filter.ownerId", "UNKNOWN_USER", { zh: "不存在", en: "is not a user of the organization" });
  if (customer === null || (customer && customer.orgId !== actor.viewer.orgId)) {
    c.fail("filter.customerId", "UNKNOWN_CUSTOMER", { zh: "不存在", en: "is not a customer of the organization" });
  }
}
