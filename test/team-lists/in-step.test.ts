import { UpdateCommand } from "../../functions/store/dynamo";
import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { key } from "../../functions/store/keys";
import { gid, testApp, type TestApp } from "../support/app";
import { CUSTOMER_FIELDS } from "../support/fixtures";
import { UPDATE as UPDATE_DEAL } from "../support/pipeline";
import { CUSTOMERS, callsOf, customerNames, customerWithDeal, dealTitles } from "./support";

const REASSIGN = `mutation($input: ReassignCustomersInput!) { reassignCustomers(input: $input) { __typename ... on ReassignCustomersPayload { moved } } }`;
const RELEASE = `mutation($id: ID!, $reason: String!) { releaseCustomer(id: $id, reason: $reason) { ${CUSTOMER_FIELDS} } }`;
const CLAIM = `mutation($id: ID!) { claimCustomer(id: $id) { ${CUSTOMER_FIELDS} } }`;
const UPDATE_USER = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { __typename ... on User { version } } }`;

let app: TestApp;
let admin: User;
let east: User;
let west: User;
let wang: User;
let chen: User;
let li: User;
const first = (viewer: User) => () => app.ok(viewer, CUSTOMERS, { first: 50 });

beforeAll(async () => {
  // Prepare: two managers (east: 王丽 and 陈刚; west: 李强), items filed by the first sweep.
  app = await testApp();
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
  east = await app.user({ name: "华东经理", roles: ["MANAGER"] });
  west = await app.user({ name: "华西经理", roles: ["MANAGER"] });
  wang = await app.user({ name: "王丽", managerId: east.id });
  chen = await app.user({ name: "陈刚", managerId: east.id });
  li = await app.user({ name: "李强", managerId: west.id });
  await runScheduledJobs(app.deps);
});

describe("team lists stay right when things change hands", () => {
  it("follows a hand-over (reassignCustomers) at once", async () => {
    await customerWithDeal(app, chen, "转交");
    expect(await customerNames(app, east)).toContain("客户·陈刚·转交");
    // Act: the admin hands all of 陈刚's customers to 李强 (as before a deactivation)
    const res = await app.ok(admin, REASSIGN, { input: { fromUserId: gid("User", chen.id), toUserId: gid("User", li.id) } });
    expect(res.reassignCustomers.moved).toBe(1);
    // Assess
    expect(await customerNames(app, east)).not.toContain("客户·陈刚·转交");
    expect(await customerNames(app, west)).toContain("客户·陈刚·转交");
  });

  it("follows a release to the pool and a claim from it", async () => {
    const { customerId } = await customerWithDeal(app, wang, "公海");
    const released = await app.ok(wang, RELEASE, { id: customerId, reason: "客户暂无需求" });
    expect(released.releaseCustomer.inPool).toBe(true);
    // In the pool: every manager and rep sees it, as the pool.
    for (const viewer of [east, west, li]) expect(await customerNames(app, viewer, { inPool: true })).toContain("客户·王丽·公海");
    expect(await customerNames(app, east, { inPool: false })).not.toContain("客户·王丽·公海");
    // Act: 李强 claims it
    expect((await app.ok(li, CLAIM, { id: customerId })).claimCustomer.__typename).toBe("Customer");
    // Assess: it is in the west team's list, out of the east's
    expect(await customerNames(app, west, { inPool: false })).toContain("客户·王丽·公海");
    expect(await customerNames(app, east)).not.toContain("客户·王丽·公海");
  });

  it("follows a deal's new owner", async () => {
    const { dealId } = await customerWithDeal(app, wang, "商机转交");
    expect(await dealTitles(app, east)).toContain("商机·王丽·商机转交");
    const moved = await app.ok(admin, UPDATE_DEAL, { input: { id: dealId, expectedVersion: 1, ownerId: gid("User", li.id) } });
    expect(moved.updateOpportunity.__typename).toBe("Opportunity");
    expect(await dealTitles(app, east)).not.toContain("商机·王丽·商机转交");
    expect(await dealTitles(app, west)).toContain("商机·王丽·商机转交");
  });

  it("moves a person's customers and deals to their new manager's list with them", async () => {
    await customerWithDeal(app, wang, "调岗");
    // Act: 王丽 moves from the east team to the west team
    const res = await app.ok(admin, UPDATE_USER, { input: { id: gid("User", wang.id), expectedVersion: 1, managerId: gid("User", west.id) } });
    expect(res.updateUser.__typename).toBe("User");
    // Assess: at once, without a sweep
    expect(await customerNames(app, west)).toContain("客户·王丽·调岗");
    expect(await dealTitles(app, west)).toContain("商机·王丽·调岗");
    expect(await customerNames(app, east)).not.toContain("客户·王丽·调岗");
    expect(await dealTitles(app, east)).not.toContain("商机·王丽·调岗");
    // Read by team, not one partition per person: the organization stayed filed.
    expect(await app.deps.store.teamKeys.filed(app.orgId)).toBe(true);
  });

  it("still lists items written before team keys, and files them at the next sweep", async () => {
    const rep = await app.user({ name: "赵敏", managerId: east.id });
    await customerWithDeal(app, rep, "旧数据");
    // Prepare: the item as an older version wrote it (no team key), in an organization not yet filed
    const [old] = await app.deps.store.customers.heldBy(app.orgId, rep.id);
    await app.db.doc.send(new UpdateCommand({ TableName: app.db.table, Key: key.customer(old.id), UpdateExpression: "REMOVE gsi6pk, ownerManagerId" }));
    await app.deps.store.teamKeys.unmark(app.orgId);
    const unfiled = await callsOf(app, first(east));
    // Assess: listed before and after the sweep; the sweep brings the calls back down
    expect(await customerNames(app, east)).toContain("客户·赵敏·旧数据");
    await runScheduledJobs(app.deps);
    expect(await customerNames(app, east)).toContain("客户·赵敏·旧数据");
    expect(await callsOf(app, first(east))).toBeLessThan(unfiled);
  });
});
