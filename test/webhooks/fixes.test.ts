import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchLocally } from "../../functions/core/webhook/local";
import type { User } from "../../functions/core/user";
import { type TestApp, testApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { startReceiver } from "./receiver";

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) {
  __typename ... on Error { message } ... on WebhookUrlRefusedError { reason url } ... on ValidationError { fields { path code } }
  ... on WebhookWithSecret { webhook { id url version } } } }`;
const UPDATE = `mutation($input: UpdateWebhookInput!) { updateWebhook(input: $input) {
  __typename ... on Error { message } ... on WebhookUrlRefusedError { reason } ... on ValidationError { fields { path code } } ... on Webhook { id url enabled version } } }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(webhookId: $id, first: 20) { edges { node {
  id status attempts lastError attemptLog { statusCode error } } } } }`;
const DELETE = `mutation($id: ID!) { deleteWebhook(id: $id) { __typename } }`;

async function setup() {
  const app = await testApp();
  app.deps.config.webhookTargets = "LOCAL";
  const dispatcher = dispatchLocally(app.deps, 3_600_000);
  afterAll(() => dispatcher.stop());
  const admin = await app.user({ roles: ["ADMIN"] });
  const rep = await app.user({ roles: ["REP"] });
  return { app, dispatcher, admin, rep };
}

const create = async (app: TestApp, admin: User, url: string, events = ["CUSTOMER_CREATED"]) => (await app.ok(admin, CREATE, { input: { url, events } })).createWebhook;

/** An endpoint that takes the request and never answers (until the test lets go of it). */
async function startHangingReceiver() {
  const held: ServerResponse[] = [];
  let arrived!: () => void;
  const firstArrival = new Promise<void>((r) => (arrived = r));
  const server = createServer((req, res) => {
    req.resume();
    held.push(res);
    arrived();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, held, firstArrival, release: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

describe("webhook endpoints: what an admin may register", () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
  });

  it("refuses metadata and private addresses locally too, and allows loopback however it is spelled", async () => {
    const { app, admin } = s;
    for (const url of ["https://169.254.169.254/latest", "http://10.0.0.1/x", "http://[::ffff:169.254.169.254]/x", "http://192.168.1.5/x", "http://0.0.0.0:8080/x"]) {
      const res = await create(app, admin, url);
      expect(res, url).toMatchObject({ __typename: "WebhookUrlRefusedError", reason: "FORBIDDEN_ADDRESS" });
    }
    for (const url of ["http://0x7f000001:18081/h", "http://127.1:18081/h", "http://localhost:18081/h", "http://[::1]:18081/h"]) {
      const res = await create(app, admin, url);
      expect(res.__typename, url).toBe("WebhookWithSecret");
      await app.ok(admin, DELETE, { id: res.webhook.id });
    }
    const ok = await create(app, admin, "http://127.0.0.1:18085/u");
    const moved = (await app.ok(admin, UPDATE, { input: { id: ok.webhook.id, expectedVersion: 1, url: "https://169.254.169.254/x" } })).updateWebhook;
    expect(moved).toMatchObject({ __typename: "WebhookUrlRefusedError", reason: "FORBIDDEN_ADDRESS" });
    await app.ok(admin, DELETE, { id: ok.webhook.id });
  });

  it("says what is wrong with a URL in words, once, without echoing a long one", async () => {
    const { app, admin } = s;
    const long = `http://127.0.0.1:18081/${"a".repeat(3000)}`;
    const tooLong = await create(app, admin, long);
    expect(tooLong.__typename).toBe("ValidationError");
    expect(tooLong.message).toContain("2000");
    expect(JSON.stringify(tooLong)).not.toContain("aaaaaaaaaa");
    expect(await create(app, admin, "http:///path")).toMatchObject({ __typename: "WebhookUrlRefusedError", reason: "INVALID_URL" });
    expect(await create(app, admin, "http://127.0.0.1:0/x")).toMatchObject({ __typename: "WebhookUrlRefusedError", reason: "INVALID_URL" });
    const noEvents = await create(app, admin, "http://127.0.0.1:18083/c", []);
    expect(noEvents.__typename).toBe("ValidationError");
    expect(noEvents.message).not.toMatch(/事件.*事件/);
    const badId = (await app.ok(admin, `mutation { replayWebhookDelivery(id: "garbage") { __typename ... on Error { message } } }`)).replayWebhookDelivery;
    expect(badId.message).not.toContain("编号编号");
  });

  it("refuses an empty URL on update without a new version, and a URL the organization already registered", async () => {
    const { app, admin } = s;
    const first = await create(app, admin, "http://127.0.0.1:18086/same");
    const emptied = (await app.ok(admin, UPDATE, { input: { id: first.webhook.id, expectedVersion: 1, url: "" } })).updateWebhook;
    expect(emptied.__typename).toBe("ValidationError");
    const twice = await create(app, admin, "http://127.0.0.1:18086/same", ["PAYMENT_RECORDED"]);
    expect(twice.__typename).toBe("WebhookUrlTakenError");
    expect(twice.message).toContain("已注册");
    const other = await create(app, admin, "http://127.0.0.1:18086/other");
    const moved = (await app.ok(admin, UPDATE, { input: { id: other.webhook.id, expectedVersion: 1, url: "http://127.0.0.1:18086/same" } })).updateWebhook;
    expect(moved.__typename).toBe("WebhookUrlTakenError");
    const list = (await app.ok(admin, `{ webhooks { id url version } }`)).webhooks;
    expect(list.find((w: { id: string }) => w.id === first.webhook.id)).toMatchObject({ url: "http://127.0.0.1:18086/same", version: 1 });
    for (const id of [first.webhook.id, other.webhook.id]) await app.ok(admin, DELETE, { id });
    // At the same moment too: one of five registrations wins; the URL is free again once deleted.
    const raced = await Promise.all(Array.from({ length: 5 }, () => create(app, admin, "http://127.0.0.1:18086/race")));
    expect(raced.map((r) => r.__typename).sort()).toEqual(["WebhookUrlTakenError", "WebhookUrlTakenError", "WebhookUrlTakenError", "WebhookUrlTakenError", "WebhookWithSecret"]);
    await app.ok(admin, DELETE, { id: raced.find((r) => r.webhook)!.webhook.id });
    const again = await create(app, admin, "http://127.0.0.1:18086/race");
    expect(again.__typename).toBe("WebhookWithSecret");
    await app.ok(admin, DELETE, { id: again.webhook.id });
  });
});

