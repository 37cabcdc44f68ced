import { inject } from "vitest";
import type { User } from "../../functions/core/user";
import type { TestApp } from "./app";
import { newDeal, yuan } from "./pipeline";

export interface SentEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { html: string; text: string };
}

/** What the SES emulator received for one address, oldest first. */
export async function mailbox(to: string): Promise<SentEmail[]> {
  const store = (await (await fetch(`${inject("sesEndpoint")}/store`)).json()) as { emails: SentEmail[] };
  return store.emails.filter((e) => e.destination.to.includes(to));
}

/** Waits (in real time: the workflow runs beside the test) until `to` has an email matching. */
export async function waitForEmail(to: string, match: (e: SentEmail) => boolean = () => true, timeoutMs = 15_000): Promise<SentEmail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = (await mailbox(to)).filter(match);
    if (found.length) return found[found.length - 1];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No email for ${to} within ${timeoutMs} ms; has: ${(await mailbox(to)).map((e) => e.subject).join(" | ")}`);
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Condition not met within ${timeoutMs} ms`);
}

export const linkIn = (e: SentEmail) => {
  const m = /https?:\/\/\S+?\/approvals\/[A-Za-z0-9_-]{43}/.exec(e.body.text);
  if (!m) throw new Error(`No approval link in: ${e.body.text}`);
  return m[0];
};

export async function openLink(url: string, method: "GET" | "HEAD" = "GET") {
  const res = await fetch(url, { method });
  return { status: res.status, html: await res.text() };
}

/** Presses Approve or Reject on the page, as a browser posts the form. */
export async function press(url: string, decision: "APPROVE" | "REJECT", comment = "") {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ decision, comment }).toString() });
  return { status: res.status, html: await res.text() };
}

export const QUOTE_FIELDS = `__typename ... on Error { message } ... on ValidationError { fields { path code } }
  ... on Quote { id number revision status version total { fen } discountPercent marginPercent
    approvals { status revision steps { key status approvers { name } decidedBy { name } comment escalatedTo { name } } } }`;

export const CREATE_PRODUCT = `mutation($input: CreateProductInput!) { createProduct(input: $input) { __typename ... on Error { message }
  ... on ValidationError { fields { path code } } ... on Product { id code version } } }`;

let productSerial = 0;
/** One price book keeper per app: an ADMIN, who approves nothing while a GM exists. */
const keepers = new WeakMap<TestApp, Promise<User>>();
export const priceBookKeeper = (app: TestApp) => {
  if (!keepers.has(app)) keepers.set(app, app.user({ name: "系统管理员", roles: ["ADMIN"] }));
  return keepers.get(app)!;
};

/**
 * A product in the price book, created by an ADMIN of the app's organization: prices in yuan.
 * The floor defaults to 0 (none), so only discount, margin and total decide the approval levels.
 */
export async function catalogueProduct(app: TestApp, price: { list: number; cost: number; floor?: number; vat?: number }, name = "高性能蝶阀"): Promise<string> {
  const keeper = await priceBookKeeper(app);
  const res = await app.ok(keeper, CREATE_PRODUCT, {
    input: {
      code: `D343H-16C-${++productSerial}`,
      name,
      spec: "DN300 PN16",
      unit: "台",
      listPriceFen: yuan(price.list).fen,
      standardCostFen: yuan(price.cost).fen,
      floorPriceFen: yuan(price.floor ?? 0).fen,
      vatRatePercent: price.vat ?? 13,
    },
  });
  if (res.createProduct.__typename !== "Product") throw new Error(JSON.stringify(res.createProduct));
  return res.createProduct.id;
}

/**
 * A deal with a one-line quote of a price book product whose list price and standard cost are these
 * (in yuan, quantity 1, VAT 13%): the rep gives only the unit price.
 * Discount = (list − unit) ÷ list, margin = (unit − cost) ÷ unit.
 */
export async function quoteFor(app: TestApp, rep: User, price: { list: number; unit: number; cost: number; floor?: number }): Promise<{ id: string; number: string }> {
  const productId = await catalogueProduct(app, price);
  const opportunityId = await newDeal(app, rep);
  const res = await app.ok(rep, `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { ${QUOTE_FIELDS} } }`, {
    input: {
      opportunityId,
      lines: [{ productId, quantity: 1, unitPriceFen: yuan(price.unit).fen }],
      paymentTerms: "30%预付,70%到货",
      validUntil: "2026-12-31",
      riskNote: "客户要求60天账期",
    },
  });
  if (res.createQuote.__typename !== "Quote") throw new Error(JSON.stringify(res.createQuote));
  return { id: res.createQuote.id, number: res.createQuote.number };
}

/** The email to `to` about this quote (its number is in every subject) whose subject has `kind`. */
export const emailAbout = (to: string, number: string, kind = "请审批") => waitForEmail(to, (e) => e.subject.includes(number) && e.subject.includes(kind));

/** The people every approval test needs: a GM, a regional manager, their rep, a finance approver. */
export async function approvalTeam(app: TestApp) {
  await app.serve();
  const gm = await app.user({ name: "周总", roles: ["GM"] });
  const manager = await app.user({ name: "王海涛", roles: ["MANAGER"], managerId: gm.id });
  const rep = await app.user({ name: "陈刚", managerId: manager.id });
  const finance = await app.user({ name: "林芳", roles: ["FINANCE"], managerId: gm.id });
  return { gm, manager, rep, finance };
}

export const SUBMIT = `mutation($id: ID!) { submitQuote(id: $id) { ${QUOTE_FIELDS} } }`;
export const GET_QUOTE = `query($id: ID!) { quote(id: $id) { id status revision version marginPercent costTotal { fen }
  revisions { revision outcome } approvals { status revision steps { key status approvers { name } decidedBy { name } comment escalatedTo { name } } }
  timeline { edges { node { kind summary } } } } }`;
