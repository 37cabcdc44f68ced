import { type Actor, createActor, type Deps } from "../core/actor";
import { formatMoney } from "../core/money";
import { createProduct, DuplicateProductCodeError } from "../core/product";
import type { User } from "../core/user";

/**
 * A valve maker's price book: series (model code, name, body, connection, cost and floor as shares of
 * the list price) and their sizes with list prices in yuan, before VAT. Costs run 55–75% of list
 * (soft-seated butterfly valves are cheap to make, hard-seated ball and control valves are not);
 * floors 85–90% of list.
 */
const SERIES: { model: string; name: string; spec: (dn: number) => string; cost: number; floor: number; sizes: [number, number][]; unit?: string; vat?: number }[] = [
  { model: "Z41H-16C", name: "楔式闸阀", spec: (dn) => `DN${dn} PN16 WCB 硬密封 法兰`, cost: 0.64, floor: 0.88, sizes: [[50, 1_350], [80, 1_980], [100, 2_680], [150, 4_600], [200, 7_200], [300, 14_800]] },
  { model: "Z41W-16P", name: "不锈钢闸阀", spec: (dn) => `DN${dn} PN16 CF8 法兰`, cost: 0.66, floor: 0.88, sizes: [[50, 2_450], [100, 4_900], [150, 8_600]] },
  { model: "J41H-25C", name: "截止阀", spec: (dn) => `DN${dn} PN25 WCB 法兰`, cost: 0.62, floor: 0.87, sizes: [[25, 780], [50, 1_650], [80, 2_580], [100, 3_450]] },
  { model: "Q41F-16P", name: "不锈钢球阀", spec: (dn) => `DN${dn} PN16 CF8 浮动球 PTFE软密封`, cost: 0.58, floor: 0.86, sizes: [[25, 520], [50, 1_180], [80, 2_150], [100, 3_200]] },
  { model: "Q347Y-600LB", name: "硬密封球阀", spec: (dn) => `DN${dn} Class600 A105 固定式 金属硬密封`, cost: 0.7, floor: 0.88, sizes: [[150, 38_000], [200, 52_000]] },
  { model: "D343H-16C", name: "三偏心蝶阀", spec: (dn) => `DN${dn} PN16 WCB 多层次硬密封 蜗轮`, cost: 0.62, floor: 0.88, sizes: [[200, 9_800], [300, 18_600], [500, 42_000]] },
  { model: "D371X-16Q", name: "对夹软密封蝶阀", spec: (dn) => `DN${dn} PN16 球墨铸铁 EPDM 蜗轮`, cost: 0.55, floor: 0.85, sizes: [[100, 680], [150, 980], [200, 1_450]] },
  { model: "H44H-16C", name: "旋启式止回阀", spec: (dn) => `DN${dn} PN16 WCB 法兰`, cost: 0.63, floor: 0.87, sizes: [[80, 1_680], [150, 3_900], [200, 6_200]] },
  { model: "H76H-16C", name: "双瓣对夹止回阀", spec: (dn) => `DN${dn} PN16 WCB 对夹`, cost: 0.6, floor: 0.86, sizes: [[100, 860], [200, 2_100]] },
  { model: "ZDLP-16C", name: "电动单座调节阀", spec: (dn) => `DN${dn} PN16 WCB 直行程电动执行器 4-20mA`, cost: 0.72, floor: 0.9, sizes: [[50, 12_800], [80, 16_500], [100, 21_000]] },
  { model: "ZJHM-40P", name: "气动套筒调节阀", spec: (dn) => `DN${dn} PN40 CF8 多弹簧气动执行器 定位器`, cost: 0.75, floor: 0.9, sizes: [[100, 28_500]] },
  { model: "FW-AZTS", name: "阀门安装调试服务", spec: () => "现场安装、打压试验、调试(每台套)", cost: 0.6, floor: 0.85, sizes: [[0, 3_000]], unit: "次", vat: 6 },
];

export const DEMO_PRODUCTS = SERIES.flatMap((s) =>
  s.sizes.map(([dn, listYuan]) => ({
    code: dn ? `${s.model}-DN${dn}` : s.model,
    name: s.name,
    spec: s.spec(dn),
    unit: s.unit ?? "台",
    listPriceFen: listYuan * 100,
    // Whole yuan, as a price book keeps them.
    standardCostFen: Math.round(listYuan * s.cost) * 100,
    floorPriceFen: Math.round(listYuan * s.floor) * 100,
    vatRatePercent: s.vat ?? 13,
  })),
);

/** The price book, kept by finance, through the same rules as the API. Safe to run again. */
export async function seedProducts(deps: Deps, keeper: User): Promise<number> {
  const actor: Actor = createActor(keeper, deps);
  let created = 0;
  for (const p of DEMO_PRODUCTS) {
    try {
      await createProduct(actor, p);
      created++;
    } catch (error) {
      if (!(error instanceof DuplicateProductCodeError)) throw error;
    }
  }
  return created;
}

/** The price book as `npm run seed` prints it: code, name, spec, unit, list price, VAT. */
export async function priceBookLines(deps: Deps, orgId: string): Promise<string[]> {
  const { items } = await deps.store.products.page(orgId, { active: true }, { first: 200 });
  return items.map((p) => `  ${p.code.padEnd(20)} ${p.name}  ${p.spec ?? ""}  ${formatMoney({ fen: p.listPriceFen, currency: "CNY" })}/${p.unit}  增值税${p.vatRateBp / 100}%`);
}
