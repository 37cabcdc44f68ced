import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { collectionsTeam, INVOICE, PAY, signedContract } from "../collections/support";

/** A page of signed contracts reads its instalments, invoices and payments in as many calls for 1 contract as for 4. */
let app: TestApp;
let finance: User;
const SIGNED = 4;

const CONTRACTS = `query($first: Int) { contracts(first: $first, filter: { status: SIGNED }) { edges { node {
  number instalments { index label invoiced { fen } received { fen } } invoices { number amount { fen } } payments { reference amount { fen } }
  invoiced { fen } received { fen } outstanding { fen } } } } }`;

async function callsOf(first: number) {
  for (let last = -1; last !== app.db.stats.calls; ) {
    last = app.db.stats.calls;
    await new Promise((r) => setTimeout(r, 300)); // background approval emails settle first
  }
  const before = { ...app.db.stats.byCommand };
  const data = await app.ok(finance, CONTRACTS, { first });
  const after = app.db.stats.byCommand;
  return { data, calls: Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - (before[k] ?? 0)]).filter(([, n]) => n)) };
}

beforeAll(async () => {
  app = await testApp();
  const team = await collectionsTeam(app);
  finance = team.finance;
  for (let i = 0; i < SIGNED; i++) {
    const c = await signedContract(app, team.rep, { amountFen: 100_000_00 });
    expect((await app.ok(finance, INVOICE, { input: { contractId: c.id, number: `FP2026${i}001`, amount: { fen: 30_000_00 }, issuedOn: "2026-11-23", type: "VAT_SPECIAL" } })).recordInvoice.__typename).toBe("Invoice");
    expect((await app.ok(finance, PAY, { input: { contractId: c.id, amount: { fen: 10_000_00 }, receivedOn: "2026-11-23", reference: `HX-${i}-1` } })).recordPayment.__typename).toBe("Payment");
  }
}, 240_000);

describe("signed contracts in a list", () => {
  it("show their instalments, invoices and payments at a cost that does not grow with the page", async () => {
    const one = await callsOf(1);
    const four = await callsOf(SIGNED);
    const contracts = four.data.contracts.edges.map((e: any) => e.node);
    expect(contracts).toHaveLength(SIGNED);
    for (const [i, c] of [...contracts].reverse().entries()) {
      expect(c.invoices).toEqual([{ number: `FP2026${i}001`, amount: { fen: 30_000_00 } }]);
      expect(c.payments).toEqual([{ reference: `HX-${i}-1`, amount: { fen: 10_000_00 } }]);
      expect(c.instalments.map((x: any) => x.index)).toEqual([1, 2, 3]);
      expect(c.received).toEqual({ fen: 10_000_00 });
      expect(c.outstanding).toEqual({ fen: 90_000_00 });
    }
    expect(four.calls).toEqual(one.calls);
  });
});
