import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { localId } from "../../schema/ids";
import { gid, testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";

let app: TestApp;
let admin: User;
let manager: User;

const USER_FIELDS = `__typename ... on Error { message } ... on ValidationError { fields { path code } }
  ... on User { id name email roles locale active customerCount version manager { name } }`;
const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { ${USER_FIELDS} } }`;
const UPDATE = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { ${USER_FIELDS}
  ... on UserHasCustomersError { customerCount } ... on VersionConflictError { currentVersion } } }`;
const REASSIGN = `mutation($input: ReassignCustomersInput!) { reassignCustomers(input: $input) {
  __typename ... on Error { message } ... on ReassignCustomersPayload { moved skipped toUser { name } } } }`;

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
  manager = await app.user({ name: "赵经理", roles: ["MANAGER"] });
});

describe("users", () => {
  it("lets ADMIN create a rep under a manager; the rep sees themselves with me", async () => {
    const res = await app.ok(admin, CREATE, {
      input: { name: "刘洋", email: "Liu.Yang@Jierui.example", roles: ["REP"], managerId: gid("User", manager.id), locale: "EN" },
    });
    expect(res.createUser).toMatchObject({ __typename: "User", name: "刘洋", email: "liu.yang@jierui.example", roles: ["REP"], locale: "EN", active: true, manager: { name: "赵经理" } });
    const [stored] = await app.deps.store.users.getMany([localId(res.createUser.id, "User")!]);
    const me = await app.ok(stored!, `{ me { name locale } }`);
    expect(me.me).toEqual({ name: "刘洋", locale: "EN" });
  });

  it("answers in the user's language", async () => {
    const english = await app.user({ locale: "en", roles: ["REP"] });
    const res = await app.ok(english, CREATE, { input: { name: "x", email: "x@example.com", roles: ["REP"] } });
    expect(res.createUser).toMatchObject({ __typename: "ForbiddenError", message: "You are not allowed to do this" });
    const zh = await app.ok(manager, CREATE, { input: { name: "x", email: "x@example.com", roles: ["REP"] } });
    expect(zh.createUser.message).toBe("无权执行此操作");
  });

  it("refuses a taken email, no roles, an unknown manager, and a manager cycle", async () => {
    await app.ok(admin, CREATE, { input: { name: "甲", email: "dup@example.com", roles: ["REP"] } });
    const dup = await app.ok(admin, CREATE, { input: { name: "乙", email: "DUP@example.com", roles: ["REP"] } });
    expect(dup.createUser).toMatchObject({ __typename: "ValidationError", fields: [{ path: ["email"], code: "EMAIL_TAKEN" }] });

    const bad = await app.ok(admin, CREATE, { input: { name: "", email: "not-an-email", roles: [] } });
    expect(bad.createUser.fields.map((f: any) => f.code).sort()).toEqual(["INVALID_EMAIL", "REQUIRED", "REQUIRED"]);

    const rep = await app.user({ managerId: manager.id });
    const cycle = await app.ok(admin, UPDATE, { input: { id: gid("User", manager.id), expectedVersion: 1, managerId: gid("User", rep.id) } });
    expect(cycle.updateUser).toMatchObject({ __typename: "ValidationError", fields: [{ path: ["managerId"], code: "CYCLE" }] });
  });

  it("lets people change their own name and language but not their roles", async () => {
    const rep = await app.user({ name: "旧名" });
    const own = await app.ok(rep, UPDATE, { input: { id: gid("User", rep.id), expectedVersion: 1, name: "新名", locale: "EN" } });
    expect(own.updateUser).toMatchObject({ __typename: "User", name: "新名", locale: "EN", version: 2 });
    const promote = await app.ok(rep, UPDATE, { input: { id: gid("User", rep.id), expectedVersion: 2, roles: ["ADMIN"] } });
    expect(promote.updateUser.__typename).toBe("ForbiddenError");
  });
});

describe("deactivating a rep and handing over their customers", () => {
  it("refuses to deactivate while they hold customers, then hands all over and deactivates", async () => {
    // Prepare
    const leaving = await app.user({ name: "离职销售", managerId: manager.id });
    const successor = await app.user({ name: "接手销售", managerId: manager.id });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await app.ok(leaving, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id);

    // Act + Assess
    const refused = await app.ok(admin, UPDATE, { input: { id: gid("User", leaving.id), expectedVersion: 1, active: false } });
    expect(refused.updateUser).toMatchObject({ __typename: "UserHasCustomersError", customerCount: 3 });

    const moved = await app.ok(manager, REASSIGN, { input: { fromUserId: gid("User", leaving.id), toUserId: gid("User", successor.id) } });
    expect(moved.reassignCustomers).toEqual({ __typename: "ReassignCustomersPayload", moved: 3, skipped: 0, toUser: { name: "接手销售" } });
    expect((await app.reload(leaving)).ownedCount).toBe(0);
    expect((await app.reload(successor)).ownedCount).toBe(3);
    const one = await app.ok(successor, `query($id: ID!) { customer(id: $id) { owner { name } releaseAt timeline(first: 1) { edges { node { kind summary } } } } }`, { id: ids[0] });
    expect(one.customer.owner.name).toBe("接手销售");
    expect(one.customer.timeline.edges[0].node).toEqual({ kind: "REASSIGNED", summary: "赵经理 将客户从 离职销售 移交给 接手销售" });

    const again = await app.ok(manager, REASSIGN, { input: { fromUserId: gid("User", leaving.id), toUserId: gid("User", successor.id), customerIds: [ids[0]] } });
    expect(again.reassignCustomers).toMatchObject({ moved: 0, skipped: 1 });

    const deactivated = await app.ok(admin, UPDATE, { input: { id: gid("User", leaving.id), expectedVersion: 1, active: false } });
    expect(deactivated.updateUser).toMatchObject({ __typename: "User", active: false });
    const login = await app.gql(leaving, `{ me { name } }`);
    expect(login.status).toBe(403);
  });

  it("keeps a manager to their own team and refuses an inactive recipient", async () => {
    const outsider = await app.user({ name: "别队" });
    const mine = await app.user({ managerId: manager.id });
    const across = await app.ok(manager, REASSIGN, { input: { fromUserId: gid("User", mine.id), toUserId: gid("User", outsider.id) } });
    expect(across.reassignCustomers.__typename).toBe("ForbiddenError");
    const gone = await app.user({ active: false });
    const inactive = await app.ok(admin, REASSIGN, { input: { fromUserId: gid("User", mine.id), toUserId: gid("User", gone.id) } });
    expect(inactive.reassignCustomers.__typename).toBe("ValidationError");
  });

  it("moves more customers than fit in one transaction", async () => {
    const big = await app.user({ name: "大客户经理" });
    const heir = await app.user({ name: "继任" });
    await app.ok(admin, `mutation { updateOrganization(input: { expectedVersion: 0, maxCustomersPerOwner: 200 }) { __typename } }`);
    for (let i = 0; i < 45; i++) await app.ok(big, CREATE_CUSTOMER, { input: customerInput() });
    const res = await app.ok(admin, REASSIGN, { input: { fromUserId: gid("User", big.id), toUserId: gid("User", heir.id) } });
    expect(res.reassignCustomers).toMatchObject({ moved: 45, skipped: 0 });
    expect((await app.reload(heir)).ownedCount).toBe(45);
    const list = await app.ok(heir, `{ customers(first: 200, filter: { inPool: false }) { edges { node { id } } } }`);
    expect(list.customers.edges).toHaveLength(45);
  });
});
