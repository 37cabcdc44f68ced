import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { exportLimits } from "../../functions/core/export";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { EXPORT_CUSTOMERS, readWorkbook } from "./support";

let app: TestApp;
let admin: User;
let gm: User;
let rep: User;

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
  gm = await app.user({ name: "周总", roles: ["GM"] });
  rep = await app.user({ name: "王丽" });
  for (const name of ["甲公司", "乙公司", "丙公司"]) await app.ok(rep, CREATE_CUSTOMER, { input: customerInput({ name }) });
});

afterEach(() => {
  exportLimits.rows = 10_000;
});

async function exportLink(as: User = rep) {
  const res = await app.ok(as, EXPORT_CUSTOMERS, {});
  expect(res.exportCustomers.__typename).toBe("ExportFile");
  return res.exportCustomers as { url: string; expiresAt: string; fileName: string; rowCount: number };
}

describe("the one-time download link", () => {
  it("downloads once; the second GET is 410 Gone with a page in Chinese and English", async () => {
    const file = await exportLink();
    expect(file.expiresAt).toBe(new Date(app.clock.now().getTime() + 10 * 60_000).toISOString());
    expect(new URL(file.url).pathname).toMatch(/^\/exports\/[A-Za-z0-9_-]{43}$/);
    // A HEAD (a link checker) does not use it up.
    expect((await fetch(file.url, { method: "HEAD" })).status).toBe(200);
    const first = await fetch(file.url);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toContain("no-store");
    expect((await readWorkbook(await first.arrayBuffer())).rows).toHaveLength(3);
    const second = await fetch(file.url);
    expect(second.status).toBe(410);
    const page = await second.text();
    expect(page).toContain("此下载链接已使用过（每个链接只能下载一次），请重新导出。");
    expect(page).toContain("This download link has already been used");
    expect((await fetch(file.url, { method: "HEAD" })).status).toBe(410);
  });

  it("is gone after 10 minutes, never downloaded", async () => {
    const file = await exportLink();
    app.clock.advance(10 * 60_000 + 1000);
    const late = await fetch(file.url);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain("此下载链接已过期（有效期 10 分钟），请重新导出。");
  });

  it("answers 404 for a link it never issued", async () => {
    const file = await exportLink();
    const forged = file.url.replace(/\/exports\/.*$/, `/exports/${"A".repeat(43)}`);
    expect((await fetch(forged)).status).toBe(404);
    expect((await fetch(`${file.url}x`)).status).toBe(404);
  });

  it("refuses more rows than one export holds, with a typed error, and records nothing", async () => {
    exportLimits.rows = 2;
    const before = (await app.ok(admin, `{ dataExports(first: 200) { edges { node { id } } } }`)).dataExports.edges.length;
    const res = await app.ok(rep, EXPORT_CUSTOMERS, {});
    expect(res.exportCustomers).toEqual({
      __typename: "ExportTooLargeError",
      message: "导出的记录超过 2 行，请缩小筛选范围（如按负责人、区域或等级）分批导出。",
      limit: 2,
    });
    expect((await app.ok(admin, `{ dataExports(first: 200) { edges { node { id } } } }`)).dataExports.edges).toHaveLength(before);
  });

  it("records who exported what, under which filter, and when the file was fetched: for ADMIN and GM only", async () => {
    const file = await exportLink();
    await fetch(file.url);
    const AUDIT = `{ dataExports(first: 1) { edges { node { kind rowCount fileName filter requestedAt downloadedAt downloadedFrom requestedBy { name } } } } }`;
    for (const viewer of [admin, gm]) {
      const [latest] = (await app.ok(viewer, AUDIT)).dataExports.edges;
      expect(latest.node).toMatchObject({ kind: "CUSTOMERS", rowCount: 3, fileName: "客户导出-2026-11-23.xlsx", filter: "{}", requestedBy: { name: "王丽" } });
      expect(latest.node.downloadedAt).toBe(app.clock.now().toISOString());
      expect(latest.node.downloadedFrom).toMatch(/127\.0\.0\.1/);
    }
    const refused = await app.gql(rep, AUDIT);
    expect(refused.errors?.[0].extensions?.code).toBe("ForbiddenError");
    // And on the organization's timeline, for good.
    const timeline = await app.deps.store.activities.page({ type: "ORGANIZATION", id: app.orgId }, admin.id, { first: 5 });
    const entry = timeline.items.find((a) => a.kind === "DATA_EXPORTED");
    expect(entry).toMatchObject({ actorId: rep.id, decision: "CUSTOMERS", note: "3" });
  });
});
