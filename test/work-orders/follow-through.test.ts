import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { assign, CREATE_WO, customerOf, designRequest, GET_WO, LIST_WO, move, workOrderTeam } from "./support";

/** The tester's follow-through findings on work orders (F1–F8), each as a user meets it. */
let app: TestApp;
let team: Awaited<ReturnType<typeof workOrderTeam>>;
let customer: { id: string; name: string };
let otherManager: User;
let otherTeamRep: User;

const CREATE_KEYED = `mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) {
  __typename ... on Error { message } ... on ValidationError { fields { path code message } } ... on WorkOrder { id title fields { key text } } } }`;
const UPDATE_USER = `mutation($input: UpdateUserInput!) { updateUser(input: $input) {
  __typename ... on Error { message } ... on UserHasOpenWorkOrdersError { workOrderCount } ... on User { active version } } }`;
const create = async (as: User, input: Record<string, unknown>) => (await app.ok(as, CREATE_WO, { input })).createWorkOrder;
const complaint = async (as: User, title: string) => {
  const res = await create(as, { typeKey: "CUSTOMER_COMPLAINT", title, urgent: true, fields: [{ key: "severity", text: "重大" }, { key: "description", text: "交货延迟两周" }] });
  if (res.__typename !== "WorkOrder") throw new Error(JSON.stringify(res));
  return res;
};

beforeAll(async () => {
  app = await testApp();
  team = await workOrderTeam(app);
  customer = await customerOf(app, team.rep);
  otherManager = await app.user({ name: "李晓燕", roles: ["MANAGER"], managerId: team.gm.id });
  otherTeamRep = await app.user({ name: "黄磊", roles: ["REP"], managerId: otherManager.id });
});

