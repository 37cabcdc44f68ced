import type { QuotePdfDocument } from "../../functions/pdf/model";

type Line = QuotePdfDocument["lines"][number];

const PRODUCTS: Omit<Line, "quantity" | "amountFen">[] = [
  { code: "JR-Q41F-50", name: "不锈钢法兰球阀", spec: "DN50 PN16 CF8M", unit: "台", unitPriceFen: 128_000 },
  { code: "JR-D371X-150", name: "蜗轮对夹式蝶阀", spec: "DN150 PN16 球墨铸铁", unit: "台", unitPriceFen: 236_050 },
  { code: "JR-H44H-80", name: "旋启式止回阀", spec: "DN80 PN25 WCB", unit: "台", unitPriceFen: 94_500 },
  { code: "JR-Z41H-100", name: "明杆楔式闸阀", spec: "DN100 PN16", unit: "台", unitPriceFen: 152_000 },
  { code: "JR-PT-01", name: "压力变送器（4-20mA，带 HART 协议）", spec: "0-1.6MPa 0.25级", unit: "只", unitPriceFen: 86_000 },
];

/** Quote lines cycling through a small price book; quantity 1–9, amount = price × quantity. */
export function buildLines(count: number, overrides: (i: number) => Partial<Line> = () => ({})): Line[] {
  return Array.from({ length: count }, (_, i) => {
    const p = PRODUCTS[i % PRODUCTS.length];
    const qty = (i % 9) + 1;
    return { ...p, quantity: String(qty), amountFen: p.unitPriceFen * qty, ...overrides(i) };
  });
}

/** A frozen quote revision for 上海申能燃气工程有限公司 from the demo organization, in Chinese. */
export function buildQuotePdfDocument(overrides: Partial<QuotePdfDocument> = {}): QuotePdfDocument {
  const lines = overrides.lines ?? buildLines(5);
  const sum = lines.reduce((s, l) => s + l.amountFen, 0);
  const extraDiscountFen = sum > 100_000 ? 50_000 : 0;
  const netFen = sum - extraDiscountFen;
  const vatFen = Math.round((netFen * 13) / 100);
  return {
    locale: "zh-CN",
    letterhead: {
      name: "宁波捷锐流体控制有限公司",
      address: "浙江省宁波市北仑区大港工业城黄山西路 188 号",
      phone: "0574-8688 1234",
      taxId: "91330206MA2H3K7X1Q",
      logo: null,
    },
    customer: { name: "上海申能燃气工程有限公司", contactName: "顾晓明", contactPhone: "138 1234 5678", address: "上海市浦东新区张杨路 1288 号" },
    number: "BJ2026-00042",
    revision: 2,
    issuedOn: "2026-03-02",
    validUntil: "2026-04-01",
    currency: "CNY",
    lines,
    totals: { listFen: sum, extraDiscountFen, netFen, vatFen, totalFen: netFen + vatFen, vatRatePercent: 13 },
    paymentTerms: "合同签订后预付 30%，发货前付清 60%，验收合格后 30 日内付清 10% 质保金。",
    deliveryTerms: "收到预付款后 25 个工作日内发货，送货至需方指定地点，运费由供方承担。",
    notes: "以上价格含 13% 增值税专用发票；阀门按 GB/T 12238 检验，提供出厂合格证及材质证明。",
    ...overrides,
  };
}
