import type { DynamoCommand } from "./commands";
import { marshallInput } from "./document";
import { type Connection, type Credentials, call, dynamoUrl } from "./http";

/** DynamoDB calls made through a client and items they read (evaluated), for tests and `npm run bench`. */
export interface DynamoStats {
  calls: number;
  itemsRead: number;
  /** By the SDK's low-level command name ("QueryCommand", "PutItemCommand", …), as the tests count them. */
  byCommand: Record<string, number>;
}

/** Wraps every call (tests inject failures with it): `next()` makes the call. */
export type Interceptor = (command: { operation: string; input: object }, next: () => Promise<Record<string, unknown>>) => Promise<Record<string, unknown>>;

export interface DynamoClientOptions {
  region: string;
  /** DynamoDB Local's address (signed with dummy credentials); absent in AWS. */
  endpoint?: string;
}

/** The store's DynamoDB client: lib-dynamodb's `send(command)` for document commands, and nothing of the SDK loaded. */
export class DynamoClient {
  readonly stats: DynamoStats = { calls: 0, itemsRead: 0, byCommand: {} };
  readonly connection: Connection;
  private readonly interceptors = new Map<string, Interceptor>();

  constructor(readonly options: DynamoClientOptions) {
    this.connection = {
      url: dynamoUrl(options.region, options.endpoint),
      region: options.region,
      credentials: options.endpoint ? () => LOCAL_CREDENTIALS : environmentCredentials,
    };
  }

  async send<Input extends object, Output extends object>(command: DynamoCommand<Input, Output>): Promise<Output> {
    const { operation, input } = command;
    this.stats.calls++;
    const name = `${operation}Command`;
    this.stats.byCommand[name] = (this.stats.byCommand[name] ?? 0) + 1;
    let next = () => call(this.connection, operation, JSON.stringify(marshallInput(input)));
    for (const intercept of this.interceptors.values()) {
      const inner = next;
      next = () => intercept({ operation, input }, inner);
    }
    const output = await next();
    this.stats.itemsRead += itemsIn(output);
    return output as Output;
  }

  /** Adds (or replaces) a named interceptor; the last added runs first. */
  intercept(name: string, interceptor: Interceptor): void {
    this.interceptors.delete(name);
    this.interceptors.set(name, interceptor);
  }

  removeInterceptor(name: string): void {
    this.interceptors.delete(name);
  }
}

/** DynamoDB Local ignores signatures but keeps tables per access key and region: the same as ever. */
const LOCAL_CREDENTIALS: Credentials = { accessKeyId: "local", secretAccessKey: "local" };

/** The Lambda's role credentials, from its environment. */
function environmentCredentials(): Credentials {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (!accessKeyId || !secretAccessKey) throw new Error("No AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/** Items a read evaluated: a query's scanned count (filtered-out items cost too), a batch's items, one get. */
function itemsIn(out: Record<string, unknown>): number {
  if (typeof out.ScannedCount === "number") return out.ScannedCount;
  if (out.Responses && typeof out.Responses === "object") {
    return Object.values(out.Responses as Record<string, unknown[]>).reduce((s, items) => s + (Array.isArray(items) ? items.length : 0), 0);
  }
  return out.Item ? 1 : 0;
}
