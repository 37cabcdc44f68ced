/**
 * DynamoDB's refusals as errors named by their type (`error.name === "ConditionalCheckFailedException"`),
 * carrying what the body says (a failed condition's `Item`, a cancelled transaction's reasons).
 */
export class DynamoError extends Error {
  /** The rest of DynamoDB's answer, documents unmarshalled (e.g. `Item`). */
  [field: string]: unknown;
  readonly $metadata: { httpStatusCode?: number; requestId?: string; attempts?: number };
  readonly $fault: "client" | "server";

  constructor(name: string, message: string, fields: Record<string, unknown> = {}, metadata: DynamoError["$metadata"] = {}) {
    super(message);
    Object.assign(this, fields);
    this.name = name;
    this.$metadata = metadata;
    this.$fault = (metadata.httpStatusCode ?? 400) >= 500 ? "server" : "client";
  }
}

/** Why each write of a cancelled transaction failed, in the order of the writes. */
export interface CancellationReason {
  Code?: string;
  Message?: string;
  Item?: Record<string, unknown>;
}

/** A transaction DynamoDB cancelled; `CancellationReasons` line up with the transaction's items. */
export class TransactionCanceledException extends DynamoError {
  declare CancellationReasons: CancellationReason[];

  constructor(message: string, reasons: CancellationReason[], metadata: DynamoError["$metadata"] = {}) {
    super("TransactionCanceledException", message, { CancellationReasons: reasons }, metadata);
  }
}

/** Either our class or anything else named so (a test may throw a plain object shaped like it). */
export const isTransactionCanceled = (error: unknown): error is TransactionCanceledException =>
  error instanceof TransactionCanceledException || (error as { name?: string } | null)?.name === "TransactionCanceledException";

/** Error types the SDK's standard retry mode treats as throttling (@smithy service-error-classification). */
const THROTTLING = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
]);
/** The SDK's transient types, and our names for an answer damaged or cut off on the way. */
const TRANSIENT_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException", "Crc32MismatchError", "InvalidResponseError"]);
/** Network failures that say nothing about the request itself. */
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/** "throttling", "transient" (5xx and network failures too) or null: not worth another attempt. */
export function retryKind(error: unknown): "throttling" | "transient" | null {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (status === 429 || (e.name && THROTTLING.has(e.name))) return "throttling";
  if ((e.code && NETWORK_CODES.has(e.code)) || (e.name && TRANSIENT_NAMES.has(e.name))) return "transient";
  if (status !== undefined && status >= 500) return "transient";
  return null;
}
