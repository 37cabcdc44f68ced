import type { CustomerFields } from "./model";
import { pinyinInitials } from "./search";

/**
 * The form of a company name used to find duplicates: full-width and half-width folded (NFKC),
 * case, spaces and punctuation ignored, so "宁波捷锐(流体)控制有限公司" and "宁波捷锐 流体控制有限公司" match.
 */
export function nameKey(name: string): string {
  return name.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, "");
}

/**
 * What `customers(filter: { search })` matches: name, credit code, phone, contacts and tags, and the
 * pinyin initials of the name (see search.ts). Stored on every create and update; customers written
 * before the initials came are rewritten once by the sweep (search-backfill.ts).
 */
export function searchText(c: Pick<CustomerFields, "name" | "creditCode" | "phone" | "contacts" | "tags">): string {
  return [c.name, c.creditCode, c.phone, ...c.contacts.flatMap((x) => [x.name, x.phone, x.email]), ...c.tags]
    .filter(Boolean)
    .map((s) => nameKey(s as string))
    .concat(pinyinInitials(c.name))
    .join(" ");
}

export const searchTerm = (query: string) => nameKey(query);
