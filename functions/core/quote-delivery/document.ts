import type { QuotePdfDocument } from "../../pdf/model";
import type { Deps } from "../actor";
import type { Contact, Customer } from "../customer/model";
import type { Locale } from "../text";
import { addDays, localDay } from "../local-day";
import type { Organization } from "../organization";
import type { Quote, QuoteRevision } from "../quote/model";
import { lineFigures } from "../quote/totals";
import { logoBytes } from "./logo";

/** 1005 thousandths → "1.005", 24000 → "24". */
const quantityText = (milli: number) => (milli % 1000 === 0 ? String(milli / 1000) : (milli / 1000).toFixed(3).replace(/0+$/, ""));

/** The contact a send is addressed to: the first address in `to` that is one of the customer's contacts. */
export function addressedContact(customer: Customer, to: string[]): Contact | null {
  for (const address of to) {
    const contact = customer.contacts.find((c) => c.email?.toLowerCase() === address.toLowerCase());
    if (contact) return contact;
  }
  return null;
}

/** The language of a send: its addressed contact's choice; Chinese for anyone else. */
export const sendLocaleOf = (customer: Customer, to: string[]): Locale => addressedContact(customer, to)?.locale ?? "zh-CN";

/**
 * The PDF of a frozen revision: its lines and totals as approved, the organization's letterhead,
 * the customer and the contact it goes to. Dated the day the revision was approved (or submitted,
 * when the policy approved it at once), so the same revision renders the same bytes whenever sent.
 */
export async function quoteDocument(deps: Deps, org: Organization, q: Quote, r: QuoteRevision, customer: Customer, to: string[], locale: Locale = "zh-CN"): Promise<QuotePdfDocument> {
  const approval = r.approvalRequestId ? await deps.store.approvals.load(r.approvalRequestId) : null;
  const issuedOn = localDay(new Date(approval?.request.finishedAt ?? r.submittedAt), org.timeZone);
  const contact = addressedContact(customer, to) ?? customer.contacts[0] ?? null;
  const figures = lineFigures(r.draft);
  const rates = new Set(figures.map((f) => f.vatRateBp));
  const letterhead = org.letterhead ?? null;
  return {
    locale,
    letterhead: { name: org.name, address: letterhead?.address ?? null, phone: letterhead?.phone ?? null, taxId: letterhead?.taxId ?? null, logo: await logoBytes(deps, org) },
    customer: { name: customer.name, contactName: contact?.name ?? null, contactPhone: contact?.phone ?? null, address: customer.address },
    number: q.number,
    revision: r.revision,
    issuedOn,
    validUntil: r.draft.validUntil ?? addDays(issuedOn, 30),
    currency: q.currency,
    lines: r.draft.lines.map((l, i) => ({
      code: l.productCode,
      name: l.product,
      spec: l.spec,
      unit: l.unit,
      quantity: quantityText(l.quantityMilli),
      unitPriceFen: l.unitPriceFen,
      amountFen: figures[i].amountFen,
    })),
    totals: {
      listFen: figures.reduce((s, f) => s + f.amountFen, 0),
      extraDiscountFen: r.draft.extraDiscountFen,
      netFen: r.totals.netFen,
      vatFen: r.totals.vatFen,
      totalFen: r.totals.totalFen,
      vatRatePercent: rates.size === 1 ? [...rates][0] / 100 : null,
    },
    paymentTerms: r.draft.paymentTerms,
    deliveryTerms: r.draft.deliveryTerms ?? null,
    notes: r.draft.notes,
  };
}
