import { randomUUID } from "node:crypto";
import { addDays, localDay } from "../../functions/core/local-day";
import type { User } from "../../functions/core/user";
import type { TestApp } from "./app";
import { approversOf, decideUntilDone } from "./contracts";
import { mailbox } from "./approvals";
import { CREATE_CUSTOMER, customerInput } from "./fixtures";
import { CREATE, newDeal } from "./pipeline";

export const SELLER = "宁波捷锐流体控制有限公司";

/** The seller's name and letterhead, set once per test app (a fresh table per file). */
export async function sellerOf(app: TestApp): Promise<User> {
  const admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
  await app.ok(admin, `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }`, {
    input: { expectedVersion: 0, name: SELLER, letterhead: { address: "浙江省宁波市北仑区黄山西路188号", phone: "0574-8688 1234", taxId: "91330206MA2H3K7X1R" } },
  });
  return admin;
}

/** `n` lines of butterfly valves: about 25 fit on a PDF page, so 30 make two pages. */
const linesOf = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    product: `高性能蝶阀 ${i + 1} 号`,
    spec: `DN${100 + i * 10} PN16`,
    quantity: 1,
    unit: "台",
    listPriceFen: 1_000_000,
    unitPriceFen: 1_000_000,
  }));

/** A deal with a new customer whose one contact is the quote's addressee (their language chooses the page's). */
async function dealWithContact(app: TestApp, rep: User, contact: { name: string; email: string; locale: string }): Promise<string> {
  const customer = await app.ok(rep, CREATE_CUSTOMER, { input: customerInput({ contacts: [contact] }) });
  if (customer.createCustomer.__typename !== "Customer") throw new Error(JSON.stringify(customer.createCustomer));
  const deal = await app.ok(rep, CREATE, { input: { customerId: customer.createCustomer.id, title: "DN300 butterfly valves" } });
  return deal.createOpportunity.id;
}

export interface SentQuote {
  id: string;
  number: string;
  /** The view link from the email the customer received. */
  link: string;
  sendId: string;
  sha256: string;
  pdfFileName: string;
  to: string;
}

/** An approved quote of `lines` lines sent to a new address; its view link as read from the email in the SES emulator. */
export async function sentQuote(app: TestApp, rep: User, opts: { lines?: number; contact?: { name: string; locale: "EN" | "ZH_CN" } } = {}): Promise<SentQuote> {
  await approversOf(app);
  const to = `buyer.${randomUUID().slice(0, 8)}@customer.example`;
  const opportunityId = opts.contact ? await dealWithContact(app, rep, { ...opts.contact, email: to }) : await newDeal(app, rep);
  const created = await app.ok(rep, `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { __typename ... on Error { message } ... on Quote { id number } } }`, {
    input: { opportunityId, lines: linesOf(opts.lines ?? 1), paymentTerms: "30%预付，60%到货，10%质保金", validUntil: addDays(localDay(app.clock.now(), "Asia/Shanghai"), 30) },
  });
  if (created.createQuote.__typename !== "Quote") throw new Error(JSON.stringify(created.createQuote));
  const { id, number } = created.createQuote;
  await app.ok(rep, `mutation($id: ID!) { submitQuote(id: $id) { __typename } }`, { id });
  const status = await decideUntilDone(app, number, async () => (await app.ok(rep, `query($id: ID!) { quote(id: $id) { status } }`, { id })).quote.status);
  if (status !== "APPROVED") throw new Error(`quote ${number} ended ${status}`);
  const sent = await app.ok(rep, `mutation($input: SendQuoteInput!) { sendQuote(input: $input) { __typename ... on Error { message } ... on QuoteSend { id sha256 pdfFileName } } }`, {
    input: { quoteId: id, to: [to], idempotencyKey: randomUUID() },
  });
  if (sent.sendQuote.__typename !== "QuoteSend") throw new Error(JSON.stringify(sent.sendQuote));
  const [email] = await mailbox(to);
  const link = /(https?:\/\/\S+\/q\/[A-Za-z0-9_-]{43})/.exec(email?.body.text ?? "")?.[1];
  if (!link) throw new Error(`No view link in: ${email?.body.text}`);
  return { id, number, link, sendId: sent.sendQuote.id, sha256: sent.sendQuote.sha256, pdfFileName: sent.sendQuote.pdfFileName, to };
}

/** A desktop Chrome on Windows: a person's browser, as the tracking tells them from machines. */
export const DESKTOP_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/153.0.0.0 Safari/537.36";
