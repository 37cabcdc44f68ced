import { type Actor, createActor, type Deps } from "../core/actor";
import type { ManualClock } from "../core/clock";
import type { Customer } from "../core/customer";
import { localDay, startOfLocalDay } from "../core/local-day";
import { addMonths, monthOf } from "../core/period";
import * as Pipeline from "../core/pipeline";
import type { Opportunity } from "../core/pipeline";
import type { User } from "../core/user";
import { seedQuotes } from "./demo-quotes";
import { attachDemoFile, demoWins } from "./demo-wins";
import { demoCollections } from "./demo-collections";

const DAY = 86_400_000;
const PRODUCTS = ["闸阀", "截止阀", "球阀", "高性能蝶阀", "止回阀", "调节阀"];
const COMPETITORS = ["苏阀", "中核科技", "纽威股份", "福斯", "艾默生"];
const LOST_REASONS = ["价格高于竞品约12%", "客户项目延期至明年", "技术参数不满足高温工况", "客户选择了进口品牌", "付款条件无法达成一致"];
/** Files a move presents; QUOTED needs an approved quote instead, CONTRACT_SIGNED a signed contract. */
const EVIDENCE_FOR: Partial<Record<Pipeline.Stage, Pipeline.EvidenceKind>> = {
  NEEDS_CONFIRMED: "REQUIREMENT_DOCUMENT",
  DELIVERED_PAID: "PAYMENT_RECEIPT",
};
const PATH = Pipeline.PROGRESS_STAGES;

/** Deterministic pseudo-random numbers: the demo is the same every time. */
function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

interface Step {
  at: number;
  run: (actor: Actor) => Promise<void>;
  owner: User;
}

/**
 * Six months of deals on the demo customers, replayed in time order through the domain rules: each
 * deal enters, advances with its evidence, and is won, lost or still open today. At each month start
 * the forecast snapshot is taken as it would have been, so forecast, funnel and accuracy have history.
 */
