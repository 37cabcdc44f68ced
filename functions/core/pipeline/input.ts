import type { Currency, Money } from "../money";
import { Checker } from "../validate";
import type { Opportunity } from "./model";
import { type ForecastCategory, OPEN_CATEGORIES } from "./stages";

export interface MoneyInput {
  fen: number;
  currency?: Currency | null;
}

export interface OpportunityInput {
  title?: string | null;
  productLines?: string[] | null;
  amount?: MoneyInput | null;
  expectedCloseOn?: string | null;
  source?: string | null;
  forecastCategory?: ForecastCategory | null;
  competitors?: string[] | null;
  budget?: MoneyInput | null;
  decisionMaker?: string | null;
  useCase?: string | null;
}

export const OPPORTUNITY_FIELDS = [
  "title",
  "productLines",
  "amount",
  "expectedCloseOn",
  "source",
  "forecastCategory",
  "competitors",
  "budget",
  "decisionMaker",
  "useCase",
] as const;
export type OpportunityFields = Pick<Opportunity, (typeof OPPORTUNITY_FIELDS)[number]>;

/** Validates an input against the current fields (none on create); absent keeps, null clears. */
export function checkOpportunityFields(input: OpportunityInput, current: OpportunityFields | null, currency: Currency): OpportunityFields {
  const c = new Checker();
  const pick = <K extends keyof OpportunityFields>(k: K) => (input[k] === undefined && current ? current[k] : input[k]);
  const title = c.text("title", pick("title") as string, { required: true, max: 100 });
  const productLines = c.list("productLines", pick("productLines") as string[], { maxItems: 20, maxLength: 50 });
  const amount = c.money("amount", pick("amount") as Money | null, currency);
  const expectedCloseOn = c.day("expectedCloseOn", pick("expectedCloseOn") as string);
  const source = c.text("source", pick("source") as string, { max: 50 });
  if (input.forecastCategory === "CLOSED") {
    c.fail("forecastCategory", "NOT_ALLOWED", { zh: "“已关闭”由赢单或输单自动设置", en: "CLOSED follows from winning or losing" });
  }
  const forecastCategory =
    input.forecastCategory == null || input.forecastCategory === "CLOSED"
      ? (current?.forecastCategory ?? "PIPELINE")
      : c.oneOf<ForecastCategory>("forecastCategory", input.forecastCategory, OPEN_CATEGORIES);
  const competitors = c.list("competitors", pick("competitors") as string[], { maxItems: 20, maxLength: 50 });
  const budget = c.money("budget", pick("budget") as Money | null, currency);
  const decisionMaker = c.text("decisionMaker", pick("decisionMaker") as string, { max: 50 });
  const useCase = c.text("useCase", pick("useCase") as string, { max: 500 });
  c.done();
  return {
    title: title as string,
    productLines,
    amount: amount ?? null,
    expectedCloseOn: expectedCloseOn ?? null,
    source: source ?? null,
    forecastCategory: forecastCategory ?? "PIPELINE",
    competitors,
    budget: budget ?? null,
    decisionMaker: decisionMaker ?? null,
    useCase: useCase ?? null,
  };
}