describe("work-order forms (F1–F3)", () => {
  it("refuses a quantity of 0 or less and a required-by day in the past; today and 1 are fine (F1)", async () => {
    // Act
    const nonsense = await create(team.rep, {
      typeKey: "URGENT_SHIPMENT",
      title: "负数测试",
      fields: [{ key: "requiredBy", date: "2020-01-01" }, { key: "quantity", number: -4 }, { key: "shipTo", text: "宁波镇海" }],
    });
    const zero = await create(team.rep, { typeKey: "URGENT_SHIPMENT", title: "零", fields: [{ key: "requiredBy", date: "2026-11-23" }, { key: "quantity", number: 0 }, { key: "shipTo", text: "宁波" }] });
    const fine = await create(team.rep, { typeKey: "URGENT_SHIPMENT", title: "今天到", fields: [{ key: "requiredBy", date: "2026-11-23" }, { key: "quantity", number: 1 }, { key: "shipTo", text: "宁波" }] });
    const settings = await app.ok(team.rep, `{ workOrderSettings { types { key fields { key min max notPast } } } }`);

    // Assess
    expect(nonsense.fields).toEqual([
      { path: ["fields", "0", "date"], code: "PAST_DATE", message: "要求到货日期不能早于今天（2026-11-23）" },
      { path: ["fields", "1", "number"], code: "OUT_OF_RANGE", message: "数量应在 1 到 1000000000000 之间" },
    ]);
    expect(zero.fields.map((f: any) => f.code)).toEqual(["OUT_OF_RANGE"]);
    expect(fine.__typename).toBe("WorkOrder");
    const shipment = settings.workOrderSettings.types.find((t: any) => t.key === "URGENT_SHIPMENT");
    expect(shipment.fields).toEqual([
      { key: "requiredBy", min: null, max: null, notPast: true },
      { key: "quantity", min: 1, max: null, notPast: false },
      { key: "shipTo", min: null, max: null, notPast: false },
    ]);
  });

  it("lets ADMIN bound a NUMBER field and keep a DATE field from the past, refusing bounds that make no sense (F1)", async () => {
    // Prepare
    const current = (await app.ok(team.admin, `{ workOrderSettings { version types { key nameZh nameEn handlingRole responseHours urgentResponseHours resolutionHours urgentResolutionHours
      fields { key labelZh labelEn kind required choices choicesEn min max integer notPast } } } }`)).workOrderSettings;
    const SET = `mutation($input: SetWorkOrderSettingsInput!) { setWorkOrderSettings(input: $input) { __typename ... on ValidationError { fields { path code } } ... on WorkOrderSettings { version } } }`;
    const withRequest = (fields: unknown[]) => [
      ...current.types,
      { key: "SAMPLE_REQUEST", nameZh: "样品申请", nameEn: "Sample request", handlingRole: "TECH", responseHours: 4, urgentResponseHours: 2, resolutionHours: 16, urgentResolutionHours: 8, fields },
    ];
    const sample = (extra: Record<string, unknown>) => ({ key: "samples", labelZh: "样品数", labelEn: "Samples", kind: "NUMBER", required: true, ...extra });

    // Act
    const bad = await app.ok(team.admin, SET, {
      input: { expectedVersion: current.version, types: withRequest([sample({ min: 5, max: 2 }), { key: "by", labelZh: "日期", labelEn: "By", kind: "TEXT", required: false, notPast: true }]) },
    });
    const good = await app.ok(team.admin, SET, { input: { expectedVersion: current.version, types: withRequest([sample({ min: 1, max: 3 })]) } });
    const tooMany = await create(team.rep, { typeKey: "SAMPLE_REQUEST", title: "样品", fields: [{ key: "samples", number: 4 }] });

    // Assess
    expect(bad.setWorkOrderSettings.fields).toEqual([
      { path: ["types", String(current.types.length), "fields", "0", "max"], code: "BELOW_MIN" },
      { path: ["types", String(current.types.length), "fields", "1", "notPast"], code: "NOT_APPLICABLE" },
    ]);
    expect(good.setWorkOrderSettings.__typename).toBe("WorkOrderSettings");
    expect(tooMany.fields).toEqual([{ path: ["fields", "0", "number"], code: "OUT_OF_RANGE", message: "样品数应在 1 到 3 之间" }]);
  });

  it("refuses nonsense in the other default forms: margins past ±100 %, negative or half days (F1 addendum)", async () => {
    // Act
    const price = await create(team.rep, {
      typeKey: "SPECIAL_PRICE",
      title: "特价",
      fields: [{ key: "listPrice", fen: 100 }, { key: "requestedPrice", fen: 100_000_000 }, { key: "expectedMarginPercent", number: -500 }],
    });
    const term = await create(team.rep, { typeKey: "CREDIT_TERM_CHANGE", title: "账期", fields: [{ key: "currentTermDays", number: 30.5 }, { key: "requestedTermDays", number: -90 }, { key: "reason", text: "结算" }] });

    // Assess
    expect(price.fields.map((f: any) => [f.path.join("."), f.code])).toEqual([["fields.2.number", "OUT_OF_RANGE"]]);
    expect(term.fields).toEqual([
      { path: ["fields", "0", "number"], code: "NOT_INTEGER", message: "现账期（天）应为整数" },
      { path: ["fields", "1", "number"], code: "OUT_OF_RANGE", message: "申请账期（天）应在 0 到 365 之间" },
    ]);
  });

  it("takes a CHOICE in English from an English reader, stores it once, and shows it in each reader's language (F21)", async () => {
    // Prepare
    const english = await app.user({ name: "David Lin", roles: ["REP"], managerId: team.manager.id, locale: "en" });

    // Act
    const filed = await create(english, { typeKey: "CUSTOMER_COMPLAINT", title: "Leak", fields: [{ key: "severity", text: "Serious" }, { key: "description", text: "packing leaks" }] });
    const asChinese = (await app.ok(team.manager, GET_WO, { id: filed.id })).workOrder;
    const choices = (await app.ok(english, `{ workOrderSettings { types { key fields { key choices } } } }`)).workOrderSettings.types.find((t: any) => t.key === "CUSTOMER_COMPLAINT").fields[0];

    // Assess
    expect(filed.fields.find((f: any) => f.key === "severity").text).toBe("Serious");
    expect(asChinese.fields.find((f: any) => f.key === "severity").text).toBe("严重");
    expect(choices).toEqual({ key: "severity", choices: ["Minor", "Serious", "Critical"] });
  });

  it("refuses the types the product opens itself: no hand-made hand-over or feasibility review (F27)", async () => {
    // Act
    const handOver = await create(team.rep, { typeKey: "DELIVERY_HANDOVER", title: "手工交接", urgent: true });
    const review = await create(team.rep, { typeKey: "TECH_FEASIBILITY_REVIEW", title: "手工评审", fields: [{ key: "revision", number: -7.5 }] });

    // Assess
    expect(handOver.fields).toEqual([{ path: ["typeKey"], code: "SYSTEM_TYPE", message: "「交付交接」由系统自动创建，不能手工提交" }]);
    expect(review.fields).toEqual([{ path: ["typeKey"], code: "SYSTEM_TYPE", message: "「技术可行性评审」由系统自动创建，不能手工提交" }]);
  });

  it("refuses a field given twice, and two values for one field with a message that says so (F2, F3)", async () => {
    // Act
    const twice = await create(team.rep, {
      typeKey: "URGENT_SHIPMENT",
      title: "两次",
      fields: [{ key: "requiredBy", date: "2026-12-01" }, { key: "quantity", number: 2 }, { key: "shipTo", text: "\u200b " }, { key: "shipTo", text: "两次" }],
    });
    const twoValues = await create(team.rep, { typeKey: "CUSTOMER_COMPLAINT", title: "两种值", fields: [{ key: "severity", text: "一般" }, { key: "description", text: "x", number: 5 }] });
    const wrongKind = await create(team.rep, { typeKey: "URGENT_SHIPMENT", title: "错类型", fields: [{ key: "requiredBy", text: "下周一" }, { key: "quantity", number: 2 }, { key: "shipTo", text: "宁波" }] });

    // Assess
    expect(twice.__typename).toBe("ValidationError");
    expect(twice.fields).toContainEqual({ path: ["fields", "3", "key"], code: "DUPLICATE", message: "收货地址重复填写" });
    expect(twoValues.fields).toEqual([{ path: ["fields", "1", "text"], code: "MANY_VALUES", message: "投诉内容只能填写一种值：文字" }]);
    expect(wrongKind.fields).toEqual([{ path: ["fields", "0", "date"], code: "WRONG_KIND", message: "要求到货日期应填写日期（date）" }]);
  });
});

