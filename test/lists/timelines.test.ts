import { DeleteCommand, GetCommand } from "../../functions/store/dynamo";
import { decodeGlobalID } from "@pothos/plugin-relay";
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { key } from "../../functions/store/keys";
import { gid, testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { newDeal } from "../support/pipeline";
import { assign, designRequest, move, workOrderTeam } from "../work-orders/support";
import { countCalls } from "../support/calls";

/**
 * Timelines shown in a list (a page of customers, each with its newest entries) cost the same
 * DynamoDB calls for a page of 5 and of 40: they are read from the customers' timeline heads with
 * BatchGetItem, not with a Query per customer. What they show, and their cursors, are those of the
 * customer's own timeline.
 */
let app: TestApp;
let manager: User, rep: User, engineer: User, engineer2: User, director: User;
const ids: string[] = []; // oldest first
const CUSTOMERS = 40;

const FOLLOW_UP = `mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { __typename ... on Error { message } } }`;
const NOTE = `mutation($input: AddPrivateNoteInput!) { addPrivateNote(input: $input) { __typename ... on Activity { id } } }`;
const TIMELINE = `edges { cursor node { id kind at summary note isPrivate actor { name } } } pageInfo { hasNextPage endCursor }`;
const LIST = `query($first: Int, $n: Int) { customers(first: $first) { edges { node { id timeline(first: $n) { ${TIMELINE} } } } } }`;
const DEALS = `query($first: Int) { opportunities(first: $first) { edges { node { id timeline(first: 3) { ${TIMELINE} } } } } }`;
const ONE_DEAL = `query($id: ID!) { opportunity(id: $id) { timeline(first: 3) { ${TIMELINE} } } }`;
const REASSIGN = `mutation($input: ReassignCustomersInput!) { reassignCustomers(input: $input) { __typename ... on ReassignCustomersPayload { moved } } }`;
const ONE = `query($id: ID!, $n: Int, $after: String) { customer(id: $id) { timeline(first: $n, after: $after) { ${TIMELINE} } } }`;

const followUp = async (as: User, customerId: string, note: string) =>
  expect((await app.ok(as, FOLLOW_UP, { input: { customerId, kind: "CALL", note } })).logFollowUp.__typename).toBe("Customer");
const privateNote = async (as: User, customerId: string, text: string) =>
  expect((await app.ok(as, NOTE, { input: { customerId, text } })).addPrivateNote.__typename).toBe("Activity");

/** The DynamoDB calls one request makes, by command. */
const callsOf = (user: User, query: string, variables: Record<string, unknown>) => countCalls(app, user, query, variables);

const listed = async (as: User, first: number, n = 3) => (await app.ok(as, LIST, { first, n })).customers.edges.map((e: any) => e.node);
const own = async (as: User, id: string, n = 3, after?: string) => (await app.ok(as, ONE, { id, n, after })).customer.timeline;

beforeAll(async () => {
  app = await testApp();
  ({ manager, rep, engineer, engineer2, director } = await workOrderTeam(app));
  // Oldest 20: created only (1 entry); next 10: two follow-ups (3 entries, exactly a page);
  // newest 10: three follow-ups and the rep's private note (5 entries, the note the newest).
  for (let i = 0; i < CUSTOMERS; i++) {
    app.clock.advance(60_000);
    ids.push((await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id);
  }
  for (let i = 20; i < CUSTOMERS; i++) {
    for (let k = 1; k <= (i < 30 ? 2 : 3); k++) {
      app.clock.advance(1000);
      await followUp(rep, ids[i], `第${k}次电话 ${i}`);
    }
    if (i >= 30) {
      app.clock.advance(1000);
      await privateNote(rep, ids[i], `私人备注 ${i}`);
    }
  }
}, 240_000);

describe("timelines in a list of customers", () => {
  it("cost the same calls for 5 and 40 customers", async () => {
    const five = await callsOf(rep, LIST, { first: 5, n: 3 });
    const forty = await callsOf(rep, LIST, { first: CUSTOMERS, n: 3 });
    if (process.env.TIMELINE_FIGURES) console.log("calls", JSON.stringify({ five: five.calls, forty: forty.calls }));
    const nodes = forty.data.customers.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(CUSTOMERS);
    // Assess: the page really holds every kind of timeline (5, 3 and 1 entries), with the private notes on top.
    expect(nodes.filter((c: any) => c.timeline.edges.length === 3 && c.timeline.pageInfo.hasNextPage)).toHaveLength(10);
    expect(nodes.filter((c: any) => c.timeline.edges.length === 3 && !c.timeline.pageInfo.hasNextPage)).toHaveLength(10);
    expect(nodes.filter((c: any) => c.timeline.edges.length === 1 && c.timeline.edges[0].node.kind === "CREATED")).toHaveLength(20);
    expect(nodes.filter((c: any) => c.timeline.edges[0].node.isPrivate)).toHaveLength(10);
    expect(forty.calls).toEqual(five.calls);
    expect(forty.calls.QueryCommand ?? 0).toBeLessThanOrEqual(3); // the customers themselves, not one per timeline
  });

  it("shows what each customer's own timeline shows, private notes only to their author", async () => {
    for (const viewer of [rep, manager]) {
      const nodes = await listed(viewer, CUSTOMERS);
      expect(nodes.map((c: any) => c.id).sort()).toEqual([...ids].sort());
      for (const c of nodes) expect(c.timeline).toEqual(await own(viewer, c.id));
      const notes = JSON.stringify(nodes);
      if (viewer === rep) expect(notes).toContain("私人备注");
      else expect(notes).not.toContain("私人备注");
    }
  });

  it("pages on from a listed timeline's cursor", async () => {
    const newest = (await listed(rep, 1, 3))[0];
    expect(newest.id).toBe(ids[CUSTOMERS - 1]);
    const whole = await own(rep, newest.id, 10);
    expect(whole.edges).toHaveLength(5);
    expect(newest.timeline.edges).toEqual(whole.edges.slice(0, 3)); // same cursors too
    const next = await own(rep, newest.id, 3, newest.timeline.pageInfo.endCursor);
    expect(next.edges).toEqual(whole.edges.slice(3));
    expect(next.pageInfo.hasNextPage).toBe(false);
    const fromEdge = await own(rep, newest.id, 3, newest.timeline.edges[0].cursor);
    expect(fromEdge.edges).toEqual(whole.edges.slice(1, 4));
  });

  it("lists a customer whose head is missing (from before heads) and gives it one", async () => {
    const oldId = ids[CUSTOMERS - 2];
    const headKey = key.timelineHead(key.customer(decodeGlobalID(oldId).id).pk);
    expect((await app.db.doc.send(new GetCommand({ TableName: app.db.table, Key: headKey }))).Item?.since).toBe("ACT#");
    await app.db.doc.send(new DeleteCommand({ TableName: app.db.table, Key: headKey }));
    const baseline = await callsOf(rep, LIST, { first: 5, n: 3 });
    const nodes = baseline.data.customers.edges.map((e: any) => e.node);
    for (const c of nodes) expect(c.timeline).toEqual(await own(rep, c.id));
    const head = (await app.db.doc.send(new GetCommand({ TableName: app.db.table, Key: headKey }))).Item;
    expect(head?.since).toBe("ACT#"); // it read them all: five entries
    expect([...head!.entries].some((e: string) => e.includes(`|${rep.id}`))).toBe(true); // the private note too
    // Rebuilt: the next page costs what a page of customers with heads costs, and shows the same.
    const again = await callsOf(rep, LIST, { first: 40, n: 3 });
    expect(again.calls).toEqual((await callsOf(rep, LIST, { first: 5, n: 3 })).calls);
    expect(again.data.customers.edges.find((e: any) => e.node.id === oldId).node.timeline).toEqual(nodes.find((c: any) => c.id === oldId).timeline);
  });

  it("shows two entries one transaction wrote on the same customer (a colleague takes over a work order)", async () => {
    app.clock.advance(60_000);
    const customerId = (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id;
    const wo = await designRequest(app, rep, { title: "加长阀杆设计", customerId });
    expect((await assign(app, director, wo.id, engineer)).__typename).toBe("WorkOrder");
    const moved = await move(app, engineer2, wo.id, "ACKNOWLEDGED");
    expect(moved.assignee.name).toBe(engineer2.name);
    const [c] = await listed(rep, 2, 2);
    expect(c.id).toBe(customerId);
    const [a, b] = c.timeline.edges.map((e: any) => e.node);
    expect([a.kind, b.kind].sort()).toEqual(["WORK_ORDER_ASSIGNED", "WORK_ORDER_STATUS_CHANGED"]);
    expect(a.at).toBe(b.at);
    expect(c.timeline).toEqual(await own(rep, customerId, 2));
  });

  it("shows every one of concurrent follow-ups and notes on one customer", async () => {
    app.clock.advance(60_000);
    const customerId = (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id;
    await Promise.all([
      // Five at once, as a team after a meeting: each follow-up re-reads the customer until it lands.
      ...[1, 2, 3, 4, 5].map((k) => followUp(rep, customerId, `同时电话 ${k}`)),
      ...[1, 2, 3].map((k) => privateNote(rep, customerId, `同时备注 ${k}`)),
    ]);
    const [c] = await listed(rep, 2, 20);
    expect(c.id).toBe(customerId);
    const notes = c.timeline.edges.map((e: any) => e.node.note).filter(Boolean).sort();
    expect(notes).toEqual([1, 2, 3, 4, 5].map((k) => `同时电话 ${k}`).concat([1, 2, 3].map((k) => `同时备注 ${k}`)).sort());
    expect(c.timeline).toEqual(await own(rep, customerId, 20));
  });

  it("cost the same calls for a page of 3 deals and of 12, and show each deal's own timeline", async () => {
    const seller = await app.user({ name: "赵敏", managerId: manager.id });
    for (let i = 0; i < 12; i++) {
      app.clock.advance(60_000);
      await newDeal(app, seller);
    }
    const three = await callsOf(seller, DEALS, { first: 3 });
    const twelve = await callsOf(seller, DEALS, { first: 12 });
    const deals = twelve.data.opportunities.edges.map((e: any) => e.node);
    expect(deals).toHaveLength(12);
    expect(twelve.calls).toEqual(three.calls);
    for (const d of deals) {
      expect(d.timeline.edges.length).toBeGreaterThan(0);
      expect(d.timeline).toEqual((await app.ok(seller, ONE_DEAL, { id: d.id })).opportunity.timeline);
    }
  });

  it("keeps a long timeline's head small and still lists it right (trimmed, then read on by query)", async () => {
    const keeper = await app.user({ name: "孙丽", managerId: manager.id });
    app.clock.advance(60_000);
    const customerId = (await app.ok(keeper, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id;
    await app.ok(keeper, CREATE_CUSTOMER, { input: customerInput() }); // a list of two: read together
    for (let k = 1; k <= 70; k++) {
      app.clock.advance(1000);
      if (k % 10) await followUp(keeper, customerId, `长期跟进 ${k}`);
      else await privateNote(keeper, customerId, `长期备注 ${k}`);
    }
    const head = (await app.db.doc.send(new GetCommand({ TableName: app.db.table, Key: key.timelineHead(key.customer(decodeGlobalID(customerId).id).pk) }))).Item!;
    expect(head.entries.size).toBeLessThanOrEqual(60);
    expect(head.since > "ACT#").toBe(true); // the oldest entries left the head
    for (const n of [3, 30]) {
      const c = (await listed(keeper, 2, n)).find((x: any) => x.id === customerId);
      expect(c.timeline.edges).toHaveLength(n);
      expect(c.timeline.edges[0].node.note).toBe("长期备注 70");
      expect(c.timeline).toEqual(await own(keeper, customerId, n));
    }
    expect(JSON.stringify(await listed(manager, 50, 30))).not.toContain("长期备注");
  });

  it("lists right after a hand-over too big to update the heads in the same transaction", async () => {
    const taker = await app.user({ name: "周洁", managerId: manager.id });
    const res = await app.ok(manager, REASSIGN, { input: { fromUserId: gid("User", rep.id), toUserId: gid("User", taker.id) } });
    expect(res.reassignCustomers.moved).toBe(CUSTOMERS + 2);
    const nodes = await listed(taker, 50, 3);
    expect(nodes).toHaveLength(CUSTOMERS + 2);
    // Assess: 40 customers moved in one transaction (82 writes), their heads put on hold, not updated.
    const heads = await Promise.all(
      nodes.map(async (c: any) => (await app.db.doc.send(new GetCommand({ TableName: app.db.table, Key: key.timelineHead(key.customer(decodeGlobalID(c.id).id).pk) }))).Item!),
    );
    expect(heads.filter((h) => h.holdUntil > Date.now() && h.since === undefined)).toHaveLength(40);
    for (const c of nodes) {
      expect(c.timeline.edges[0].node.kind).toBe("REASSIGNED");
      expect(c.timeline).toEqual(await own(taker, c.id));
    }
  });
});
