import { afterEach, describe, expect, it } from "vitest";
import { commitHooks } from "../../functions/core/import/commit";
import { testApp } from "../support/app";
import { creditCode } from "../support/fixtures";
import { commit, importOf, uploadImport, XLSX, xlsxOf } from "./support";

afterEach(() => {
  commitHooks.afterBatch = undefined;
});

describe("committing an import again after a crash", () => {
  it("writes only what is missing: no customer, activity or holding counted twice; rows past the owner's limit go to the pool", async () => {
    // Prepare: 60 rows for one rep who may hold 40 customers.
    const app = await testApp();
    await app.serve();
    const admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
    const rep = await app.user({ name: "王丽" });
    await app.ok(admin, `mutation { updateOrganization(input: { expectedVersion: 0, maxCustomersPerOwner: 40 }) { __typename } }`);
    const rows = Array.from({ length: 60 }, (_, i) => [`导入测试${i + 1}号有限公司`, "B", "石化", "华东", "展会", creditCode(), "王丽"]);
    const { job } = await uploadImport(app, admin, "六十家.xlsx", await xlsxOf([["客户名称", "客户等级", "行业", "区域", "客户来源", "统一社会信用代码", "负责人"], ...rows]), XLSX);
    expect(job).toMatchObject({ status: "VALIDATED", newRows: 60 });

    // Act 1: the worker dies after its second transaction.
    commitHooks.afterBatch = (n) => {
      if (n === 2) throw new Error("injected crash");
    };
    const crashed = await commit(app, admin, job.id);
    // Assess 1: part of it landed; the import still says it is committing.
    expect(crashed.status).toBe("COMMITTING");
    const landed = await app.ok(admin, `{ customers(first: 200) { edges { node { id } } } }`);
    expect(landed.customers.edges.length).toBeGreaterThan(0);
    expect(landed.customers.edges.length).toBeLessThan(60);

    // Act 2: commit again.
    commitHooks.afterBatch = undefined;
    const done = await commit(app, admin, job.id);

    // Assess 2: every row once; 40 held, 20 in the pool, reported.
    expect(done).toMatchObject({ status: "COMMITTED", created: 60, pooled: 20, skipped: 0, processed: 60, total: 60 });
    const all = await app.ok(admin, `{ customers(first: 200) { edges { node { id name inPool timeline(first: 5) { edges { node { kind } } } } } } }`);
    const nodes = all.customers.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(60);
    expect(new Set(nodes.map((n: any) => n.name)).size).toBe(60);
    expect(nodes.filter((n: any) => n.inPool)).toHaveLength(20);
    expect(nodes.every((n: any) => n.timeline.edges.length === 1)).toBe(true);
    expect((await app.reload(rep)).ownedCount).toBe(40);
    expect((await importOf(app, admin, job.id)).created).toBe(60);
  });
});
