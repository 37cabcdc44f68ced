/** Money is integer fen (分, minor units) plus an ISO currency; never floating point. */
export const CURRENCIES = ["CNY", "USD", "EUR", "HKD", "JPY"] as const;
export type Currency = (typeof CURRENCIES)[number];

export interface Money {
  fen: number;
  currency: Currency;
}

export const money = (fen: number, currency: Currency = "CNY"): Money => ({ fen, currency });

const SYMBOLS: Record<Currency, string> = { CNY: "¥", USD: "$", EUR: "€", HKD: "HK$", JPY: "JP¥" };

/** "¥1,234,567.89": for people; the API also gives the exact fen. */
export function formatMoney(m: Money): string {
  const sign = m.fen < 0 ? "-" : "";
  const abs = Math.abs(m.fen);
  const yuan = Math.floor(abs / 100).toLocaleString("en-US");
  return `${sign}${SYMBOLS[m.currency]}${yuan}.${String(abs % 100).padStart(2, "0")}`;
}
