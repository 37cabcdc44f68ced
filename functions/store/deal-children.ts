import type { Db } from "./client";
import { idSetStore, type IdSets } from "./id-sets";
import { key } from "./keys";
import type { LabeledWrite } from "./transact";

const ATTRIBUTES = { QUOTE: "quoteIds", CONTRACT: "contractIds", EVIDENCE: "evidenceIds" } as const;
type Kind = keyof typeof ATTRIBUTES;

/** What a deal holds, by id. */
export type DealChildren = IdSets<(typeof ATTRIBUTES)[Kind]>;

/**
 * A deal's quote, contract and evidence ids in one item beside it (pk OPP#id, sk CHILDREN), so the
 * quotes of a page of deals are one BatchGetItem of these and one of the quotes, not a query per
 * deal (store/id-sets.ts). An older deal's item is completed from its byParent partitions the first
 * time it is read (core/loaders.ts), or by the sweep (core/quote/backfill.ts).
 */
export function dealChildrenStore(db: Db) {
  const sets = idSetStore(db, { key: key.dealChildren, type: "DealChildren", label: "dealChildren", attributes: Object.values(ATTRIBUTES) });
  return {
    ...sets,
    /** For a quote's, contract's or evidence's creating transaction. */
    addWrite: (kind: Kind, opportunityId: string, id: string): LabeledWrite => sets.addWrite(ATTRIBUTES[kind], opportunityId, [id]),
  };
}
