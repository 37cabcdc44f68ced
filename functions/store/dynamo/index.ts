/**
 * The store's own DynamoDB document client, in place of the SDK's (`@aws-sdk/client-dynamodb` +
 * `lib-dynamodb` took about 80 ms of the GraphQL Lambda's cold start; bundled, 350 KB). Same command
 * names and shapes as lib-dynamodb; `db.doc.send(new GetCommand({ … }))` as before.
 */
export * from "./commands";
export { DynamoClient, type DynamoStats, type Interceptor } from "./client";
export { type CancellationReason, DynamoError, TransactionCanceledException, isTransactionCanceled } from "./errors";
