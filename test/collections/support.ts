import { encodeGlobalID } from "@pothos/plugin-relay";
import type { User } from "../../functions/core/user";
import type { TestApp } from "../support/app";
import { mailbox } from "../support/approvals";
import { approversOf, contractTeam } from "../support/contracts";
import { localDay } from "../../functions/core/local-day";
import { advance, newDeal } from "../support/pipeline";

export const ERR = `__typename ... on Error { message } ... on ValidationError { fields { path code } }`;
export const INSTALMENT = `id index label amount { fen } dueOn dueAfter dueAfterDays status invoiced { fen } received { fen } outstanding { fen } collectionRequestedAt`;
export const COLLECTIONS = `id number amount { fen } signedOn deliveredOn acceptedOn instalments { ${INSTALMENT} }
  invoiced { fen } received { fen } outstanding { fen } overdue { fen } opportunity { id stage }`;
export const CONTRACT = `query($id: ID!) { contract(id: $id) { ${COLLECTIONS} } }`;
export const SET_PLAN = `mutation($id: ID!, $plan: [PaymentInstallmentInput!]!) { setPaymentPlan(contractId: $id, plan: $plan) { ${ERR} ... on Contract { ${COLLECTIONS} } } }`;
export const DELIVERED = `mutation($id: ID!, $on: Date!) { recordDelivery(contractId: $id, deliveredOn: $on) { ${ERR} ... on EventAlreadyRecordedError { on } ... on Contract { ${COLLECTIONS} } } }`;
export const ACCEPTED = `mutation($id: ID!, $on: Date!) { recordAcceptance(contractId: $id, acceptedOn: $on) { ${ERR} ... on EventAlreadyRecordedError { on } ... on Contract { ${COLLECTIONS} } } }`;
export const PAY = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { ${ERR} ... on OverpaymentError { outstanding { fen } }
  ... on PaymentReferenceConflictError { reference }
  ... on Payment { reference amount { fen } receivedOn allocations { instalment { id index } amount { fen } } } } }`;
export const INVOICE = `mutation($input: RecordInvoiceInput!) { recordInvoice(input: $input) { ${ERR} ... on Invoice { number amount { fen } issuedOn type instalment { index } } } }`;
export const REQUEST = `mutation($id: ID!) { requestCollection(instalmentId: $id) { ${ERR} ... on Instalment { ${INSTALMENT} } } }`;

export const gidOf = (type: string, id: string) => encodeGlobalID(type, id);

/** The people collections involve: GM, sales manager and rep, a finance supervisor with a finance clerk under them, legal. */
export async function collectionsTeam(app: TestApp) {
  const team = await contractTeam(app);
  const clerk = await app.user({ name: "钱敏", roles: ["FINANCE"], managerId: team.finance.id });
  return { ...team, clerk };
}

/** A signed contract (default plan 30/60/10 unless set after) on a new deal of `rep`. */
export async function signedContract(app: TestApp, rep: User, opts: { amountFen?: number; signedOn?: string } = {}) {
  const id = await newDeal(app, rep);
  // A second apart: each stay in a stage starts at its own instant.
  for (const stage of ["FIRST_CONTACT", "NEEDS_CONFIRMED", "QUOTED", "CONTRACT_SIGNED"]) {
    app.clock.advance(1000);
    await advance(app, rep, id, stage, {}, { contractAmountFen: opts.amountFen, signedOn: opts.signedOn });
  }
  app.clock.advance(1000);
  const c = (await app.ok(rep, `query($id: ID!) { opportunity(id: $id) { wonContract { id number } } }`, { id })).opportunity.wonContract;
  return { id: c.id as string, number: c.number as string, opportunityId: id };
}

export async function contractOf(app: TestApp, as: User, id: string) {
  return (await app.ok(as, CONTRACT, { id })).contract;
}

/** Collection reminders (subjects) in someone's mailbox about contract `number`. */
export async function remindersOf(u: User, number: string) {
  return (await mailbox(u.email)).filter((e) => e.subject.includes(number) && /回款|首款|Collection|Due today|Overdue|No first payment/.test(e.subject)).map((e) => e.subject);
}

export const pay = (app: TestApp, as: User, input: Record<string, unknown>) => app.ok(as, PAY, { input }).then((r) => r.recordPayment);

/** Finance records the rest of the won contract's amount as received today: the deal reaches 交付回款 by itself. */
export async function payInFull(app: TestApp, contractId: string) {
  const finance = (await approversOf(app)).find((u) => u.roles.includes("FINANCE"))!;
  const c = await contractOf(app, finance, contractId);
  app.clock.advance(1000);
  const today = localDay(app.clock.now(), "Asia/Shanghai");
  const res = await pay(app, finance, { contractId, amount: { fen: c.outstanding.fen }, receivedOn: today, reference: `FULL-${contractId}` });
  if (res.__typename !== "Payment") throw new Error(JSON.stringify(res));
  return res;
}
