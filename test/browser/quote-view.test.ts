import sparticuz from "@sparticuz/chromium";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { DESKTOP_CHROME, SELLER, sellerOf, sentQuote, type SentQuote } from "../support/sent-quote";
import { pdfPages, placedText } from "../pdf/read-pdf";

/**
 * The customer's view page in a real headless Chromium (a binary inside the @sparticuz/chromium npm
 * package: no download, no apt step, so this always runs): pdf.js draws the PDF that was sent, and
 * the page's heartbeats reach the rep's API as dwell per page. Time between beats is the app's
 * injected clock; the test calls the page script's own `beat()` instead of waiting 15 s.
 */
let app: TestApp;
let rep: User;
let quote: SentQuote;
let browser: Browser;
let pdf: Uint8Array;

const ENGAGEMENT = `query($id: ID!) { quote(id: $id) { engagement { firstHumanViewAt humanVisits totalDwellSeconds machineViews pages { page dwellSeconds } } } }`;

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  await sellerOf(app);
  rep = await app.user({ name: "陈刚", roles: ["REP"] });
  // Thirty lines: a two-page PDF, so the reader can move to page 2.
  quote = await sentQuote(app, rep, { lines: 30 });
  pdf = new Uint8Array(await (await fetch(`${quote.link}/pdf`)).arrayBuffer());
  browser = await chromium.launch({
    executablePath: await sparticuz.executablePath(),
    // Its Lambda-minded flags, but with the web's security on (the page's CSP is part of what is tested) and one
    // process per page as in a desktop browser (single-process Chromium cannot open a second context).
    args: sparticuz.args.filter((a) => !/disable-web-security|allow-running-insecure-content|single-process/.test(a)),
  });
  // The customer opens the email some minutes after it was sent (a fetch seconds after is a scanner's).
  app.clock.advance(5 * 60_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/**
 * Awaits `ready` or calls `beat()` of the page's script: imported by its URL, it is the very instance
 * the page runs (one module per URL). A string, so vitest does not rewrite the import().
 */
async function script<T>(page: Page, use: "ready" | "beat()"): Promise<T> {
  return page.evaluate(`import(${JSON.stringify(await scriptUrl(page))}).then((m) => m.${use})`) as Promise<T>;
}
const scriptUrl = async (page: Page) => new URL((await page.locator('script[type="module"]').getAttribute("src"))!, page.url()).href;

/** Scrolls page `n` to the top of the window and waits until the script counts it as the page in view. */
async function readPage(page: Page, n: number) {
  await page.evaluate((n) => document.querySelector(`.page[data-page="${n}"]`)!.scrollIntoView({ block: "start" }), n);
  await page.waitForFunction(`import(${JSON.stringify(await scriptUrl(page))}).then((m) => m.inView() === ${n})`);
}

/** Dark pixels in a canvas rectangle, as a share of its pixels: 0 for a blank area. */
function inkIn(page: Page, pageNumber: number, box: { x: number; y: number; w: number; h: number } | null) {
  return page.evaluate(
    ({ pageNumber, box }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`.page[data-page="${pageNumber}"] canvas`)!;
      const r = box ?? { x: 0, y: 0, w: canvas.width, h: canvas.height };
      const data = canvas.getContext("2d")!.getImageData(Math.round(r.x), Math.round(r.y), Math.round(r.w), Math.round(r.h)).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] + data[i + 1] + data[i + 2] < 600) dark++;
      return { share: dark / (data.length / 4), width: canvas.width, height: canvas.height };
    },
    { pageNumber, box },
  );
}

const engagement = async () => (await app.ok(rep, ENGAGEMENT, { id: quote.id })).quote.engagement;

