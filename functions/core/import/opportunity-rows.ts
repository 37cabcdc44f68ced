import type { Customer } from "../customer/model";
import type { Currency } from "../money";
import { type FieldIssue, ForbiddenError, ValidationError } from "../errors";
import type { Organization } from "../organization";
import { unmetCriteria } from "../pipeline/criteria";
import { criterionText } from "../pipeline/errors";
import { checkOpportunityFields, type OpportunityFields } from "../pipeline/input";
import type { Opportunity } from "../pipeline/model";
import { checkDealOwner } from "../pipeline/opportunity";
import { isOpen, type Stage, STAGE_LABELS, STAGES } from "../pipeline/stages";
import type { Text } from "../text";
import { labelled } from "./columns";
import { findCustomer, type NamedCustomers } from "./customer-lookup";
import { findOwner, type RowContext } from "./customer-rows";

/** What a passed row becomes: the deal's fields, its customer, and the stage it enters at. */
export interface OpportunityRecord {
  customerId: string;
  stage: Stage;
  fields: OpportunityFields;
}

export interface OpportunityRowContext extends RowContext, NamedCustomers {
  org: Organization;
}

const label = (field: string, text: Text) => labelled("OPPORTUNITIES", field, text);
const blank = (v: string | undefined) => !v || !v.trim();

/**
 * One row checked as createOpportunity checks its input: the same field checks
 * (checkOpportunityFields), the same owner check (checkDealOwner), the customer as visibleCustomer
 * sees it (canSeeCustomer; not in the pool), and the stage by the pipeline's own entry criteria
 * (unmetCriteria), which a file can meet only with fields: stages that ask for evidence, an approved
 * quote or a signed contract are reached in the system, not by import.
 */
export function checkOpportunityRow(ctx: OpportunityRowContext, cell: (field: string) => string | undefined): { record: OpportunityRecord; ownerId: string } | { problems: Text[] } {
  const problems: Text[] = [];
  const customer = dealCustomer(ctx, cell("customerCreditCode"), cell("customerName"));
  if ("problem" in customer) problems.push(customer.problem);

  const amount = yuanToFen(cell("amount"));
  if ("problem" in amount) problems.push(amount.problem);
  let fields: OpportunityFields | null = null;
  try {
    fields = checkOpportunityFields(
      {
        title: cell("title"),
        amount: "fen" in amount && amount.fen !== null ? { fen: amount.fen, currency: currencyOf(cell("currency")) as Currency | null } : null,
        expectedCloseOn: dayOf(cell("expectedCloseOn")),
        source: cell("source"),
      },
      null,
      ctx.org.currency,
    );
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...error.issues.map(describe));
  }

  const stage = stageOf(cell("stage"));
  if ("problem" in stage) problems.push(stage.problem);
  else if (fields && stage.stage !== "LEAD") {
    // The deal as createOpportunity makes it (at LEAD), moved on by the pipeline's own rules.
    const draft = { ...fields, stage: "LEAD" } as Opportunity;
    const unmet = unmetCriteria(draft, stage.stage, [], ctx.org.pipeline, { approvedQuote: false });
    for (const u of unmet) problems.push(label("stage", { zh: criterionText(u, "zh-CN"), en: criterionText(u, "en") }));
  }

  let ownerId: string | null = null;
  if ("customer" in customer) {
    const owner = blank(cell("owner")) ? { user: ctx.users.find((u) => u.id === customer.customer.ownerId) ?? null } : findOwner(ctx, cell("owner"));
    if ("problem" in owner) problems.push(owner.problem);
    else {
      try {
        checkDealOwner(ctx.viewer, owner.user, ctx.team);
        ownerId = owner.user?.id ?? null;
      } catch (error) {
        if (error instanceof ValidationError) problems.push(...error.issues.map(describe));
        else if (error instanceof ForbiddenError) problems.push(label("owner", { zh: "不在您的团队中（经理只能为自己和团队成员导入）", en: "is not on your team (managers import for themselves and their team)" }));
        else throw error;
      }
    }
  }
  if (problems.length || !fields || !ownerId || !("customer" in customer) || !("stage" in stage)) return { problems };
  return { record: { customerId: customer.customer.id, stage: stage.stage, fields }, ownerId };
}

