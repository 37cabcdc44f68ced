import { runScheduledJobs } from "../core/scheduled";
import { localDeps } from "./bootstrap";

/** `npm run sweep`: the scheduled jobs on demand, against the running local stack. */
localDeps()
  .then(runScheduledJobs)
  .then((r) => {
    console.log(`pool sweep: ${r.pool.released} returned to the pool, ${r.pool.skipped} no longer due`);
    if (r.snapshots.length) console.log(`forecast snapshots taken: ${r.snapshots.join(", ")}`);
  })
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
