import { GetCommand, UpdateCommand, type UpdateCommandInput } from "./dynamo";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { key, stripKeys } from "./keys";
import type { LabeledWrite } from "./transact";

/**
 * A quote's engagement figures, one item (pk = QUOTE#id, sk = ENGAGEMENT) so a list of quotes reads
 * them in one batch. Every event adds to its counters (ADD): concurrent heartbeats lose nothing.
 */

/** What one event adds: counters, and the instants it sets. */
export interface EngagementDelta {
  add: Record<string, number>;
  lastSeenAt?: string;
  firstHumanViewAt?: string;
}

/** The item as stored: named counters, per-page ones named by engagementKeys, pages already alerted on. */
export type EngagementItem = Record<string, unknown> & {
  /** "sendId#page" the owner was told of. */
  alerted?: Set<string>;
  /** Sends whose first human view the owner was told of. */
  firstViewTold?: Set<string>;
};

/** Attribute names of the per-page counters: per quote revision (shown) and per send (alert thresholds). */
export const engagementKeys = {
  revisionPage: (revision: number, page: number, what: "ms" | "visits") => `page#${revision}#${page}#${what}`,
  sendPage: (sendId: string, page: number, what: "ms" | "visits") => `send#${sendId}#${page}#${what}`,
};

/** The update that adds `d` (alone, or as part of a transaction). */
export function engagementUpdate(db: Db, quoteId: string, d: EngagementDelta): UpdateCommandInput & { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown> } {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = Object.entries(d.add).map(([name, n], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = n;
    return `#a${i} :a${i}`;
  });
  const sets: string[] = [];
  if (d.lastSeenAt) {
    sets.push("lastSeenAt = :seen");
    values[":seen"] = d.lastSeenAt;
  }
  if (d.firstHumanViewAt) {
    sets.push("firstHumanViewAt = if_not_exists(firstHumanViewAt, :first)");
    values[":first"] = d.firstHumanViewAt;
  }
  return {
    TableName: db.table,
    Key: key.quoteEngagement(quoteId),
    UpdateExpression: [sets.length ? `SET ${sets.join(", ")}` : "", adds.length ? `ADD ${adds.join(", ")}` : ""].join(" ").trim(),
    ExpressionAttributeNames: adds.length ? names : undefined,
    ExpressionAttributeValues: values,
  };
}

export function quoteEngagementStore(db: Db) {
  return {
    /** Adds an event; returns the figures after it (for alert thresholds). */
    async add(quoteId: string, d: EngagementDelta): Promise<EngagementItem> {
      const out = await db.doc.send(new UpdateCommand({ ...engagementUpdate(db, quoteId, d), ReturnValues: "ALL_NEW" }));
      return (out.Attributes ?? {}) as EngagementItem;
    },

    /** The same, as part of a transaction (events that must count exactly once: a visit beginning or becoming human). */
    addWrite(quoteId: string, d: EngagementDelta): LabeledWrite {
      return { label: "engagement", item: { Update: engagementUpdate(db, quoteId, d) } };
    },

    async get(quoteId: string): Promise<EngagementItem> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.quoteEngagement(quoteId), ConsistentRead: true }));
      return (out.Item ?? {}) as EngagementItem;
    },

    /** Records what the owner was told of (the email itself goes out once by its id, even if this write is lost). */
    async markTold(quoteId: string, what: "alerted" | "firstViewTold", value: string): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key.quoteEngagement(quoteId),
          UpdateExpression: "ADD #w :v",
          ExpressionAttributeNames: { "#w": what },
          ExpressionAttributeValues: { ":v": new Set([value]) },
        }),
      );
    },

    /** Engagement items of many quotes in one batch, in the order of the ids (null: never opened). */
    async getMany(quoteIds: readonly string[]): Promise<(EngagementItem | null)[]> {
      return (await batchGet(db, quoteIds.map((id) => key.quoteEngagement(id)))).map((i) => (i ? stripKeys<EngagementItem>(i) : null));
    },
  };
}
