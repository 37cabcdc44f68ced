import type { DueJob } from "../../store/due-jobs";
import { nextActionEmail } from "../../mail/next-action";
import type { Deps } from "../actor";
import { deliver } from "../mail";
import type { DueOutcome } from "../sweep/due-jobs";

/**
 * The owner's reminder on the day of a customer's next action, at the start of working hours, once per
 * customer and day. Moot when the customer changed owner (or went to the pool) or the date changed.
 */
export async function handleNextActionJob(deps: Deps, job: DueJob): Promise<DueOutcome> {
  const [customer] = await deps.store.customers.getMany([String(job.data.customerId)]);
  const day = String(job.data.day);
  if (!customer || customer.ownerId !== job.data.ownerId || customer.nextActionOn !== day) return { next: null };
  const [owner] = await deps.store.users.getMany([String(job.data.ownerId)]);
  if (!owner?.active) return { next: null };
  await deliver(deps, {
    id: `NEXT_ACTION#${customer.id}#${day}`,
    to: owner,
    kind: "NEXT_ACTION",
    about: { subjectType: "CUSTOMER", subjectId: customer.id },
    render: () => nextActionEmail({ locale: owner.locale, recipientName: owner.name, customerName: customer.name, day }),
  });
  return { next: null };
}
