import { DUE_JOB_SHARDS, type DueJob } from "../../store/due-jobs";
import type { Deps } from "../actor";
import { EmailRetryLaterError } from "../mail";

/** What handling a due job decided: done (it leaves the schedule), or due again at `next` (with `data` kept for then). */
export type DueOutcome = { next: string | null; data?: DueJob["data"] };

export interface DueJobResult {
  kind: string;
  handled: number;
  /** Left due: an email of theirs waits for its next attempt (SES refused it earlier). */
  waiting: number;
  failed: number;
}

const PAGE = 100;
const MAX_PAGES_PER_SHARD = 200;

/**
 * Runs every job of a kind that is due now: reads only due entries (a page per shard), hands each to
 * `handle`, then takes it off the schedule or moves it to its next time. Safe twice or concurrently:
 * handlers send through the outbox with deterministic ids, and a job is removed only if it is still
 * the one read. A job whose handler throws stays due and is tried on the next sweep (its error is
 * counted, not thrown: one bad subject does not stop the others).
 *
 * `concurrency` jobs run at once (webhook deliveries: one endpoint that hangs for its timeout holds
 * one slot, not every other partner's delivery). Pages are read as slots free up; each job read goes
 * to one worker.
 */
export async function runDueJobs(deps: Deps, kind: string, handle: (job: DueJob) => Promise<DueOutcome>, concurrency = 1): Promise<DueJobResult> {
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
  // The generator is shared: a pending next() waits behind the one running, so each job goes to one worker.
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
        // Only if still the one read: a second sweep that handled it too, or a new setting, wins.
        if (next) await deps.store.dueJobs.reschedule(data ? { ...job, data } : job, next);
        else await deps.store.dueJobs.complete(job);
        result.handled++;
      } catch (error) {
        if (error instanceof EmailRetryLaterError) {
          result.waiting++;
          continue;
        }
        result.failed++;
        console.error(`due job ${kind} ${job.ref} failed:`, error instanceof Error ? error.message : error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}
