import { UpdateCommand } from "./dynamo";
import type { Activity } from "../core/activity";
import type { Evidence, Opportunity } from "../core/pipeline/model";
import { isOpen, type Stage } from "../core/pipeline/stages";
import { mergeTotals, type TotalsDelta } from "../core/pipeline/totals";
import { activityWrite } from "./activities";
import { dealChildrenStore } from "./deal-children";
import { customerDealIdsStore } from "./customer-deals";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { key, partition, stripKeys } from "./keys";
import { queryAll } from "./query-all";
import { allOf, type Filter, mergedPage, type Page, type PartitionRange } from "./page";
import { totalsWrite } from "./pipeline-totals";
import { type Filed, teamAttributes, withoutTeam, withTeams } from "./team-keys";
import { type LabeledWrite, transact, versionedPut } from "./transact";

/** Opportunities without a close date sort after every dated one. */
export const closeSortKey = (o: Pick<Opportunity, "expectedCloseOn" | "id">) => `${o.expectedCloseOn ?? "9999-12-31"}#${o.id}`;
export const stageSortKey = (o: Pick<Opportunity, "stageEnteredAt" | "id">) => `${o.stageEnteredAt}#${o.id}`;

export function opportunityItem(o: Opportunity & Filed) {
  const sk = closeSortKey(o);
  return {
    ...key.opportunity(o.id),
    gsi1pk: partition.orgOpportunities(o.orgId),
    gsi1sk: sk,
    gsi2pk: partition.opportunityOwner(o.orgId, o.ownerId),
    gsi2sk: sk,
    gsi4pk: partition.customerOpportunities(o.customerId),
    gsi4sk: sk,
    // Only open deals sit in the stage index, oldest entry first: stalled ones are its oldest.
    ...(isOpen(o.stage) ? { gsi5pk: partition.openStage(o.orgId, o.stage), gsi5sk: stageSortKey(o) } : {}),
    _type: "Opportunity",
    ...withoutTeam(o),
    ...teamAttributes(o.orgId, "OPPORTUNITY", o.ownerId, o.ownerManagerId),
  };
}

export interface OpportunityChange {
  prev: Opportunity | null;
  next: Opportunity;
  activity: Activity;
  totals: TotalsDelta[];
}

/** A new deal's id joins its customer's deal ids (store/customer-deals.ts), one write per customer. */
function customerDealWrites(db: Db, changes: OpportunityChange[]): LabeledWrite[] {
  const added = new Map<string, string[]>();
  for (const { prev, next } of changes) {
    if (prev?.customerId === next.customerId) continue;
    added.set(next.customerId, [...(added.get(next.customerId) ?? []), next.id]);
  }
  return [...added].map(([customerId, ids]) => customerDealIdsStore(db).addWrite(customerId, ids));
}

export interface OpportunityQuery {
  orgId: string;
  /** "ALL" for the org-wide index, else these owners' partitions; or one customer's. */
  owners: string[] | "ALL";
  /** Managers whose direct reports' deals are read from byTeam too (beside `owners`). */
  teams?: string[];
  /** More managers whose direct reports' deals join, known once the directory is read. */
  teamsBelow?: Promise<string[]>;
  customerId?: string | null;
  closeFrom?: string | null;
  closeTo?: string | null;
  stage?: Stage | null;
  first: number;
  after?: string | null;
}

