import { performance } from "node:perf_hooks";
import type { Deps } from "../../functions/core/actor";
import { ManualClock } from "../../functions/core/clock";
import type { Contract } from "../../functions/core/contract/model";
import { isOpen } from "../../functions/core/pipeline/stages";
import type { TotalsDelta } from "../../functions/core/pipeline/totals";
import { runScheduledJobs } from "../../functions/core/scheduled";
import { slaJob, stalledJob } from "../../functions/core/sla/stage-jobs";
import type { User } from "../../functions/core/user";
import { batchPut } from "../../functions/store/batch";
import type { Db } from "../../functions/store/client";
import { contractItem } from "../../functions/store/quotes";
import { userItem } from "../../functions/store/users";
import type { loadBenchData } from "./load";
import { loadBenchInstalments } from "./load-collections";
import { loadBenchPipeline } from "./load-pipeline";
import { loadBenchWorkOrders } from "./load-work-orders";

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * One sweep over 100,000 deals, 20,000 instalments and 5,000 open work orders, 1% of each due:
 * the time, DynamoDB calls and items read (goal: items read at most twice what is due), then a
 * sweep with nothing due. The clock is a Monday 10:00 in Shanghai: no digest is due, no customer
 * of the 10,000 goes back to the pool, so what is measured is the due jobs.
 */
export async function benchSweep(deps: Deps, db: Db, data: Awaited<ReturnType<typeof loadBenchData>>) {
  const clock = new ManualClock(new Date("2025-11-24T02:00:00Z"));
  const d: Deps = { ...deps, clock };
  const now = clock.now();
  const at = now.toISOString();
  const staff = (id: string, name: string, roles: User["roles"], managerId: string | null): User => ({
    ...data.admin, id, name, email: `${id}@bench.example`, roles, managerId, department: roles[0], createdAt: at, updatedAt: at,
  });
  await batchPut(db, [staff("fin0", "财务主管", ["FINANCE"], data.gm.id), staff("fin1", "出纳", ["FINANCE"], "fin0"), staff("tech0", "技术总监", ["TECH"], data.gm.id), staff("tech1", "工程师", ["TECH"], "tech0")].map(userItem));

  // The organization's one-offs (digest job, stage-job backfill) before the deals: they are not what is measured.
  await runScheduledJobs(d);
  const org = await d.store.organizations.get(data.orgId);

  console.log("\nOne sweep (every due job), 100,000 deals, 20,000 instalments, 5,000 open work orders, 1% due:");
  const t0 = performance.now();
  let open = 0;
  let dueDeals = 0;
  const totals = new Map<string, TotalsDelta>();
  for (let batch = 0; batch < 10; batch++) {
    await loadBenchPipeline(db, {
      orgId: data.orgId, reps: data.reps, customerIds: data.customerIds, count: 10_000, seed: 900 + batch, now, totals,
      beside: (o) => {
        if (!isOpen(o.stage)) return [];
        // Every 100th deal's ladder and SLA are due a minute ago; the others' a month ahead.
        const due = open++ % 100 === 0;
        if (due) dueDeals++;
        const dueAt = new Date(now.getTime() + (due ? -MINUTE : 30 * DAY)).toISOString();
        return [stalledJob(org, o), slaJob(org, o, o.stageEnteredAt)].flatMap((j) => (j ? [d.store.dueJobs.scheduleWrite({ ...j, dueAt }).item.Put!.Item!] : []));
      },
    });
  }
  const instalments = await loadBenchInstalments(d, org, { count: 20_000, dueShare: 0.01, ownerIds: data.reps.map((r) => r.id), now });
  // The due instalments' contracts (4 instalments each), so their reminders are judged and sent for real.
  const contractIds = [...new Set(instalments.dueContracts)];
  await batchPut(db, contractIds.map((id, n) => contractItem(benchContract(data.orgId, id, n, data.reps[n % data.reps.length].id, at))));
  const workOrders = await loadBenchWorkOrders(d, org, { count: 5_000, dueShare: 0.01, requesterIds: data.reps.map((r) => r.id), now });
  console.log(`  loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${open} open deals (${dueDeals} due, 2 jobs each), ${instalments.due} instalments due, ${workOrders.due} work orders due`);

  const due = dueDeals * 2 + instalments.due + workOrders.due;
  for (const label of ["first sweep (1% due)", "second sweep (nothing due)"]) {
    const [calls, items] = [db.stats.calls, db.stats.itemsRead];
    const started = performance.now();
    const result = await runScheduledJobs(d);
    const ms = performance.now() - started;
    const read = db.stats.itemsRead - items;
    const handled = result.due.reduce((s, r) => s + r.handled, 0);
    console.log(
      `  ${label.padEnd(28)} ${(ms / 1000).toFixed(2)} s, ${db.stats.calls - calls} DynamoDB calls, ${read} items read, ${handled} jobs handled` +
        (label.startsWith("first") ? ` (${due} due: ${(read / due).toFixed(2)} items read per due job)` : ""),
    );
  }
}

function benchContract(orgId: string, id: string, n: number, ownerId: string, at: string): Contract {
  return {
    id, orgId, number: `HT-BENCH-${n}`, quoteId: id, quoteRevision: 1, revision: 1, opportunityId: id, customerId: id, ownerId,
    buyerName: `压测客户${n}有限公司`, sellerName: "压测公司", amount: { fen: 4_000_000, currency: "CNY" }, signedOn: at.slice(0, 10),
    paymentPlan: [], draftFileEvidenceId: null, fileEvidenceId: null, status: "SIGNED", approvalRequestId: null, approvedAt: at,
    createdAt: at, createdBy: ownerId, updatedAt: at, version: 1,
  };
}
