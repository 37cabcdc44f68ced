import { randomUUID } from "node:crypto";
import type { User } from "../../functions/core/user";
import type { TestApp } from "../support/app";
import { mailbox, type SentEmail } from "../support/approvals";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { CREATE } from "../support/pipeline";

/** A local Shanghai time ("2026-11-27T09:00") as the instant it is. */
export const local = (s: string) => new Date(`${s}:00+08:00`);

/** A customer held by `rep` and a lead on it with a title nobody else uses; created at the clock's time. */
export async function leadOf(app: TestApp, rep: User, title = `蝶阀更换-${randomUUID().slice(0, 6)}`) {
  const customer = (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() })).createCustomer;
  if (!customer.id) throw new Error(JSON.stringify(customer));
  const deal = (await app.ok(rep, CREATE, { input: { customerId: customer.id, title } })).createOpportunity;
  if (deal.__typename !== "Opportunity") throw new Error(JSON.stringify(deal));
  return { id: deal.id as string, customerId: customer.id as string, customerName: customer.name as string, title };
}

/** Emails to `u` whose subject names `about` and has `kind`. */
export const emailsTo = async (u: User, about: string, kind: string): Promise<SentEmail[]> =>
  (await mailbox(u.email)).filter((e) => e.subject.includes(about) && e.subject.includes(kind));

export const FOLLOW_UP = `mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { __typename ... on Error { message } } }`;

export async function followUp(app: TestApp, u: User, customerId: string, nextActionOn?: string) {
  const res = await app.ok(u, FOLLOW_UP, { input: { customerId, kind: "CALL", note: "电话沟通了选型和交期", nextActionOn } });
  if (res.logFollowUp.__typename !== "Customer") throw new Error(JSON.stringify(res.logFollowUp));
}

export const UPDATE_ORG = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fields { path code message } }
  ... on Organization { version businessHours { workStart workEnd closedDays extraWorkdays } followUpSlaHours { stage hours } } } }`;

/** ADMIN changes the organization's settings at its current version. */
export async function updateOrg(app: TestApp, admin: User, input: Record<string, unknown>) {
  const { organization } = await app.ok(admin, `{ organization { version } }`);
  return (await app.ok(admin, UPDATE_ORG, { input: { expectedVersion: organization.version, ...input } })).updateOrganization;
}