export function opportunityStore(db: Db) {
  const withinOwners = (owners: string[] | "ALL"): Filter | undefined =>
    owners === "ALL"
      ? undefined
      : {
          expression: `#ownerId IN (${owners.map((_, i) => `:o${i}`).join(", ")})`,
          names: { "#ownerId": "ownerId" },
          values: Object.fromEntries(owners.map((o, i) => [`:o${i}`, o])),
        };

  async function changeWrites(orgId: string, changes: OpportunityChange[]): Promise<LabeledWrite[]> {
    const filed = await withTeams(db, changes);
    const writes: LabeledWrite[] = changes.flatMap(({ prev, activity }, i) => [
      versionedPut(db, `opportunity:${filed[i].id}`, opportunityItem(filed[i]), prev?.version ?? null),
      activityWrite(db, activity),
      // A new deal's quote and contract ids start known and empty (store/deal-children.ts).
      ...(prev ? [] : [dealChildrenStore(db).createWrite(filed[i].id)]),
    ]);
    const totals = mergeTotals(changes.flatMap((c) => c.totals));
    return [...writes, ...customerDealWrites(db, changes), ...totals.map((d) => totalsWrite(db, orgId, d))];
  }

  return {
    async getMany(ids: readonly string[]): Promise<(Opportunity | null)[]> {
      return (await batchGet(db, ids.map(key.opportunity))).map((i) => (i ? stripKeys<Opportunity>(i) : null));
    },

    /**
     * Saves opportunities all or nothing: each only if unchanged since read, with its activity and
     * its changes to the pipeline totals (one write per totals item however many deals touch it).
     */
    async save(orgId: string, changes: OpportunityChange[], extra: LabeledWrite[] = []): Promise<void> {
      await transact(db, [...(await changeWrites(orgId, changes)), ...extra]);
    },

    /** What `save` writes, for another aggregate's transaction (a customer hand-over takes its open deals along). */
    changeWrites,

    /** How many open deals a person owns (their owner partition, open stages only; ids only). */
    async openOwnedCount(orgId: string, ownerId: string): Promise<number> {
      const items = await queryAll(db, {
        IndexName: "byOwner",
        KeyConditionExpression: "gsi2pk = :pk",
        FilterExpression: "NOT #stage IN (:lost, :signed, :paid)",
        ExpressionAttributeNames: { "#stage": "stage" },
        ExpressionAttributeValues: { ":pk": partition.opportunityOwner(orgId, ownerId), ":lost": "LOST", ":signed": "CONTRACT_SIGNED", ":paid": "DELIVERED_PAID" },
        ProjectionExpression: "id",
      });
      return items.length;
    },

    /** For another aggregate's transaction: fails (label "opportunity") once the deal is closed, lost or won. */
    stillOpenCheck: (id: string): LabeledWrite => ({
      label: "opportunity",
      item: {
        ConditionCheck: {
          TableName: db.table,
          Key: key.opportunity(id),
          ConditionExpression: "NOT #stage IN (:lost, :signed, :paid)",
          ExpressionAttributeNames: { "#stage": "stage" },
          ExpressionAttributeValues: { ":lost": "LOST", ":signed": "CONTRACT_SIGNED", ":paid": "DELIVERED_PAID" },
        },
      },
    }),

    /** Closing soonest first; by owner, org-wide or for one customer, within a close-date range. */
    async page(q: OpportunityQuery): Promise<Page<Opportunity>> {
      const range = (pk: string): PartitionRange => ({
        pk,
        from: q.closeFrom ? `${q.closeFrom}#` : undefined,
        to: q.closeTo ? `${q.closeTo}#\uffff` : undefined,
      });
      const teamRange = (m: string): PartitionRange => ({ ...range(partition.team(q.orgId, m, "OPPORTUNITY")), index: "byTeam" });
      const stage: Filter | undefined = q.stage ? { expression: "#stage = :stage", names: { "#stage": "stage" }, values: { ":stage": q.stage } } : undefined;
      const page = q.customerId
        ? await mergedPage(db, {
            index: "byParent",
            partitions: [range(partition.customerOpportunities(q.customerId))],
            ascending: true,
            first: q.first,
            after: q.after,
            filter: allOf(stage, withinOwners(q.owners)),
          })
        : await mergedPage(db, {
            index: q.owners === "ALL" ? "byOrg" : "byOwner",
            partitions:
              q.owners === "ALL"
                ? [range(partition.orgOpportunities(q.orgId))]
                : [
                    ...q.owners.map((o) => range(partition.opportunityOwner(q.orgId, o))),
                    ...(q.teams ?? []).map((m) => teamRange(m)),
                  ],
            joining: q.teamsBelow?.then((ms) => ms.map(teamRange)),
            ascending: true,
            first: q.first,
            after: q.after,
            filter: stage,
          });
      return { ...page, items: page.items.map((i) => stripKeys<Opportunity>(i)) };
    },

    /** Open deals that entered their stage before each stage's cutoff: the stalled ones, longest first. */
    async stalled(
      q: Omit<OpportunityQuery, "stage"> & { cutoffs: Partial<Record<Stage, string>> },
    ): Promise<Page<Opportunity>> {
      const partitions = Object.entries(q.cutoffs).map(([stage, cutoff]) => ({ pk: partition.openStage(q.orgId, stage), to: `${cutoff}#\uffff` }));
      if (!partitions.length) return { items: [], cursors: [], hasNextPage: false, endCursor: null };
      const page = await mergedPage(db, {
        index: "byStage",
        partitions,
        ascending: true,
        first: q.first,
        after: q.after,
        filter: allOf(
          withinOwners(q.owners),
          q.customerId ? { expression: "#customerId = :customerId", names: { "#customerId": "customerId" }, values: { ":customerId": q.customerId } } : undefined,
          q.closeFrom ? { expression: "#close >= :closeFrom", names: { "#close": "expectedCloseOn" }, values: { ":closeFrom": q.closeFrom } } : undefined,
          q.closeTo ? { expression: "#close <= :closeTo", names: { "#close": "expectedCloseOn" }, values: { ":closeTo": q.closeTo } } : undefined,
        ),
      });
      return { ...page, items: page.items.map((i) => stripKeys<Opportunity>(i)) };
    },

    async evidence(opportunityId: string): Promise<Evidence[]> {
      const items = await queryAll(db, {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": key.opportunity(opportunityId).pk, ":prefix": "EVIDENCE#" },
      });
      return items.map((i) => stripKeys<Evidence>(i));
    },

    async putEvidence(e: Evidence): Promise<void> {
      const put: LabeledWrite = {
        label: "evidence",
        item: { Put: { TableName: db.table, Item: { ...key.evidence(e.opportunityId, e.id), _type: "Evidence", ...e }, ConditionExpression: "attribute_not_exists(pk)" } },
      };
      // With its id on the deal's children item, so a page of deals reads its evidence in one BatchGetItem.
      await transact(db, [put, dealChildrenStore(db).addWrite("EVIDENCE", e.opportunityId, e.id)]);
    },

    /** Evidence by deal and id, in one call per 100 (ids from store/deal-children.ts). */
    async evidenceByIds(refs: readonly { opportunityId: string; id: string }[]): Promise<(Evidence | null)[]> {
      return (await batchGet(db, refs.map((r) => key.evidence(r.opportunityId, r.id)))).map((i) => (i ? stripKeys<Evidence>(i) : null));
    },

    /** PENDING_UPLOAD → UPLOADED or REJECTED once, with its timeline entry; false if already settled. */
    async settleEvidence(e: Evidence, status: "UPLOADED" | "REJECTED", at: string, activity: Activity | null): Promise<boolean> {
      const update: LabeledWrite = {
        label: "evidence",
        item: {
          Update: {
            TableName: db.table,
            Key: key.evidence(e.opportunityId, e.id),
            UpdateExpression: "SET #status = :status, uploadedAt = :at",
            ConditionExpression: "#status = :pending",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":status": status, ":at": at, ":pending": "PENDING_UPLOAD" },
          },
        },
      };
      try {
        if (activity) await transact(db, [update, activityWrite(db, activity)]);
        else await db.doc.send(new UpdateCommand(update.item.Update as never));
        return true;
      } catch (error) {
        if ((error as Error).name === "ConditionFailedError" || (error as Error).name === "ConditionalCheckFailedException") return false;
        throw error;
      }
    },
  };
}
