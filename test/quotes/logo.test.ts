import { randomUUID } from "node:crypto";
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { newActivity } from "../../functions/core/activity";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { quoteFor, received, send, SEND, unique } from "./follow-up-support";
import { chunk, headerOnlyJpeg, jpeg, png, PNG_SIGNATURE, pngOf, type PngShape, rawSize } from "./logo-images";

/** The organization's logo heads every quote PDF; only a real, small PNG or JPEG is taken. */
let app: TestApp;
let admin: User;
let rep: User;

const UPDATE = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename ... on Error { message }
  ... on ValidationError { fields { path code message } } ... on Organization { version letterhead { address logo { contentType width height size sha256 } } } } }`;
const ORG = `{ organization { version letterhead { logo { contentType width height } } } }`;

/** The images a PDF page draws (its XObjects of subtype Image), with their pixel sizes. */
async function imagesOn(pdfBytes: Uint8Array): Promise<{ width: number; height: number; filter: string | undefined }[]> {
  const pdf = await PDFDocument.load(pdfBytes);
  const xObjects = pdf.getPage(0).node.Resources()?.lookupMaybe(PDFName.of("XObject"), PDFDict);
  return (xObjects?.values() ?? [])
    .map((ref) => pdf.context.lookup(ref))
    .filter((o): o is PDFRawStream => o instanceof PDFRawStream && o.dict.get(PDFName.of("Subtype")) === PDFName.of("Image"))
    .map((o) => ({
      width: (o.dict.get(PDFName.of("Width")) as PDFNumber).asNumber(),
      height: (o.dict.get(PDFName.of("Height")) as PDFNumber).asNumber(),
      filter: o.dict.get(PDFName.of("Filter"))?.toString(),
    }));
}

const attachment = (email: { attachments: { content: string }[] }) => new Uint8Array(Buffer.from(email.attachments[0].content, "base64"));
const version = async () => (await app.ok(admin, ORG)).organization.version as number;

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
  rep = await app.user({ name: "陈刚", roles: ["REP"] });
});

describe("letterhead logo", () => {
  it("prints the organization's PNG logo at the top of the quote, and the same revision renders the same bytes", async () => {
    // Prepare
    const logo = png(240, 88);
    const set = (await app.ok(admin, UPDATE, { input: { expectedVersion: await version(), name: "宁波捷锐流体控制有限公司", letterhead: { logo: logo.toString("base64") } } })).updateOrganization;
    expect(set.letterhead.logo).toMatchObject({ contentType: "image/png", width: 240, height: 88, size: logo.length });
    const to = unique("gu.xiaoming");
    const { quote } = await quoteFor(app, rep, [{ name: "顾晓明", email: to }]);

    // Act
    const first = await send(app, rep, quote.id, [to]);
    const second = await send(app, rep, quote.id, [to]);

    // Assess: the image is on the first page, and a second sending carries the very same PDF
    const emails = await received(to);
    expect(emails).toHaveLength(2);
    expect(await imagesOn(attachment(emails[0]))).toEqual([expect.objectContaining({ width: 240, height: 88 })]);
    expect(second.sha256).toBe(first.sha256);
    expect(Buffer.from(attachment(emails[1])).equals(Buffer.from(attachment(emails[0])))).toBe(true);
  }, 90_000);

  it("takes a JPEG (a data: URL too) and embeds it as one", async () => {
    // Act
    const set = (await app.ok(admin, UPDATE, { input: { expectedVersion: await version(), letterhead: { logo: `data:image/jpeg;base64,${jpeg().toString("base64")}` } } })).updateOrganization;
    const to = unique("li.na");
    const { quote } = await quoteFor(app, rep, [{ name: "李娜", email: to }]);
    await send(app, rep, quote.id, [to]);

    // Assess
    expect(set.letterhead.logo).toMatchObject({ contentType: "image/jpeg", width: 16, height: 16 });
    const [email] = await received(to);
    expect(await imagesOn(attachment(email))).toEqual([{ width: 16, height: 16, filter: "/DCTDecode" }]);
  }, 90_000);

  it("refuses what is not a PNG or JPEG, one over 200 KB and one too small to print, and changes nothing", async () => {
    // Prepare
    const before = await app.ok(admin, ORG);
    const gif = Buffer.from("GIF89a\x10\x00\x10\x00\x80\x00\x00", "latin1");
    const renamedText = Buffer.from("\x89PNG but really a text file", "latin1");
    const huge = Buffer.concat([png(64, 64), Buffer.alloc(201 * 1024)]);
    const tiny = png(4, 4);

    // Act
    const refusals = [];
    for (const [file, code] of [
      [gif.toString("base64"), "INVALID_IMAGE"],
      [renamedText.toString("base64"), "INVALID_IMAGE"],
      ["not base64 at all!", "INVALID_IMAGE"],
      [huge.toString("base64"), "TOO_LARGE"],
      [tiny.toString("base64"), "BAD_DIMENSIONS"],
    ] as const) {
      const res = (await app.ok(admin, UPDATE, { input: { expectedVersion: before.organization.version, letterhead: { address: "新地址", logo: file } } })).updateOrganization;
      refusals.push([res.__typename, res.fields?.[0]?.path, res.fields?.[0]?.code, code]);
    }

    // Assess: each a ValidationError on letterhead.logo, in Chinese; the organization as it was
    for (const [typename, path, code, expected] of refusals) {
      expect(typename).toBe("ValidationError");
      expect(path).toEqual(["letterhead", "logo"]);
      expect(code).toBe(expected);
    }
    expect(await app.ok(admin, ORG)).toEqual(before);
    const forbidden = (await app.ok(rep, UPDATE, { input: { expectedVersion: before.organization.version, letterhead: { logo: png(64, 64).toString("base64") } } })).updateOrganization;
    expect(forbidden.__typename).toBe("ForbiddenError");
  }, 90_000);

  it("removes the logo with null", async () => {
    // Act
    const res = (await app.ok(admin, UPDATE, { input: { expectedVersion: await version(), letterhead: { logo: null } } })).updateOrganization;
    const to = unique("wang.wu");
    const { quote } = await quoteFor(app, rep, [{ name: "王五", email: to }]);
    await send(app, rep, quote.id, [to]);

    // Assess
    expect(res.letterhead.logo).toBeNull();
    const [email] = await received(to);
    expect(await imagesOn(attachment(email))).toEqual([]);
  }, 90_000);
  it("refuses a PNG or JPEG that cannot really be decoded (cut short, lying about its size, a bomb, no palette, a bad checksum, no scan), and changes nothing", async () => {
    // Prepare: the tester's files, built here
    const before = await app.ok(admin, ORG);
    const good = png(200, 60);
    const badCrc = Buffer.from(good);
    badCrc[PNG_SIGNATURE.length + 8 + 13 + 3] ^= 0xff; // the last byte of IHDR's CRC
    const paletteRaw = Buffer.alloc(rawSize({ width: 64, height: 32, colourType: 3 }));
    const cases: [string, Buffer, string, string][] = [
      ["truncated PNG", good.subarray(0, 40), "INVALID_IMAGE", "不完整"],
      ["IHDR 1000×1000 over 20×20 pixels", pngOf({ width: 1000, height: 1000 }, { raw: Buffer.alloc(rawSize({ width: 20, height: 20 })) }), "INVALID_IMAGE", "图像数据不足 1000 × 1000 像素"],
      ["IHDR 3000×3000 over 20×20 pixels", pngOf({ width: 3000, height: 3000 }, { raw: Buffer.alloc(rawSize({ width: 20, height: 20 })) }), "BAD_DIMENSIONS", "3000 × 3000"],
      ["a bomb: 100×100 whose pixels inflate to 20 MB", pngOf({ width: 100, height: 100 }, { raw: Buffer.alloc(20 * 1024 * 1024) }), "INVALID_IMAGE", "解压后超过"],
      ["a bomb within 4000 a side: 2400×2000 zeros", pngOf({ width: 2400, height: 2000 }), "BAD_DIMENSIONS", "400 万像素"],
      ["palette PNG without PLTE", pngOf({ width: 64, height: 32, colourType: 3 }, { raw: paletteRaw }), "INVALID_IMAGE", "缺少调色板"],
      ["IHDR with a bad CRC", badCrc, "INVALID_IMAGE", "校验和"],
      ["PNG without IEND", good.subarray(0, good.length - 12), "INVALID_IMAGE", "缺少结尾的 IEND"],
      ["header-only JPEG", headerOnlyJpeg(), "INVALID_IMAGE", "没有图像数据"],
      ["JPEG cut before its end", jpeg().subarray(0, jpeg().length - 2), "INVALID_IMAGE", "缺少结尾的 EOI"],
    ];
    for (const [, file] of cases) expect(file.length).toBeLessThan(200 * 1024);

    // Act
    const refusals = [];
    for (const [name, file, code, why] of cases) {
      const started = Date.now();
      const res = (await app.ok(admin, UPDATE, { input: { expectedVersion: before.organization.version, letterhead: { logo: file.toString("base64") } } })).updateOrganization;
      refusals.push({ name, typename: res.__typename, path: res.fields?.[0]?.path, code: res.fields?.[0]?.code, message: res.fields?.[0]?.message, expected: code, why, ms: Date.now() - started });
    }

    // Assess: each refused on letterhead.logo, in Chinese, quickly; the organization as it was
    for (const r of refusals) {
      expect(r, r.name).toMatchObject({ typename: "ValidationError", path: ["letterhead", "logo"], code: r.expected });
      expect(r.message, r.name).toMatch(/徽标/);
      expect(r.message, r.name).toContain(r.why);
      expect(r.ms, r.name).toBeLessThan(5_000);
    }
    expect(await app.ok(admin, ORG)).toEqual(before);
  }, 90_000);

  it("takes the PNG kinds a logo comes in (palette, interlaced, grey with alpha, 16-bit) and prints an interlaced palette one", async () => {
    // Prepare
    const palette = Buffer.from([0x1f, 0x4e, 0x79, 0xff, 0xff, 0xff]);
    const kinds: [PngShape, { palette?: Buffer; extra?: Buffer[] }][] = [
      [{ width: 64, height: 32, colourType: 3, bitDepth: 4, interlace: 1 }, { palette, extra: [chunk("tRNS", Buffer.from([0x00, 0xff]))] }],
      [{ width: 33, height: 17, colourType: 6, interlace: 1 }, {}],
      [{ width: 40, height: 20, colourType: 4 }, {}],
      [{ width: 40, height: 20, colourType: 0, bitDepth: 16 }, {}],
      [{ width: 40, height: 20, colourType: 2, bitDepth: 16 }, {}],
    ];

    // Act
    const taken = [];
    for (const [shape, opts] of kinds) {
      const res = (await app.ok(admin, UPDATE, { input: { expectedVersion: await version(), letterhead: { logo: pngOf(shape, opts).toString("base64") } } })).updateOrganization;
      taken.push(res.__typename === "Organization" ? res.letterhead.logo : res);
    }
    await app.ok(admin, UPDATE, { input: { expectedVersion: await version(), letterhead: { logo: pngOf(...kinds[0]).toString("base64") } } });
    const to = unique("zhao.lei");
    const { quote } = await quoteFor(app, rep, [{ name: "赵磊", email: to }]);
    await send(app, rep, quote.id, [to]);

    // Assess
    expect(taken).toEqual(kinds.map(([s]) => expect.objectContaining({ contentType: "image/png", width: s.width, height: s.height })));
    const [email] = await received(to);
    expect(await imagesOn(attachment(email))).toEqual([expect.objectContaining({ width: 64, height: 32 })]);
  }, 90_000);

  it("clears the logo with a blank string, as with null", async () => {
    // Prepare
    await app.ok(admin, UPDATE, { input: { expectedVersion: await version(), letterhead: { logo: png(64, 64).toString("base64") } } });

    // Act
    const res = (await app.ok(admin, UPDATE, { input: { expectedVersion: await version(), letterhead: { logo: "   " } } })).updateOrganization;

    // Assess
    expect(res.__typename).toBe("Organization");
    expect(res.letterhead.logo).toBeNull();
  }, 30_000);

  it("sends the quote without the logo when one stored before these checks cannot be printed, rather than failing every send", async () => {
    // Prepare: bad logos written straight to the file store and the organization, as an older version let them in
    const lying = pngOf({ width: 3000, height: 3000 }, { raw: Buffer.alloc(rawSize({ width: 20, height: 20 })) });
    const stored: [string, Buffer | null, "image/png" | "image/jpeg"][] = [
      ["truncated", png(200, 60).subarray(0, 40), "image/png"],
      ["no-palette", pngOf({ width: 64, height: 32, colourType: 3 }), "image/png"],
      ["lying", lying, "image/png"],
      ["header-only", headerOnlyJpeg(), "image/jpeg"],
      ["missing", null, "image/png"],
    ];
    const { quote } = await quoteFor(app, rep, [{ name: "孙丽", email: unique("sun.li") }]);

    // Act
    const outcomes = [];
    for (const [name, bytes, contentType] of stored) {
      const org = await app.deps.store.organizations.get(app.orgId);
      const key = `organizations/${org.id}/letterhead/old-${name}`;
      if (bytes) await app.deps.files.put(key, bytes, contentType);
      const logo = { key, contentType, width: 200, height: 60, size: bytes?.length ?? 0, sha256: name };
      const now = app.clock.now();
      await app.deps.store.organizations.save({ ...org, letterhead: { address: null, phone: null, taxId: null, ...org.letterhead, logo }, version: org.version + 1, updatedAt: now.toISOString() }, org.version,
        newActivity({ orgId: org.id, subjectType: "ORGANIZATION", subjectId: org.id, kind: "UPDATED", actorId: null }, now));
      const to = unique(`old-${name}`);
      const sent = (await app.ok(rep, SEND, { input: { quoteId: quote.id, to: [to], idempotencyKey: randomUUID() } })).sendQuote;
      const [email] = await received(to);
      outcomes.push({ name, sent: sent.__typename, images: email ? await imagesOn(attachment(email)) : null });
    }

    // Assess: every quote went out, printed without the logo
    expect(outcomes).toEqual(stored.map(([name]) => ({ name, sent: "QuoteSend", images: [] })));
  }, 120_000);
});
