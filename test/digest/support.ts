import { expect } from "vitest";
import type { User } from "../../functions/core/user";
import type { TestApp } from "../support/app";
import { mailbox, type SentEmail } from "../support/approvals";
import { heldBy } from "../support/fixtures";

/** The daily digests in someone's mailbox (Chinese or English subject), oldest first. */
export const digestsTo = async (u: User): Promise<SentEmail[]> =>
  (await mailbox(u.email)).filter((e) => e.subject.startsWith("每日工作提醒") || e.subject.startsWith("Your daily digest"));

/** "2026-11-24T09:15" local (Asia/Shanghai) as an instant. */
export const shanghai = (local: string) => new Date(`${local}:00+08:00`);

const UPDATE_ORG = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename
  ... on ValidationError { fields { path code message } } ... on Organization { version digestTime releaseDays { C } } } }`;

/** ADMIN changes organization settings through the API; returns what the API answered. */
export async function setOrganization(app: TestApp, admin: User, input: Record<string, unknown>) {
  const { organization } = await app.ok(admin, `{ organization { version } }`);
  return (await app.ok(admin, UPDATE_ORG, { input: { expectedVersion: organization.version, ...input } })).updateOrganization;
}

const LOG = `mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { __typename ... on Error { message } ... on Customer { name nextActionOn } } }`;

/** A customer `owner` holds (tier B), followed up now with its next action planned for `nextActionOn`; its name. */
export async function customerDueOn(app: TestApp, owner: User, nextActionOn: string): Promise<string> {
  const id = await heldBy(app, owner, "B");
  const res = (await app.ok(owner, LOG, { input: { customerId: id, kind: "CALL", note: "电话沟通需求", nextActionOn } })).logFollowUp;
  expect(res).toMatchObject({ __typename: "Customer", nextActionOn });
  return res.name as string;
}

/** A customer of tier C `owner` holds, with nothing logged; its name. */
export async function customerOfTier(app: TestApp, owner: User, tier: string): Promise<string> {
  const id = await heldBy(app, owner, tier);
  const { customer } = await app.ok(owner, `query($id: ID!) { customer(id: $id) { name } }`, { id });
  return customer.name as string;
}