/** The row's customer, as findCustomer finds it, and not in the pool (createOpportunity's CustomerInPoolError: claim it first). */
function dealCustomer(ctx: OpportunityRowContext, codeCell: string | undefined, nameCell: string | undefined): { customer: Customer } | { problem: Text } {
  const found = findCustomer("OPPORTUNITIES", ctx, codeCell, nameCell);
  if ("problem" in found || found.customer.ownerId) return found;
  const name = found.customer.name;
  return { problem: label("customerName", { zh: `客户“${name}”在公海中，请先领取`, en: `customer "${name}" is in the pool; claim it first` }) };
}

/**
 * Yuan as people type it ("1,234,567.89", "¥123.4", 123.4) in whole fen; more than two decimals
 * gives a fractional fen, which the API's own money check refuses, as it refuses a negative amount.
 */
export function yuanToFen(text: string | undefined, problemIn = (t: Text) => label("amount", t)): { fen: number | null } | { problem: Text } {
  const t = text?.normalize("NFKC").replace(/[,\s¥￥元]/g, "");
  if (!t) return { fen: null };
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(t);
  if (!m) return { problem: problemIn({ zh: `“${text}”不是金额（以元为单位，如 1,234.50）`, en: `"${text}" is not an amount (in yuan, e.g. 1,234.50)` }) };
  const [, sign, whole, frac = ""] = m;
  const cents = frac.padEnd(2, "0");
  const fen = Number(`${sign}${whole}${cents.slice(0, 2)}${cents.length > 2 ? `.${cents.slice(2)}` : ""}`);
  return { fen };
}

const CURRENCY_WORDS: Record<string, string> = { 人民币: "CNY", RMB: "CNY", 元: "CNY", 美元: "USD", 欧元: "EUR", 港币: "HKD", 港元: "HKD", 日元: "JPY" };
const currencyOf = (text: string | undefined) => {
  const t = text?.normalize("NFKC").trim().toUpperCase();
  return t ? (CURRENCY_WORDS[t] ?? t) : null;
};

/** A day as sheets give it: YYYY-MM-DD, 2026/12/1, 2026年12月1日, or an Excel serial day; anything else goes to the API's check as typed. */
export function dayOf(text: string | undefined): string | null {
  const t = text?.normalize("NFKC").trim();
  if (!t) return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (m) return `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
  if (/^\d{5}$/.test(t)) return new Date(Date.UTC(1899, 11, 30) + Number(t) * 86_400_000).toISOString().slice(0, 10);
  return t;
}

/** The stage by its code or its label (Chinese or English); blank: LEAD, where createOpportunity starts. Closed stages are not imported. */
function stageOf(text: string | undefined): { stage: Stage } | { problem: Text } {
  const t = text?.normalize("NFKC").trim();
  if (!t) return { stage: "LEAD" };
  const stage = STAGES.find((s) => s === t.toUpperCase() || STAGE_LABELS[s].zh === t || STAGE_LABELS[s].en.toLowerCase() === t.toLowerCase());
  if (!stage) {
    const names = STAGES.filter(isOpen).map((s) => STAGE_LABELS[s].zh).join("、");
    return { problem: label("stage", { zh: `“${t}”不是阶段（可填：${names}）`, en: `"${t}" is not a stage (open stages: ${STAGES.filter(isOpen).join(", ")})` }) };
  }
  if (!isOpen(stage)) {
    return {
      problem: label("stage", {
        zh: `导入不能设置“${STAGE_LABELS[stage].zh}”：赢单须签署审批通过的合同，输单须在系统中填写原因`,
        en: `an import cannot set ${STAGE_LABELS[stage].en}: a deal is won by signing an approved contract and lost with a reason, in the system`,
      }),
    };
  }
  return { stage };
}

/** A field issue as a row problem, named after its column (amount.fen → 金额（元）). */
function describe(issue: FieldIssue): Text {
  const [first, sub] = issue.path;
  const field = first === "ownerId" ? "owner" : first === "amount" && sub === "currency" ? "currency" : String(first);
  return label(field, issue.text);
}
