import { newId } from "../../functions/core/ids";
import { localDay } from "../../functions/core/local-day";
import type { Opportunity, Stage, StageVisit } from "../../functions/core/pipeline";
import { PROGRESS_STAGES } from "../../functions/core/pipeline";
import { mergeTotals, type StageEvent, type TotalsDelta, totalsDeltas } from "../../functions/core/pipeline/totals";
import type { User } from "../../functions/core/user";
import { batchPut } from "../../functions/store/batch";
import type { Db } from "../../functions/store/client";
import { key } from "../../functions/store/keys";
import { opportunityItem } from "../../functions/store/opportunities";

const DAY = 86_400_000;
const TZ = "Asia/Shanghai";

function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

/**
 * Writes `count` deals with a year of stage histories straight through the item codecs, and the
 * pipeline totals they add up to (computed by the same totalsDeltas the API uses, kept in `totals`
 * across calls so a second load adds to the first).
 */
export async function loadBenchPipeline(
  db: Db,
  opts: {
    orgId: string; reps: User[]; customerIds: string[]; count: number; seed: number; now: Date; totals: Map<string, TotalsDelta>;
    /** Items to write beside each deal (the sweep bench: its due jobs). */
    beside?: (o: Opportunity, i: number) => Record<string, unknown>[];
  },
) {
  const random = rng(opts.seed);
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < opts.count; i++) {
    const owner = opts.reps[Math.floor(random() * opts.reps.length)];
    const outcome = random();
    const last = outcome < 0.4 ? Math.floor(random() * 4) : outcome < 0.7 ? 4 + Math.floor(random() * 2) : Math.floor(random() * 4);
    const lost = outcome >= 0.7;
    let t = opts.now.getTime() - (5 + random() * 360) * DAY;
    const created = new Date(t).toISOString();
    const history: StageVisit[] = [{ stage: "LEAD", enteredAt: created, exitedAt: null, movedBy: owner.id, reason: null, evidenceIds: [] }];
    const events: StageEvent[] = [{ kind: "ENTERED", stage: "LEAD", at: created }];
    for (let s = 1; s <= last; s++) {
      const next = t + (2 + random() * 12) * DAY;
      if (next > opts.now.getTime()) break;
      const at = new Date(next).toISOString();
      const prev = history[history.length - 1];
      prev.exitedAt = at;
      events.push({ kind: "EXITED", stage: prev.stage, at, dwellMs: next - t }, { kind: "ENTERED", stage: PROGRESS_STAGES[s], at });
      history.push({ stage: PROGRESS_STAGES[s] as Stage, enteredAt: at, exitedAt: null, movedBy: owner.id, reason: null, evidenceIds: [] });
      t = next;
    }
    const current = history[history.length - 1];
    const isLost = lost && t + 3 * DAY < opts.now.getTime();
    if (isLost) {
      const at = new Date(t + 3 * DAY).toISOString();
      current.exitedAt = at;
      events.push({ kind: "EXITED", stage: current.stage, at, dwellMs: 3 * DAY });
      history.push({ stage: "LOST", enteredAt: at, exitedAt: null, movedBy: owner.id, reason: "价格", evidenceIds: [] });
    }
    const stage = history[history.length - 1].stage;
    const won = stage === "CONTRACT_SIGNED" || stage === "DELIVERED_PAID";
    const o: Opportunity = {
      id: newId(new Date(created)),
      orgId: opts.orgId,
      customerId: opts.customerIds[Math.floor(random() * opts.customerIds.length)],
      title: `压测商机${i}`,
      ownerId: owner.id,
      productLines: ["闸阀"],
      amount: { fen: (50_000 + Math.floor(random() * 60) * 50_000) * 100, currency: "CNY" },
      expectedCloseOn: localDay(new Date(t + (10 + random() * 60) * DAY), TZ),
      source: "展会",
      stage,
      stageEnteredAt: history[history.length - 1].enteredAt,
      forecastCategory: won || isLost ? "CLOSED" : (["PIPELINE", "BEST_CASE", "COMMIT"] as const)[Math.floor(random() * 3)],
      competitors: [],
      budget: null,
      decisionMaker: "采购经理",
      useCase: "更换",
      lostReason: isLost ? "价格" : null,
      stageHistory: history,
      wonAt: won ? (history.find((v) => v.stage === "CONTRACT_SIGNED")?.enteredAt ?? null) : null,
      lostAt: isLost ? history[history.length - 1].enteredAt : null,
      createdAt: created,
      createdBy: owner.id,
      updatedAt: created,
      version: 1,
    };
    items.push(opportunityItem({ ...o, ownerManagerId: owner.managerId ?? null }), ...(opts.beside?.(o, i) ?? []));
    for (const d of totalsDeltas(null, o, events, TZ)) {
      const k = `${d.month}|${d.ownerId}`;
      const [merged] = mergeTotals([opts.totals.get(k) ?? { month: d.month, ownerId: d.ownerId, add: {}, append: {} }, d]);
      opts.totals.set(k, merged);
    }
  }
  const totalsItems = [...opts.totals.values()].map((d) => ({
    ...key.pipelineTotals(opts.orgId, d.month, d.ownerId),
    _type: "PipelineTotals",
    month: d.month,
    ownerId: d.ownerId,
    ...d.add,
    ...d.append,
  }));
  const all = [...items, ...totalsItems];
  const chunks = 8;
  const size = Math.ceil(all.length / chunks);
  await Promise.all(Array.from({ length: chunks }, (_, c) => batchPut(db, all.slice(c * size, (c + 1) * size))));
  return { opportunities: opts.count, totalsItems: totalsItems.length };
}
