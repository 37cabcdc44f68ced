import { type Actor, createActor, type Deps } from "../actor";
import type { ImportCounts, ImportJob } from "./model";

/**
 * What every kind's commit starts from: the importer as the actor each row is written by (their
 * rights, as when they save by hand), and the commit's counts on top of the dry run's.
 */
export async function startCommit(deps: Deps, job: ImportJob): Promise<{ actor: Actor; counts: ImportCounts }> {
  const [viewer] = await deps.store.users.getMany([job.createdBy]);
  if (!viewer) throw new Error(`Importer ${job.createdBy} not found`);
  return { actor: createActor(viewer, deps), counts: { ...job.counts, created: 0, updated: 0, skipped: 0, pooled: 0 } };
}
