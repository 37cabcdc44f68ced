import { type Actor, createActor, type Deps } from "../core/actor";
import type { ManualClock } from "../core/clock";
import { createContract } from "../core/contract/contract";
import type { Opportunity } from "../core/pipeline";
import { createQuote, type QuoteLineInput, submitQuote } from "../core/quote";
import type { User } from "../core/user";
import { deliverDemoQuote } from "./demo-delivery";

/** A price book line: product code, quantity and the rep's unit price in yuan. */
type DemoLine = { code: string; qty: number; unit: number } | { special: string; spec: string; qty: number; list: number; unit: number };

/** What decides which approval levels apply: the prices against the price book's list, cost and floor. */
const DEMO_QUOTES: { lines: DemoLine[]; risk: string | null }[] = [
  // 10% off a ¥18,600 list, 31% margin: the regional manager approves.
  { lines: [{ code: "D343H-16C-DN300", qty: 24, unit: 16_740 }], risk: "客户要求60天账期" },
  // 20% off, 12% margin and below the ¥45,760 floor: regional manager, finance and the GM.
  { lines: [{ code: "Q347Y-600LB-DN200", qty: 10, unit: 41_600 }], risk: "竞品报价低15%，需特价保单" },
  // List price, 37% margin: approved as it is.
  { lines: [{ code: "Z41H-16C-DN150", qty: 40, unit: 4_600 }, { code: "FW-AZTS", qty: 40, unit: 3_000 }], risk: null },
  // A non-standard design nobody has costed yet: finance is asked (成本未核定) until TECH enters its cost.
  {
    lines: [
      { code: "ZDLP-16C-DN100", qty: 6, unit: 20_000 },
      { special: "非标电动调节阀", spec: "DN250 PN40 CF8M 特殊流道 防气蚀", qty: 2, list: 86_000, unit: 86_000 },
    ],
    risk: "非标设计，交期待技术部确认",
  },
];

/**
 * Quotes priced from the price book on reps' open deals, those at 需求确认 first (their approved
 * quote will take them to 方案报价): some wait for approval (the running stack starts their workflows
 * and emails the approvers within a minute), one needs none and gets a contract draft.
 */
export async function seedQuotes(deps: Deps & { clock: ManualClock }, deals: Opportunity[], users: Map<string, User>, mailUrl: string | null): Promise<number> {
  const now = deps.clock.now();
  const byId = new Map([...users.values()].map((u) => [u.id, u]));
  const byRep = (stage: Opportunity["stage"]) => deals.filter((d) => d.stage === stage && byId.get(d.ownerId)?.roles.includes("REP"));
  const quoted = [...byRep("NEEDS_CONFIRMED"), ...byRep("QUOTED")].slice(0, DEMO_QUOTES.length);
  for (const [i, deal] of quoted.entries()) {
    const q = DEMO_QUOTES[i];
    const actor: Actor = createActor(byId.get(deal.ownerId) as User, deps);
    // The quote approved at once was made three days ago: sent, read and accepted since (deliverDemoQuote).
    const delivered = q.risk === null && mailUrl !== null;
    if (delivered) deps.clock.set(new Date(now.getTime() - 3 * 86_400_000));
    const lines: QuoteLineInput[] = [];
    for (const l of q.lines) {
      if ("special" in l) {
        lines.push({ product: l.special, spec: l.spec, quantity: l.qty, unit: "台", listPriceFen: l.list * 100, unitPriceFen: l.unit * 100 });
        continue;
      }
      const productId = await deps.store.products.idForCode(deal.orgId, l.code);
      if (!productId) throw new Error(`The demo price book has no ${l.code}: seed the products first`);
      lines.push({ productId, quantity: l.qty, unitPriceFen: l.unit * 100 });
    }
    const quote = await createQuote(actor, {
      opportunityId: deal.id,
      lines,
      paymentTerms: "30%预付款，60%到货款，10%质保金",
      validUntil: new Date(deps.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10),
      riskNote: q.risk,
    });
    const submitted = await submitQuote(actor, quote.id);
    if (submitted.status === "APPROVED" && delivered) {
      const [customer] = await deps.store.customers.getMany([deal.customerId]);
      const contact = customer?.contacts[0];
      const buyer = { name: contact?.name ?? "采购负责人", title: contact?.title ?? "采购经理", email: `caigou.${deal.customerId.slice(-6).toLowerCase()}@customer.example` };
      await deliverDemoQuote(deps, actor.viewer, quote.id, buyer, mailUrl as string);
    }
    if (submitted.status === "APPROVED") await createContract(actor, quote.id);
    deps.clock.set(now);
  }
  return quoted.length;
}
