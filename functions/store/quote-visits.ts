import { GetCommand, UpdateCommand } from "./dynamo";
import type { QuoteVisit, VisitKind, VisitSession } from "../core/quote-tracking/model";
import type { Db } from "./client";
import { key, partition, stripKeys } from "./keys";
import { type EngagementDelta, engagementUpdate } from "./quote-engagement";
import { mergedPage, type Page } from "./page";
import { ConditionFailedError, isConditionFailure, type LabeledWrite, transact } from "./transact";

/**
 * Visits to quote view links. Access patterns:
 * | a visit token's live visit (each heartbeat)   | table: pk = QTOKEN#token (useless without the link, which the table does not hold) |
 * | a finished visit its tab moved on from        | table: pk = QVISIT#visitId                                                       |
 * | the session a link's next opening joins       | table: pk = QVIEW#linkHash, sk = LANE#lane → token                               |
 * | a quote's visits of one kind, newest first    | byParent: gsi4pk = QUOTE#id#VISIT#kind, gsi4sk = startedAt#id (live and finished) |
 * The quote's engagement figures are in quote-engagement.ts, staff addresses in staff-ips.ts.
 */

const SESSION_ONLY = ["token", "viewHash", "lane", "pageCount", "markAt", "seq", "alertPageVisits", "alertPageSeconds", "timeZone", "firstBeatAt", "justSentUntil"] as const;

const visitIndex = (v: QuoteVisit) => ({ gsi4pk: partition.quoteVisits(v.quoteId, v.kind), gsi4sk: `${v.startedAt}#${v.id}` });
const sessionItem = (s: VisitSession) => ({ ...key.visitSession(s.token), _type: "VisitSession", ...visitIndex(s), ...s });

export function quoteVisitStore(db: Db) {
  return {
    async session(token: string): Promise<VisitSession | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.visitSession(token), ConsistentRead: true }));
      if (!out.Item) return null;
      const s = stripKeys<VisitSession>(out.Item);
      return { ...s, markAt: s.markAt ?? null, firstBeatAt: s.firstBeatAt ?? null, justSentUntil: s.justSentUntil ?? null };
    },

    /** The token of the session a link's openings in this lane currently join. */
    async lane(viewHash: string, lane: string): Promise<string | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.visitLane(viewHash, lane), ConsistentRead: true }));
      return (out.Item?.token as string | undefined) ?? null;
    },

    /**
     * A new session (and visit) becomes the lane's, counted in the quote's engagement in the same
     * write; false when another opening replaced the lane's session first (join that one instead).
     */
    async start(s: VisitSession, replacing: string | null, count: EngagementDelta): Promise<boolean> {
      try {
        await transact(db, [
          { label: "session", item: { Put: { TableName: db.table, Item: sessionItem(s), ConditionExpression: "attribute_not_exists(pk)" } } },
          {
            label: "lane",
            item: {
              Put: {
                TableName: db.table,
                Item: { ...key.visitLane(s.viewHash, s.lane), _type: "VisitLane", token: s.token },
                ConditionExpression: replacing ? "#t = :prev" : "attribute_not_exists(pk)",
                ExpressionAttributeNames: replacing ? { "#t": "token" } : undefined,
                ExpressionAttributeValues: replacing ? { ":prev": replacing } : undefined,
              },
            },
          },
          { label: "engagement", item: { Update: engagementUpdate(db, s.quoteId, count) } },
        ]);
        return true;
      } catch (error) {
        if (error instanceof ConditionFailedError) return false;
        throw error;
      }
    },

    /** Another opening (a reload, a second tab) joins the session's visit: attention runs from now. */
    async touch(s: VisitSession, at: string): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key.visitSession(s.token),
          UpdateExpression: "SET lastActivityAt = :at, markAt = :at ADD openings :one, seq :one",
          ExpressionAttributeValues: { ":at": at, ":one": 1 },
        }),
      );
    },

    /** Writes what the beat changed, if nobody changed the session since it was read; false otherwise (read again). */
    async beat(prev: VisitSession, next: VisitSession, withWrites: LabeledWrite[] = []): Promise<boolean> {
      const confirmed = next.kind !== prev.kind;
      const firstBeat = next.firstBeatAt && next.firstBeatAt !== prev.firstBeatAt;
      const update = {
        TableName: db.table,
        Key: key.visitSession(prev.token),
        UpdateExpression:
          "SET lastActivityAt = :at, dwellMs = :dwell, pageDwellMs = :pages, pagesSeen = :seen, seq = :next" +
          (confirmed ? ", kind = :kind, reason = :reason, gsi4pk = :gsi" : "") +
          (firstBeat ? ", firstBeatAt = :first" : "") +
          (next.markAt ? ", markAt = :mark" : " REMOVE markAt"),
        ConditionExpression: "seq = :seq",
        ExpressionAttributeValues: {
          ":at": next.lastActivityAt,
          ":dwell": next.dwellMs,
          ":pages": next.pageDwellMs,
          ":seen": next.pagesSeen,
          ":next": next.seq,
          ":seq": prev.seq,
          ...(next.markAt ? { ":mark": next.markAt } : {}),
          ...(firstBeat ? { ":first": next.firstBeatAt } : {}),
          ...(confirmed ? { ":kind": next.kind, ":reason": next.reason, ":gsi": visitIndex(next).gsi4pk } : {}),
        },
      };
      try {
        if (withWrites.length) await transact(db, [{ label: "session", item: { Update: update } }, ...withWrites]);
        else await db.doc.send(new UpdateCommand(update));
        return true;
      } catch (error) {
        if (isConditionFailure(error) || (error instanceof ConditionFailedError && error.failed.includes("session"))) return false;
        throw error;
      }
    },

    /** The tab came back after the visit ended: the finished visit is archived and the session starts the next one. */
    async rollOver(prev: VisitSession, next: VisitSession, withWrites: LabeledWrite[] = []): Promise<boolean> {
      const finished: Record<string, unknown> = { ...prev };
      for (const k of SESSION_ONLY) delete finished[k];
      const { markAt, ...rest } = next;
      try {
        await transact(db, [
          {
            label: "archive",
            item: { Put: { TableName: db.table, Item: { ...key.visitArchive(prev.id), _type: "QuoteVisit", ...visitIndex(prev), ...finished }, ConditionExpression: "attribute_not_exists(pk)" } },
          },
          {
            label: "session",
            item: {
              Put: {
                TableName: db.table,
                Item: sessionItem({ ...rest, ...(markAt ? { markAt } : {}) } as VisitSession),
                ConditionExpression: "seq = :seq",
                ExpressionAttributeValues: { ":seq": prev.seq },
              },
            },
          },
          ...withWrites,
        ]);
        return true;
      } catch (error) {
        if (error instanceof ConditionFailedError) return false;
        throw error;
      }
    },

    /** A quote's visits of one kind, newest first. */
    async visits(quoteId: string, kind: VisitKind, first: number, after: string | null): Promise<Page<QuoteVisit>> {
      const page = await mergedPage(db, { index: "byParent", partitions: [partition.quoteVisits(quoteId, kind)], first, after });
      return {
        ...page,
        items: page.items.map((i) => {
          const v = stripKeys<Record<string, unknown>>(i);
          for (const k of SESSION_ONLY) delete v[k];
          return v as unknown as QuoteVisit;
        }),
      };
    },
  };
}
