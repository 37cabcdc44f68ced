import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { mailbox } from "../support/approvals";
import { assign, CREATE_WO, customerOf, designRequest, GET_WO, move, workOrderTeam } from "./support";

/** Making a work order against its type's form, and moving it through its lifecycle. */
let app: TestApp;
let team: Awaited<ReturnType<typeof workOrderTeam>>;

beforeAll(async () => {
  app = await testApp();
  team = await workOrderTeam(app);
});

const create = async (as: User, input: Record<string, unknown>) => (await app.ok(as, CREATE_WO, { input })).createWorkOrder;

describe("createWorkOrder", () => {
  it("checks the form against the type: required fields, kinds, choices, unknown fields, with paths and Chinese messages", async () => {
    // Act
    const missing = await create(team.rep, { typeKey: "SPECIAL_PRICE", title: "特价：DN300 蝶阀", fields: [{ key: "listPrice", fen: 1_000_000 }] });
    const wrong = await create(team.rep, {
      typeKey: "SPECIAL_PRICE",
      title: "  ",
      fields: [
        { key: "listPrice", text: "一万" },
        { key: "requestedPrice", fen: 900_000 },
        { key: "expectedMarginPercent", number: 18.5 },
        { key: "colour", text: "红" },
      ],
    });
    const badChoice = await create(team.rep, { typeKey: "CUSTOMER_COMPLAINT", title: "投诉", fields: [{ key: "severity", text: "一点点" }, { key: "description", text: "阀门渗漏" }] });
    const badDate = await create(team.rep, { typeKey: "URGENT_SHIPMENT", title: "加急", fields: [{ key: "requiredBy", text: "下周一" }, { key: "quantity", number: 2 }, { key: "shipTo", text: "宁波镇海" }] });
    const unknownType = await create(team.rep, { typeKey: "PIZZA", title: "午饭" });

    // Assess
    expect(missing.__typename).toBe("ValidationError");
    expect(missing.fields).toEqual([
      { path: ["fields", "requestedPrice"], code: "REQUIRED", message: "请填写申请价格" },
      { path: ["fields", "expectedMarginPercent"], code: "REQUIRED", message: "请填写预计毛利率（%）" },
    ]);
    expect(wrong.fields).toEqual([
      { path: ["title"], code: "REQUIRED", message: "不能为空" },
      { path: ["fields", "0", "fen"], code: "WRONG_KIND", message: "标准价应填写金额（fen，单位：分）" },
      { path: ["fields", "3", "key"], code: "UNKNOWN_FIELD", message: "「特价支持」没有字段 colour" },
    ]);
    expect(badChoice.fields).toEqual([{ path: ["fields", "0", "text"], code: "NOT_ALLOWED", message: "严重程度只能是 一般/严重/重大" }]);
    expect(badDate.fields).toEqual([{ path: ["fields", "0", "date"], code: "WRONG_KIND", message: "要求到货日期应填写日期（date）" }]);
    expect(unknownType.fields).toEqual([{ path: ["typeKey"], code: "UNKNOWN_TYPE", message: "没有工单类型 PIZZA" }]);
    const list = await app.ok(team.admin, `{ workOrders { edges { node { id } } } }`);
    expect(list.workOrders.edges).toEqual([]);
  });

  it("makes an OPEN order in the department's queue with its form, deadlines and timeline on the customer; a retried request makes it once", async () => {
    // Prepare
    const customer = await customerOf(app, team.rep);
    const input = {
      typeKey: "SPECIAL_PRICE",
      title: "特价：镇海炼化 DN300 蝶阀",
      customerId: customer.id,
      idempotencyKey: "special-1",
      fields: [
        { key: "listPrice", fen: 1_000_000 },
        { key: "requestedPrice", fen: 880_000 },
        { key: "expectedMarginPercent", number: 18.5 },
      ],
    };

    // Act
    const first = await create(team.rep, input);
    const again = await create(team.rep, input);

    // Assess: Monday 10:00 + 4 business hours = 14:00; resolution 16 business hours = Tuesday 17:00
    expect(first).toMatchObject({
      __typename: "WorkOrder",
      status: "OPEN",
      typeName: "特价支持",
      department: "FINANCE",
      urgent: false,
      assignee: null,
      createdBy: { name: "陈刚" },
      customer: { name: customer.name },
      responseDueAt: "2026-11-23T06:00:00.000Z",
      resolutionDueAt: "2026-11-24T09:00:00.000Z",
      breached: [],
      fields: [
        { key: "listPrice", label: "标准价", kind: "MONEY", money: { fen: 1_000_000 }, text: null },
        { key: "requestedPrice", label: "申请价格", kind: "MONEY", money: { fen: 880_000 } },
        { key: "expectedMarginPercent", label: "预计毛利率（%）", kind: "NUMBER", number: 18.5 },
      ],
    });
    expect(again.id).toBe(first.id);
    const timeline = (await app.ok(team.rep, `query($id: ID!) { customer(id: $id) { timeline { edges { node { kind summary } } } } }`, { id: customer.id })).customer.timeline.edges;
    expect(timeline.filter((e: any) => e.node.kind === "WORK_ORDER_OPENED").map((e: any) => e.node.summary)).toEqual(["陈刚 创建工单「特价：镇海炼化 DN300 蝶阀」"]);
  });
});