/** Polls (real time: the beacon is on its way) until `check` holds, for at most 5 s. */
async function waitFor(check: () => Promise<boolean>) {
  for (const deadline = Date.now() + 5_000; !(await check()); ) {
    if (Date.now() > deadline) throw new Error("not within 5 s");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the quote view page in a browser", () => {
  it("draws every page of the PDF sent, Chinese included, and the customer's reading reaches the rep as dwell per page", async () => {
    // Prepare: a person's desktop Chrome (HeadlessChrome is a machine agent), anything odd on the console noted
    const context = await browser.newContext({ userAgent: DESKTOP_CHROME, viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    const page = await context.newPage();
    const problems: string[] = [];
    const elsewhere: string[] = [];
    const origin = new URL(quote.link).origin;
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning" || /warning|refused|error/i.test(m.text())) problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    let leaving = false;
    // The last beat's sendBeacon is handed to the browser as the page goes: aborted for the page, not lost.
    page.on("requestfailed", (r) => leaving || problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on("request", (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) elsewhere.push(r.url());
    });
    const expectedPages = (await pdfPages(pdf)).length;
    expect(expectedPages).toBeGreaterThanOrEqual(2);

    // Act: open the link; the script loads pdf.js, lays out the pages and sends its first beat
    const firstBeat = page.waitForResponse((r) => r.url().endsWith("/events") && r.request().method() === "POST");
    await page.goto(quote.link);
    const pageCount = await script<number>(page, "ready");
    expect((await firstBeat).status()).toBe(204);

    // Assess: one canvas per PDF page once scrolled to, each with ink on it
    expect(pageCount).toBe(expectedPages);
    for (let n = 1; n <= pageCount; n++) {
      await page.locator(`.page[data-page="${n}"]`).scrollIntoViewIfNeeded();
      await page.locator(`.page[data-page="${n}"][data-rendered="true"]`).waitFor({ timeout: 10_000 });
    }
    expect(await page.locator(".page canvas").count()).toBe(expectedPages);
    for (let n = 1; n <= pageCount; n++) expect((await inkIn(page, n, null)).share, `page ${n}`).toBeGreaterThan(0.005);
    // The seller's Chinese name, where the PDF places it, is drawn in the embedded font (no system CJK font here)
    const name = (await placedText(pdf, 1)).find((t) => t.text.includes(SELLER))!;
    const { width, height } = await inkIn(page, 1, null);
    const scale = width / 595.28; // A4 in points
    const pageHeight = height / scale;
    const nameInk = await inkIn(page, 1, { x: name.x * scale, y: (pageHeight - name.y - 12) * scale, w: name.width * scale, h: 14 * scale });
    expect(nameInk.share).toBeGreaterThan(0.05);
    // The canvas fits the page's width (no sideways scrolling)
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // Act: 15 s on page 1, then 30 s on page 2 (the app's clock between the script's own beats)
    await readPage(page, 1);
    app.clock.advance(15_000);
    expect(await script(page, "beat()")).toBe(true);
    await readPage(page, 2);
    for (let i = 0; i < 2; i++) {
      app.clock.advance(15_000);
      expect(await script(page, "beat()")).toBe(true);
    }
    // 5 s more, then the customer leaves: the last beat goes with sendBeacon, which outlives the page
    app.clock.advance(5_000);
    leaving = true;
    await page.goto("about:blank");
    await waitFor(async () => (await engagement()).totalDwellSeconds === 50);
    await context.close();

    // Assess: the rep sees one human visit of 50 s: 15 s on page 1, 35 s on page 2; nothing odd happened
    const read = await engagement();
    expect(read).toMatchObject({ humanVisits: 1, totalDwellSeconds: 50, machineViews: 0 });
    expect(read.firstHumanViewAt).not.toBeNull();
    expect(read.pages).toEqual([expect.objectContaining({ page: 1, dwellSeconds: 15 }), expect.objectContaining({ page: 2, dwellSeconds: 35 })]);
    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
  }, 60_000);

  it("lets the customer accept with the page's own form (nothing but a button press submits it)", async () => {
    // Prepare
    const single = await sentQuote(app, rep);
    app.clock.advance(60_000);
    const context = await browser.newContext({ userAgent: DESKTOP_CHROME, locale: "zh-CN" });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on("console", (m) => /refused|violat/i.test(m.text()) && refused.push(m.text()));
    await page.goto(single.link);
    await script(page, "ready");

    // Act
    await page.locator('.response-accept input[name="name"]').fill("顾晓明");
    await page.locator('.response-accept input[name="title"]').fill("采购经理");
    await Promise.all([page.waitForURL(single.link), page.locator(".response-accept button[type=submit]").click()]);

    // Assess: back on the page, which now says who accepted; the quote is accepted for the rep
    expect(await page.locator("#respond").innerText()).toContain("顾晓明");
    await context.close();
    const { quote: q } = await app.ok(rep, `query($id: ID!) { quote(id: $id) { status } }`, { id: single.id });
    expect(q.status).toBe("ACCEPTED");
    expect(refused).toEqual([]);
  }, 30_000);

  it("fits a phone's screen: the pages are as wide as the screen, sharp at its pixel ratio, nothing scrolls sideways", async () => {
    const context = await browser.newContext({
      userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(quote.link);
    await script(page, "ready");
    await page.locator('.page[data-page="1"][data-rendered="true"]').waitFor({ timeout: 10_000 });
    const layout = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('.page[data-page="1"] canvas')!;
      return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, cssWidth: canvas.getBoundingClientRect().width, pixels: canvas.width };
    });
    await context.close();
    expect(layout.innerWidth).toBe(390);
    expect(layout.scrollWidth).toBe(390);
    expect(layout.cssWidth).toBeGreaterThan(350);
    expect(layout.pixels).toBe(Math.floor(layout.cssWidth * 2));
  }, 30_000);
});
