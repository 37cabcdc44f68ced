import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import * as Customers from "../../functions/core/customer";
import { idempotent } from "../../functions/core/idempotency";
import { decodeGlobalID } from "@pothos/plugin-relay";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput, heldBy } from "../support/fixtures";
import { customerNames, ERR, FOLLOW_UP, timelineOf } from "./support";

/** Retried mutations with an idempotency key: one effect per key, a reused key refused, keys per caller and for 24 hours. */
let app: TestApp;
let manager: User;
let alice: User;
let bob: User;

beforeAll(async () => {
  app = await testApp();
  manager = await app.user({ name: "赵经理", roles: ["MANAGER"] });
  alice = await app.user({ name: "王丽", managerId: manager.id });
  bob = await app.user({ name: "陈刚", managerId: manager.id });
});

const followUp = (as: User, input: Record<string, unknown>) => app.ok(as, FOLLOW_UP, { input }).then((r) => r.logFollowUp);

describe("logFollowUp with an idempotency key", () => {
  it("adds one entry however often the same request is retried, and returns the customer each time", async () => {
    // Prepare
    const customerId = await heldBy(app, alice);
    const input = { customerId, kind: "CALL", note: "确认了交期", idempotencyKey: "call-1" };

    // Act
    const first = await followUp(alice, input);
    // The retry lists its fields in another order: the same request.
    const retry = await followUp(alice, { idempotencyKey: "call-1", note: "确认了交期", kind: "CALL", customerId });

    // Assess
    expect(first).toMatchObject({ __typename: "Customer", id: customerId });
    expect(retry).toEqual(first);
    expect(await timelineOf(app, alice, customerId, "FOLLOW_UP")).toEqual([{ note: "确认了交期" }]);
  });

  it("without a key, a retry adds a second entry (as before)", async () => {
    const customerId = await heldBy(app, alice);
    const input = { customerId, kind: "CALL", note: "无幂等键" };

    await followUp(alice, input);
    await followUp(alice, input);

    expect(await timelineOf(app, alice, customerId, "FOLLOW_UP")).toHaveLength(2);
  });

  it("refuses the same key with another note, writing nothing", async () => {
    // Prepare
    const customerId = await heldBy(app, alice);
    await followUp(alice, { customerId, kind: "VISIT", note: "现场拜访", idempotencyKey: "visit-7" });

    // Act
    const reused = await followUp(alice, { customerId, kind: "VISIT", note: "另一次拜访", idempotencyKey: "visit-7" });

    // Assess
    expect(reused).toEqual({ __typename: "IdempotencyKeyReusedError", message: "该幂等键已用于另一个内容不同的请求，请为新的请求使用新的幂等键" });
    expect(await timelineOf(app, alice, customerId, "FOLLOW_UP")).toEqual([{ note: "现场拜访" }]);
  });

  it("writes one entry when the same request arrives twice at once, and both get the customer", async () => {
    const customerId = await heldBy(app, alice);
    const input = { customerId, kind: "MEETING", note: "并发重试", idempotencyKey: "meet-race" };

    const results = await Promise.all([followUp(alice, input), followUp(alice, input), followUp(alice, input)]);

    expect(results.map((r) => r.__typename)).toEqual(["Customer", "Customer", "Customer"]);
    expect(await timelineOf(app, alice, customerId, "FOLLOW_UP")).toHaveLength(1);
  });

  it("forgets a key after 24 hours: the same key then records a new follow-up", async () => {
    // Prepare
    const customerId = await heldBy(app, alice);
    const input = { customerId, kind: "CALL", note: "每日回访", idempotencyKey: "daily" };
    await followUp(alice, input);

    // Act
    app.clock.advance(24 * 3_600_000 - 60_000);
    await followUp(alice, input);
    const withinADay = (await timelineOf(app, alice, customerId, "FOLLOW_UP")).length;
    app.clock.advance(2 * 60_000);
    await followUp(alice, input);

    // Assess
    expect(withinADay).toBe(1);
    expect(await timelineOf(app, alice, customerId, "FOLLOW_UP")).toHaveLength(2);
  });

  it("keeps each person's keys apart: a colleague's same key is another key", async () => {
    // Prepare: the manager may follow up on the rep's customer too
    const customerId = await heldBy(app, alice);

    // Act
    const own = await followUp(alice, { customerId, kind: "CALL", note: "销售回访", idempotencyKey: "shared-key" });
    const colleague = await followUp(manager, { customerId, kind: "VISIT", note: "经理陪访", idempotencyKey: "shared-key" });

    // Assess
    expect([own.__typename, colleague.__typename]).toEqual(["Customer", "Customer"]);
    expect((await timelineOf(app, alice, customerId, "FOLLOW_UP")).map((e) => e.note).sort()).toEqual(["经理陪访", "销售回访"].sort());
  });

  it("does not use up a key on a refused request: the corrected retry with it goes through", async () => {
    // Prepare
    const customerId = await heldBy(app, alice);

    // Act
    const refused = await followUp(alice, { customerId, kind: "CALL", note: "", idempotencyKey: "fix-me" });
    const fixed = await followUp(alice, { customerId, kind: "CALL", note: "补上了内容", idempotencyKey: "fix-me" });

    // Assess
    expect(refused.__typename).toBe("ValidationError");
    expect(fixed.__typename).toBe("Customer");
    expect(await timelineOf(app, alice, customerId, "FOLLOW_UP")).toEqual([{ note: "补上了内容" }]);
  });

  it("takes keys of 1 to 100 printable characters; others are a ValidationError on idempotencyKey", async () => {
    const customerId = await heldBy(app, alice);
    const attempt = (idempotencyKey: string) => followUp(alice, { customerId, kind: "CALL", note: "键检查", idempotencyKey });

    const results = await Promise.all(["", " ", "k".repeat(101), "tab\there", "换行\n"].map(attempt));
    const longest = await attempt("订".repeat(100));

    for (const r of results) {
      expect(r.__typename).toBe("ValidationError");
      expect(r.fields).toEqual([{ path: ["idempotencyKey"], code: "INVALID_IDEMPOTENCY_KEY", message: expect.stringContaining("1至100个可打印字符") }]);
    }
    expect(longest.__typename).toBe("Customer");
    expect(await timelineOf(app, alice, customerId, "FOLLOW_UP")).toHaveLength(1);
  });
});