describe("lifecycle", () => {
  it("goes OPEN → ACKNOWLEDGED → IN_PROGRESS → RESOLVED → CLOSED, each step timed and on the timeline", async () => {
    // Prepare
    const wo = await designRequest(app, team.rep, { title: "非标设计：加长阀杆" });

    // Act
    app.clock.set(new Date("2026-11-23T03:00:00.000Z")); // 11:00
    const acked = await move(app, team.engineer, wo.id, "ACKNOWLEDGED");
    app.clock.set(new Date("2026-11-23T05:30:00.000Z"));
    const started = await move(app, team.engineer, wo.id, "IN_PROGRESS");
    app.clock.set(new Date("2026-11-24T02:00:00.000Z")); // Tuesday 10:00
    const resolved = await move(app, team.engineer, wo.id, "RESOLVED");
    const closedByEngineerFirst = await move(app, team.otherRep, wo.id, "CLOSED");
    const closed = await move(app, team.rep, wo.id, "CLOSED");

    // Assess
    expect(acked).toMatchObject({ status: "ACKNOWLEDGED", assignee: { name: "郑工" }, respondedAt: "2026-11-23T03:00:00.000Z", responseHours: 1 });
    expect(started.status).toBe("IN_PROGRESS");
    // 10:00 Monday to 10:00 Tuesday: 8 business hours (18:00 to 09:00 does not count)
    expect(resolved).toMatchObject({ status: "RESOLVED", finishedAt: "2026-11-24T02:00:00.000Z", resolutionHours: 9 });
    expect(closedByEngineerFirst.__typename).toBe("NotFoundError"); // another rep does not even see it
    expect(closed.statusTimes).toEqual([
      { status: "OPEN", at: "2026-11-23T02:00:00.000Z" },
      { status: "ACKNOWLEDGED", at: "2026-11-23T03:00:00.000Z" },
      { status: "IN_PROGRESS", at: "2026-11-23T05:30:00.000Z" },
      { status: "RESOLVED", at: "2026-11-24T02:00:00.000Z" },
      { status: "CLOSED", at: "2026-11-24T02:00:00.000Z" },
    ]);
    const timeline = (await app.ok(team.rep, GET_WO, { id: wo.id })).workOrder.timeline.edges.map((e: any) => e.node.summary);
    expect(timeline).toEqual([
      "陈刚 将工单「非标设计：加长阀杆」从已解决改为已关闭",
      "郑工 将工单「非标设计：加长阀杆」从处理中改为已解决",
      "郑工 将工单「非标设计：加长阀杆」从已受理改为处理中",
      "郑工 将工单「非标设计：加长阀杆」从待受理改为已受理",
      "陈刚 创建工单「非标设计：加长阀杆」",
    ]);
    app.clock.set(new Date("2026-11-23T02:00:00.000Z"));
  });

  it("refuses moves the lifecycle does not have, and REJECTED without a reason, changing nothing", async () => {
    // Prepare
    const wo = await designRequest(app, team.rep, { title: "非标设计：非法跳转" });

    // Act
    const skip = await move(app, team.engineer, wo.id, "RESOLVED");
    const closeOpen = await move(app, team.rep, wo.id, "CLOSED");
    const noReason = await move(app, team.engineer, wo.id, "REJECTED", "   ");
    const byRep = await move(app, team.rep, wo.id, "ACKNOWLEDGED");
    const rejected = await move(app, team.engineer, wo.id, "REJECTED", "标准品可满足，无需非标设计");
    const afterReject = await move(app, team.engineer, wo.id, "IN_PROGRESS");

    // Assess
    expect(skip).toMatchObject({ __typename: "IllegalWorkOrderTransitionError", from: "OPEN", to: "RESOLVED", allowed: ["ACKNOWLEDGED", "REJECTED"], message: "工单当前为「待受理」，不能改为「已解决」" });
    expect(closeOpen).toMatchObject({ __typename: "IllegalWorkOrderTransitionError", from: "OPEN", to: "CLOSED" });
    expect(noReason).toMatchObject({ __typename: "ValidationError", fields: [{ path: ["reason"], code: "REQUIRED", message: "不能为空" }] });
    expect(byRep.__typename).toBe("ForbiddenError");
    expect(rejected).toMatchObject({ status: "REJECTED", rejectReason: "标准品可满足，无需非标设计", respondedAt: expect.any(String), finishedAt: expect.any(String) });
    expect(afterReject).toMatchObject({ __typename: "IllegalWorkOrderTransitionError", from: "REJECTED", allowed: [] });
    expect((await app.ok(team.rep, GET_WO, { id: wo.id })).workOrder.version).toBe(2);
  });

  it("never loses a concurrent move: of RESOLVED and REJECTED at once one wins, the other is refused; a stale version is a conflict", async () => {
    // Prepare
    const wo = await designRequest(app, team.rep, { title: "非标设计：并发" });
    await move(app, team.engineer, wo.id, "ACKNOWLEDGED");
    const started = await move(app, team.engineer, wo.id, "IN_PROGRESS");

    // Act
    const [a, b] = await Promise.all([move(app, team.engineer, wo.id, "RESOLVED"), move(app, team.director, wo.id, "REJECTED", "客户取消需求")]);
    const stale = await move(app, team.rep, wo.id, "CLOSED", null as unknown as string, started.version);

    // Assess
    const outcomes = [a.__typename, b.__typename].sort();
    expect(outcomes).toEqual(["IllegalWorkOrderTransitionError", "WorkOrder"]);
    const final = (await app.ok(team.rep, GET_WO, { id: wo.id })).workOrder;
    const winner = a.__typename === "WorkOrder" ? a : b;
    expect(final.status).toBe(winner.status);
    expect(final.version).toBe(started.version + 1);
    expect(final.timeline.edges.filter((e: any) => e.node.kind === "WORK_ORDER_STATUS_CHANGED")).toHaveLength(3);
    expect(stale).toMatchObject({ __typename: "VersionConflictError", currentVersion: started.version + 1 });
  });

  it("is assigned to the handling department's people or their supervisor, who is emailed; others are refused", async () => {
    // Prepare
    const wo = await designRequest(app, team.rep, { title: "非标设计：分派" });

    // Act
    const byRep = await assign(app, team.rep, wo.id, team.engineer);
    const toFinance = await assign(app, team.director, wo.id, team.finance);
    const toEngineer = await assign(app, team.director, wo.id, team.engineer2);

    // Assess
    expect(byRep.__typename).toBe("ForbiddenError");
    expect(toFinance).toMatchObject({ __typename: "ValidationError", fields: [{ path: ["assigneeId"], code: "NOT_ELIGIBLE" }] });
    expect(toEngineer).toMatchObject({ __typename: "WorkOrder", assignee: { id: gid("User", team.engineer2.id), name: "吴工" } });
    const mail = (await mailbox(team.engineer2.email)).filter((e) => e.subject.includes("非标设计：分派"));
    expect(mail.map((e) => e.subject)).toEqual(["New work order for you: 非标设计：分派"]);
    expect(mail[0].body.text).toContain("please acknowledge it by 2026-11-23 14:00 (Beijing time)"); // the zone said (F31)
  });
});

