import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { commitHooks } from "../../functions/core/import/commit";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, creditCode, customerInput } from "../support/fixtures";
import { CREATE } from "../support/pipeline";
import { commit, gbkCsv, importOf, uploadImport, workbookRows, XLSX, xlsxOf } from "./support";

const HEADERS = ["客户名称", "统一社会信用代码", "商机名称", "阶段", "金额（元）", "预计成交日期", "负责人", "商机来源"];
const OPPORTUNITIES = { kind: "OPPORTUNITIES" };

let app: TestApp;
let admin: User, manager: User, alice: User, bob: User, outsider: User;
let acme: { id: string; name: string; code: string };
let beta: { id: string; name: string };
let pooled: { id: string; name: string };
let foreign: { id: string; name: string };

const DEALS = `query($id: ID!) { customer(id: $id) { opportunities(first: 50) { edges { node { id title stage amount { fen currency } expectedCloseOn source owner { name }
  stageHistory { stage } timeline { edges { node { kind note } } } } } } } }`;
const dealsOf = async (as: User, customerId: string) => (await app.ok(as, DEALS, { id: customerId })).customer.opportunities.edges.map((e: any) => e.node);

async function customer(as: User, input: Record<string, unknown> = {}) {
  const made = (await app.ok(as, CREATE_CUSTOMER, { input: customerInput(input) })).createCustomer;
  return { id: made.id as string, name: made.name as string };
}

afterEach(() => {
  commitHooks.afterBatch = undefined;
});

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
  manager = await app.user({ name: "赵经理", roles: ["MANAGER"] });
  alice = await app.user({ name: "王丽", managerId: manager.id });
  bob = await app.user({ name: "陈刚", email: "chen.gang@example.com", managerId: manager.id });
  const otherManager = await app.user({ name: "钱经理", roles: ["MANAGER"] });
  outsider = await app.user({ name: "孙倩", managerId: otherManager.id });
  const code = creditCode();
  acme = { ...(await customer(alice, { name: "宁波甲方阀门有限公司", creditCode: code })), code };
  beta = await customer(bob, { name: "杭州乙方流体有限公司" });
  pooled = await customer(alice, { name: "公海里的有限公司" });
  await app.ok(alice, `mutation($id: ID!) { releaseCustomer(id: $id, reason: "不再跟进") { __typename } }`, { id: pooled.id });
  foreign = await customer(outsider, { name: "外队客户有限公司" });
  const old = await app.ok(alice, CREATE, { input: { customerId: acme.id, title: "老项目" } });
  expect(old.createOpportunity.__typename).toBe("Opportunity");
});

