import DataLoader from "dataloader";
import type { Store } from "../store";
import { collectionLoaders } from "./collection-loaders";
import { quoteChildrenLoaders } from "./quote-children-loaders";
import { customerDealLoaders } from "./pipeline/customer-deals";
import type { StoredStep } from "../store/approvals";
import type { DealChildren } from "../store/deal-children";
import type { ApprovalRequest, ApprovalSubjectType } from "./approval/model";
import type { Contract } from "./contract/model";
import type { Evidence } from "./pipeline/model";
import type { Quote, QuoteRevision } from "./quote/model";

/** A quote or contract whose approval history is wanted; `requestIds` null: unknown (older contracts), found by query. */
export interface ApprovalSubject {
  type: ApprovalSubjectType;
  id: string;
  requestIds: string[] | null;
}

export interface ApprovalHistoryEntry {
  request: ApprovalRequest;
  steps: StoredStep[];
}

/**
 * The per-request loaders behind nested lists (a page of deals with their quotes, approvals and
 * steps): each gathers the keys asked for in one tick and reads them with BatchGetItem, so the
 * DynamoDB calls of a request depend on how deep the query goes, not on how many items a page has.
 */
export function dealLoaders(store: Store) {
  const quotes = new DataLoader<string, Quote | null>((ids) => store.quotes.getMany(ids), { maxBatchSize: 100 });
  const contracts = new DataLoader<string, Contract | null>((ids) => store.quotes.getContracts(ids), { maxBatchSize: 100 });

  /** A deal's quote and contract ids; an older deal's are found once by query and kept (store/deal-children.ts). */
  const dealChildren = new DataLoader<string, DealChildren>((ids) =>
    store.dealChildren.read(ids, async (id) => {
      const [qs, cs, es] = await Promise.all([store.quotes.forOpportunity(id), store.quotes.contractsForOpportunity(id), store.opportunities.evidence(id)]);
      qs.forEach((q) => quotes.prime(q.id, q));
      cs.forEach((c) => contracts.prime(c.id, c));
      return { quoteIds: qs.map((q) => q.id), contractIds: cs.map((c) => c.id), evidenceIds: es.map((e) => e.id) };
    }),
  );

  const revisions = new DataLoader<Quote, QuoteRevision[], string>(
    async (qs) => {
      const byQuote = await store.quotes.revisionsOfMany(qs);
      return qs.map((q) => byQuote.get(q.id) ?? []);
    },
    { cacheKeyFn: (q) => `${q.id}#${q.revision}` },
  );

  const approvalHistory = new DataLoader<ApprovalSubject, ApprovalHistoryEntry[], string>(
    async (subjects) => {
      const ids = new Map<string, string[]>();
      await Promise.all(
        subjects.map(async (s) => {
          ids.set(`${s.type}#${s.id}`, s.requestIds ?? (await store.approvals.forSubject(s.type, s.id)).map((r) => r.id));
        }),
      );
      const requests = (await store.approvalReads.requests([...new Set([...ids.values()].flat())])).filter((r) => r !== null);
      const byId = new Map(requests.map((r) => [r.id, r]));
      const steps = await store.approvalReads.stepsOf(requests);
      return subjects.map((s) =>
        (ids.get(`${s.type}#${s.id}`) ?? [])
          .map((id) => byId.get(id))
          .filter((r) => r !== undefined)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
          .map((request) => ({ request, steps: steps.get(request.id) ?? [] })),
      );
    },
    { cacheKeyFn: (s) => `${s.type}#${s.id}#${(s.requestIds ?? []).join(",")}` },
  );

  /** A deal's evidence, oldest first (as stored). */
  const evidence = new DataLoader<string, Evidence[]>(async (opportunityIds) => {
    const children = await dealChildren.loadMany(opportunityIds);
    const refs = opportunityIds.flatMap((opportunityId, i) => {
      const c = children[i];
      return c instanceof Error ? [] : c.evidenceIds.map((id) => ({ opportunityId, id }));
    });
    const found = (await store.opportunities.evidenceByIds(refs)).filter((e) => e !== null);
    return opportunityIds.map((id) => found.filter((e) => e.opportunityId === id).sort((a, b) => a.id.localeCompare(b.id)));
  });

  return { quotes, contracts, dealChildren, revisions, approvalHistory, evidence, ...collectionLoaders(store), ...customerDealLoaders(store), ...quoteChildrenLoaders(store) };
}

export type DealLoaders = ReturnType<typeof dealLoaders>;
