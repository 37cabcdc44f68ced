import { DeleteCommand, GetCommand } from "../../functions/store/dynamo";
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { key } from "../../functions/store/keys";
import { localId } from "../../schema/ids";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, quoteFor, SUBMIT } from "../support/approvals";
import { answer, sentLink } from "../support/quote-links";
import { countCalls, quiet } from "../support/calls";

/**
 * A page of sent quotes with their sends, change requests and acceptance costs the same DynamoDB calls
 * for 2 quotes and for 8: the quotes' children items name their sends and change requests, read for the
 * whole page at once, not a query per quote.
 */
let app: TestApp;
let rep: User;
const QUOTES = 8;

/** What each quote should show: its sends' ids, its change requests' comments, who accepted it. */
const expected = new Map<string, { sendIds: string[]; comments: string[]; acceptedBy: string | null }>();

const CHILDREN = `sends { id revision to sentBy { name } } changeRequests { comment revision } acceptance { name revision }`;
const QUOTE_PAGE = `query($first: Int) { quotes(first: $first) { edges { node { id number ${CHILDREN} } } } }`;
const DEAL_PAGE = `query($first: Int) { opportunities(first: $first) { edges { node { id quotes { id number ${CHILDREN} } } } } }`;

/** The DynamoDB calls one request makes, by command. */
const callsOf = (query: string, first: number) => countCalls(app, rep, query, { first });

const shown = (q: any) => ({ sendIds: q.sends.map((s: any) => s.id), comments: q.changeRequests.map((r: any) => r.comment), acceptedBy: q.acceptance?.name ?? null });

beforeAll(async () => {
  app = await testApp();
  ({ rep } = await approvalTeam(app));
  // Every quote is sent and asked about (any page holds each kind); every other one accepted, every third sent twice.
  for (let i = 0; i < QUOTES; i++) {
    app.clock.advance(60_000);
    const quote = await quoteFor(app, rep, { list: 10_000, unit: 10_000, cost: 5_000 });
    expect((await app.ok(rep, SUBMIT, { id: quote.id })).submitQuote.status).toBe("APPROVED");
    const links = [await sentLink(app, rep, quote.id)];
    app.clock.advance(1000);
    if (i % 3 === 0) links.push(await sentLink(app, rep, quote.id));
    app.clock.advance(1000);
    const comment = `第${i + 1}份报价：交货期能否提前？`;
    expect((await answer(app, links[0].viewId, "changes", { comment })).statusCode).toBe(303);
    const acceptedBy = i % 2 === 0 ? `顾晓明${i + 1}` : null;
    if (acceptedBy) expect((await answer(app, links.at(-1)!.viewId, "accept", { name: acceptedBy, title: "采购经理" })).statusCode).toBe(303);
    expected.set(quote.id, { sendIds: links.map((l) => l.sendId), comments: [comment], acceptedBy });
  }
}, 300_000);

describe("sends, change requests and acceptance under a page of quotes", () => {
  it("cost the same calls for 2 quotes and for 8, each quote showing its own", async () => {
    const two = await callsOf(QUOTE_PAGE, 2);
    const eight = await callsOf(QUOTE_PAGE, QUOTES);
    const quotes = eight.data.quotes.edges.map((e: any) => e.node);
    expect(quotes).toHaveLength(QUOTES);
    for (const q of quotes) expect(shown(q)).toEqual(expected.get(q.id));
    expect(quotes.every((q: any) => q.sends.every((s: any) => s.sentBy.name === rep.name && s.revision === 1))).toBe(true);
    expect(eight.calls).toEqual(two.calls);
  });

  it("cost the same calls under a page of deals", async () => {
    const two = await callsOf(DEAL_PAGE, 2);
    const eight = await callsOf(DEAL_PAGE, QUOTES);
    const quotes = eight.data.opportunities.edges.flatMap((e: any) => e.node.quotes);
    expect(quotes).toHaveLength(QUOTES);
    for (const q of quotes) expect(shown(q)).toEqual(expected.get(q.id));
    expect(eight.calls).toEqual(two.calls);
  });

  it("an older quote without the children item still shows its sends and requests, and gets the item", async () => {
    // Prepare: the quote as it was stored before quotes kept their children's ids
    const [id, own] = [...expected.entries()][3];
    const quoteId = localId(id, "Quote") as string;
    await app.db.doc.send(new DeleteCommand({ TableName: app.db.table, Key: key.quoteChildren(quoteId) }));

    // Act
    const QUOTE = `query($id: ID!) { quote(id: $id) { ${CHILDREN} } }`;
    await quiet(app);
    const queries = () => app.db.stats.byCommand.QueryCommand ?? 0;
    const before = queries();
    const res = await app.ok(rep, QUOTE, { id });
    const firstRead = queries() - before;

    // Assess: as before, and the item is complete: the next read finds the ids without querying the quote's partition
    expect(shown(res.quote)).toEqual(own);
    const between = queries();
    expect(shown((await app.ok(rep, QUOTE, { id })).quote)).toEqual(own);
    expect(firstRead - (queries() - between)).toBe(2);
    const item = (await app.db.doc.send(new GetCommand({ TableName: app.db.table, Key: key.quoteChildren(quoteId), ConsistentRead: true }))).Item;
    expect(item?.complete).toBe(true);
    expect([...(item?.sendIds as Set<string>)].sort()).toEqual([...own.sendIds].sort());
    expect([...(item?.changeRequestIds as Set<string>)]).toHaveLength(1);
  });
});