describe("a request that stops half-way (the Lambda died or timed out)", () => {
  // As the schema calls it: the arguments without the key, ids as the client sent them.
  const asSchemaRuns = (customerId: string, note: string, idempotencyKey: string) => ({
    operation: "logFollowUp",
    key: idempotencyKey,
    input: { customerId, kind: "CALL", note },
    idOf: (c: { id: string }) => c.id,
    load: (id: string) => Customers.visibleCustomer(app.actor(alice), id),
  });

  it("after writing its entry: the key was written with it, so the retry returns the customer and adds nothing", async () => {
    // Prepare: the follow-up is written, then the process stops before answering
    const customerId = await heldBy(app, alice);
    const stopped = idempotent(app.actor(alice), asSchemaRuns(customerId, "写入后中断", "crash-after"), async () => {
      await Customers.logFollowUp(app.actor(alice), decodeGlobalID(customerId).id, { kind: "CALL", note: "写入后中断" });
      throw new Error("Lambda timed out");
    });
    await expect(stopped).rejects.toThrow("Lambda timed out");

    // Act
    const retry = await followUp(alice, { customerId, kind: "CALL", note: "写入后中断", idempotencyKey: "crash-after" });

    // Assess
    expect(retry).toMatchObject({ __typename: "Customer", id: customerId });
    expect(await timelineOf(app, alice, customerId, "FOLLOW_UP")).toEqual([{ note: "写入后中断" }]);
  });

  it("before writing anything: a retry meanwhile is told the first is in progress; a minute later the retry does it, once", async () => {
    // Prepare: a first request that took the key and never finishes
    const customerId = await heldBy(app, alice);
    void idempotent(app.actor(alice), asSchemaRuns(customerId, "写入前中断", "crash-before"), () => new Promise(() => {}));
    const input = { customerId, kind: "CALL", note: "写入前中断", idempotencyKey: "crash-before" };

    // Act
    const meanwhile = await followUp(alice, input);
    app.clock.advance(61_000);
    const later = await followUp(alice, input);
    const again = await followUp(alice, input);

    // Assess
    expect(meanwhile.__typename).toBe("IdempotencyKeyInProgressError");
    expect(meanwhile.message).toContain("仍在处理中");
    expect([later.__typename, again.__typename]).toEqual(["Customer", "Customer"]);
    expect(await timelineOf(app, alice, customerId, "FOLLOW_UP")).toEqual([{ note: "写入前中断" }]);
  });

  it("stalled past a minute: the retry takes over, and the stalled request, resuming, writes nothing and answers with the retry's result", async () => {
    // Prepare: a first request that took the key, then stalls before writing
    const customerId = await heldBy(app, alice);
    let resume!: () => void;
    const stalledAt = new Promise<void>((r) => (resume = r));
    const stalled = idempotent(app.actor(alice), asSchemaRuns(customerId, "停顿后恢复", "stall"), async () => {
      await stalledAt;
      return Customers.logFollowUp(app.actor(alice), decodeGlobalID(customerId).id, { kind: "CALL", note: "停顿后恢复" });
    });
    app.clock.advance(61_000);

    // Act
    const retry = await followUp(alice, { customerId, kind: "CALL", note: "停顿后恢复", idempotencyKey: "stall" });
    resume();
    const resumed = await stalled;

    // Assess
    expect(retry.__typename).toBe("Customer");
    expect(resumed?.id).toBe(decodeGlobalID(customerId).id);
    expect(await timelineOf(app, alice, customerId, "FOLLOW_UP")).toEqual([{ note: "停顿后恢复" }]);
  });
});

