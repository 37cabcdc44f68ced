import type { Deps } from "../core/actor";
import type { SheetsJob, SheetsWorker } from "./worker";

/**
 * The sheets worker locally and in tests: the same code as the Lambda, in this process. The worker's
 * modules (exceljs) load on the first job. `start` is awaited (so a test sees the job done when the
 * mutation answers) but, as an asynchronous invocation, does not fail its caller: a failed job is logged.
 */
export class InProcessSheetsWorker implements SheetsWorker {
  constructor(private readonly deps: () => Deps) {}

  async run(job: SheetsJob): Promise<void> {
    const { runSheetsJob } = await import("./run");
    await runSheetsJob(this.deps(), job);
  }

  async start(job: SheetsJob): Promise<void> {
    try {
      await this.run(job);
    } catch (error) {
      console.error(JSON.stringify({ msg: "sheets job failed", job, error: String(error) }));
    }
  }
}