describe("idempotency keys (F4)", () => {
  it("returns the first order for a retry (fields in any order) and refuses the key with another request", async () => {
    // Prepare
    const input = {
      typeKey: "NON_STANDARD_DESIGN",
      title: "非标幂等",
      customerId: customer.id,
      idempotencyKey: "k-N",
      fields: [{ key: "requirement", text: "法兰改 PN40" }, { key: "quantity", number: 3 }],
    };

    // Act
    const parallel = await Promise.all([1, 2, 3].map(() => app.ok(team.rep, CREATE_KEYED, { input })));
    const reordered = await app.ok(team.rep, CREATE_KEYED, { input: { ...input, fields: [...input.fields].reverse() } });
    const other = await app.ok(team.rep, CREATE_KEYED, { input: { ...input, title: "完全不同的标题", fields: [{ key: "requirement", text: "改成 DN500" }] } });
    const otherUser = await app.ok(team.otherRep, CREATE_KEYED, { input: { ...input, customerId: undefined } });

    // Assess
    const ids = new Set(parallel.map((r: any) => r.createWorkOrder.id));
    expect(ids.size).toBe(1);
    expect(reordered.createWorkOrder.id).toBe([...ids][0]);
    expect(other.createWorkOrder).toEqual({ __typename: "IdempotencyKeyReusedError", message: "该幂等键已用于另一张内容不同的工单，请为新的工单使用新的幂等键" });
    expect(otherUser.createWorkOrder.__typename).toBe("WorkOrder");
    expect(otherUser.createWorkOrder.id).not.toBe([...ids][0]);
  });
});

describe("who acts on an order (F5, F6)", () => {
  it("refuses to deactivate someone who still holds open work orders, until they are reassigned (F5)", async () => {
    // Prepare
    const leaving = await app.user({ name: "测试工程师", roles: ["TECH"], department: "技术部", managerId: team.director.id });
    const wo = await designRequest(app, team.rep, { title: "离职前的工单" });
    await assign(app, team.director, wo.id, leaving);

    // Act
    const refused = (await app.ok(team.admin, UPDATE_USER, { input: { id: gid("User", leaving.id), expectedVersion: leaving.version, active: false } })).updateUser;
    await assign(app, team.director, wo.id, team.engineer);
    const deactivated = (await app.ok(team.admin, UPDATE_USER, { input: { id: gid("User", leaving.id), expectedVersion: leaving.version, active: false } })).updateUser;

    // Assess
    expect(refused).toEqual({ __typename: "UserHasOpenWorkOrdersError", workOrderCount: 1, message: "该用户仍有1张未完成的工单，请先用 assignWorkOrder 转派后再停用" });
    expect(deactivated).toMatchObject({ __typename: "User", active: false });
  });

  it("a colleague moving an order someone else holds takes it over, on the timeline; the assignee's supervisor acts for them (F6)", async () => {
    // Prepare
    const wo = await designRequest(app, team.rep, { title: "同事接手" });
    const other = await designRequest(app, team.rep, { title: "主管代办" });
    await assign(app, team.director, wo.id, team.engineer);
    await assign(app, team.director, other.id, team.engineer);

    // Act
    const taken = await move(app, team.engineer2, wo.id, "ACKNOWLEDGED");
    const resolved = await move(app, team.engineer2, (await move(app, team.engineer2, wo.id, "IN_PROGRESS")).id, "RESOLVED");
    const bySupervisor = await move(app, team.director, other.id, "ACKNOWLEDGED");
    const entries = (await app.ok(team.rep, GET_WO, { id: wo.id })).workOrder.timeline.edges.map((e: any) => e.node);
    const timeline = entries.map((e: any) => e.kind);

    // Assess
    expect(taken.assignee.name).toBe("吴工");
    expect(resolved).toMatchObject({ status: "RESOLVED", assignee: { name: "吴工" } });
    expect(bySupervisor.assignee.name).toBe("郑工");
    expect(timeline.filter((k: string) => k === "WORK_ORDER_ASSIGNED")).toHaveLength(2); // dispatched to 郑工, taken over by 吴工
    expect(entries.map((e: any) => e.summary)).toContain("吴工 领取了工单「同事接手」（原由郑工负责）"); // F30 wording
  });
});