describe("createCustomer with an idempotency key", () => {
  const create = (as: User, input: Record<string, unknown>) => app.ok(as, CREATE_CUSTOMER, { input }).then((r) => r.createCustomer);

  it("creates one customer for a retried request and returns it as it is now", async () => {
    // Prepare
    const input = customerInput({ idempotencyKey: "new-customer-1" });
    const first = await create(bob, input);
    await app.ok(bob, `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { __typename } }`, { input: { id: first.id, expectedVersion: 1, tier: "A" } });

    // Act
    const retry = await create(bob, input);
    const raced = await Promise.all([1, 2, 3].map(() => create(bob, customerInput({ name: "并发创建测试有限公司", idempotencyKey: "new-customer-race" }))));

    // Assess: the replay is the customer as stored now (tier A), not a second one nor a duplicate error
    expect(retry).toMatchObject({ __typename: "Customer", id: first.id, tier: "A", version: 2 });
    expect(new Set(raced.map((r) => r.id)).size).toBe(1);
    expect(raced.map((r) => r.__typename)).toEqual(["Customer", "Customer", "Customer"]);
    expect((await customerNames(app, bob)).filter((n) => n === input.name || n === "并发创建测试有限公司")).toHaveLength(2);
  });

  it("refuses the same key for another customer and creates nothing", async () => {
    await create(bob, customerInput({ name: "键复用甲有限公司", idempotencyKey: "dup-key" }));

    const reused = await create(bob, customerInput({ name: "键复用乙有限公司", idempotencyKey: "dup-key" }));

    expect(reused.__typename).toBe("IdempotencyKeyReusedError");
    expect(await customerNames(app, bob)).not.toContain("键复用乙有限公司");
  });

  it("answers a retry with the key's first result even after a duplicate of it exists", async () => {
    // Prepare: a customer made with a key; then a request for the same name without a key is refused as a duplicate
    const plain = customerInput();
    const input = { ...plain, idempotencyKey: "dup-check" };
    const first = await create(alice, input);
    const duplicate = await create(alice, plain);

    // Act
    const retry = await create(alice, input);

    // Assess
    expect(duplicate.__typename).toBe("DuplicateCustomerError");
    expect(retry).toMatchObject({ __typename: "Customer", id: first.id });
  });

  it("treats the same key used for another mutation as reused", async () => {
    const customerId = await heldBy(app, alice);
    await create(alice, customerInput({ idempotencyKey: "one-key-two-uses" }));

    const other = await followUp(alice, { customerId, kind: "CALL", note: "同键不同操作", idempotencyKey: "one-key-two-uses" });

    expect(other.__typename).toBe("IdempotencyKeyReusedError");
  });
});

describe("addPrivateNote with an idempotency key", () => {
  it("keeps one note for a retried request", async () => {
    const customerId = await heldBy(app, alice);
    const NOTE = `mutation($input: AddPrivateNoteInput!) { addPrivateNote(input: $input) { ${ERR} ... on Activity { id note } } }`;
    const input = { customerId, text: "客户决策人偏好国产品牌", idempotencyKey: "note-1" };

    const first = (await app.ok(alice, NOTE, { input })).addPrivateNote;
    const retry = (await app.ok(alice, NOTE, { input })).addPrivateNote;

    expect(retry).toEqual(first);
    expect(await timelineOf(app, alice, customerId, "PRIVATE_NOTE")).toEqual([{ note: "客户决策人偏好国产品牌" }]);
  });
});
