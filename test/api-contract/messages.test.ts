import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { testApp, type TestApp } from "../support/app";

let app: TestApp;
let rep: User;
let english: User;

beforeAll(async () => {
  app = await testApp();
  rep = await app.user({ name: "王丽" });
  english = await app.user({ name: "David Lin", locale: "en" });
});

describe("refusals name fields as people call them, with Chinese punctuation", () => {
  it("a blank name and a bad contact email are named 名称 and 联系人（第 1 项）邮箱, not name / contacts.0.email", async () => {
    const input = customerInput({ name: " ", creditCode: "91330200X", contacts: [{ name: "张三", title: "  ", email: "zhang@", phone: null }] });
    const zh = (await app.ok(rep, CREATE_CUSTOMER, { input })).createCustomer;
    expect(zh.__typename).toBe("ValidationError");
    expect(zh.message).toBe("输入有误：名称不能为空；统一社会信用代码无效（应为18位且校验位正确）；联系人（第 1 项）邮箱格式不正确");
    expect(zh.message).not.toMatch(/[a-z]+ (不能|邮箱)|[,():;]/);
    const en = (await app.ok(english, CREATE_CUSTOMER, { input })).createCustomer;
    expect(en.message).toMatch(/^Invalid input: name is required; credit code is not a valid unified social credit code .*; contact 1 email is not a valid email address$/);
  });
});
