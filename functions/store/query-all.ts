import { QueryCommand, type QueryCommandInput } from "./dynamo";
import type { Db } from "./client";

/**
 * Every item a query matches, page after page: DynamoDB stops each call at 1 MB (or `Limit`), so a
 * single call can silently return only the first part. For reads that need everything (a request's
 * steps, a directory, a deal's quotes); pages for people use `mergedPage`.
 */
export async function queryAll(db: Db, params: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(new QueryCommand({ ...params, TableName: db.table, ExclusiveStartKey: startKey }));
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}
