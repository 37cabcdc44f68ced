import { describe, expect, it } from "vitest";
import { testApp } from "../support/app";

describe("import ids that are not an import's", () => {
  it("import(id: garbage) answers null like other lookups; commitImport names the field as people call it", async () => {
    // Prepare
    const app = await testApp();
    const admin = await app.user({ roles: ["ADMIN"] });
    // Act
    const found = await app.ok(admin, `{ import(id: "garbage") { id } }`);
    const committed = await app.ok(
      admin,
      `mutation { commitImport(importId: "garbage", onDuplicate: SKIP) { __typename ... on ValidationError { message fields { path code message } } } }`,
    );
    // Assess
    expect(found.import).toBeNull();
    expect(committed.commitImport.__typename).toBe("ValidationError");
    expect(committed.commitImport.fields[0]).toMatchObject({ path: ["importId"], code: "INVALID_ID" });
    expect(committed.commitImport.message).toBe("输入有误：导入编号无效");
  });
});
