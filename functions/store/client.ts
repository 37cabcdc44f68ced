import { DynamoClient, type DynamoStats } from "./dynamo";

/** The table and the client that reaches it; every store module takes one of these. */
export interface Db {
  /** lib-dynamodb's document `send(command)`, by the store's own light client (store/dynamo/). */
  doc: DynamoClient;
  table: string;
  region: string;
  /** DynamoDB Local's address; absent in AWS. */
  endpoint?: string;
  /** DynamoDB calls made through this client and items they read (evaluated), for `npm run bench`. */
  stats: DynamoStats;
}

export interface DbOptions {
  table: string;
  /** DynamoDB Local's address; absent in AWS. */
  endpoint?: string;
  region?: string;
}

export function createDb({ table, endpoint, region }: DbOptions): Db {
  const resolved = region ?? process.env.AWS_REGION ?? "cn-north-1";
  const doc = new DynamoClient({ region: resolved, ...(endpoint ? { endpoint } : {}) });
  return { doc, table, region: resolved, ...(endpoint ? { endpoint } : {}), stats: doc.stats };
}
