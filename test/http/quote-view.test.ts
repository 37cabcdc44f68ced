import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../functions/core/local-day";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { DESKTOP_CHROME, SELLER, sellerOf, sentQuote, type SentQuote } from "../support/sent-quote";

/** The customer's view page behind the link in the quote email, over real HTTP (the local server). */
let app: TestApp;
let rep: User;
let quote: SentQuote;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const browser = (init: RequestInit = {}) => ({ ...init, headers: { "user-agent": DESKTOP_CHROME, ...(init.headers as Record<string, string>) } });
/** The page's settings for its script (the PDF and heartbeat URLs, the visit token). */
const configOf = (html: string) => JSON.parse(/<script type="application\/json" id="quote-view-config">(.*?)<\/script>/s.exec(html)![1]);

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  await sellerOf(app);
  rep = await app.user({ name: "陈刚", phone: "138 0000 1234", roles: ["REP"] });
  quote = await sentQuote(app, rep);
  // The customer opens it later, not seconds after sending (when only scanners do).
  app.clock.advance(5 * 60_000);
}, 120_000);

describe("the quote view page", () => {
  it("shows the seller, the quote's number, revision, validity and total, and who to call, in Chinese", async () => {
    // Act
    const res = await fetch(quote.link, browser());
    const html = await res.text();

    // Assess
    const q = (await app.ok(rep, `query($id: ID!) { quote(id: $id) { total { formatted } validUntil } }`, { id: quote.id })).quote;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html).toContain('<html lang="zh-CN">');
    for (const text of [SELLER, `报价单 ${quote.number}`, "第 1 版", "有效期至", q.validUntil, "含税总额", q.total.formatted, "陈刚", "138 0000 1234", "下载 PDF"]) expect(html).toContain(text);
    expect(html).toContain('name="viewport"');
  });

  it("speaks English to a contact who chose English", async () => {
    const english = await sentQuote(app, rep, { contact: { name: "David Lin", locale: "EN" } });
    app.clock.advance(60_000);
    const html = await (await fetch(english.link, browser())).text();
    expect(html).toContain('<html lang="en">');
    for (const text of [SELLER, `Quotation ${english.number}`, "revision 1", "Valid until", "Total incl. VAT", "Download PDF"]) expect(html).toContain(text);
    expect(html).not.toContain("有效期至");
    const download = await fetch(`${english.link}/pdf?download=1`, browser());
    expect(download.headers.get("content-disposition")).toContain(`filename="Quotation-${english.number}-v1.pdf"`);
  });

  it("is never cached, indexed or framed, runs only its own scripts, and loads nothing from elsewhere", async () => {
    const res = await fetch(quote.link, browser());
    const html = await res.text();
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-robots-tag")).toContain("noindex");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)|https?:/);
    // Every src and href is this site's: relative URLs, no CDN.
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(2);
    for (const url of urls) expect(url).not.toMatch(/^(https?:)?\/\//);
    expect(html).not.toMatch(/<script(?![^>]*(type="module" src=|type="application\/json"))/);
  });

  it("serves its script, style and pdf.js from /q/assets/, versioned, cached for a year, gzipped for browsers", async () => {
    const html = await (await fetch(quote.link, browser())).text();
    const config = configOf(html);
    const assets = [...html.matchAll(/(?:src|href)="(assets\/[^"]+)"/g)].map((m) => m[1]).concat(config.pdfjs, config.worker);
    expect(assets).toHaveLength(4);
    const require = createRequire(import.meta.url);
    const worker = readFileSync(require.resolve("pdfjs-dist/build/pdf.worker.min.mjs"));
    for (const path of assets) {
      const url = new URL(path, quote.link).href;
      const res = await fetch(url);
      const body = new Uint8Array(await res.arrayBuffer());
      expect(res.status, url).toBe(200);
      expect(res.headers.get("content-type")).toMatch(path.endsWith(".css") ? /^text\/css/ : /^text\/javascript/);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(res.headers.get("content-encoding")).toBe("gzip"); // fetch asked for it and unzipped it
      if (path === config.worker) expect(sha256(body)).toBe(sha256(worker));
      // HEAD: the same headers, no body
      const head = await fetch(url, { method: "HEAD", headers: { "accept-encoding": "identity" } });
      expect(head.status).toBe(200);
      expect((await head.arrayBuffer()).byteLength).toBe(0);
    }
    // Another version's file (a page older than the deploy) or any other name: not here.
    expect((await fetch(new URL(assets[0].replace(/\.[0-9a-f]{10}\./, ".0123456789."), quote.link))).status).toBe(404);
    expect((await fetch(new URL("assets/..%2F..%2Fpackage.json", quote.link))).status).toBe(404);
  });

  it("hands out the PDF that was sent: inline for the page, as a download with its Chinese name for the button", async () => {
    const pdfUrl = `${quote.link}/pdf`;
    const inline = await fetch(pdfUrl, browser());
    expect(inline.status).toBe(200);
    expect(inline.headers.get("content-type")).toBe("application/pdf");
    expect(inline.headers.get("content-disposition")).toMatch(/^inline; /);
    expect(inline.headers.get("cache-control")).toBe("no-store");
    // No other site may show it inside its own page, as the quote page itself.
    expect(inline.headers.get("x-frame-options")).toBe("DENY");
    expect(inline.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(sha256(new Uint8Array(await inline.arrayBuffer()))).toBe(quote.sha256);

    const download = await fetch(`${pdfUrl}?download=1`, browser());
    const disposition = download.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^attachment; filename="[ -~]+\.pdf"; /);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1])).toBe(quote.pdfFileName);
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(quote.sha256);
  });

  it("answers HEAD with the page's headers and no body", async () => {
    const res = await fetch(quote.link, { method: "HEAD", headers: { "user-agent": DESKTOP_CHROME } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it("says a link is not valid when it is unknown or altered, for the page, its PDF and its heartbeats alike", async () => {
    const altered = `${quote.link.slice(0, -2)}${quote.link.endsWith("xx") ? "yy" : "xx"}`;
    const page = await fetch(altered, browser());
    expect(page.status).toBe(404);
    expect(await page.text()).toContain("链接无效");
    expect((await fetch(`${altered}/pdf`, browser())).status).toBe(404);
    expect((await fetch(altered, { method: "HEAD" })).status).toBe(404);
    expect((await fetch(`${quote.link.replace(/\/q\/.*/, "/q/short")}`, browser())).status).toBe(404);
    expect((await fetch(`${quote.link}/unknown`, browser())).status).toBe(404);
    expect((await fetch(`${quote.link}/pdf/more`, browser())).status).toBe(404);
    const beat = await fetch(`${altered}/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ visitToken: "x".repeat(24), page: 1, pageCount: 1 }) });
    expect(beat.status).toBe(404);
  });

  it("refuses methods a route does not take (405 with Allow), and changes nothing on GET of an action", async () => {
    const cases: [string, string, string][] = [
      [quote.link, "POST", "GET, HEAD"],
      [quote.link, "PUT", "GET, HEAD"],
      [quote.link, "DELETE", "GET, HEAD"],
      [`${quote.link}/pdf`, "POST", "GET, HEAD"],
      [`${quote.link}/events`, "GET", "POST"],
      [`${quote.link}/accept`, "PUT", "POST"],
      [`${quote.link}/changes`, "DELETE", "POST"],
      [new URL("assets/quote-view.js", quote.link).href, "POST", "GET, HEAD"],
    ];
    for (const [url, method, allow] of cases) {
      const res = await fetch(url, { method, headers: { "user-agent": DESKTOP_CHROME } });
      expect(res.status, `${method} ${url}`).toBe(405);
      expect(res.headers.get("allow")).toBe(allow);
    }
  });

  it("sends a reloaded or bookmarked answer URL (GET, HEAD) back to the quote page, changing nothing", async () => {
    for (const [action, method] of [["accept", "GET"], ["changes", "GET"], ["accept", "HEAD"]]) {
      const res = await fetch(`${quote.link}/${action}`, { method, redirect: "manual", headers: { "user-agent": DESKTOP_CHROME } });
      expect(res.status, `${method} ${action}`).toBe(303);
      expect(res.headers.get("location")).toBe(quote.link);
    }
    const followed = await fetch(`${quote.link}/accept`, browser());
    expect(followed.status).toBe(200);
    expect(await followed.text()).toContain(`报价单 ${quote.number}`);
    expect((await app.ok(rep, `query($id: ID!) { quote(id: $id) { status changeRequests { comment } } }`, { id: quote.id })).quote).toEqual({ status: "APPROVED", changeRequests: [] });
  });

  it("redirects the link with a trailing slash to the link itself, where the page's relative URLs work", async () => {
    // Act
    const slash = await fetch(`${quote.link}/`, { redirect: "manual", headers: { "user-agent": DESKTOP_CHROME } });
    const pdfSlash = await fetch(`${quote.link}/pdf/?download=1`, { redirect: "manual", headers: { "user-agent": DESKTOP_CHROME } });
    const followed = await fetch(`${quote.link}/`, browser());

    // Assess
    expect(slash.status).toBe(301);
    expect(slash.headers.get("location")).toBe(quote.link);
    expect(pdfSlash.status).toBe(301);
    expect(pdfSlash.headers.get("location")).toBe(`${quote.link}/pdf?download=1`);
    expect(followed.url).toBe(quote.link);
    const { events } = configOf(await followed.text());
    expect(new URL(events, followed.url).pathname).toBe(`${new URL(quote.link).pathname}/events`);
  });

  it("keeps the link open a month past the quote's validity, then says it has expired and whom to ask", async () => {
    // Prepare
    const { validUntil } = (await app.ok(rep, `query($id: ID!) { quote(id: $id) { validUntil } }`, { id: quote.id })).quote;
    const was = app.clock.now();
    const at = (day: string) => app.clock.set(`${day}T02:00:00.000Z`); // 10:00 in Shanghai
    try {
      // Act + Assess: past its validity the page still opens (the customer can ask for a new quote)
      at(addDays(validUntil, 30));
      expect((await fetch(quote.link, browser())).status).toBe(200);
      // A month on, the page, its PDF and the answers are gone, with a word on why
      at(addDays(validUntil, 31));
      const page = await fetch(quote.link, browser());
      expect(page.status).toBe(410);
      const html = await page.text();
      expect(html).toContain("报价链接已过期");
      expect(html).toContain(`有效期已于 ${validUntil} 截止`);
      expect(html).toContain("陈刚");
      expect((await fetch(`${quote.link}/pdf`, browser())).status).toBe(410);
      expect((await fetch(quote.link, { method: "HEAD", headers: { "user-agent": DESKTOP_CHROME } })).status).toBe(410);
      const accept = await fetch(`${quote.link}/accept`, browser({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "name=顾晓明&title=采购经理" }));
      expect(accept.status).toBe(410);
    } finally {
      app.clock.set(was);
    }
  });

  it("takes heartbeats as JSON or as sendBeacon's text/plain, and refuses what the page never sends", async () => {
    const { events, visit } = configOf(await (await fetch(quote.link, browser())).text());
    const url = new URL(events, quote.link).href;
    const post = (body: string, type = "application/json") => fetch(url, { method: "POST", headers: { "content-type": type, "user-agent": DESKTOP_CHROME }, body });
    // Refused before anything is recorded: not JSON, a form, a page the PDF does not have, no token
    expect((await post("not json")).status).toBe(400);
    expect((await post(JSON.stringify({ visitToken: visit, page: 1, pageCount: 1 }), "application/x-www-form-urlencoded")).status).toBe(400);
    expect((await post(JSON.stringify({ visitToken: visit, page: 2, pageCount: 1 }))).status).toBe(400);
    expect((await post(JSON.stringify({ page: 1, pageCount: 1 }))).status).toBe(400);
    expect((await post(JSON.stringify({ visitToken: visit, page: 1, pageCount: 1, padding: "x".repeat(2000) }))).status).toBe(400);
    // A token this link never handed out
    expect((await post(JSON.stringify({ visitToken: "A".repeat(24), page: 1, pageCount: 1 }))).status).toBe(404);
    // The page's own beats
    expect((await post(JSON.stringify({ visitToken: visit, page: 1, pageCount: 1 }))).status).toBe(204);
    expect((await post(JSON.stringify({ visitToken: visit, page: 1, pageCount: 1, final: true }), "text/plain;charset=UTF-8")).status).toBe(204);
  });
});
