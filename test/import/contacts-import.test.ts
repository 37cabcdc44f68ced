import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { commitHooks } from "../../functions/core/import/commit";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, creditCode, customerInput } from "../support/fixtures";
import { commit, gbkCsv, uploadImport, workbookRows, XLSX, xlsxOf } from "./support";

const CONTACTS = { kind: "CONTACTS" };
const HEADERS = ["客户名称", "统一社会信用代码", "联系人姓名", "职务", "电话", "邮箱", "主要联系人"];

let app: TestApp;
let admin: User, manager: User, alice: User, outsider: User;
let acme: { id: string; code: string };
let foreign: string;

const READ = `query($id: ID!) { customer(id: $id) { version contacts { name title phone email } timeline(first: 10) { edges { node { kind note } } } } }`;
const customerOf = async (as: User, id: string) => (await app.ok(as, READ, { id })).customer;

afterEach(() => {
  commitHooks.afterBatch = undefined;
});

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
  manager = await app.user({ name: "赵经理", roles: ["MANAGER"] });
  alice = await app.user({ name: "王丽", managerId: manager.id });
  const otherManager = await app.user({ name: "钱经理", roles: ["MANAGER"] });
  outsider = await app.user({ name: "孙倩", managerId: otherManager.id });
  const code = creditCode();
  const made = await app.ok(alice, CREATE_CUSTOMER, {
    input: customerInput({ name: "宁波联系人测试有限公司", creditCode: code, contacts: [{ name: "老王", phone: "13900000000" }] }),
  });
  acme = { id: made.createCustomer.id, code };
  foreign = (await app.ok(outsider, CREATE_CUSTOMER, { input: customerInput({ name: "外队联系人有限公司" }) })).createCustomer.id;
});

describe("importing contacts", () => {
  it("a GBK CSV: updateCustomer's checks per row, duplicates by name or phone; the commit adds them with one timeline entry naming the file", async () => {
    // Prepare
    const csv = gbkCsv([
      HEADERS,
      ["", acme.code, "李工", "采购经理", "138-0000-0001", "li@example.com", "是"],
      ["宁波联系人测试有限公司", "", "张工", "", "13800000002", "", ""],
      ["宁波联系人测试有限公司", "", "王五", "", "139 0000 0000", "", ""],
      ["宁波联系人测试有限公司", "", "李工", "", "", "", ""],
      ["宁波联系人测试有限公司", "", "坏邮箱", "", "", "not-an-email", ""],
      ["宁波联系人测试有限公司", "", "坏电话", "", "abc", "", ""],
      ["宁波联系人测试有限公司", "", "", "", "13800000009", "", ""],
      ["不存在的有限公司", "", "某人", "", "", "", ""],
      ["宁波联系人测试有限公司", "", "刘工", "", "", "", "也许"],
    ]);
    // Act
    const { job } = await uploadImport(app, admin, "联系人.csv", csv, "text/csv", CONTACTS);
    // Assess: the dry run
    expect(job).toMatchObject({ status: "VALIDATED", newRows: 2, duplicateRows: 2, invalidRows: 5 });
    const rows = await workbookRows(job.errorReportUrl);
    expect(rows[0]).toEqual([...HEADERS, "原行号", "错误说明"]);
    const problem = new Map(rows.slice(1).map((r) => [r[HEADERS.length], r.at(-1)]));
    expect(problem.get("4")).toBe("客户“宁波联系人测试有限公司”已有联系人“老王”（姓名或电话相同）");
    expect(problem.get("5")).toBe("与第2行重复（同一客户的联系人姓名或电话相同）");
    expect(problem.get("6")).toBe("邮箱格式不正确");
    expect(problem.get("7")).toBe("电话号码格式不正确");
    expect(problem.get("8")).toBe("联系人姓名：不能为空");
    expect(problem.get("9")).toBe("客户名称：未找到客户“不存在的有限公司”（或您无权查看）");
    expect(problem.get("10")).toBe("主要联系人：应填“是”或“否”");
    expect((await customerOf(alice, acme.id)).contacts).toHaveLength(1);

    // Act: commit
    const done = await commit(app, admin, job.id);
    // Assess: the primary contact first, the other after the customer's own; one UPDATED entry naming the file.
    expect(done).toMatchObject({ status: "COMMITTED", created: 2, skipped: 2 });
    const after = await customerOf(alice, acme.id);
    expect(after.contacts.map((c: any) => c.name)).toEqual(["李工", "老王", "张工"]);
    expect(after.contacts[0]).toMatchObject({ title: "采购经理", phone: "138-0000-0001", email: "li@example.com" });
    expect(after.timeline.edges[0].node).toEqual({ kind: "UPDATED", note: "从文件“联系人.csv”导入" });
    expect(after.timeline.edges.filter((e: any) => e.node.kind === "UPDATED")).toHaveLength(1);
  });

  it("an .xlsx as a manager: another team's customer is refused; a re-run after a crash adds nothing twice", async () => {
    // Prepare: ten customers of the team (two batches of eight), two contacts each, and a row for another team's customer.
    const ids: string[] = [];
    const rows: (string | number)[][] = [["客户名称*", "联系人姓名*", "电话"]];
    for (let i = 1; i <= 10; i++) {
      const name = `团队联系人客户${i}号有限公司`;
      ids.push((await app.ok(alice, CREATE_CUSTOMER, { input: customerInput({ name }) })).createCustomer.id);
      rows.push([name, `甲${i}`, 13700000000 + i], [name, `乙${i}`, 13600000000 + i]);
    }
    rows.push(["外队联系人有限公司", "越权", ""]);
    const { job } = await uploadImport(app, manager, "团队联系人.xlsx", await xlsxOf(rows), XLSX, CONTACTS);
    expect(job).toMatchObject({ status: "VALIDATED", newRows: 20, invalidRows: 1 });
    const report = await workbookRows(job.errorReportUrl);
    expect(report[1].at(-1)).toBe("客户名称：未找到客户“外队联系人有限公司”（或您无权查看）");

    // Act 1: the worker dies after its first batch.
    commitHooks.afterBatch = (n) => {
      if (n === 1) throw new Error("injected crash");
    };
    expect((await commit(app, manager, job.id)).status).toBe("COMMITTING");
    expect((await customerOf(alice, ids[9])).contacts).toEqual([]);
    // Act 2: again.
    commitHooks.afterBatch = undefined;
    const done = await commit(app, manager, job.id);

    // Assess: every customer has its two contacts once, and one timeline entry for them.
    expect(done).toMatchObject({ status: "COMMITTED", created: 20 });
    for (const [i, id] of ids.entries()) {
      const c = await customerOf(alice, id);
      expect(c.contacts.map((x: any) => x.name)).toEqual([`甲${i + 1}`, `乙${i + 1}`]);
      expect(c.timeline.edges.filter((e: any) => e.node.kind === "UPDATED")).toHaveLength(1);
    }
    expect((await customerOf(outsider, foreign)).contacts).toEqual([]);
  });
});
