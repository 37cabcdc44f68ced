import { randomUUID } from "node:crypto";
import type { User } from "../../functions/core/user";
import type { TestApp } from "../support/app";
import { approvedQuoteOn } from "../support/contracts";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { CREATE } from "../support/pipeline";

/** Everything the SES emulator received for an address, oldest first. */
export { inbox as received, type StoredEmail } from "../support/quote-links";

export const SEND = `mutation($input: SendQuoteInput!) { sendQuote(input: $input) { __typename ... on Error { message }
  ... on QuoteSend { id status pdfFileName sha256 } } }`;

export const unique = (name: string) => `${name}.${randomUUID().slice(0, 8)}@customer.example`;

/** A customer (with these contacts) held by the rep, a deal on it and an approved quote; the ids. */
export async function quoteFor(app: TestApp, rep: User, contacts: Record<string, unknown>[] = []) {
  const customer = (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput({ contacts }) })).createCustomer;
  if (!customer.id) throw new Error(JSON.stringify(customer));
  const deal = (await app.ok(rep, CREATE, { input: { customerId: customer.id, title: "DN300 蝶阀更换" } })).createOpportunity;
  if (deal.__typename !== "Opportunity") throw new Error(JSON.stringify(deal));
  const quote = await approvedQuoteOn(app, rep, deal.id);
  return { customerId: customer.id as string, customerName: customer.name as string, opportunityId: deal.id as string, quote };
}

/** Sends the quote to `to` as the rep; the send. */
export async function send(app: TestApp, rep: User, quoteId: string, to: string[]) {
  const sent = (await app.ok(rep, SEND, { input: { quoteId, to, idempotencyKey: randomUUID() } })).sendQuote;
  if (sent.__typename !== "QuoteSend") throw new Error(JSON.stringify(sent));
  return sent as { id: string; status: string; pdfFileName: string; sha256: string };
}
