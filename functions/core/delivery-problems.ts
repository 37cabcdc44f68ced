import type { Page } from "../store";
import type { OutboxEmail } from "../store/outbox";
import type { Actor } from "./actor";
import { ForbiddenError } from "./errors";
import { hasRole } from "./user/model";

/**
 * ADMIN: the organization's emails SES refused on every attempt (FAILED), newest first, with what
 * they were about, to whom, how often they were tried and the last error, so nothing is lost
 * without a word. Read from their own index (by organization and failure time), never a scan.
 */
export async function deliveryProblems(actor: Actor, page: { first: number; after: string | null }): Promise<Page<OutboxEmail>> {
  if (!hasRole(actor.viewer, "ADMIN")) throw new ForbiddenError();
  return actor.deps.store.outbox.problems(actor.viewer.orgId, page);
}
