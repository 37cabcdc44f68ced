import { inject, expect, it } from "vitest";
import { seedDemo } from "../../functions/local/seed";
import { testApp } from "../support/app";

it("the demo seed shows signed contracts with instalments, an invoice and a part payment, and paid deals at 交付回款", async () => {
  // Prepare + Act
  const app = await testApp({ orgId: "demo" });
  await seedDemo(app.deps, "demo", new Date("2026-11-23T02:00:00.000Z"), inject("sesEndpoint"));
  const finance = (await app.deps.store.users.listByOrg("demo")).find((u) => u.roles.includes("FINANCE"))!;

  // Assess
  const { receivables } = await app.ok(finance, `{ receivables(asOf: "2026-11-23") { outstanding { fen } byRep { collected { fen } } } }`);
  expect(receivables.outstanding.fen).toBeGreaterThan(0);
  const deals = (await app.ok(finance, `{ opportunities(first: 200) { edges { node { stage wonContract { amount { fen } received { fen } invoices { number } instalments { status } } } } } }`)).opportunities.edges.map((e: any) => e.node);
  const signed = deals.filter((d: any) => d.stage === "CONTRACT_SIGNED");
  const paid = deals.filter((d: any) => d.stage === "DELIVERED_PAID");
  expect(signed.length).toBeGreaterThan(0);
  for (const d of signed) {
    expect(d.wonContract.invoices).toHaveLength(1);
    expect(d.wonContract.received.fen).toBeGreaterThan(0);
    expect(d.wonContract.received.fen).toBeLessThan(d.wonContract.amount.fen);
  }
  for (const d of paid) {
    expect(d.wonContract.received.fen).toBe(d.wonContract.amount.fen);
    expect(d.wonContract.instalments.every((i: any) => i.status === "PAID")).toBe(true);
  }
}, 600_000);
