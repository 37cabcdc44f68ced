import { deflateSync } from "node:zlib";
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { quoteFor, received, send, unique } from "./follow-up-support";

/** The organization's logo heads every quote PDF; only a real, small PNG or JPEG is taken. */
let app: TestApp;
let admin: User;
let rep: User;

const UPDATE = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename ... on Error { message }
  ... on ValidationError { fields { path code message } } ... on Organization { version letterhead { address logo { contentType width height size sha256 } } } } }`;
const ORG = `{ organization { version letterhead { logo { contentType width height } } } }`;

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A solid-colour RGB PNG of the given size, built byte by byte as the format specifies. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from([0x1f, 0x4e, 0x79]))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]);
}

/** A 16 × 16 grey baseline JPEG: one Huffman code each for "no DC change" and "end of block". */
function jpeg(): Buffer {
  const segment = (marker: number, data: number[]) => [0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data];
  return Buffer.from([
    0xff, 0xd8,
    ...segment(0xdb, [0, ...Array(64).fill(1)]),
    ...segment(0xc0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]),
    ...segment(0xc4, [0x00, 1, ...Array(15).fill(0), 0]),
    ...segment(0xc4, [0x10, 1, ...Array(15).fill(0), 0]),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    0x00,
    0xff, 0xd9,
  ]);
}

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
});
