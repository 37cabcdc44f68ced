import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchLocally } from "../../functions/core/webhook/local";
import type { User } from "../../functions/core/user";
import { type TestApp, testApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { startReceiver, verifySignature } from "./receiver";

const SECRET = "whsec_test_0123456789abcdef";

const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) {
  __typename
  ... on Error { message }
  ... on WebhookUrlRefusedError { reason url }
  ... on ValidationError { fields { path code } }
  ... on WebhookWithSecret { secret webhook { id url events enabled secretHint version } } } }`;

const DELIVERIES = `query($id: ID!) { webhookDeliveries(webhookId: $id, first: 20) { edges { node {
  id eventId eventType status attempts statusCode nextAttemptAt responseSnippet replayOf payload attemptLog { statusCode error } } } } }`;

const REPLAY = `mutation($id: ID!) { replayWebhookDelivery(id: $id) { __typename ... on Error { message } ... on WebhookDelivery { id eventId status replayOf } } }`;

/** An app whose server delivers as `npm start` does (right after the commit), with loopback endpoints allowed. */
async function setup() {
  const app = await testApp();
  app.deps.config.webhookTargets = "LOCAL";
  const dispatcher = dispatchLocally(app.deps, 3_600_000);
  afterAll(() => dispatcher.stop());
  const admin = await app.user({ roles: ["ADMIN"] });
  const rep = await app.user({ roles: ["REP"] });
  return { app, dispatcher, admin, rep };
}

async function register(app: TestApp, admin: User, url: string, events = ["CUSTOMER_CREATED"]) {
  const res = (await app.ok(admin, CREATE_WEBHOOK, { input: { url, events, secret: SECRET } })).createWebhook;
  expect(res.__typename, JSON.stringify(res)).toBe("WebhookWithSecret");
  return res.webhook.id as string;
}

const deliveriesOf = async (app: TestApp, admin: User, id: string) =>
  (await app.ok(admin, DELIVERIES, { id })).webhookDeliveries.edges.map((e: { node: any }) => e.node);

describe("webhooks deliver signed events to a partner's endpoint", () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
  });

  it("sends customer.created, signed with the endpoint's secret, right after createCustomer", async () => {
    // Prepare
    const { app, admin, rep } = s;
    const receiver = await startReceiver();
    const hook = await register(app, admin, receiver.url);
    // Act
    const created = (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput({ name: "宁波海天阀门有限公司", remark: "老板喜欢喝茶，私下说预算紧" }) })).createCustomer;
    const got = await receiver.nth(1);
    // Assess
    const { valid, t } = verifySignature(got.headers["x-signature"], got.body, SECRET);
    expect(valid).toBe(true);
    expect(t).toBe(Math.floor(app.clock.now().getTime() / 1000));
    expect(verifySignature(got.headers["x-signature"], got.body, "whsec_someone_elses_secret").valid).toBe(false);
    const event = JSON.parse(got.body);
    expect(event).toMatchObject({ type: "customer.created", orgId: app.orgId, occurredAt: app.clock.now().toISOString(), data: { name: "宁波海天阀门有限公司", ownerId: rep.id } });
    expect(got.headers["x-webhook-id"]).toBe(event.id);
    expect(got.headers["x-webhook-event"]).toBe("customer.created");
    // The remark (private notes) never leaves.
    expect(got.body).not.toContain("喝茶");
    expect(created.__typename).toBe("Customer");
    await s.dispatcher.idle();
    const [d] = await deliveriesOf(app, admin, hook);
    expect(d).toMatchObject({ eventId: event.id, eventType: "CUSTOMER_CREATED", status: "DELIVERED", attempts: 1, statusCode: 200, responseSnippet: "ok", nextAttemptAt: null });
    await app.ok(admin, `mutation($id: ID!) { deleteWebhook(id: $id) { __typename } }`, { id: hook });
  });

  it("retries an endpoint answering 500 with backoff until it answers 200, and shows every attempt", async () => {
    // Prepare
    const { app, admin, rep, dispatcher } = s;
    const receiver = await startReceiver([500, 500]);
    const hook = await register(app, admin, receiver.url);
    // Act: the first attempt right after the commit
    await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() });
    const first = await receiver.nth(1);
    await dispatcher.idle();
    let [d] = await deliveriesOf(app, admin, hook);
    // Assess: about a minute later (±20 %), nothing before
    expect(d).toMatchObject({ status: "PENDING", attempts: 1, statusCode: 500, responseSnippet: "failed 500" });
    const wait = Date.parse(d.nextAttemptAt) - app.clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(48_000);
    expect(wait).toBeLessThanOrEqual(72_000);
    app.clock.advance(30_000);
    await dispatcher.kick();
    expect(receiver.received).toHaveLength(1);

    app.clock.advance(60_000);
    await dispatcher.kick();
    await receiver.nth(2);
    [d] = await deliveriesOf(app, admin, hook);
    expect(d).toMatchObject({ status: "PENDING", attempts: 2, statusCode: 500 });
    // The second wait is about twice the first.
    const wait2 = Date.parse(d.nextAttemptAt) - app.clock.now().getTime();
    expect(wait2).toBeGreaterThanOrEqual(96_000);
    expect(wait2).toBeLessThanOrEqual(144_000);

    app.clock.advance(150_000);
    await dispatcher.kick();
    const third = await receiver.nth(3);
    [d] = await deliveriesOf(app, admin, hook);
    expect(d).toMatchObject({ status: "DELIVERED", attempts: 3, statusCode: 200, nextAttemptAt: null });
    expect(d.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 200]);
    // The same event each time, signed anew at each attempt's time.
    expect(third.body).toBe(first.body);
    expect(third.headers["x-webhook-id"]).toBe(first.headers["x-webhook-id"]);
    expect(verifySignature(third.headers["x-signature"], third.body, SECRET)).toEqual({ valid: true, t: Math.floor(app.clock.now().getTime() / 1000) });
    await app.ok(admin, `mutation($id: ID!) { deleteWebhook(id: $id) { __typename } }`, { id: hook });
  });

  it("counts a redirect as a failure and does not follow it", async () => {
    // Prepare
    const { app, admin, rep, dispatcher } = s;
    const receiver = await startReceiver([302]);
    const hook = await register(app, admin, receiver.url);
    // Act
    await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() });
    await receiver.nth(1);
    await dispatcher.idle();
    // Assess
    const [d] = await deliveriesOf(app, admin, hook);
    expect(d).toMatchObject({ status: "PENDING", attempts: 1, statusCode: 302 });
    expect(receiver.received).toHaveLength(1);
    await app.ok(admin, `mutation($id: ID!) { deleteWebhook(id: $id) { __typename } }`, { id: hook });
  });

  it("emits nothing for a mutation that fails, and the event once for the one that succeeds", async () => {
    // Prepare
    const { app, admin, rep, dispatcher } = s;
    const receiver = await startReceiver();
    const hook = await register(app, admin, receiver.url);
    const taken = customerInput();
    await app.ok(rep, CREATE_CUSTOMER, { input: taken });
    await receiver.nth(1);
    // Act: refused by validation, and by the duplicate check inside the transaction
    const invalid = (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput({ name: "" }) })).createCustomer;
    const duplicate = (await app.ok(rep, CREATE_CUSTOMER, { input: { ...taken, source: "转介绍" } })).createCustomer;
    app.clock.advance(60_000);
    await dispatcher.kick();
    await dispatcher.idle();
    // Assess
    expect(invalid.__typename).toBe("ValidationError");
    expect(duplicate.__typename).toBe("DuplicateCustomerError");
    expect(receiver.received).toHaveLength(1);
    expect(await deliveriesOf(app, admin, hook)).toHaveLength(1);
    await app.ok(admin, `mutation($id: ID!) { deleteWebhook(id: $id) { __typename } }`, { id: hook });
  });

  it("replays a delivery with the same event id and body", async () => {
    // Prepare
    const { app, admin, rep, dispatcher } = s;
    const receiver = await startReceiver();
    const hook = await register(app, admin, receiver.url);
    await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() });
    const first = await receiver.nth(1);
    await dispatcher.idle();
    const [original] = await deliveriesOf(app, admin, hook);
    // Act
    app.clock.advance(3_600_000);
    const replay = (await app.ok(admin, REPLAY, { id: original.id })).replayWebhookDelivery;
    const again = await receiver.nth(2);
    await dispatcher.idle();
    // Assess
    expect(replay).toMatchObject({ __typename: "WebhookDelivery", eventId: original.eventId, replayOf: original.id });
    expect(again.headers["x-webhook-id"]).toBe(first.headers["x-webhook-id"]);
    expect(again.body).toBe(first.body);
    expect(verifySignature(again.headers["x-signature"], again.body, SECRET)).toEqual({ valid: true, t: Math.floor(app.clock.now().getTime() / 1000) });
    const list = await deliveriesOf(app, admin, hook);
    expect(list.map((d: { status: string; eventId: string; replayOf: string | null }) => [d.status, d.eventId, d.replayOf])).toEqual([
      ["DELIVERED", original.eventId, original.id],
      ["DELIVERED", original.eventId, null],
    ]);
    await app.ok(admin, `mutation($id: ID!) { deleteWebhook(id: $id) { __typename } }`, { id: hook });
  });
});

describe("webhook endpoints in AWS mode", () => {
  it("refuses http, and private, loopback, link-local and metadata addresses, also behind a host name", async () => {
    // Prepare
    const { app, admin } = await setup();
    app.deps.config.webhookTargets = "PUBLIC";
    const refused = async (url: string) => (await app.ok(admin, CREATE_WEBHOOK, { input: { url, events: ["CUSTOMER_CREATED"] } })).createWebhook;
    // Act + Assess
    for (const url of ["http://10.0.0.1/hook", "http://127.0.0.1/hook", "http://example.com/hook"]) {
      expect(await refused(url), url).toMatchObject({ __typename: "WebhookUrlRefusedError", reason: "NOT_HTTPS", url });
    }
    for (const url of [
      "https://10.0.0.1/hook",
      "https://127.0.0.1/hook",
      "https://169.254.169.254/latest/meta-data/",
      "https://[::1]/hook",
      "https://[::ffff:127.0.0.1]/hook",
      "https://[fd00:ec2::254]/hook",
      "https://100.64.0.1/hook",
      "https://192.168.1.10/hook",
      "https://localhost/hook", // a name that resolves to loopback
    ]) {
      const res = await refused(url);
      expect(res, url).toMatchObject({ __typename: "WebhookUrlRefusedError", reason: "FORBIDDEN_ADDRESS" });
      expect(res.message).toBe("Webhook 地址不能指向内网、本机、链路本地或云元数据地址。");
    }
    expect((await app.ok(admin, `{ webhooks { url } }`)).webhooks).toEqual([]);
    // A public address is accepted (registration does not call it).
    expect((await refused("https://93.184.216.34/hook")).__typename).toBe("WebhookWithSecret");
  });

  it("checks the address again at delivery: a name that now resolves to loopback gets nothing", async () => {
    // Prepare: registered while loopback was allowed, as if its DNS changed since
    const { app, admin, rep, dispatcher } = await setup();
    const receiver = await startReceiver();
    const hook = await register(app, admin, `https://localhost:${receiver.port}/hooks`);
    app.deps.config.webhookTargets = "PUBLIC";
    // Act
    await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() });
    await dispatcher.idle();
    // Assess
    const [d] = await deliveriesOf(app, admin, hook);
    expect(d).toMatchObject({ status: "PENDING", attempts: 1, statusCode: null, attemptLog: [{ statusCode: null, error: "地址被拒绝（FORBIDDEN_ADDRESS），未发送。" }] });
    expect(receiver.received).toHaveLength(0);
  });
});

