import { createActor, type Deps } from "../core/actor";
import { instalmentsOfContract, recordInvoice, recordPayment } from "../core/collections";
import { outstandingOf } from "../core/collections/model";
import { localDay } from "../core/local-day";
import type { User } from "../core/user";

/**
 * The demo's money side, recorded by finance as it happened: each signed contract's advance is
 * invoiced (增值税专用发票) and half of it received on the signing day, so the contract shows an
 * invoice and a part payment; a deal that reached 交付回款 had the rest received, which is what
 * moved it there.
 */
export function demoCollections(deps: Deps, finance: User | undefined, timeZone: string) {
  const today = () => localDay(deps.clock.now(), timeZone);
  const contractOf = async (dealId: string) => {
    const [deal] = await deps.store.opportunities.getMany([dealId]);
    const [contract] = deal?.wonContractId ? await deps.store.quotes.getContracts([deal.wonContractId]) : [null];
    return contract;
  };
  return {
    /** The advance invoiced and half of it received. */
    async advancePartlyPaid(dealId: string) {
      const contract = await contractOf(dealId);
      if (!finance || !contract) return;
      const actor = createActor(finance, deps);
      const [advance] = await instalmentsOfContract(deps, contract);
      if (!advance) return;
      const tail = contract.number.replace(/\D/g, "").slice(-8);
      await recordInvoice(actor, contract.id, { instalmentId: advance.id, number: `0${tail}`, amount: { fen: advance.amountFen }, issuedOn: today(), type: "VAT_SPECIAL" });
      await recordPayment(actor, contract.id, { amount: { fen: Math.floor(advance.amountFen / 2) }, receivedOn: today(), reference: `DEMO-${contract.number}-1`, instalmentId: advance.id });
    },

    /** Everything still owed received today: the deal moves to 交付回款 with it. */
    async paidInFull(dealId: string) {
      const contract = await contractOf(dealId);
      if (!finance || !contract) return;
      const owed = (await instalmentsOfContract(deps, contract)).reduce((s, i) => s + outstandingOf(i), 0);
      if (owed > 0) await recordPayment(createActor(finance, deps), contract.id, { amount: { fen: owed }, receivedOn: today(), reference: `DEMO-${contract.number}-2` });
    },
  };
}
