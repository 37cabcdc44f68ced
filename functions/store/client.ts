import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** The table and the client that reaches it; every store module takes one of these. */
export interface Db {
  doc: DynamoDBDocumentClient;
  client: DynamoDBClient;
  table: string;
  /** DynamoDB calls made through this client, for `npm run bench`. */
  stats: { calls: number; byCommand: Record<string, number> };
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
  const stats: Db["stats"] = { calls: 0, byCommand: {} };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      stats.calls++;
      const name = context.commandName ?? "unknown";
      stats.byCommand[name] = (stats.byCommand[name] ?? 0) + 1;
      return next(args);
    },
    { step: "initialize", name: "countRoundTrips" },
  );
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, client, table, stats };
}
