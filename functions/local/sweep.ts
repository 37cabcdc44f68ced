import { runScheduledJobs, sweepLines } from "../core/scheduled";
import { localDeps } from "./bootstrap";
import { runningStackConfig } from "./stack-lock";

/** `npm run sweep`: the scheduled jobs on demand, against the running local stack. */
Promise.resolve()
  .then(() => localDeps(runningStackConfig()))
  .then(runScheduledJobs)
  .then((r) => {
    for (const line of sweepLines(r)) console.log(line);
  })
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