describe("work-order types", () => {
  const SET = `mutation($input: SetWorkOrderSettingsInput!) { setWorkOrderSettings(input: $input) { __typename ... on Error { message }
    ... on ValidationError { fields { path code message } } ... on VersionConflictError { currentVersion }
    ... on WorkOrderSettings { version types { key name handlingRole responseHours fields { key kind required choices } } } } }`;
  const TYPES = `{ workOrderSettings { version types { key name nameEn handlingRole responseHours urgentResponseHours resolutionHours fields { key label kind required } } } }`;
  const typeInput = (t: any) => ({
    key: t.key,
    nameZh: t.name,
    nameEn: t.nameEn,
    handlingRole: t.handlingRole,
    responseHours: t.responseHours,
    urgentResponseHours: t.urgentResponseHours,
    resolutionHours: t.resolutionHours,
    urgentResolutionHours: t.urgentResponseHours,
    fields: t.fields.map((f: any) => ({ key: f.key, labelZh: f.label, labelEn: f.label, kind: f.kind, required: f.required, choices: f.kind === "CHOICE" ? ["一般", "严重", "重大"] : null })),
  });

  it("are data per organization: the seeds' defaults until ADMIN replaces them; the system's two types stay; orders use the new SLA", async () => {
    // Prepare
    const defaults = (await app.ok(team.rep, TYPES)).workOrderSettings;
    const contractReview = {
      key: "CONTRACT_REVIEW",
      nameZh: "合同条款审核",
      nameEn: "Contract clause review",
      handlingRole: "LEGAL",
      responseHours: 8,
      urgentResponseHours: 3,
      resolutionHours: 24,
      urgentResolutionHours: 8,
      fields: [{ key: "clause", labelZh: "条款", labelEn: "Clause", kind: "TEXT", required: true }],
    };

    // Act
    const byRep = (await app.ok(team.rep, SET, { input: { expectedVersion: 0, types: [contractReview] } })).setWorkOrderSettings;
    const withoutSystem = (await app.ok(team.admin, SET, { input: { expectedVersion: 0, types: [contractReview, { ...contractReview, key: "bad key", fields: [{ key: "x", labelZh: "选项", labelEn: "Choice", kind: "CHOICE", required: true }] }] } })).setWorkOrderSettings;
    const keep = defaults.types.filter((t: any) => t.key === "TECH_FEASIBILITY_REVIEW" || t.key === "DELIVERY_HANDOVER").map(typeInput);
    const saved = (await app.ok(team.admin, SET, { input: { expectedVersion: 0, types: [contractReview, ...keep] } })).setWorkOrderSettings;
    const stale = (await app.ok(team.admin, SET, { input: { expectedVersion: 0, feasibilityReviewOnQuoteSubmit: false } })).setWorkOrderSettings;
    const order = await create(team.rep, { typeKey: "CONTRACT_REVIEW", title: "违约金条款审核", urgent: true, fields: [{ key: "clause", text: "第十二条 违约责任" }] });
    const gone = await create(team.rep, { typeKey: "SPECIAL_PRICE", title: "特价", fields: [] });

    // Assess
    expect(defaults.version).toBe(0);
    expect(defaults.types.map((t: any) => `${t.key}:${t.name}:${t.handlingRole}:${t.responseHours}/${t.urgentResponseHours}`)).toEqual([
      "SPECIAL_PRICE:特价支持:FINANCE:4/2",
      "NON_STANDARD_DESIGN:非标设计:TECH:4/2",
      "URGENT_SHIPMENT:紧急发货:TECH:4/2",
      "CUSTOMER_COMPLAINT:客户投诉:MANAGER:4/2",
      "CREDIT_TERM_CHANGE:账期变更:FINANCE:4/2",
      "TECH_FEASIBILITY_REVIEW:技术可行性评审:TECH:4/2",
      "DELIVERY_HANDOVER:交付交接:TECH:4/2",
    ]);
    expect(byRep.__typename).toBe("ForbiddenError");
    expect(withoutSystem.fields).toEqual([
      { path: ["types", "1", "key"], code: "INVALID_KEY", message: "须为大写字母、数字和下划线（如 SPECIAL_PRICE）" },
      { path: ["types", "1", "fields", "0", "choices"], code: "REQUIRED", message: "选择项不能为空" },
      { path: ["types"], code: "REQUIRED_TYPE", message: "不能删除系统使用的类型 TECH_FEASIBILITY_REVIEW" },
      { path: ["types"], code: "REQUIRED_TYPE", message: "不能删除系统使用的类型 DELIVERY_HANDOVER" },
    ]);
    expect(saved).toMatchObject({ version: 1, types: [{ key: "CONTRACT_REVIEW", name: "合同条款审核", handlingRole: "LEGAL", responseHours: 8 }, {}, {}] });
    expect(stale).toMatchObject({ __typename: "VersionConflictError", currentVersion: 1 });
    // Monday 10:00, urgent: 3 business hours → 13:00; 8 → 18:00
    expect(order).toMatchObject({ typeName: "合同条款审核", department: "LEGAL", responseDueAt: "2026-11-23T05:00:00.000Z", resolutionDueAt: "2026-11-23T10:00:00.000Z" });
    expect(gone.fields).toEqual([{ path: ["typeKey"], code: "UNKNOWN_TYPE", message: "没有工单类型 SPECIAL_PRICE" }]);
  });
});
