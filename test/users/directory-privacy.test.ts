import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";

let app: TestApp;
let gm: User;
let admin: User;
let manager: User;
let rep: User;
let colleague: User;
let otherManager: User;
let gone: User;

const DIRECTORY = `query($active: Boolean) { users(first: 200, filter: { active: $active }) { edges { node { name email phone department region active } } } }`;
const byName = (res: any) => new Map<string, any>(res.users.edges.map((e: any) => [e.node.name, e.node]));
const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { __typename
  ... on ValidationError { fields { path code } } ... on User { id email } } }`;
const UPDATE = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { __typename ... on Error { message } ... on User { name } } }`;

beforeAll(async () => {
  app = await testApp();
  gm = await app.user({ name: "周总", roles: ["GM"], phone: "13800000001" });
  admin = await app.user({ name: "管理员", roles: ["ADMIN"], phone: "13800000002" });
  manager = await app.user({ name: "王经理", roles: ["MANAGER"], managerId: gm.id, phone: "13800000003" });
  rep = await app.user({ name: "陈刚", managerId: manager.id, phone: "13800000004", department: "销售一部" });
  colleague = await app.user({ name: "刘洋", managerId: manager.id, phone: "13800000005", department: "销售一部", region: "华东" });
  otherManager = await app.user({ name: "李经理", roles: ["MANAGER"], managerId: gm.id, phone: "13800000006" });
  await app.user({ name: "孙倩", managerId: otherManager.id, phone: "13800000007" });
  gone = await app.user({ name: "离职者", managerId: manager.id, phone: "13800000008", active: false });
});

describe("directory privacy", () => {
  it("shows a rep colleagues' name, department, region and work email, but no phones and no former staff", async () => {
    // Act
    const seen = byName(await app.ok(rep, DIRECTORY));

    // Assess
    expect(seen.get("刘洋")).toEqual({ name: "刘洋", email: colleague.email, phone: null, department: "销售一部", region: "华东", active: true });
    expect(seen.get("周总").phone).toBeNull();
    expect(seen.get("陈刚").phone).toBe("13800000004"); // their own
    expect(seen.has("离职者")).toBe(false);
    expect(byName(await app.ok(rep, DIRECTORY, { active: false })).size).toBe(0);
    expect((await app.ok(rep, `query($id: ID!) { node(id: $id) { id } }`, { id: gid("User", gone.id) })).node).toBeNull();
  });

  it("shows a manager the phones of their own people (and their former staff), not of another team", async () => {
    const seen = byName(await app.ok(manager, DIRECTORY));
    expect(seen.get("刘洋").phone).toBe("13800000005");
    expect(seen.get("孙倩").phone).toBeNull();
    expect(seen.get("周总").phone).toBeNull();
    const former = byName(await app.ok(manager, DIRECTORY, { active: false }));
    expect([...former.keys()]).toEqual(["离职者"]);
    expect(former.get("离职者").phone).toBe("13800000008");
  });

  it("shows ADMIN and GM every phone and every former colleague", async () => {
    for (const who of [admin, gm]) {
      const seen = byName(await app.ok(who, DIRECTORY));
      expect(seen.get("孙倩").phone).toBe("13800000007");
      expect(seen.get("离职者").phone).toBe("13800000008");
    }
  });
});

describe("organizations are kept apart", () => {
  it("lets an ADMIN of another organization neither see nor change these users, nor learn their emails exist", async () => {
    // Prepare: a second organization in the same table
    const outsider = await app.user({ orgId: "other-org", name: "外部管理员", roles: ["ADMIN"] });

    // Act + Assess: the directory, node and updateUser know nothing of the first organization
    const names = [...byName(await app.ok(outsider, DIRECTORY)).keys()];
    expect(names).toEqual(["外部管理员"]);
    expect((await app.ok(outsider, `query($id: ID!) { node(id: $id) { id } }`, { id: gid("User", rep.id) })).node).toBeNull();
    const touched = await app.ok(outsider, UPDATE, { input: { id: gid("User", rep.id), expectedVersion: 1, name: "改名" } });
    expect(touched.updateUser.__typename).toBe("NotFoundError");
    expect((await app.reload(rep)).name).toBe("陈刚");

    // The same address may exist in each organization; the first one's is not revealed as "taken"
    const created = await app.ok(outsider, CREATE, { input: { name: "陈刚", email: rep.email, roles: ["REP"] } });
    expect(created.createUser).toMatchObject({ __typename: "User", email: rep.email });
  });

  it("keeps email addresses unique within an organization, also when two ADMINs race", async () => {
    const email = "same.person@jierui.example";
    const [a, b] = await Promise.all([
      app.ok(admin, CREATE, { input: { name: "甲", email, roles: ["REP"] } }),
      app.ok(admin, CREATE, { input: { name: "乙", email: email.toUpperCase(), roles: ["REP"] } }),
    ]);
    const kinds = [a.createUser.__typename, b.createUser.__typename].sort();
    expect(kinds).toEqual(["User", "ValidationError"]);
    expect([a, b].find((r) => r.createUser.__typename === "ValidationError")!.createUser.fields).toEqual([{ path: ["email"], code: "EMAIL_TAKEN" }]);

    // Moving someone onto a taken address is refused too
    const renamed = await app.ok(admin, `mutation($input: UpdateUserInput!) { updateUser(input: $input) { __typename
      ... on ValidationError { fields { path code } } } }`, { input: { id: gid("User", colleague.id), expectedVersion: 1, email } });
    expect(renamed.updateUser).toEqual({ __typename: "ValidationError", fields: [{ path: ["email"], code: "EMAIL_TAKEN" }] });

    // Nor through a look-alike of the address (full-width letters), and a domain must not end in a dot
    const lookAlike = await app.ok(admin, CREATE, { input: { name: "丙", email: "ｓame.person@jierui.example", roles: ["REP"] } });
    const trailingDot = await app.ok(admin, CREATE, { input: { name: "丁", email: "other.person@jierui.example.", roles: ["REP"] } });
    expect(lookAlike.createUser.fields).toEqual([{ path: ["email"], code: "EMAIL_TAKEN" }]);
    expect(trailingDot.createUser.fields).toEqual([{ path: ["email"], code: "INVALID_EMAIL" }]);
  });
});
