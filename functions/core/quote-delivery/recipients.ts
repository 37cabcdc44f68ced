import type { Deps } from "../actor";
import { Checker } from "../validate";
import type { QuoteSend } from "./model";

// Who a quote email goes to: checked, each address once, never the organization's own people in `to`.

const PLAIN_ADDRESS = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/**
 * The addresses, checked (lower case) and each once; `omit`: addresses already on another list (an
 * address in `to` is not copied again in `cc`). At most 20, counted once duplicates are gone.
 * `checked[i]` is input i's address, so a later check can name the input field.
 */
export function addresses(c: Checker, path: string, values: string[], required: boolean, omit: string[] = []) {
  if (required && !values.length) c.fail(path, "REQUIRED", { zh: "至少填写一个收件人", en: "needs at least one recipient" });
  const checked = values.map((v, i) => {
    const issues = c.issues.length;
    const email = c.email(`${path}.${i}`, v, true);
    // Customers' addresses go into mail headers: a plain ASCII addr-spec only (no quotes, comments or IDN).
    if (email && c.issues.length === issues && !PLAIN_ADDRESS.test(email)) c.fail(`${path}.${i}`, "INVALID_EMAIL", { zh: "邮箱格式不正确", en: "is not a valid email address" });
    return email;
  });
  const unique = [...new Set(checked.filter((v): v is string => !!v && !omit.includes(v)))];
  if (unique.length > 20) c.fail(path, "TOO_MANY", { zh: "最多20个地址", en: "at most 20 addresses" });
  return { unique, checked };
}

/**
 * The person who accepts through the link must be the customer: `to` may not be the organization's
 * own people (a rep could otherwise accept their own quote). A colleague in `cc` is fine.
 */
export async function refuseStaffRecipients(deps: Deps, orgId: string, checked: (string | undefined)[]) {
  const given = checked.filter((v): v is string => !!v);
  if (!given.length) return;
  const staff = await deps.store.users.claimedEmails(orgId, [...new Set(given)]);
  const c = new Checker();
  checked.forEach((v, i) => {
    if (v && staff.has(v)) c.fail(`to.${i}`, "STAFF_RECIPIENT", { zh: "收件人须为客户，不能是本公司员工（同事可抄送）", en: "must be the customer, not one of our own staff (copy colleagues in cc)" });
  });
  c.done();
}

/** Recipients are sets: a retry that lists them in another order (or case) is the same request. */
const asSet = (list: string[]) => JSON.stringify([...new Set(list.map((a) => a.toLowerCase()))].sort());
// A send stored before cc left out `to`'s addresses is compared as it would be asked now.
const ccOf = (s: Pick<QuoteSend, "to" | "cc">) => s.cc.filter((a) => !s.to.some((t) => t.toLowerCase() === a.toLowerCase()));
export const sameRequest = (s: QuoteSend, r: Pick<QuoteSend, "to" | "cc" | "message">) =>
  asSet(s.to) === asSet(r.to) && asSet(ccOf(s)) === asSet(ccOf(r)) && (s.message ?? null) === (r.message ?? null);
