import { describe, expect, it } from "vitest";
import { gid, testApp } from "../support/app";
import { commit, CUSTOMERS_BY_NAME, uploadImport, XLSX, xlsxOf } from "./support";

const UPDATE_USER = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { __typename } }`;

describe("a manager's import whose owners changed between the dry run and the commit", () => {
  it("rows for someone who left the team or was deactivated are skipped, not written and not counted as pooled", async () => {
    // Prepare: a manager's dry run for two of their reps and themselves.
    const app = await testApp();
    await app.serve();
    const admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
    const manager = await app.user({ name: "王海涛", roles: ["MANAGER"] });
    const otherManager = await app.user({ name: "李晓燕", roles: ["MANAGER"] });
    const mover = await app.user({ name: "调岗销售", managerId: manager.id });
    const leaver = await app.user({ name: "离职销售", managerId: manager.id });
    const bytes = await xlsxOf([
      ["客户名称", "客户等级", "行业", "区域", "客户来源", "负责人"],
      ["调岗一号有限公司", "B", "石化", "华东", "展会", "调岗销售"],
      ["离职一号有限公司", "B", "石化", "华东", "展会", "离职销售"],
      ["经理自己有限公司", "B", "石化", "华东", "展会", ""],
    ]);
    const { job } = await uploadImport(app, manager, "团队.xlsx", bytes, XLSX);
    expect(job).toMatchObject({ status: "VALIDATED", newRows: 3 });
    // Act: one rep moves to another team, the other is deactivated; then the manager commits.
    await app.ok(admin, UPDATE_USER, { input: { id: gid("User", mover.id), expectedVersion: 1, managerId: gid("User", otherManager.id) } });
    await app.ok(admin, UPDATE_USER, { input: { id: gid("User", leaver.id), expectedVersion: 1, active: false } });
    const done = await commit(app, manager, job.id);
    // Assess
    expect(done).toMatchObject({ status: "COMMITTED", created: 1, skipped: 2, pooled: 0, processed: 3 });
    const names = (await app.ok(admin, CUSTOMERS_BY_NAME)).customers.edges.map((e: any) => e.node.name);
    expect(names).toEqual(["经理自己有限公司"]);
  });
});
