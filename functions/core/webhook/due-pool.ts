import { DUE_JOB_SHARDS, type DueJob } from "../../store/due-jobs";
import type { Deps } from "../actor";
import type { DueJobResult, DueOutcome } from "../sweep/due-jobs";

const PAGE = 100;
const MAX_PAGES_PER_SHARD = 200;

/**
 * Like the sweep's `runDueJobs`, but up to `concurrency` jobs at once: one endpoint that hangs for
 * its 10 s holds one slot, not every other partner's delivery. Pages are read lazily as slots free
 * up (only due entries, a page per shard at a time: no scan). Two attempts of one delivery never run
 * at once: each job appears once in a run, and the delivery's claim keeps a second dispatcher out.
 */
export async function runDueJobsConcurrently(deps: Deps, kind: string, handle: (job: DueJob) => Promise<DueOutcome>, concurrency = 8): Promise<DueJobResult> {
  const now = deps.clock.now().toISOString();
  const result: DueJobResult = { kind, handled: 0, waiting: 0, failed: 0 };
  async function* dueJobs(): AsyncGenerator<DueJob> {
    for (let shard = 0; shard < DUE_JOB_SHARDS; shard++) {
      let after: string | undefined;
      for (let page = 0; page < MAX_PAGES_PER_SHARD; page++) {
        const jobs = await deps.store.dueJobs.due(kind, shard, now, PAGE, after);
        for (const job of jobs) {
          after = `${job.dueAt}#${job.ref}`;
          yield job;
        }
        if (jobs.length < PAGE) break;
      }
    }
  }
  const source = dueJobs();
  // The generator is shared: a pending next() is queued behind the one running, so each job goes to one worker.
  let reading: Promise<unknown> = Promise.resolve();
  const take = (): Promise<IteratorResult<DueJob>> => {
    const next = reading.then(() => source.next());
    reading = next.catch(() => undefined);
    return next;
  };
  const worker = async () => {
    for (let item = await take(); !item.done; item = await take()) {
      const job = item.value;
      try {
        const { next, data } = await handle(job);
        if (next) await deps.store.dueJobs.reschedule(data ? { ...job, data } : job, next);
        else await deps.store.dueJobs.complete(job);
        result.handled++;
      } catch (error) {
        result.failed++;
        console.error(`due job ${kind} ${job.ref} failed:`, error instanceof Error ? error.message : error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}
