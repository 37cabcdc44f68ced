import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { mailbox } from "../support/approvals";
import { pagedQuote, sendQuoteTo, viewer, wait } from "./tracking-fixtures";

/** The quote's owner hears when the customer first reads it, and when one page holds their attention. */
let app: TestApp;
let admin: User;

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
});

const mailAbout = async (to: User, number: string) => (await mailbox(to.email)).filter((e) => e.subject.includes(number));

async function setTracking(quoteTracking: Record<string, unknown>) {
  const version = (await app.ok(admin, `{ organization { version } }`)).organization.version;
  const res = await app.ok(admin, `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }`, { input: { expectedVersion: version, quoteTracking } });
  expect(res.updateOrganization.__typename).toBe("Organization");
}

describe("owner alerts", () => {
  it("tells the owner once per send when the customer first reads the quote, never for machine views", async () => {
    // Prepare
    const rep = await app.user({ name: "陈刚" });
    const quote = await pagedQuote(app, rep);
    const first = await sendQuoteTo(app, rep, quote.id);
    const scanner = await viewer(app, first.viewId).open(); // seconds after sending
    await viewer(app, first.viewId).beat(scanner.visitToken, 1, scanner.pageCount as number);
    await viewer(app, first.viewId, { userAgent: "Mozilla/5.0 (compatible; Mimecast-URL-Protect)" }).open();
    const quiet = await mailAbout(rep, quote.number);
    wait(app, 3600);

    // Act: the customer reads it, comes back the next day; the quote is sent again and read again
    const readAt = app.clock.now();
    const read = async (viewId: string) => {
      const visit = await viewer(app, viewId).open();
      await viewer(app, viewId).beat(visit.visitToken, 1, visit.pageCount as number);
      wait(app, 15);
      await viewer(app, viewId).beat(visit.visitToken, 1, visit.pageCount as number);
    };
    await read(first.viewId);
    wait(app, 86_400);
    await read(first.viewId);
    const second = await sendQuoteTo(app, rep, quote.id);
    wait(app, 120);
    await read(second.viewId);

    // Assess
    expect(quiet).toHaveLength(0);
    const emails = await mailAbout(rep, quote.number);
    expect(emails.map((e) => e.subject)).toEqual([`客户已查看报价单 ${quote.number}`, `客户已查看报价单 ${quote.number}`]);
    expect(emails[0].body.text).toBe(`报价单 ${quote.number}（第1版）发送至 ${first.to} 后，客户已于 2026-11-23 11:00 首次在线查看。`);
    expect(emails[1].body.text).toContain(second.to);
    expect(readAt.toISOString()).toBe("2026-11-23T03:00:00.000Z");
  });

  it("tells the owner once when the customer comes back to one page in several visits, naming the page", async () => {
    // Prepare: the default threshold, 3 visits
    const rep = await app.user({ name: "刘洋" });
    const quote = await pagedQuote(app, rep);
    const { viewId } = await sendQuoteTo(app, rep, quote.id);
    wait(app, 60);
    const visitReadingPage3 = async () => {
      const o = await viewer(app, viewId).open();
      await viewer(app, viewId).beat(o.visitToken, 3, o.pageCount as number);
      wait(app, 15);
      await viewer(app, viewId).beat(o.visitToken, 3, o.pageCount as number);
      wait(app, 3600);
    };

    // Act
    await visitReadingPage3();
    await visitReadingPage3();
    const afterTwo = await mailAbout(rep, quote.number);
    await visitReadingPage3();
    await visitReadingPage3();

    // Assess
    expect(afterTwo.map((e) => e.subject)).toEqual([`客户已查看报价单 ${quote.number}`]);
    const alerts = (await mailAbout(rep, quote.number)).filter((e) => e.subject.includes("第 3 页"));
    expect(alerts.map((e) => e.subject)).toEqual([`客户反复查看报价单 ${quote.number} 第 3 页`]);
    expect(alerts[0].body.text).toContain(`报价单 ${quote.number}（第1版）的第 3 页，客户已在 3 次访问中查看，累计 45秒。`);
  });

  it("tells an English-speaking owner once when one page is read for long in all, per the organization's threshold", async () => {
    // Prepare: a page read 60 s in all alerts (visits off the table)
    await setTracking({ alertPageSeconds: 60, alertPageVisits: 100 });
    const rep = await app.user({ name: "David Lin", locale: "en" });
    const quote = await pagedQuote(app, rep);
    const { viewId } = await sendQuoteTo(app, rep, quote.id);
    wait(app, 60);
    const o = await viewer(app, viewId).open();
    const beat = (page: number) => viewer(app, viewId).beat(o.visitToken, page, o.pageCount as number);

    // Act: page 2 read for 45 s, page 1 for 30 s, page 2 for 15 s more (60 s), then on
    for (const page of [2, 2, 2, 1, 1, 2, 2, 2]) {
      wait(app, 15);
      await beat(page);
    }

    // Assess
    const emails = await mailAbout(rep, quote.number);
    expect(emails.map((e) => e.subject)).toEqual([`The customer opened quote ${quote.number}`, `The customer keeps reading page 2 of quote ${quote.number}`]);
    expect(emails[1].body.text).toContain(`Page 2 of quote ${quote.number} (revision 1) has been read by the customer in 1 visit(s), 1 min in all.`);
    await setTracking({ alertPageSeconds: 180, alertPageVisits: 3 });
  });
});
