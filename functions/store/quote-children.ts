import type { Db } from "./client";
import { idSetStore, type IdSets } from "./id-sets";
import { key } from "./keys";
import type { LabeledWrite } from "./transact";

const ATTRIBUTES = { SEND: "sendIds", CHANGES: "changeRequestIds" } as const;
type Kind = keyof typeof ATTRIBUTES;

/** What a quote holds, by id. */
export type QuoteChildren = IdSets<(typeof ATTRIBUTES)[Kind]>;

/**
 * A quote's send and change-request ids in one item beside it (pk QUOTE#id, sk CHILDREN), so the
 * sends of a page of quotes are one BatchGetItem of these and one of the sends, not a query per
 * quote (store/id-sets.ts). Read consistently: a send just made shows. An older quote's item is
 * completed from its partition the first time it is read (core/quote-children-loaders.ts).
 */
export function quoteChildrenStore(db: Db) {
  const sets = idSetStore(db, { key: key.quoteChildren, type: "QuoteChildren", label: "quoteChildren", attributes: Object.values(ATTRIBUTES), consistent: true });
  return {
    ...sets,
    /** For a send's or change request's creating transaction. */
    addWrite: (kind: Kind, quoteId: string, id: string): LabeledWrite => sets.addWrite(ATTRIBUTES[kind], quoteId, [id]),
  };
}
