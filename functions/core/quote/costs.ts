import type { Actor } from "../actor";
import { ForbiddenError, NotFoundError, VersionConflictError } from "../errors";
import { hasRole } from "../user/model";
import { Checker } from "../validate";
import { checkFen } from "./lines";
import type { Quote } from "./model";
import { commitDraft, visibleQuote } from "./quote";

export interface LineCostInput {
  lineId: string;
  costFen: number;
}

/** Costs are estimated by TECH (non-standard designs) or FINANCE, never by whoever sells. */
export const canCost = (actor: Actor) => hasRole(actor.viewer, "TECH", "FINANCE");

/**
 * TECH or FINANCE enter the unit cost of non-catalogue lines (a catalogue line's cost is the price
 * book's). Like any edit, on a submitted quote it starts the next revision and withdraws a pending
 * approval: the figures approvers saw have changed.
 */
export async function setQuoteLineCosts(actor: Actor, id: string, expectedVersion: number, costs: LineCostInput[]): Promise<Quote> {
  if (!canCost(actor)) throw new ForbiddenError({ zh: "成本只能由技术或财务填写", en: "Only TECH or FINANCE enter costs" });
  const q = await visibleQuote(actor, id);
  if (!q) throw new NotFoundError("Quote", id);
  if (q.version !== expectedVersion) throw new VersionConflictError(q, q.version);
  const c = new Checker();
  const byLine = new Map<string, number>();
  if (!costs.length) c.fail("costs", "REQUIRED", { zh: "至少填写一行成本", en: "needs at least one line" });
  costs.forEach((entry, i) => {
    const line = q.draft.lines.find((l) => l.id === entry.lineId);
    if (!line) c.fail(`costs.${i}.lineId`, "UNKNOWN_LINE", { zh: "不是本报价单的行", en: "is not a line of this quote" });
    else if (line.productId) c.fail(`costs.${i}.lineId`, "CATALOGUE_LINE", { zh: "目录产品的成本取自产品目录", en: "takes its cost from the price book" });
    else if (byLine.has(entry.lineId)) c.fail(`costs.${i}.lineId`, "DUPLICATE", { zh: "同一行重复填写", en: "is given twice" });
    const fen = checkFen(c, `costs.${i}.costFen`, entry.costFen);
    if (line && fen !== undefined) byLine.set(entry.lineId, fen);
  });
  c.done();
  const lines = q.draft.lines.map((l) => (byLine.has(l.id) ? { ...l, costFen: byLine.get(l.id)! } : l));
  // The timeline says costs were entered; their amounts stay with those who see margins.
  return commitDraft(actor, q, { ...q.draft, lines }, [{ field: "lineCosts", old: null, new: null }]);
}
