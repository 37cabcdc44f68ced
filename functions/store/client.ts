import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** The table and the client that reaches it; every store module takes one of these. */
export interface Db {
  doc: DynamoDBDocumentClient;
  client: DynamoDBClient;
  table: string;
  /** DynamoDB calls made through this client and items they read (evaluated), for `npm run bench`. */
  stats: { calls: number; itemsRead: number; byCommand: Record<string, number> };
}

export interface DbOptions {
  table: string;
  /** DynamoDB Local's address; absent in AWS. */
  endpoint?: string;
  region?: string;
}

export function createDb({ table, endpoint, region }: DbOptions): Db {
  const client = new DynamoDBClient({
    region: region ?? process.env.AWS_REGION ?? "cn-north-1",
    ...(endpoint ? { endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
  });
  const stats: Db["stats"] = { calls: 0, itemsRead: 0, byCommand: {} };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      stats.calls++;
      const name = context.commandName ?? "unknown";
      stats.byCommand[name] = (stats.byCommand[name] ?? 0) + 1;
      const result = await next(args);
      stats.itemsRead += itemsIn(result.output as unknown as Record<string, unknown>);
      return result;
    },
    { step: "initialize", name: "countRoundTrips" },
  );
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, client, table, stats };
}

/** Items a read evaluated: a query's scanned count (filtered-out items cost too), a batch's items, one get. */
function itemsIn(out: Record<string, unknown>): number {
  if (typeof out.ScannedCount === "number") return out.ScannedCount;
  if (out.Responses && typeof out.Responses === "object") {
    return Object.values(out.Responses as Record<string, unknown[]>).reduce((s, items) => s + (Array.isArray(items) ? items.length : 0), 0);
  }
  return out.Item ? 1 : 0;
}
