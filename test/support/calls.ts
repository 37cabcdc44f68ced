import { expect } from "vitest";
import type { User } from "../../functions/core/user";
import type { TestApp } from "./app";

/** Until background writes (emails, workflows, inboxes) are over: the counts that follow are the request's alone. */
export async function quiet(app: TestApp): Promise<void> {
  for (let last = -1; last !== app.db.stats.calls; ) {
    last = app.db.stats.calls;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The DynamoDB calls one request makes, by command, and what it answered. */
export async function countCalls(app: TestApp, user: User, query: string, variables: Record<string, unknown>) {
  await quiet(app);
  const before = { ...app.db.stats.byCommand };
  const res = await app.gql(user, query, variables);
  expect(res.errors).toBeUndefined();
  const after = app.db.stats.byCommand;
  const calls = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - (before[k] ?? 0)]).filter(([, n]) => n));
  return { calls, data: res.data };
}
