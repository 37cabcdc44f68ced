import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";

let app: TestApp;
let rep: User;
let english: User;

beforeAll(async () => {
  app = await testApp();
  rep = await app.user({ name: "王丽" });
  english = await app.user({ name: "David Lin", locale: "en" });
});

/** DynamoDB calls one request makes (the sign-in read included). */
async function callsOf(run: () => Promise<unknown>) {
  const before = app.db.stats.calls;
  const out = await run();
  return { out: out as any, calls: app.db.stats.calls - before };
}

const CUSTOMERS = `query($n: Int) { customers(first: $n) { edges { node { id } } } }`;
const NESTED = `query($n: Int) { customers(first: 5) { edges { node { id timeline(first: $n) { edges { node { kind } } } } } } }`;

describe("page sizes and id lists are capped before any resolver runs", () => {
  it("refuses first: 10000 given as a variable, or as a variable's default, with a typed error and no reads beyond signing in", async () => {
    // Act
    const { out, calls } = await callsOf(() => app.gql(rep, CUSTOMERS, { n: 10000 }));

    // Assess
    expect(out.data ?? null).toBeNull();
    expect(out.errors[0]).toMatchObject({
      message: "每页条数（first）必须在 1 到 200 之间",
      extensions: { code: "BAD_USER_INPUT", limit: { argument: "first", min: 1, max: 200 } },
    });
    expect(calls).toBeLessThanOrEqual(1);
    const byDefault = await app.gql(rep, `query($n: Int = 10000) { customers(first: $n) { edges { node { id } } } }`);
    expect(byDefault.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("refuses an oversized first on a nested connection before the outer list is read", async () => {
    const { out, calls } = await callsOf(() => app.gql(rep, NESTED, { n: 5000 }));
    expect(out.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(calls).toBeLessThanOrEqual(1);
  });

  it("refuses literal sizes above 200 and sizes below 1, in the user's language", async () => {
    const big = await app.gql(english, `{ users(first: 201) { edges { node { name } } } }`);
    expect(big.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" }, message: "first must be from 1 to 200" });
    const zero = await app.gql(rep, CUSTOMERS, { n: 0 });
    expect(zero.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const negative = await app.gql(rep, `{ customers(first: -1) { edges { node { id } } } }`);
    expect(negative.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const backwards = await app.gql(rep, `query($n: Int) { users(last: $n) { edges { node { name } } } }`, { n: 10000 });
    expect(backwards.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" }, message: "每页条数（last）必须在 1 到 200 之间" });
  });

  it("still answers sizes within the limit, literal or variable", async () => {
    expect((await app.ok(rep, CUSTOMERS, { n: 200 })).customers.edges).toEqual([]);
    expect((await app.ok(rep, `{ users(first: 1) { edges { node { name } } } }`)).users.edges).toHaveLength(1);
  });

  it("caps nodes(ids) at 100 ids, literal list or variable", async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => gid("User", `U${i}`));
    const { out, calls } = await callsOf(() => app.gql(rep, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }));
    expect(out.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(out.errors[0]).toMatchObject({ message: "一次最多查询 100 个编号（nodes）", extensions: { limit: { argument: "ids", max: 100 } } });
    expect(calls).toBeLessThanOrEqual(1);

    const literal = `{ nodes(ids: [${ids.slice(0, 101).map((id) => JSON.stringify(id)).join(",")}]) { id } }`;
    expect((await app.gql(rep, literal)).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");

    // Counted over the request: aliases do not multiply it.
    const aliased = await app.gql(rep, `query($ids: [ID!]!) { a: nodes(ids: $ids) { id } b: nodes(ids: $ids) { id } c: nodes(ids: $ids) { id } }`, { ids: ids.slice(0, 40) });
    expect(aliased.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");

    const hundred = await app.ok(rep, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [gid("User", rep.id), ...ids.slice(0, 99)] });
    expect(hundred.nodes[0]).toEqual({ id: gid("User", rep.id) });
  });
});
