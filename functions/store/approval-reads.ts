import type { ApprovalRequest } from "../core/approval/model";
import { stepKey } from "../core/approval/model";
import type { StoredStep } from "./approvals";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { key, stripKeys } from "./keys";

/**
 * Approval reads for lists (an inbox, a quote's history): requests and their steps for many
 * requests at once, in BatchGetItem calls of 100 keys, so the calls do not grow with the list.
 * Reads are consistent: an approver who just decided must not see the step still open.
 */
export function approvalReadStore(db: Db) {
  return {
    /** Requests by id, in the order given (null where gone). */
    async requests(ids: readonly string[]): Promise<(ApprovalRequest | null)[]> {
      const items = await batchGet(db, ids.map(key.approvalRequest), { consistent: true });
      return items.map((i) => (i ? stripKeys<ApprovalRequest>(i) : null));
    },

    /**
     * Every step of these requests, by request id, in key order. A step's key is its level and
     * attempt, and a level is escalated at most `escalations` times, so the keys a request can have
     * are known from the request alone; the ones not (yet) written come back missing.
     */
    async stepsOf(requests: readonly ApprovalRequest[]): Promise<Map<string, StoredStep[]>> {
      const wanted = requests.flatMap((r) =>
        // Levels after the current one have no steps yet.
        r.levels.slice(0, r.currentLevel + 1).flatMap((level, l) => Array.from({ length: level.escalations + 1 }, (_, attempt) => key.approvalStep(r.id, stepKey(l, attempt)))),
      );
      const out = new Map<string, StoredStep[]>(requests.map((r) => [r.id, []]));
      for (const item of await batchGet(db, wanted, { consistent: true })) {
        if (!item) continue;
        const step = stripKeys<StoredStep>(item);
        out.get(step.requestId)?.push(step);
      }
      for (const steps of out.values()) steps.sort((a, b) => a.key.localeCompare(b.key));
      return out;
    },
  };
}
