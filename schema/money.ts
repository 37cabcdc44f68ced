import { CURRENCIES, formatMoney, type Money } from "../functions/core/money";
import { builder } from "./builder";

export const CurrencyEnum = builder.enumType("Currency", { values: CURRENCIES });

export const MoneyRef = builder.objectRef<Money>("Money").implement({
  description: "An exact amount: whole fen plus currency.",
  fields: (t) => ({
    fen: t.field({ type: "Fen", resolve: (m) => m.fen }),
    currency: t.field({ type: CurrencyEnum, resolve: (m) => m.currency }),
    formatted: t.string({ description: 'For people, e.g. "¥1,234,567.89".', resolve: (m) => formatMoney(m) }),
  }),
});

export const MoneyInput = builder.inputType("MoneyInput", {
  fields: (t) => ({
    fen: t.field({ type: "Fen", required: true }),
    currency: t.field({ type: CurrencyEnum, description: "Defaults to the organization's currency." }),
  }),
});