describe("importing opportunities from a GBK CSV", () => {
  let importId: string;

  it("dry run: the API's own checks on every row, duplicates in the file and against open deals, nothing written", async () => {
    // Prepare
    const csv = gbkCsv([
      HEADERS,
      ["", acme.code, "新项目一", "", "1,234,567.89", "2026/12/1", "", "展会"],
      ["杭州乙方流体 有限公司", "", "新项目二", "初步接触", "50000", "2026-12-31", "chen.gang@example.com", ""],
      ["宁波甲方阀门有限公司", "", " 新项目一 ", "", "", "", "", ""],
      ["宁波甲方阀门有限公司", "", "老项目", "", "", "", "", ""],
      ["不存在的有限公司", "", "项目X", "", "", "", "", ""],
      ["宁波甲方阀门有限公司", "", "负数金额", "", "-5", "", "", ""],
      ["宁波甲方阀门有限公司", "", "三位小数", "", "1.234", "", "", ""],
      ["宁波甲方阀门有限公司", "", "坏日期", "", "", "2026-02-30", "", ""],
      ["宁波甲方阀门有限公司", "", "直接赢单", "合同签订", "100", "2026-12-01", "", ""],
      ["宁波甲方阀门有限公司", "", "跳到需求确认", "需求确认", "100", "2026-12-01", "", ""],
      ["宁波甲方阀门有限公司", "", "缺金额", "初步接触", "", "2026-12-01", "", ""],
      ["公海里的有限公司", "", "公海项目", "", "", "", "", ""],
      ["宁波甲方阀门有限公司", "", "无名负责人", "", "", "", "不存在的人", ""],
    ]);
    // Act
    const { job } = await uploadImport(app, admin, "商机清单.csv", csv, "text/csv", OPPORTUNITIES);
    // Assess
    expect(job).toMatchObject({ status: "VALIDATED", newRows: 2, duplicateRows: 2, invalidRows: 9, created: 0, processed: 13, total: 13 });
    expect((await dealsOf(admin, acme.id)).map((d: any) => d.title)).toEqual(["老项目"]);
    importId = job.id;
  });

  it("the error report names each problem in its cell, in the words the API uses", async () => {
    const job = await importOf(app, admin, importId);
    const rows = await workbookRows(job.errorReportUrl);
    expect(rows[0]).toEqual([...HEADERS, "原行号", "错误说明"]);
    const problem = new Map(rows.slice(1).map((r) => [r[HEADERS.length], r.at(-1)]));
    expect([...problem.keys()]).toEqual(["4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14"]);
    expect(problem.get("4")).toBe("与第2行重复（客户与商机名称相同）");
    expect(problem.get("5")).toBe("该客户已有同名未关闭商机“老项目”");
    expect(problem.get("6")).toBe("客户名称：未找到客户“不存在的有限公司”（或您无权查看）");
    expect(problem.get("7")).toBe("金额（元）：金额必须是不小于0的整数（单位：分）");
    expect(problem.get("8")).toBe("金额（元）：金额必须是不小于0的整数（单位：分）");
    expect(problem.get("9")).toBe("预计成交日期：2026-02-30不是存在的日期（格式为 YYYY-MM-DD）");
    expect(problem.get("10")).toContain("导入不能设置“合同签订”");
    expect(problem.get("11")).toContain("进入“需求确认”需");
    expect(problem.get("12")).toContain("进入“初步接触”需填写");
    expect(problem.get("13")).toBe("客户名称：客户“公海里的有限公司”在公海中，请先领取");
    expect(problem.get("14")).toBe("负责人不存在或已停用");
    expect(rows.find((r) => r[HEADERS.length] === "7")?.[4]).toBe("-5");
  });

  it("commit creates the deals through createOpportunity's write, at their stage, with one activity naming the file", async () => {
    const done = await commit(app, admin, importId);
    expect(done).toMatchObject({ status: "COMMITTED", created: 2, skipped: 2, processed: 4, total: 4 });
    const [mine] = (await dealsOf(alice, acme.id)).filter((d: any) => d.title === "新项目一");
    expect(mine).toMatchObject({
      stage: "LEAD",
      amount: { fen: 123456789, currency: "CNY" },
      expectedCloseOn: "2026-12-01",
      source: "展会",
      owner: { name: "王丽" },
      timeline: { edges: [{ node: { kind: "CREATED", note: "从文件“商机清单.csv”导入" } }] },
    });
    const [other] = await dealsOf(bob, beta.id);
    expect(other).toMatchObject({ title: "新项目二", stage: "FIRST_CONTACT", amount: { fen: 5000000 }, owner: { name: "陈刚" }, stageHistory: [{ stage: "LEAD" }, { stage: "FIRST_CONTACT" }] });
    // The rep's own deal list has it, as for a deal created by hand.
    const list = await app.ok(alice, `{ opportunities(first: 20) { edges { node { title } } } }`);
    expect(list.opportunities.edges.map((e: any) => e.node.title).sort()).toEqual(["新项目一", "老项目"]);
  });
});

