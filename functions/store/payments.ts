import { GetCommand } from "./dynamo";
import type { Invoice, Payment } from "../core/collections/model";
import { referenceKey } from "../core/collections/reference";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { stripKeys } from "./keys";
import { queryAll } from "./query-all";
import type { LabeledWrite } from "./transact";

/**
 * Invoices and payments: each item is keyed by what makes it unique in the organization (the
 * invoice number, the bank reference), so recording one twice fails its condition instead of
 * counting it twice; byParent lists a contract's.
 */
const invoiceKey = (orgId: string, number: string) => ({ pk: `INVOICE#${orgId}#${referenceKey(number)}`, sk: "INVOICE" });
/** Keyed by the number or reference folded (case, width, spaces): typed otherwise, it meets the same item. */
const paymentKey = (orgId: string, reference: string) => ({ pk: `PAYMENT#${orgId}#${referenceKey(reference)}`, sk: "PAYMENT" });
const contractChildren = (contractId: string, kind: "INVOICE" | "PAYMENT") => `CONTRACT#${contractId}#${kind}`;

export function paymentStore(db: Db) {
  const get = async <T>(k: { pk: string; sk: string }) => {
    const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: k, ConsistentRead: true }));
    return out.Item ? stripKeys<T>(out.Item) : null;
  };
  const list = async <T>(pk: string) =>
    (await queryAll(db, { IndexName: "byParent", KeyConditionExpression: "gsi4pk = :pk", ExpressionAttributeValues: { ":pk": pk } })).map((i) => stripKeys<T>(i));
  const put = (label: string, item: Record<string, unknown>): LabeledWrite => ({
    label,
    item: { Put: { TableName: db.table, Item: item, ConditionExpression: "attribute_not_exists(pk)" } },
  });
  return {
    invoice: (orgId: string, number: string) => get<Invoice>(invoiceKey(orgId, number)),
    payment: (orgId: string, reference: string) => get<Payment>(paymentKey(orgId, reference)),
    /** Invoices and payments by number / reference (as an instalment's bookings name them), in one BatchGetItem per 100. */
    invoicesByNumbers: async (orgId: string, numbers: readonly string[]) =>
      (await batchGet(db, [...new Set(numbers)].map((n) => invoiceKey(orgId, n)), { consistent: true })).filter((i) => i !== null).map((i) => stripKeys<Invoice>(i)),
    paymentsByReferences: async (orgId: string, references: readonly string[]) =>
      (await batchGet(db, [...new Set(references)].map((r) => paymentKey(orgId, r)), { consistent: true })).filter((i) => i !== null).map((i) => stripKeys<Payment>(i)),
    invoicesOf: (contractId: string) => list<Invoice>(contractChildren(contractId, "INVOICE")),
    paymentsOf: (contractId: string) => list<Payment>(contractChildren(contractId, "PAYMENT")),
    /** Fails (label `invoice`) when the number is taken in the organization. */
    invoiceWrite: (i: Invoice) =>
      put("invoice", { ...invoiceKey(i.orgId, i.number), _type: "Invoice", gsi4pk: contractChildren(i.contractId, "INVOICE"), gsi4sk: `${i.issuedOn}#${i.number}`, ...i }),
    /** Fails (label `payment`) when the reference is recorded already. */
    paymentWrite: (p: Payment) =>
      put("payment", { ...paymentKey(p.orgId, p.reference), _type: "Payment", gsi4pk: contractChildren(p.contractId, "PAYMENT"), gsi4sk: `${p.receivedOn}#${p.reference}`, ...p }),
  };
}
