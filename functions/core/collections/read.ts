import type { Actor, Deps } from "../actor";
import type { Contract } from "../contract/model";
import { localDay } from "../local-day";
import type { Money } from "../money";
import type { Opportunity } from "../pipeline/model";
import { instalmentsOf } from "./instalments";
import { invoicedOf, outstandingOf, receivedOf, type Instalment, type Ledger } from "./model";

/** What the deal's won contract still has to collect (its whole amount when nothing is recorded). */
export async function planOutstanding(deps: Deps, o: Opportunity): Promise<Money> {
  const whole = o.wonAmount ?? { fen: 0, currency: "CNY" as const };
  if (!o.wonContractId) return whole;
  const [[contract], ledger] = await Promise.all([deps.store.quotes.getContracts([o.wonContractId]), deps.store.instalments.ledger(o.wonContractId)]);
  const amount = contract?.amount ?? whole;
  return { fen: Math.max(0, amount.fen - (ledger?.receivedFen ?? 0)), currency: amount.currency };
}

/** A contract's instalments as stored; a signed contract from before instalments shows its plan as they would be. */
export async function instalmentsOfContract(deps: Deps, contract: Contract): Promise<Instalment[]> {
  if (contract.status !== "SIGNED" || !contract.signedOn) return [];
  const stored = await deps.store.instalments.forContract(contract.id);
  if (stored.length) return stored.sort((a, b) => a.index - b.index);
  const ledger: Ledger = { contractId: contract.id, orgId: contract.orgId, signedOn: contract.signedOn, deliveredOn: null, acceptedOn: null, invoicedFen: 0, receivedFen: 0, version: 0 };
  return instalmentsOf(contract, ledger);
}

export interface ContractCollectionFigures {
  invoiced: Money;
  received: Money;
  outstanding: Money;
  /** Unpaid on instalments whose due date has passed (organization calendar, today). */
  overdue: Money;
}

/** The contract's figures from its stored instalments: what was invoiced, received, is still owed, and is late. */
export async function contractCollectionFigures(actor: Actor, contract: Contract): Promise<ContractCollectionFigures> {
  const org = await actor.org();
  const today = localDay(actor.deps.clock.now(), org.timeZone);
  const list = await actor.instalments.load(contract); // batched over a page of contracts
  const money = (fen: number): Money => ({ fen, currency: contract.amount.currency });
  const received = list.reduce((s, i) => s + receivedOf(i), 0);
  return {
    invoiced: money(list.reduce((s, i) => s + invoicedOf(i), 0)),
    received: money(received),
    outstanding: money(contract.status === "SIGNED" ? contract.amount.fen - received : 0),
    overdue: money(list.filter((i) => i.dueOn && i.dueOn < today).reduce((s, i) => s + outstandingOf(i), 0)),
  };
}
