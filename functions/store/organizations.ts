import { GetCommand } from "./dynamo";
import type { Activity } from "../core/activity";
import { defaultOrganization, type Organization } from "../core/organization";
import { activityWrite } from "./activities";
import type { Db } from "./client";
import { key, stripKeys } from "./keys";
import { transact, versionedPut } from "./transact";

/** The stored settings over the defaults: an organization that never changed them has no item. */
export const organizationOf = (orgId: string, item: Record<string, unknown> | null | undefined): Organization =>
  item ? { ...defaultOrganization(orgId), ...stripKeys<Organization>(item) } : defaultOrganization(orgId);

export function organizationStore(db: Db) {
  return {
    /** The stored settings, or the defaults for an organization that never changed them. */
    async get(orgId: string): Promise<Organization> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.org(orgId) }));
      return organizationOf(orgId, out.Item);
    },

    /** Throws ConditionFailedError(["organization"]) when someone saved since `prevVersion`. */
    async save(next: Organization, prevVersion: number, activity: Activity): Promise<void> {
      await transact(db, [
        versionedPut(db, "organization", { ...key.org(next.id), _type: "Organization", ...next }, prevVersion === 0 ? null : prevVersion),
        activityWrite(db, activity),
      ]);
    },
  };
}