describe("who manages webhooks", () => {
  it("only an ADMIN registers, lists and reads deliveries", async () => {
    // Prepare
    const { app, admin } = await setup();
    const manager = await app.user({ roles: ["MANAGER"] });
    const finance = await app.user({ roles: ["FINANCE"] });
    const hook = await register(app, admin, "http://127.0.0.1:9/hooks");
    for (const u of [manager, finance]) {
      // Act
      const created = (await app.ok(u, CREATE_WEBHOOK, { input: { url: "http://127.0.0.1:9/x", events: ["QUOTE_ACCEPTED"] } })).createWebhook;
      const listed = await app.gql(u, `{ webhooks { id } }`);
      const deliveries = await app.gql(u, DELIVERIES, { id: hook });
      // Assess
      expect(created).toMatchObject({ __typename: "ForbiddenError", message: "只有管理员可以管理 Webhook。" });
      expect(listed.errors?.[0]?.extensions?.code).toBe("ForbiddenError");
      expect(deliveries.errors?.[0]?.extensions?.code).toBe("ForbiddenError");
    }
    expect((await app.ok(admin, `{ webhooks { url events secretHint } }`)).webhooks).toEqual([{ url: "http://127.0.0.1:9/hooks", events: ["CUSTOMER_CREATED"], secretHint: SECRET.slice(-4) }]);
  });
});
