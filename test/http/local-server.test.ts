import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { createGraphqlServer } from "../../functions/http/graphql";
import { corsPolicy } from "../../functions/http/cors";
import { lambdaAdapter } from "../../functions/http/lambda";
import { loadOrCreateKeys, type LocalKeys, signToken } from "../../functions/local/auth";
import { createLocalServer } from "../../functions/local/server";
import { testApp, type TestApp } from "../support/app";

let app: TestApp;
let keys: LocalKeys;
let url: string;
let rep: User;
let server: ReturnType<typeof createLocalServer>;
/** The one configured browser origin (CORS_ORIGINS locally, the stack's setting in AWS). */
const FRONT_END = "http://localhost:5173";

beforeAll(async () => {
  app = await testApp();
  rep = await app.user({ name: "王丽" });
  keys = await loadOrCreateKeys(`${mkdtempSync(`${tmpdir()}/keys-`)}/key.json`);
  const graphql = lambdaAdapter(createGraphqlServer(app.deps, { graphiql: { headers: "{}" } }));
  server = createLocalServer([{ prefix: "/graphql", handler: graphql, authorized: true }], keys, { cors: corsPolicy([FRONT_END]) });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const post = (body: unknown, token?: string) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

describe("the local HTTP server (what the HTTP API and its JWT authorizer do in AWS)", () => {
  it("answers a signed-in user", async () => {
    const res = await post({ query: "{ me { name } }" }, await signToken(keys, rep.id));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { me: { name: "王丽" } } });
  });

  it("turns away a request without a token, or with a tampered or foreign one", async () => {
    expect((await post({ query: "{ me { name } }" })).status).toBe(401);
    const token = await signToken(keys, rep.id);
    const [h, p, s] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ sub: "someone-else", iss: "sales-api-local", aud: "sales-api", exp: 4102444800 })).toString("base64url");
    expect((await post({ query: "{ me { name } }" }, `${h}.${forged}.${s}`)).status).toBe(401);
    expect((await post({ query: "{ me { name } }" }, `${h}.${p}.${s.slice(0, -2)}AA`)).status).toBe(401);
    const otherKeys = await loadOrCreateKeys(`${mkdtempSync(`${tmpdir()}/keys-`)}/key.json`);
    expect((await post({ query: "{ me { name } }" }, await signToken(otherKeys, rep.id))).status).toBe(401);
  });

  it("serves GraphiQL to a browser", async () => {
    const res = await fetch(url, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("GraphiQL");
  });

  it("answers a CORS preflight from a configured origin as the HTTP API does: that origin, no credentials, the API's methods and headers, cached", async () => {
    const res = await fetch(url, {
      method: "OPTIONS",
      headers: { origin: FRONT_END, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(FRONT_END);
    expect(res.headers.get("access-control-allow-methods")).toBe("GET,POST");
    expect(res.headers.get("access-control-allow-headers")).toBe("authorization,content-type");
    expect(res.headers.get("access-control-max-age")).toBe("600");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    // The query itself: the browser lets the page read the answer.
    const token = await signToken(keys, rep.id);
    const answer = await fetch(url, { method: "POST", headers: { origin: FRONT_END, "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query: "{ me { name } }" }) });
    expect(answer.headers.get("access-control-allow-origin")).toBe(FRONT_END);
    expect(await answer.json()).toEqual({ data: { me: { name: "王丽" } } });
  });

  it("gives another origin no CORS headers at all, so its page cannot read the API", async () => {
    const preflight = await fetch(url, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
    expect([...preflight.headers.keys()].filter((h) => h.startsWith("access-control-"))).toEqual([]);
    const token = await signToken(keys, rep.id);
    const answer = await fetch(url, { method: "POST", headers: { origin: "https://evil.example", "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query: "{ me { name } }" }) });
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses queries too deep or with too many aliases before any resolver runs", async () => {
    const token = await signToken(keys, rep.id);
    const calls = app.db.stats.calls;
    const deep = await post({ query: "{ me { manager { manager { manager { manager { manager { manager { manager { manager { manager { manager { manager { name } } } } } } } } } } } } }" }, token);
    // In the reader's language (王丽 reads Chinese).
    expect((await deep.json()).errors[0].message).toMatch(/depth|嵌套过深/i);
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: me { name }`).join(" ");
    expect((await (await post({ query: `{ ${aliases} }` }, token)).json()).errors[0].message).toMatch(/alias|别名过多/i);
    // Only the viewer lookups of the two requests reached DynamoDB: no resolver ran.
    expect(app.db.stats.calls - calls).toBeLessThanOrEqual(2);
  });

  it("masks unexpected failures instead of leaking internals", async () => {
    const token = await signToken(keys, rep.id);
    app.db.doc.intercept("breakQueries", async (command, next) => {
      if (command.operation === "Query") throw new Error("secret internal detail: table t-123 on host 10.0.0.1");
      return next();
    });
    try {
      const res = await post({ query: "{ customers { edges { cursor } } }" }, token);
      const body = JSON.stringify(await res.json());
      expect(body).toContain("Unexpected error.");
      expect(body).not.toContain("secret");
    } finally {
      app.db.doc.removeInterceptor("breakQueries");
    }
  });
});