describe("webhook delivery", () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
  });

  it("never sends, after re-enabling, what was pending when the endpoint was disabled, and counts no attempt it did not make", async () => {
    const { app, admin, rep, dispatcher } = s;
    const receiver = await startReceiver([500]);
    const hook = (await create(app, admin, receiver.url)).webhook.id;
    await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() });
    await receiver.nth(1);
    await dispatcher.idle();
    // Disabled while its first event waits for a retry; an event while disabled; then enabled again.
    await app.ok(admin, UPDATE, { input: { id: hook, expectedVersion: 1, enabled: false } });
    await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() });
    app.clock.advance(10_000);
    await app.ok(admin, UPDATE, { input: { id: hook, expectedVersion: 2, enabled: true } });
    app.clock.advance(5 * 60_000);
    await dispatcher.kick();
    await dispatcher.idle();
    // Only the one real attempt reached the receiver; the old event failed without a second one.
    expect(receiver.received).toHaveLength(1);
    const [d] = (await app.ok(admin, DELIVERIES, { id: hook })).webhookDeliveries.edges.map((e: { node: any }) => e.node);
    expect(d).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(d.attemptLog).toHaveLength(1);
    expect(d.lastError).toContain("停用");
    // Events from now on are sent.
    await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() });
    await receiver.nth(2);
    await app.ok(admin, DELETE, { id: hook });
  });

  it("delivers to a healthy endpoint while another one hangs, in the same run", async () => {
    const { app, admin, rep, dispatcher } = s;
    const hanging = await startHangingReceiver();
    const hung = [];
    for (const path of ["/a1", "/a2", "/a3"]) hung.push((await create(app, admin, `${hanging.base}${path}`)).webhook.id);
    const healthy = await startReceiver();
    const hook = (await create(app, admin, healthy.url)).webhook.id;
    const started = Date.now();
    await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() });
    // Both are sent in parallel, so either may arrive first: wait for the two, then check the healthy one
    // did not queue behind a hanging one (well within one 10-second timeout of the hanging endpoint).
    await Promise.all([healthy.nth(1), hanging.firstArrival]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(hanging.held.length).toBeGreaterThan(0);
    await hanging.release();
    await dispatcher.idle();
    for (const id of [...hung, hook]) await app.ok(admin, DELETE, { id });
  }, 30_000);
});
