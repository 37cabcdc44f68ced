import { GetCommand, QueryCommand } from "./dynamo";
import type { Activity } from "../core/activity";
import type { Organization } from "../core/organization";
import type { User } from "../core/user/model";
import { activityWrite } from "./activities";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { key, partition, stripKeys } from "./keys";
import { organizationOf } from "./organizations";
import { queryAll } from "./query-all";
import { transact } from "./transact";

export function userItem(u: User) {
  return { ...key.user(u.id), gsi1pk: partition.orgUsers(u.orgId), gsi1sk: u.email, _type: "User", ...u };
}

/** Profile fields a person edits; `ownedCount` belongs to the customer writes and is never put here. */
const PROFILE_FIELDS = ["name", "email", "phone", "roles", "managerId", "salesAssistantId", "region", "department", "locale", "active"] as const;

export function userStore(db: Db) {
  return {
    /** One user, by GetItem: every request signs its user in, and DynamoDB answers it faster than a BatchGetItem of one. */
    async get(id: string): Promise<User | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.user(id) }));
      return out.Item ? stripKeys<User>(out.Item) : null;
    },

    /** A user and an organization's settings in one BatchGet: sign-in once the user's organization is known. */
    async getWithOrg(id: string, orgId: string): Promise<{ user: User | null; org: Organization }> {
      const [user, org] = await batchGet(db, [key.user(id), key.org(orgId)]);
      return { user: user ? stripKeys<User>(user) : null, org: organizationOf(orgId, org) };
    },

    async getMany(ids: readonly string[]): Promise<(User | null)[]> {
      const items = await batchGet(db, ids.map(key.user));
      return items.map((i) => (i ? stripKeys<User>(i) : null));
    },

    /** The user of the organization with this address (the directory index is keyed by it). */
    async byEmail(orgId: string, email: string): Promise<string | null> {
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          IndexName: "byOrg",
          KeyConditionExpression: "gsi1pk = :pk AND gsi1sk = :email",
          ExpressionAttributeValues: { ":pk": partition.orgUsers(orgId), ":email": email },
        }),
      );
      return (out.Items?.[0]?.id as string | undefined) ?? null;
    },

    /** Which of these addresses (lower case) belong to a user of the organization: one batch read of their claims. */
    async claimedEmails(orgId: string, emails: readonly string[]): Promise<Set<string>> {
      const claims = await batchGet(db, emails.map((e) => key.email(orgId, e)));
      return new Set(emails.filter((_, i) => claims[i]));
    },

    /** The whole directory of an organization: small (people, not customers), read in one call or few. */
    async listByOrg(orgId: string): Promise<User[]> {
      const items = await queryAll(db, { IndexName: "byOrg", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": partition.orgUsers(orgId) } });
      return items.map((i) => stripKeys<User>(i));
    },

    /** Throws ConditionFailedError(["email"]) when the address is taken. */
    async create(user: User, activity: Activity): Promise<void> {
      await transact(db, [
        { label: "user", item: { Put: { TableName: db.table, Item: userItem(user), ConditionExpression: "attribute_not_exists(pk)" } } },
        {
          label: "email",
          item: {
            Put: {
              TableName: db.table,
              Item: { ...key.email(user.orgId, user.email), _type: "EmailClaim", userId: user.id },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        },
        // The organization's registry entry, for jobs that run per organization.
        { label: "org", item: { Put: { TableName: db.table, Item: { ...key.orgRegistry(user.orgId), _type: "OrgRegistry" } } } },
        activityWrite(db, activity),
      ]);
    },

    /**
     * Writes the profile if the stored version is still `prev.version`. Deactivation also requires
     * that the user holds no customers, checked in the same write so a last-second claim cannot slip by.
     */
    async update(prev: User, next: User, activity: Activity): Promise<void> {
      const deactivating = prev.active && !next.active;
      const sets = PROFILE_FIELDS.map((f) => `#${f} = :${f}`).concat("#updatedAt = :updatedAt", "#version = :version");
      const names = Object.fromEntries([...PROFILE_FIELDS, "updatedAt", "version"].map((f) => [`#${f}`, f]));
      const values: Record<string, unknown> = Object.fromEntries(PROFILE_FIELDS.map((f) => [`:${f}`, next[f]]));
      const emailChanged = prev.email !== next.email;
      await transact(db, [
        {
          label: "user",
          item: {
            Update: {
              TableName: db.table,
              Key: key.user(prev.id),
              UpdateExpression: `SET ${sets.join(", ")}, gsi1sk = :email`,
              ConditionExpression: deactivating ? "#version = :prev AND ownedCount = :zero" : "#version = :prev",
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: {
                ...values,
                ":updatedAt": next.updatedAt,
                ":version": next.version,
                ":prev": prev.version,
                ...(deactivating ? { ":zero": 0 } : {}),
              },
            },
          },
        },
        ...(emailChanged
          ? [
              {
                label: "email",
                item: {
                  Put: {
                    TableName: db.table,
                    Item: { ...key.email(next.orgId, next.email), _type: "EmailClaim", userId: next.id },
                    ConditionExpression: "attribute_not_exists(pk)",
                  },
                },
              },
              { label: "oldEmail", item: { Delete: { TableName: db.table, Key: key.email(prev.orgId, prev.email) } } },
            ]
          : []),
        activityWrite(db, activity),
      ]);
    },
  };
}
