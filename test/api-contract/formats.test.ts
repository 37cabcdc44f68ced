import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, emailAbout, quoteFor, SUBMIT } from "../support/approvals";

let app: TestApp;
let manager: User;
let rep: User;

const MY = `{ myApprovals { id summary { reference discountPercent marginPercent } } }`;
const DECIDE = `mutation($id: ID!, $d: ApprovalDecision!) { decideApproval(id: $id, decision: $d) {
  __typename ... on Error { message } ... on AlreadyDecidedError { decidedBy decidedAt } } }`;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

beforeAll(async () => {
  app = await testApp();
  ({ manager, rep } = await approvalTeam(app));
});

describe("formats a client can rely on", () => {
  it("a step decided twice says when in ISO-8601 UTC, and percentages carry two decimals at most", async () => {
    // Prepare: a third off the list price (33.333…%), half of it margin.
    const { id, number } = await quoteFor(app, rep, { list: 30_000, unit: 20_000, cost: 10_000 });
    await app.ok(rep, SUBMIT, { id });
    await emailAbout(manager.email, number);
    const task = (await app.ok(manager, MY)).myApprovals.find((a: any) => a.summary.reference.startsWith(number));
    expect(task.summary).toMatchObject({ discountPercent: 33.33, marginPercent: 50 });
    const quote = (await app.ok(manager, `query($id: ID!) { quote(id: $id) { discountPercent marginPercent } }`, { id })).quote;
    expect(quote).toEqual({ discountPercent: 33.33, marginPercent: 50 });

    // Act
    await app.ok(manager, DECIDE, { id: task.id, d: "APPROVE" });
    const again = (await app.ok(manager, DECIDE, { id: task.id, d: "REJECT" })).decideApproval;

    // Assess: the field is the instant in UTC; the sentence says it at the organization's local time (10:00 in Shanghai).
    expect(again).toMatchObject({ __typename: "AlreadyDecidedError", decidedBy: "王海涛", decidedAt: "2026-11-23T02:00:00.000Z" });
    expect(again.decidedAt).toMatch(ISO_UTC);
    expect(again.message).toMatch(/^该审批已由王海涛于2026-11-23 10:00批准$/);
  });
});