describe("confirming a resolution (F28)", () => {
  it("is the requester's: the handler cannot close their own resolution, and the requester can send it back with a reason", async () => {
    // Prepare
    const wo = await designRequest(app, team.rep, { title: "加急发货确认" });
    await assign(app, team.director, wo.id, team.engineer);
    for (const to of ["ACKNOWLEDGED", "IN_PROGRESS", "RESOLVED"]) await move(app, team.engineer, wo.id, to);

    // Act
    const closedByHandler = await move(app, team.engineer, wo.id, "CLOSED");
    const backWithoutReason = await move(app, team.rep, wo.id, "IN_PROGRESS");
    const back = await move(app, team.rep, wo.id, "IN_PROGRESS", "只发了 2 台，还差 2 台");
    await move(app, team.engineer, wo.id, "RESOLVED");
    const closedByManager = await move(app, team.manager, wo.id, "CLOSED");

    // Assess
    expect(closedByHandler.__typename).toBe("ForbiddenError");
    expect(backWithoutReason.fields.map((f: any) => [f.path.join("."), f.code])).toEqual([["reason", "REQUIRED"]]);
    expect(back).toMatchObject({ status: "IN_PROGRESS", finishedAt: null, assignee: { name: "郑工" } });
    expect(closedByManager.status).toBe("CLOSED");
  });
});

describe("the customer's owner (F32)", () => {
  it("opens an order someone else raised on their customer", async () => {
    // Prepare
    const wo = await designRequest(app, team.manager, { title: "经理代建", customerId: customer.id });

    // Act
    const seen = (await app.ok(team.rep, GET_WO, { id: wo.id })).workOrder;
    const notTheirs = (await app.ok(team.otherRep, GET_WO, { id: wo.id })).workOrder;

    // Assess
    expect(seen.title).toBe("经理代建");
    expect(notTheirs).toBeNull();
  });
});

describe("not found (F7)", () => {
  it("says which kind of record was not found, in the reader's language, without an internal id", async () => {
    // Prepare
    const wo = await designRequest(app, team.rep, { title: "别人的工单" });
    const en = await app.user({ name: "David Lin", roles: ["REP"], locale: "en" });

    // Act
    const zh = await move(app, team.otherRep, wo.id, "CLOSED");
    const english = await move(app, en, wo.id, "CLOSED");

    // Assess
    expect(zh).toEqual({ __typename: "NotFoundError", message: "未找到工单。" });
    expect(english).toEqual({ __typename: "NotFoundError", message: "Work order not found" });
  });
});

