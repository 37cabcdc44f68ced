import type { Deps } from "../actor";
import type { WebhookEvent } from "./events";

type Data = Record<string, unknown>;

const pick = (record: object | null, fields: readonly string[]): Data | null => {
  if (!record) return null;
  const r = record as Data;
  return Object.fromEntries(fields.filter((f) => r[f] !== undefined).map((f) => [f, r[f]]));
};

/**
 * What a receiver gets of each record: fields anyone in the organization may see. Never costs,
 * margins, private notes or remarks, contacts' personal details, nor internal bookkeeping; nor any
 * free text colleagues wrote for each other (a lost reason, a release reason, comments): only coded
 * fields. A list of allowed fields, so a field added later stays out until someone decides it belongs.
 * Money is `{ fen, currency }` everywhere, as in the API.
 */
const PUBLIC_FIELDS = {
  CUSTOMER: ["id", "name", "tier", "industry", "region", "source", "creditCode", "address", "website", "ownerId", "tags", "createdAt", "updatedAt"],
  OPPORTUNITY: ["id", "customerId", "title", "ownerId", "stage", "amount", "expectedCloseOn", "productLines", "forecastCategory", "wonAt", "lostAt", "createdAt", "updatedAt"],
  QUOTE: ["id", "number", "opportunityId", "customerId", "ownerId", "currency", "revision", "status", "submittedAt", "createdAt", "updatedAt"],
  CONTRACT: ["id", "number", "quoteId", "opportunityId", "customerId", "ownerId", "buyerName", "sellerName", "amount", "signedOn", "status", "createdAt"],
  WORK_ORDER: ["id", "typeKey", "title", "status", "urgent", "customerId", "opportunityId", "quoteId", "contractId", "assigneeId", "responseDueAt", "resolutionDueAt", "createdAt"],
  PAYMENT: ["contractId", "instalmentId", "reference", "amount", "receivedOn", "recordedAt"],
} as const;

async function recordOf(deps: Deps, e: WebhookEvent): Promise<object | null> {
  const s = deps.store;
  switch (e.subjectType) {
    case "CUSTOMER":
      return (await s.customers.getMany([e.subjectId]))[0];
    case "OPPORTUNITY":
      return (await s.opportunities.getMany([e.subjectId]))[0];
    case "QUOTE": {
      const [q] = await s.quotes.getMany([e.subjectId]);
      // The total the customer pays is public; costs and margins in the same totals are not.
      return q ? { ...q, total: { fen: q.totals.totalFen, currency: q.currency } } : null;
    }
    case "CONTRACT":
      return (await s.quotes.getContracts([e.subjectId]))[0];
    case "WORK_ORDER":
      return s.workOrders.get(e.subjectId);
    case "PAYMENT": {
      const p = await s.payments.payment(e.orgId, e.subjectId);
      return p ? { ...p, amount: { fen: p.amountFen, currency: p.currency } } : null;
    }
    default:
      return null;
  }
}

/** The body receivers get: the event and the record's public fields as they are when it is fanned out. */
export async function eventBody(deps: Deps, e: WebhookEvent): Promise<string> {
  const record = await recordOf(deps, e);
  const fields: readonly string[] = e.subjectType === "QUOTE" ? [...PUBLIC_FIELDS.QUOTE, "total"] : PUBLIC_FIELDS[e.subjectType as keyof typeof PUBLIC_FIELDS] ?? ["id"];
  const data = { ...(pick(record, fields) ?? { id: e.subjectId }), ...(Object.keys(e.change).length ? { change: e.change } : {}) };
  return JSON.stringify({ id: e.id, type: e.type, occurredAt: e.occurredAt, orgId: e.orgId, data });
}
