import type { LambdaClient } from "@aws-sdk/client-lambda";
import { type QuotePdfResult, toQuotePdfEvent } from "./event";
import type { ImageFacts } from "./image";
import type { QuoteEmail } from "../mail/quote-email";
import type { QuotePdfRenderer } from "./renderer";

/** Renders in the quote PDF Lambda (functions/handlers/quote-pdf.ts), synchronously. */
export class LambdaPdfRenderer implements QuotePdfRenderer {
  constructor(
    private readonly functionName: string,
    private lambda?: LambdaClient,
  ) {}

  async render(doc: Parameters<QuotePdfRenderer["render"]>[0]): Promise<Uint8Array> {
    return this.invoke(toQuotePdfEvent(doc));
  }

  async renderHandOver(doc: Parameters<QuotePdfRenderer["renderHandOver"]>[0]): Promise<Uint8Array> {
    return this.invoke({ handOver: doc });
  }

  async quoteEmail(email: QuoteEmail): Promise<Uint8Array> {
    const { pdf, ...rest } = email;
    const result = await this.call<{ rawBase64: string }>({ quoteEmail: { ...rest, pdf: { fileName: pdf.fileName, base64: Buffer.from(pdf.bytes).toString("base64") } } });
    return new Uint8Array(Buffer.from(result.rawBase64, "base64"));
  }

  async imagePrints(bytes: Uint8Array, image: ImageFacts): Promise<boolean> {
    const result = await this.call<{ prints: boolean }>({ imageCheck: { base64: Buffer.from(bytes).toString("base64"), image } });
    return result.prints === true;
  }

  private async invoke(payload: unknown): Promise<Uint8Array> {
    const result = await this.call<QuotePdfResult>(payload);
    return new Uint8Array(Buffer.from(result.pdfBase64, "base64"));
  }

  private async call<T>(payload: unknown): Promise<T> {
    if (!this.functionName) throw new Error("QUOTE_PDF_FUNCTION is not set: this function cannot render quote PDFs");
    // Loaded on the first PDF, not in the GraphQL function's init (most requests render none).
    const { InvokeCommand, LambdaClient } = await import("@aws-sdk/client-lambda");
    this.lambda ??= new LambdaClient({});
    const out = await this.lambda.send(new InvokeCommand({ FunctionName: this.functionName, Payload: JSON.stringify(payload) }));
    if (out.FunctionError) throw new Error(`Quote PDF Lambda failed: ${out.FunctionError} ${Buffer.from(out.Payload ?? []).toString("utf8")}`);
    return JSON.parse(Buffer.from(out.Payload ?? []).toString("utf8")) as T;
  }
}
