import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { type QuotePdfResult, toQuotePdfEvent } from "./event";
import type { QuotePdfRenderer } from "./renderer";

/** Renders in the quote PDF Lambda (functions/handlers/quote-pdf.ts), synchronously. */
export class LambdaPdfRenderer implements QuotePdfRenderer {
  constructor(
    private readonly functionName: string,
    private readonly lambda: LambdaClient = new LambdaClient({}),
  ) {}

  async render(doc: Parameters<QuotePdfRenderer["render"]>[0]): Promise<Uint8Array> {
    return this.invoke(toQuotePdfEvent(doc));
  }

  async renderHandOver(doc: Parameters<QuotePdfRenderer["renderHandOver"]>[0]): Promise<Uint8Array> {
    return this.invoke({ handOver: doc });
  }

  private async invoke(payload: unknown): Promise<Uint8Array> {
    if (!this.functionName) throw new Error("QUOTE_PDF_FUNCTION is not set: this function cannot render quote PDFs");
    const out = await this.lambda.send(new InvokeCommand({ FunctionName: this.functionName, Payload: JSON.stringify(payload) }));
    if (out.FunctionError) throw new Error(`Quote PDF Lambda failed: ${out.FunctionError} ${Buffer.from(out.Payload ?? []).toString("utf8")}`);
    const result = JSON.parse(Buffer.from(out.Payload ?? []).toString("utf8")) as QuotePdfResult;
    return new Uint8Array(Buffer.from(result.pdfBase64, "base64"));
  }
}
