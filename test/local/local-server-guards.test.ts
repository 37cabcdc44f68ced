import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { gunzipSync } from "node:zlib";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalFileStore } from "../../functions/files/local-file-store";
import { corsPolicy } from "../../functions/http/cors";
import { createGraphqlServer } from "../../functions/http/graphql";
import { lambdaAdapter } from "../../functions/http/lambda";
import { quoteViewHandler } from "../../functions/http/quote-view";
import { loadOrCreateKeys, signToken } from "../../functions/local/auth";
import { createLocalServer } from "../../functions/local/server";
import { testApp } from "../support/app";

/**
 * The local server as `npm start` runs it (GraphiQL signed in, files, quote links, CORS): what a web
 * page in the developer's browser can and cannot do with it.
 */
const FRONT_END = "http://localhost:5173";
let port: number;
let server: ReturnType<typeof createLocalServer>;
let adminToken: string;

beforeAll(async () => {
  const app = await testApp();
  const admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
  const keys = await loadOrCreateKeys(`${mkdtempSync(`${tmpdir()}/keys-`)}/key.json`);
  adminToken = await signToken(keys, admin.id);
  const graphql = lambdaAdapter(createGraphqlServer(app.deps, { graphiql: { headers: JSON.stringify({ Authorization: `Bearer ${adminToken}` }) }, renderGraphiQL }));
  const files = app.deps.files as LocalFileStore;
  server = createLocalServer(
    [
      { prefix: "/graphql", handler: graphql, authorized: true },
      { prefix: "/files", raw: (req, res) => files.handle(req, res) },
      { prefix: "/q", handler: quoteViewHandler(app.deps), authorized: false },
    ],
    keys,
    { cors: corsPolicy([FRONT_END]) },
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A request as a browser sends it, Host header included (fetch will not let a test set Host). */
function send(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: opts.method ?? "GET", headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

const page = { accept: "text/html" };

describe("DNS rebinding: a page whose own name now points at 127.0.0.1", () => {
  it("gets nothing from any route: GraphiQL (and its admin token), files, quote links, preflights", async () => {
    for (const host of ["evil.example", `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `localhost:${port + 1}`]) {
      const graphiql = await send("/graphql", { headers: { ...page, host } });
      expect(graphiql.status, host).toBe(421);
      expect(graphiql.body.toString()).not.toContain(adminToken);
      const query = await send("/graphql", { method: "POST", headers: { host, "content-type": "application/json", authorization: `Bearer ${adminToken}` }, body: '{"query":"{ me { name } }"}' });
      expect(query.status, host).toBe(421);
      expect((await send("/files/anything", { headers: { host } })).status).toBe(421);
      expect((await send("/q/not-a-link", { headers: { host } })).status).toBe(421);
      expect((await send("/graphql", { method: "OPTIONS", headers: { host, origin: FRONT_END, "access-control-request-method": "POST" } })).status).toBe(421);
    }
  });

  it("while the developer's own browser, by any loopback name, gets GraphiQL", async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const res = await send("/graphql", { headers: { ...page, host } });
      expect(res.status, host).toBe(200);
      expect(res.body.toString()).toContain("GraphiQL");
    }
  });
});

describe("GraphiQL page", () => {
  it("may not be framed by another site, and comes gzipped to a browser that accepts it", async () => {
    const plain = await send("/graphql", { headers: page });
    expect(plain.headers["x-frame-options"]).toBe("DENY");
    expect(plain.headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const zipped = await send("/graphql", { headers: { ...page, "accept-encoding": "gzip, deflate, br" } });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
    expect(gunzipSync(zipped.body).toString()).toBe(plain.body.toString());
  });
});

describe("upload and download URLs (/files/…)", () => {
  it("answer a malformed percent-escape with 400, for GET and PUT, and log nothing", async () => {
    const logged = vi.spyOn(console, "error");
    try {
      for (const path of ["/files/%E0%A4%A", "/files/%ZZ", "/files/a%E0%A4%A?x=1"]) {
        expect((await send(path)).status, path).toBe(400);
        expect((await send(path, { method: "PUT", headers: { "content-type": "application/pdf" }, body: "x" })).status, path).toBe(400);
      }
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it("answer a browser's preflight as the evidence bucket does in AWS: PUT and GET, the configured origins only", async () => {
    const preflight = (origin: string, method: string) =>
      send("/files/some-ticket", { method: "OPTIONS", headers: { origin, "access-control-request-method": method, "access-control-request-headers": "content-type" } });
    for (const method of ["PUT", "GET"]) {
      const res = await preflight(FRONT_END, method);
      expect(res.status).toBe(204);
      expect(res.headers["access-control-allow-origin"]).toBe(FRONT_END);
      expect(String(res.headers["access-control-allow-methods"]).split(",")).toEqual(expect.arrayContaining(["PUT", "GET"]));
      expect(String(res.headers["access-control-allow-headers"])).toContain("content-type");
    }
    const foreign = await preflight("https://evil.example", "PUT");
    expect(Object.keys(foreign.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
    // The API itself still takes GET and POST only.
    expect((await send("/graphql", { method: "OPTIONS", headers: { origin: FRONT_END, "access-control-request-method": "PUT" } })).headers["access-control-allow-origin"]).toBeUndefined();
  });
});
