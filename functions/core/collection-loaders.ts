import DataLoader from "dataloader";
import type { Store } from "../store";
import { instalmentsOf } from "./collections/instalments";
import type { Instalment, Invoice, Ledger, Payment } from "./collections/model";
import type { Contract } from "./contract/model";

const signed = (c: Contract) => c.status === "SIGNED" && !!c.signedOn;

/**
 * A page of contracts with their instalments, invoices and payments in BatchGetItem calls: the
 * instalments' keys follow from each plan (INST#01 … INST#n), and their bookings name every invoice
 * and payment (each is booked onto the instalments, oldest due first). Only signed contracts have any.
 */
export function collectionLoaders(store: Store) {
  const instalments = new DataLoader<Contract, Instalment[], string>(
    async (contracts) => {
      const stored = await store.instalments.manyByPlan(contracts.filter(signed).map((c) => ({ contractId: c.id, count: c.paymentPlan.length })));
      return contracts.map((c) => {
        if (!signed(c)) return [];
        const list = stored.get(c.id) ?? [];
        if (list.length) return list;
        // Signed before instalments were stored: the plan as it would be.
        const ledger: Ledger = { contractId: c.id, orgId: c.orgId, signedOn: c.signedOn!, deliveredOn: null, acceptedOn: null, invoicedFen: 0, receivedFen: 0, version: 0 };
        return instalmentsOf(c, ledger);
      });
    },
    // No cache: a payment recorded earlier in the same request (a document of several mutations) shows.
    { cache: false },
  );

  /** What the contracts' instalments name, of one kind, read at once and handed back per contract in the order the contract's list has it. */
  const booked = <T extends { contractId: string }>(kind: "invoices" | "payments", read: (orgId: string, refs: string[]) => Promise<T[]>, order: (a: T, b: T) => number) =>
    new DataLoader<Contract, T[], string>(
      async (contracts) => {
        const lists = await instalments.loadMany([...contracts]);
        const byOrg = new Map<string, Set<string>>();
        lists.forEach((list, i) => {
          if (list instanceof Error) return;
          const refs = byOrg.get(contracts[i].orgId) ?? new Set<string>();
          for (const inst of list) for (const b of inst[kind]) refs.add(b.ref);
          byOrg.set(contracts[i].orgId, refs);
        });
        const found = (await Promise.all([...byOrg].map(([orgId, refs]) => (refs.size ? read(orgId, [...refs]) : [])))).flat();
        return contracts.map((c) => found.filter((x) => x.contractId === c.id).sort(order));
      },
      { cache: false },
    );

  const invoices = booked<Invoice>("invoices", (orgId, refs) => store.payments.invoicesByNumbers(orgId, refs), (a, b) => `${a.issuedOn}#${a.number}`.localeCompare(`${b.issuedOn}#${b.number}`));
  const payments = booked<Payment>("payments", (orgId, refs) => store.payments.paymentsByReferences(orgId, refs), (a, b) => `${a.receivedOn}#${a.reference}`.localeCompare(`${b.receivedOn}#${b.reference}`));
  return { instalments, invoices, payments };
}

export type CollectionLoaders = ReturnType<typeof collectionLoaders>;
