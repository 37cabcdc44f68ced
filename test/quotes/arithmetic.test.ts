import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { catalogueProduct } from "../support/approvals";
import { newDeal } from "../support/pipeline";

let app: TestApp;
let rep: User;
let opportunityId: string;

const LINES = `lines { quantity amount { fen } extraDiscountShare { fen } netAmount { fen } vatRatePercent vat { fen } }`;
const CREATE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { __typename ... on ValidationError { fields { path code message } }
  ... on Quote { id netTotal { fen } vat { fen } total { fen } ${LINES} } } }`;

/** Non-catalogue lines (no cost needed to price them), quantity and unit price as given. */
const line = (quantity: number, unitPriceFen: number) => ({ product: "非标阀门", unit: "台", quantity, listPriceFen: unitPriceFen, unitPriceFen });
const create = async (lines: unknown[], extra: Record<string, unknown> = {}) =>
  (await app.ok(rep, CREATE, { input: { opportunityId, lines, validUntil: "2026-12-31", ...extra } })).createQuote;

beforeAll(async () => {
  app = await testApp();
  rep = await app.user({ name: "陈刚" });
  opportunityId = await newDeal(app, rep);
});

describe("quote arithmetic", () => {
  it("takes quantities with three decimals exactly, and refuses a fourth", async () => {
    // Act: 1.001 and 1.005 were refused before (1.005 × 1000 is 1004.9999999999999 in floating point)
    const q = await create([line(1.001, 100_000), line(1.005, 333), line(0.002, 250)]);
    const refused = await create([line(1.0005, 100), line(0, 100), line(0.001, 1)]);

    // Assess: amounts are unit price × quantity, half up to the fen (334.665 → 335, 0.5 → 1); a line worth less than a fen is refused
    expect(q.__typename).toBe("Quote");
    expect(q.lines.map((l: any) => [l.quantity, l.amount.fen])).toEqual([
      [1.001, 100_100],
      [1.005, 335],
      [0.002, 1],
    ]);
    expect(refused.fields.map((f: any) => `${f.path.join(".")}:${f.code}`)).toEqual(["lines.0.quantity:INVALID_QUANTITY", "lines.1.quantity:INVALID_QUANTITY", "lines.2.quantity:AMOUNT_ZERO"]);
  });

  it("charges VAT per line, half up to the fen, so the total is the VAT invoice's (one fen more than VAT on the sum here)", async () => {
    // Prepare: ¥12,345.50 and ¥10,000.50 at 13%: 1,604.915 and 1,300.065 yuan of VAT per line
    const q = await create([line(1, 1_234_550), line(1, 1_000_050)]);

    // Assess: per line 160,492 + 130,007 = 290,499 fen; 13% of the sum 2,234,600 would be 290,498
    expect(q.lines.map((l: any) => l.vat.fen)).toEqual([160_492, 130_007]);
    expect(q.vat.fen).toBe(290_499);
    expect(Math.round(q.netTotal.fen * 0.13)).toBe(290_498);
    expect(q.total.fen).toBe(2_234_600 + 290_499);
  });

  it("allocates the extra discount to the lines in proportion, the shares adding up to it exactly", async () => {
    // Prepare: ¥1.00 off lines of ¥100, ¥200 and ¥300: exact shares 16.67, 33.33 and 50 fen
    const q = await create([line(1, 100_00), line(1, 200_00), line(1, 300_00)], { extraDiscountFen: 100 });

    // Assess: 16 + 33 + 50 = 99, the fen left goes to the largest remainder (the first line)
    expect(q.lines.map((l: any) => l.extraDiscountShare.fen)).toEqual([17, 33, 50]);
    expect(q.lines.map((l: any) => l.netAmount.fen)).toEqual([9_983, 19_967, 29_950]);
    // VAT on each line's net: 1,297.79 → 1,298; 2,595.71 → 2,596; 3,893.5 → 3,894 (half up)
    expect(q.lines.map((l: any) => l.vat.fen)).toEqual([1_298, 2_596, 3_894]);
    expect(q).toMatchObject({ netTotal: { fen: 59_900 }, vat: { fen: 7_788 }, total: { fen: 67_688 } });
  });

  it("charges a catalogue line its product's VAT rate, other lines the quote's", async () => {
    const service = await catalogueProduct(app, { list: 5_000, cost: 2_000, vat: 6 }, "阀门安装调试服务");
    const q = await create([{ productId: service, quantity: 1, unitPriceFen: 5_000_00 }, line(1, 10_000_00)], { vatRatePercent: 13 });
    expect(q.lines.map((l: any) => [l.vatRatePercent, l.vat.fen])).toEqual([
      [6, 30_000],
      [13, 130_000],
    ]);
    expect(q.vat.fen).toBe(160_000);
  });
});
