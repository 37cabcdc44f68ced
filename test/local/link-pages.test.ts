import { beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app";

/**
 * The pages behind emailed links (an approver's, a customer's): a link mangled by a mail client
 * or typed by hand is "not valid" (404), never a server error; and no other site may frame them,
 * so an Approve or Accept button cannot be clicked through someone else's page (clickjacking).
 */
let app: TestApp;
let base: string;

beforeAll(async () => {
  app = await testApp();
  base = await app.serve();
});

/** What a browser needs to refuse to show the page inside another site's frame. */
function expectNotFramable(res: Response) {
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
}

describe("approval links", () => {
  it("answers 404, not 500, to a malformed link, for GET, HEAD and the buttons' POST", async () => {
    for (const path of ["/approvals/%E0%A4%A", "/approvals/%", "/approvals/%ZZ/document", `/approvals/${"%".repeat(43)}`]) {
      const get = await fetch(`${base}${path}`);
      expect(get.status, path).toBe(404);
      expect(await get.text()).toContain("链接无效或已过期");
      expect((await fetch(`${base}${path}`, { method: "HEAD" })).status, path).toBe(404);
    }
    const post = await fetch(`${base}/approvals/%E0%A4%A`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "decision=APPROVE",
    });
    expect(post.status).toBe(404);
    expectNotFramable(post);
  });

  it("forbids framing the page", async () => {
    expectNotFramable(await fetch(`${base}/approvals/${"A".repeat(43)}`));
  });
});

describe("quote view links", () => {
  it("answers 404 to a malformed or unknown link, and forbids framing as the approval page does", async () => {
    for (const path of ["/q/%E0%A4%A", "/q/not-a-link", "/q/%E0%A4%A/accept"]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(404);
      if (!path.endsWith("/accept")) expectNotFramable(res);
    }
  });
});
