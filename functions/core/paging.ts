import { Checker } from "./validate";

/** Forward paging over a list, newest first. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

export function pageSize(args: PageArgs): number {
  const c = new Checker();
  const first = c.int("first", args.first, 1, MAX_PAGE);
  c.done();
  return first ?? DEFAULT_PAGE;
}
