import type { Deps } from "../actor";
import type { Contract } from "../contract/model";
import { instalmentsOf } from "./instalments";
import { loadCollections } from "./ledger";
import type { Instalment, Ledger } from "./model";

/**
 * The contract's collections as stored (`prev`), and the ledger and instalments to change: a
 * contract signed before instalments existed gets them now, from its plan, in the change's own write.
 */
export async function collectionsOf(deps: Deps, contract: Contract): Promise<{ prev: Ledger | null; ledger: Ledger; instalments: Instalment[] }> {
  const { ledger, instalments } = await loadCollections(deps, contract.id);
  if (ledger) return { prev: ledger, ledger, instalments };
  const fresh: Ledger = { contractId: contract.id, orgId: contract.orgId, signedOn: contract.signedOn!, deliveredOn: null, acceptedOn: null, invoicedFen: 0, receivedFen: 0, version: 0 };
  return { prev: null, ledger: fresh, instalments: instalmentsOf(contract, fresh) };
}

/** Copies deep enough to change bookings without touching what was read. */
export const copy = (instalments: Instalment[]) => instalments.map((i) => ({ ...i, invoices: [...i.invoices], payments: [...i.payments] }));
