import type { HandOverDocument } from "../../pdf/hand-over-pdf";
import type { Actor } from "../actor";
import { planAmounts } from "../collections/instalments";
import type { Contract, PaymentInstallment } from "../contract/model";
import { formatMoney } from "../money";
import { DELIVERY_HANDOVER } from "./default-types";
import type { WorkOrder } from "./model";
import { newWorkOrder, saveNewWorkOrder } from "./open";
import { typeOf, workOrderSettingsOf } from "./settings";

const EVENT_NAMES: Record<string, string> = { SIGNING: "签订", DELIVERY: "交货", ACCEPTANCE: "验收" };

/** One plan line with its amount as the instalments hold it (the last percent line takes the remainder, so they add up). */
function instalmentLine(p: PaymentInstallment, fen: number, contract: Contract): string {
  const amount = formatMoney({ fen, currency: contract.amount.currency });
  const share = p.percent != null ? `${p.percent}%（${amount}）` : amount;
  const due = p.dueOn ? `${p.dueOn}前` : `${EVENT_NAMES[p.dueAfter ?? "SIGNING"] ?? p.dueAfter}后${p.dueAfterDays ?? 0}天内`;
  return `${p.label} ${share}，${due}`;
}

/** The document's content, from what the server holds: the contract, its quote revision, the customer, the owner. */
async function handOverDocument(actor: Actor, contract: Contract): Promise<HandOverDocument> {
  const { store } = actor.deps;
  const org = await store.organizations.get(contract.orgId);
  const [[quote], revisions, [customer], [owner]] = await Promise.all([
    store.quotes.getMany([contract.quoteId]),
    store.quotes.revisions(contract.quoteId),
    store.customers.getMany([contract.customerId]),
    store.users.getMany([contract.ownerId]),
  ]);
  const draft = revisions.find((r) => r.revision === contract.quoteRevision)?.draft ?? quote?.draft;
  return {
    orgName: org.name,
    contractNumber: contract.number,
    quoteNumber: quote?.number ?? "—",
    quoteRevision: contract.quoteRevision,
    customerName: customer?.name ?? contract.buyerName,
    buyerName: contract.buyerName,
    sellerName: contract.sellerName,
    amount: formatMoney(contract.amount),
    signedOn: contract.signedOn ?? "—",
    deliveryTerms: draft?.deliveryTerms ?? null,
    paymentTerms: draft?.paymentTerms ?? null,
    paymentPlan: (() => {
      const fens = planAmounts(contract.paymentPlan, contract.amount.fen);
      return contract.paymentPlan.map((p, i) => instalmentLine(p, fens[i], contract));
    })(),
    scope: (draft?.lines ?? []).map((l) => ({ product: l.product, spec: l.spec, quantity: String(l.quantityMilli / 1000), unit: l.unit })),
    customerContacts: (customer?.contacts ?? []).map((c) => ({ name: c.name, title: c.title, phone: c.phone, email: c.email })),
    owner: { name: owner?.name ?? "—", phone: owner?.phone ?? null, email: owner?.email ?? "" },
    specialPromises: draft?.notes ?? null,
    issuedOn: contract.signedOn ?? contract.updatedAt.slice(0, 10),
  };
}

/**
 * At signing: the delivery hand-over (客户交付说明书) as a PDF in the file store, attached to a
 * delivery hand-over work order for the delivery department. One per contract: signing again, or a
 * retried request, returns the first. Runs after the signing's transaction; a failure here leaves
 * the signing standing and is made good by signing again (which changes nothing else).
 */
export async function openDeliveryHandOver(actor: Actor, contract: Contract): Promise<WorkOrder | null> {
  const { deps } = actor;
  const originKey = `CONTRACT#${contract.id}`;
  const existing = await deps.store.workOrders.byOrigin(contract.orgId, originKey);
  if (existing) return existing;
  const type = typeOf(await workOrderSettingsOf(deps, contract.orgId), DELIVERY_HANDOVER);
  if (!type) return null;
  const doc = await handOverDocument(actor, contract);
  // Where quote PDFs are rendered (in process locally, the quote PDF Lambda in AWS, which holds the font).
  const bytes = await deps.pdf.renderHandOver(doc);
  const documentKey = `hand-over/${contract.orgId}/${contract.id}.pdf`;
  await deps.files.put(documentKey, bytes, "application/pdf");
  const wo = newWorkOrder(deps, await deps.store.organizations.get(contract.orgId), type, {
    customerId: contract.customerId,
    opportunityId: contract.opportunityId,
    quoteId: contract.quoteId,
    contractId: contract.id,
    title: `交付交接：合同 ${contract.number}（${doc.customerName}）`,
    titleText: { zh: `交付交接：合同 ${contract.number}（${doc.customerName}）`, en: `Delivery hand-over: contract ${contract.number} (${doc.customerName})` },
    urgent: false,
    fields: {},
    createdBy: actor.viewer.id,
    originKey,
  });
  return saveNewWorkOrder(deps, { ...wo, documentKey, documentName: `客户交付说明书-${contract.number}.pdf` });
}
