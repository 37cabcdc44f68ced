/**
 * An amount in fen written in Chinese financial capitals (大写), as on cheques, invoices and contracts
 * (中国人民银行《支付结算办法》附一): 123456.78 → 壹拾贰万叁仟肆佰伍拾陆元柒角捌分. Without the "人民币"
 * prefix; the caller adds it.
 *
 * - 整 ends an amount with no 分 (壹万元整, 伍角整), so nothing can be appended; never after 分.
 * - One 零 stands for any run of zeros between non-zero digits, across 万/亿 groups too
 *   (壹万零伍元整, 壹亿零伍万元整); zeros at the end of the yuan are not written (壹拾万元整).
 * - 零 between 元 and 分 when 角 is zero (壹亿元零壹分); no leading 零元 below one yuan (伍分).
 * - 壹拾 keeps its 壹 (壹拾元整), as financial writing does.
 */
const DIGITS = "零壹贰叁肆伍陆柒捌玖";
const PLACES = ["", "拾", "佰", "仟"];
const GROUPS = ["", "万", "亿", "万亿"];

export function rmbUppercase(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`rmbUppercase: ${fen} is not a whole number of fen`);
  if (fen < 0) return `负${rmbUppercase(-fen)}`;
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  if (fen === 0) return "零元整";
  let out = yuan > 0 ? `${integer(yuan)}元` : "";
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (cents > 0 && yuan > 0) out += "零";
  return cents > 0 ? `${out}${DIGITS[cents]}分` : `${out}整`;
}

/** A positive whole number in groups of four digits (万, 亿, 万亿). */
function integer(n: number): string {
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10_000)) groups.push(rest % 10_000);
  if (groups.length > GROUPS.length) throw new RangeError(`rmbUppercase: ${n} yuan is too large`);
  let out = "";
  let zero = false;
  for (let g = groups.length - 1; g >= 0; g--) {
    const value = groups[g];
    if (value === 0) {
      zero = out !== "";
      continue;
    }
    // A group below a thousand after a higher group starts with a (written) zero: 壹万零伍.
    if (zero || (out !== "" && value < 1000)) out += "零";
    zero = false;
    out += group(value) + GROUPS[g];
  }
  return out;
}

/** 1 to 9999: 壹仟零伍, 伍佰壹拾. */
function group(value: number): string {
  let out = "";
  let zero = false;
  for (let place = 3; place >= 0; place--) {
    const digit = Math.floor(value / 10 ** place) % 10;
    if (digit === 0) {
      zero = out !== "";
      continue;
    }
    if (zero) out += "零";
    zero = false;
    out += DIGITS[digit] + PLACES[place];
  }
  return out;
}
