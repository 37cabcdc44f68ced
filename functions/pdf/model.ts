/**
 * What a quote PDF shows: everything resolved to text and fen by the caller (a frozen revision, the
 * organization's letterhead, the customer), so rendering is a pure function of this document and
 * the same document always renders the same bytes.
 */
export interface QuotePdfDocument {
  locale: "zh-CN" | "en";
  letterhead: {
    name: string;
    address: string | null;
    phone: string | null;
    /** 纳税人识别号 / 统一社会信用代码. */
    taxId: string | null;
    /** PNG or JPEG bytes, when the organization has a logo. */
    logo: Uint8Array | null;
  };
  customer: { name: string; contactName: string | null; contactPhone: string | null; address: string | null };
  /** e.g. BJ2026-00042 */
  number: string;
  revision: number;
  /** Local dates, YYYY-MM-DD: the day the revision was approved or sent, and its validity. */
  issuedOn: string;
  validUntil: string;
  currency: string;
  lines: {
    code: string | null;
    name: string;
    spec: string | null;
    unit: string;
    /** As a person reads it: "1.005", "24". */
    quantity: string;
    unitPriceFen: number;
    /** unit price × quantity, before the extra discount and VAT. */
    amountFen: number;
  }[];
  totals: { listFen: number; extraDiscountFen: number; netFen: number; vatFen: number; totalFen: number; vatRatePercent: number | null };
  paymentTerms: string | null;
  deliveryTerms: string | null;
  notes: string | null;
}
