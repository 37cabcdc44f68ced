/**
 * How figures that are not exact go out, one rule for the whole schema: ratios (0–1: attainment, win
 * rate, conversion, acceptance and collection rates) to 4 decimals; percentages (0–100: discount,
 * margin) to 2; days and hours to 2. Half up, through decimal notation, so 1.9066666666666667 is 1.91
 * days and 1.5e-7 is 0.
 */
function round(value: number | null | undefined, decimals: number): number | null {
  if (value == null || !Number.isFinite(value)) return value ?? null;
  const sign = value < 0 ? -1 : 1;
  const rounded = Number(`${Math.round(Number(`${Math.abs(value)}e${decimals}`))}e-${decimals}`);
  return rounded === 0 ? 0 : sign * rounded;
}

export const RATIO_NOTE = "A ratio 0–1, rounded half up to 4 decimals.";
export const PERCENT_NOTE = "Percent, rounded half up to 2 decimals.";
export const DAYS_NOTE = "Rounded half up to 2 decimals.";

export const ratio = (v: number | null | undefined) => round(v, 4);
export const percent = (v: number | null | undefined) => round(v, 2);
/** Days or hours. */
export const measure = (v: number | null | undefined) => round(v, 2);
