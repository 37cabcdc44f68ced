import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import sparticuz from "@sparticuz/chromium";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGraphqlServer } from "../../functions/http/graphql";
import { lambdaAdapter } from "../../functions/http/lambda";
import { loadOrCreateKeys, signToken } from "../../functions/local/auth";
import { createLocalServer } from "../../functions/local/server";
import { testApp } from "../support/app";

/**
 * GraphiQL as `npm start` serves it, in a real headless Chromium that may reach nothing but this
 * machine (as offline, or behind the Great Firewall where public CDNs often fail): the page and
 * everything it loads come from the project's own packages, and it runs a query.
 */
let browser: Browser;
let url: string;
let server: ReturnType<typeof createLocalServer>;

beforeAll(async () => {
  const app = await testApp();
  const rep = await app.user({ name: "王丽" });
  const keys = await loadOrCreateKeys(`${mkdtempSync(`${tmpdir()}/keys-`)}/key.json`);
  const token = await signToken(keys, rep.id);
  const graphql = lambdaAdapter(createGraphqlServer(app.deps, { graphiql: { headers: JSON.stringify({ Authorization: `Bearer ${token}` }) }, renderGraphiQL }));
  server = createLocalServer([{ prefix: "/graphql", handler: graphql, authorized: true }], keys);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  browser = await chromium.launch({ executablePath: await sparticuz.executablePath(), args: sparticuz.args.filter((a) => !/single-process/.test(a)) });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => server?.close(() => r()));
});

describe("GraphiQL without internet access", () => {
  it("renders from the project's own packages and runs a query", async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    // Anything not on this machine fails, as it would offline.
    await page.route("**/*", (route) => {
      const host = new URL(route.request().url()).hostname;
      if (["127.0.0.1", "localhost"].includes(host) || route.request().url().startsWith("blob:") || route.request().url().startsWith("data:")) return route.continue();
      outside.push(route.request().url());
      return route.abort("internetdisconnected");
    });
    try {
      await page.goto(`${url}?query=${encodeURIComponent("{ me { name } }")}`);
      await page.locator(".graphiql-execute-button").waitFor({ timeout: 20_000 });
      expect(await page.title()).toBe("Sales API");
      expect(await page.content()).not.toContain("Loading __TITLE__");
      await page.locator(".graphiql-execute-button").click();
      await expect.poll(() => page.locator(".graphiql-response").innerText(), { timeout: 20_000 }).toContain("王丽");
      expect(outside).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
