import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { httpApiEvent, testApp, type TestApp } from "../support/app";

let app: TestApp;
let rep: User;
let english: User;

beforeAll(async () => {
  app = await testApp();
  rep = await app.user({ name: "王丽" });
  english = await app.user({ name: "David Lin", locale: "en" });
});

/** A request with headers of the caller's choosing (the test app's `gql` sends none). */
async function withHeaders(as: User | null, query: string, headers: Record<string, string>) {
  const event = httpApiEvent({ query }, as ? { sub: as.id } : undefined);
  event.headers = { ...event.headers, ...headers };
  const res = await app.handler(event);
  const out = typeof res === "string" ? { body: res } : res;
  return JSON.parse(out.body ?? "{}");
}

const DEEP = `{ me { manager { manager { manager { manager { manager { manager { manager { manager { manager { manager { manager { manager { name } } } } } } } } } } } } } }`;
const ALIASES = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(" ")} }`;
const TOKENS = `{ ${Array.from({ length: 1500 }, () => "me { id }").join(" ")} }`;
const DIRECTIVES = `{ me { ${Array.from({ length: 25 }, (_, i) => `f${i}: id @include(if: true)`).join(" ")} } }`;
const ABUSIVE = `{ customers(first: 200) { edges { node { id opportunities(first: 200) { edges { node { id title timeline(first: 200) { edges { node { kind at } } } } } } } } } }`;

describe("limit refusals are typed, not syntax errors, and in the reader's language", () => {
  it.each([
    ["depth", DEEP, "QUERY_TOO_DEEP", "查询嵌套过深：最多 12 层"],
    ["aliases", ALIASES, "TOO_MANY_ALIASES", "别名过多：最多 15 个（本次 20 个）。"],
    ["tokens", TOKENS, "TOO_MANY_TOKENS", "查询过长：最多 4000 个词法单元。"],
    ["directives", DIRECTIVES, "TOO_MANY_DIRECTIVES", "指令过多：最多 20 个"],
    ["cost", ABUSIVE, "QUERY_TOO_COSTLY", "查询开销过大：上限 50000"],
  ])("%s: a Chinese reader gets code and a Chinese message", async (_, query, code, start) => {
    const out = await app.gql(rep, query);
    expect(out.data ?? null).toBeNull();
    expect(out.errors?.[0].extensions?.code).toBe(code);
    expect(out.errors?.[0].message.startsWith(start)).toBe(true);
    expect(out.errors?.map((e) => e.message).join(" ")).not.toMatch(/Syntax Error/);
  });

  it("an English user gets the refusal in English, whatever the browser says", async () => {
    const out = await withHeaders(english, ALIASES, { "accept-language": "zh-CN,zh;q=0.9" });
    expect(out.errors[0]).toMatchObject({ message: "Too many aliases: at most 15 (this one has 20).", extensions: { code: "TOO_MANY_ALIASES", limit: { max: 15, found: 20 } } });
    const tokens = await app.gql(english, TOKENS);
    expect(tokens.errors?.[0]).toMatchObject({ message: "The query is too long: at most 4000 tokens.", extensions: { code: "TOO_MANY_TOKENS" } });
  });

  it("without a signed-in user the Accept-Language header decides", async () => {
    const en = await withHeaders(null, DEEP, { "accept-language": "en-GB,en;q=0.8" });
    expect(en.errors[0].extensions.code).toBe("QUERY_TOO_DEEP");
    expect(en.errors[0].message).toMatch(/^The query is nested too deeply: at most 12 levels/);
    const zh = await withHeaders(null, DEEP, {});
    expect(zh.errors[0].message).toMatch(/^查询嵌套过深/);
  });
});

describe("the cost limit lets ordinary screens through and stops abusive ones", () => {
  const SCREEN = `query Team { customers(first: 50) { edges { cursor node { id name tier region industry inPool releaseAt owner { id name }
    opportunities(first: 5) { edges { node { id title stage probability expectedCloseOn amount { fen } owner { name } } } }
    timeline(first: 3) { edges { node { kind at actor { name } } } } } } pageInfo { hasNextPage endCursor } } }`;

  it("a manager's page of 50 customers with 5 deals and 3 timeline entries each is answered", async () => {
    const manager = await app.user({ name: "赵经理", roles: ["MANAGER"] });
    const out = await app.gql(manager, SCREEN);
    expect(out.errors).toBeUndefined();
    expect(out.data.customers.pageInfo.hasNextPage).toBe(false);
  });

  it("sizes given as variables, or left to their default of 50, are priced as what they fetch", async () => {
    const vars = `query($a: Int, $b: Int, $c: Int) { customers(first: $a) { edges { node { id opportunities(first: $b) { edges { node { id title timeline(first: $c) { edges { node { kind at } } } } } } } } } }`;
    const out = await app.gql(rep, vars, { a: 200, b: 200, c: 200 });
    expect(out.errors?.[0].extensions?.code).toBe("QUERY_TOO_COSTLY");
    const defaults = `{ customers { edges { node { id opportunities { edges { node { id title timeline { edges { node { kind at } } } } } } } } } }`;
    expect((await app.gql(english, defaults)).errors?.[0]).toMatchObject({ extensions: { code: "QUERY_TOO_COSTLY" }, message: expect.stringMatching(/^The query would cost too much/) });
    const small = await app.gql(rep, vars, { a: 50, b: 5, c: 3 });
    expect(small.errors).toBeUndefined();
  });
});
