import type { Actor } from "../actor";
import { visibleContract } from "../contract/access";
import { visibleCustomer } from "../customer/access";
import { visibleOpportunity } from "../pipeline/access";
import { visibleQuote } from "../quote/quote";
import { localDay } from "../local-day";
import { IdempotencyKeyReusedError } from "../idempotency/errors";
import { checkedKeyHash } from "../idempotency/key";
import { Checker } from "../validate";
import { checkFields, type FieldValueInput } from "./fields";
import type { WorkOrder } from "./model";
import { type Links, newWorkOrder, saveNewWorkOrder } from "./open";
import { DELIVERY_HANDOVER, FEASIBILITY_REVIEW } from "./default-types";
import { typeOf, workOrderSettingsOf } from "./settings";

const SYSTEM_TYPES = [FEASIBILITY_REVIEW, DELIVERY_HANDOVER];

export interface CreateWorkOrderInput {
  typeKey: string;
  title: string;
  customerId?: string | null;
  opportunityId?: string | null;
  quoteId?: string | null;
  contractId?: string | null;
  urgent?: boolean | null;
  fields?: FieldValueInput[] | null;
  idempotencyKey?: string | null;
}

/** The records the order is about, each one the viewer may see; the deal's customer and the quote's deal filled in. */
async function checkLinks(actor: Actor, input: CreateWorkOrderInput, c: Checker): Promise<Links> {
  const notFound = (path: string) => c.fail(path, "NOT_FOUND", { zh: "不存在或无权查看", en: "does not exist or is not yours to see" });
  const links: Links = { customerId: null, opportunityId: null, quoteId: null, contractId: null };
  if (input.contractId) {
    const contract = await visibleContract(actor, input.contractId);
    if (!contract) notFound("contractId");
    else Object.assign(links, { contractId: contract.id, quoteId: contract.quoteId, opportunityId: contract.opportunityId, customerId: contract.customerId });
  }
  if (input.quoteId) {
    const quote = await visibleQuote(actor, input.quoteId);
    if (!quote) notFound("quoteId");
    else if (links.quoteId && links.quoteId !== quote.id) c.fail("quoteId", "MISMATCH", { zh: "与合同的报价单不一致", en: "is not the contract's quote" });
    else Object.assign(links, { quoteId: quote.id, opportunityId: quote.opportunityId, customerId: quote.customerId });
  }
  if (input.opportunityId) {
    const deal = await visibleOpportunity(actor, input.opportunityId);
    if (!deal) notFound("opportunityId");
    else if (links.opportunityId && links.opportunityId !== deal.id) c.fail("opportunityId", "MISMATCH", { zh: "与报价单或合同的商机不一致", en: "is not the quote's or contract's deal" });
    else Object.assign(links, { opportunityId: deal.id, customerId: deal.customerId });
  }
  if (input.customerId) {
    const customer = await visibleCustomer(actor, input.customerId);
    if (!customer) notFound("customerId");
    else if (links.customerId && links.customerId !== customer.id) c.fail("customerId", "MISMATCH", { zh: "与商机的客户不一致", en: "is not the deal's customer" });
    else links.customerId = customer.id;
  }
  return links;
}

/** What a request asks for, independent of the order its fields came in: a retry has the same one. */
const fingerprintOf = (input: CreateWorkOrderInput) =>
  JSON.stringify([
    input.typeKey,
    input.title.trim(),
    input.customerId ?? null,
    input.opportunityId ?? null,
    input.quoteId ?? null,
    input.contractId ?? null,
    !!input.urgent,
    (input.fields ?? []).map((f) => [f.key, f.text ?? null, f.number ?? null, f.date ?? null, f.fen ?? null]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  ]);

/** The order an idempotency key made, if the request is the same; the key with another request is a mistake, not a retry. */
function retried(existing: WorkOrder, fingerprint: string): WorkOrder {
  if (existing.requestFingerprint && existing.requestFingerprint !== fingerprint) {
    throw new IdempotencyKeyReusedError({
      zh: "该幂等键已用于另一张内容不同的工单，请为新的工单使用新的幂等键",
      en: "This idempotency key was used for a different work order; use a new key for a new request",
    });
  }
  return existing;
}

/**
 * Anyone in the organization asks another department for something: the type's form checked field
 * by field, deadlines set in business hours, the order in the department's queue. The same
 * idempotency key again with the same request (a retry) returns the first order; with another
 * request it is refused (IdempotencyKeyReusedError).
 */
export async function createWorkOrder(actor: Actor, input: CreateWorkOrderInput): Promise<WorkOrder> {
  const { deps, viewer } = actor;
  // Its own key mechanism (the origin item, in the order's transaction): a retry may list the fields in another order.
  if (input.idempotencyKey != null) checkedKeyHash(input.idempotencyKey);
  const originKey = input.idempotencyKey ? `KEY#${viewer.id}#${input.idempotencyKey}` : null;
  const fingerprint = fingerprintOf(input);
  if (originKey) {
    const existing = await deps.store.workOrders.byOrigin(viewer.orgId, originKey);
    if (existing) return retried(existing, fingerprint);
  }
  const settings = await workOrderSettingsOf(deps, viewer.orgId);
  const type = typeOf(settings, input.typeKey);
  const org = await actor.org();
  const c = new Checker();
  if (!type) c.fail("typeKey", "UNKNOWN_TYPE", { zh: `没有工单类型 ${input.typeKey}`, en: `there is no work-order type ${input.typeKey}` });
  // The product opens these itself, one per quote revision or contract, with what they are about.
  else if (SYSTEM_TYPES.includes(type.key)) c.fail("typeKey", "SYSTEM_TYPE", { zh: `「${type.name.zh}」由系统自动创建，不能手工提交`, en: `${type.name.en} orders are opened by the system, not by hand` });
  const title = c.text("title", input.title, { required: true, max: 100 });
  const fields = type && !SYSTEM_TYPES.includes(type.key) ? checkFields(type, input.fields ?? [], c, localDay(deps.clock.now(), org.timeZone)) : {};
  const links = await checkLinks(actor, input, c);
  c.done();
  const wo = newWorkOrder(deps, org, type!, { ...links, title: title!, urgent: !!input.urgent, fields, createdBy: viewer.id, originKey });
  const saved = await saveNewWorkOrder(deps, originKey ? { ...wo, requestFingerprint: fingerprint } : wo);
  return saved.id === wo.id ? saved : retried(saved, fingerprint);
}
