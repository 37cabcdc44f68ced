import { checkCustomerFields, type ContactInput } from "../customer/input";
import { checkNewOwner } from "../customer/edit";
import type { CustomerFields } from "../customer/model";
import { type FieldIssue, ForbiddenError, ValidationError } from "../errors";
import type { Text } from "../text";
import type { User } from "../user/model";
import { columnsOf } from "./columns";

/** Who imports, and the organization's people, read once per file. */
export interface RowContext {
  viewer: User;
  team: Set<string>;
  users: User[];
}

const TAG_SEPARATORS = /[,，;；、\n]+/;
const blank = (v: string | undefined) => !v || !v.trim();

/**
 * One sheet row checked as createCustomer checks its input: the same field checks
 * (checkCustomerFields) and owner check (checkNewOwner), so a row is refused exactly when the API
 * would refuse it. Each problem is named after its column, in both languages.
 */
export function checkCustomerRow(ctx: RowContext, cell: (field: string) => string | undefined): { fields: CustomerFields; ownerId: string } | { problems: Text[] } {
  const contact: ContactInput = { name: cell("contact.name"), title: cell("contact.title"), phone: cell("contact.phone"), email: cell("contact.email") };
  const hasContact = Object.values(contact).some((v) => !blank(v ?? undefined));
  const problems: Text[] = [];
  let fields: CustomerFields | null = null;
  try {
    fields = checkCustomerFields(
      {
        name: cell("name"),
        // The tier as people type it in a sheet (a, Ａ): the API's own letters.
        tier: cell("tier")?.normalize("NFKC").trim().toUpperCase() as CustomerFields["tier"],
        industry: cell("industry"),
        region: cell("region"),
        source: cell("source"),
        creditCode: cell("creditCode"),
        address: cell("address"),
        phone: cell("phone"),
        website: cell("website"),
        remark: cell("remark"),
        tags: (cell("tags") ?? "").split(TAG_SEPARATORS).filter((t) => t.trim()),
        contacts: hasContact ? [contact] : [],
      },
      null,
    );
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const code = cell("creditCode") ?? "";
    problems.push(...error.issues.map((issue) => (issue.path[0] === "creditCode" && roundedByExcel(code) ? withHint(describe(issue), EXCEL_NUMBER_HINT) : describe(issue))));
  }
  const owner = findOwner(ctx, cell("owner"));
  if ("problem" in owner) problems.push(owner.problem);
  else {
    try {
      checkNewOwner(ctx.viewer, owner.user, ctx.team, "owner");
    } catch (error) {
      if (error instanceof ValidationError) problems.push(...error.issues.map(describe));
      else if (error instanceof ForbiddenError) problems.push(labelled("owner", { zh: "不在您的团队中（经理只能为自己和团队成员导入）", en: "is not on your team (managers import for themselves and their team)" }));
      else throw error;
    }
  }
  return problems.length || !fields || "problem" in owner ? { problems } : { fields, ownerId: owner.user?.id as string };
}

/** The owner column: an email or a name of someone in the organization; blank, the importer (as createCustomer). */
export function findOwner(ctx: RowContext, text: string | undefined): { user: User | null } | { problem: Text } {
  const given = text?.normalize("NFKC").trim();
  if (!given) return { user: ctx.viewer };
  if (given.includes("@")) return { user: ctx.users.find((u) => u.email === given.toLowerCase()) ?? null };
  const named = ctx.users.filter((u) => u.name === given);
  const active = named.filter((u) => u.active);
  if (active.length > 1) {
    return { problem: labelled("owner", { zh: `“${given}”有${active.length}位同名同事，请填写邮箱`, en: `"${given}" matches ${active.length} colleagues; give the email instead` }) };
  }
  return { user: active[0] ?? named[0] ?? null };
}

/**
 * An 18-character code that Excel stored as a number comes back all digits (or as 9.13302E+17), its
 * last digits rounded away: the user did not mistype it, the column's format did it.
 */
const roundedByExcel = (code: string) => /^\d{15,}$|^\d(\.\d+)?E\+\d+$/i.test(code.trim());
const EXCEL_NUMBER_HINT: Text = {
  zh: "（疑似被Excel存为数字而丢失了末几位：请把该列设为“文本”格式后重新填写）",
  en: " (Excel seems to have stored it as a number and rounded its last digits: format the column as Text and enter the codes again)",
};
const withHint = (t: Text, hint: Text): Text => ({ zh: t.zh + hint.zh, en: t.en + hint.en });

/** A field issue as a row problem: its column's header, then what is wrong. */
function describe(issue: FieldIssue): Text {
  const [first, , sub] = issue.path;
  const field = first === "contacts" ? `contact.${sub}` : first;
  return labelled(field, issue.text);
}

function labelled(field: string, text: Text): Text {
  const column = columnsOf("CUSTOMERS").find((c) => c.field === field);
  const label = column?.header ?? { zh: field, en: field };
  // A text that names its field already ("负责人不存在或已停用") stands as it is.
  const named = (l: string, t: string, sep: string) => (t.startsWith(l) ? t : `${l}${sep}${t}`);
  return { zh: named(label.zh, text.zh, "："), en: named(label.en, text.en, ": ") };
}
