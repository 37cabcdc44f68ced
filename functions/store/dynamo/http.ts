import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { crc32 } from "node:zlib";
import aws4 from "aws4";
import { DynamoError, TransactionCanceledException, retryKind } from "./errors";
import { unmarshallOutput } from "./document";

/**
 * One DynamoDB API call: JSON over HTTPS (protocol awsJson1_0), signed with SigV4 (aws4), with the
 * retries of the AWS SDK's standard mode: at most 3 attempts, throttling and transient failures (5xx,
 * network errors, timeouts, a damaged body) retried after a jittered exponential backoff.
 */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface Connection {
  /** https://dynamodb.<region>.amazonaws.com[.cn], or DynamoDB Local's http address. */
  url: URL;
  region: string;
  /** Read at each call: Lambda hands them in the environment. */
  credentials: () => Credentials;
}

export const MAX_ATTEMPTS = 3;
/** Backoff bases of the SDK's standard mode; a throttled call waits longer. */
const BASE_DELAY_MS = { transient: 100, throttling: 500 } as const;
const MAX_DELAY_MS = 20_000;
/** A socket silent this long is given up (and the call retried); DynamoDB answers in milliseconds. */
const IDLE_TIMEOUT_MS = 20_000;

/** The regional endpoint: China's regions live under amazonaws.com.cn. */
export function dynamoUrl(region: string, endpoint?: string): URL {
  return new URL(endpoint ?? `https://dynamodb.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}`);
}

/** The headers of a signed call of `operation` with this JSON body, as of `now`. */
export function signedHeaders(conn: Connection, operation: string, body: string, now = new Date()): Record<string, string> {
  const signed = aws4.sign(
    {
      host: conn.url.host,
      path: "/",
      method: "POST",
      service: "dynamodb",
      region: conn.region,
      body,
      headers: {
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": `DynamoDB_20120810.${operation}`,
        "X-Amz-Date": now.toISOString().replace(/[:-]|\.\d{3}/g, ""),
        "Accept-Encoding": "identity",
      },
    },
    conn.credentials(),
  );
  return Object.fromEntries(Object.entries(signed.headers ?? {}).map(([k, v]) => [k, String(v)]));
}

/** The call, retried as the SDK would; the answer's documents unmarshalled, or a DynamoError. */
export async function call(conn: Connection, operation: string, body: string): Promise<Record<string, unknown>> {
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await post(conn, operation, body);
      return { ...answer.output, $metadata: { ...answer.metadata, attempts: attempt } };
    } catch (error) {
      const kind = retryKind(error);
      if (kind === null || attempt >= MAX_ATTEMPTS) {
        if (error instanceof DynamoError) error.$metadata.attempts = attempt;
        throw error;
      }
      const delay = Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS[kind] * 2 ** (attempt - 1));
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

let agents: { http: HttpAgent; https: HttpsAgent } | undefined;

async function post(conn: Connection, operation: string, body: string) {
  // Keep-alive: a Lambda's calls reuse one TLS connection instead of a handshake each.
  agents ??= { http: new HttpAgent({ keepAlive: true, maxSockets: 50 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 50 }) };
  const secure = conn.url.protocol === "https:";
  const res = await new Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }>((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(
      {
        hostname: conn.url.hostname,
        port: conn.url.port || undefined,
        path: "/",
        method: "POST",
        headers: signedHeaders(conn, operation, body),
        agent: secure ? agents!.https : agents!.http,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.setTimeout(IDLE_TIMEOUT_MS, () => req.destroy(Object.assign(new Error(`DynamoDB ${operation}: no answer in ${IDLE_TIMEOUT_MS} ms`), { name: "TimeoutError" })));
    req.on("error", reject);
    req.end(body);
  });
  const metadata = { httpStatusCode: res.status, requestId: res.headers["x-amzn-requestid"] as string | undefined };
  // DynamoDB checksums its answers; the SDK retries one that arrived damaged, so do we.
  const expected = res.headers["x-amz-crc32"];
  if (expected !== undefined && Number(expected) !== crc32(res.body)) {
    throw new DynamoError("Crc32MismatchError", `DynamoDB ${operation}: the answer's checksum does not match`, {}, metadata);
  }
  const parsed = parse(res.body);
  if (res.status >= 200 && res.status < 300) {
    // A cut-off answer (no checksum header to tell): as the SDK, retry rather than read it as empty.
    if (!parsed) throw new DynamoError("InvalidResponseError", `DynamoDB ${operation}: the answer is not JSON`, {}, metadata);
    return { output: unmarshallOutput(parsed), metadata };
  }
  throw errorOf(res.status, parsed, res.body, metadata);
}

function parse(body: Buffer): Record<string, unknown> | null {
  try {
    return body.length ? JSON.parse(body.toString("utf8")) : {};
  } catch {
    return null;
  }
}

/** `{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":…}` as an error named by its type. */
function errorOf(status: number, parsed: Record<string, unknown> | null, raw: Buffer, metadata: DynamoError["$metadata"]): DynamoError {
  const { __type, message, Message, ...rest } = parsed ?? {};
  const name = typeof __type === "string" ? __type.slice(__type.lastIndexOf("#") + 1) : status >= 500 ? "InternalServerError" : "UnknownError";
  const text = String(message ?? Message ?? (parsed ? name : raw.toString("utf8").slice(0, 200)) ?? name);
  const fields = unmarshallOutput(rest);
  if (name === "TransactionCanceledException") {
    return new TransactionCanceledException(text, (fields.CancellationReasons as TransactionCanceledException["CancellationReasons"]) ?? [], metadata);
  }
  return new DynamoError(name, text, fields, metadata);
}
