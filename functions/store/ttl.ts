/** Outbox and link items are removed by DynamoDB's TTL this long after they stop mattering. */
export const TTL_DAYS = 90;

/** The `ttl` attribute (epoch seconds) of an item that stops mattering at `at` (an ISO instant). */
export const ttlAfter = (at: string) => Math.floor(Date.parse(at) / 1000) + TTL_DAYS * 86_400;

/** The table's TTL attribute name (infra/stack.ts sets it). */
export const TTL_ATTRIBUTE = "ttl";
