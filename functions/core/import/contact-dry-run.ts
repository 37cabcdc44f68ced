import { canEditCustomer } from "../access";
import type { Actor } from "../actor";
import { type FieldIssue, ValidationError } from "../errors";
import { checkCustomerFields } from "../customer/input";
import type { Contact, Customer, CustomerFields } from "../customer/model";
import type { Text } from "../text";
import { labelled } from "./columns";
import { findCustomer, loadNamedCustomers } from "./customer-lookup";
import type { RowContext } from "./customer-rows";
import { type ImportCounts, NO_COUNTS, type RowVerdict, type SheetRow } from "./model";

/** What a passed row becomes: a contact for a customer, first in its list when primary. */
export interface ContactRecord {
  customerId: string;
  contact: Contact;
  primary: boolean;
}

const label = (field: string, text: Text) => labelled("CONTACTS", field, text);
const YES = ["是", "Y", "YES", "TRUE", "1", "√", "主要"];
const NO = ["否", "N", "NO", "FALSE", "0", ""];
/** Two contacts are one person when they share a name or a phone number (digits only: 138-0000-0000 is 13800000000). */
const nameKey = (name: string) => name.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
const phoneKey = (phone: string | null) => (phone ? phone.replace(/\D/g, "") : "");
export const sameContact = (a: Contact, b: Contact) => nameKey(a.name) === nameKey(b.name) || (!!phoneKey(a.phone) && phoneKey(a.phone) === phoneKey(b.phone));

/** Checks a row's contact when its customer is unknown: the contact's own fields still get their issues reported. */
const NO_CUSTOMER: CustomerFields = { name: "-", tier: "C", industry: "-", region: "-", source: "-", creditCode: null, address: null, phone: null, website: null, remark: null, contacts: [], tags: [] };

/**
 * The dry run of a contacts file: each row checked by updateCustomer's own check
 * (checkCustomerFields on the customer's contacts with the row's added, so formats and the
 * 50-contact limit are the API's), on a customer the importer may edit (canEditCustomer: a manager,
 * their team's customers and the pool). Duplicates: the same name or phone as a contact the customer
 * has, or as an earlier row for that customer.
 */
export async function dryRunContacts(actor: Actor, ctx: RowContext, rows: SheetRow[], cellOf: (r: SheetRow, field: string) => string | undefined): Promise<{ verdicts: RowVerdict[]; counts: ImportCounts }> {
  const rowCtx = { ...ctx, ...(await loadNamedCustomers(actor, rows, cellOf)) };
  const accepted = new Map<string, { contact: Contact; row: number }[]>();
  const counts = { ...NO_COUNTS };
  const verdicts = rows.map((r): RowVerdict => {
    const cell = (field: string) => cellOf(r, field);
    const problems: Text[] = [];
    const found = findCustomer("CONTACTS", rowCtx, cell("customerCreditCode"), cell("customerName"));
    let customer: Customer | null = null;
    if ("problem" in found) problems.push(found.problem);
    else if (!canEditCustomer(ctx.viewer, found.customer, ctx.team)) {
      problems.push(label("customerName", { zh: `您不能编辑客户“${found.customer.name}”（经理只能为团队的客户导入）`, en: `you may not edit customer "${found.customer.name}" (managers import for their team's customers)` }));
    } else customer = found.customer;

    const primaryText = (cell("primary") ?? "").normalize("NFKC").trim().toUpperCase();
    if (!YES.includes(primaryText) && !NO.includes(primaryText)) problems.push(label("primary", { zh: "应填“是”或“否”", en: 'must be "yes" or "no"' }));
    const before = customer ? [...customer.contacts, ...(accepted.get(customer.id) ?? []).map((a) => a.contact)] : [];
    let contact: Contact | null = null;
    try {
      const input = { name: cell("name"), title: cell("title"), phone: cell("phone"), email: cell("email") };
      contact = checkCustomerFields({ contacts: [...before, input] }, customer ?? NO_CUSTOMER).contacts.at(-1) ?? null;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...error.issues.map(describe));
    }
    if (problems.length || !customer || !contact) {
      counts.invalidRows++;
      return { row: r.row, status: "INVALID", problems };
    }
    const record = { customerId: customer.id, contact, primary: YES.includes(primaryText) } satisfies ContactRecord as unknown as Record<string, unknown>;
    const existing = customer.contacts.find((c) => sameContact(c, contact as Contact));
    const earlier = (accepted.get(customer.id) ?? []).find((a) => sameContact(a.contact, contact as Contact));
    if (!existing && !earlier) {
      accepted.set(customer.id, [...(accepted.get(customer.id) ?? []), { contact, row: r.row }]);
      counts.newRows++;
      return { row: r.row, status: "NEW", record, ownerId: null };
    }
    counts.duplicateRows++;
    const text: Text = existing
      ? { zh: `客户“${customer.name}”已有联系人“${existing.name}”（姓名或电话相同）`, en: `customer "${customer.name}" has the contact "${existing.name}" already (same name or phone)` }
      : { zh: `与第${earlier?.row}行重复（同一客户的联系人姓名或电话相同）`, en: `repeats row ${earlier?.row} (same customer, contact name or phone)` };
    return { row: r.row, status: "DUPLICATE", record, ownerId: null, existingId: existing ? customer.id : null, sameAsRow: existing ? null : (earlier?.row ?? null), problems: [text] };
  });
  return { verdicts, counts };
}

/** contacts.3.phone → 电话：…; the list's own limit (contacts) stands alone. */
function describe(issue: FieldIssue): Text {
  const [, , sub] = issue.path;
  return sub ? label(String(sub), issue.text) : issue.text;
}
