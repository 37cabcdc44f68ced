import { beforeAll, describe, expect, it } from "vitest";
import type { Login, LoginDirectory } from "../../functions/auth/login-directory";
import type { User } from "../../functions/core/user";
import { localId } from "../../schema/ids";
import { gid, testApp, type TestApp } from "../support/app";

// In AWS, createUser opens the person's Cognito login and deactivation closes it (the adapter is
// test/auth/cognito-logins.test.ts). Here the app gets a directory that records what it is told and
// fails when asked to, so what an ADMIN sees through GraphQL can be checked end to end.

class RecordingLogins implements LoginDirectory {
  calls: [string, Login][] = [];
  failing = new Set<string>();
  private record(action: string, login: Login) {
    this.calls.push([action, login]);
    if (this.failing.has(action)) throw new Error(`Cognito is unavailable (${action})`);
    return Promise.resolve();
  }
  invite = (login: Login) => this.record("invite", login);
  disable = (login: Login) => this.record("disable", login);
  enable = (login: Login) => this.record("enable", login);
}

let app: TestApp;
let admin: User;
let logins: RecordingLogins;

const RESULT = `__typename ... on Error { message } ... on LoginNotOpenedError { userId } ... on User { id email active version }`;
const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { ${RESULT} } }`;
const UPDATE = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { ${RESULT} } }`;
const RESEND = `mutation($id: ID!) { resendInvitation(id: $id) { ${RESULT} } }`;

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
  logins = new RecordingLogins();
  app.deps.logins = logins;
});

const stored = async (id: string) => (await app.deps.store.users.getMany([id]))[0];

describe("sign-in accounts of users (Cognito in AWS)", () => {
  it("opens the login of a user ADMIN creates, named by the user's id, with their email, name and language", async () => {
    // Act
    const res = await app.ok(admin, CREATE, { input: { name: "刘洋", email: "Liu.Yang@Jierui.example", roles: ["REP"], locale: "EN" } });
    // Assess
    const id = localId(res.createUser.id, "User")!;
    expect(logins.calls).toContainEqual(["invite", { userId: id, email: "liu.yang@jierui.example", name: "刘洋", locale: "en" }]);
  });

  it("opens no login for a user it refuses (a taken email)", async () => {
    await app.ok(admin, CREATE, { input: { name: "甲", email: "taken@jierui.example", roles: ["REP"] } });
    const before = logins.calls.length;
    const dup = await app.ok(admin, CREATE, { input: { name: "乙", email: "TAKEN@jierui.example", roles: ["REP"] } });
    expect(dup.createUser.__typename).toBe("ValidationError");
    expect(logins.calls.length).toBe(before);
  });

  it("keeps the user when the login cannot be opened, says so in Chinese, and opens it on resendInvitation", async () => {
    // Prepare
    logins.failing.add("invite");
    // Act
    const res = await app.ok(admin, CREATE, { input: { name: "王芳", email: "wang.fang@jierui.example", roles: ["REP"] } });
    // Assess: a whole user, and the admin told how to finish
    expect(res.createUser).toMatchObject({
      __typename: "LoginNotOpenedError",
      message: "用户已保存，但登录账号未能开通（邀请邮件未发出），请稍后用 resendInvitation 重试",
    });
    const id = localId(res.createUser.userId, "User")!;
    expect(await stored(id)).toMatchObject({ email: "wang.fang@jierui.example", active: true });
    const again = await app.ok(admin, CREATE, { input: { name: "王芳", email: "wang.fang@jierui.example", roles: ["REP"] } });
    expect(again.createUser.__typename).toBe("ValidationError"); // the retry is resendInvitation, not a second user

    logins.failing.delete("invite");
    const resent = await app.ok(admin, RESEND, { id: res.createUser.userId });
    expect(resent.resendInvitation).toMatchObject({ __typename: "User", email: "wang.fang@jierui.example" });
    expect(logins.calls.slice(-2).map(([action, l]) => [action, l.userId])).toEqual([
      ["invite", id],
      ["enable", id],
    ]);
  });

  it("disables the login when ADMIN deactivates the user and enables it on reactivation", async () => {
    const rep = await app.user({ email: "rep.off@jierui.example" });
    const off = await app.ok(admin, UPDATE, { input: { id: gid("User", rep.id), expectedVersion: 1, active: false } });
    expect(off.updateUser).toMatchObject({ __typename: "User", active: false });
    expect(logins.calls.at(-1)).toEqual(["disable", expect.objectContaining({ userId: rep.id, email: "rep.off@jierui.example" })]);

    const on = await app.ok(admin, UPDATE, { input: { id: gid("User", rep.id), expectedVersion: 2, active: true } });
    expect(on.updateUser).toMatchObject({ __typename: "User", active: true });
    expect(logins.calls.at(-1)).toEqual(["enable", expect.objectContaining({ userId: rep.id })]);
  });

  it("still deactivates when the login cannot be disabled: the API refuses the person anyway", async () => {
    const rep = await app.user();
    logins.failing.add("disable");
    const off = await app.ok(admin, UPDATE, { input: { id: gid("User", rep.id), expectedVersion: 1, active: false } });
    logins.failing.delete("disable");
    expect(off.updateUser).toMatchObject({ __typename: "User", active: false });
    const asThem = await app.gql({ ...rep, active: false }, `{ me { id } }`);
    // Refused before the user (and so their language) is known.
    expect(asThem.errors?.[0]?.message).toMatch(/账号不存在或已停用|does not exist or is deactivated/);
  });

  it("lets only ADMIN resend an invitation, and only to an active user", async () => {
    const rep = await app.user();
    const asRep = await app.ok(rep, RESEND, { id: gid("User", rep.id) });
    expect(asRep.resendInvitation.__typename).toBe("ForbiddenError");
    const gone = await app.user({ active: false });
    const inactive = await app.ok(admin, RESEND, { id: gid("User", gone.id) });
    expect(inactive.resendInvitation).toMatchObject({ __typename: "ValidationError", message: expect.stringContaining("该用户已停用，请先启用") });
  });
});
