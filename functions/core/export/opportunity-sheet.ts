import type { Actor } from "../actor";
import { seesMargin } from "../approval/approvers";
import { visibleCustomer } from "../customer/access";
import type { Customer } from "../customer";
import { formatLocalTime, pick } from "../format";
import type { Organization } from "../organization";
import { type ForecastCategory, isWon, type Opportunity, STAGE_LABELS, stageSettings } from "../pipeline";
import type { Quote } from "../quote/model";
import { localize, type Locale } from "../text";
import type { User } from "../user";
import { type Column, column } from "./columns";
import { peopleById } from "./people";

const CATEGORY_LABELS: Record<ForecastCategory, [string, string]> = {
  PIPELINE: ["管道", "Pipeline"],
  BEST_CASE: ["最佳情况", "Best case"],
  COMMIT: ["承诺", "Commit"],
  CLOSED: ["已关闭", "Closed"],
};

interface OpportunityRow {
  o: Opportunity;
  customer: Customer | null;
  owner: User | null;
  /** The deal's newest quote, read only for those who see margins. */
  quote: Quote | null;
}

/**
 * A pipeline review's columns. The newest quote's net amount, cost and margin only for those the API
 * shows margins to (`seesMargin`, the rule behind the `seesMargins` scope): for others the columns
 * are not in the file at all.
 */
export function opportunityColumns(actor: Actor, org: Organization, locale: Locale): Column<OpportunityRow>[] {
  const time = (at: string | null | undefined) => (at ? formatLocalTime(at, org.timeZone) : null);
  const outcome = (o: Opportunity) =>
    o.stage === "LOST" ? pick(locale, "输单", "Lost") : isWon(o.stage) ? pick(locale, "赢单", "Won") : pick(locale, "进行中", "Open");
  const columns: Column<OpportunityRow>[] = [
    column("商机名称", "Title", "text", 30, (r) => r.o.title),
    column("客户", "Customer", "text", 30, (r) => r.customer?.name ?? null),
    column("阶段", "Stage", "text", 10, (r) => localize(STAGE_LABELS[r.o.stage], locale)),
    column("赢率（%）", "Probability (%)", "integer", 10, (r) => stageSettings(org.pipeline, r.o.stage)?.probability ?? 0),
    column("预计金额（含税）", "Amount (incl. VAT)", "money", 16, (r) => r.o.amount?.fen ?? null),
    column("币种", "Currency", "text", 8, (r) => r.o.amount?.currency ?? null),
    column("预计成交日期", "Expected close", "date", 12, (r) => r.o.expectedCloseOn),
    column("负责人", "Owner", "text", 12, (r) => r.owner?.name ?? null),
    column("预测类别", "Forecast category", "text", 12, (r) => CATEGORY_LABELS[r.o.forecastCategory][locale === "en" ? 1 : 0]),
    column("结果", "Outcome", "text", 8, (r) => outcome(r.o)),
    column("签约金额（含税）", "Won amount (incl. VAT)", "money", 16, (r) => r.o.wonAmount?.fen ?? null),
    column("签约日期", "Won on", "date", 12, (r) => r.o.wonOn ?? null),
    column("输单原因", "Lost reason", "text", 24, (r) => r.o.lostReason),
    column("输单时间", "Lost at", "dateTime", 17, (r) => time(r.o.lostAt)),
    column("产品线", "Product lines", "text", 20, (r) => r.o.productLines.join(locale === "en" ? ", " : "、") || null),
    column("竞争对手", "Competitors", "text", 20, (r) => r.o.competitors.join(locale === "en" ? ", " : "、") || null),
    column("来源", "Source", "text", 12, (r) => r.o.source),
    column("进入本阶段时间", "In stage since", "dateTime", 17, (r) => time(r.o.stageEnteredAt)),
    column("创建时间", "Created", "dateTime", 17, (r) => time(r.o.createdAt)),
  ];
  if (!seesMargin(actor.viewer)) return columns;
  return [
    ...columns,
    column("最新报价单号", "Latest quote", "text", 18, (r) => r.quote?.number ?? null),
    column("报价金额（不含税）", "Quote net (excl. VAT)", "money", 16, (r) => r.quote?.totals.netFen ?? null),
    column("成本", "Cost", "money", 16, (r) => r.quote?.totals.costFen ?? null),
    column("毛利率", "Margin", "percent", 10, (r) => r.quote?.totals.marginPercent ?? null),
  ];
}

/** Each deal with its customer (as the viewer may see it), its owner and, for those who see margins, its newest quote. */
export async function opportunityRows(actor: Actor, deals: Opportunity[]): Promise<OpportunityRow[]> {
  const [owners, customers, quotes] = await Promise.all([
    peopleById(actor, deals.map((o) => o.ownerId)),
    Promise.all(deals.map((o) => visibleCustomer(actor, o.customerId))),
    seesMargin(actor.viewer) ? Promise.all(deals.map((o) => newestQuote(actor, o.id))) : null,
  ]);
  return deals.map((o, i) => ({ o, customer: customers[i], owner: owners.get(o.ownerId) ?? null, quote: quotes?.[i] ?? null }));
}

async function newestQuote(actor: Actor, opportunityId: string): Promise<Quote | null> {
  const { quoteIds } = await actor.dealChildren.load(opportunityId);
  const quotes = (await actor.quotes.loadMany(quoteIds)).filter((q): q is Quote => !!q && !(q instanceof Error));
  return quotes.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
}
