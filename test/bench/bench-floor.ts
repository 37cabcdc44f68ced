import { performance } from "node:perf_hooks";
import { BatchGetCommand, QueryCommand, type QueryCommandInput } from "../../functions/store/dynamo";
import { decodeGlobalID } from "@pothos/plugin-relay";
import type { User } from "../../functions/core/user";
import type { Db } from "../../functions/store/client";
import { key, partition } from "../../functions/store/keys";
import { type benchClient, percentile } from "./harness";

type Call = ReturnType<typeof benchClient>["call"];
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

const CUSTOMERS = `query { customers(first: 50) { edges { node { id name tier region inPool releaseAt owner { id name } } } pageInfo { hasNextPage endCursor } } }`;
const DEALS = `query { opportunities(first: 50) { edges { node { id title stage amount { fen } expectedCloseOn owner { id name } } } pageInfo { hasNextPage endCursor } } }`;
const TIMELINE = `query($id: ID!) { customer(id: $id) { timeline(first: 50) { edges { node { kind at summary actor { name } } } } } }`;

/**
 * The DynamoDB floor of a page: one Query of 50 items of the same kind (from the organization's
 * partition, starting at the page's first item: the very items for ADMIN; a manager's or a rep's
 * page is a union no single partition holds, so items of the same size) plus one BatchGet of the
 * people the page shows (owners, or the timeline's actors). Nothing else: no sign-in, no scope.
 */
function floor(db: Db, query: Omit<QueryCommandInput, "TableName">, people: string[]) {
  return async () => {
    const out = await db.doc.send(new QueryCommand({ ...query, TableName: db.table, Limit: 50 }));
    if (!out.Items?.length) throw new Error("the floor read nothing");
    if (people.length) await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: people.slice(0, 100).map(key.user) } } }));
  };
}

/** API and floor timed alternately, request by request, so both see the same machine load. */
async function paired(db: Db, runs: number, api: () => Promise<unknown>, base: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await Promise.all([api(), base()]); // warm-up
  const t = { api: [] as number[], floor: [] as number[] };
  let calls = 0;
  for (let i = 0; i < runs; i++) {
    const before = db.stats.calls;
    let t0 = performance.now();
    await api();
    t.api.push(performance.now() - t0);
    calls = db.stats.calls - before;
    t0 = performance.now();
    await base();
    t.floor.push(performance.now() - t0);
  }
  const p50 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  return { api: p50(t.api), floor: p50(t.floor), calls };
}

const local = (globalId: string) => decodeGlobalID(globalId).id;
const ownersOf = (nodes: { owner: { id: string } | null }[]) => [...new Set(nodes.flatMap((n) => (n.owner ? [local(n.owner.id)] : [])))];

/** `npm run bench`'s lists table: API p50 against the floor p50 measured in the same run. */
export async function benchFloor(db: Db, call: Call, orgId: string, viewers: [string, User][]) {
  console.log("First pages against the DynamoDB floor (same run, same data; ratio = API p50 / floor p50):");
  console.log(`  ${"request".padEnd(54)} ${"API p50".padStart(9)} ${"floor p50".padStart(10)} ${"ratio".padStart(6)}  calls`);
  const line = (label: string, r: { api: number; floor: number; calls: number }) =>
    console.log(`  ${label.padEnd(54)} ${r.api.toFixed(1).padStart(6)} ms ${r.floor.toFixed(1).padStart(7)} ms ${(r.api / r.floor).toFixed(2).padStart(6)}  ${r.calls}`);
  for (const [who, user] of viewers) {
    const customers = (await call(user.id, CUSTOMERS)).customers.edges.map((e: any) => e.node);
    const customerFloor = floor(
      db,
      {
        IndexName: "byOrg",
        KeyConditionExpression: "gsi1pk = :pk AND gsi1sk <= :sk",
        ExpressionAttributeValues: { ":pk": partition.orgCustomers(orgId), ":sk": local(customers[0].id) },
        ScanIndexForward: false,
      },
      ownersOf(customers),
    );
    line(`customers(first: 50) as ${who}`, await paired(db, RUNS, () => call(user.id, CUSTOMERS), customerFloor));

    const deals = (await call(user.id, DEALS)).opportunities.edges.map((e: any) => e.node);
    const dealFloor = floor(
      db,
      {
        IndexName: "byOrg",
        KeyConditionExpression: "gsi1pk = :pk AND gsi1sk >= :sk",
        ExpressionAttributeValues: { ":pk": partition.orgOpportunities(orgId), ":sk": `${deals[0].expectedCloseOn ?? "9999-12-31"}#${local(deals[0].id)}` },
      },
      ownersOf(deals),
    );
    line(`opportunities(first: 50) as ${who}`, await paired(db, RUNS, () => call(user.id, DEALS), dealFloor));

    // The same customers in turn for both: one Query of the entries, one BatchGet of their actors.
    const ids = customers.slice(0, 20).map((c: any) => c.id as string);
    let a = 0;
    let f = 0;
    const timelineApi = () => call(user.id, TIMELINE, { id: ids[a++ % ids.length] });
    const timelineFloor = async () => {
      const id = local(ids[f++ % ids.length]);
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :act)",
          ExpressionAttributeValues: { ":pk": key.customer(id).pk, ":act": "ACT#" },
          ScanIndexForward: false,
          Limit: 50,
        }),
      );
      const actors = [...new Set((out.Items ?? []).map((i) => i.actorId as string).filter(Boolean))];
      if (actors.length) await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: actors.map(key.user) } } }));
    };
    line(`customer(id) { timeline(first: 50) } as ${who}`, await paired(db, RUNS, timelineApi, timelineFloor));
  }
}
