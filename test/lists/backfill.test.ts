import { DeleteCommand, UpdateCommand } from "../../functions/store/dynamo";
import { beforeAll, describe, expect, it } from "vitest";
import { fileDealLists } from "../../functions/core/quote/backfill";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { key } from "../../functions/store/keys";
import { localId } from "../../schema/ids";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, quoteFor } from "../support/approvals";

/** Quotes written before the lists existed (no list keys, no children item on their deal) appear after the sweep files them. */
let app: TestApp;
let rep: User;

const MY_QUOTES = `{ quotes { edges { node { number } } } }`;
const DEAL_QUOTES = `query($id: ID!) { quote(id: $id) { opportunity { id quotes { number } } } }`;

/** What a quote written by the previous version looks like in the table. */
async function asWrittenBefore(quoteId: string, opportunityId: string) {
  await app.db.doc.send(
    new UpdateCommand({ TableName: app.db.table, Key: key.quote(quoteId), UpdateExpression: "REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi5pk, gsi5sk" }),
  );
  await app.db.doc.send(new DeleteCommand({ TableName: app.db.table, Key: key.dealChildren(opportunityId) }));
}

beforeAll(async () => {
  app = await testApp();
  ({ rep } = await approvalTeam(app));
});

describe("quotes written before the lists", () => {
  it("show on their deal at once and in the quote list after the sweep files them, once", async () => {
    // Prepare: an older quote
    const quote = await quoteFor(app, rep, { list: 10_000, unit: 10_000, cost: 5_000 });
    const deal = (await app.ok(rep, DEAL_QUOTES, { id: quote.id })).quote.opportunity;
    await asWrittenBefore(localId(quote.id, "Quote")!, localId(deal.id, "Opportunity")!);
    expect((await app.ok(rep, MY_QUOTES)).quotes.edges).toEqual([]);
    // The deal's own list finds it by its partition meanwhile
    expect((await app.ok(rep, DEAL_QUOTES, { id: quote.id })).quote.opportunity.quotes).toEqual([{ number: quote.number }]);

    // Act: the scheduled sweep
    await runScheduledJobs(app.deps);

    // Assess
    expect((await app.ok(rep, MY_QUOTES)).quotes.edges.map((e: any) => e.node.number)).toEqual([quote.number]);
    expect(await fileDealLists(app.deps)).toBe(0); // done: later sweeps only read the markers
  });
});
