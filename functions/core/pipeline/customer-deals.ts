import DataLoader from "dataloader";
import type { Page, Store } from "../../store";
import { closeSortKey } from "../../store/opportunities";
import { decodeCursor, encodeCursor } from "../../store/page";
import type { Actor } from "../actor";
import { type PageArgs, pageSize } from "../paging";
import { readDirectoryBeside } from "../team/lists";
import { opportunityOwnersInView } from "./access";
import type { Opportunity } from "./model";

/** The request's loader of customers' deal ids: a page of customers reads them in one BatchGetItem. */
export function customerDealLoaders(store: Store) {
  // A customer from before the item existed: its deals' partition once, then kept (store/customer-deals.ts).
  const customerDealIds = new DataLoader<string, string[]>((customerIds) => store.customerDealIds.read(customerIds));
  return { customerDealIds };
}

export type CustomerDealLoaders = ReturnType<typeof customerDealLoaders>;

/**
 * A customer's deals the viewer may see, closing soonest first: what `listOpportunities` gives for
 * one customer (same order, same cursors, same scope), but from the customer's deal ids and the
 * request's deal loader, so a page of 40 customers with their deals costs what a page of 5 does.
 * Every deal of the customer is read to order them; customers hold tens of deals, not thousands.
 */
export async function customerOpportunities(actor: Actor, customerId: string, args: PageArgs): Promise<Page<Opportunity>> {
  const first = pageSize(args);
  const after = decodeCursor(args.after);
  const inView = await opportunityOwnersInView(actor);
  if (inView !== "ALL" && !inView.size) return { items: [], cursors: [], hasNextPage: false, endCursor: null };
  const load = async () => {
    const ids = await actor.customerDealIds.load(customerId);
    return (await actor.opportunities.loadMany(ids)).filter((o): o is Opportunity => !!o && !(o instanceof Error));
  };
  // Org-wide viewers see every owner: the directory comes beside the deals, as in listOpportunities.
  const deals = inView === "ALL" ? await readDirectoryBeside(actor, load()) : await load();
  const all = deals
    .filter((o) => o.orgId === actor.viewer.orgId && o.customerId === customerId && (inView === "ALL" || inView.has(o.ownerId)))
    .map((o) => ({ o, sk: closeSortKey(o) }))
    .sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0))
    .filter((d) => after === undefined || d.sk > after);
  const page = all.slice(0, first);
  const cursors = page.map((d) => encodeCursor(d.sk));
  const more = all.length > first;
  return { items: page.map((d) => d.o), cursors, hasNextPage: more, endCursor: more ? (cursors.at(-1) ?? null) : null };
}