describe("importing opportunities from an .xlsx as a manager, with a crash mid-way", () => {
  it("only the team's customers and owners; a re-run after the crash writes every deal once", async () => {
    // Prepare: 12 rows for the team's customer (two batches), one for another team's customer, one for an outsider owner.
    const team = await customer(alice, { name: "团队客户有限公司" });
    const rows: (string | number | Date)[][] = [["客户名称*", "商机名称*", "金额（元）", "预计成交日期", "负责人"]];
    for (let i = 1; i <= 12; i++) rows.push([team.name, `批量项目${i}`, 1000 + i, new Date(Date.UTC(2026, 11, i)), i % 2 ? "王丽" : ""]);
    rows.push([foreign.name, "越权项目", 1, new Date(Date.UTC(2026, 11, 1)), ""]);
    rows.push([team.name, "外队负责人", 1, new Date(Date.UTC(2026, 11, 1)), "孙倩"]);
    const { job } = await uploadImport(app, manager, "团队商机.xlsx", await xlsxOf(rows as (string | number)[][]), XLSX, OPPORTUNITIES);
    expect(job).toMatchObject({ status: "VALIDATED", newRows: 12, invalidRows: 2 });
    const report = await workbookRows(job.errorReportUrl);
    expect(report.find((r) => r[1] === "越权项目")?.at(-1)).toBe("客户名称：未找到客户“外队客户有限公司”（或您无权查看）");
    expect(report.find((r) => r[1] === "外队负责人")?.at(-1)).toBe("负责人：不在您的团队中（经理只能为自己和团队成员导入）");

    // Act 1: the worker dies after its first batch.
    commitHooks.afterBatch = (n) => {
      if (n === 1) throw new Error("injected crash");
    };
    const crashed = await commit(app, manager, job.id);
    expect(crashed.status).toBe("COMMITTING");
    expect((await dealsOf(manager, team.id)).length).toBe(10);

    // Act 2: commit again.
    commitHooks.afterBatch = undefined;
    const done = await commit(app, manager, job.id);

    // Assess: twelve deals, each once with one activity; amounts in fen; Excel dates as days.
    expect(done).toMatchObject({ status: "COMMITTED", created: 12, skipped: 0 });
    const deals = await dealsOf(manager, team.id);
    expect(deals).toHaveLength(12);
    expect(new Set(deals.map((d: any) => d.title)).size).toBe(12);
    expect(deals.every((d: any) => d.timeline.edges.length === 1 && d.owner.name === "王丽")).toBe(true);
    expect(deals.find((d: any) => d.title === "批量项目3")).toMatchObject({ amount: { fen: 100300 }, expectedCloseOn: "2026-12-03" });
    expect(await dealsOf(admin, foreign.id)).toEqual([]);
  });

  it("a customer released to the pool after the dry run gets no deal at commit: the row is skipped", async () => {
    // Prepare: a dry run that passes, then the customer goes to the pool before the commit.
    const later = await customer(alice, { name: "稍后退回公海有限公司" });
    const csv = gbkCsv([HEADERS, ["稍后退回公海有限公司", "", "退回前的项目", "", "", "", "", ""]]);
    const { job } = await uploadImport(app, admin, "退回.csv", csv, "text/csv", OPPORTUNITIES);
    expect(job).toMatchObject({ status: "VALIDATED", newRows: 1 });
    await app.ok(alice, `mutation($id: ID!) { releaseCustomer(id: $id, reason: "不再跟进") { __typename } }`, { id: later.id });

    // Act
    const done = await commit(app, admin, job.id);

    // Assess
    expect(done).toMatchObject({ status: "COMMITTED", created: 0, skipped: 1 });
    expect(await dealsOf(admin, later.id)).toEqual([]);
  });

  it("the template has Chinese headers and an example row", async () => {
    const url = (await app.ok(admin, `{ importTemplate(kind: OPPORTUNITIES) }`)).importTemplate;
    const rows = await workbookRows(url);
    expect(rows[0].slice(0, 5)).toEqual(["客户名称", "统一社会信用代码", "商机名称*", "阶段", "金额（元）"]);
    expect(rows[1][2]).toBe("北仑厂区阀门改造");
  });
});
