import { releaseDueCustomers } from "../core/customer";
import { localDeps } from "./bootstrap";

/** `npm run sweep`: the pool sweep on demand, against the running local stack. */
localDeps()
  .then(releaseDueCustomers)
  .then((r) => console.log(`pool sweep: ${r.released} returned to the pool, ${r.skipped} no longer due`))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
