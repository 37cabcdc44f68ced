import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { createGraphqlServer } from "../../functions/http/graphql";
import { lambdaAdapter } from "../../functions/http/lambda";
import { loadOrCreateKeys, type LocalKeys, signToken } from "../../functions/local/auth";
import { createLocalServer } from "../../functions/local/server";
import { testApp, type TestApp } from "../support/app";

let app: TestApp;
let keys: LocalKeys;
let url: string;
let rep: User;
let server: ReturnType<typeof createLocalServer>;

beforeAll(async () => {
  app = await testApp();
  rep = await app.user({ name: "王丽" });
  keys = await loadOrCreateKeys(`${mkdtempSync(`${tmpdir()}/keys-`)}/key.json`);
  const graphql = lambdaAdapter(createGraphqlServer(app.deps, { graphiql: { headers: "{}" } }));
  server = createLocalServer([{ prefix: "/graphql", handler: graphql, authorized: true }], keys);
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

  it("refuses queries too deep or with too many aliases before any resolver runs", async () => {
    const token = await signToken(keys, rep.id);
    const calls = app.db.stats.calls;
    const deep = await post({ query: "{ me { manager { manager { manager { manager { manager { manager { manager { manager { manager { manager { manager { name } } } } } } } } } } } } }" }, token);
    expect((await deep.json()).errors[0].message).toMatch(/depth/i);
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: me { name }`).join(" ");
    expect((await (await post({ query: `{ ${aliases} }` }, token)).json()).errors[0].message).toMatch(/alias/i);
    // Only the viewer lookups of the two requests reached DynamoDB: no resolver ran.
    expect(app.db.stats.calls - calls).toBeLessThanOrEqual(2);
  });

  it("masks unexpected failures instead of leaking internals", async () => {
    const token = await signToken(keys, rep.id);
    app.db.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "QueryCommand") throw new Error("secret internal detail: table t-123 on host 10.0.0.1");
        return next(args);
      },
      { step: "initialize", name: "breakQueries" },
    );
    try {
      const res = await post({ query: "{ customers { edges { cursor } } }" }, token);
      const body = JSON.stringify(await res.json());
      expect(body).toContain("Unexpected error.");
      expect(body).not.toContain("secret");
    } finally {
      app.db.client.middlewareStack.remove("breakQueries");
    }
  });
});