export async function seedPipeline(deps: Deps & { clock: ManualClock }, customers: Customer[], users: Map<string, User>, now: Date, mailUrl: string | null = null) {
  const random = rng(2026);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const org = await deps.store.organizations.get(customers[0].orgId);
  const byId = new Map([...users.values()].map((u) => [u.id, u]));
  const steps: Step[] = [];
  const ids = new Map<number, string>();
  let deals = 0;
  const { items: products } = await deps.store.products.page(org.id, { active: true }, { first: 200 });
  const wins = demoWins(deps, products, org.timeZone);
  const money = demoCollections(deps, users.get("fin"), org.timeZone);

  for (const customer of customers.filter((c) => c.ownerId)) {
    const owner = byId.get(customer.ownerId as string) as User;
    const count = 1 + Math.floor(random() * 3);
    for (let k = 0; k < count; k++) {
      const n = deals++;
      const product = pick(PRODUCTS);
      const amountYuan = 50_000 + Math.floor(random() * 60) * 50_000;
      const outcome = random();
      const open = outcome < 0.35;
      const lost = outcome >= 0.7;
      const last = open || lost ? Math.floor(random() * 4) : 4 + Math.floor(random() * 2);
      // Days in each stage before the next; an open deal entered its current stage in the last week or so.
      const dwell = Array.from({ length: last }, () => (4 + random() * 12) * DAY);
      const span = dwell.reduce((a, b) => a + b, 0) + (lost ? 3 * DAY : 0);
      let t = open ? now.getTime() - span - random() * 8 * DAY : now.getTime() - (20 + random() * 160) * DAY;
      if (!open && t + span > now.getTime() - DAY) t = now.getTime() - span - 2 * DAY;
      const end = t + span;
      const closeOn = localDay(
        new Date(open ? now.getTime() + (5 + random() * 50) * DAY : lost ? end + random() * 20 * DAY : end + (random() - 0.5) * 10 * DAY),
        org.timeZone,
      );
      const category = last === 3 ? pick(["COMMIT", "BEST_CASE"] as const) : last === 2 ? pick(["BEST_CASE", "PIPELINE"] as const) : "PIPELINE";
      const shortName = customer.name.replace(/[((][^))]*[))]/g, "").replace(/(股份|有限|责任|集团|公司)+/g, "").slice(0, 10);
      steps.push({
        at: t,
        owner,
        run: async (actor) => {
          const o = await Pipeline.createOpportunity(actor, {
            customerId: customer.id,
            title: `${shortName} ${product}项目`,
            productLines: [product],
            amount: { fen: amountYuan * 100 },
            expectedCloseOn: closeOn,
            source: customer.source,
            forecastCategory: category,
            competitors: [pick(COMPETITORS)],
            budget: { fen: Math.round(amountYuan * (1 + random() * 0.2)) * 100 },
            decisionMaker: customer.contacts[0]?.name ?? "采购负责人",
            useCase: `${customer.industry}装置${product}更换`,
          });
          ids.set(n, o.id);
        },
      });
      for (let s = 1; s <= last; s++) {
        t += dwell[s - 1];
        const stage = PATH[s];
        steps.push({
          at: t,
          owner,
          run: async (actor) => {
            const id = ids.get(n) as string;
            // Won only by signing an approved contract, at its amount, on the replay's day.
            if (stage === "CONTRACT_SIGNED") return wins.sign(owner, id).then(() => money.advancePartlyPaid(id));
            // 交付回款 is reached by finance recording the rest of the money, not by a move.
            if (stage === "DELIVERED_PAID") return money.paidInFull(id);
            if (stage === "QUOTED") await wins.approvedQuote(owner, (await deps.store.opportunities.getMany([id]))[0] as Opportunity);
            const kind = EVIDENCE_FOR[stage];
            if (kind) await attachDemoFile(actor, deps, id, kind);
            await Pipeline.moveOpportunity(actor, id, stage);
          },
        });
      }
      if (lost) steps.push({ at: end, owner, run: async (actor) => void (await Pipeline.markOpportunityLost(actor, ids.get(n) as string, pick(LOST_REASONS))) });
    }
  }

  // Month starts (in the organization's time zone) between the first deal and today: snapshot then.
  const firstMonth = monthOf(new Date(Math.min(...steps.map((s) => s.at))), org.timeZone);
  for (let m = addMonths(firstMonth, 1); m <= monthOf(now, org.timeZone); m = addMonths(m, 1)) {
    const at = startOfLocalDay(`${m}-01`, org.timeZone).getTime() + 5 * 60_000;
    // Replace any snapshot the running stack already took of the (then empty) current month.
    steps.push({ at, owner: users.get("gm") as User, run: async () => void (await Pipeline.takeForecastSnapshots(deps, { replace: true })) });
  }

  steps.sort((a, b) => a.at - b.at);
  for (const step of steps) {
    deps.clock.set(new Date(step.at));
    await step.run(createActor(step.owner, deps));
  }
  await wins.done();
  deps.clock.set(now);
  await setDemoTargets(deps, users, now, org.timeZone);
  const open = (await deps.store.opportunities.getMany([...ids.values()])).filter((o): o is Opportunity => o !== null);
  const quotes = await seedQuotes(deps, open, users, mailUrl);
  return { deals, quotes };
}

/** Monthly targets for every rep and team over this quarter. */
async function setDemoTargets(deps: Deps, users: Map<string, User>, now: Date, timeZone: string) {
  const gm = createActor(users.get("gm") as User, deps);
  const month = monthOf(now, timeZone);
  const quarterStart = addMonths(month, -((Number(month.slice(5)) - 1) % 3));
  for (let i = 0; i < 3; i++) {
    const period = addMonths(quarterStart, i);
    for (const u of users.values()) {
      if (u.roles.includes("REP")) await Pipeline.setTarget(gm, { userId: u.id, period, amount: { fen: 500_000 * 100 } });
      if (u.roles.includes("MANAGER")) await Pipeline.setTarget(gm, { teamId: u.id, period, amount: { fen: 1_500_000 * 100 } });
    }
  }
}