describe("customer complaints (F8)", () => {
  it("belong to the requester's manager chain: another region's manager neither sees nor touches them", async () => {
    // Prepare
    const wo = await complaint(team.rep, "镇海石化投诉：交货延迟");
    const theirs = await complaint(otherTeamRep, "华南投诉");
    const titles = async (as: User) => (await app.ok(as, LIST_WO, { first: 200 })).workOrders.edges.map((e: any) => e.node.title);

    // Act
    const seenByOther = (await app.ok(otherManager, GET_WO, { id: wo.id })).workOrder;
    const listedForOther = await titles(otherManager);
    const listedForOtherByDept = (await app.ok(otherManager, LIST_WO, { filter: { department: "MANAGER" } })).workOrders.edges.map((e: any) => e.node.title);
    const takenByOther = await assign(app, otherManager, wo.id, otherManager);
    const rejectedByOther = await move(app, otherManager, wo.id, "REJECTED", "不是我的团队");
    const ownManagerCannotBeGivenOthers = await assign(app, team.gm, theirs.id, team.manager);
    const adminCannotGiveItToOtherRegion = await assign(app, team.admin, wo.id, otherManager);
    const toTheGm = await assign(app, team.admin, theirs.id, team.gm);
    const acknowledged = await move(app, team.manager, wo.id, "ACKNOWLEDGED");

    // Assess
    expect(seenByOther).toBeNull();
    expect(listedForOther).toEqual(["华南投诉"]);
    expect(listedForOtherByDept).toEqual(["华南投诉"]);
    expect(takenByOther.__typename).toBe("NotFoundError");
    expect(rejectedByOther.__typename).toBe("NotFoundError");
    expect(ownManagerCannotBeGivenOthers.fields.map((f: any) => f.code)).toEqual(["NOT_ELIGIBLE"]);
    expect(adminCannotGiveItToOtherRegion.fields.map((f: any) => f.code)).toEqual(["NOT_ELIGIBLE"]);
    expect(toTheGm.assignee.name).toBe("周建国"); // the top of the requester's chain
    expect(acknowledged).toMatchObject({ status: "ACKNOWLEDGED", assignee: { name: "王海涛" } });
    expect(await titles(team.manager)).toContain("镇海石化投诉：交货延迟");
    expect(await titles(team.manager)).not.toContain("华南投诉");
    expect(await titles(team.gm)).toEqual(expect.arrayContaining(["镇海石化投诉：交货延迟", "华南投诉"]));
  });
});

describe("work-order settings (F13, F14)", () => {
  const READ = `{ workOrderSettings { version types { key nameZh nameEn handlingRole responseHours urgentResponseHours resolutionHours urgentResolutionHours
    fields { key labelZh labelEn kind required choices choicesEn min max integer notPast } } } }`;
  const SET = `mutation($input: SetWorkOrderSettingsInput!) { setWorkOrderSettings(input: $input) { __typename ... on ValidationError { fields { path code message } } ... on WorkOrderSettings { version } } }`;

  it("refuses SLAs that cannot be met and choices that make no sense (F13, F14)", async () => {
    // Prepare
    const current = (await app.ok(team.admin, READ)).workOrderSettings;
    const i = current.types.findIndex((t: any) => t.key === "SPECIAL_PRICE");
    const j = current.types.findIndex((t: any) => t.key === "CUSTOMER_COMPLAINT");
    const types = current.types.map((t: any, k: number) => {
      if (k === i) return { ...t, responseHours: 50, resolutionHours: 16, urgentResponseHours: 10, urgentResolutionHours: 8 };
      if (k === j) return { ...t, fields: t.fields.map((f: any) => (f.kind === "TEXT" ? { ...f, choices: ["a", "a", ""] } : { ...f, choices: ["一般", "严重", " 一般"] })) };
      return t;
    });

    // Act
    const res = (await app.ok(team.admin, SET, { input: { expectedVersion: current.version, types } })).setWorkOrderSettings;

    // Assess
    expect(res.__typename).toBe("ValidationError");
    expect(res.fields.map((f: any) => [f.path.join("."), f.code])).toEqual([
      [`types.${i}.responseHours`, "EXCEEDS"],
      [`types.${i}.urgentResponseHours`, "EXCEEDS"],
      [`types.${j}.fields.0.choices.2`, "DUPLICATE"],
      [`types.${j}.fields.1.choices`, "NOT_APPLICABLE"],
    ]);
    expect(res.fields[0].message).toBe("不能超过处理时限（resolutionHours）");
  });

  it("keeps an order's field labels when its type is later removed (F14)", async () => {
    // Prepare
    const wo = await create(team.rep, { typeKey: "URGENT_SHIPMENT", title: "删类型前", fields: [{ key: "shipTo", text: "宁波" }, { key: "requiredBy", date: "2026-12-01" }, { key: "quantity", number: 2 }] });
    const current = (await app.ok(team.admin, READ)).workOrderSettings;

    // Act
    const removed = (await app.ok(team.admin, SET, { input: { expectedVersion: current.version, types: current.types.filter((t: any) => t.key !== "URGENT_SHIPMENT") } })).setWorkOrderSettings;
    const after = (await app.ok(team.rep, GET_WO, { id: wo.id })).workOrder;

    // Assess
    expect(removed.__typename).toBe("WorkOrderSettings");
    expect(after.fields.map((f: any) => f.label)).toEqual(["要求到货日期", "数量", "收货地址"]);
  });
});
