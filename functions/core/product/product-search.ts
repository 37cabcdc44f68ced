import { SEARCH_MAX } from "../customer/search";
import { Checker } from "../validate";
import { foldForSearch } from "./input";

/**
 * The words of a product search, folded as the stored code, name and spec are (width, case): every
 * word must appear, in any order ("DN100 蝶阀" finds 蝶阀 of spec DN100), as customer search reads
 * words. Punctuation inside a word stays (codes such as D371X-16Q are typed with it, and products are
 * stored with it). Refuses more than SEARCH_MAX characters.
 */
export function productSearchWords(query: string | null | undefined): string[] {
  const c = new Checker({ "filter.search": { zh: "搜索词", en: "search" } });
  const text = c.text("filter.search", query, { max: SEARCH_MAX });
  c.done();
  return [...new Set(foldForSearch(text ?? "").split(/\s+/).filter(Boolean))];
}
