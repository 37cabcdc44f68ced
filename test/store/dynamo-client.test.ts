import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { crc32 } from "node:zlib";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  TransactionCanceledException,
  UpdateCommand,
  isTransactionCanceled,
} from "../../functions/store/dynamo";
import { ensureTable } from "../../functions/store/table";

/** A stand-in for DynamoDB answering each call with the next scripted answer (or dropping the connection). */
async function scripted(answers: ({ status: number; body: object; headers?: Record<string, string> } | "reset")[]) {
  const seen: { target: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ target: String(req.headers["x-amz-target"]), body });
      const answer = answers[Math.min(seen.length - 1, answers.length - 1)];
      if (answer === "reset") return void req.socket.destroy();
      res.writeHead(answer.status, { "content-type": "application/x-amz-json-1.0", ...answer.headers }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const client = new DynamoClient({ region: "cn-north-1", endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  return { client, seen, close: () => new Promise((r) => server.close(r)) };
}

const ITEM = { status: 200, body: { Item: { pk: { S: "a" }, n: { N: "42" } } } };
const get = new GetCommand({ TableName: "t", Key: { pk: "a", sk: "b" } });

describe("retries, as the AWS SDK's standard mode", () => {
  it("retries a 500 and answers with the next attempt's item", async () => {
    const s = await scripted([{ status: 500, body: { __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: "boom" } }, ITEM]);
    try {
      expect((await s.client.send(get)).Item).toEqual({ pk: "a", n: 42 });
      expect(s.seen.map((c) => c.target)).toEqual(["DynamoDB_20120810.GetItem", "DynamoDB_20120810.GetItem"]);
      expect(JSON.parse(s.seen[0].body).Key).toEqual({ pk: { S: "a" }, sk: { S: "b" } });
      expect(s.client.stats).toMatchObject({ calls: 1, itemsRead: 1, byCommand: { GetItemCommand: 1 } });
    } finally {
      await s.close();
    }
  });

  it("retries throttling and a dropped connection", async () => {
    const throttled = { status: 400, body: { __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", message: "slow down" } };
    const s = await scripted([throttled, "reset", ITEM]);
    try {
      expect((await s.client.send(get)).Item).toEqual({ pk: "a", n: 42 });
      expect(s.seen).toHaveLength(3);
    } finally {
      await s.close();
    }
  });

  it("retries an answer whose checksum does not match (damaged on the way), as the SDK does for DynamoDB", async () => {
    const s = await scripted([{ ...ITEM, headers: { "x-amz-crc32": "12345" } }, { ...ITEM, headers: { "x-amz-crc32": String(crc32(JSON.stringify(ITEM.body))) } }]);
    try {
      expect((await s.client.send(get)).Item).toEqual({ pk: "a", n: 42 });
      expect(s.seen).toHaveLength(2);
    } finally {
      await s.close();
    }
  });

  it("gives up after 3 attempts, and never retries what the request itself got wrong", async () => {
    const down = await scripted([{ status: 503, body: {} }]);
    try {
      await expect(down.client.send(get)).rejects.toMatchObject({ name: "InternalServerError", $metadata: { httpStatusCode: 503, attempts: 3 } });
      expect(down.seen).toHaveLength(3);
    } finally {
      await down.close();
    }
    const invalid = await scripted([{ status: 400, body: { __type: "com.amazon.coral.validate#ValidationException", message: "One or more parameter values were invalid" } }]);
    try {
      await expect(invalid.client.send(get)).rejects.toMatchObject({ name: "ValidationException", message: "One or more parameter values were invalid" });
      expect(invalid.seen).toHaveLength(1);
    } finally {
      await invalid.close();
    }
  });
});

describe("against DynamoDB Local", () => {
  const TableName = `t-${randomUUID()}`;
  let db: DynamoClient;
  beforeAll(async () => {
    const endpoint = inject("ddbEndpoint");
    await ensureTable({ endpoint, region: "cn-north-1" }, TableName);
    db = new DynamoClient({ region: "cn-north-1", endpoint });
  });

  const item = {
    pk: "C#1",
    sk: "C",
    name: "宁波捷锐",
    amountFen: 1_234_500,
    rate: 0.13,
    big: 2n ** 60n,
    active: true,
    none: null,
    missing: undefined,
    tags: new Set(["a", "b"]),
    scores: new Set([1, 2.5]),
    logo: new Uint8Array([0, 1, 255]),
    lines: [{ sku: "X", qty: 2, note: undefined }, "text", 3],
    nested: { deep: { list: [] as unknown[], empty: "" } },
  };
  const { missing: _m, ...stored } = item;

  it("stores and reads back the document values the store uses", async () => {
    await db.send(new PutCommand({ TableName, Item: item }));
    const out = await db.send(new GetCommand({ TableName, Key: { pk: "C#1", sk: "C" }, ConsistentRead: true }));
    expect(out.Item).toEqual({ ...stored, lines: [{ sku: "X", qty: 2 }, "text", 3] });
    expect(out.Item!.big).toBe(2n ** 60n);
    await expect(db.send(new PutCommand({ TableName, Item: { pk: "x", sk: "y", at: new Date() } }))).rejects.toThrow(/Unsupported type/);
  });

  it("updates, queries and batches with documents", async () => {
    const up = await db.send(
      new UpdateCommand({ TableName, Key: { pk: "C#1", sk: "C" }, UpdateExpression: "ADD tags :t SET amountFen = amountFen + :d", ExpressionAttributeValues: { ":t": new Set(["c"]), ":d": 100 }, ReturnValues: "ALL_NEW" }),
    );
    expect(up.Attributes).toMatchObject({ amountFen: 1_234_600, tags: new Set(["a", "b", "c"]) });
    await db.send(new BatchWriteCommand({ RequestItems: { [TableName]: [1, 2, 3].map((i) => ({ PutRequest: { Item: { pk: "C#1", sk: `ACT#${i}`, i } } })) } }));
    const q = await db.send(new QueryCommand({ TableName, KeyConditionExpression: "pk = :pk AND begins_with(sk, :a)", ExpressionAttributeValues: { ":pk": "C#1", ":a": "ACT#" }, Limit: 2, ScanIndexForward: false }));
    expect(q.Items!.map((i) => i.i)).toEqual([3, 2]);
    expect(q.LastEvaluatedKey).toEqual({ pk: "C#1", sk: "ACT#2" });
    const b = await db.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: [{ pk: "C#1", sk: "ACT#1" }, { pk: "C#1", sk: "nope" }] } } }));
    expect(b.Responses![TableName]).toEqual([{ pk: "C#1", sk: "ACT#1", i: 1 }]);
    expect(db.stats.byCommand).toMatchObject({ UpdateItemCommand: 1, BatchWriteItemCommand: 1, QueryCommand: 1, BatchGetItemCommand: 1 });
  });

  it("a failed condition is a ConditionalCheckFailedException carrying the stored item when asked", async () => {
    const failed = await db
      .send(new PutCommand({ TableName, Item: { pk: "C#1", sk: "C" }, ConditionExpression: "attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure: "ALL_OLD" }))
      .catch((e) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(failed.name).toBe("ConditionalCheckFailedException");
    expect(failed.Item).toMatchObject({ pk: "C#1", name: "宁波捷锐", tags: new Set(["a", "b", "c"]) });
  });

  it("a cancelled transaction is a TransactionCanceledException with a reason per write", async () => {
    const failed = await db
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName, Item: { pk: "C#2", sk: "C" } } },
            { ConditionCheck: { TableName, Key: { pk: "C#1", sk: "C" }, ConditionExpression: "amountFen = :v", ExpressionAttributeValues: { ":v": 1 }, ReturnValuesOnConditionCheckFailure: "ALL_OLD" } },
          ],
        }),
      )
      .catch((e) => e);
    expect(failed).toBeInstanceOf(TransactionCanceledException);
    expect(isTransactionCanceled(failed)).toBe(true);
    expect(failed.CancellationReasons.map((r: { Code: string }) => r.Code)).toEqual(["None", "ConditionalCheckFailed"]);
    expect(failed.CancellationReasons[1].Item).toMatchObject({ pk: "C#1", amountFen: 1_234_600 });
    expect((await db.send(new GetCommand({ TableName, Key: { pk: "C#2", sk: "C" } }))).Item).toBeUndefined();
  });
});
