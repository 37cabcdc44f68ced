import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, creditCode, customerInput } from "../support/fixtures";
import { EXPORT_CUSTOMERS, exportAndDownload } from "./support";

let app: TestApp;
let admin: User;
let manager: User;
let alice: User;
let bob: User;
let outsider: User;
let david: User;
const aliceCode = creditCode();

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
  manager = await app.user({ name: "赵经理", roles: ["MANAGER"] });
  alice = await app.user({ name: "王丽", managerId: manager.id });
  bob = await app.user({ name: "陈刚", managerId: manager.id });
  outsider = await app.user({ name: "外队", managerId: null });
  david = await app.user({ name: "David Lin", locale: "en", managerId: manager.id });
  const make = (owner: User, input: Record<string, unknown>) => app.ok(owner, CREATE_CUSTOMER, { input: customerInput(input) });
  await make(alice, {
    name: "王丽客户甲",
    tier: "A",
    creditCode: aliceCode,
    contacts: [{ name: "周工", title: "设备部部长", role: "DECISION_MAKER", phone: "138-0571-0000" }],
    tags: ["老客户", "华东重点"],
  });
  app.clock.advance(60 * 60_000);
  await make(alice, { name: "王丽客户乙", tier: "C", region: "华南" });
  await make(bob, { name: "陈刚客户甲", tier: "A" });
  await make(outsider, { name: "外队客户甲", tier: "A" });
  await make(admin, { name: "公海客户甲", tier: "B", inPool: true });
  await make(david, { name: "David's customer", tier: "B" });
});

const names = (rows: Record<string, unknown>[], header = "客户名称") => rows.map((r) => r[header]).sort();

describe("exportCustomers", () => {
  it("gives a rep a workbook of their own customers and the pool, in Chinese, with typed cells", async () => {
    const { file, response, sheet } = await exportAndDownload(app, alice, EXPORT_CUSTOMERS);
    expect(file.rowCount).toBe(3);
    expect(file.fileName).toBe("客户导出-2026-11-23.xlsx");
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("客户导出-2026-11-23.xlsx")}`);
    expect(sheet.sheetName).toBe("客户");
    expect(sheet.headers.slice(0, 9)).toEqual(["客户名称", "统一社会信用代码", "客户等级", "行业", "区域", "来源", "负责人", "状态", "联系人"]);
    expect(sheet.headers).toContain("最近跟进");
    expect(names(sheet.rows)).toEqual(["公海客户甲", "王丽客户乙", "王丽客户甲"].sort());

    const first = sheet.rows.find((r) => r["客户名称"] === "王丽客户甲")!;
    expect(first).toMatchObject({ 统一社会信用代码: aliceCode, 客户等级: "A", 负责人: "王丽", 状态: "已领取", 标签: "老客户、华东重点" });
    expect(first["联系人"]).toBe("周工（决策人，设备部部长） 138-0571-0000");
    // Created 2026-11-23T02:00Z: 10:00 in Shanghai, an Excel date showing the organization's time.
    expect(first["创建时间"]).toEqual(new Date(Date.UTC(2026, 10, 23, 10, 0)));
    expect(sheet.formats["创建时间"]).toBe("yyyy-mm-dd hh:mm");
    // Held customers return to the pool after 14 days for tier A, at local midnight.
    expect(first["回归公海时间"]).toBeInstanceOf(Date);
    const pool = sheet.rows.find((r) => r["客户名称"] === "公海客户甲")!;
    expect(pool).toMatchObject({ 负责人: null, 状态: "公海", 回归公海时间: null });
  });

  it("gives a manager their team's customers and the pool, and ADMIN everything", async () => {
    const team = await exportAndDownload(app, manager, EXPORT_CUSTOMERS);
    expect(names(team.sheet.rows)).toEqual(["王丽客户甲", "王丽客户乙", "陈刚客户甲", "David's customer", "公海客户甲"].sort());
    const all = await exportAndDownload(app, admin, EXPORT_CUSTOMERS);
    expect(all.file.rowCount).toBe(6);
    expect(names(all.sheet.rows)).toContain("外队客户甲");
  });

  it("applies the list's filter", async () => {
    const tierA = await exportAndDownload(app, manager, EXPORT_CUSTOMERS, { tier: "A" });
    expect(names(tierA.sheet.rows)).toEqual(["王丽客户甲", "陈刚客户甲"].sort());
    const bobs = await exportAndDownload(app, admin, EXPORT_CUSTOMERS, { ownerId: gid("User", bob.id) });
    expect(names(bobs.sheet.rows)).toEqual(["陈刚客户甲"]);
    const south = await exportAndDownload(app, alice, EXPORT_CUSTOMERS, { region: "华南" });
    expect(names(south.sheet.rows)).toEqual(["王丽客户乙"]);
    // Outside the viewer's scope: an empty file, as the list is empty.
    const outsiders = await exportAndDownload(app, alice, EXPORT_CUSTOMERS, { ownerId: gid("User", outsider.id) });
    expect(outsiders.file.rowCount).toBe(0);
    expect(outsiders.sheet.headers[0]).toBe("客户名称");
  });

  it("refuses a filter the list refuses, exporting nothing", async () => {
    const res = await app.ok(alice, EXPORT_CUSTOMERS, { filter: { ownerId: "nope" } });
    expect(res.exportCustomers.__typename).toBe("ValidationError");
    expect(res.exportCustomers.fields[0].code).toBe("UNKNOWN_USER");
  });

  it("writes English headers and file name for a user who reads English", async () => {
    const { file, response, sheet } = await exportAndDownload(app, david, EXPORT_CUSTOMERS, { search: "David" });
    expect(file.fileName).toBe("Customers-export-2026-11-23.xlsx");
    expect(response.headers.get("content-disposition")).toContain("filename*=UTF-8''Customers-export-2026-11-23.xlsx");
    expect(sheet.headers.slice(0, 8)).toEqual(["Name", "Credit code", "Tier", "Industry", "Region", "Source", "Owner", "Status"]);
    expect(sheet.rows).toEqual([expect.objectContaining({ Name: "David's customer", Owner: "David Lin", Status: "Held" })]);
  });
});
