import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { SheetsJob, SheetsWorker } from "./worker";

/** The sheets worker in AWS: its own Lambda, invoked synchronously (run) or as an event (start). */
export class LambdaSheetsWorker implements SheetsWorker {
  constructor(
    private readonly functionName: string,
    private lambda?: LambdaClient,
  ) {}

  run(job: SheetsJob): Promise<void> {
    return this.invoke(job, "RequestResponse");
  }

  start(job: SheetsJob): Promise<void> {
    return this.invoke(job, "Event");
  }

  private async invoke(job: SheetsJob, type: "RequestResponse" | "Event"): Promise<void> {
    if (!this.functionName) throw new Error("SHEETS_FUNCTION is not set: this function cannot run spreadsheet jobs");
    const { InvokeCommand, LambdaClient } = await import("@aws-sdk/client-lambda");
    this.lambda ??= new LambdaClient({});
    const out = await this.lambda.send(new InvokeCommand({ FunctionName: this.functionName, InvocationType: type, Payload: JSON.stringify(job) }));
    if (out.FunctionError) throw new Error(`Sheets Lambda failed: ${out.FunctionError} ${Buffer.from(out.Payload ?? []).toString("utf8")}`);
  }
}
