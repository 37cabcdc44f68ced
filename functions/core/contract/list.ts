import type { Page } from "../../store";
import type { Actor } from "../actor";
import type { PageArgs } from "../paging";
import { dealListQuery, EMPTY_PAGE, onlyVisible } from "../quote/list-scope";
import type { Contract, ContractStatus } from "./model";

export interface ContractListFilter {
  status?: ContractStatus | null;
  ownerId?: string | null;
  customerId?: string | null;
  /** Signed on these local days (inclusive). */
  signedFrom?: string | null;
  signedTo?: string | null;
}

const SIGNED = {
  from: "signedFrom",
  to: "signedTo",
  fromLabel: { zh: "签订起始日期", en: "signed from" },
  toLabel: { zh: "签订截止日期", en: "signed to" },
};

/** The contracts the viewer may see, newest created first (as quotes: see listQuotes). */
export async function listContracts(actor: Actor, filter: ContractListFilter, args: PageArgs): Promise<Page<Contract>> {
  const scoped = await dealListQuery(actor, { status: filter.status, ownerId: filter.ownerId, customerId: filter.customerId, from: filter.signedFrom, to: filter.signedTo }, args, SIGNED);
  if (!scoped) return EMPTY_PAGE;
  const page = await actor.deps.store.dealLists.contracts({ ...scoped.query, dateFrom: filter.signedFrom, dateTo: filter.signedTo });
  page.items.forEach((c) => actor.contracts.prime(c.id, c));
  return onlyVisible(actor, page);
}
