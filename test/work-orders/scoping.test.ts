import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { assign, CREATE_WO, customerOf, designRequest, LIST_WO, move, workOrderTeam } from "./support";

/**
 * Who sees which orders in `workOrders`: whoever asked, the assignee, the handling department, managers
 * for their team, GM and ADMIN everything; always from indexes, never a scan of the table.
 */
let app: TestApp;
let team: Awaited<ReturnType<typeof workOrderTeam>>;
let customer: { id: string; name: string };

const titles = async (as: User, filter: Record<string, unknown> = {}) =>
  (await app.ok(as, LIST_WO, { filter })).workOrders.edges.map((e: any) => e.node.title);

beforeAll(async () => {
  app = await testApp();
  team = await workOrderTeam(app);
  customer = await customerOf(app, team.rep);
  await designRequest(app, team.rep, { title: "W1 陈刚-技术", customerId: customer.id });
  app.clock.advance(60_000);
  await app.ok(team.otherRep, CREATE_WO, {
    input: { typeKey: "CREDIT_TERM_CHANGE", title: "W2 刘洋-财务", fields: [{ key: "currentTermDays", number: 30 }, { key: "requestedTermDays", number: 45 }, { key: "reason", text: "季度结算" }] },
  });
  app.clock.advance(60_000);
  await app.ok(team.rep, CREATE_WO, {
    input: {
      typeKey: "SPECIAL_PRICE",
      title: "W3 陈刚-特价",
      customerId: customer.id,
      fields: [{ key: "listPrice", fen: 100_000 }, { key: "requestedPrice", fen: 90_000 }, { key: "expectedMarginPercent", number: 21 }],
    },
  });
});

describe("workOrders", () => {
  it("shows each person what is theirs to see, newest first", async () => {
    // Act + Assess
    expect(await titles(team.rep)).toEqual(["W3 陈刚-特价", "W1 陈刚-技术"]);
    expect(await titles(team.otherRep)).toEqual(["W2 刘洋-财务"]);
    expect(await titles(team.engineer)).toEqual(["W1 陈刚-技术"]);
    expect(await titles(team.finance)).toEqual(["W3 陈刚-特价", "W2 刘洋-财务"]);
    expect(await titles(team.manager)).toEqual(["W3 陈刚-特价", "W1 陈刚-技术"]);
    expect(await titles(team.gm)).toEqual(["W3 陈刚-特价", "W2 刘洋-财务", "W1 陈刚-技术"]);
    expect(await titles(team.admin)).toHaveLength(3);
  });

  it("filters by customer, department, status, type, assignee and breach, within the viewer's scope, reading indexes only", async () => {
    // Prepare
    const w1 = (await app.ok(team.rep, LIST_WO, { filter: { typeKey: "NON_STANDARD_DESIGN" } })).workOrders.edges[0].node;
    await assign(app, team.director, w1.id, team.engineer);
    await move(app, team.engineer, w1.id, "ACKNOWLEDGED");
    const scansBefore = app.db.stats.byCommand.ScanCommand ?? 0;

    // Act + Assess
    expect(await titles(team.rep, { customerId: customer.id })).toEqual(["W3 陈刚-特价", "W1 陈刚-技术"]);
    expect(await titles(team.otherRep, { customerId: customer.id })).toEqual([]);
    expect(await titles(team.engineer, { customerId: customer.id })).toEqual(["W1 陈刚-技术"]);
    expect(await titles(team.gm, { department: "FINANCE" })).toEqual(["W3 陈刚-特价", "W2 刘洋-财务"]);
    expect(await titles(team.rep, { department: "FINANCE" })).toEqual(["W3 陈刚-特价"]);
    expect(await titles(team.gm, { status: "ACKNOWLEDGED" })).toEqual(["W1 陈刚-技术"]);
    expect(await titles(team.gm, { typeKey: "CREDIT_TERM_CHANGE" })).toEqual(["W2 刘洋-财务"]);
    expect(await titles(team.manager, { assigneeId: gid("User", team.engineer.id) })).toEqual(["W1 陈刚-技术"]);
    expect(await titles(team.otherRep, { assigneeId: gid("User", team.engineer.id) })).toEqual([]);
    expect(await titles(team.gm, { breached: true })).toEqual([]);
    app.clock.advance(5 * 3_600_000); // W2 and W3 (never acknowledged) are past their 4-hour response
    expect(await titles(team.gm, { breached: true })).toEqual(["W3 陈刚-特价", "W2 刘洋-财务"]);
    expect(await titles(team.gm, { breached: false })).toEqual(["W1 陈刚-技术"]);
    expect(app.db.stats.byCommand.ScanCommand ?? 0).toBe(scansBefore);
  });

  it("pages newest first with first/after", async () => {
    // Act
    const first = (await app.ok(team.gm, LIST_WO, { first: 2 })).workOrders;
    const rest = (await app.ok(team.gm, LIST_WO, { first: 2, after: first.pageInfo.endCursor })).workOrders;
    const repFirst = (await app.ok(team.finance, LIST_WO, { first: 1 })).workOrders;
    const repRest = (await app.ok(team.finance, LIST_WO, { first: 1, after: repFirst.pageInfo.endCursor })).workOrders;

    // Assess
    expect(first.edges.map((e: any) => e.node.title)).toEqual(["W3 陈刚-特价", "W2 刘洋-财务"]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(rest.edges.map((e: any) => e.node.title)).toEqual(["W1 陈刚-技术"]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect([...repFirst.edges, ...repRest.edges].map((e: any) => e.node.title)).toEqual(["W3 陈刚-特价", "W2 刘洋-财务"]);
  });
});
