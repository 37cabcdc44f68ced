import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { type Heartbeat, recordHeartbeat, recordOpening, type ViewRequest } from "../../functions/core/quote-tracking";
import type { User } from "../../functions/core/user";
import { localId } from "../../schema/ids";
import type { TestApp } from "../support/app";
import { catalogueProduct, mailbox } from "../support/approvals";
import { newDeal } from "../support/pipeline";

/** Read tracking set-up: a quote of many lines (several PDF pages), sent, and the link in its email. */

export const BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
export const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
export const CUSTOMER_IP = "58.246.10.20";

export const ENGAGEMENT = `query($id: ID!) { quote(id: $id) { engagement { firstHumanViewAt humanVisits totalDwellSeconds lastSeenAt machineViews internalViews
  pages { revision page dwellSeconds visits } } sends { id views firstViewedAt } } }`;
export const VIEWS = `query($id: ID!, $kind: QuoteViewKind) { quote(id: $id) { views(kind: $kind, first: 50) { edges { node {
  id kind reason sendId revision startedAt lastActivityAt dwellSeconds pages { page dwellSeconds } openings deviceClass localHour ip userAgent } } } } }`;

/** An auto-approved quote (list price, 50% margin) of `lines` lines: 100 lines run over three or more PDF pages. */
export async function pagedQuote(app: TestApp, rep: User, lines = 100): Promise<{ id: string; number: string }> {
  const productId = await catalogueProduct(app, { list: 1_000, cost: 500 });
  const opportunityId = await newDeal(app, rep);
  const res = await app.ok(rep, `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { __typename ... on Error { message } ... on Quote { id number } } }`, {
    input: { opportunityId, lines: Array.from({ length: lines }, () => ({ productId, quantity: 1, unitPriceFen: 100_000 })), paymentTerms: "30%预付，70%到货", validUntil: "2026-12-31" },
  });
  const { id, number } = res.createQuote;
  const submitted = await app.ok(rep, `mutation($id: ID!) { submitQuote(id: $id) { ... on Quote { status } } }`, { id });
  expect(submitted.submitQuote.status).toBe("APPROVED");
  return { id, number };
}

/** Sends the quote to a new address; the view id is the last segment of the link in the email. */
export async function sendQuoteTo(app: TestApp, rep: User, quoteId: string): Promise<{ sendId: string; viewId: string; to: string }> {
  const to = `buyer.${randomUUID().slice(0, 8)}@customer.example`;
  const res = await app.ok(rep, `mutation($input: SendQuoteInput!) { sendQuote(input: $input) { __typename ... on Error { message } ... on QuoteSend { id status } } }`, {
    input: { quoteId, to: [to], idempotencyKey: randomUUID() },
  });
  expect(res.sendQuote.status).toBe("SENT");
  const [email] = await mailbox(to);
  const viewId = /\/q\/([A-Za-z0-9_-]{43})/.exec(email.body.text)?.[1];
  if (!viewId) throw new Error(`no view link in ${email.body.text}`);
  return { sendId: res.sendQuote.id, viewId, to };
}

export const quoteLocalId = (gid: string) => localId(gid, "Quote") as string;

/** The view route's calls, as the page's server side makes them. */
export function viewer(app: TestApp, viewId: string, req: Partial<ViewRequest> = {}) {
  const request: ViewRequest = { method: "GET", ip: CUSTOMER_IP, userAgent: BROWSER, ...req };
  return {
    open: async () => {
      const o = await recordOpening(app.deps, viewId, request);
      if (!o) throw new Error("unknown link");
      return o;
    },
    beat: (token: string, page: number, pageCount: number, extra: Partial<Heartbeat> = {}) =>
      recordHeartbeat(app.deps, viewId, { ...request, method: "POST" }, { visitToken: token, page, pageCount, ...extra }),
  };
}

/** Moves the test's clock on by seconds. */
export const wait = (app: TestApp, seconds: number) => app.clock.advance(seconds * 1000);
