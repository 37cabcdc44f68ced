import { type Actor, createActor, type Deps } from "../core/actor";
import { createContract } from "../core/contract/contract";
import type { Opportunity } from "../core/pipeline";
import { createQuote, submitQuote } from "../core/quote";
import type { User } from "../core/user";

/** Prices in yuan for one line: what decides which approval levels apply. */
const DEMO_QUOTES = [
  // 10% off, 30% margin: the regional manager approves.
  { product: "高性能蝶阀", spec: "DN300 PN16 双偏心", qty: 24, list: 18_600, unit: 16_740, cost: 11_700, risk: "客户要求60天账期" },
  // 20% off, 12% margin: regional manager, finance and the GM.
  { product: "硬密封球阀", spec: "DN200 Class600 固定式", qty: 10, list: 52_000, unit: 41_600, cost: 36_600, risk: "竞品报价低15%,需特价保单" },
  // List price, 35% margin: approved as it is.
  { product: "铸钢闸阀", spec: "DN150 PN25 WCB", qty: 40, list: 6_800, unit: 6_800, cost: 4_400, risk: null },
];

/**
 * Quotes on three open deals at QUOTED: two wait for approval (the running stack starts their
 * workflows and emails the approvers within a minute), one needs none and gets a contract draft.
 */
export async function seedQuotes(deps: Deps, deals: Opportunity[], users: Map<string, User>): Promise<number> {
  const byId = new Map([...users.values()].map((u) => [u.id, u]));
  const quoted = deals.filter((d) => d.stage === "QUOTED" && byId.get(d.ownerId)?.roles.includes("REP")).slice(0, DEMO_QUOTES.length);
  for (const [i, deal] of quoted.entries()) {
    const q = DEMO_QUOTES[i];
    const actor: Actor = createActor(byId.get(deal.ownerId) as User, deps);
    const quote = await createQuote(actor, {
      opportunityId: deal.id,
      lines: [{ product: q.product, spec: q.spec, quantity: q.qty, unit: "台", listPriceFen: q.list * 100, unitPriceFen: q.unit * 100, costFen: q.cost * 100 }],
      paymentTerms: "30%预付款,60%到货款,10%质保金",
      validUntil: new Date(deps.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10),
      riskNote: q.risk,
    });
    const submitted = await submitQuote(actor, quote.id);
    if (submitted.status === "APPROVED") await createContract(actor, quote.id);
  }
  return quoted.length;
}
